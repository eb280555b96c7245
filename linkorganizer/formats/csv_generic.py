"""Any CSV of contacts: columns mapped to contact fields by an alias table, or by the user.

This module also holds what every CSV reader shares (Google, Outlook, the app's own layout): header keys that
ignore a BOM, quotes and case; the dialect of the header line (textio.sniff_dialect); rows checked against the header's
width; spreadsheet neutralisation undone on every cell; rows that name nobody skipped with a reason.

A generic file is read through a *mapping* ``{column index: field}`` with the fields of :data:`CONTACT_FIELDS`.
:func:`guess_mapping` proposes one from the header (English, German and French names, and what people type in
spreadsheets); the GUI shows it for correction and remembers the user's choice under :func:`header_signature`;
the CLI takes ``--map "Column=field,…"`` (:func:`parse_map_option`).
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from linkorganizer.core import fields
from linkorganizer.core import normalize
from linkorganizer.core.records import STAGE_LABELS, ContactRecord, Labeled, RowWarning, Skipped
from linkorganizer.formats.spreadsheet import restore
from linkorganizer.formats.textio import FileReader

MULTI_SEPARATOR = " ::: "  # Google's separator for several values in one cell, also used by our own layout
# Google's (and Outlook-from-Google's) system groups, never tags of the user's own.
SYSTEM_LABELS = frozenset({"mycontacts", "my contacts", "starred"})
NO_IDENTITY = "no name, e-mail, phone or company"
IDENTITY_FIELDS = fields.IDENTITY_FIELDS

# Labels of e-mails, phones, addresses and web addresses are stored in one lower-case spelling whatever the file
# wrote ("Work", "* Work", "WORK", "Business"), so a contact's details read the same from every format.
KNOWN_LABELS = (
    "home",
    "work",
    "mobile",
    "other",
    "main",
    "home fax",
    "work fax",
    "other fax",
    "pager",
    "personal",
    "blog",
    "homepage",
    "profile",
)
LABEL_SYNONYMS = {
    "business": "work",
    "office": "work",
    "cell": "mobile",
    "home page": "homepage",
    "home_page": "homepage",
    "workfax": "work fax",
    "homefax": "home fax",
}


# ------------------------------------------------------------------------------------------------- headers


def header_key(cell: str) -> str:
    """A header cell as compared: no BOM, no surrounding quotes or spaces, one space between words, case-folded."""
    text = cell.replace("\ufeff", "").strip().strip('"').strip()
    text = text.replace("\u2019", "'").replace("\u00a0", " ")
    return " ".join(text.split()).casefold()


def distinct_columns(header: Sequence[str]) -> tuple[list[tuple[int, str, str]], list[str]]:
    """(index, key, cell) of each named column, first occurrence only; and the cells that repeat a name."""
    columns: list[tuple[int, str, str]] = []
    repeated: list[str] = []
    seen: set[str] = set()
    for index, cell in enumerate(header):
        key = header_key(cell)
        if not key:
            continue
        if key in seen:
            repeated.append(cell)
            continue
        seen.add(key)
        columns.append((index, key, cell))
    return columns, repeated


def repeated_column_warnings(line: int, repeated: Sequence[str]) -> list[RowWarning]:
    return [RowWarning(line, f"column “{cell}” appears twice; the second one is ignored") for cell in repeated]


def header_keys(cells: Iterable[str]) -> list[str]:
    """Keys of header cells that may come from a naive split (still quoted, or a whole tab/;-separated line)."""
    keys: list[str] = []
    for cell in cells:
        parts = re.split(r"[\t;,]", cell) if re.search(r"[\t;,]", cell) else [cell]
        keys.extend(header_key(part) for part in parts)
    return [k for k in keys if k]


def extra_key(header: str) -> str:
    """The key under which a column with no field of its own is kept in a contact's ``extra``."""
    text = unicodedata.normalize("NFKD", header_key(header))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]+", "_", text).strip("_") or "column"


