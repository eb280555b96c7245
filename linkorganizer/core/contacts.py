"""Contacts: queries for the table (search and sort in SQL) and the mutations the UI and CLI perform."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from peewee import BlobField, TextField

from linkorganizer.core import fields as spec
from linkorganizer.core import normalize
from linkorganizer.core.records import FIELD_KINDS, STAGE_LABELS, STAGES, Labeled, stored_json
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import Contact, ContactField, ContactTag, GoalGroup, Tag, utcnow

# Declared once in core.fields; re-exported here for the callers that know them by these names.
SCALAR_FIELDS: tuple[str, ...] = spec.SCALAR_FIELDS
TEXT_FIELDS = spec.TEXT_FIELDS
NAME_FIELDS = spec.NAME_FIELDS


class ValidationError(ValueError):
    """A value the user entered that cannot be stored, with a sentence saying why."""


class EditConflict(ValidationError):
    """A field changed by someone else while it was being edited: the edit was not saved.

    Raised by :func:`update_contact` and :func:`set_contact_fields` when they are given the value the editor
    showed when editing began (*expected*) and the stored value is neither that nor the new one. It carries what
    the editor needs to ask which value to keep: the field (its name and label, from :mod:`core.fields`), their
    value (stored now) and yours, and — when the undo log still knows — who changed it last (the server role;
    "" on a file, where everyone is the same user) and when (naive UTC).
    """

    def __init__(
        self, contact_id: int, field: str, theirs: Any, yours: Any, author: str = "",
        changed_at: _dt.datetime | None = None,
    ) -> None:  # fmt: skip
        self.contact_id = contact_id
        self.field = field
        self.label = spec.BY_NAME[field].label if field in spec.BY_NAME else field
        self.theirs = theirs
        self.yours = yours
        self.author = author
        self.changed_at = changed_at
        who = author or "Someone else"
        when = f" ({changed_at:%Y-%m-%d %H:%M} UTC)" if changed_at else ""
        super().__init__(
            f"{who} changed {self.label}{when} while you were editing; your change was not saved"
            f" (theirs: {_said(theirs)}, yours: {_said(yours)})."
        )


def _said(value: Any) -> str:
    if value in (None, "", []):
        return "empty"
    if isinstance(value, list):
        return "; ".join(f"{item.label}: {item.value}" if item.label else item.value for item in value)
    return f"“{value}”"


def _same(a: Any, b: Any) -> bool:
    """Whether two values of a field are the same value: an empty text and no value are (the editor shows both as
    an empty field)."""
    return a == b or (a in (None, "") and b in (None, ""))


# --------------------------------------------------------------------------------------------------- queries

# Sort keys → SQL expressions over the contact row ``c``. Blank values always sort last.
SORT_EXPRESSIONS: dict[str, str] = {
    "name": "c.sort_name",
    "company": "c.company",
    "position": "c.position",
    "location": "c.location",
    "name_suffix": "c.name_suffix",
    "email": "(SELECT f.value FROM contact_field f WHERE f.contact_id = c.id AND f.kind = 'email'"
    " ORDER BY f.position LIMIT 1)",
    "phone": "(SELECT f.value FROM contact_field f WHERE f.contact_id = c.id AND f.kind = 'phone'"
    " ORDER BY f.position LIMIT 1)",
    "connected_on": "c.connected_on",
    "stage": "CASE c.stage " + " ".join(f"WHEN '{s}' THEN {i}" for i, s in enumerate(STAGES)) + " END",
    # group_concat keeps the order of an ordered subquery, so tags read alphabetically and groups in board order.
    "tags": "(SELECT group_concat(name, ', ') FROM (SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
    " WHERE ct.contact_id = c.id ORDER BY t.name COLLATE NOCASE) AS names)",
    "groups": "(SELECT group_concat(name, ', ') FROM (SELECT g.name FROM membership m"
    " JOIN goal_group g ON g.id = m.group_id WHERE m.contact_id = c.id ORDER BY g.position, g.name) AS names)",
    "source": "c.source",
    # Not a note (TOUCHING_SQL below): a note is about them, not contact with them.
    "last_interaction": "(SELECT max(i.occurred_at) FROM interaction i WHERE i.contact_id = c.id"
    " AND i.kind <> 'note')",
    "job_changed": "(SELECT max(j.changed_on) FROM job_change j WHERE j.contact_id = c.id)",
    "created_at": "c.created_at",
    "updated_at": "c.updated_at",
}
TEXTUAL_SORTS = frozenset({"company", "position", "location", "name_suffix", "email", "phone", "tags", "groups", "source"})


@dataclass(frozen=True, slots=True)
class ContactQuery:
    """What the contact table shows: search text, sort, the trash or not, and the filters of CONTACT_FILTERS.

    A filter field left at None (False for a yes/no filter) does not filter.
    """

    text: str = ""
    sort: str = "name"
    descending: bool = False
    trash: bool = False
    tag: str | None = None
    group_id: int | None = None
    stage: str | None = None
    source: str | None = None
    company: str | None = None
    connected: tuple[str, str] | None = None  # (from, to) as YYYY-MM-DD; either may be "" (open-ended)
    last_interaction: str | None = None  # a key of LAST_INTERACTION_CHOICES
    due: bool = False
    has_notes: bool = False
    job_changed: bool = False  # only contacts an import saw change company or position
    active: bool = False  # an interaction in the last ACTIVE_DAYS days (the Insights page's "active")
    clutter: bool = False  # nothing that makes them a relationship (the Insights page's "clutter")


# ------------------------------------------------------------------------------------------------- filters

Condition = tuple[str, list[Any]]


@dataclass(frozen=True, slots=True)
class FilterKind:
    """One way to narrow the contact table: the ContactQuery field it sets, how the UI asks for a value, and the
    SQL condition (over the contact row ``c``) a value becomes. Adding a filter is one entry of CONTACT_FILTERS
    (and its field on ContactQuery); the filter bar, its chips and saved views follow from it.

    editor: "choice" (one of ``options()``), "text", "date_range" or "flag" (yes/no).
    """

    key: str
    title: str
    editor: str
    condition: Callable[[Any, _dt.date], Condition]
    options: Callable[[], list[tuple[Any, str]]] | None = None


# Within the last N days, not in the last N days (never included), never: the "Last interaction" filter.
LAST_INTERACTION_CHOICES: dict[str, tuple[str, int | None]] = {
    "week": ("In the last 7 days", 7),
    "month": ("In the last 30 days", 30),
    "quarter": ("In the last 90 days", 90),
    "year": ("In the last year", 365),
    "not_quarter": ("Not in the last 90 days", 90),
    "not_year": ("Not in the last year", 365),
    "never": ("Never", None),
}

# An interaction that is contact with the person (on ``interaction i``): every kind but a note, which is written
# about them, to oneself — it is in their history, not their last interaction, the cadence or "active".
TOUCHING_SQL = "i.kind <> 'note'"


def last_touch_sql(last: str, connected: str, added: str) -> str:
    """The keep-in-touch rule, written once (interactions.keep_in_touch and the "due" filter use it): the day a
    contact was last in touch is the latest interaction up to today (*last*), unless they connected later; then
    the connection date; failing both, the day they were added. The arguments are the SQL of those three days."""
    return (
        f"CASE WHEN {last} IS NOT NULL AND ({connected} IS NULL OR {last} >= {connected}) THEN {last}"
        f" WHEN {connected} IS NOT NULL THEN {connected} ELSE {added} END"
    )


_LAST_TOUCH_SQL = (
    f"(SELECT {last_touch_sql('l.last', 'c.connected_on', 'date(c.created_at)')}"
    " FROM (SELECT date(max(i.occurred_at)) AS last FROM interaction i"
    f" WHERE i.contact_id = c.id AND {TOUCHING_SQL} AND i.occurred_at < ?) l)"
)


def _tag_condition(value: Any, _today: _dt.date) -> Condition:
    return (
        "EXISTS (SELECT 1 FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        " WHERE ct.contact_id = c.id AND t.name = ? COLLATE NOCASE)",
        [value],
    )


def _group_condition(value: Any, _today: _dt.date) -> Condition:
    return "EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id AND m.group_id = ?)", [int(value)]


def _connected_condition(value: Any, _today: _dt.date) -> Condition:
    start, end = (list(value) + ["", ""])[:2]
    parts, params = [], []
    if start:
        parts.append("c.connected_on >= ?")
        params.append(str(start))
    if end:
        parts.append("c.connected_on <= ?")
        params.append(str(end))
    if not parts:
        return "c.connected_on IS NOT NULL", []
    return "(" + " AND ".join(parts) + ")", params


def _last_interaction_condition(value: Any, today: _dt.date) -> Condition:
    if value not in LAST_INTERACTION_CHOICES:
        raise ValueError(f"unknown last-interaction choice {value!r}")
    days = LAST_INTERACTION_CHOICES[value][1]
    if days is None:
        never = f"NOT EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id AND {TOUCHING_SQL} AND i.occurred_at < ?)"
        return never, [(today + _dt.timedelta(days=1)).isoformat()]
    since = (today - _dt.timedelta(days=days - 1)).isoformat()
    recent = (f"EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id AND {TOUCHING_SQL}"
              " AND i.occurred_at >= ? AND i.occurred_at < ?)")
    sql = recent if not value.startswith("not_") else "NOT " + recent
    return sql, [since, (today + _dt.timedelta(days=1)).isoformat()]


def _due_condition(_value: Any, today: _dt.date) -> Condition:
    tomorrow = (today + _dt.timedelta(days=1)).isoformat()
    return (
        f"(c.cadence_days > 0 AND julianday(?) - julianday({_LAST_TOUCH_SQL}) >= c.cadence_days)",
        [today.isoformat(), tomorrow],
    )


# The Insights page's two halves of the network, shared with core/insights.py so a click on a chart shows exactly
# the people it counted.
ACTIVE_DAYS = 90
ACTIVE_SQL = (
    f"EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id AND {TOUCHING_SQL}"
    " AND i.occurred_at >= ? AND i.occurred_at < ?)"
)
CLUTTER_SQL = (
    "(c.notes = '' AND c.help_them = '' AND c.help_me = ''"
    " AND NOT EXISTS (SELECT 1 FROM interaction i WHERE i.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id)"
    " AND NOT EXISTS (SELECT 1 FROM introduction n WHERE n.contact_id = c.id))"
)


def active_params(today: _dt.date) -> list[str]:
    """The parameters of ACTIVE_SQL: from ACTIVE_DAYS days ago up to the end of *today*."""
    return [(today - _dt.timedelta(days=ACTIVE_DAYS)).isoformat(), (today + _dt.timedelta(days=1)).isoformat()]


def _stage_options() -> list[tuple[Any, str]]:
    return [(stage, STAGE_LABELS[stage]) for stage in STAGES]


def _tag_options() -> list[tuple[Any, str]]:
    return [(name, name) for name in all_tags()]


def _group_options() -> list[tuple[Any, str]]:
    return [(gid, name) for gid, name in GoalGroup.select(GoalGroup.id, GoalGroup.name).order_by(GoalGroup.position, GoalGroup.id).tuples()]


def _source_options() -> list[tuple[Any, str]]:
    rows = current_database().execute_sql(
        "SELECT source FROM contact WHERE source <> '' GROUP BY source ORDER BY source COLLATE NOCASE"
    )
    return [(source, SOURCE_LABELS.get(source, source)) for (source,) in rows]


SOURCE_LABELS: dict[str, str] = {"manual": "Added by hand", "linkedin": "LinkedIn"}

CONTACT_FILTERS: tuple[FilterKind, ...] = (
    FilterKind("stage", "Stage", "choice", lambda v, _t: ("c.stage = ?", [v]), _stage_options),
    FilterKind("tag", "Tag", "choice", _tag_condition, _tag_options),
    FilterKind("group_id", "Goal group", "choice", _group_condition, _group_options),
    FilterKind("source", "Source", "choice", lambda v, _t: ("c.source = ?", [v]), _source_options),
    FilterKind(
        "company", "Company", "text",
        lambda v, _t: ("c.company LIKE ? ESCAPE '\\'", ["%" + _like_escape(str(v)) + "%"]),
    ),
    FilterKind("connected", "Connected", "date_range", _connected_condition),
    FilterKind(
        "last_interaction", "Last interaction", "choice", _last_interaction_condition,
        lambda: [(key, label) for key, (label, _days) in LAST_INTERACTION_CHOICES.items()],
    ),
    FilterKind("due", "Due or overdue", "flag", _due_condition),
    FilterKind("has_notes", "Has notes", "flag", lambda _v, _t: ("trim(c.notes) <> ''", [])),
    FilterKind(
        "job_changed", "Job changed", "flag",
        lambda _v, _t: ("EXISTS (SELECT 1 FROM job_change j WHERE j.contact_id = c.id)", []),
    ),
    FilterKind("active", "Active", "flag", lambda _v, today: (ACTIVE_SQL, active_params(today))),
    FilterKind("clutter", "Clutter", "flag", lambda _v, _t: (CLUTTER_SQL, [])),
)  # fmt: skip
FILTERS_BY_KEY: dict[str, FilterKind] = {kind.key: kind for kind in CONTACT_FILTERS}


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def active_filters(query: ContactQuery) -> dict[str, Any]:
    """The filters *query* applies, by key, in CONTACT_FILTERS order."""
    out: dict[str, Any] = {}
    for kind in CONTACT_FILTERS:
        value = getattr(query, kind.key)
        if value is not None and value is not False and value != "":
            out[kind.key] = value
    return out


def filter_conditions(query: ContactQuery, today: _dt.date | None = None) -> tuple[list[str], list[Any]]:
    """The SQL conditions (over ``c``) of the filters *query* applies, and their parameters."""
    today = today or _dt.datetime.now(_dt.UTC).date()
    where: list[str] = []
    params: list[Any] = []
    for key, value in active_filters(query).items():
        sql, values = FILTERS_BY_KEY[key].condition(value, today)
        where.append(sql)
        params.extend(values)
    return where, params


def fts_query(text: str) -> str:
    """Turn what a person types into an FTS5 query: every word must match, the last ones as prefixes."""
    terms = []
    for word in text.split():
        word = word.replace('"', " ").strip()
        if any(ch.isalnum() for ch in word):
            terms.append(f'"{word}"*')
    return " ".join(terms)


# How far down the name order the first screen of a search looks before it asks the search index instead: a
# word most contacts match ("m") finds a screen within a few hundred names, while a rare one is cheaper to look up
# in the index and sort (see query_contact_ids).
WALK_NAMES = 12_000


def _contact_query_sql(query: ContactQuery, today: _dt.date | None) -> tuple[str, str, list[Any]]:
    """The FROM … WHERE of *query* (over ``c``), its ORDER BY, and the parameters."""
    if query.sort not in SORT_EXPRESSIONS:
        raise ValueError(f"unknown sort key {query.sort!r}")
    params: list[Any] = []
    joins = ""
    where = ["c.deleted_at IS NOT NULL" if query.trash else "c.deleted_at IS NULL"]
    match = fts_query(query.text)
    if match:
        joins += " JOIN contact_search s ON s.rowid = c.id"
        where.append("contact_search MATCH ?")
        params.append(match)
    conditions, values = filter_conditions(query, today)
    where.extend(conditions)
    params.extend(values)
    expr = SORT_EXPRESSIONS[query.sort]
    direction = "DESC" if query.descending else "ASC"
    collate = " COLLATE NOCASE" if query.sort in TEXTUAL_SORTS else ""
    if query.sort == "name":
        # Every contact has a name to show, so no blanks-last rule.
        order = f"c.sort_name {direction}, c.id {direction}"
    else:
        order = (
            f"(coalesce(CAST(({expr}) AS TEXT), '') = ''), ({expr}){collate} {direction},"
            f" c.sort_name {direction}, c.id {direction}"
        )
    return f"FROM contact c{joins} WHERE {' AND '.join(where)}", order, params


def _first_names_walk(query: ContactQuery, today: _dt.date | None, limit: int) -> list[int] | None:
    """The first *limit* contacts of a query sorted by name, found by walking the first WALK_NAMES entries of the
    sort_name index (only the ids and names the index holds) and keeping those that match; None when fewer than
    *limit* of them do (then the query's own plan is cheaper: few contacts match)."""
    direction = "DESC" if query.descending else "ASC"
    where = ["c.deleted_at IS NOT NULL" if query.trash else "c.deleted_at IS NULL"]
    params: list[Any] = [WALK_NAMES]
    match = fts_query(query.text)
    if match:
        where.insert(0, "w.id IN (SELECT rowid FROM contact_search WHERE contact_search MATCH ?)")
        params.append(match)
    conditions, values = filter_conditions(query, today)
    where.extend(conditions)
    params.extend(values)
    sql = (
        "SELECT w.id, w.sort_name FROM (SELECT id, sort_name FROM contact INDEXED BY contact_sort_name"
        f" ORDER BY sort_name {direction}, id {direction} LIMIT ?) w"
        f" CROSS JOIN contact c ON c.id = w.id WHERE {' AND '.join(where)}"
    )
    # No ORDER BY outside: SQLite would then look up and sort every one of the WALK_NAMES rows before the first
    # is returned. The rows come in the walk's order, so the first *limit* are read and the statement stopped;
    # the order is checked, not assumed (a plan that reordered them falls back to the plain query).
    cursor = current_database().execute_sql(sql, params)
    try:
        rows = cursor.fetchmany(limit)
    finally:
        cursor.close()
    if len(rows) < limit:
        return None
    keys = [(name, cid) for cid, name in rows]
    if keys != sorted(keys, reverse=query.descending):
        return None
    return [cid for cid, _name in rows]


def query_contact_ids(query: ContactQuery, today: _dt.date | None = None, limit: int | None = None) -> list[int]:
    """Ids of the contacts matching *query*, in display order (the first *limit* of them when given). One SQL
    statement (two at most for a first screen); no rows are built.

    *today* is the day the date filters count from (the UTC day by default)."""
    if limit is not None and query.sort == "name" and not query.trash:
        found = _first_names_walk(query, today, limit)
        if found is not None:
            return found
    sql, params = _whole_query(query, today)
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    return [row[0] for row in current_database().execute_sql(sql, params).fetchall()]


def query_contact_ids_at_once(query: ContactQuery, today: _dt.date | None = None) -> list[int]:
    """:func:`query_contact_ids` without a limit, read from SQLite as one text: the statement runs to its end
    with no Python between its rows (a worker thread reading a long list leaves the interpreter to the window)."""
    sql, params = _whole_query(query, today)
    (text,) = current_database().execute_sql(
        f"SELECT group_concat(CAST(id AS TEXT)) FROM ({sql}) AS ids", params
    ).fetchone()
    # group_concat keeps the order of an ordered subquery (as the sort expressions above rely on too).
    return list(map(int, text.split(","))) if text else []


def _whole_query(query: ContactQuery, today: _dt.date | None) -> tuple[str, list[Any]]:
    where, order, params = _contact_query_sql(query, today)
    source = where
    if query.sort == "name" and not fts_query(query.text):
        # Every contact, or those a filter keeps: reading the table in one pass and sorting is three times faster
        # than walking the sort_name index and looking up each row (100 000 contacts: 80 ms against 250 ms).
        source = where.replace("FROM contact c", "FROM contact c NOT INDEXED", 1)
    return f"SELECT c.id {source} ORDER BY {order}", params


def has_contacts(trash: bool = False) -> bool:
    """Whether there is any contact (in the trash with *trash*): one row read, not a count."""
    condition = "deleted_at IS NOT NULL" if trash else "deleted_at IS NULL"
    return current_database().execute_sql(f"SELECT 1 FROM contact WHERE {condition} LIMIT 1").fetchone() is not None


class ContactRow(NamedTuple):
    """What the table shows for one contact."""

    id: int
    name: str
    company: str
    position: str
    location: str
    email: str
    phone: str
    connected_on: str
    stage: str
    tags: str
    groups: str
    source: str
    last_interaction: str
    created_at: str
    updated_at: str
    profile_url: str
    name_suffix: str
    job_changed: str  # the day of the latest job change an import saw, or ""


def fetch_rows(ids: Sequence[int]) -> dict[int, ContactRow]:
    """Rows for the given ids (any order; missing ids are simply absent)."""
    if not ids:
        return {}
    out: dict[int, ContactRow] = {}
    db = current_database()
    # Stay under SQLite's variable limit whatever the caller asks for.
    for start in range(0, len(ids), 900):
        chunk = list(ids[start : start + 900])
        marks = ",".join("?" * len(chunk))
        sql = (
            "SELECT c.id, c.full_name, c.company, c.position, c.location, "
            f"coalesce({SORT_EXPRESSIONS['email']}, ''), coalesce({SORT_EXPRESSIONS['phone']}, ''), "
            "coalesce(CAST(c.connected_on AS TEXT), ''), c.stage, "
            f"coalesce({SORT_EXPRESSIONS['tags']}, ''), coalesce({SORT_EXPRESSIONS['groups']}, ''), c.source, "
            f"coalesce(CAST({SORT_EXPRESSIONS['last_interaction']} AS TEXT), ''), c.created_at, c.updated_at, "
            "coalesce(c.profile_url, ''), c.name_suffix, "
            f"coalesce(CAST({SORT_EXPRESSIONS['job_changed']} AS TEXT), '') "
            f"FROM contact c WHERE c.id IN ({marks})"
        )
        for row in db.execute_sql(sql, chunk):
            values = [str(v) if v is not None else "" for v in row[1:]]
            out[row[0]] = ContactRow(row[0], *values)
    return out


def count_contacts(trash: bool = False) -> int:
    condition = Contact.deleted_at.is_null(not trash)
    return Contact.select().where(condition).count()


@dataclass(slots=True)
class ContactDetail:
    """Everything about one contact, for the editor and the exporters."""

    id: int
    values: dict[str, Any]
    fields: dict[str, list[Labeled]]
    tags: list[str]
    groups: list[str]
    extra: dict[str, Any] = field(default_factory=dict)
    photo: bytes | None = None
    full_name: str = ""
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
    deleted_at: _dt.datetime | None = None

    @property
    def emails(self) -> list[Labeled]:
        return self.fields["email"]

    @property
    def phones(self) -> list[Labeled]:
        return self.fields["phone"]


# The columns get_contacts reads, and the conversion each needs from what SQLite gives: Peewee's own, but only
# for the few columns that are not already text (dates, times, numbers), and without building its query or a model
# object per row: for an export of a whole network, that was most of its time.
_DETAIL_COLUMNS: tuple[str, ...] = (
    *SCALAR_FIELDS, "extra", "photo", "full_name", "created_at", "updated_at", "deleted_at"
)
_DETAIL_SQL = "SELECT id, " + ", ".join(f'"{name}"' for name in _DETAIL_COLUMNS) + " FROM contact WHERE id IN ({marks})"
_CONVERTED: tuple[tuple[int, Callable[[Any], Any]], ...] = tuple(
    (index, getattr(Contact, name).python_value)
    for index, name in enumerate(_DETAIL_COLUMNS)
    if not isinstance(getattr(Contact, name), TextField | BlobField)
)
_IN_CHUNK = 900  # under SQLite's variable limit, whatever version it is


def _id_chunks(contact_ids: Sequence[int]) -> Iterator[tuple[list[int], str]]:
    for start in range(0, len(contact_ids), _IN_CHUNK):
        chunk = list(contact_ids[start : start + _IN_CHUNK])
        yield chunk, ",".join("?" * len(chunk))


def contact_fields(contact_ids: Sequence[int]) -> dict[int, dict[str, list[Labeled]]]:
    out: dict[int, dict[str, list[Labeled]]] = {cid: {k: [] for k in FIELD_KINDS} for cid in contact_ids}
    db = current_database()
    for chunk, marks in _id_chunks(contact_ids):
        rows = db.execute_sql(
            "SELECT contact_id, kind, label, value FROM contact_field"
            f" WHERE contact_id IN ({marks}) ORDER BY contact_id, kind, position, id",
            chunk,
        )
        for cid, kind, label, value in rows:
            out[cid][kind].append(Labeled(value, label))
    return out


def _names_by_contact(contact_ids: Sequence[int], sql: str) -> dict[int, list[str]]:
    """Per contact, the names *sql* (``… WHERE x.contact_id IN ({marks}) …``, rows of contact id and name) lists."""
    out: dict[int, list[str]] = {cid: [] for cid in contact_ids}
    db = current_database()
    for chunk, marks in _id_chunks(contact_ids):
        for cid, name in db.execute_sql(sql.format(marks=marks), chunk):
            out[cid].append(name)
    return out


def contact_tags(contact_ids: Sequence[int]) -> dict[int, list[str]]:
    return _names_by_contact(
        contact_ids,
        "SELECT ct.contact_id, t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        " WHERE ct.contact_id IN ({marks}) ORDER BY t.name",
    )


def contact_groups(contact_ids: Sequence[int]) -> dict[int, list[str]]:
    return _names_by_contact(
        contact_ids,
        "SELECT m.contact_id, g.name FROM membership m JOIN goal_group g ON g.id = m.group_id"
        " WHERE m.contact_id IN ({marks}) ORDER BY g.position, g.name",
    )


def get_contacts(contact_ids: Sequence[int]) -> list[ContactDetail]:
    """Full details for many contacts with a fixed number of queries (for export and the editor)."""
    ids = list(contact_ids)
    db = current_database()
    rows: dict[int, list[Any]] = {}
    # Many contacts share a timestamp (an import's) or a day: each distinct stored text is converted once.
    converting = [(index, convert, {}) for index, convert in _CONVERTED]
    for chunk, marks in _id_chunks(ids):
        for row in db.execute_sql(_DETAIL_SQL.format(marks=marks), chunk):
            values = list(row[1:])
            for index, convert, seen in converting:
                raw = values[index]
                try:
                    values[index] = seen[raw]
                except KeyError:
                    values[index] = seen[raw] = convert(raw)
            rows[row[0]] = values
    fields = contact_fields(ids)
    tags = contact_tags(ids)
    groups = contact_groups(ids)
    n = len(SCALAR_FIELDS)
    out = []
    for cid in ids:
        row = rows.get(cid)
        if row is None:
            continue
        values = dict(zip(SCALAR_FIELDS, row))
        values["profile_url"] = values["profile_url"] or ""
        extra, photo, full, created, updated, deleted = row[n:]
        out.append(
            ContactDetail(
                id=cid,
                values=values,
                fields=fields[cid],
                tags=tags[cid],
                groups=groups[cid],
                extra=stored_json(extra, {}) if extra != "{}" else {},
                photo=bytes(photo) if photo is not None else None,
                full_name=full,
                created_at=created,
                updated_at=updated,
                deleted_at=deleted,
            )
        )
    return out


def get_contact(contact_id: int) -> ContactDetail | None:
    found = get_contacts([contact_id])
    return found[0] if found else None


# ------------------------------------------------------------------------------------------------- mutations


def clean_value(name: str, value: Any) -> Any:
    """Validate and normalise one scalar field as the user typed it; raises ValidationError."""
    if name not in SCALAR_FIELDS:
        raise ValidationError(f"Unknown contact field {name!r}.")
    if name in TEXT_FIELDS:
        value = "" if value is None else str(value)
        if name not in spec.VERBATIM_FIELDS:
            value = value.strip()
    if name == "profile_url":
        return normalize.profile_url(value or "") or None
    if name == "birthday":
        if not value:
            return ""
        cleaned = normalize.birthday(value)
        if not cleaned:
            raise ValidationError(f"“{value}” is not a date (use YYYY-MM-DD, or --MM-DD without a year).")
        return cleaned
    if name == "connected_on":
        if value in (None, ""):
            return None
        if isinstance(value, _dt.date):
            return value
        parsed = normalize.parse_date(str(value))
        if parsed is None:
            raise ValidationError(f"“{value}” is not a date.")
        return parsed
    if name == "cadence_days":
        if value in (None, "", 0):
            return None
        try:
            days = int(value)
        except (TypeError, ValueError):
            raise ValidationError("The keep-in-touch cadence is a number of days.") from None
        if days < 1 or days > 3650:
            raise ValidationError("The keep-in-touch cadence must be between 1 and 3650 days.")
        return days
    if name == "stage" and value not in STAGES:
        raise ValidationError(f"Unknown relationship stage {value!r}.")
    return value


def check_profile_url_free(url: str | None, contact_id: int | None) -> None:
    if not url:
        return
    query = Contact.select(Contact.id, Contact.full_name).where(Contact.profile_url == url)
    if contact_id is not None:
        query = query.where(Contact.id != contact_id)
    other = query.first()
    if other is not None:
        raise ValidationError(f"{other.full_name or 'Another contact'} already has the profile {url}.")


def _refresh_full_name(contact: Contact) -> None:
    first_email = (
        ContactField.select(ContactField.value)
        .where((ContactField.contact == contact.id) & (ContactField.kind == "email"))
        .order_by(ContactField.position)
        .scalar()
        if contact.id is not None
        else ""
    )
    contact.full_name = normalize.full_name(
        contact.display_name, contact.first_name, contact.middle_name, contact.last_name, contact.company,
        first_email or "", suffix=contact.name_suffix,
    )
    contact.sort_name = normalize.sort_key(contact.full_name)


def create_contact(
    values: dict[str, Any] | None = None,
    fields: dict[str, list[Labeled]] | None = None,
    tags: Iterable[str] = (),
    contact_id: int | None = None,
) -> int:
    """Create a contact and return its id. *contact_id* re-creates a known id (redo of an undone creation)."""
    values = dict(values or {})
    with atomic():
        cleaned = {name: clean_value(name, value) for name, value in values.items()}
        check_profile_url_free(cleaned.get("profile_url"), None)
        contact = Contact(**cleaned)
        if contact_id is not None:
            contact.id = contact_id
        contact.created_at = contact.updated_at = utcnow()
        contact.save(force_insert=True)
        for kind, items in (fields or {}).items():
            _write_fields(contact.id, kind, items)
        _refresh_full_name(contact)
        contact.save()
        for tag in tags:
            add_tag([contact.id], tag)
    return contact.id


def update_contact(
    contact_id: int, changes: dict[str, Any], expected: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Apply field changes; return the previous values of the fields that really changed (for undo).

    *expected* gives, for some of the fields, the value the user saw when they began editing it. When the stored
    value is neither that nor the new value, someone else changed the field meanwhile: :class:`EditConflict`,
    and nothing is written (the operation rolls back). A field already holding the new value is no conflict, and
    neither is a change of another field of the same contact.

    The stored value is compared, not a version counter of the row: a counter would call every edit of another
    field a conflict (two people filling in two fields of one contact), and the value compare needs no column in
    the schema. It is race-free on both backends: the compare is read inside the operation's transaction (on a
    file, that transaction holds the write lock), and the UPDATE names the value it read (``… WHERE id = ? AND
    company IS ?``); on a server, a change committed in between makes it update no row, and the fields are read
    and compared again.
    """
    cleaned = {name: clean_value(name, value) for name, value in changes.items()}
    if not cleaned:
        return {}
    expected = expected or {}
    fields = {name: getattr(Contact, name) for name in cleaned}
    columns = ", ".join(f'"{field.column_name}"' for field in fields.values())
    db = current_database()
    with atomic():
        if "profile_url" in cleaned:
            check_profile_url_free(cleaned["profile_url"], contact_id)
        for _attempt in range(100):
            row = db.execute_sql(f"SELECT {columns} FROM contact WHERE id = ?", (contact_id,)).fetchone()
            if row is None:
                raise Contact.DoesNotExist(f"there is no contact {contact_id}")
            raw = dict(zip(cleaned, row))  # as stored: the UPDATE below names these very values
            previous: dict[str, Any] = {}
            for name, value in cleaned.items():
                old = fields[name].python_value(raw[name])
                if old == value:
                    continue
                if name in expected and not _same(old, expected[name]):
                    if _same(old, value):
                        continue  # someone else wrote what you are writing
                    author, when = last_change(contact_id, name)
                    raise EditConflict(contact_id, name, old, value, author, when)
                previous[name] = old
            if not previous:
                return {}
            sets = [f'"{fields[name].column_name}" = ?' for name in previous]
            guards = [f'"{fields[name].column_name}" IS ?' for name in previous]
            params = [fields[name].db_value(cleaned[name]) for name in previous]
            cursor = db.execute_sql(
                f"UPDATE contact SET {', '.join(sets)}, updated_at = ? WHERE id = ? AND {' AND '.join(guards)}",
                (*params, Contact.updated_at.db_value(utcnow()), contact_id, *(raw[name] for name in previous)),
            )
            if cursor.rowcount:
                break
            # A change committed between the read and the write (on a server): read the fields again.
        else:
            raise RuntimeError(f"contact {contact_id} kept changing while it was being saved")
        # The row is this transaction's now (written, so locked on a server): the composed name follows it.
        contact = Contact.get_by_id(contact_id)
        full_name, sort_name = contact.full_name, contact.sort_name
        _refresh_full_name(contact)
        if (contact.full_name, contact.sort_name) != (full_name, sort_name):
            Contact.update(full_name=contact.full_name, sort_name=contact.sort_name).where(
                Contact.id == contact_id
            ).execute()
    return previous


def last_change(contact_id: int, name: str) -> tuple[str, _dt.datetime | None]:
    """Who (the server role; "" on a file) last changed a field of a contact, and when (naive UTC), as far as
    the undo log knows; ("", None) when it no longer does (history pruned, or the change was made outside the
    app). *name* is a scalar field, or a detail list (``emails``, ``phones`` …)."""
    db = current_database()
    if name in spec.DETAIL_KINDS:
        # A detail list is rewritten whole: the last operation that wrote or removed a row of it.
        row = db.execute_sql(
            """SELECT o.author, o.created_at FROM op o WHERE o.id = (
                   SELECT max(u._op) FROM undo_contact_field u LEFT JOIN contact_field f ON f.id = u._row
                   WHERE (u.contact_id = ? AND u.kind = ?) OR (u._kind = 'I' AND f.contact_id = ? AND f.kind = ?))""",
            (contact_id, spec.DETAIL_KINDS[name], contact_id, spec.DETAIL_KINDS[name]),
        ).fetchone()
        return (str(row[0]), _op_time(row[1])) if row else ("", None)
    column = f'"{getattr(Contact, name).column_name}"'
    current = db.execute_sql(f"SELECT {column} FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if current is None:
        return "", None
    # The log keeps each row's image from before each operation: walking back from the stored value, the first
    # operation whose image differs from the value after it is the one that changed the field.
    rows = db.execute_sql(
        f"""SELECT u._op, u._kind, u.{column}, o.author, o.created_at FROM undo_contact u JOIN op o ON o.id = u._op
            WHERE u._row = ? ORDER BY u._seq DESC LIMIT 500""",
        (contact_id,),
    ).fetchall()
    before: dict[int, tuple[str, Any, str, Any]] = {}
    for op_id, kind, value, author, created in rows:
        before[op_id] = (kind, value, author, created)  # the lowest sequence number of an operation wins
    after = current[0]
    for op_id in sorted(before, reverse=True):
        kind, value, author, created = before[op_id]
        if kind == "I" or value != after:
            return str(author), _op_time(created)
        after = value
    return "", None


def _op_time(text: Any) -> _dt.datetime | None:
    try:
        return _dt.datetime.fromisoformat(str(text)).replace(microsecond=0)
    except ValueError:
        return None


def _write_fields(contact_id: int, kind: str, items: Sequence[Labeled]) -> None:
    if kind not in FIELD_KINDS:
        raise ValidationError(f"Unknown detail kind {kind!r}.")
    ContactField.delete().where((ContactField.contact == contact_id) & (ContactField.kind == kind)).execute()
    rows = [
        {"contact": contact_id, "kind": kind, "label": item.label.strip(), "value": item.value.strip(), "position": i}
        for i, item in enumerate(items)
        if item.value.strip()
    ]
    if rows:
        ContactField.insert_many(rows).execute()


def set_contact_fields(
    contact_id: int, kind: str, items: Sequence[Labeled], expected: Sequence[Labeled] | None = None
) -> list[Labeled]:
    """Replace all e-mails (or phones, addresses, web addresses) of a contact; return the previous list.

    *expected* is the list the user saw when they began editing it: when the stored list is neither that nor the
    new one, :class:`EditConflict` and nothing is written (as :func:`update_contact`). The list is rewritten
    whole, so there is no single value to name in the UPDATE: on a server the contact's row is locked first
    (``FOR UPDATE``), so two people saving the same list take turns, the second one comparing with the first
    one's list; on a file the operation's transaction already holds the write lock.
    """
    with atomic():
        db = current_database()
        if getattr(db, "server", False):
            db.execute_sql("SELECT id FROM contact WHERE id = ? FOR UPDATE", (contact_id,))
        previous = contact_fields([contact_id])[contact_id].get(kind, [])  # an unknown kind fails just below
        if expected is not None:
            def shape(values: Sequence[Labeled]) -> list[tuple[str, str]]:
                return [(i.label.strip(), i.value.strip()) for i in values if i.value.strip()]

            if shape(previous) != shape(expected) and shape(previous) != shape(items):
                field = next(name for name, k in spec.DETAIL_KINDS.items() if k == kind)
                author, when = last_change(contact_id, field)
                raise EditConflict(contact_id, field, list(previous), list(items), author, when)
        _write_fields(contact_id, kind, items)
        contact = Contact.get_by_id(contact_id)
        _refresh_full_name(contact)
        contact.updated_at = utcnow()
        contact.save()
    return previous


def tag_id(name: str, create: bool = True) -> int | None:
    name = name.strip()
    if not name:
        raise ValidationError("A tag needs a name.")
    found = Tag.select(Tag.id).where(Tag.name == name).scalar()
    if found is None and create:
        found = Tag.insert(name=name).execute()
    return found


def add_tag(contact_ids: Iterable[int], name: str) -> list[int]:
    """Tag contacts; return the ids that did not have the tag before. An id given twice is tagged once."""
    with atomic():
        tid = tag_id(name)
        ids = list(dict.fromkeys(contact_ids))
        have = {
            cid
            for (cid,) in ContactTag.select(ContactTag.contact_id)
            .where((ContactTag.tag == tid) & ContactTag.contact.in_(ids))
            .tuples()
        }
        added = [cid for cid in ids if cid not in have]
        if added:
            ContactTag.insert_many([{"contact": cid, "tag": tid} for cid in added]).execute()
            Contact.update(updated_at=utcnow()).where(Contact.id.in_(added)).execute()
    return added


def remove_tag(contact_ids: Iterable[int], name: str) -> list[int]:
    """Untag contacts; return the ids that had the tag."""
    with atomic():
        tid = tag_id(name, create=False)
        if tid is None:
            return []
        ids = list(contact_ids)
        had = [
            cid
            for (cid,) in ContactTag.select(ContactTag.contact_id)
            .where((ContactTag.tag == tid) & ContactTag.contact.in_(ids))
            .tuples()
        ]
        if had:
            ContactTag.delete().where((ContactTag.tag == tid) & ContactTag.contact.in_(had)).execute()
            Contact.update(updated_at=utcnow()).where(Contact.id.in_(had)).execute()
    return had


def all_tags() -> list[str]:
    return [name for (name,) in Tag.select(Tag.name).order_by(Tag.name).tuples()]


def trash_contacts(contact_ids: Iterable[int]) -> list[int]:
    """Move contacts to the trash; return those that were not there already."""
    ids = list(contact_ids)
    with atomic():
        moved = [
            cid for (cid,) in Contact.select(Contact.id).where(Contact.id.in_(ids) & Contact.deleted_at.is_null()).tuples()
        ]
        if moved:
            Contact.update(deleted_at=utcnow()).where(Contact.id.in_(moved)).execute()
    return moved


def restore_contacts(contact_ids: Iterable[int]) -> list[int]:
    """Take contacts out of the trash; return those that were in it."""
    ids = list(contact_ids)
    with atomic():
        restored = [
            cid
            for (cid,) in Contact.select(Contact.id).where(Contact.id.in_(ids) & Contact.deleted_at.is_null(False)).tuples()
        ]
        if restored:
            Contact.update(deleted_at=None).where(Contact.id.in_(restored)).execute()
    return restored


def delete_contact_permanently(contact_id: int) -> None:
    with atomic():
        Contact.delete().where(Contact.id == contact_id).execute()


def delete_trashed_contacts(contact_ids: Iterable[int]) -> list[int]:
    """Delete contacts for good — only those in the trash; return the ids deleted. Their details, tags and
    memberships go with them (inside an operation, its log keeps every row, so an undo brings them back)."""
    ids = list(contact_ids)
    with atomic():
        doomed: list[int] = []
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            doomed += [
                cid
                for (cid,) in Contact.select(Contact.id)
                .where(Contact.id.in_(chunk) & Contact.deleted_at.is_null(False))
                .tuples()
            ]
        for start in range(0, len(doomed), 900):
            Contact.delete().where(Contact.id.in_(doomed[start : start + 900])).execute()
    return doomed


def empty_trash() -> int:
    """Delete every contact in the trash for good; return how many."""
    return len(delete_trashed_contacts(query_contact_ids(ContactQuery(trash=True))))


BULK_FIELDS = frozenset({"stage", "cadence_days"})


def set_many(contact_ids: Iterable[int], name: str, value: Any) -> list[int]:
    """Give many contacts the same stage or keep-in-touch cadence; return the ids that really changed."""
    if name not in BULK_FIELDS:
        raise ValidationError(f"{name!r} cannot be set on many contacts at once.")
    cleaned = clean_value(name, value)
    column = getattr(Contact, name)
    ids = list(contact_ids)
    changed: list[int] = []
    with atomic():
        for start in range(0, len(ids), 900):
            chunk = ids[start : start + 900]
            differs = column.is_null(False) if cleaned is None else (column.is_null() | (column != cleaned))
            found = [cid for (cid,) in Contact.select(Contact.id).where(Contact.id.in_(chunk) & differs).tuples()]
            if found:
                Contact.update({column: cleaned, Contact.updated_at: utcnow()}).where(Contact.id.in_(found)).execute()
            changed += found
    return changed
