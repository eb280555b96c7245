"""Introduction calls: schedule, reschedule, record what was learned and decided; the weekly call goal.

The method: following the invitation, have a call — introduce yourself, learn about them, discuss how you can
help one another — then decide whether to connect. A growing number of calls each week.

Stages. Scheduling a call changes nothing about the contact: a plan is not a fact, and a cancelled call (undo,
or :func:`delete_introduction`) must leave no trace. *Recording* the call moves the contact's relationship stage:

============== ==================================================================
Outcome        Stage afterwards
============== ==================================================================
connect        ``connected``
keep_in_touch  ``keep_in_touch``
not_a_fit      ``not_a_fit``
(none yet)     ``introduced`` if the contact was a ``prospect`` or ``invited``;
               otherwise unchanged (a call with a connection changes nothing)
============== ==================================================================

Recording also logs the call as an interaction of kind ``call`` linked to the introduction ("introduction calls
log themselves"), which resets the contact's keep-in-touch clock; recording again (to correct it) updates that
same interaction. Every mutation returns what its exact inverse needs.

The weekly goal counts introduction calls *held* in the ISO week (Monday to Sunday) of ``today``; the goal is the
``weekly_call_goal`` setting (default 3). Times are naive UTC; pass aware datetimes to say otherwise.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Literal, NamedTuple

from linkorganizer.core import settings
from linkorganizer.core._rows import as_utc, delete_row, insert_row, moment, read_row, read_rows, write_row
from linkorganizer.core.contacts import ValidationError
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import utcnow

OUTCOMES: Final = ("connect", "keep_in_touch", "not_a_fit")
OUTCOME_LABELS: Final[dict[str, str]] = {
    "connect": "Connect", "keep_in_touch": "Keep in touch", "not_a_fit": "Not a fit"
}
OUTCOME_STAGES: Final[dict[str, str]] = {"connect": "connected", "keep_in_touch": "keep_in_touch",
                                         "not_a_fit": "not_a_fit"}
# A held call without a decision yet moves these stages to "introduced".
_BEFORE_INTRODUCED: Final = ("prospect", "invited")

DURATION_MAX = 24 * 60
TEXT_MAX = 20_000
_RECORD_COLUMNS: Final = ("notes", "their_needs", "my_offer", "outcome", "held_at", "updated_at")
_SCHEDULE_COLUMNS: Final = ("scheduled_at", "duration_minutes", "agenda", "updated_at")


class IntroductionError(ValidationError):
    """Something asked of an introduction that cannot be done, with a sentence saying why (a ValueError)."""


class StaleUndo(IntroductionError):
    """An undo whose record no longer matches the database."""


# ---------------------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class IntroductionRow:
    id: int
    contact_id: int
    contact_name: str
    contact_stage: str
    profile_url: str
    scheduled_at: _dt.datetime | None
    duration_minutes: int
    agenda: str
    notes: str
    their_needs: str
    my_offer: str
    outcome: str | None
    held_at: _dt.datetime | None
    created_at: _dt.datetime | None
    updated_at: _dt.datetime | None
    awaiting_record: bool  # its time has passed and nothing is recorded yet (against the `now` of the query)

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def ends_at(self) -> _dt.datetime | None:
        if self.scheduled_at is None:
            return None
        return self.scheduled_at + _dt.timedelta(minutes=self.duration_minutes)


@dataclass(frozen=True, slots=True)
class IntroductionChange:
    """What :func:`reschedule` changed; :func:`revert_change` puts it back."""

    introduction_id: int
    before: Mapping[str, Any] = field(repr=False)
    stamp: Any = field(default=None, repr=False)  # updated_at as written, to notice later edits


@dataclass(frozen=True, slots=True)
class CallRecord:
    """What :func:`record_call` did; :func:`revert_record_call` undoes it exactly."""

    introduction_id: int
    contact_id: int
    held_at: _dt.datetime
    outcome: str | None
    stage_before: str
    stage_after: str
    interaction_id: int
    interaction_created: bool
    introduction_before: Mapping[str, Any] = field(repr=False)
    contact_before: Mapping[str, Any] | None = field(default=None, repr=False)
    interaction_before: Mapping[str, Any] | None = field(default=None, repr=False)
    stamp: Any = field(default=None, repr=False)


@dataclass(frozen=True, slots=True)
class IntroductionSnapshot:
    """A deleted introduction as stored, and the interactions that were linked to it."""

    row: Mapping[str, Any]
    interaction_ids: tuple[int, ...] = ()

    @property
    def introduction_id(self) -> int:
        return int(self.row["id"])


class WeekProgress(NamedTuple):
    held: int  # introduction calls held this ISO week
    goal: int  # the weekly_call_goal setting
    scheduled: int  # calls this week not (yet) held
    week_start: _dt.date  # the Monday

    @property
    def remaining(self) -> int:
        return max(self.goal - self.held, 0)

    @property
    def reached(self) -> bool:
        return self.held >= self.goal


# ------------------------------------------------------------------------------------------------- validation


def _when(value: _dt.datetime | _dt.date | None, what: str = "The call") -> _dt.datetime:
    found = as_utc(value)
    if found is None:
        raise IntroductionError(f"{what} needs a date and time.")
    return found.replace(microsecond=0)


def _duration(minutes: int) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 1 <= minutes <= DURATION_MAX:
        raise IntroductionError(f"A call lasts between 1 and {DURATION_MAX} minutes.")
    return minutes


def _text_field(value: str | None, what: str) -> str:
    value = value or ""
    if len(value) > TEXT_MAX:
        raise IntroductionError(f"{what} can be at most {TEXT_MAX} characters long.")
    return value


def _load(introduction_id: int) -> dict[str, Any]:
    row = read_row("introduction", introduction_id)
    if row is None:
        raise IntroductionError("This introduction no longer exists.")
    return row


# ------------------------------------------------------------------------------------------------- mutations


def schedule_call(
    contact_id: int, when: _dt.datetime, duration_minutes: int = 30, agenda: str = ""
) -> int:
    """Schedule an introduction call (*when* in UTC, or aware); returns its id. The contact's stage does not
    change. Undo: :func:`delete_introduction`; redo: :func:`restore_introduction` with that snapshot."""
    at = _when(when)
    duration = _duration(duration_minutes)
    agenda = _text_field(agenda, "The agenda")
    now = str(utcnow())
    with atomic():
        contact = read_row("contact", contact_id, ("deleted_at",))
        if contact is None:
            raise IntroductionError("This contact no longer exists.")
        if contact["deleted_at"] is not None:
            raise IntroductionError("This contact is in the trash; restore it before scheduling a call.")
        return insert_row(
            "introduction",
            {
                "contact_id": contact_id,
                "scheduled_at": str(at),
                "duration_minutes": duration,
                "agenda": agenda,
                "notes": "",
                "their_needs": "",
                "my_offer": "",
                "outcome": None,
                "held_at": None,
                "created_at": now,
                "updated_at": now,
            },
        )


def reschedule(
    introduction_id: int,
    when: _dt.datetime,
    duration_minutes: int | None = None,
    agenda: str | None = None,
) -> IntroductionChange:
    """Move a call not yet held (and change its length or agenda). Undo: :func:`revert_change`."""
    at = _when(when)
    updates: dict[str, Any] = {"scheduled_at": str(at)}
    if duration_minutes is not None:
        updates["duration_minutes"] = _duration(duration_minutes)
    if agenda is not None:
        updates["agenda"] = _text_field(agenda, "The agenda")
    with atomic():
        before = _load(introduction_id)
        if before["held_at"] is not None:
            raise IntroductionError("This call has already been held; it cannot be rescheduled.")
        updates["updated_at"] = str(utcnow())
        write_row("introduction", introduction_id, updates)
    return IntroductionChange(introduction_id, {k: before[k] for k in _SCHEDULE_COLUMNS}, updates["updated_at"])


def revert_change(change: IntroductionChange) -> None:
    """Undo :func:`reschedule` exactly."""
    with atomic():
        current = _load(change.introduction_id)
        if change.stamp is not None and current["updated_at"] != change.stamp:
            raise StaleUndo("The call has changed since; this step can no longer be undone.")
        write_row("introduction", change.introduction_id, change.before)


def record_call(
    introduction_id: int,
    notes: str = "",
    their_needs: str = "",
    my_offer: str = "",
    outcome: str | None = None,
    held_at: _dt.datetime | _dt.date | None = None,
) -> CallRecord:
    """Record the call: notes, what they need, what I can offer, and the outcome (connect, keep_in_touch,
    not_a_fit, or None while undecided), held at *held_at* (default: the scheduled time if it has passed, else
    now). Moves the contact's stage (see the module docstring) and logs — or, when recorded before, updates —
    the ``call`` interaction. Undo: :func:`revert_record_call`."""
    if outcome is not None and outcome not in OUTCOMES:
        raise IntroductionError(f"The outcome of a call is connect, keep in touch or not a fit, not “{outcome}”.")
    notes = _text_field(notes, "The notes")
    their_needs = _text_field(their_needs, "What they need")
    my_offer = _text_field(my_offer, "What I can offer")
    now = utcnow()
    with atomic():
        before = _load(introduction_id)
        contact_id = int(before["contact_id"])
        if held_at is not None:
            held = _when(held_at, "The call")
        else:
            scheduled = moment(before["scheduled_at"])
            held = (scheduled if scheduled is not None and scheduled <= now else now).replace(microsecond=0)
        stamp = str(utcnow())
        write_row(
            "introduction",
            introduction_id,
            {"notes": notes, "their_needs": their_needs, "my_offer": my_offer, "outcome": outcome,
             "held_at": str(held), "updated_at": stamp},
        )
        contact = read_row("contact", contact_id, ("stage", "updated_at"))
        assert contact is not None  # the foreign key cascades
        stage_before = contact["stage"]
        if outcome is not None:
            stage_after = OUTCOME_STAGES[outcome]
        elif stage_before in _BEFORE_INTRODUCED:
            stage_after = "introduced"
        else:
            stage_after = stage_before
        contact_before = None
        if stage_after != stage_before:
            contact_before = contact
            write_row("contact", contact_id, {"stage": stage_after, "updated_at": str(utcnow())})
        existing = current_database().execute_sql(
            "SELECT id FROM interaction WHERE introduction_id = ? AND kind = 'call' ORDER BY id LIMIT 1",
            (introduction_id,),
        ).fetchone()
        interaction_before = None
        if existing is None:
            interaction_id = insert_row(
                "interaction",
                {"contact_id": contact_id, "kind": "call", "occurred_at": str(held), "note": notes,
                 "introduction_id": introduction_id, "created_at": str(utcnow())},
            )
        else:
            interaction_id = int(existing[0])
            interaction_before = read_row("interaction", interaction_id, ("occurred_at", "note"))
            write_row("interaction", interaction_id, {"occurred_at": str(held), "note": notes})
    return CallRecord(
        introduction_id=introduction_id,
        contact_id=contact_id,
        held_at=held,
        outcome=outcome,
        stage_before=stage_before,
        stage_after=stage_after,
        interaction_id=interaction_id,
        interaction_created=existing is None,
        introduction_before={k: before[k] for k in _RECORD_COLUMNS},
        contact_before=contact_before,
        interaction_before=interaction_before,
        stamp=stamp,
    )


def revert_record_call(record: CallRecord) -> None:
    """Undo :func:`record_call` exactly: the introduction's record, the contact's stage and the call interaction
    are as they were before."""
    with atomic():
        current = _load(record.introduction_id)
        if record.stamp is not None and current["updated_at"] != record.stamp:
            raise StaleUndo("The call record has changed since; this step can no longer be undone.")
        write_row("introduction", record.introduction_id, record.introduction_before)
        if record.contact_before is not None:
            write_row("contact", record.contact_id, record.contact_before)
        if record.interaction_created:
            delete_row("interaction", record.interaction_id)
        elif record.interaction_before is not None:
            write_row("interaction", record.interaction_id, record.interaction_before)


def delete_introduction(introduction_id: int) -> IntroductionSnapshot:
    """Delete (cancel) an introduction. Interactions it logged stay — the call happened — but lose their link;
    the contact's stage is left alone. :func:`restore_introduction` undoes it exactly."""
    with atomic():
        row = _load(introduction_id)
        linked = tuple(
            r["id"] for r in read_rows("interaction", "introduction_id = ?", (introduction_id,))
        )
        delete_row("introduction", introduction_id)  # the foreign key sets their introduction_id to NULL
    return IntroductionSnapshot(row, linked)


