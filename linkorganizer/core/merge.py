"""Merging two contacts that are one person into one.

The survivor keeps, per field, the value chosen for it (by default the newest non-empty one: the contact changed
last wins, an empty value never wins over a filled one); e-mails, phones, addresses, web addresses, tags and goal
memberships are united without repeats; notes and the two "help" fields are put together, the merged contact's
part under a line saying where it came from. Everything else that points at the merged contact — invitations,
introduction calls, interactions, and any table with a foreign key to ``contact`` (found with
``PRAGMA foreign_key_list``, so tables added later are covered without being named here) — moves to the
survivor; then the merged contact is deleted.

Run inside one operation (``with network.op(...)``): its undo brings both contacts back exactly as they were.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from linkorganizer.core import contacts as core
from linkorganizer.core import normalize
from linkorganizer.core.contacts import ContactDetail, ValidationError
from linkorganizer.core.duplicates import forget_dismissals_of, pair_key, phone_key
from linkorganizer.core.fields import FIELDS, SCALAR_FIELDS
from linkorganizer.core.records import FIELD_KINDS, Labeled
from linkorganizer.db import atomic, current_database
from linkorganizer.db.connection import LOGGED_MODELS
from linkorganizer.db.models import Contact, references, unique_partners, utcnow

JOINED_FIELDS: tuple[str, ...] = ("notes", "help_them", "help_me")
"""Free texts that are put together rather than chosen."""
CHOSEN_FIELDS: tuple[str, ...] = (*(f for f in SCALAR_FIELDS if f not in JOINED_FIELDS), "photo")
"""Fields where one side's value is kept (a radio per field in the merge dialog)."""
LABELS: dict[str, str] = {spec.name: spec.label for spec in FIELDS}
# Handled here, before the generic move: their rows are united (no repeats) rather than moved as they are.
_UNITED_TABLES = frozenset({"contact_field", "contact_tag"})


@dataclass
class MergePreview:
    """What merging *other* into *keep* would give, with the default choices, for the dialog and the CLI."""

    keep: ContactDetail
    other: ContactDetail
    choices: dict[str, int]  # field → id of the contact whose value is kept
    joined: dict[str, str]  # notes fields as they will read
    fields: dict[str, list[Labeled]]  # e-mails, phones … united
    tags: list[str]
    groups: list[str]

    def value(self, name: str, contact_id: int) -> Any:
        detail = self.keep if contact_id == self.keep.id else self.other
        return _value(detail, name)

    @property
    def differing(self) -> list[str]:
        """The chosen fields whose values differ (the others need no choice)."""
        return [n for n in CHOSEN_FIELDS if _value(self.keep, n) != _value(self.other, n)]


@dataclass
class MergeResult:
    survivor: int
    merged: list[int]
    moved: dict[str, int] = field(default_factory=dict)  # rows moved to the survivor, per table


def _value(detail: ContactDetail, name: str) -> Any:
    if name == "photo":
        return detail.photo
    value = detail.values.get(name)
    return "" if value is None else value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == b""


def _load(contact_id: int) -> ContactDetail:
    detail = core.get_contact(contact_id)
    if detail is None:
        raise LookupError(f"there is no contact {contact_id}")
    return detail


def default_choices(details: Sequence[ContactDetail]) -> dict[str, int]:
    """Per chosen field: the contact whose value is kept — the most recently changed one with a value (the first
    of *details*, the survivor, when none has one)."""
    # A stable sort: on equal times the survivor (first) wins.
    newest_first = sorted(details, key=lambda d: normalize.moment(d.updated_at) or _dt.datetime.min, reverse=True)
    out: dict[str, int] = {}
    for name in CHOSEN_FIELDS:
        filled = next((d for d in newest_first if not _empty(_value(d, name))), None)
        out[name] = (filled or details[0]).id
    return out


def _detail_key(kind: str, value: str, region: str | None) -> str:
    text = value.strip()
    if kind == "email":
        return text.casefold()
    if kind == "phone":
        return phone_key(text, region) or text
    if kind == "url":
        return normalize.profile_url(text).casefold()
    return " ".join(text.casefold().split())


