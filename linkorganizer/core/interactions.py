"""Interactions: the log of a relationship, its give/receive balance, the keep-in-touch cadence, the Due list.

How the cadence is counted
==========================

A contact with a keep-in-touch cadence of N days is due N days after the *last time you were in touch*:

* the latest interaction on or before today (any kind: logging anything resets the clock — the answer to
  Monica #1814, where the reminder counted from when it was set, not from the last contact) — but a *note*:
  a note about someone is written to oneself, not contact with them, so it is in the history and nowhere else
  (not the last interaction, not the balance, not "active");
* or the day you connected (``connected_on``), if that is later — connecting is itself a touch, and an accepted
  invitation sets it;
* with neither, the day the contact was added to the network (``created_at``).

Interactions dated in the future (a meeting logged ahead) do not count until their day comes. A contact is due on
``last touch + N`` (``days_overdue`` 0) and stays due until something is logged. Contacts in the trash, and
contacts without a cadence, are never due.

The Due list merges these contacts with the asked invitations awaiting a follow-up
(:func:`linkorganizer.core.invitations.due_follow_ups`), most overdue first, in a fixed number of queries
whatever the size of the network.

Times are naive UTC; days are the UTC day of a timestamp compared with the ``today`` the caller passes.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from linkorganizer.core import invitations
from linkorganizer.core.contacts import TOUCHING_SQL, ValidationError, last_touch_sql
from linkorganizer.core.normalize import as_utc, day, moment
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import utcnow

Flow = Literal["give", "receive", "neutral"]


@dataclass(frozen=True, slots=True)
class InteractionKind:
    key: str
    label: str
    flow: Flow  # what it does to the give/receive balance


KINDS: Final[tuple[InteractionKind, ...]] = (
    InteractionKind("call", "Call", "neutral"),
    InteractionKind("meeting", "Meeting", "neutral"),
    InteractionKind("message", "Message", "neutral"),
    InteractionKind("help_given", "Help given", "give"),
    InteractionKind("help_received", "Help received", "receive"),
    InteractionKind("referral_given", "Referral given", "give"),
    InteractionKind("referral_received", "Referral received", "receive"),
    # The blog's "recommend their services": a recommendation I write is given.
    InteractionKind("recommendation", "Recommendation given", "give"),
    InteractionKind("recommendation_received", "Recommendation received", "receive"),
    # A LinkedIn endorsement of one skill (the data archive has both sides); the skill is in the note.
    InteractionKind("endorsement", "Endorsement given", "give"),
    InteractionKind("endorsement_received", "Endorsement received", "receive"),
    # What I know or think about someone, in the contact's history: not contact with them (see the docstring).
    InteractionKind("note", "Note", "neutral"),
)
KIND_BY_KEY: Final[dict[str, InteractionKind]] = {k.key: k for k in KINDS}
KIND_KEYS: Final[tuple[str, ...]] = tuple(k.key for k in KINDS)
GIVE_KINDS: Final[tuple[str, ...]] = tuple(k.key for k in KINDS if k.flow == "give")
RECEIVE_KINDS: Final[tuple[str, ...]] = tuple(k.key for k in KINDS if k.flow == "receive")
NOTE: Final = "note"  # a note about the person, not contact with them: TOUCHING_SQL leaves it out

NOTE_MAX = 20_000


def kind_label(key: str) -> str:
    """The label of a kind; an unknown kind (from an import) reads as its own words."""
    found = KIND_BY_KEY.get(key)
    return found.label if found else key.replace("_", " ").capitalize()


def kind_flow(key: str) -> Flow:
    found = KIND_BY_KEY.get(key)
    return found.flow if found else "neutral"


class InteractionError(ValidationError):
    """Something asked of an interaction that cannot be done, with a sentence saying why (a ValueError)."""


# ---------------------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class InteractionRow:
    id: int
    contact_id: int
    contact_name: str
    kind: str
    label: str
    flow: Flow
    occurred_at: _dt.datetime | None
    note: str
    introduction_id: int | None
    private: bool = False  # seen by its owner only, on a shared network (row-level security on the server)
    owner: str = ""  # the role that logged it, on a server; '' in a file (which one person opens)


@dataclass(frozen=True, slots=True)
class ContactSummary:
    """What the contact page shows about the relationship."""

    contact_id: int
    name: str
    last_interaction: InteractionRow | None  # the latest one on or before today
    last_touch: _dt.date | None  # what the cadence counts from (see the module docstring)
    last_touch_source: Literal["interaction", "connected", "added"]
    given: int  # help, referrals and recommendations given
    received: int  # … and received
    cadence_days: int | None
    next_due: _dt.date | None  # None without a cadence
    days_overdue: int | None  # > 0 overdue, 0 due today, < 0 days left; None without a cadence
    keep_in_touch: KeepInTouch | None = None  # the clock all of the above comes from

    @property
    def balance(self) -> int:
        """Given minus received: positive when I have given more."""
        return self.given - self.received

    @property
    def is_due(self) -> bool:
        return self.days_overdue is not None and self.days_overdue >= 0


@dataclass(frozen=True, slots=True)
class DueItem:
    """One line of the Due list: a contact to get back in touch with, or an invitation to follow up."""

    kind: Literal["keep_in_touch", "follow_up"]
    name: str
    due_on: _dt.date
    days_overdue: int  # 0 on the day it falls due
    contact_id: int | None  # keep_in_touch: the contact; follow_up: the invitation's contact, if linked
    invitation_id: int | None = None  # follow_up only
    last_touch: _dt.date | None = None  # keep_in_touch: what the cadence counted from; follow_up: when asked
    cadence_days: int | None = None  # keep_in_touch only
    keep_in_touch: KeepInTouch | None = None  # keep_in_touch only: the clock it comes from


HistorySource = Literal["interaction", "introduction", "invitation", "invitation_event"]


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One line of a contact's history. ``title`` is an English summary; ``source`` and ``kind`` say what it is
    (for icons and translated labels): interaction kinds; ``scheduled``/``held`` for introductions;
    ``incoming``/``outgoing`` for an invitation; the state moved to for an invitation event."""

    at: _dt.datetime | None
    source: HistorySource
    kind: str
    title: str
    text: str = ""
    flow: Flow = "neutral"
    interaction_id: int | None = None
    introduction_id: int | None = None
    invitation_id: int | None = None
    event_id: int | None = None
    extra: Mapping[str, str] = field(default_factory=dict)  # introductions: their_needs, my_offer, outcome
    private: bool = False  # interactions only: a private one (on a server, nobody else sees it)
    logged_by: str = ""  # interactions only, on a server: the role that logged it ('' when not known, and in a file)