def restore_introduction(snapshot: IntroductionSnapshot) -> int:
    """Put a deleted introduction back with its id, and re-link the interactions it had."""
    with atomic():
        if read_row("contact", snapshot.row["contact_id"], ("id",)) is None:
            raise IntroductionError("The contact of this call no longer exists.")
        introduction_id = insert_row("introduction", snapshot.row)
        if snapshot.interaction_ids:
            marks = ", ".join("?" * len(snapshot.interaction_ids))
            current_database().execute_sql(
                f"UPDATE interaction SET introduction_id = ? WHERE id IN ({marks})",  # noqa: S608
                (introduction_id, *snapshot.interaction_ids),
            )
    return introduction_id


# --------------------------------------------------------------------------------------------------- queries

_ROW_SQL = (
    "SELECT n.id, n.contact_id, c.full_name, c.stage, coalesce(c.profile_url, ''), n.scheduled_at,"
    " n.duration_minutes, n.agenda, n.notes, n.their_needs, n.my_offer, n.outcome, n.held_at, n.created_at,"
    " n.updated_at FROM introduction n JOIN contact c ON c.id = n.contact_id"
)


def _row(raw: tuple[Any, ...], now: _dt.datetime) -> IntroductionRow:
    (iid, cid, name, stage, url, scheduled, duration, agenda, notes, needs, offer, outcome, held, created,
     updated) = raw
    scheduled_at = moment(scheduled)
    held_at = moment(held)
    return IntroductionRow(
        id=iid, contact_id=cid, contact_name=name or "", contact_stage=stage, profile_url=url,
        scheduled_at=scheduled_at, duration_minutes=duration, agenda=agenda or "", notes=notes or "",
        their_needs=needs or "", my_offer=offer or "", outcome=outcome, held_at=held_at, created_at=moment(created),
        updated_at=moment(updated),
        awaiting_record=held_at is None and scheduled_at is not None and scheduled_at <= now,
    )