def canonical_label(label: str) -> str:
    """``* Work`` → ``work``; labels the app knows are lower-cased, other labels are kept as written."""
    text = label.strip()
    if text.startswith("* "):
        text = text[2:].strip()
    folded = " ".join(text.split()).casefold()
    folded = LABEL_SYNONYMS.get(folded, folded)
    return folded if folded in KNOWN_LABELS else text


def is_primary_label(label: str) -> bool:
    """Google's old format marks the main entry of a kind with a leading ``* `` on its type."""
    return label.strip().startswith("* ")


def split_multi(cell: str) -> list[str]:
    """Several values in one cell, joined by `` ::: ``; blank parts dropped."""
    return [part.strip() for part in cell.split(MULTI_SEPARATOR) if part.strip()]


def split_labels(cell: str) -> list[str]:
    """Google's ``Labels`` / ``Group Membership``: the user's own labels, without ``* myContacts`` and friends."""
    tags = []
    for part in split_multi(cell):
        if part.startswith("*"):
            continue  # system groups: * myContacts, * starred, * My Contacts, * Friends …
        if part.casefold() in SYSTEM_LABELS:
            continue
        tags.append(part)
    return tags


def is_linkedin_profile(url: str) -> bool:
    return normalize.is_linkedin_profile(url)


def has_identity(rec: ContactRecord) -> bool:
    return bool(any(getattr(rec, name).strip() for name in IDENTITY_FIELDS) or rec.emails or rec.phones)


def compose_address(
    street: str = "",
    extended: str = "",
    po_box: str = "",
    city: str = "",
    region: str = "",
    postal_code: str = "",
    country: str = "",
) -> str:
    """One address text from its parts, one line each: street, extra line, PO box, town line, country.

    The town line reads ``City, Region Postal`` when there is a region (as in the US) and ``Postal City``
    otherwise (as in most of Europe).
    """
    if region.strip():
        town = city.strip()
        town = f"{town}, {region.strip()}" if town else region.strip()
        town = f"{town} {postal_code.strip()}".strip()
    else:
        town = f"{postal_code.strip()} {city.strip()}".strip()
    box = po_box.strip()
    if box and not re.match(r"(?i)^(po|p\.o\.|postfach|bp|b\.p\.)\b", box):
        box = f"PO Box {box}"
    lines = [street.strip(), extended.strip(), box, town, country.strip()]
    return "\n".join(line for line in lines if line)


def stage_from_text(text: str) -> str | None:
    """``Keep in touch`` or ``keep_in_touch`` → ``keep_in_touch``; "" for empty; None when unknown."""
    text = text.strip()
    if not text:
        return ""
    folded = text.casefold()
    for key, label in STAGE_LABELS.items():
        if folded in (key, label.casefold(), key.replace("_", " ")):
            return key
    return None


# ------------------------------------------------------------------------------------------------ dates

_DOTTED = re.compile(r"^(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{2}|\d{4})$")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*([AaPp][Mm])?)?$")
NO_YEAR = 1604  # the year Apple and others write for "year unknown"; we write it for Outlook too
EMPTY_DATES = frozenset(
    {"0/0/00", "0/0/0000", "00/00/00", "00/00/0000", "0.0.00", "0.0.0000", "00.00.0000", "00.00.00"}
)


def parse_local_date(text: str, day_first: bool = False) -> str | None:
    """A date as contact programs in various locales write it → ``YYYY-MM-DD`` / ``--MM-DD``.

    Returns "" for an empty value (including Outlook's ``0/0/00``) and None for text that is not a date.
    ``15.04.1985`` is always day first; ``4/15/1985`` is month first (US) unless *day_first* or the first number
    cannot be a month. The year 1604 means "no year" (Apple's convention, which our Outlook export uses too).
    """
    text = text.strip()
    if not text or text in EMPTY_DATES:
        return ""
    day = month = year = None
    if m := _DOTTED.match(text):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    elif m := _SLASHED.match(text):
        a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if day_first or a > 12:
            day, month = a, b
        else:
            month, day = a, b
    if year is not None and day is not None and month is not None:
        if day == 0 or month == 0:
            return ""
        number = int(year)
        if len(year) == 2:
            number += 2000 if number < 70 else 1900
        if number == NO_YEAR:
            return normalize.birthday(f"--{month:02d}-{day:02d}") or None
        return normalize.birthday(f"{number:04d}-{month:02d}-{day:02d}") or None
    return normalize.birthday(text) or None


