"""The Today page: everything that asks for attention today, gathered in a fixed number of queries.

* who is due to keep in touch (:func:`linkorganizer.core.interactions.keep_in_touch`, the one rule),
* asked invitations waiting for a follow-up,
* calls scheduled for today, and past calls not recorded yet,
* job changes an import saw, to congratulate (until dismissed),
* birthdays today and in the coming week (contacts with a birthday),
* dated reminders whose day has come.

An entry can be put off (:func:`snooze`) until a later day: keep-in-touch, follow-ups, calls and birthdays by a
``today_snooze`` row, reminders by moving their day. Job changes are dismissed
(:func:`linkorganizer.core.job_changes.dismiss`), reminders are done
(:func:`linkorganizer.core.reminders.complete_reminder`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from linkorganizer.core import interactions, invitations, job_changes, reminders
from linkorganizer.core.normalize import moment
from linkorganizer.core.contacts import ValidationError
from linkorganizer.db import current_database

Kind = Literal["reminder", "call", "unrecorded_call", "follow_up", "keep_in_touch", "job_change", "birthday"]
# The order of the page's sections: what has a time or was promised first.
KINDS: Final[tuple[Kind, ...]] = (
    "reminder", "call", "unrecorded_call", "follow_up", "keep_in_touch", "job_change", "birthday",
)
# Entries put off by a snooze row (the others are moved, dismissed or done).
SNOOZED_KINDS: Final = frozenset({"call", "unrecorded_call", "follow_up", "keep_in_touch", "birthday"})
BIRTHDAYS_AHEAD = 7  # days


@dataclass(frozen=True, slots=True)
class TodayEntry:
    """One thing to do today. *ref* is the id of what it is about: the reminder, the introduction, the invitation,
    the contact (keep in touch, birthday) or the job change."""

    kind: Kind
    ref: int
    contact_id: int | None
    name: str  # the person (empty for a reminder about nobody)
    on: _dt.date  # when it fell (or falls) due: the reminder's day, the call's, the birthday …
    days: int = 0  # > 0: days overdue (or, for a birthday, days until it); 0: today
    text: str = ""  # the reminder's words, the call's agenda, the job change's “before → after”
    at: _dt.datetime | None = None  # a call's time (naive UTC)
    detail: Any = field(default=None, compare=False)  # the KeepInTouch, FollowUp, JobChangeRow or ReminderRow

    @property
    def key(self) -> tuple[str, int]:
        """What identifies the entry from one day to the next (a notification is shown once per key)."""
        return (self.kind, self.ref)


class TodayError(ValidationError):
    """Something asked of the Today page that cannot be done, with a sentence saying why."""


def _snoozed(today: _dt.date) -> set[tuple[str, int]]:
    rows = current_database().execute_sql("SELECT kind, ref FROM today_snooze WHERE until > ?", (today.isoformat(),))
    return {(kind, int(ref)) for kind, ref in rows}


def _next_birthday(text: str, today: _dt.date) -> _dt.date | None:
    """The next day (today included) a birthday (``YYYY-MM-DD`` or ``--MM-DD``) falls on; 29 February is kept on
    the 28th in other years."""
    text = (text or "").strip()
    if len(text) < 5:
        return None
    try:
        month, day_of_month = int(text[-5:-3]), int(text[-2:])
    except ValueError:
        return None
    for year in (today.year, today.year + 1):
        try:
            found = _dt.date(year, month, day_of_month)
        except ValueError:
            if (month, day_of_month) != (2, 29):
                return None
            found = _dt.date(year, 2, 28)
        if found >= today:
            return found
    return None


def _calls(today: _dt.date) -> list[TodayEntry]:
    tomorrow = (today + _dt.timedelta(days=1)).isoformat()
    rows = current_database().execute_sql(
        "SELECT n.id, n.contact_id, c.full_name, n.scheduled_at, n.agenda FROM introduction n"
        " JOIN contact c ON c.id = n.contact_id"
        " WHERE n.held_at IS NULL AND n.scheduled_at IS NOT NULL AND n.scheduled_at < ? AND c.deleted_at IS NULL"
        " ORDER BY n.scheduled_at, n.id",
        (tomorrow,),
    )
    out = []
    for iid, cid, name, scheduled, agenda in rows:
        at = moment(scheduled)
        if at is None:
            continue
        days = (today - at.date()).days
        out.append(
            TodayEntry("call" if days == 0 else "unrecorded_call", iid, cid, name or "", at.date(), days,
                       agenda or "", at)
        )
    return out


def _birthdays(today: _dt.date) -> list[TodayEntry]:
    # NOT INDEXED: one pass over the table, then the few with a birthday sorted; walking the sort_name index
    # would look up every contact's row in name order (100 000 contacts: 250 ms against 25 ms).
    rows = current_database().execute_sql(
        "SELECT id, full_name, birthday FROM contact NOT INDEXED WHERE birthday <> '' AND deleted_at IS NULL"
        " ORDER BY sort_name"
    )
    out = []
    for cid, name, birthday in rows:
        on = _next_birthday(birthday, today)
        if on is not None and (on - today).days <= BIRTHDAYS_AHEAD:
            year = int(birthday[:4]) if birthday[:4].isdigit() else None
            age = on.year - year if year else 0
            out.append(TodayEntry("birthday", cid, cid, name or "", on, (on - today).days, str(age) if age > 0 else ""))
    out.sort(key=lambda e: (e.on, e.name.casefold()))
    return out


def gather(today: _dt.date) -> list[TodayEntry]:
    """Everything for *today*, section by section (:data:`KINDS`), without what was put off: seven queries,
    whatever the size of the network."""
    snoozed = _snoozed(today)
    entries: list[TodayEntry] = []
    for r in reminders.due_reminders(today):
        entries.append(TodayEntry("reminder", r.id, r.contact_id, r.contact_name, r.due_on, (today - r.due_on).days,
                                  r.text, detail=r))
    calls = _calls(today)
    entries += [e for e in calls if e.kind == "call"] + [e for e in calls if e.kind == "unrecorded_call"]
    for f in invitations.due_follow_ups(today):
        entries.append(TodayEntry("follow_up", f.invitation_id, f.contact_id, f.name, f.due_on, f.days_overdue,
                                  detail=f))
    clocks = interactions.keep_in_touch(today, due_only=True)
    clocks.sort(key=lambda k: (-(k.days_overdue or 0), k.name.casefold(), k.contact_id))  # most overdue first
    for status in clocks:
        assert status.next_due is not None and status.days_overdue is not None
        entries.append(TodayEntry("keep_in_touch", status.contact_id, status.contact_id, status.name, status.next_due,
                                  status.days_overdue, detail=status))
    for j in job_changes.open_changes():
        entries.append(TodayEntry("job_change", j.id, j.contact_id, j.name, j.changed_on or today,
                                  (today - j.changed_on).days if j.changed_on else 0,
                                  f"{j.before or '—'} → {j.after or '—'}", detail=j))
    entries += _birthdays(today)
    return [e for e in entries if e.kind not in SNOOZED_KINDS or e.key not in snoozed]


def snooze(kind: str, ref: int, until: _dt.date) -> None:
    """Put an entry off until *until* (it shows again on that day). A reminder moves to that day."""
    if kind == "reminder":
        reminders.move_reminder(ref, until)
        return
    if kind not in SNOOZED_KINDS:
        raise TodayError("This entry cannot be put off; dismiss it instead.")
    current_database().execute_sql(
        "INSERT INTO today_snooze (kind, ref, until) VALUES (?, ?, ?)"
        " ON CONFLICT (kind, ref) DO UPDATE SET until = excluded.until",
        (kind, ref, until.isoformat()),
    )


__all__ = ["BIRTHDAYS_AHEAD", "KINDS", "Kind", "TodayEntry", "TodayError", "gather", "snooze"]