# ------------------------------------------------------------------------------------------------- mutations


def _check_kind(kind: str) -> None:
    if kind not in KIND_BY_KEY:
        raise InteractionError(f"“{kind}” is not a kind of interaction ({', '.join(KIND_KEYS)}).")


def _check_note(note: str) -> str:
    note = note or ""
    if len(note) > NOTE_MAX:
        raise InteractionError(f"A note can be at most {NOTE_MAX} characters long.")
    return note


def _moment_arg(value: _dt.datetime | _dt.date | None) -> _dt.datetime:
    found = as_utc(value)
    if found is None:
        raise InteractionError("An interaction needs a date.")
    return found


def _exists(table: str, row_id: int) -> bool:
    # *table* is one of this module's own constants, never user input.
    return current_database().execute_sql(f'SELECT 1 FROM "{table}" WHERE id = ?', (row_id,)).fetchone() is not None


def current_role() -> str:
    """The role this session is connected as, on a server ('' for a file: one person opens it)."""
    db = current_database()
    return db.role() if getattr(db, "server", False) else ""


def log_interaction(
    contact_id: int,
    kind: str,
    occurred_at: _dt.datetime | _dt.date,
    note: str = "",
    introduction_id: int | None = None,
    private: bool = False,
) -> int:
    """Log an interaction with a contact (a date means that day, 00:00 UTC); returns its id. It resets the
    contact's keep-in-touch clock (a note does not). A *private* one is, on a shared network, seen by the one who
    logged it only; on a server every one records who logged it (its *owner*)."""
    _check_kind(kind)
    at = _moment_arg(occurred_at)
    note = _check_note(note)
    with atomic():
        if not _exists("contact", contact_id):
            raise InteractionError("This contact no longer exists.")
        if introduction_id is not None and not _exists("introduction", introduction_id):
            raise InteractionError("This introduction no longer exists.")
        cursor = current_database().execute_sql(
            "INSERT INTO interaction (contact_id, kind, occurred_at, note, introduction_id, created_at, private,"
            " owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (contact_id, kind, str(at), note, introduction_id, str(utcnow()), bool(private), current_role()),
        )
        return int(cursor.lastrowid)


