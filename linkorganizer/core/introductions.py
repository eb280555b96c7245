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
same interaction. Undo is the network's (:meth:`linkorganizer.core.network.Network.undo`): nothing here keeps
what a step changed.

The weekly goal counts introduction calls *held* in the ISO week (Monday to Sunday) of ``today``; the goal is the
``weekly_call_goal`` setting (default 3). Times are naive UTC; pass aware datetimes to say otherwise.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, Final, Literal, NamedTuple

from linkorganizer.core import settings
from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.normalize import as_utc, moment
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


class IntroductionError(ValidationError):
    """Something asked of an introduction that cannot be done, with a sentence saying why (a ValueError)."""


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
class CallRecord:
    """What :func:`record_call` did: when the call was held, how it moved the contact's stage, and the call
    interaction it logged (or updated, when the call was recorded before)."""

    introduction_id: int
    contact_id: int
    held_at: _dt.datetime
    outcome: str | None
    stage_before: str
    stage_after: str
    interaction_id: int
    interaction_created: bool


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


def _sql(sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return current_database().execute_sql(sql, params).fetchall()


def _load(introduction_id: int) -> tuple[int, Any, Any]:
    """(contact id, scheduled_at, held_at) as stored; :class:`IntroductionError` when it is gone."""
    rows = _sql("SELECT contact_id, scheduled_at, held_at FROM introduction WHERE id = ?", (introduction_id,))
    if not rows:
        raise IntroductionError("This introduction no longer exists.")
    contact_id, scheduled, held = rows[0]
    return int(contact_id), scheduled, held


# ------------------------------------------------------------------------------------------------- mutations


def schedule_call(
    contact_id: int, when: _dt.datetime, duration_minutes: int = 30, agenda: str = ""
) -> int:
    """Schedule an introduction call (*when* in UTC, or aware); returns its id. The contact's stage does not
    change."""
    at = _when(when)
    duration = _duration(duration_minutes)
    agenda = _text_field(agenda, "The agenda")
    now = str(utcnow())
    with atomic():
        contact = _sql("SELECT deleted_at FROM contact WHERE id = ?", (contact_id,))
        if not contact:
            raise IntroductionError("This contact no longer exists.")
        if contact[0][0] is not None:
            raise IntroductionError("This contact is in the trash; restore it before scheduling a call.")
        cursor = current_database().execute_sql(
            "INSERT INTO introduction (contact_id, scheduled_at, duration_minutes, agenda, notes, their_needs,"
            " my_offer, outcome, held_at, created_at, updated_at) VALUES (?, ?, ?, ?, '', '', '', NULL, NULL, ?, ?)",
            (contact_id, str(at), duration, agenda, now, now),
        )
        return int(cursor.lastrowid)


def reschedule(
    introduction_id: int,
    when: _dt.datetime,
    duration_minutes: int | None = None,
    agenda: str | None = None,
) -> None:
    """Move a call not yet held (and change its length or agenda; None: keep them)."""
    at = _when(when)
    updates: dict[str, Any] = {"scheduled_at": str(at)}
    if duration_minutes is not None:
        updates["duration_minutes"] = _duration(duration_minutes)
    if agenda is not None:
        updates["agenda"] = _text_field(agenda, "The agenda")
    with atomic():
        _contact, _scheduled, held = _load(introduction_id)
        if held is not None:
            raise IntroductionError("This call has already been held; it cannot be rescheduled.")
        updates["updated_at"] = str(utcnow())
        assignments = ", ".join(f"{key} = ?" for key in updates)  # the column names above
        _sql(f"UPDATE introduction SET {assignments} WHERE id = ?", (*updates.values(), introduction_id))  # noqa: S608


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
    the ``call`` interaction."""
    if outcome is not None and outcome not in OUTCOMES:
        raise IntroductionError(f"The outcome of a call is connect, keep in touch or not a fit, not “{outcome}”.")
    notes = _text_field(notes, "The notes")
    their_needs = _text_field(their_needs, "What they need")
    my_offer = _text_field(my_offer, "What I can offer")
    now = utcnow()
    with atomic():
        contact_id, scheduled_text, _held = _load(introduction_id)
        if held_at is not None:
            held = _when(held_at, "The call")
        else:
            scheduled = moment(scheduled_text)
            held = (scheduled if scheduled is not None and scheduled <= now else now).replace(microsecond=0)
        _sql(
            "UPDATE introduction SET notes = ?, their_needs = ?, my_offer = ?, outcome = ?, held_at = ?,"
            " updated_at = ? WHERE id = ?",
            (notes, their_needs, my_offer, outcome, str(held), str(utcnow()), introduction_id),
        )
        (stage_before,) = _sql("SELECT stage FROM contact WHERE id = ?", (contact_id,))[0]  # the key cascades
        if outcome is not None:
            stage_after = OUTCOME_STAGES[outcome]
        elif stage_before in _BEFORE_INTRODUCED:
            stage_after = "introduced"
        else:
            stage_after = stage_before
        if stage_after != stage_before:
            _sql("UPDATE contact SET stage = ?, updated_at = ? WHERE id = ?", (stage_after, str(utcnow()), contact_id))
        existing = _sql(
            "SELECT id FROM interaction WHERE introduction_id = ? AND kind = 'call' ORDER BY id LIMIT 1",
            (introduction_id,),
        )
        if existing:
            interaction_id = int(existing[0][0])
            _sql("UPDATE interaction SET occurred_at = ?, note = ? WHERE id = ?", (str(held), notes, interaction_id))
        else:
            cursor = current_database().execute_sql(
                "INSERT INTO interaction (contact_id, kind, occurred_at, note, introduction_id, created_at)"
                " VALUES (?, 'call', ?, ?, ?, ?)",
                (contact_id, str(held), notes, introduction_id, str(utcnow())),
            )
            interaction_id = int(cursor.lastrowid)
    return CallRecord(
        introduction_id=introduction_id,
        contact_id=contact_id,
        held_at=held,
        outcome=outcome,
        stage_before=stage_before,
        stage_after=stage_after,
        interaction_id=interaction_id,
        interaction_created=not existing,
    )


def delete_introduction(introduction_id: int) -> None:
    """Delete (cancel) an introduction. Interactions it logged stay — the call happened — but lose their link;
    the contact's stage is left alone."""
    with atomic():
        _load(introduction_id)
        _sql("DELETE FROM introduction WHERE id = ?", (introduction_id,))  # the key sets their link to NULL


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
    "IntroductionError",
    "IntroductionRow",
    "WeekProgress",
    "delete_introduction",
    "get_introduction",
    "list_introductions",
    "record_call",
    "reschedule",
    "schedule_call",
    "week_progress",
    "week_start",
    "weekly_counts",
]
