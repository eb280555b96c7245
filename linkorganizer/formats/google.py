"""Google Contacts CSV, both the current format and the old "Google CSV" (up to 2023); and the export to it.

Facts the reader relies on (reference/formats.md §4): a fixed prefix of columns, then numbered groups whose count
depends on the data (``E-mail 3 - Value`` exists only if someone has three e-mails); several values of one kind
may share a cell, joined by `` ::: ``; ``Labels`` (old: ``Group Membership``) holds the contact's labels, the
system ones starting with ``* ``; ``Address N - Formatted`` is a multi-line quoted field; the old format was
written as UTF-16 LE with a BOM (often tab-separated), and marks the main entry of a kind with a ``* `` before
its type. Columns are always found by name, never by position.

Kept: names (the name suffix included), organisation (the department in ``extra["department"]``), e-mails, phones, addresses, web
addresses (a LinkedIn profile among them becomes the profile URL), birthday (year-less stays year-less), notes,
labels → tags. Everything else with a value (nickname, name prefix, phonetic names, events, custom
fields, relations …) goes into the contact's ``extra``, from where the export writes it back.

The export writes Google's current import format. What Google has no column for (display name, location,
stage, connected-on date, how I can help, how they can help, keep-in-touch days, goal groups) travels in
``Custom Field N`` pairs labelled ``LinkOrganizer …``, which this reader turns back into those fields.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from linkorganizer.core import normalize
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.fields import BY_NAME, FIELDS
from linkorganizer.core.records import STAGE_LABELS, STAGES, ContactRecord, Labeled
from linkorganizer.formats.csv_generic import (
    MULTI_SEPARATOR,
    CsvContactReader,
    distinct_columns,
    repeated_column_warnings,
    canonical_label,
    compose_address,
    extra_key,
    header_key,
    header_keys,
    is_linkedin_profile,
    is_primary_label,
    split_labels,
    split_multi,
    stage_from_text,
)
from linkorganizer.formats.spreadsheet import neutralise
from linkorganizer.formats.textio import Head, atomic_write

FORMAT_NAME = "google"
EXPORT_CHUNK = 1000

# The current format's fixed prefix, in Google's order (the export writes exactly these).
PREFIX = (
    "First Name",
    "Middle Name",
    "Last Name",
    "Phonetic First Name",
    "Phonetic Middle Name",
    "Phonetic Last Name",
    "Name Prefix",
    "Name Suffix",
    "Nickname",
    "File As",
    "Organization Name",
    "Organization Title",
    "Organization Department",
    "Birthday",
    "Notes",
    "Photo",
    "Labels",
)
ADDRESS_PARTS = ("Formatted", "Street", "City", "PO Box", "Region", "Postal Code", "Country", "Extended Address")

# Single columns with a field of their own (both formats). Anything else with a value goes to ``extra``.
# The contact's own fields, from core.fields, then the columns this format keeps in ``extra`` or reads as tags.
FIXED: dict[str, str] = {
    **{header_key(column): spec.name for spec in FIELDS if spec.scalar for column in spec.google},
    "name": "name",
    "organization department": "extra:department",
    "labels": "tags",
    "group membership": "tags",
    "photo": "extra:photo_url",
}
# Numbered groups: "<Kind> N - <Part>".
GROUP = re.compile(r"^(.+?) (\d+) - (.+)$")
GROUP_KINDS = {
    "e-mail": "email",
    "email": "email",
    "phone": "phone",
    "address": "address",
    "website": "url",
    "organization": "organization",
    "event": "events",
    "custom field": "custom_fields",
    "relation": "relations",
}
LIST_ATTRS = {"email": "emails", "phone": "phones", "address": "addresses", "url": "urls"}

# Fields Google has no column for, carried in custom fields of these labels.
OWN_CUSTOM_FIELDS = tuple((spec.name, spec.google_custom) for spec in FIELDS if spec.google_custom)
_OWN_BY_LABEL = {header_key(label): name for name, label in OWN_CUSTOM_FIELDS}
# How Google spells the labels the app stores in lower case.
GOOGLE_LABELS = {
    "home": "Home",
    "work": "Work",
    "mobile": "Mobile",
    "other": "Other",
    "main": "Main",
    "home fax": "Home Fax",
    "work fax": "Work Fax",
    "other fax": "Other Fax",
    "pager": "Pager",
    "personal": "Personal",
    "blog": "Blog",
    "homepage": "Home Page",
    "profile": "Profile",
}
PROFILE_LABELS = frozenset({"profile", "linkedin"})


def looks_like_google(header_cells: list[str]) -> bool:
    """Whether a first row is a Google Contacts CSV header, current or old format."""
    keys = set(header_keys(header_cells))
    if {"display name", "profile url", "stage"} <= keys:
        return False  # the app's own layout also has "First Name" and "E-mail 1 - Value"
    current = "first name" in keys and bool(
        keys & {"labels", "organization name", "file as", "phonetic first name", "organization title"}
    )
    old = {"given name", "family name"} <= keys and bool(
        "group membership" in keys or "name" in keys or any(GROUP.match(k) for k in keys)
    )
    return current or old


class GoogleCsvReader(CsvContactReader):
    """Streams the contacts of a Google Contacts CSV (either format) as records, skipped rows and warnings."""

    format_name = FORMAT_NAME

    def _read_header(self, line: int, header: list[str]) -> Iterator[Any]:
        if not looks_like_google(header):
            raise self.error(
                line,
                "is not a Google Contacts export: the header has neither “First Name” with “Labels” or "
                "“Organization Name” (current format) nor “Given Name” and “Family Name” (old format)",
            )
        self._header = header
        self._fixed: list[tuple[int, str]] = []
        self._extra_columns: list[tuple[int, str]] = []
        # (kind, number) → {part: column index}, in the order the file has them
        self._groups: dict[tuple[str, int], dict[str, int]] = {}
        columns, repeated = distinct_columns(header)
        yield from repeated_column_warnings(line, repeated)
        for index, key, cell in columns:
            if key in FIXED:
                self._fixed.append((index, FIXED[key]))
            elif m := GROUP.match(key):
                kind = GROUP_KINDS.get(m.group(1), extra_key(m.group(1)) + "s")
                part = m.group(3)
                part = "label" if part in ("label", "type") else extra_key(part)
                self._groups.setdefault((kind, int(m.group(2))), {})[part] = index
            else:
                self._extra_columns.append((index, extra_key(cell)))

    def _record(self, line: int, cells: list[str]) -> ContactRecord:
        rec = ContactRecord(source=self.format_name, line=line)
        name = ""
        for index, target in self._fixed:
            cell = cells[index]
            if target == "notes":
                rec.notes = rec.notes or cell  # as written: spaces and line breaks are part of a note
                continue
            if not cell.strip():
                continue
            if target == "name":
                name = cell.strip()
            elif target == "tags":
                rec.tags.extend(split_labels(cell))
            elif target == "birthday":
                rec.birthday = self.birthday_of(line, cell, self._header[index])
            elif target.startswith("extra:"):
                rec.extra[target[6:]] = cell.strip()
            else:
                setattr(rec, target, cell.strip())
        for index, key in self._extra_columns:
            if cells[index].strip():
                rec.extra.setdefault(key, cells[index].strip())
        parts = (rec.first_name, rec.middle_name, rec.last_name)
        if name and name not in (normalize.compose_name(*parts), normalize.compose_name(*parts, rec.name_suffix)):
            rec.display_name = name  # old format: a "Name" that says more than the parts
        lists: dict[str, list[tuple[bool, Labeled]]] = {kind: [] for kind in LIST_ATTRS}
        organizations: list[dict[str, str]] = []
        for (kind, _number), parts in sorted(self._groups.items(), key=lambda item: item[0][1]):
            values = {part: cells[index] for part, index in parts.items()}
            if not any(v.strip() for v in values.values()):
                continue
            if kind in LIST_ATTRS:
                lists[kind].extend(self._entries(kind, values))
            elif kind == "organization":
                organizations.append({k: v.strip() for k, v in values.items() if v.strip()})
            elif kind == "custom_fields":
                self._custom_field(line, rec, values)
            else:
                entry = {k: (canonical_label(v) if k == "label" else v.strip()) for k, v in values.items() if v.strip()}
                rec.extra.setdefault(kind, []).append(entry)
        for kind, entries in lists.items():
            # The entry marked primary ("* Work") comes first; otherwise the file's order is kept.
            entries.sort(key=lambda item: not item[0])
            getattr(rec, LIST_ATTRS[kind]).extend(item for _, item in entries)
        self._organizations(rec, organizations)
        self._profile(rec)
        return rec

    @staticmethod
    def _entries(kind: str, values: dict[str, str]) -> list[tuple[bool, Labeled]]:
        label_cell = values.get("label", "")
        if kind == "address" and not values.get("formatted", "").strip():
            # No formatted text: compose one per value from the parts (each part may hold several, too).
            parts = {k: v.split(MULTI_SEPARATOR) for k, v in values.items() if k not in ("label", "formatted")}
            count = max((len(v) for v in parts.values()), default=0)
            texts = []
            for i in range(count):
                piece = {k: (v[i] if i < len(v) else "") for k, v in parts.items()}
                texts.append(
                    compose_address(
                        street=piece.get("street", ""),
                        extended=piece.get("extended_address", ""),
                        po_box=piece.get("po_box", ""),
                        city=piece.get("city", ""),
                        region=piece.get("region", ""),
                        postal_code=piece.get("postal_code", ""),
                        country=piece.get("country", ""),
                    )
                )
            texts = [t for t in texts if t]
        else:
            texts = split_multi(values.get("formatted" if kind == "address" else "value", ""))
        labels = [part for part in label_cell.split(MULTI_SEPARATOR)]
        out = []
        for i, text in enumerate(texts):
            raw_label = labels[i] if len(labels) == len(texts) else label_cell
            out.append((is_primary_label(raw_label), Labeled(text, canonical_label(raw_label))))
        return out

    def _custom_field(self, line: int, rec: ContactRecord, values: dict[str, str]) -> None:
        label = values.get("label", "").strip()
        value = values.get("value", "")
        own = _OWN_BY_LABEL.get(header_key(label))
        if own is None:
            if label or value.strip():
                rec.extra.setdefault("custom_fields", []).append({"label": label, "value": value.strip()})
            return
        kind = BY_NAME[own].kind
        if kind in ("text", "verbatim"):
            setattr(rec, own, value if kind == "verbatim" else value.strip())
        elif kind == "names":
            getattr(rec, own).extend(split_multi(value))
        elif kind == "stage":
            stage = stage_from_text(value)
            if stage is None:
                self.warn(line, f"stage “{value.strip()}” is not one of {', '.join(STAGE_LABELS.values())}; ignored")
            else:
                rec.stage = stage
        elif kind == "date":
            setattr(rec, own, normalize.parse_date(value))
            if getattr(rec, own) is None and value.strip():
                self.warn(line, f"“{label}” value “{value.strip()}” is not a date; left empty")
        elif kind == "days":
            text = value.strip()
            if text.isdigit() and 1 <= int(text) <= 3650:
                setattr(rec, own, int(text))
            elif text:
                self.warn(line, f"“{label}” value “{text}” is not a number of days; ignored")

    @staticmethod
    def _organizations(rec: ContactRecord, organizations: list[dict[str, str]]) -> None:
        if not organizations:
            return
        main: dict[str, str] | None = next(
            (o for o in organizations if is_primary_label(o.get("label", ""))), organizations[0]
        )
        if main is not None and not rec.company and not rec.position:
            rec.company = main.get("name", "")
            rec.position = main.get("title", "")
            if main.get("department"):
                rec.extra.setdefault("department", main["department"])
        else:
            main = None  # the current format's fixed columns already said it
        others = [o for o in organizations if o is not main]
        if others:
            rec.extra["other_organizations"] = others

    @staticmethod
    def _profile(rec: ContactRecord) -> None:
        """The first web address labelled as a profile, or the first LinkedIn profile, becomes the profile URL."""
        if rec.profile_url:
            return
        chosen = next((i for i, u in enumerate(rec.urls) if u.label.casefold() in PROFILE_LABELS), None)
        if chosen is None:
            chosen = next((i for i, u in enumerate(rec.urls) if is_linkedin_profile(u.value)), None)
        if chosen is not None:
            rec.profile_url = rec.urls.pop(chosen).value


# ----------------------------------------------------------------------------------------------- export


def _as_is(cell: str) -> str:
    return cell


def _google_label(label: str) -> str:
    return GOOGLE_LABELS.get(label, label)


def _own_custom_values(detail: ContactDetail) -> list[tuple[str, str]]:
    values = detail.values
    out = []
    for name, label in OWN_CUSTOM_FIELDS:
        kind = BY_NAME[name].kind
        if kind == "names":
            text = MULTI_SEPARATOR.join(getattr(detail, name))
        elif kind == "stage":
            text = STAGE_LABELS.get(values[name], values[name] or "") if values[name] in STAGES else ""
        elif kind == "date":
            text = values[name].isoformat() if isinstance(values[name], _dt.date) else ""
        elif kind == "days":
            text = str(values[name]) if values[name] else ""
        else:
            text = values[name] or ""
        if text.strip() if kind != "verbatim" else text:
            out.append((label, text))
    return out


def _extra_text(detail: ContactDetail, key: str) -> str:
    value = detail.extra.get(key)
    return value if isinstance(value, str) else ""


def _extra_pairs(detail: ContactDetail, key: str) -> list[tuple[str, str]]:
    items = detail.extra.get(key)
    if not isinstance(items, list):
        return []
    return [
        (_google_label(str(item.get("label", ""))), str(item.get("value", "")))
        for item in items
        if isinstance(item, dict) and (item.get("label") or item.get("value"))
    ]


def _entries(detail: ContactDetail) -> dict[str, list[tuple[str, str]]]:
    """Every numbered group of one contact as (label, value) pairs, in Google's label spelling."""
    websites = []
    profile = detail.values["profile_url"]
    if profile:
        websites.append(("LinkedIn" if is_linkedin_profile(profile) else "Profile", profile))
    websites += [(_google_label(u.label), u.value) for u in detail.fields["url"]]
    return {
        "E-mail": [(_google_label(e.label), e.value) for e in detail.fields["email"]],
        "Phone": [(_google_label(p.label), p.value) for p in detail.fields["phone"]],
        "Address": [(_google_label(a.label), a.value) for a in detail.fields["address"]],
        "Website": websites,
        "Event": _extra_pairs(detail, "events"),
        "Relation": _extra_pairs(detail, "relations"),
        "Custom Field": _own_custom_values(detail) + _extra_pairs(detail, "custom_fields"),
    }