def get_introduction(introduction_id: int, now: _dt.datetime | None = None) -> IntroductionRow:
    raw = current_database().execute_sql(_ROW_SQL + " WHERE n.id = ?", (introduction_id,)).fetchone()
    if raw is None:
        raise IntroductionError("This introduction no longer exists.")
    return _row(raw, as_utc(now) or utcnow())


def list_introductions(
    which: Literal["upcoming", "held", "all"] = "upcoming",
    *,
    contact_id: int | None = None,
    now: _dt.datetime | None = None,
) -> list[IntroductionRow]:
    """``upcoming``: calls not held yet, soonest first (including those whose time has passed and await their
    record — ``awaiting_record``); ``held``: most recent first; ``all``: both, upcoming first. Contacts in the
    trash are left out unless *contact_id* names one."""
    now = as_utc(now) or utcnow()
    where: list[str] = []
    params: list[Any] = []
    if contact_id is not None:
        where.append("n.contact_id = ?")
        params.append(contact_id)
    else:
        where.append("c.deleted_at IS NULL")
    if which == "upcoming":
        where.append("n.held_at IS NULL")
        order = "n.scheduled_at IS NULL, n.scheduled_at, n.id"
    elif which == "held":
        where.append("n.held_at IS NOT NULL")
        order = "n.held_at DESC, n.id DESC"
    elif which == "all":
        order = "n.held_at IS NOT NULL, CASE WHEN n.held_at IS NULL THEN n.scheduled_at END, n.held_at DESC, n.id"
    else:
        raise IntroductionError(f"Unknown list of introductions “{which}”.")
    sql = _ROW_SQL + " WHERE " + " AND ".join(where) + " ORDER BY " + order
    return [_row(raw, now) for raw in current_database().execute_sql(sql, params)]


