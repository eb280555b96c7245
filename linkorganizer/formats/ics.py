"""Introduction calls as iCalendar (.ics) files, so they land in the user's own calendar.

One VEVENT per call: a UID stable for the life of the introduction (exporting again after a reschedule updates the
event in the calendar instead of adding a second one), DTSTART/DTEND in UTC, SUMMARY "Introduction call with
<name>", DESCRIPTION the agenda and the person's profile URL (also as URL). DTSTAMP and LAST-MODIFIED are the
introduction's own last change, so the same call always exports to the same bytes. Written with the
``icalendar`` package.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable
from pathlib import Path

import icalendar

from linkorganizer.core.introductions import IntroductionRow, get_introduction
from linkorganizer.paths import new_part

PRODID = "-//LinkOrganizer//Introduction calls//EN"
UID_DOMAIN = "linkorganizer"


class IcsError(ValueError):
    """An introduction that cannot be written as a calendar event, with a sentence saying why."""


def _utc(value: _dt.datetime) -> _dt.datetime:
    """Stored times are naive UTC; iCalendar wants them marked as UTC (written with a trailing Z)."""
    return value.replace(tzinfo=_dt.UTC) if value.tzinfo is None else value.astimezone(_dt.UTC)


def introduction_uid(row: IntroductionRow) -> str:
    """Stable per introduction: its id plus its creation time, so two networks' introduction #1 never collide."""
    created = row.created_at.strftime("%Y%m%dT%H%M%S") if row.created_at else "0"
    return f"introduction-{row.id}-{created}@{UID_DOMAIN}"


def summary(row: IntroductionRow) -> str:
    name = row.contact_name.strip()
    return f"Introduction call with {name}" if name else "Introduction call"


def description(row: IntroductionRow) -> str:
    return "\n\n".join(part for part in (row.agenda.strip(), row.profile_url) if part)


def introduction_event(row: IntroductionRow) -> icalendar.Event:
    """The VEVENT of one scheduled introduction; :class:`IcsError` if it has no date."""
    if row.scheduled_at is None or row.ends_at is None:
        raise IcsError(f"The call with {row.contact_name or 'this contact'} has no date yet.")
    event = icalendar.Event()
    event.add("uid", introduction_uid(row))
    stamp = row.updated_at or row.created_at or row.scheduled_at
    event.add("dtstamp", _utc(stamp))
    event.add("last-modified", _utc(stamp))
    if row.created_at is not None:
        event.add("created", _utc(row.created_at))
    event.add("dtstart", _utc(row.scheduled_at))
    event.add("dtend", _utc(row.ends_at))
    event.add("summary", summary(row))
    text = description(row)
    if text:
        event.add("description", text)
    if row.profile_url:
        event.add("url", row.profile_url)
    return event


def calendar_for(rows: Iterable[IntroductionRow]) -> icalendar.Calendar:
    """A VCALENDAR holding one VEVENT per introduction (all of which must be scheduled)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    for row in rows:
        calendar.add_component(introduction_event(row))
    return calendar


def introduction_ics(introduction_id: int) -> bytes:
    """One introduction call as the bytes of an .ics file."""
    return bytes(calendar_for([get_introduction(introduction_id)]).to_ical())


def write_ics(path: str | os.PathLike[str], introduction_ids: Iterable[int]) -> int:
    """Write the scheduled ones among *introduction_ids* to one .ics file at *path*; returns how many events
    it holds. Calls without a date are passed over; :class:`IcsError` when none is left (an empty calendar
    helps nobody). The file appears whole or not at all."""
    rows = [get_introduction(iid) for iid in dict.fromkeys(introduction_ids)]
    scheduled = [row for row in rows if row.scheduled_at is not None]
    if not scheduled:
        raise IcsError("None of these introduction calls has a date, so there is nothing to put in a calendar.")
    data = bytes(calendar_for(scheduled).to_ical())
    target = Path(path)
    fd, temp = new_part(target)  # 0600, and a stale one of a killed run is removed first
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return len(scheduled)


__all__ = [
    "PRODID",
    "IcsError",
    "calendar_for",
    "description",
    "introduction_event",
    "introduction_ics",
    "introduction_uid",
    "summary",
    "write_ics",
]