# ------------------------------------------------------------------------------------------------ reading


class CsvContactReader(FileReader):
    """What every CSV reader of contacts shares; subclasses read the header and turn rows into records."""

    format_name = "csv"

    def _open(self) -> tuple[int, list[str], Iterator[tuple[int, list[str]]]]:
        """(header line, header cells, the remaining rows)."""
        rows = self._file.csv_rows()  # the dialect of the header line, Excel's sep= line left out
        for line, row in rows:
            if any(cell.strip() for cell in row):
                return line, [cell.replace("\ufeff", "").strip() for cell in row], rows
        raise self.error(None, "holds no header row: the file has only blank lines")

    def _body(
        self, rows: Iterator[tuple[int, list[str]]], width: int, header_line: int
    ) -> Iterator[tuple[int, list[str]]]:
        """Data rows, spreadsheet guards removed, padded to the header's width; blank rows left out."""
        seen = 0
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise self.error(
                    line,
                    f"has {len(row)} fields where the header has {width}: "
                    "the file is damaged or a field lost its quotes",
                )
            seen += 1
            cells = [restore(cell) for cell in row[:width]]
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            yield line, cells
        if seen == 0:
            raise self.error(header_line, "has a header but no contacts below it")

    def items(self) -> Iterator[Any]:
        self._row_warnings: list[RowWarning] = []
        header_line, header, rows = self._open()
        yield from self._read_header(header_line, header)
        for line, cells in self._body(rows, len(header), header_line):
            rec = self._record(line, cells)
            yield from self._row_warnings
            self._row_warnings = []
            if not has_identity(rec):
                yield Skipped(line, NO_IDENTITY)
                continue
            yield rec

    # Subclasses provide these two.
    def _read_header(self, line: int, header: list[str]) -> Iterator[Any]:  # pragma: no cover - abstract
        """Understand the header (or raise FormatError); may yield RowWarnings about it."""
        raise NotImplementedError

    def _record(self, line: int, cells: list[str]) -> ContactRecord:  # pragma: no cover - abstract
        raise NotImplementedError

    def warn(self, line: int, message: str) -> None:
        self._row_warnings.append(RowWarning(line, message))

    def birthday_of(self, line: int, text: str, column: str, day_first: bool = False) -> str:
        value = parse_local_date(text, day_first)
        if value is None:
            self.warn(line, f"“{column}” value “{text.strip()}” is not a date; left empty")
            return ""
        return value


# ------------------------------------------------------------------------------------------- the mapping

# The fields come from core.fields; "full_name" (a whole name, split into first and last) and "ignore" are this
# format's own choices.


def _choices() -> tuple[str, ...]:
    keys: list[str] = []
    for spec in fields.mapping_fields():
        keys.append(fields.mapping_key(spec))
        if spec.name == "display_name":
            keys.append("full_name")
    return (*keys, "ignore")


CONTACT_FIELDS: tuple[str, ...] = _choices()
FIELD_LABELS: dict[str, str] = {
    **{fields.mapping_key(spec): spec.mapping_label for spec in fields.mapping_fields()},
    "full_name": "Full name (split into first and last)",
    "ignore": "(ignore this column)",
}
# What a column needs to hold for a row to name someone.
IDENTIFYING = frozenset({fields.mapping_key(f) for f in fields.FIELDS if f.identifies} | {"full_name"})
LIST_FIELDS = {kind: attr for attr, kind in fields.DETAIL_KINDS.items()}