def united_fields(details: Sequence[ContactDetail], region: str | None = None) -> dict[str, list[Labeled]]:
    """E-mails, phones, addresses and web addresses of all *details*, the survivor's first, without repeats."""
    out: dict[str, list[Labeled]] = {}
    for kind in FIELD_KINDS:
        seen: set[str] = set()
        items: list[Labeled] = []
        for detail in details:
            for item in detail.fields.get(kind, []):
                key = _detail_key(kind, item.value, region)
                if key and key not in seen:
                    seen.add(key)
                    items.append(Labeled(item.value, item.label))
        out[kind] = items
    return out


def join_text(texts: Sequence[tuple[str, str]]) -> str:
    """The survivor's text, then each merged contact's under "— from the merged contact NAME:" (a text that is
    already contained is not repeated)."""
    out = ""
    for index, (name, text) in enumerate(texts):
        text = text.strip("\n")
        if not text.strip() or text.strip() in out:
            continue
        if not out:
            out = text if index == 0 else f"— from the merged contact {name}:\n{text}"
        else:
            out = f"{out}\n\n— from the merged contact {name}:\n{text}"
    return out


def _web_addresses(
    details: Sequence[ContactDetail], urls: list[Labeled], kept_profile: str, region: str | None
) -> list[Labeled]:
    """The web addresses: a profile URL that does not stay the survivor's is kept among them, and the one that
    stays is not repeated there."""
    kept = normalize.profile_url(kept_profile).casefold()
    out = list(urls)
    known = {_detail_key("url", i.value, region) for i in out}
    for detail in details:
        url = str(detail.values.get("profile_url") or "")
        key = _detail_key("url", url, region) if url else ""
        if key and key != kept and key not in known:
            out.append(Labeled(url, "LinkedIn" if normalize.is_linkedin_profile(url) else ""))
            known.add(key)
    return [i for i in out if _detail_key("url", i.value, region) != kept]


def preview(keep_id: int, other_id: int, region: str | None = None) -> MergePreview:
    keep, other = _check_pair(keep_id, other_id)
    details = [keep, other]
    choices = default_choices(details)
    fields = united_fields(details, region)
    profile = _value(keep if choices["profile_url"] == keep.id else other, "profile_url")
    fields["url"] = _web_addresses(details, fields["url"], str(profile or ""), region)
    return MergePreview(
        keep=keep,
        other=other,
        choices=choices,
        joined={n: join_text([(d.full_name, str(d.values.get(n) or "")) for d in details]) for n in JOINED_FIELDS},
        fields=fields,
        tags=sorted({t for d in details for t in d.tags}, key=str.casefold),
        groups=list(dict.fromkeys(g for d in details for g in d.groups)),
    )


def _check_pair(keep_id: int, other_id: int) -> tuple[ContactDetail, ContactDetail]:
    if keep_id == other_id:
        raise ValidationError(f"Contact {keep_id} cannot be merged with itself.")
    return _load(keep_id), _load(other_id)