GROUP_ORDER = ("E-mail", "Phone", "Address", "Website", "Event", "Relation", "Custom Field")


def google_header(counts: dict[str, int]) -> list[str]:
    columns = list(PREFIX)
    for group in GROUP_ORDER:
        for n in range(1, counts.get(group, 0) + 1):
            columns.append(f"{group} {n} - Label")
            if group == "Address":
                columns += [f"{group} {n} - {part}" for part in ADDRESS_PARTS]
            else:
                columns.append(f"{group} {n} - Value")
    return columns


def google_row(detail: ContactDetail, counts: dict[str, int]) -> list[str]:
    values = detail.values
    prefix = {
        # A field's own column; a contact imported before the field existed may still hold it in extra.
        **{
            spec.google[0]: values[spec.name] or _extra_text(detail, extra_key(spec.google[0]))
            for spec in FIELDS
            if spec.scalar and spec.google and spec.google[0] in PREFIX
        },
        "Organization Department": _extra_text(detail, "department"),
        "Photo": _extra_text(detail, "photo_url"),
        "Labels": MULTI_SEPARATOR.join(detail.tags),
    }
    cells = [prefix[c] if c in prefix else _extra_text(detail, extra_key(c)) for c in PREFIX]
    entries = _entries(detail)
    for group in GROUP_ORDER:
        items = entries[group]
        width = 1 + (len(ADDRESS_PARTS) if group == "Address" else 1)
        for n in range(counts.get(group, 0)):
            if n < len(items):
                label, value = items[n]
                cells += [label, value] + [""] * (width - 2)
            else:
                cells += [""] * width
    return [c or "" for c in cells]


