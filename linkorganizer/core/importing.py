"""Applying what a reader produced to the database: matching, merging, one transaction, a report.

Readers (in ``linkorganizer.formats``) stream records; :class:`Importer` consumes them in chunks so a file of any
size needs memory for one chunk only. Matching an incoming contact to an existing one: normalised profile URL,
else an e-mail address, else the same first name, last name and company — but never two different profile URLs:
namesakes at one company are common, and they are different people. Non-empty values from the file
overwrite; empty ones never erase what the user has. Notes are appended, never replaced.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import operator
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from linkorganizer.core import fields as spec
from linkorganizer.core import job_changes
from linkorganizer.core import normalize
from linkorganizer.core.records import (
    stored_json,
    STAGES,
    ContactRecord,
    ContactsComplete,
    FormatError,
    GroupRecord,
    ImportCancelled,
    InteractionRecord,
    IntroductionRecord,
    InvitationRecord,
    PartStart,
    RowWarning,
    SettingRecord,
    Skipped,
    TagRecord,
)
from linkorganizer.db import current_database
from linkorganizer.db.models import Contact, utcnow

CHUNK_SIZE = 500
NEW_NAMES_SHOWN = 500
# The columns of a new contact's row, in the order _contact_row() gives them: its own scalar fields (core.fields),
# then what the importer derives or carries over as a whole.
INSERT_COLUMNS = (
    "id", *spec.SCALAR_FIELDS, "full_name", "sort_name", "photo", "extra", "created_at", "updated_at", "deleted_at"
)
# A matched contact takes the file's value for these when the file has one …
OVERWRITE_FIELDS = spec.OVERWRITE_FIELDS
# … and adds the file's text to these when it is not there yet.
APPEND_FIELDS = spec.APPEND_FIELDS
FIELD_LISTS = {"email": "emails", "phone": "phones", "address": "addresses", "url": "urls"}
JOB_FIELDS = ("company", "position")


class ImportSource(Protocol):
    """What a reader gives the importer."""

    format_name: str
    display_name: str

    def items(self) -> Iterator[Any]: ...

    def fraction(self) -> float: ...


@dataclass(slots=True)
class ContactChange:
    contact_id: int
    name: str
    changes: dict[str, tuple[Any, Any]]

    @property
    def is_job_change(self) -> bool:
        return any(name in self.changes for name in JOB_FIELDS)

    def describe(self) -> str:
        if self.is_job_change:
            old_company, new_company = self.changes.get("company", (None, None))
            old_position, new_position = self.changes.get("position", (None, None))
            before = " at ".join(str(v) for v in (old_position, old_company) if v)
            after = " at ".join(str(v) for v in (new_position, new_company) if v)
            return f"{self.name}: {before or '—'} → {after or '—'}"
        return f"{self.name}: " + ", ".join(_label(name) for name in self.changes)


def _brief(value: Any) -> str:
    text = "—" if value in (None, "") else str(value).replace("\n", " ")
    return text if len(text) <= 40 else text[:39] + "…"


def _label(field_name: str) -> str:
    return field_name.replace("_", " ")


LISTED = 1000  # skipped lines and warnings an import report keeps one by one


@dataclass(slots=True)
class PartCounts:
    """What one part of a file of several parts (a member of LinkedIn's data archive) adds."""

    what: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invitations: int = 0  # added or updated
    interactions: int = 0
    skipped: int = 0
    warnings: int = 0

    def describe(self) -> str:
        counts = [
            (self.created, "new", "new"), (self.updated, "updated", "updated"),
            (self.unchanged, "unchanged", "unchanged"), (self.invitations, "invitation", "invitations"),
            (self.interactions, "interaction", "interactions"), (self.skipped, "skipped", "skipped"),
            (self.warnings, "warning", "warnings"),
        ]  # fmt: skip
        return ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n) or "nothing"