_ALIASES: dict[str, tuple[str, ...]] = {
    **{fields.mapping_key(spec): spec.synonyms for spec in fields.mapping_fields() if spec.synonyms},
    "full_name": (
        "name", "full name", "fullname", "contact", "contact name", "person", "kontakt", "vollständiger name",
        "nom complet", "names", "your name",
    ),
}
# Words in a column name that give the label of an e-mail, phone, address or web address column.
_LABEL_WORDS = {
    "work": "work", "business": "work", "office": "work", "company": "work", "geschäftlich": "work",
    "bureau": "work", "professionnel": "work", "professionnelle": "work", "arbeit": "work", "dienstlich": "work",
    "home": "home", "private": "home", "privat": "home", "domicile": "home", "personal": "home",
    "personnel": "home", "personnelle": "home",
    "mobile": "mobile", "cell": "mobile", "handy": "mobile", "mobil": "mobile", "mobiltelefon": "mobile",
    "portable": "mobile", "whatsapp": "mobile",
    "other": "other", "autre": "other", "weitere": "other", "weiteres": "other",
    "fax": "fax",
}


def _compact(text: str) -> str:
    return "".join(ch for ch in header_key(text) if ch.isalnum())


def _without_digits(text: str) -> str:
    return "".join(ch for ch in text if not ch.isdigit())


ALIASES: dict[str, str] = {}
for _field, _names in _ALIASES.items():
    for _name in _names:
        ALIASES.setdefault(_compact(_name), _field)


def guess_field(column: str) -> str:
    """The contact field a column name suggests, or "ignore"."""
    key = _compact(column)
    if not key:
        return "ignore"
    if key in ALIASES:
        return ALIASES[key]
    bare = _without_digits(key)
    if bare in ALIASES:
        return ALIASES[bare]
    # "Work E-mail 2", "E-Mail 2: Adresse", "Mobile (private)"…: a known kind plus words that only say which one.
    words = re.findall(r"[^\W\d_]+", header_key(column))
    for kind in ("email", "phone", "address", "url"):
        if any(ALIASES.get(_compact(word)) == kind for word in words) and not any(
            w in {"label", "type", "typ", "display", "angezeigter", "nom", "service"} for w in words
        ):
            return kind
    return "ignore"


def guess_mapping(header: Sequence[str]) -> dict[int, str]:
    """``{column index: field}`` for the columns whose names the alias table knows (the rest are left out).

    A single-valued field goes to its first column only; e-mails, phones, addresses, web addresses, tags and
    notes may take several columns.
    """
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, column in enumerate(header):
        field = guess_field(column)
        if field == "ignore":
            continue
        if field in taken and field not in MULTI_COLUMN_FIELDS:
            continue
        taken.add(field)
        mapping[index] = field
    return mapping


MULTI_COLUMN_FIELDS = frozenset({"email", "phone", "address", "url", "tags", "notes"})


def header_signature(header: Sequence[str]) -> str:
    """A stable fingerprint of a header (names normalised, order kept) to remember a user's mapping by."""
    text = "\x1f".join(header_key(cell) for cell in header)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def label_for_column(column: str, field: str) -> str:
    """``Work Phone`` → ``work``, ``Telefon geschäftlich`` → ``work``, ``E-mail`` → ""."""
    if field not in LIST_FIELDS:
        return ""
    words = re.findall(r"[^\W\d_]+", header_key(column))
    found = [_LABEL_WORDS[w] for w in words if w in _LABEL_WORDS]
    if "fax" in found:
        place = next((f for f in found if f in ("work", "home", "other")), "")
        return f"{place} fax".strip() if place else "fax"
    return found[0] if found else ""