def _contact_references(db: Any) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to ``contact`` in the tables whose changes are undoable."""
    logged = [model._meta.table_name for model in LOGGED_MODELS]
    return [(table, column) for table, column, parent, _ in references(logged) if parent == "contact"]


def merge_contacts(
    keep_id: int, other_ids: int | Iterable[int], choices: Mapping[str, int] | None = None, region: str | None = None
) -> MergeResult:
    """Merge *other_ids* (one id or several) into *keep_id*; see the module's docstring. *choices* maps a field to
    the id of the contact whose value the survivor keeps (missing fields: the default). Raises LookupError for an
    unknown id, ValidationError for a contact given twice."""
    others = [other_ids] if isinstance(other_ids, int) else list(dict.fromkeys(other_ids))
    if not others:
        raise ValidationError("Merging needs a second contact.")
    for other in others:
        if other == keep_id:
            raise ValidationError(f"Contact {keep_id} cannot be merged with itself.")
    db = current_database()
    with atomic():
        keep = _load(keep_id)
        merged = [_load(other) for other in others]
        details = [keep, *merged]
        by_id = {d.id: d for d in details}
        chosen = default_choices(details)
        for name, contact_id in (choices or {}).items():
            if name not in CHOSEN_FIELDS:
                raise ValidationError(f"Unknown contact field {name!r}.")
            if contact_id not in by_id:
                raise ValidationError(f"Contact {contact_id} is not one of the contacts being merged.")
            chosen[name] = contact_id
        values: dict[str, Any] = {n: _value(by_id[chosen[n]], n) for n in CHOSEN_FIELDS}
        photo = values.pop("photo") or None
        for name in JOINED_FIELDS:
            values[name] = join_text([(d.full_name, str(d.values.get(name) or "")) for d in details])

        fields = united_fields(details, region)
        fields["url"] = _web_addresses(details, fields["url"], str(values.get("profile_url") or ""), region)

        # The profile URL is unique: the merged contacts let go of theirs before the survivor takes one.
        Contact.update(profile_url=None).where(Contact.id.in_(others)).execute()
        result = MergeResult(keep_id, others)
        for table, column in _contact_references(db):
            if table in _UNITED_TABLES:
                continue
            # A row the survivor has already (the same goal group) stays with the merged contact and goes with
            # it: one merged contact at a time, so two of them in one group give the survivor one membership.
            partners = unique_partners(table, column)
            same = " AND ".join(f'twin."{p}" = "{table}"."{p}"' for p in partners)
            guard = f' AND NOT EXISTS (SELECT 1 FROM "{table}" twin WHERE twin."{column}" = ? AND {same})' if partners else ""
            for other in others:
                params = (keep_id, other, keep_id) if partners else (keep_id, other)
                cursor = db.execute_sql(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?{guard}', params)
                if cursor.rowcount:
                    result.moved[table] = result.moved.get(table, 0) + cursor.rowcount
        for tag in {t for d in merged for t in d.tags} - set(keep.tags):
            core.add_tag([keep_id], tag)
        extra: dict[str, Any] = {}
        for detail in reversed(details):  # the survivor's own extra values win
            extra.update(detail.extra)
        Contact.delete().where(Contact.id.in_(others)).execute()
        for kind, items in fields.items():
            if items != keep.fields.get(kind, []):
                core.set_contact_fields(keep_id, kind, items)
        core.update_contact(keep_id, values)
        created = min((d.created_at for d in details if d.created_at is not None), default=None)
        Contact.update(
            photo=photo, extra=stored_json_text(extra), created_at=created or keep.created_at, updated_at=utcnow()
        ).where(Contact.id == keep_id).execute()
        for other in others:
            forget_dismissals_of(keep_id, other)
    return result


def stored_json_text(extra: Mapping[str, Any]) -> str:
    return json.dumps(dict(extra), ensure_ascii=False, sort_keys=True) if extra else "{}"


def merge_exact(pairs: Iterable[tuple[int, int]]) -> list[MergeResult]:
    """Merge every group of contacts the *pairs* join (A=B and B=C: one person) into its oldest contact, each
    field by the default rule. For "Merge all exact matches"."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    results = []
    with atomic():
        for survivor, members in sorted(groups.items()):
            others = sorted(m for m in members if m != survivor)
            if others:
                results.append(merge_contacts(survivor, others))
    return results


def merge_title(keep_name: str, other_name: str) -> str:
    return f"Merge {other_name or 'a contact'} into {keep_name or 'a contact'}"


__all__ = [
    "CHOSEN_FIELDS",
    "JOINED_FIELDS",
    "LABELS",
    "MergePreview",
    "MergeResult",
    "default_choices",
    "join_text",
    "merge_contacts",
    "merge_exact",
    "merge_title",
    "pair_key",
    "preview",
    "united_fields",
]