def delete_interaction(interaction_id: int) -> None:
    """Delete an interaction from the log."""
    with atomic():
        if not _exists("interaction", interaction_id):
            raise InteractionError("This interaction no longer exists.")
        current_database().execute_sql("DELETE FROM interaction WHERE id = ?", (interaction_id,))


def update_interaction(
    interaction_id: int,
    *,
    kind: str | None = None,
    occurred_at: _dt.datetime | _dt.date | None = None,
    note: str | None = None,
    private: bool | None = None,
) -> None:
    """Change an interaction's kind, date, note or privacy (None: leave it). A value that is already stored is not
    written again, so an edit that changes nothing leaves the row as it was.

    On a server only the one who logged an interaction can make it private (the database refuses the others: a
    private row is its owner's); one nobody is recorded for (copied from a file) becomes the editor's."""
    changes: dict[str, Any] = {}
    if kind is not None:
        _check_kind(kind)
        changes["kind"] = kind
    if occurred_at is not None:
        changes["occurred_at"] = _moment_arg(occurred_at)
    if note is not None:
        changes["note"] = _check_note(note)
    if private is not None:
        changes["private"] = bool(private)
    with atomic():
        db = current_database()
        row = db.execute_sql(
            "SELECT kind, occurred_at, note, private, owner FROM interaction WHERE id = ?", (interaction_id,)
        ).fetchone()
        if row is None:
            raise InteractionError("This interaction no longer exists.")
        stored = {"kind": row[0], "occurred_at": moment(row[1]), "note": row[2], "private": bool(row[3])}
        updates = {
            key: str(value) if key == "occurred_at" else value
            for key, value in changes.items()
            if stored[key] != value
        }
        if updates.get("private"):
            me, owner = current_role(), row[4] or ""
            if owner and owner != me:
                raise InteractionError(f"Only {owner}, who logged it, can make this interaction private.")
            if me and owner != me:
                updates["owner"] = me
        if updates:
            assignments = ", ".join(f"{key} = ?" for key in updates)  # keys are the five above
            db.execute_sql(
                f"UPDATE interaction SET {assignments} WHERE id = ?",  # noqa: S608
                (*updates.values(), interaction_id),
            )


# --------------------------------------------------------------------------------------------------- queries

_ROW_SQL = (
    "SELECT i.id, i.contact_id, c.full_name, i.kind, i.occurred_at, i.note, i.introduction_id, i.private, i.owner"
    " FROM interaction i JOIN contact c ON c.id = i.contact_id"
)


def _row(raw: tuple[Any, ...]) -> InteractionRow:
    iid, cid, name, kind, occurred, note, intro, private, owner = raw
    return InteractionRow(iid, cid, name or "", kind, kind_label(kind), kind_flow(kind), moment(occurred), note or "",
                          intro, bool(private), owner or "")


def get_interaction(interaction_id: int) -> InteractionRow:
    raw = current_database().execute_sql(_ROW_SQL + " WHERE i.id = ?", (interaction_id,)).fetchone()
    if raw is None:
        raise InteractionError("This interaction no longer exists.")
    return _row(raw)


