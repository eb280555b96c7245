"""Dated reminders: a task for a day, usually about one contact ("send Léa the intro on 5 Jan").

A reminder is listed on the Today page from its day on until it is done. Each function is one change, run by
the caller inside an operation (undo comes from the database's log).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.normalize import day, moment
from linkorganizer.db import current_database
from linkorganizer.db.models import Contact, Reminder, utcnow

TEXT_MAX = 2_000


class ReminderError(ValidationError):
    """A reminder that cannot be made or changed, with a sentence saying why."""


@dataclass(frozen=True, slots=True)
class ReminderRow:
    id: int
    contact_id: int | None
    contact_name: str
    text: str
    due_on: _dt.date
    done_at: _dt.datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


def _check_text(text: str) -> str:
    text = " ".join((text or "").split())
    if not text:
        raise ReminderError("A reminder needs a few words saying what to do.")
    if len(text) > TEXT_MAX:
        raise ReminderError(f"A reminder can be at most {TEXT_MAX} characters long.")
    return text


def add_reminder(text: str, due_on: _dt.date, contact_id: int | None = None) -> int:
    """A new reminder for *due_on* (about *contact_id*, if given); returns its id."""
    text = _check_text(text)
    if contact_id is not None and not Contact.select().where(Contact.id == contact_id).exists():
        raise ReminderError("This contact no longer exists.")
    return int(Reminder.insert(contact=contact_id, text=text, due_on=due_on, created_at=utcnow()).execute())


def _existing(reminder_id: int) -> Reminder:
    found = Reminder.get_or_none(Reminder.id == reminder_id)
    if found is None:
        raise ReminderError("This reminder no longer exists.")
    return found


def complete_reminder(reminder_id: int) -> None:
    """Mark a reminder done: it leaves the Today page."""
    if _existing(reminder_id).done_at is None:
        Reminder.update(done_at=utcnow()).where(Reminder.id == reminder_id).execute()


def move_reminder(reminder_id: int, due_on: _dt.date) -> None:
    """Put a reminder off (or forward) to *due_on*."""
    _existing(reminder_id)
    Reminder.update(due_on=due_on).where(Reminder.id == reminder_id).execute()


_ROW_SQL = (
    "SELECT r.id, r.contact_id, coalesce(c.full_name, ''), r.text, r.due_on, r.done_at"
    " FROM reminder r LEFT JOIN contact c ON c.id = r.contact_id"
)


def _row(raw: tuple[Any, ...]) -> ReminderRow:
    rid, cid, name, text, due_on, done_at = raw
    found = day(due_on)
    assert found is not None
    return ReminderRow(rid, cid, name or "", text or "", found, moment(done_at))


def of_contact(contact_id: int) -> list[ReminderRow]:
    """A contact's reminders not done yet, soonest first."""
    rows = current_database().execute_sql(
        _ROW_SQL + " WHERE r.contact_id = ? AND r.done_at IS NULL ORDER BY r.due_on, r.id", (contact_id,)
    )
    return [_row(raw) for raw in rows]


def due_reminders(today: _dt.date) -> list[ReminderRow]:
    """Reminders not done whose day has come (of contacts not in the trash), oldest first."""
    rows = current_database().execute_sql(
        _ROW_SQL + " WHERE r.done_at IS NULL AND r.due_on <= ? AND (c.id IS NULL OR c.deleted_at IS NULL)"
        " ORDER BY r.due_on, r.id",
        (today.isoformat(),),
    )
    return [_row(raw) for raw in rows]


__all__ = [
    "ReminderError",
    "ReminderRow",
    "add_reminder",
    "complete_reminder",
    "due_reminders",
    "move_reminder",
    "of_contact",
]