def _count(n: int, noun: str) -> str:
    """"1 job change", "3 job changes" (English nouns with a plain plural)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


@dataclass(slots=True)
class FutureDateWarning(RowWarning):
    """A date in the file that lies after today: imported as written, but likely a typo or a misread day/month."""


@dataclass
class ImportReport:
    path: str
    format_name: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    in_trash: int = 0
    # The first LISTED of each are kept (a million broken lines must not fill the memory); the counts are whole.
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)
    skipped_count: int = 0
    warning_count: int = 0
    changes: list[ContactChange] = field(default_factory=list)
    new_names: list[str] = field(default_factory=list)  # the first NEW_NAMES_SHOWN, for a preview
    new_roles: list[tuple[str, str]] = field(default_factory=list)  # their (position, company): namesakes apart
    groups_created: int = 0
    invitations_created: int = 0
    invitations_updated: int = 0
    introductions_created: int = 0
    interactions_created: int = 0
    batch_id: int | None = None
    op_id: int | None = None  # the operation the import was (undo takes it back whole)
    op_changes: Any = None  # what that operation changed (core.network.Changes), for the views
    # A file of several parts (PartStart records): what each adds, in the file's order; the part being read.
    parts: dict[str, PartCounts] = field(default_factory=dict)
    part: str = ""

    def skip(self, item: Skipped) -> None:
        self.skipped_count += 1
        if self.part:
            item.reason = f"{self.part}: {item.reason}"
            self.parts[self.part].skipped += 1
        if len(self.skipped) < LISTED:
            self.skipped.append(item)

    def warn(self, item: RowWarning) -> None:
        self.warning_count += 1
        if self.part:
            item.message = f"{self.part}: {item.message}"
            self.parts[self.part].warnings += 1
        if len(self.warnings) < LISTED:
            self.warnings.append(item)

    @property
    def job_changes(self) -> list[ContactChange]:
        return [c for c in self.changes if c.is_job_change]

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary_lines(self, limit: int = 10) -> list[str]:
        """A one-screen report (English, for the CLI: "1 job change", "3 job changes")."""
        verb = "Would import" if self.dry_run else "Imported"
        lines = [
            f"{verb} {self.path} ({self.format_name}):",
            f"  {self.created} new, {self.updated} updated, {self.unchanged} unchanged, {self.skipped_count} skipped",
        ]
        extras = [
            (self.groups_created, "goal group created", "goal groups created"),
            (self.invitations_created, "invitation added", "invitations added"),
            (self.invitations_updated, "invitation updated", "invitations updated"),
            (self.introductions_created, "introduction added", "introductions added"),
            (self.interactions_created, "interaction added", "interactions added"),
            (self.in_trash, "matched contact is in the trash and stays there",
             "matched contacts are in the trash and stay there"),
        ]
        for count, one, many in extras:
            if count:
                lines.append(f"  {count} {one if count == 1 else many}")
        for name, part in self.parts.items():
            lines.append(f"  {name}{f' ({part.what})' if part.what else ''}: {part.describe()}")
        if self.dry_run and self.new_names:
            shown = ", ".join(self.new_names[:limit])
            more = f" … and {self.created - limit} more" if self.created > limit else ""
            lines.append(f"  new: {shown}{more}")
        others = [c for c in self.changes if not c.is_job_change]
        if self.dry_run and others:
            lines.append(f"  {_count(len(others), 'other update')}:")
            for change in others[:limit]:
                fields = "; ".join(
                    f"{name.replace('_', ' ')}: {_brief(old)} → {_brief(new)}" for name, (old, new) in change.changes.items()
                )
                lines.append(f"    {change.name}: {fields}")
            if len(others) > limit:
                lines.append(f"    … and {len(others) - limit} more")
        jobs = self.job_changes
        if jobs:
            lines.append(f"  {_count(len(jobs), 'job change')}:")
            lines.extend(f"    {c.describe()}" for c in jobs[:limit])
            if len(jobs) > limit:
                lines.append(f"    … and {len(jobs) - limit} more")
        skipped_reasons: dict[str, list[int]] = {}
        for item in self.skipped:
            skipped_reasons.setdefault(item.reason, []).append(item.line)
        for reason, lines_of in skipped_reasons.items():
            shown = ", ".join(str(n) for n in lines_of[:8]) + (" …" if len(lines_of) > 8 else "")
            lines.append(f"  skipped {len(lines_of)}: {reason} (line {shown})")
        if self.skipped_count > len(self.skipped):
            lines.append(f"  … and {self.skipped_count - len(self.skipped)} more skipped")
        for warning in self.warnings[:limit]:
            lines.append(f"  line {warning.line}: {warning.message}" if warning.line else f"  {warning.message}")
        if self.warning_count > limit:
            lines.append(f"  … and {_count(self.warning_count - limit, 'more warning')}")
        return lines


MAX_VARIABLES = 30_000  # under SQLite's limit of 32 766 bound parameters per statement


def insert_rows(cursor: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert many rows with one multi-row INSERT per batch rather than one statement per row.

    The contact tables carry triggers that keep the FTS5 search index; FTS5 flushes its pending terms at every
    statement's savepoint, so one statement per row writes (and merges) thousands of tiny index segments.
    """
    if not rows:
        return
    per_statement = max(1, MAX_VARIABLES // len(columns))
    one = "(" + ",".join("?" * len(columns)) + ")"
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "  # noqa: S608 - fixed names
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        cursor.execute(head + ",".join([one] * len(batch)), [value for row in batch for value in row])


def _update_all(cursor: Any, updates: dict[int, dict[str, Any]]) -> None:
    """Update many contacts, {contact id: {column: value}}, with one ``UPDATE … FROM (VALUES …)`` per set of
    columns and batch rather than one statement per contact (each statement pays for the undo log's trigger
    program and a statement journal of its own)."""
    groups: dict[tuple[str, ...], list[tuple[Any, ...]]] = {}
    for cid, values in updates.items():
        groups.setdefault(tuple(values), []).append((cid, *values.values()))
    db = current_database()
    server = getattr(db, "server", False)
    for columns, rows in groups.items():
        width = len(columns) + 1
        per_statement = max(1, MAX_VARIABLES // width)
        targets = ", ".join(columns)
        sources = [f"v.column{i}" for i in range(2, width + 1)]
        if server:
            # A server types a VALUES list's columns by its first row (text, for parameters): each one is read
            # as its column's type.
            sources = [f"CAST({source} AS {_column_type(db, column)})" for source, column in zip(sources, columns)]
        assignment = (
            f"{targets} = {sources[0]}" if len(columns) == 1 else f"({targets}) = ({', '.join(sources)})"
        )
        one = "(" + ",".join("?" * width) + ")"
        for start in range(0, len(rows), per_statement):
            batch = rows[start : start + per_statement]
            cursor.execute(
                f"UPDATE contact SET {assignment}"  # noqa: S608 - the columns are the importer's own
                f" FROM (VALUES {','.join([one] * len(batch))}) AS v WHERE contact.id = v.column1",
                [value for row in batch for value in row],
            )


def _column_type(db: Any, column: str) -> str:
    field = next(f for f in Contact._meta.sorted_fields if f.column_name == column)
    return db.get_context_options()["field_types"].get(field.field_type, field.field_type)


def storable_name(name: str) -> str:
    """A file name as text the database can hold: bytes that were not UTF-8 (kept by the OS as surrogate
    escapes) become "�" — the history still shows the rest of the name."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _now_text() -> str:
    return str(utcnow())


# The search index's per-row triggers an import writes through, which it replaces by one bulk fill after the
# rows: the new contacts', and those of the contacts it changed (see Importer._suspend_search_triggers).
SEARCH_INSERT_TRIGGER = "contact_search_ai"
SEARCH_TRIGGERS = (SEARCH_INSERT_TRIGGER, "contact_search_au", "contact_field_search_ai", "contact_tag_search_ai")
# The network's match keys (names, e-mail addresses, phone numbers) live in a temporary table for the import's
# transaction, not in Python: the importer's memory is that of one chunk whatever the size of the network.
KEY_TABLE = "temp.import_key"
TOUCHED_TABLE = "temp.import_touched"  # contacts that were there before and that the import changed
PERSON_TABLE = "temp.import_person"  # the names contacts had before the import renamed them
IMPORT_CACHE_KIB = 16_384  # page cache for the import transaction (the connection's default is 2 MB)
# The scalar fields whose values may need converting for SQLite (dates); the others are stored as they are.
_CONVERTED_KINDS = frozenset(spec.BY_NAME[n].kind for n in spec.SCALAR_FIELDS) - {"text", "verbatim", "url", "stage"}


def _scalar_plan() -> tuple[Callable[[Any], tuple[Any, ...]], tuple[int, ...], tuple[int, ...], int, int]:
    """How a new contact's scalar columns come from its record: one getter for them all, then the positions that
    need converting (dates), that store "" as NULL (URLs), and those of the stage and the source."""
    names = spec.SCALAR_FIELDS
    kinds = [spec.BY_NAME[n].kind for n in names]
    return (
        operator.attrgetter(*names),
        tuple(i for i, k in enumerate(kinds) if k in _CONVERTED_KINDS),
        tuple(i for i, k in enumerate(kinds) if k == "url"),
        names.index("stage"),
        names.index("source"),
    )


def _kept_id(keep_id: int | None) -> tuple[str, str, tuple[int, ...]]:
    """The id column, its mark and its value of an INSERT that keeps an archive's id (all empty when none is
    kept: a server numbers a row itself only when no id is given)."""
    return ("id, ", "?, ", (keep_id,)) if keep_id is not None else ("", "", ())


def _sql_value(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return str(value.replace(microsecond=0, tzinfo=None))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


_SCALAR_PLAN = _scalar_plan()
# The columns of a matched contact the merge compares with its record (Importer._snapshots).
SNAPSHOT_COLUMNS = ("id", "full_name", "deleted_at", "photo", "extra", *OVERWRITE_FIELDS, *APPEND_FIELDS)
_URL_AT, _FIRST_AT, _LAST_AT = (SNAPSHOT_COLUMNS.index(n) for n in ("profile_url", "first_name", "last_name"))
# What a matched contact takes from its record: the values of the fields it overwrites and of those it appends
# to, one getter each, and the overwritten fields whose values need converting (dates).
_MERGE_PLAN = (
    operator.attrgetter(*OVERWRITE_FIELDS),
    operator.attrgetter(*APPEND_FIELDS),
    frozenset(n for n in OVERWRITE_FIELDS if spec.BY_NAME[n].kind in _CONVERTED_KINDS),
)


def _name_key(first: str, last: str, company: str) -> str | None:
    """The same first name, last name and company, case and surrounding spaces ignored (None: no name)."""
    if not (first or last):
        return None
    return f"n{first.strip().casefold()}\x1f{last.strip().casefold()}\x1f{company.strip().casefold()}"


def _email_match_key(value: str) -> str:
    return "e" + normalize.email_key(value)


def _person_key(first: str, last: str) -> tuple[str, str] | None:
    """Who a name says someone is, for telling apart two people behind one e-mail address (None: no name)."""
    first, last = first.strip().casefold(), last.strip().casefold()
    return (first, last) if first and last else None


def _same_person(a: tuple[str, str], b: tuple[str, str]) -> bool:
    """Whether two names can be one person's: equal, part for part, or one part an initial of the other's
    ("Grace O." is Grace Otieno). "Bob" and "Robert" are not: a shared address alone does not make them one."""

    def same(x: str, y: str) -> bool:
        x, y = x.rstrip("."), y.rstrip(".")
        short, long = sorted((x, y), key=len)
        return x == y or (len(short) == 1 and long.startswith(short))

    return same(a[0], b[0]) and same(a[1], b[1])


def _full_name_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _phone_key(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits or value.strip().casefold()


def _phone_match_key(value: str) -> str:
    """Digits of a phone number long enough to identify someone ("" for extensions and short codes)."""
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits if len(digits) >= 7 else ""


def _merge_extra(old: Any, new: Any) -> Any:
    """Merge what two files kept about one person: objects key by key, lists without repeats, else the newer."""
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for key, value in new.items():
            merged[key] = _merge_extra(old[key], value) if key in old else value
        return merged
    if isinstance(old, list) and isinstance(new, list):
        return old + [item for item in new if item not in old]
    return new


def _field_key(kind: str, value: str) -> str:
    if kind == "phone":
        return _phone_key(value)
    if kind == "url":
        return normalize.profile_url(value) or value.strip()
    return value.strip().casefold()


LOOKUP_BATCH = 10_000  # values per IN (…) list (SQLite allows 32 766 bound parameters)
URL_FILTER_BITS = 1 << 24  # 2 MB: a million profile URLs leave one bit in sixteen set


class _UrlFilter:
    """The profile URLs an import into an empty network has written so far, as one bit each in a fixed array
    (a Bloom filter with one hash): a URL whose bit is clear is certainly new, so the contact table is asked only
    about the few others. Its memory does not grow with the network."""

    def __init__(self) -> None:
        self._bits = bytearray(URL_FILTER_BITS // 8)

    def add(self, url: str) -> None:
        h = hash(url) & (URL_FILTER_BITS - 1)
        self._bits[h >> 3] |= 1 << (h & 7)

    def may_hold(self, url: str) -> bool:
        h = hash(url) & (URL_FILTER_BITS - 1)
        return bool(self._bits[h >> 3] & (1 << (h & 7)))


def _batches(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), LOOKUP_BATCH):
        yield values[start : start + LOOKUP_BATCH]


class _Chunk:
    """What the network says about one chunk's records, read in a few indexed queries (profile URLs from the
    contact table, e-mail, phone and name keys from the key table), with what the chunk itself adds on top, in
    the order the records come: the first contact remembered under a URL, an e-mail or a phone is the one found
    by it; every contact remembered under a name is a candidate. :meth:`store` writes what the chunk added."""

    def __init__(
        self,
        cursor: Any,
        records: list[ContactRecord],
        keys: list[str | None],
        urls: _UrlFilter | None,
        names: bool,
        renamed: bool,
    ) -> None:
        self._cursor = cursor
        self._renamed = renamed  # whether the import renamed contacts (their names before are in PERSON_TABLE)
        self._url_filter = urls  # None: any URL may be in the network
        self.names = names  # False: the key table holds no name key (no contact without a URL)
        self._records = records
        self._keys = keys
        self.needs_all_names = any(key and not rec.profile_url for rec, key in zip(records, keys))
        self._db_url: dict[str, int] = {}
        self._local_url: dict[str, int] = {}
        self._db_keys: dict[str, list[int]] = {}
        self._local_keys: dict[str, list[int]] = {}
        # contact id -> [profile URL or None, casefolded (first, last) or None, the name as written or None]
        self._facts: dict[int, list[Any]] = {}
        self._rows: list[tuple[str, int]] = []
        # contact id -> its SNAPSHOT_COLUMNS, for the contacts found by URL (read with the URL, used by the merge)
        self.found_rows: dict[int, tuple[Any, ...]] = {}

    def look_up(self) -> None:
        cur = self._cursor
        urls = {rec.profile_url for rec in self._records if rec.profile_url}
        if self._url_filter is not None:
            urls = {url for url in urls if self._url_filter.may_hold(url)}
        columns = ", ".join(SNAPSHOT_COLUMNS)
        for batch in _batches(sorted(urls)):
            marks = ",".join("?" * len(batch))
            for row in cur.execute(f"SELECT {columns} FROM contact WHERE profile_url IN ({marks})", batch):
                self._db_url[row[_URL_AT]] = row[0]
                self.found_rows[row[0]] = row
        wanted: set[str] = set()
        found = self._db_url
        for rec, key in zip(self._records, self._keys):
            if rec.emails:
                wanted.update(_email_match_key(email.value) for email in rec.emails)
            if rec.phones:
                wanted.update("p" + phone for item in rec.phones if (phone := _phone_match_key(item.value)))
            if key and self.names and rec.profile_url not in found:  # found by its URL: its name is not asked
                wanted.add(key)
        candidates: set[int] = set()
        for batch in _batches(sorted(wanted)):
            marks = ",".join("?" * len(batch))
            for key, cid in cur.execute(
                f"SELECT key, contact_id FROM {KEY_TABLE} WHERE key IN ({marks}) ORDER BY key, seq", batch
            ):
                found_by = self._db_keys.setdefault(key, [])
                if cid not in found_by:
                    found_by.append(cid)
                if cid not in self.found_rows:
                    candidates.add(cid)
        for key, cids in self._db_keys.items():
            if key.startswith("n"):
                cids.sort()  # namesakes in the order of their ids, the oldest contact first
        for batch in _batches(sorted(candidates)):
            marks = ",".join("?" * len(batch))
            for cid, url, first, last in cur.execute(
                f"SELECT id, profile_url, first_name, last_name FROM contact WHERE id IN ({marks})", batch
            ):
                self._facts[cid] = _facts(url, first, last)
        if self._renamed:
            ids = sorted(self.found_rows.keys() | self._facts.keys())
            for batch in _batches(ids):
                marks = ",".join("?" * len(batch))
                for cid, first, last in cur.execute(
                    f"SELECT id, first_name, last_name FROM {PERSON_TABLE} WHERE id IN ({marks})", batch
                ):
                    self._facts[cid] = [self.facts(cid)[0], *_facts(None, first, last)[1:]]

    # -- what the records are matched by ------------------------------------------------------------------

    def url_owner(self, url: str) -> int | None:
        found = self._db_url.get(url)
        return found if found is not None else self._local_url.get(url)

    def first(self, key: str) -> int | None:
        found = self._db_keys.get(key) or self._local_keys.get(key)
        return found[0] if found else None

    def all(self, key: str) -> list[int]:
        stored = self._db_keys.get(key, [])
        return stored + [cid for cid in self._local_keys.get(key, ()) if cid not in stored]

    def facts(self, cid: int) -> list[Any]:
        found = self._facts.get(cid)
        if found is None and (row := self.found_rows.get(cid)) is not None:
            found = self._facts[cid] = _facts(row[_URL_AT], row[_FIRST_AT], row[_LAST_AT])
        elif found is None:
            # A contact of the network this chunk matched by its URL and remembered under another key.
            row = self._cursor.execute(
                "SELECT profile_url, first_name, last_name FROM contact WHERE id = ?", (cid,)
            ).fetchone()
            found = self._facts[cid] = _facts(*row) if row else [None, None, None]
            if self._renamed and row:
                kept = self._cursor.execute(
                    f"SELECT first_name, last_name FROM {PERSON_TABLE} WHERE id = ?", (cid,)
                ).fetchone()
                if kept:
                    found[1:] = _facts(None, *kept)[1:]
        return found

    # -- what the chunk adds --------------------------------------------------------------------------------

    def created(self, cid: int) -> None:
        self._facts[cid] = [None, None, None]

    def own_url(self, url: str, cid: int) -> None:
        if url not in self._db_url:
            self._local_url.setdefault(url, cid)

    def add_first(self, key: str, cid: int) -> None:
        if key not in self._db_keys and key not in self._local_keys:
            self._local_keys[key] = [cid]
            self._rows.append((key, cid))

    def add(self, key: str, cid: int, stored: bool) -> bool:
        """Remember *cid* under the name *key*; whether that is written to the key table (see store)."""
        local = self._local_keys.setdefault(key, [])
        if cid not in local and cid not in self._db_keys.get(key, ()):
            local.append(cid)
            if stored:
                self._rows.append((key, cid))
                return True
        return False

    def store(self, seq: Iterator[int]) -> None:
        if self._rows:
            self._cursor.executemany(
                f"INSERT INTO {KEY_TABLE} (key, seq, contact_id) VALUES (?, ?, ?)",
                [(key, next(seq), cid) for key, cid in self._rows],
            )
            self._rows = []


def _facts(url: str | None, first: str, last: str) -> list[Any]:
    person = _person_key(first, last)
    return [url or None, person, f"{first.strip()} {last.strip()}" if person else None]


class Importer:
    """Runs one import in one transaction; a dry run does everything and rolls back."""

    def __init__(
        self,
        *,
        dry_run: bool = False,
        progress: Callable[[float], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        default_stage: str = "connected",
    ) -> None:
        self.dry_run = dry_run
        self._progress = progress
        self._cancelled = cancelled
        self._default_stage = default_stage

    # -- public ------------------------------------------------------------------------------------------------

    def run(self, source: ImportSource) -> ImportReport:
        db = current_database()
        self.report = ImportReport(path=source.display_name, format_name=source.format_name, dry_run=self.dry_run)
        self._source = source
        # Any exception (a bad line, a cancel) leaves the block and rolls everything back.
        # SQLite's own tuning: a larger page cache, and FTS5 filled at once after the rows. A server needs
        # neither (its search table is filled by one statement-level trigger per statement).
        tuned = not getattr(db, "server", False)
        with db.atomic("IMMEDIATE") as txn:
            self._streaming = False  # applying groups, invitations … as they come (after ContactsComplete)
            self._begin(source)
            if tuned:
                cache = self._cursor.execute("PRAGMA cache_size").fetchone()[0]
                self._cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            try:
                self._suspend_search_triggers(tuned)
                for item in source.items():
                    self._dispatch(item)
                self._flush()
                self._finish()
                self._fill_search_index()
                for table in (KEY_TABLE, TOUCHED_TABLE, PERSON_TABLE):
                    self._cursor.execute(f"DROP TABLE {table}")
                if not tuned:
                    # The import numbered its rows itself: the server's sequences are brought up to them.
                    self._cursor.execute("SELECT lo_sync_ids(?)", (["contact", "invitation", "introduction"],))
            finally:
                if tuned:
                    self._cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            if self.dry_run:
                txn.rollback()
        return self.report

    def _suspend_search_triggers(self, tuned: bool = True) -> None:
        """Drop the search index's triggers an import fires, for this transaction (put back by
        _fill_search_index, or by the rollback): FTS5 indexes thousands of rows at once far faster than one at a
        time, and a contact's row is written once instead of once per detail and tag. A server's search table is
        kept by its statement-level triggers, which stay (*tuned* is False there)."""
        if not tuned:
            self._search_triggers: list[str] = []
            return
        marks = ",".join("?" * len(SEARCH_TRIGGERS))
        self._search_triggers: list[str] = [
            sql
            for _name, sql in self._cursor.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ({marks}) ORDER BY name",
                SEARCH_TRIGGERS,
            )
        ]
        for name in SEARCH_TRIGGERS:
            self._cursor.execute(f"DROP TRIGGER IF EXISTS {name}")

    def _fill_search_index(self) -> None:
        """Index the contacts this import created, and again those it changed, from the same view the triggers
        use; then restore the triggers."""
        if not self._search_triggers:
            return
        cur = self._cursor
        columns = "name, company, position, location, notes, details, tags"
        cur.execute(f"DELETE FROM contact_search WHERE rowid IN (SELECT id FROM {TOUCHED_TABLE})")
        cur.execute(
            f"INSERT INTO contact_search(rowid, {columns}) SELECT id, {columns} FROM contact_search_doc"
            f" WHERE id IN (SELECT id FROM {TOUCHED_TABLE})"
        )
        # The new contacts are the ids from the first one this import gave (into an empty network that keeps an
        # archive's ids: every contact).
        cur.execute(
            f"INSERT INTO contact_search(rowid, {columns}) SELECT id, {columns} FROM contact_search_doc WHERE id >= ?",
            (self._first_new_id,),
        )
        for sql in self._search_triggers:
            cur.execute(sql)

    # -- setup -------------------------------------------------------------------------------------------------

    def _begin(self, source: ImportSource) -> None:
        db = current_database()
        self._cursor = db.cursor()
        cur = self._cursor
        self._now = _now_text()
        self._today = _dt.date.today()
        cur.execute(
            "INSERT INTO import_batch (file_name, format, started_at, created_count, updated_count,"
            " unchanged_count, skipped_count) VALUES (?, ?, ?, 0, 0, 0, 0)",
            (storable_name(source.display_name), source.format_name, self._now),
        )
        self.report.batch_id = cur.lastrowid
        # seq: the order keys were met in (the first contact that had an e-mail address is the one found by it)
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {KEY_TABLE.split('.')[1]} (key TEXT NOT NULL, seq INTEGER NOT NULL,"
            " contact_id INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID"
        )
        cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED_TABLE.split('.')[1]} (id INTEGER PRIMARY KEY)")
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {PERSON_TABLE.split('.')[1]}"
            " (id INTEGER PRIMARY KEY, first_name TEXT NOT NULL, last_name TEXT NOT NULL)"
        )
        for table in (KEY_TABLE, TOUCHED_TABLE, PERSON_TABLE):
            cur.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed names
        self._renamed = False  # whether PERSON_TABLE holds any row
        # Every e-mail and phone key, and the name keys of the contacts without a profile URL: a record with a URL
        # can only be a namesake without one. The names of those with a URL are added when a record without a URL
        # first needs them (_all_name_keys), which an export of LinkedIn's never does.
        reader = current_database().cursor()
        self._seq = itertools.count()

        def keys() -> Iterator[tuple[str, int, int]]:
            for cid, first, last, company in reader.execute(
                "SELECT id, first_name, last_name, company FROM contact WHERE profile_url IS NULL ORDER BY id"
            ):
                if key := _name_key(first, last, company):
                    yield key, next(self._seq), cid
            for cid, kind, value in reader.execute(
                "SELECT contact_id, kind, value FROM contact_field WHERE kind IN ('email', 'phone') ORDER BY id"
            ):
                if kind == "email":
                    yield _email_match_key(value), next(self._seq), cid
                elif phone := _phone_match_key(value):
                    yield "p" + phone, next(self._seq), cid

        cur.executemany(f"INSERT INTO {KEY_TABLE} (key, seq, contact_id) VALUES (?, ?, ?)", keys())
        self._all_names = False
        # Whether the key table holds any name key: until it does, no record is looked up by its name.
        self._names = cur.execute(f"SELECT 1 FROM {KEY_TABLE} WHERE key >= 'n' AND key < 'o' LIMIT 1").fetchone() is not None
        top = cur.execute("SELECT max(id) FROM contact").fetchone()[0]
        # Into an empty network the app's own archive keeps its ids, so export → import → export is identical.
        self._keep_refs = top is None
        self._next_id = (top or 0) + 1
        self._first_new_id = 1 if self._keep_refs else self._next_id
        # Into an empty network, every URL the contact table holds is one this import wrote: a filter of them
        # spares asking the table about the (many) URLs it certainly does not hold.
        self._url_filter = _UrlFilter() if self._keep_refs else None
        self._top_ref = 0  # the highest id a record's own reference took: the ones below it may be taken
        self._chunk_ids: set[int] = set()  # the ids given to the records of the chunk being written
        self._ref_to_id: dict[int, int] = {}
        self._tags = {name.casefold(): tid for tid, name in cur.execute("SELECT id, name FROM tag")}
        self._groups = {name.casefold(): gid for gid, name in cur.execute("SELECT id, name FROM goal_group")}
        self._group_position = (cur.execute("SELECT max(position) FROM goal_group").fetchone()[0] or 0) + 1
        self._pending: list[ContactRecord] = []
        self._deferred: list[Any] = []
        self._part_of: dict[int, str] = {}  # id(deferred record) -> the part of the file it came from
        # contact id -> {casefolded group name: name}: memberships a contact's "groups" ask for, made in _finish
        self._group_links: dict[int, dict[str, str]] = {}
        self._empty_tables = {
            table: cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0  # noqa: S608 - fixed names
            for table in ("goal_group", "invitation", "introduction", "interaction")
        }

    def _dispatch(self, item: Any) -> None:
        if isinstance(item, ContactRecord):
            if item.connected_on is not None and item.connected_on > self._today:
                self.report.warn(
                    FutureDateWarning(
                        item.line,
                        f"connected on {item.connected_on.isoformat()}, a date in the future: imported as written,"
                        " check the file",
                    )
                )
            self._pending.append(item)
            if len(self._pending) >= CHUNK_SIZE:
                self._flush()
        elif isinstance(item, Skipped):
            self.report.skip(item)
        elif isinstance(item, RowWarning):
            self.report.warn(item)
        elif isinstance(item, TagRecord):
            if item.name.strip():
                self._tag_id(item.name.strip())
        elif isinstance(item, SettingRecord):
            # The network's own settings win over the file's.
            self._cursor.execute(
                "INSERT OR IGNORE INTO setting (key, value) VALUES (?, ?)", (item.key, json.dumps(item.value))
            )
        elif isinstance(item, (GroupRecord, InvitationRecord, IntroductionRecord, InteractionRecord)):
            if self._streaming and self._applied_now(item):
                return
            # They refer to contacts by reference, so they are applied once every contact is in.
            self._deferred.append(item)
            if self.report.part:
                self._part_of[id(item)] = self.report.part
        elif isinstance(item, ContactsComplete):
            self._flush()
            # Every contact is in, so what follows is applied as it comes instead of held to the end; unless
            # something was held already (a file with its lists in another order keeps the order of _finish).
            if not self._deferred and not self._streaming:
                self._start_applying()
                self._streaming = True
        elif isinstance(item, PartStart):
            self._flush()  # the contacts read so far belong to the part before
            self.report.part = item.name
            self.report.parts.setdefault(item.name, PartCounts(item.what))
        else:  # pragma: no cover - a reader bug
            raise TypeError(f"unexpected import item {item!r}")

    def _tick(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled()
        if self._progress is not None:
            self._progress(self._source.fraction())

    # -- contacts ----------------------------------------------------------------------------------------------

    def _match(self, rec: ContactRecord, key: str | None, chunk: _Chunk) -> int | None:
        if rec.profile_url:
            cid = chunk.url_owner(rec.profile_url)
            if cid is not None:
                return cid
        for email in rec.emails:
            cid = chunk.first(_email_match_key(email.value))
            if cid is None:
                continue
            # A shared address (a team mailbox, an assistant) is no proof of one person: another profile URL or
            # another name makes it two people, imported apart and said so, never merged.
            facts = chunk.facts(cid)
            other_url = bool(rec.profile_url) and (facts[0] or rec.profile_url) != rec.profile_url
            person = _person_key(rec.first_name, rec.last_name)
            known = facts[1]
            other_name = person is not None and known is not None and not _same_person(person, known)
            if not (other_url or other_name):
                return cid
            self.report.warn(
                RowWarning(
                    rec.line,
                    f"shares the e-mail {email.value.strip()} with another person ({facts[2] or f'contact {cid}'}); "
                    "imported as a separate contact",
                )
            )
        for cid in chunk.all(key) if key else ():
            # A namesake with another profile URL is another person.
            if not rec.profile_url or chunk.facts(cid)[0] is None:
                return cid
        if not key:
            # Nameless records (a company's switchboard, say) are known by their phone numbers.
            for phone in rec.phones:
                cid = chunk.first("p" + _phone_match_key(phone.value))
                if cid is not None and (not rec.profile_url or chunk.facts(cid)[0] is None):
                    return cid
        return None

    def _remember(self, rec: ContactRecord, cid: int, key: str | None, chunk: _Chunk) -> None:
        facts = chunk.facts(cid)
        if facts[1] is None and (person := _person_key(rec.first_name, rec.last_name)) is not None:
            facts[1] = person
            facts[2] = f"{rec.first_name.strip()} {rec.last_name.strip()}"
        if rec.profile_url:
            chunk.own_url(rec.profile_url, cid)
            if self._url_filter is not None:
                self._url_filter.add(rec.profile_url)
            if facts[0] is None:
                facts[0] = rec.profile_url
        for email in rec.emails:
            chunk.add_first(_email_match_key(email.value), cid)
        for phone in rec.phones:
            if phone_key := _phone_match_key(phone.value):
                chunk.add_first("p" + phone_key, cid)
        if key:
            # Only a record without a URL asks for a namesake that has one (see _begin).
            if chunk.add(key, cid, stored=facts[0] is None or self._all_names):
                self._names = True

    def _all_name_keys(self) -> None:
        """Add the name keys of the contacts with a profile URL to the key table (once, when a record without a URL
        first needs them)."""
        reader = current_database().cursor()
        rows = reader.execute(
            "SELECT id, first_name, last_name, company FROM contact WHERE profile_url IS NOT NULL ORDER BY id"
        )
        self._cursor.executemany(
            f"INSERT INTO {KEY_TABLE} (key, seq, contact_id) VALUES (?, ?, ?)",
            ((key, next(self._seq), cid) for cid, first, last, company in rows if (key := _name_key(first, last, company))),
        )
        self._all_names = True
        self._names = self._names or self._cursor.rowcount > 0

    def _keep_person(self, cid: int, first: str, last: str) -> None:
        """Before the import renames a contact: who its name said it was, which a record sharing its e-mail
        address is compared with for the rest of the import (as for every contact: its name when the import
        first met it), not the name the import gave it."""
        if _person_key(first, last) is not None:
            self._cursor.execute(
                f"INSERT OR IGNORE INTO {PERSON_TABLE} (id, first_name, last_name) VALUES (?, ?, ?)", (cid, first, last)
            )
            self._renamed = True

    def _taken(self, cid: int) -> bool:
        if cid in self._chunk_ids:
            return True
        return self._cursor.execute("SELECT 1 FROM contact WHERE id = ?", (cid,)).fetchone() is not None

    def _allocate(self, rec: ContactRecord) -> int:
        if self._keep_refs and rec.ref is not None and rec.ref > 0 and not self._taken(rec.ref):
            cid = rec.ref
            self._top_ref = max(self._top_ref, cid)
        else:
            while self._next_id <= self._top_ref and self._taken(self._next_id):
                self._next_id += 1
            cid = self._next_id
        self._chunk_ids.add(cid)
        self._next_id = max(self._next_id, cid + 1)
        return cid

    def _flush(self) -> None:
        if not self._pending:
            return
        r = self.report
        before = (r.created, r.updated, r.unchanged)
        self._flush_pending()
        if r.part:
            part = r.parts[r.part]
            part.created += r.created - before[0]
            part.updated += r.updated - before[1]
            part.unchanged += r.unchanged - before[2]

    def _flush_pending(self) -> None:
        records, self._pending = self._pending, []
        keys: list[str | None] = []
        for rec in records:
            rec.profile_url = normalize.profile_url(rec.profile_url)
            keys.append(_name_key(rec.first_name, rec.last_name, rec.company))
        chunk = _Chunk(self._cursor, records, keys, self._url_filter, self._names, self._renamed)
        if chunk.needs_all_names and not self._all_names:
            self._all_name_keys()
            chunk.names = self._names
        chunk.look_up()
        new: list[tuple[ContactRecord, int]] = []
        matched: list[tuple[ContactRecord, int]] = []
        self._chunk_ids = set()
        for rec, key in zip(records, keys):
            cid = self._match(rec, key, chunk)
            if cid is None:
                cid = self._allocate(rec)
                chunk.created(cid)
                new.append((rec, cid))
            else:
                matched.append((rec, cid))
            if rec.ref is not None:
                self._ref_to_id[rec.ref] = cid
            self._remember(rec, cid, key, chunk)
        if new:
            self._insert_new(new)
        chunk.store(self._seq)
        if matched:
            self._merge_matched(matched, chunk)
        self._tick()

    def _insert_new(self, new: list[tuple[ContactRecord, int]]) -> None:
        cur = self._cursor
        rows = []
        field_rows: list[tuple[Any, ...]] = []
        names: list[str] = []
        now = self._now
        format_name = self._source.format_name
        get_scalars, converted, url_fields, stage_at, source_at = _SCALAR_PLAN
        stages, default_stage = STAGES, self._default_stage
        full_name, sort_key, sql_value = normalize.full_name, normalize.sort_key, _sql_value
        lists = tuple(FIELD_LISTS.items())
        linked: list[tuple[ContactRecord, int]] = []
        for rec, cid in new:
            email = rec.emails[0].value if rec.emails else ""
            full = full_name(
                rec.display_name, rec.first_name, rec.middle_name, rec.last_name, rec.company, email,
                suffix=rec.name_suffix,
            )  # fmt: skip
            scalars = list(get_scalars(rec))
            for i in converted:
                if (value := scalars[i]) is not None:
                    scalars[i] = sql_value(value)
            for i in url_fields:
                scalars[i] = scalars[i] or None  # NULL: the UNIQUE index allows many unknowns
            scalars[stage_at] = rec.stage if rec.stage in stages else default_stage
            scalars[source_at] = rec.source or format_name
            rows.append(
                (
                    cid,
                    *scalars,
                    full,
                    sort_key(full),
                    rec.photo,
                    json.dumps(rec.extra, ensure_ascii=False, sort_keys=True) if rec.extra else "{}",
                    sql_value(rec.created_at) if rec.created_at else now,
                    sql_value(rec.updated_at) if rec.updated_at else now,
                    sql_value(rec.deleted_at) if rec.deleted_at else None,
                )
            )
            names.append(full)
            for kind, attr in lists:
                items = getattr(rec, attr)
                if not items:
                    continue
                seen: set[str] = set()
                for position, item in enumerate(items):
                    key = _field_key(kind, item.value)
                    if item.value.strip() and key not in seen:
                        seen.add(key)
                        field_rows.append((cid, kind, item.label, item.value.strip(), position))
            if rec.tags or rec.groups:
                linked.append((rec, cid))
        insert_rows(cur, "contact", INSERT_COLUMNS, rows)
        insert_rows(cur, "contact_field", ("contact_id", "kind", "label", "value", "position"), field_rows)
        for rec, cid in linked:
            self._link_tags_and_groups(cid, rec, existing_tags=set(), existing_groups=set())
        self.report.created += len(new)
        room = NEW_NAMES_SHOWN - len(self.report.new_names)
        if room > 0:
            self.report.new_names.extend(names[:room])
            self.report.new_roles.extend((rec.position, rec.company) for rec, _cid in new[:room])

    def _tag_id(self, name: str) -> int:
        key = name.casefold()
        tid = self._tags.get(key)
        if tid is None:
            self._cursor.execute("INSERT INTO tag (name) VALUES (?)", (name,))
            tid = self._cursor.lastrowid
            self._tags[key] = tid
        return tid

    def _group_id(self, name: str) -> int:
        key = name.casefold()
        gid = self._groups.get(key)
        if gid is None:
            self._cursor.execute(
                "INSERT INTO goal_group (name, purpose, colour, position, collapsed, created_at, updated_at)"
                " VALUES (?, '', ?, ?, FALSE, ?, ?)",
                (name, _default_colour(self._group_position), self._group_position, self._now, self._now),
            )
            gid = self._cursor.lastrowid
            self._group_position += 1
            self._groups[key] = gid
            self.report.groups_created += 1
        return gid

    def _link_tags_and_groups(
        self, cid: int, rec: ContactRecord, existing_tags: set[str], existing_groups: set[str]
    ) -> list[str]:
        added: list[str] = []
        for tag in rec.tags:
            tag = tag.strip()
            if tag and tag.casefold() not in existing_tags:
                existing_tags.add(tag.casefold())
                self._cursor.execute(
                    "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) VALUES (?, ?)", (cid, self._tag_id(tag))
                )
                added.append(f"tag:{tag}")
        for group in rec.groups:
            group = group.strip()
            if group and group.casefold() not in existing_groups:
                existing_groups.add(group.casefold())
                # Linked once the file's own group records are in (_finish): they carry the colour, position and
                # slots, which a group created here from a bare name would lose.
                self._group_links.setdefault(cid, {}).setdefault(group.casefold(), group)
                added.append(f"group:{group}")
        return added

    def _snapshots(self, matched: list[tuple[ContactRecord, int]], chunk: _Chunk) -> dict[int, dict[str, Any]]:
        """The matched contacts as they are: their columns (read with their URL when they were found by it), and
        the details, tags and goals of those whose records bring any (most records of a LinkedIn export bring
        none)."""
        cur = self._cursor
        known = chunk.found_rows
        ids = sorted({cid for _, cid in matched if cid not in known})
        with_details = sorted({cid for rec, cid in matched if rec.emails or rec.phones or rec.addresses or rec.urls})
        with_links = sorted({cid for rec, cid in matched if rec.tags or rec.groups})
        columns = SNAPSHOT_COLUMNS
        snaps: dict[int, dict[str, Any]] = {}
        for _rec, cid in matched:
            if cid not in snaps and (row := known.get(cid)) is not None:
                snap = dict(zip(columns, row))
                snap["fields"] = {}
                snaps[cid] = snap
        for batch in _batches(ids):
            marks = ",".join("?" * len(batch))
            for row in cur.execute(f"SELECT {', '.join(columns)} FROM contact WHERE id IN ({marks})", batch):
                snap = dict(zip(columns, row))
                snap["fields"] = {}  # kind -> keys of the contact's values (read for the kinds it has)
                snaps[row[0]] = snap
        for batch in _batches(with_details):
            marks = ",".join("?" * len(batch))
            for cid, kind, value in cur.execute(
                f"SELECT contact_id, kind, value FROM contact_field WHERE contact_id IN ({marks})", batch
            ):
                snaps[cid]["fields"].setdefault(kind, set()).add(_field_key(kind, value))
        for cid in with_links:
            snaps[cid]["tags"] = set()
            snaps[cid]["groups"] = set(self._group_links.get(cid, ()))
        for batch in _batches(with_links):
            marks = ",".join("?" * len(batch))
            for cid, name in cur.execute(
                f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
                f" WHERE ct.contact_id IN ({marks})",
                batch,
            ):
                snaps[cid]["tags"].add(name.casefold())
            for cid, name in cur.execute(
                f"SELECT m.contact_id, g.name FROM membership m JOIN goal_group g ON g.id = m.group_id"
                f" WHERE m.contact_id IN ({marks})",
                batch,
            ):
                snaps[cid]["groups"].add(name.casefold())
        return snaps

    def _merge_matched(self, matched: list[tuple[ContactRecord, int]], chunk: _Chunk) -> None:
        cur = self._cursor
        touched: list[tuple[int]] = []
        new_fields: list[tuple[Any, ...]] = []
        job_marks: list[tuple[Any, ...]] = []
        # contact id -> the columns to set: one UPDATE per set of columns for the whole chunk (see _update_all)
        updates: dict[int, dict[str, Any]] = {}
        snaps = self._snapshots(matched, chunk)
        get_overwritten, get_appended, converted = _MERGE_PLAN
        for rec, cid in matched:
            snap = snaps[cid]
            changes: dict[str, tuple[Any, Any]] = {}
            for name, new_value in zip(OVERWRITE_FIELDS, get_overwritten(rec)):
                if new_value is None or new_value == "":
                    continue
                new_sql = _sql_value(new_value) if name in converted else new_value
                if name == "profile_url" and chunk.url_owner(new_sql) not in (None, cid):
                    continue  # another contact owns that profile; keep the data consistent
                if snap[name] != new_sql:
                    changes[name] = (snap[name], new_sql)
            for name, text in zip(APPEND_FIELDS, get_appended(rec)):
                text = text.strip()
                if not text:
                    continue
                old = snap[name] or ""
                if text not in old:
                    changes[name] = (old, f"{old}\n\n{text}" if old else text)
            if rec.photo is not None and snap["photo"] is None:
                changes["photo"] = (None, rec.photo)
            if rec.extra:
                old_extra = stored_json(snap["extra"], {})
                merged = _merge_extra(old_extra, rec.extra)
                if merged != old_extra:
                    changes["extra"] = (snap["extra"], json.dumps(merged, ensure_ascii=False, sort_keys=True))
            added_fields: list[tuple[Any, ...]] = []
            for kind, attr in FIELD_LISTS.items():
                items = getattr(rec, attr)
                if not items:
                    continue
                have = snap["fields"].setdefault(kind, set())
                for item in items:
                    key = _field_key(kind, item.value)
                    if item.value.strip() and key not in have:
                        have.add(key)
                        added_fields.append((cid, kind, item.label, item.value.strip(), 100 + len(have)))
            added_links = (
                self._link_tags_and_groups(cid, rec, snap["tags"], snap["groups"]) if rec.tags or rec.groups else []
            )
            if added_fields:
                new_fields.extend(added_fields)
                changes["details"] = ("", ", ".join(f[3] for f in added_fields))
            if added_links:
                changes["labels"] = ("", ", ".join(added_links))
            if not changes:
                self.report.unchanged += 1
                continue
            scalar = {k: v[1] for k, v in changes.items() if k not in {"details", "labels"}}
            if scalar:
                if "first_name" in scalar or "last_name" in scalar:
                    self._keep_person(cid, snap["first_name"], snap["last_name"])
                for name, value in scalar.items():
                    snap[name] = value
                if any(name in scalar for name in spec.NAME_FIELDS):
                    scalar["full_name"] = normalize.full_name(
                        snap["display_name"], snap["first_name"], snap["middle_name"], snap["last_name"],
                        snap["company"], suffix=snap["name_suffix"],
                    ) or snap["full_name"]
                    snap["full_name"] = scalar["full_name"]
                    scalar["sort_name"] = normalize.sort_key(scalar["full_name"])
            scalar["updated_at"] = self._now
            updates.setdefault(cid, {}).update(scalar)
            if snap["deleted_at"] is not None:
                self.report.in_trash += 1
            if cid < self._first_new_id:
                touched.append((cid,))
            self.report.updated += 1
            shown = {k: v for k, v in changes.items() if k not in {"photo", "extra"}}
            change = ContactChange(cid, snap["full_name"], shown)
            self.report.changes.append(change)
            if change.is_job_change:
                job_marks.append(
                    job_changes.mark(cid, changes, snap["company"], snap["position"], self._now[:10], self.report.batch_id)
                )
        insert_rows(cur, "contact_field", ("contact_id", "kind", "label", "value", "position"), new_fields)
        _update_all(cur, updates)
        if job_marks:
            job_changes.record_all(cur, job_marks)
        if touched:
            cur.executemany(f"INSERT OR IGNORE INTO {TOUCHED_TABLE} (id) VALUES (?)", touched)

    # -- everything else ---------------------------------------------------------------------------------------

    def _contact_with_url(self, url: str) -> int | None:
        row = self._cursor.execute("SELECT id FROM contact WHERE profile_url = ?", (url,)).fetchone()
        return row[0] if row else None

    def _contact_for(self, ref: int | None, line: int, what: str) -> int:
        if ref is None or ref not in self._ref_to_id:
            raise FormatError(self._source.display_name, line or None, f"{what} refers to contact {ref}, which the file does not contain")
        return self._ref_to_id[ref]

    def _start_applying(self) -> None:
        self._intro_refs: dict[int, int] = {}
        # casefolded full name -> [(contact id, not in the trash)], built on first use (messages name people)
        self._by_full_name: dict[str, list[tuple[int, bool]]] | None = None

    def _applied_now(self, item: Any) -> bool:
        """Apply a record that came after every contact, in the order _finish would; False to hold it to the end."""
        if isinstance(item, GroupRecord):
            self._apply_group(item)
        elif isinstance(item, InvitationRecord):
            self._in_part(item, self._apply_invitation)
        elif isinstance(item, IntroductionRecord):
            self._apply_introduction(item)
        elif item.introduction_ref is not None and item.introduction_ref not in self._intro_refs:
            return False  # its introduction may come later in the file
        else:
            self._in_part(item, self._apply_interaction)
        return True

    def _finish(self) -> None:
        if not self._streaming:
            self._start_applying()
        for item in self._deferred:
            if isinstance(item, GroupRecord):
                self._apply_group(item)
        for cid, names in self._group_links.items():
            for name in names.values():
                self._cursor.execute(
                    "INSERT OR IGNORE INTO membership (contact_id, group_id, role, added_at) VALUES (?, ?, '', ?)",
                    (cid, self._group_id(name), self._now),
                )
        for item in self._deferred:
            if isinstance(item, InvitationRecord):
                self._in_part(item, self._apply_invitation)
            elif isinstance(item, IntroductionRecord):
                self._apply_introduction(item)
        for item in self._deferred:
            if isinstance(item, InteractionRecord):
                self._in_part(item, self._apply_interaction)
        r = self.report
        r.part = ""
        self._cursor.execute(
            "UPDATE import_batch SET finished_at = ?, created_count = ?, updated_count = ?, unchanged_count = ?,"
            " skipped_count = ? WHERE id = ?",
            (_now_text(), r.created, r.updated, r.unchanged, r.skipped_count, r.batch_id),
        )
        if self._progress is not None:
            self._progress(1.0)

    def _in_part(self, item: Any, apply: Callable[[Any], None]) -> None:
        """Apply a deferred record, counting what it adds for the part of the file it came from."""
        r = self.report
        r.part = self._part_of.get(id(item), "")
        if not r.part:
            apply(item)
            return
        before = (r.invitations_created + r.invitations_updated, r.interactions_created)
        apply(item)
        part = r.parts[r.part]
        part.invitations += r.invitations_created + r.invitations_updated - before[0]
        part.interactions += r.interactions_created - before[1]

    def _apply_group(self, rec: GroupRecord) -> None:
        cur = self._cursor
        key = rec.name.strip().casefold()
        gid = self._groups.get(key)
        if gid is None:
            position = rec.position if rec.position is not None else self._group_position
            cur.execute(
                "INSERT INTO goal_group (name, purpose, colour, position, collapsed, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    rec.name.strip(),
                    rec.purpose,
                    rec.colour or _default_colour(position),
                    position,
                    bool(rec.collapsed),
                    _sql_value(rec.created_at) or self._now,
                    _sql_value(rec.updated_at) or self._now,
                ),
            )
            gid = cur.lastrowid
            self._groups[key] = gid
            self._group_position = max(self._group_position, position + 1)
            self.report.groups_created += 1
        elif rec.purpose:
            cur.execute("UPDATE goal_group SET purpose = ? WHERE id = ? AND purpose = ''", (rec.purpose, gid))
        slots: dict[str, int] = {
            role.casefold(): sid for sid, role in cur.execute("SELECT id, role FROM group_slot WHERE group_id = ?", (gid,))
        }
        for position, slot in enumerate(rec.slots):
            if slot.role.casefold() not in slots:
                cur.execute(
                    "INSERT INTO group_slot (group_id, role, needed, position) VALUES (?, ?, ?, ?)",
                    (gid, slot.role, slot.needed, position),
                )
                slots[slot.role.casefold()] = cur.lastrowid
        for contact_ref, role in rec.members:
            cid = self._contact_for(contact_ref, rec.line, f"group “{rec.name}”")
            cur.execute(
                "INSERT OR IGNORE INTO membership (contact_id, group_id, slot_id, role, added_at) VALUES (?, ?, ?, ?, ?)",
                (cid, gid, slots.get(role.casefold()) if role else None, role, self._now),
            )

    def _apply_invitation(self, rec: InvitationRecord) -> None:
        cur = self._cursor
        url = normalize.profile_url(rec.profile_url) or None
        sent = _sql_value(rec.sent_at)
        # The same invitation: same direction and time, and the same profile, or the same name when either side
        # has no profile URL (LinkedIn added the URL columns in 2023, so an older and a newer export of one
        # invitation differ there). Two different profile URLs are two people, whatever the names.
        existing = cur.execute(
            "SELECT id, message, profile_url, contact_id FROM invitation"
            " WHERE direction = ? AND sent_at IS ?"
            " AND (profile_url = ? OR (name = ? AND (profile_url IS NULL OR CAST(? AS TEXT) IS NULL))) ORDER BY id LIMIT 1",
            (rec.direction, sent, url, rec.name, url),
        ).fetchone()
        contact_id = self._ref_to_id.get(rec.contact_ref) if rec.contact_ref is not None else None
        if contact_id is None and url:
            contact_id = self._contact_with_url(url)
        if existing is not None:
            iid, old_message, old_url, old_contact = existing
            # Fill in only what is missing; the user's own work on the invitation (state, reply, note) stays.
            filled = {}
            if rec.message and old_message != rec.message:
                filled["message"] = rec.message
            if url and old_url is None:
                filled["profile_url"] = url
            if contact_id is not None and old_contact is None:
                filled["contact_id"] = contact_id
            if filled:
                assignments = ", ".join(f"{name} = ?" for name in filled)
                cur.execute(
                    f"UPDATE invitation SET {assignments}, updated_at = ? WHERE id = ?",
                    (*filled.values(), self._now, iid),
                )
                self.report.invitations_updated += 1
            return
        keep_id = rec.ref if self._empty_tables["invitation"] and rec.ref else None
        id_column, id_mark, id_value = _kept_id(keep_id)
        cur.execute(
            f"INSERT INTO invitation ({id_column}direction, name, profile_url, message, sent_at, state, reply,"
            f" note, contact_id, state_changed_at, created_at, updated_at)"
            f" VALUES ({id_mark}?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *id_value,
                rec.direction,
                rec.name,
                url,
                rec.message,
                sent,
                rec.state or "new",
                rec.reply,
                rec.note,
                contact_id,
                _sql_value(rec.state_changed_at) or self._now,
                _sql_value(rec.created_at) or self._now,
                _sql_value(rec.updated_at) or self._now,
            ),
        )
        iid = cur.lastrowid
        cur.executemany(
            "INSERT INTO invitation_event (invitation_id, from_state, to_state, at, note) VALUES (?, ?, ?, ?, ?)",
            [(iid, e.from_state, e.to_state, _sql_value(e.at), e.note) for e in rec.events],
        )
        self.report.invitations_created += 1

    def _apply_introduction(self, rec: IntroductionRecord) -> None:
        cur = self._cursor
        cid = self._contact_for(rec.contact_ref, rec.line, "an introduction")
        scheduled = _sql_value(rec.scheduled_at)
        created = _sql_value(rec.created_at) or self._now
        existing = cur.execute(
            "SELECT id FROM introduction WHERE contact_id = ? AND scheduled_at IS ?"
            " AND agenda = ? AND created_at = ?",
            (cid, scheduled, rec.agenda, created),
        ).fetchone()
        if existing is not None:
            if rec.ref is not None:
                self._intro_refs[rec.ref] = existing[0]
            return
        keep_id = rec.ref if self._empty_tables["introduction"] and rec.ref else None
        id_column, id_mark, id_value = _kept_id(keep_id)
        cur.execute(
            f"INSERT INTO introduction ({id_column}contact_id, scheduled_at, duration_minutes, agenda, notes,"
            f" their_needs, my_offer, outcome, held_at, created_at, updated_at)"
            f" VALUES ({id_mark}?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                *id_value,
                cid,
                scheduled,
                rec.duration_minutes,
                rec.agenda,
                rec.notes,
                rec.their_needs,
                rec.my_offer,
                rec.outcome,
                _sql_value(rec.held_at),
                created,
                _sql_value(rec.updated_at) or self._now,
            ),
        )
        if rec.ref is not None:
            self._intro_refs[rec.ref] = cur.lastrowid
        self.report.introductions_created += 1

    def _interaction_contact(self, rec: InteractionRecord) -> int | None:
        """The contact an interaction belongs to; None (and a skipped row in the report) when there is none.

        The archive names it by reference (a missing one is a broken file). Other files name the person: the
        profile URL decides first, then the exact full name ignoring case and spacing — if exactly one contact
        has it (namesakes are ambiguous, and guessing would attach a conversation to the wrong person).
        """
        if rec.contact_ref is not None:
            return self._contact_for(rec.contact_ref, rec.line, "an interaction")
        url = normalize.profile_url(rec.contact_url)
        if url and (cid := self._contact_with_url(url)) is not None:
            return cid
        name = rec.contact_name.strip()
        who = name or url
        if name:
            if self._by_full_name is None:
                self._by_full_name = {}
                for cid, full, deleted in self._cursor.execute(
                    "SELECT id, full_name, deleted_at FROM contact ORDER BY deleted_at IS NOT NULL, id"
                ):
                    self._by_full_name.setdefault(_full_name_key(full), []).append((cid, deleted is None))
            candidates = self._by_full_name.get(_full_name_key(name), [])
            active = [cid for cid, alive in candidates if alive]
            if len(active) == 1 or (not active and len(candidates) == 1):
                return active[0] if active else candidates[0][0]
            if len(candidates) > 1:
                self.report.skip(Skipped(rec.line, f"{len(candidates)} contacts are named “{name}”"))
                return None
        if who:
            self.report.skip(Skipped(rec.line, f"“{who}” is not among your contacts"))
        else:
            self.report.skip(Skipped(rec.line, "an interaction that names no one"))
        return None

    def _apply_interaction(self, rec: InteractionRecord) -> None:
        cur = self._cursor
        cid = self._interaction_contact(rec)
        if cid is None:
            return
        occurred = _sql_value(rec.occurred_at)
        existing = cur.execute(
            "SELECT 1 FROM interaction WHERE contact_id = ? AND kind = ? AND occurred_at = ? AND note = ?",
            (cid, rec.kind, occurred, rec.note),
        ).fetchone()
        if existing is not None:
            return
        intro = self._intro_refs.get(rec.introduction_ref) if rec.introduction_ref is not None else None
        cur.execute(
            "INSERT INTO interaction (contact_id, kind, occurred_at, note, introduction_id, created_at, private)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cid, rec.kind, occurred, rec.note, intro, _sql_value(rec.created_at) or self._now, bool(rec.private)),
        )
        self.report.interactions_created += 1


GROUP_COLOURS = ("#4C78A8", "#F58518", "#54A24B", "#E45756", "#72B7B2", "#B279A2", "#EECA3B", "#9D755D")


def _default_colour(position: int) -> str:
    return GROUP_COLOURS[position % len(GROUP_COLOURS)]


def import_items(items: Iterable[Any], name: str = "records", format_name: str = "records", **kwargs: Any) -> ImportReport:
    """Import an in-memory list of records (tests, small scripted imports)."""

    class _ListSource:
        def __init__(self) -> None:
            self.format_name = format_name
            self.display_name = name

        def items(self) -> Iterator[Any]:
            yield from items

        def fraction(self) -> float:
            return 0.0

    return Importer(**kwargs).run(_ListSource())