def list_interactions(
    contact_id: int | None = None,
    *,
    kind: str | None = None,
    search: str = "",
    limit: int | None = None,
    offset: int = 0,
) -> list[InteractionRow]:
    """Interactions newest first — of one contact, or of the whole network (the log view), optionally of one
    *kind* and containing *search* in the note or the contact's name (SQL LIKE: case ignored for ASCII)."""
    where: list[str] = ["c.deleted_at IS NULL"] if contact_id is None else ["i.contact_id = ?"]
    params: list[Any] = [] if contact_id is None else [contact_id]
    if kind is not None:
        where.append("i.kind = ?")
        params.append(kind)
    for word in search.split():
        escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        where.append("(i.note LIKE ? ESCAPE '\\' OR c.full_name LIKE ? ESCAPE '\\')")
        params.extend([f"%{escaped}%"] * 2)
    sql = _ROW_SQL + " WHERE " + " AND ".join(where) + " ORDER BY i.occurred_at DESC, i.id DESC"
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params.extend([limit, offset])
    return [_row(raw) for raw in current_database().execute_sql(sql, params)]


def _today(today: _dt.date | None) -> _dt.date:
    return today if today is not None else _dt.date.today()


def _next_day(today: _dt.date) -> str:
    """Interactions stored before this text happened on or before *today* (text order is time order)."""
    return (today + _dt.timedelta(days=1)).isoformat()


@dataclass(frozen=True, slots=True)
class KeepInTouch:
    """Where one contact's keep-in-touch clock stands: the one rule (see the module docstring) every view shows —
    the Keep in touch page, the contact's page, the navigation's count and Today."""

    contact_id: int
    name: str
    cadence_days: int | None
    last_interaction: _dt.date | None  # the latest one on or before today
    last_touch: _dt.date | None  # what the cadence counts from
    last_touch_source: Literal["interaction", "connected", "added"]
    next_due: _dt.date | None  # None without a cadence
    days_overdue: int | None  # > 0 overdue, 0 due today, < 0 days left; None without a cadence

    @property
    def is_due(self) -> bool:
        return self.days_overdue is not None and self.days_overdue >= 0

    @property
    def nothing_logged(self) -> bool:
        """Due, and counted from the connection (or the day added) because nothing was ever logged: a number of days
        overdue would say nothing, so views say "nothing logged yet" and name what the clock counted from."""
        return self.is_due and self.last_touch_source != "interaction"


# Where the clock of each contact stands, with what it counted from: one statement for the whole network (or one
# contact). The latest interaction is looked up for each contact with a cadence through the (contact_id,
# occurred_at) index, in one pass over the contacts: at 100 000 contacts with 200 000 interactions and a cadence
# on one in twenty, a fraction of a grouped scan of every interaction. ``OFFSET 0`` keeps SQLite from folding
# ``t`` into the selects below, which would look the latest interaction up again wherever ``last`` is used.
_KEEP_IN_TOUCH_SQL = """
WITH t AS (
    SELECT c.id, c.full_name, c.cadence_days, c.connected_on AS connected, date(c.created_at) AS created,
           (SELECT date(max(i.occurred_at)) FROM interaction i
             WHERE i.contact_id = c.id AND {touching} AND i.occurred_at < :tomorrow) AS last
      FROM contact c
     WHERE {where}
     LIMIT -1 OFFSET 0
), a AS (
    SELECT id, full_name, cadence_days, last,
           {touch} AS touch,
           CASE WHEN last IS NOT NULL AND (connected IS NULL OR last >= connected) THEN 'interaction'
                WHEN connected IS NOT NULL THEN 'connected'
                ELSE 'added' END AS source
      FROM t
), b AS (
    SELECT id, full_name, cadence_days, last, touch, source,
           CASE WHEN cadence_days > 0 AND touch IS NOT NULL
                THEN CAST(julianday(:today) - julianday(touch) AS INTEGER) - cadence_days END AS overdue
      FROM a
)
SELECT id, full_name, cadence_days, last, touch, source, overdue FROM b WHERE {due}
"""


_TOUCH = last_touch_sql("last", "connected", "created")
_CADENCED = "c.cadence_days IS NOT NULL AND c.cadence_days > 0 AND c.deleted_at IS NULL"