def week_start(today: _dt.date) -> _dt.date:
    """The Monday of *today*'s ISO week."""
    return today - _dt.timedelta(days=today.weekday())


def week_progress(today: _dt.date | None = None) -> WeekProgress:
    """Calls held in *today*'s ISO week against the weekly goal, and calls still scheduled in it. One query."""
    today = today if today is not None else _dt.date.today()
    start = week_start(today)
    end = start + _dt.timedelta(days=7)
    bounds = (start.isoformat(), end.isoformat())
    held, scheduled = current_database().execute_sql(
        "SELECT coalesce(sum(held_at >= ? AND held_at < ?), 0),"
        " coalesce(sum(held_at IS NULL AND scheduled_at >= ? AND scheduled_at < ?), 0) FROM introduction",
        (*bounds, *bounds),
    ).fetchone()
    return WeekProgress(int(held), settings.weekly_call_goal(), int(scheduled), start)


def weekly_counts(today: _dt.date | None = None, weeks: int = 8) -> list[tuple[_dt.date, int]]:
    """Calls held per ISO week for the last *weeks* weeks (this one included), oldest first: (Monday, count) —
    to show the number of calls growing."""
    today = today if today is not None else _dt.date.today()
    current = week_start(today)
    first = current - _dt.timedelta(weeks=weeks - 1)
    counts = {first + _dt.timedelta(weeks=i): 0 for i in range(weeks)}
    for (held,) in current_database().execute_sql(
        "SELECT held_at FROM introduction WHERE held_at >= ? AND held_at < ?",
        (first.isoformat(), (current + _dt.timedelta(days=7)).isoformat()),
    ):
        when = moment(held)
        if when is not None:
            counts[week_start(when.date())] += 1
    return sorted(counts.items())


__all__ = [
    "OUTCOMES",
    "OUTCOME_LABELS",
    "OUTCOME_STAGES",
    "CallRecord",
    "IntroductionChange",
    "IntroductionError",
    "IntroductionRow",
    "IntroductionSnapshot",
    "StaleUndo",
    "WeekProgress",
    "delete_introduction",
    "get_introduction",
    "list_introductions",
    "record_call",
    "reschedule",
    "restore_introduction",
    "revert_change",
    "revert_record_call",
    "schedule_call",
    "week_progress",
    "week_start",
    "weekly_counts",
]