def write_google_csv(
    path: str | os.PathLike[str],
    contact_ids: Sequence[int],
    excel_bom: bool = False,
    spreadsheet_safe: bool = True,
) -> int:
    """Write the contacts in Google Contacts' import format (RFC 4180, CRLF); return the count.

    The header has as many numbered groups as the contact with the most entries needs. With *spreadsheet_safe*
    (the default) a cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP); our own
    readers take it off again, but Google's importer may keep it (``'+1 555 0100``), hence the option.
    """
    guard = neutralise if spreadsheet_safe else _as_is
    ids = list(contact_ids)
    counts = {group: 0 for group in GROUP_ORDER}
    for start in range(0, len(ids), EXPORT_CHUNK):
        for detail in get_contacts(ids[start : start + EXPORT_CHUNK]):
            for group, items in _entries(detail).items():
                counts[group] = max(counts[group], len(items))
    with atomic_write(path, encoding="utf-8-sig" if excel_bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(google_header(counts))
        for start in range(0, len(ids), EXPORT_CHUNK):
            for detail in get_contacts(ids[start : start + EXPORT_CHUNK]):
                writer.writerow([guard(cell) for cell in google_row(detail, counts)])
    return len(ids)


# Format detection: a score for how much of the header this format knows (0: not this format).
def sniff_google(head: Head) -> int:
    """The number of header columns Google's layout has (fixed or numbered groups); 0 when it is not Google's."""
    header = head.header
    if not looks_like_google(header):
        return 0
    return sum(1 for key in header_keys(header) if key in FIXED or GROUP.match(key))