def keep_in_touch(
    today: _dt.date | None = None, contact_id: int | None = None, due_only: bool = False
) -> list[KeepInTouch]:
    """The keep-in-touch clock of one contact (*contact_id*) or of every contact with a cadence that is not in the
    trash; with *due_only*, only those due. The one rule: everything that shows who is due asks here."""
    today = _today(today)
    params: dict[str, Any] = {"today": today.isoformat(), "tomorrow": _next_day(today), "id": contact_id}
    due = "overdue >= 0" if due_only else "1 = 1"
    if contact_id is not None:
        sql = _KEEP_IN_TOUCH_SQL.format(where="c.id = :id", due=due, touch=_TOUCH, touching=TOUCHING_SQL)
    else:
        sql = _KEEP_IN_TOUCH_SQL.format(where=_CADENCED, due=due, touch=_TOUCH, touching=TOUCHING_SQL)
    found = []
    days: dict[object, _dt.date | None] = {}  # a few hundred distinct days for thousands of contacts

    def day_of(text: object) -> _dt.date | None:
        if text not in days:
            days[text] = day(text)
        return days[text]

    for cid, name, cadence, last, touch, source, overdue in current_database().execute_sql(sql, params).fetchall():
        touched = day_of(touch)
        cadence = cadence if cadence and cadence > 0 else None
        found.append(
            KeepInTouch(
                contact_id=cid,
                name=name or "",
                cadence_days=cadence,
                last_interaction=day_of(last),
                last_touch=touched,
                last_touch_source=source,
                next_due=touched + _dt.timedelta(days=cadence) if cadence and touched else None,
                days_overdue=int(overdue) if overdue is not None and cadence else None,
            )
        )
    return found


def contact_summary(contact_id: int, today: _dt.date | None = None) -> ContactSummary:
    """Last interaction, give/receive counts and the keep-in-touch clock (:func:`keep_in_touch`) of one contact."""
    today = _today(today)
    db = current_database()
    gives = ", ".join("?" * len(GIVE_KINDS))
    receives = ", ".join("?" * len(RECEIVE_KINDS))
    head = db.execute_sql(
        "SELECT c.full_name,"
        f" (SELECT count(*) FROM interaction i WHERE i.contact_id = c.id AND i.kind IN ({gives})),"
        f" (SELECT count(*) FROM interaction i WHERE i.contact_id = c.id AND i.kind IN ({receives}))"
        " FROM contact c WHERE c.id = ?",
        (*GIVE_KINDS, *RECEIVE_KINDS, contact_id),
    ).fetchone()
    clock = keep_in_touch(today, contact_id=contact_id)
    if head is None or not clock:
        raise InteractionError("This contact no longer exists.")
    name, given, received = head
    status = clock[0]
    last_raw = db.execute_sql(
        _ROW_SQL + f" WHERE i.contact_id = ? AND {TOUCHING_SQL} AND i.occurred_at < ?"
        " ORDER BY i.occurred_at DESC, i.id DESC LIMIT 1",
        (contact_id, _next_day(today)),
    ).fetchone()
    return ContactSummary(
        contact_id=contact_id,
        name=name or "",
        last_interaction=_row(last_raw) if last_raw else None,
        last_touch=status.last_touch,
        last_touch_source=status.last_touch_source,
        given=int(given),
        received=int(received),
        cadence_days=status.cadence_days,
        next_due=status.next_due,
        days_overdue=status.days_overdue,
        keep_in_touch=status,
    )


def due_contacts(today: _dt.date | None = None) -> list[DueItem]:
    """Contacts whose keep-in-touch cadence has lapsed (:func:`keep_in_touch`), most overdue first."""
    items = []
    for status in keep_in_touch(today, due_only=True):
        assert status.next_due is not None and status.days_overdue is not None
        items.append(
            DueItem(
                kind="keep_in_touch",
                name=status.name,
                due_on=status.next_due,
                days_overdue=status.days_overdue,
                contact_id=status.contact_id,
                last_touch=status.last_touch,
                cadence_days=status.cadence_days,
                keep_in_touch=status,
            )
        )
    items.sort(key=_due_order)
    return items


def _due_order(item: DueItem) -> tuple[int, str, int, int]:
    return (-item.days_overdue, item.name.casefold(), 0 if item.kind == "follow_up" else 1,
            item.invitation_id or item.contact_id or 0)


