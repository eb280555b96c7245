"""Applying what a reader produced to the database: matching, merging, one transaction, a report.

Readers (in ``linkorganizer.formats``) stream records; :class:`Importer` consumes them in chunks so a file of any
size needs memory for one chunk only. Matching an incoming contact to an existing one: normalised profile URL,
else an e-mail address, else the same first name, last name and company — but never two different profile URLs:
namesakes at one company are common, and they are different people. Non-empty values from the file
overwrite; empty ones never erase what the user has. Notes are appended, never replaced.
"""

from __future__ import annotations

import datetime as _dt
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
    FIELD_KINDS,
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
from linkorganizer.db.models import utcnow

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


def storable_name(name: str) -> str:
    """A file name as text the database can hold: bytes that were not UTF-8 (kept by the OS as surrogate
    escapes) become "�" — the history still shows the rest of the name."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _now_text() -> str:
    return str(utcnow())


# The search index's per-row insert trigger, which an import replaces by one bulk fill after the rows.
SEARCH_INSERT_TRIGGER = "contact_search_ai"
SEARCH_FILL_BATCH = 50_000  # contact ids per bulk fill statement (passed as one JSON array)
IMPORT_CACHE_KIB = 32_768  # page cache for the import transaction (the connection's default is 2 MB)
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


def _sql_value(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        return str(value.replace(microsecond=0, tzinfo=None))
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


_SCALAR_PLAN = _scalar_plan()


def _name_key(first: str, last: str, company: str) -> tuple[str, str, str] | None:
    if not (first or last):
        return None
    return (first.strip().casefold(), last.strip().casefold(), company.strip().casefold())


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
        with db.atomic("IMMEDIATE") as txn:
            self._streaming = False  # applying groups, invitations … as they come (after ContactsComplete)
            self._begin(source)
            cache = self._cursor.execute("PRAGMA cache_size").fetchone()[0]
            self._cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
            try:
                self._suspend_search_trigger()
                for item in source.items():
                    self._dispatch(item)
                self._flush()
                self._finish()
                self._fill_search_index()
            finally:
                self._cursor.execute(f"PRAGMA cache_size = {int(cache)}")
            if self.dry_run:
                txn.rollback()
        return self.report

    def _suspend_search_trigger(self) -> None:
        """Drop the search index's per-row insert trigger for this transaction (put back by _fill_search_index,
        or by the rollback): FTS5 indexes thousands of rows at once far faster than one at a time."""
        row = self._cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (SEARCH_INSERT_TRIGGER,)
        ).fetchone()
        self._search_trigger_sql: str | None = row[0] if row else None
        if self._search_trigger_sql:
            self._cursor.execute(f"DROP TRIGGER {SEARCH_INSERT_TRIGGER}")
        # New contacts that a later chunk of the same file updated: the update trigger indexed them already.
        self._indexed_new: set[int] = set()

    def _fill_search_index(self) -> None:
        """Index every contact this import created, from the same view the triggers use, and restore the trigger."""
        if self._search_trigger_sql is None:
            return
        cur = self._cursor
        if self._indexed_new:
            cur.executemany("DELETE FROM contact_search WHERE rowid = ?", [(cid,) for cid in sorted(self._indexed_new)])
        ids = sorted(self._used_ids)
        for start in range(0, len(ids), SEARCH_FILL_BATCH):
            cur.execute(
                "INSERT INTO contact_search(rowid, name, company, position, location, notes, details, tags)"
                " SELECT id, name, company, position, location, notes, details, tags FROM contact_search_doc"
                " WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[start : start + SEARCH_FILL_BATCH]),),
            )
        cur.execute(self._search_trigger_sql)

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
        self._by_url: dict[str, int] = {}
        self._by_email: dict[str, int] = {}
        self._by_phone: dict[str, int] = {}
        self._by_name: dict[tuple[str, str, str], list[int]] = {}
        self._url_of: dict[int, str] = {}
        self._person_of: dict[int, tuple[str, str]] = {}  # contact id -> casefolded first and last name
        self._shown_of: dict[int, str] = {}  # … and as written, for messages
        for cid, url, first, last, company in cur.execute(
            "SELECT id, profile_url, first_name, last_name, company FROM contact ORDER BY id"
        ).fetchall():
            if url:
                self._by_url[url] = cid
                self._url_of[cid] = url
            if person := _person_key(first, last):
                self._person_of[cid] = person
                self._shown_of[cid] = f"{first.strip()} {last.strip()}"
            key = _name_key(first, last, company)
            if key:
                self._by_name.setdefault(key, []).append(cid)
        for cid, kind, value in cur.execute(
            "SELECT contact_id, kind, value FROM contact_field WHERE kind IN ('email', 'phone')"
        ):
            if kind == "email":
                self._by_email.setdefault(normalize.email_key(value), cid)
            elif key := _phone_match_key(value):
                self._by_phone.setdefault(key, cid)
        row = cur.execute("SELECT max(id), count(*) FROM contact").fetchone()
        self._next_id = (row[0] or 0) + 1
        # Into an empty network the app's own archive keeps its ids, so export → import → export is identical.
        self._keep_refs = row[1] == 0
        self._used_ids: set[int] = set()
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

    def _match(self, rec: ContactRecord, key: tuple[str, str, str] | None) -> int | None:
        if rec.profile_url:
            cid = self._by_url.get(rec.profile_url)
            if cid is not None:
                return cid
        for email in rec.emails:
            cid = self._by_email.get(normalize.email_key(email.value))
            if cid is None:
                continue
            # A shared address (a team mailbox, an assistant) is no proof of one person: another profile URL or
            # another name makes it two people, imported apart and said so, never merged.
            other_url = bool(rec.profile_url) and self._url_of.get(cid, rec.profile_url) != rec.profile_url
            person = _person_key(rec.first_name, rec.last_name)
            known = self._person_of.get(cid)
            other_name = person is not None and known is not None and not _same_person(person, known)
            if not (other_url or other_name):
                return cid
            self.report.warn(
                RowWarning(
                    rec.line,
                    f"shares the e-mail {email.value.strip()} with another person ({self._who(cid)}); "
                    "imported as a separate contact",
                )
            )
        for cid in self._by_name.get(key, ()) if key else ():
            # A namesake with another profile URL is another person.
            if not rec.profile_url or cid not in self._url_of:
                return cid
        if not key:
            # Nameless records (a company's switchboard, say) are known by their phone numbers.
            for phone in rec.phones:
                cid = self._by_phone.get(_phone_match_key(phone.value))
                if cid is not None and (not rec.profile_url or cid not in self._url_of):
                    return cid
        return None

    def _who(self, cid: int) -> str:
        return self._shown_of.get(cid) or f"contact {cid}"

    def _remember(self, rec: ContactRecord, cid: int, key: tuple[str, str, str] | None) -> None:
        if (person := _person_key(rec.first_name, rec.last_name)) is not None and cid not in self._person_of:
            self._person_of[cid] = person
            self._shown_of[cid] = f"{rec.first_name.strip()} {rec.last_name.strip()}"
        if rec.profile_url:
            self._by_url.setdefault(rec.profile_url, cid)
            self._url_of.setdefault(cid, rec.profile_url)
        for email in rec.emails:
            self._by_email.setdefault(normalize.email_key(email.value), cid)
        for phone in rec.phones:
            if phone_key := _phone_match_key(phone.value):
                self._by_phone.setdefault(phone_key, cid)
        if key:
            namesakes = self._by_name.setdefault(key, [])
            if cid not in namesakes:
                namesakes.append(cid)

    def _allocate(self, rec: ContactRecord) -> int:
        if self._keep_refs and rec.ref is not None and rec.ref > 0 and rec.ref not in self._used_ids:
            cid = rec.ref
        else:
            while self._next_id in self._used_ids:
                self._next_id += 1
            cid = self._next_id
        self._used_ids.add(cid)
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
        new: list[tuple[ContactRecord, int]] = []
        matched: list[tuple[ContactRecord, int]] = []
        for rec in records:
            rec.profile_url = normalize.profile_url(rec.profile_url)
            key = _name_key(rec.first_name, rec.last_name, rec.company)
            cid = self._match(rec, key)
            if cid is None:
                cid = self._allocate(rec)
                new.append((rec, cid))
            else:
                matched.append((rec, cid))
                if cid in self._used_ids:
                    self._indexed_new.add(cid)
            if rec.ref is not None:
                self._ref_to_id[rec.ref] = cid
            self._remember(rec, cid, key)
        if new:
            self._insert_new(new)
        if matched:
            self._merge_matched(matched)
        self._tick()

    def _full_name(self, rec: ContactRecord) -> str:
        email = rec.emails[0].value if rec.emails else ""
        return normalize.full_name(
            rec.display_name, rec.first_name, rec.middle_name, rec.last_name, rec.company, email, suffix=rec.name_suffix
        )

    def _insert_new(self, new: list[tuple[ContactRecord, int]]) -> None:
        cur = self._cursor
        rows = []
        field_rows: list[tuple[Any, ...]] = []
        names: list[str] = []
        now = self._now
        format_name = self._source.format_name
        get_scalars, converted, url_fields, stage_at, source_at = _SCALAR_PLAN
        for rec, cid in new:
            stage = rec.stage if rec.stage in STAGES else self._default_stage
            full = self._full_name(rec)
            stamp = _sql_value(rec.updated_at) if rec.updated_at else now
            scalars = list(get_scalars(rec))
            for i in converted:
                scalars[i] = _sql_value(scalars[i])
            for i in url_fields:
                scalars[i] = scalars[i] or None  # NULL: the UNIQUE index allows many unknowns
            scalars[stage_at] = stage
            scalars[source_at] = rec.source or format_name
            rows.append(
                (
                    cid,
                    *scalars,
                    full,
                    normalize.sort_key(full),
                    rec.photo,
                    json.dumps(rec.extra, ensure_ascii=False, sort_keys=True) if rec.extra else "{}",
                    _sql_value(rec.created_at) if rec.created_at else now,
                    stamp,
                    _sql_value(rec.deleted_at) if rec.deleted_at else None,
                )
            )
            names.append(full)
            for kind, attr in FIELD_LISTS.items():
                seen: set[str] = set()
                for position, item in enumerate(getattr(rec, attr)):
                    key = _field_key(kind, item.value)
                    if item.value.strip() and key not in seen:
                        seen.add(key)
                        field_rows.append((cid, kind, item.label, item.value.strip(), position))
        insert_rows(cur, "contact", INSERT_COLUMNS, rows)
        insert_rows(cur, "contact_field", ("contact_id", "kind", "label", "value", "position"), field_rows)
        for rec, cid in new:
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
                " VALUES (?, '', ?, ?, 0, ?, ?)",
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

    def _snapshots(self, ids: list[int]) -> dict[int, dict[str, Any]]:
        cur = self._cursor
        marks = ",".join("?" * len(ids))
        columns = ("id", "full_name", "deleted_at", "photo", "extra", *OVERWRITE_FIELDS, *APPEND_FIELDS)
        snaps: dict[int, dict[str, Any]] = {}
        for row in cur.execute(f"SELECT {', '.join(columns)} FROM contact WHERE id IN ({marks})", ids):
            snap = dict(zip(columns, row))
            snap["fields"] = {kind: set() for kind in FIELD_KINDS}
            snap["tags"] = set()
            snap["groups"] = set()
            snaps[snap["id"]] = snap
        for cid, kind, value in cur.execute(
            f"SELECT contact_id, kind, value FROM contact_field WHERE contact_id IN ({marks})", ids
        ):
            snaps[cid]["fields"][kind].add(_field_key(kind, value))
        for cid, name in cur.execute(
            f"SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
            f" WHERE ct.contact_id IN ({marks})",
            ids,
        ):
            snaps[cid]["tags"].add(name.casefold())
        for cid, name in cur.execute(
            f"SELECT m.contact_id, g.name FROM membership m JOIN goal_group g ON g.id = m.group_id"
            f" WHERE m.contact_id IN ({marks})",
            ids,
        ):
            snaps[cid]["groups"].add(name.casefold())
        for cid in ids:
            snaps[cid]["groups"].update(self._group_links.get(cid, ()))
        return snaps

    def _merge_matched(self, matched: list[tuple[ContactRecord, int]]) -> None:
        cur = self._cursor
        snaps = self._snapshots(sorted({cid for _, cid in matched}))
        for rec, cid in matched:
            snap = snaps[cid]
            changes: dict[str, tuple[Any, Any]] = {}
            for name in OVERWRITE_FIELDS:
                new_value = getattr(rec, name)
                if new_value in ("", None):
                    continue
                new_sql = _sql_value(new_value)
                if name == "profile_url" and new_sql in self._by_url and self._by_url[new_sql] != cid:
                    continue  # another contact owns that profile; keep the data consistent
                if snap[name] != new_sql:
                    changes[name] = (snap[name], new_sql)
            for name in APPEND_FIELDS:
                text = getattr(rec, name).strip()
                old = snap[name] or ""
                if text and text not in old:
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
                have = snap["fields"][kind]
                for item in getattr(rec, attr):
                    key = _field_key(kind, item.value)
                    if item.value.strip() and key not in have:
                        have.add(key)
                        added_fields.append((cid, kind, item.label, item.value.strip(), 100 + len(have)))
            added_links = self._link_tags_and_groups(cid, rec, snap["tags"], snap["groups"])
            if added_fields:
                cur.executemany(
                    "INSERT INTO contact_field (contact_id, kind, label, value, position) VALUES (?, ?, ?, ?, ?)",
                    added_fields,
                )
                changes["details"] = ("", ", ".join(f[3] for f in added_fields))
            if added_links:
                changes["labels"] = ("", ", ".join(added_links))
            if not changes:
                self.report.unchanged += 1
                continue
            scalar = {k: v[1] for k, v in changes.items() if k not in {"details", "labels"}}
            if scalar:
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
            assignments = ", ".join(f"{name} = ?" for name in scalar)
            cur.execute(f"UPDATE contact SET {assignments} WHERE id = ?", (*scalar.values(), cid))
            if snap["deleted_at"] is not None:
                self.report.in_trash += 1
            self.report.updated += 1
            shown = {k: v for k, v in changes.items() if k not in {"photo", "extra"}}
            change = ContactChange(cid, snap["full_name"], shown)
            self.report.changes.append(change)
            if change.is_job_change:
                job_changes.record(cur, cid, changes, self._now[:10], self.report.batch_id)

    # -- everything else ---------------------------------------------------------------------------------------

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
                    int(rec.collapsed),
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
            " WHERE direction = ? AND coalesce(sent_at, '') = coalesce(?, '')"
            " AND (profile_url = ? OR (name = ? AND (profile_url IS NULL OR ? IS NULL))) ORDER BY id LIMIT 1",
            (rec.direction, sent, url, rec.name, url),
        ).fetchone()
        contact_id = self._ref_to_id.get(rec.contact_ref) if rec.contact_ref is not None else None
        if contact_id is None and url:
            contact_id = self._by_url.get(url)
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
        cur.execute(
            "INSERT INTO invitation (id, direction, name, profile_url, message, sent_at, state, reply, note, contact_id,"
            " state_changed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                keep_id,
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
            "SELECT id FROM introduction WHERE contact_id = ? AND coalesce(scheduled_at, '') = coalesce(?, '')"
            " AND agenda = ? AND created_at = ?",
            (cid, scheduled, rec.agenda, created),
        ).fetchone()
        if existing is not None:
            if rec.ref is not None:
                self._intro_refs[rec.ref] = existing[0]
            return
        keep_id = rec.ref if self._empty_tables["introduction"] and rec.ref else None
        cur.execute(
            "INSERT INTO introduction (id, contact_id, scheduled_at, duration_minutes, agenda, notes, their_needs,"
            " my_offer, outcome, held_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                keep_id,
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
        if url and url in self._by_url:
            return self._by_url[url]
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
            "INSERT INTO interaction (contact_id, kind, occurred_at, note, introduction_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (cid, rec.kind, occurred, rec.note, intro, _sql_value(rec.created_at) or self._now),
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