def parse_map_option(text: str, header: Sequence[str]) -> dict[int, str]:
    """``"Column=field,Other=field"`` (the CLI's ``--map``) → ``{column index: field}`` for *header*.

    A column is named as in the header (case and spaces ignored) or by its number, counting from 1.
    Raises ValueError naming the columns found or the valid fields when a name is unknown.
    """
    keys = [header_key(cell) for cell in header]
    columns_found = ", ".join(f"“{cell}”" for cell in header if cell.strip()) or "(none)"
    fields = ", ".join(CONTACT_FIELDS)
    mapping: dict[int, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(f"“{part.strip()}” is not of the form Column=field (valid fields: {fields})")
        column, field = part.rsplit("=", 1)
        column, field = column.strip(), field.strip().casefold().replace(" ", "_").replace("-", "_")
        if field not in CONTACT_FIELDS:
            raise ValueError(f"“{field}” is not a contact field; valid fields: {fields}")
        key = header_key(column)
        if key in keys:
            index = keys.index(key)
        elif column.isdigit() and 1 <= int(column) <= len(header):
            index = int(column) - 1
        else:
            raise ValueError(f"the file has no column “{column}”; columns found: {columns_found}")
        mapping[index] = field
    return mapping


def split_full_name(text: str) -> tuple[str, str]:
    """(first, last) from a full name: ``Ann Marie Smith`` → (Ann Marie, Smith), ``Smith, Ann`` → (Ann, Smith),
    ``Ludwig van Beethoven`` → (Ludwig, van Beethoven), ``Bruno Keller, PhD`` → (Bruno, Keller, PhD).
    One word is a first name."""
    text = " ".join(text.split())
    if not text:
        return "", ""
    base, credentials = normalize.split_credentials(text)
    if credentials and "," not in base:
        # "Kwame Boateng, PhD, MBA", "Ana Lima, CFA": the credentials stay with the last name, as below.
        if " " not in base:
            return f"{base}, {credentials}", ""
        first, last = split_full_name(base)
        return first, f"{last}, {credentials}"
    suffix = ""
    if text.count(",") == 1:
        last, first = (p.strip() for p in text.split(","))
        if first.casefold().replace(".", "") in _SUFFIXES:
            text, suffix = last, first  # "Bruno Keller, PhD": the suffix stays with the last name
        elif first and last:
            return first, last
    words = text.split(" ")
    if suffix:
        if len(words) == 1:
            return f"{text}, {suffix}", ""
        first, last = split_full_name(text)
        return first, f"{last}, {suffix}"
    if len(words) == 1:
        return words[0], ""
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].casefold() in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


_PARTICLES = frozenset(
    {"van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "ten", "ter", "zu", "bin", "al"}
    | {"dos", "das", "do", "y"}
)
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "dds", "cpa", "pe", "msc", "bsc"})


def _split_cell(field: str, cell: str) -> list[str]:
    if field == "email":
        parts = [p.strip() for p in re.split(r";|,| ::: |\n", cell) if p.strip()]
        # "Ann Lee <ann@example.com>" → the address only
        return [m.group(1).strip() if (m := re.search(r"<([^<>]+@[^<>]+)>", p)) else p for p in parts]
    if field == "phone":
        return [p.strip() for p in re.split(r";| ::: |\n", cell) if p.strip()]
    if field == "url":
        return [p for p in re.split(r"\s*(?:;| ::: |\s)\s*", cell.strip()) if p]
    if field == "address":
        return split_multi(cell)
    return [cell]


def split_tags(cell: str) -> list[str]:
    parts = re.split(r"\s*(?:;|,| ::: )\s*", cell.strip())
    return [p for p in parts if p and not p.startswith("*") and p.casefold() not in SYSTEM_LABELS]


def preview_rows(path: str | os.PathLike[str], n: int = 5) -> tuple[list[str], list[list[str]]]:
    """(header, the first *n* data rows) of any CSV, for the mapping dialog. Raises FormatError."""
    reader = CsvContactReader(path)
    header_line, header, rows = reader._open()
    body: list[list[str]] = []
    if n <= 0:
        return header, body
    for _line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        cells = [restore(cell) for cell in row]
        body.append(cells + [""] * (len(header) - len(cells)))
        if len(body) >= n:
            break
    return header, body