def count_due(today: _dt.date | None = None) -> int:
    """How many entries :func:`due_list` holds, counted in SQL (the navigation's count builds no list)."""
    today = _today(today)
    params = {"today": today.isoformat(), "tomorrow": _next_day(today), "id": None}
    sql = _KEEP_IN_TOUCH_SQL.format(where=_CADENCED, due="overdue >= 0", touch=_TOUCH, touching=TOUCHING_SQL)
    (contacts,) = current_database().execute_sql(f"SELECT count(*) FROM ({sql}) AS due", params).fetchone()
    return int(contacts) + len(invitations.due_follow_ups(today))


def due_list(today: _dt.date | None = None) -> list[DueItem]:
    """The Due list: contacts whose cadence has lapsed and asked invitations awaiting a follow-up, one list,
    most overdue first (then by name). Two queries, whatever the size of the network."""
    today = _today(today)
    items = due_contacts(today)
    for f in invitations.due_follow_ups(today):
        items.append(
            DueItem(
                kind="follow_up",
                name=f.name,
                due_on=f.due_on,
                days_overdue=f.days_overdue,
                contact_id=f.contact_id,
                invitation_id=f.invitation_id,
                last_touch=f.asked_on,
            )
        )
    items.sort(key=_due_order)
    return items


# ---------------------------------------------------------------------------------------------------- history

_EVENT_TITLES: Final[dict[str, str]] = {
    "asked": "Asked “How may I help you?”",
    "replied": "They replied",
    "declined": "Invitation declined",
    "ignored": "Invitation ignored",
    "withdrawn": "Invitation withdrawn",
    "new": "Invitation reopened",
}
_OUTCOME_LABELS: Final[dict[str, str]] = {
    "connect": "connect", "keep_in_touch": "keep in touch", "not_a_fit": "not a fit"
}


def _event_title(direction: str, from_state: str, to_state: str) -> str:
    if to_state == "accepted":
        return "Invitation accepted" if direction == "incoming" else "They accepted my invitation"
    if to_state == "asked" and from_state == "asked":
        return "Followed up on “How may I help you?”"
    if to_state == "declined" and direction == "outgoing":
        return "They declined my invitation"
    return _EVENT_TITLES.get(to_state, f"Invitation {to_state}")


def _join_text(*parts: tuple[str, str]) -> str:
    return "\n".join(f"{label}{text}" for label, text in parts if text and text.strip())


def _loggers(interaction_ids: list[int]) -> dict[int, str]:
    """Who logged the interactions no owner is recorded for (an import's, one logged before owners were), on a
    server: the author of the operation that added the row, while the undo history still holds it."""
    db = current_database()
    if not interaction_ids or not getattr(db, "server", False):
        return {}
    marks = ", ".join("?" * len(interaction_ids))
    rows = db.execute_sql(
        "SELECT u._row, o.author FROM undo_interaction u JOIN op o ON o.id = u._op"  # noqa: S608 - marks only
        f" WHERE u._kind = 'I' AND u._row IN ({marks}) ORDER BY u._op DESC",
        tuple(interaction_ids),
    ).fetchall()
    return {int(row): str(author) for row, author in rows if author}  # the earliest operation's, written last


def history(contact_id: int) -> list[HistoryEntry]:
    """Everything that happened with a contact, newest first: interactions, introduction calls (a held call and
    the interaction it logged are one entry), and invitations linked to the contact with their message, reply
    and every timestamped transition. Entries without a date come last."""
    db = current_database()
    entries: list[HistoryEntry] = []

    intros = db.execute_sql(
        "SELECT id, scheduled_at, duration_minutes, agenda, notes, their_needs, my_offer, outcome, held_at, created_at"
        " FROM introduction WHERE contact_id = ?",
        (contact_id,),
    ).fetchall()
    held: dict[int, tuple[Any, ...]] = {row[0]: row for row in intros if row[8] is not None}
    merged_calls: dict[int, int] = {}  # introduction id -> the call interaction it logged

    logged = [_row(raw) for raw in db.execute_sql(_ROW_SQL + " WHERE i.contact_id = ?", (contact_id,))]
    loggers = _loggers([row.id for row in logged if not row.owner])
    for row in logged:
        iid, intro, kind = row.id, row.introduction_id, row.kind
        if intro in held and kind == "call" and intro not in merged_calls:
            merged_calls[intro] = iid
            continue
        entries.append(
            HistoryEntry(
                at=row.occurred_at, source="interaction", kind=kind, title=row.label, text=row.note,
                flow=row.flow, interaction_id=iid, introduction_id=intro, private=row.private,
                logged_by=row.owner or loggers.get(iid, ""),
            )
        )

    for intro_id, scheduled, duration, agenda, notes, needs, offer, outcome, held_at, created in intros:
        if held_at is not None:
            title = "Introduction call" + (f" — {_OUTCOME_LABELS.get(outcome, outcome)}" if outcome else "")
            entries.append(
                HistoryEntry(
                    at=moment(held_at), source="introduction", kind="held", title=title,
                    text=_join_text(("", notes), ("They need: ", needs), ("I can offer: ", offer)),
                    interaction_id=merged_calls.get(intro_id), introduction_id=intro_id,
                    extra={"their_needs": needs or "", "my_offer": offer or "", "outcome": outcome or "",
                           "agenda": agenda or ""},
                )
            )
        else:
            entries.append(
                HistoryEntry(
                    at=moment(scheduled) or moment(created), source="introduction", kind="scheduled",
                    title=f"Introduction call scheduled ({duration} min)", text=agenda or "",
                    introduction_id=intro_id, extra={"agenda": agenda or ""},
                )
            )

    invites = db.execute_sql(
        "SELECT id, direction, message, reply, sent_at, created_at FROM invitation WHERE contact_id = ?", (contact_id,)
    ).fetchall()
    by_id = {row[0]: row for row in invites}
    for inv_id, direction, message, _reply, sent_at, created in invites:
        entries.append(
            HistoryEntry(
                at=moment(sent_at) or moment(created), source="invitation", kind=direction,
                title="Invitation received" if direction == "incoming" else "Invitation sent",
                text=message or "", invitation_id=inv_id,
            )
        )
    if by_id:
        marks = ", ".join("?" * len(by_id))
        for event_id, inv_id, from_state, to_state, at, note in db.execute_sql(
            f"SELECT id, invitation_id, from_state, to_state, at, note FROM invitation_event"  # noqa: S608
            f" WHERE invitation_id IN ({marks})",
            tuple(by_id),
        ):
            direction, reply = by_id[inv_id][1], by_id[inv_id][3]
            text = _join_text(("", reply if to_state == "replied" else ""), ("", note))
            entries.append(
                HistoryEntry(
                    at=moment(at), source="invitation_event", kind=to_state,
                    title=_event_title(direction, from_state, to_state), text=text, invitation_id=inv_id,
                    event_id=event_id,
                )
            )

    rank = {"invitation": 0, "invitation_event": 1, "introduction": 2, "interaction": 3}

    def order(entry: HistoryEntry) -> tuple[bool, _dt.datetime, int, int]:
        ident = entry.event_id or entry.interaction_id or entry.introduction_id or entry.invitation_id or 0
        return (entry.at is not None, entry.at or _dt.datetime.min, rank[entry.source], ident)

    entries.sort(key=order, reverse=True)
    return entries


def count_interactions() -> int:
    """How many interactions the log lists (those of contacts outside the trash). One query."""
    return int(
        current_database()
        .execute_sql(
            "SELECT count(*) FROM interaction i JOIN contact c ON c.id = i.contact_id WHERE c.deleted_at IS NULL"
        )
        .fetchone()[0]
    )


__all__ = [
    "count_interactions",
    "current_role",
    "GIVE_KINDS",
    "KINDS",
    "KIND_BY_KEY",
    "KIND_KEYS",
    "RECEIVE_KINDS",
    "ContactSummary",
    "DueItem",
    "HistoryEntry",
    "InteractionError",
    "InteractionKind",
    "InteractionRow",
    "contact_summary",
    "delete_interaction",
    "due_contacts",
    "due_list",
    "get_interaction",
    "history",
    "kind_flow",
    "kind_label",
    "list_interactions",
    "log_interaction",
    "update_interaction",
]