class MappedCsvReader(CsvContactReader):
    """Any CSV, read through a ``{column index: field}`` mapping (guessed from the header when None)."""

    format_name = "generic-csv"

    def __init__(self, path: str | os.PathLike[str], mapping: dict[int, str] | None = None) -> None:
        super().__init__(path)
        self.mapping = dict(mapping) if mapping is not None else None
        for index, field in (self.mapping or {}).items():
            if field not in CONTACT_FIELDS:
                raise ValueError(f"“{field}” is not a contact field; valid fields: {', '.join(CONTACT_FIELDS)}")
            if index < 0:
                raise ValueError(f"column index {index} is negative")

    @classmethod
    def from_map_option(cls, path: str | os.PathLike[str], text: str) -> MappedCsvReader:
        """The reader the CLI's ``--map "Column=field,…"`` asks for: the named columns as given, the others as
        guessed (``Column=ignore`` drops a guess). Raises ValueError naming the columns or fields that exist."""
        header, _rows = preview_rows(path, 0)
        return cls(path, {**guess_mapping(header), **parse_map_option(text, header)})

    def _read_header(self, line: int, header: list[str]) -> Iterator[Any]:
        mapping = self.mapping if self.mapping is not None else guess_mapping(header)
        self._plan = {i: f for i, f in sorted(mapping.items()) if f != "ignore" and i < len(header)}
        self._header = header
        if not IDENTIFYING & set(self._plan.values()):
            columns = ", ".join(cell for cell in header if cell) or "(none)"
            raise self.error(
                line,
                f"no column could be matched to a contact field; columns found: {columns} — map them with "
                '--map "Column=field,…" (fields: ' + ", ".join(f for f in CONTACT_FIELDS if f != "ignore") + ")",
            )
        return iter(())

    def _record(self, line: int, cells: list[str]) -> ContactRecord:
        rec = ContactRecord(source=self.format_name, line=line)
        full_name = ""
        notes: list[str] = []
        for index, field in self._plan.items():
            cell = cells[index]
            if not cell.strip():
                continue
            column = self._header[index]
            if field in LIST_FIELDS:
                label = label_for_column(column, field)
                for value in _split_cell(field, cell):
                    getattr(rec, LIST_FIELDS[field]).append(Labeled(value.strip(), label))
            elif field == "tags":
                have = {t.casefold() for t in rec.tags}
                for tag in split_tags(cell):
                    if tag.casefold() not in have:
                        have.add(tag.casefold())
                        rec.tags.append(tag)
            elif field == "notes":
                notes.append(cell.strip())
            elif field == "full_name":
                full_name = full_name or cell.strip()
            elif field == "birthday":
                rec.birthday = rec.birthday or self.birthday_of(line, cell, column)
            elif field == "connected_on":
                if rec.connected_on is None:
                    text = cell.strip()
                    day = normalize.parse_date(text)
                    if day is None:
                        local = parse_local_date(text)  # 15.04.2019
                        day = normalize.parse_date(local) if local and not local.startswith("--") else None
                    if day is None:
                        self.warn(line, f"“{column}” value “{text}” is not a date; left empty")
                    rec.connected_on = day
            elif fields.BY_NAME[field].kind == "verbatim":
                old = getattr(rec, field)
                setattr(rec, field, f"{old}\n\n{cell.strip()}" if old else cell.strip())
            elif not getattr(rec, field):
                setattr(rec, field, cell.strip())
        rec.notes = "\n\n".join(notes)
        if full_name and not (rec.first_name or rec.last_name):
            rec.first_name, rec.last_name = split_full_name(full_name)
            if not rec.name_suffix and ", " in rec.last_name:
                # "Bruno Keller, PhD": split_full_name keeps the suffix with the last name; it has a field of its own
                rec.last_name, rec.name_suffix = normalize.split_name_suffix(rec.last_name)
        if rec.profile_url and not re.match(r"(?i)^(https?://)?[\w.-]+\.\w+", rec.profile_url):
            self.warn(line, f"“{rec.profile_url}” is not a web address; kept as a note")
            rec.notes = "\n\n".join(p for p in (rec.notes, rec.profile_url) if p)
            rec.profile_url = ""
        promote_profile(rec)
        return rec


def promote_profile(rec: ContactRecord) -> None:
    """A LinkedIn profile among the web addresses becomes the profile URL when the file gave none."""
    if rec.profile_url:
        return
    for index, url in enumerate(rec.urls):
        if is_linkedin_profile(url.value):
            rec.profile_url = url.value
            del rec.urls[index]
            return
