"""formats.ics: introduction calls as iCalendar files, parsed back with icalendar to check every field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest

from linkorganizer.core import contacts
from linkorganizer.core import introductions as intro
from linkorganizer.db.models import Introduction
from linkorganizer.formats import ics

WHEN = dt.datetime(2024, 11, 12, 15, 0)
URL = "https://www.linkedin.com/in/ada-quill"


def person(name: str = "Ada", last: str = "Quill", url: str | None = URL) -> int:
    return contacts.create_contact({"first_name": name, "last_name": last, "profile_url": url})


def events_of(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["version"]) == "2.0"
    assert str(calendar["prodid"]) == ics.PRODID
    return list(calendar.walk("VEVENT"))


def test_one_call_parses_back_with_every_field(db) -> None:
    iid = intro.schedule_call(person(), WHEN, 45, "Learn about their hiring; offer referrals, CV help")
    data = ics.introduction_ics(iid)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    (event,) = events_of(data)
    assert event.decoded("dtstart") == dt.datetime(2024, 11, 12, 15, 0, tzinfo=dt.UTC)
    assert event.decoded("dtend") == dt.datetime(2024, 11, 12, 15, 45, tzinfo=dt.UTC)
    assert b"DTSTART:20241112T150000Z" in data  # UTC, written with a Z
    assert str(event["summary"]) == "Introduction call with Ada Quill"
    assert str(event["description"]) == f"Learn about their hiring; offer referrals, CV help\n\n{URL}"
    assert str(event["url"]) == URL
    assert str(event["uid"]).startswith(f"introduction-{iid}-")
    assert event.decoded("dtstamp").tzinfo is not None


def test_aware_times_land_in_utc(db) -> None:
    cest = dt.timezone(dt.timedelta(hours=2))
    iid = intro.schedule_call(person(), dt.datetime(2024, 6, 3, 10, 0, tzinfo=cest))
    (event,) = events_of(ics.introduction_ics(iid))
    assert event.decoded("dtstart") == dt.datetime(2024, 6, 3, 8, 0, tzinfo=dt.UTC)


def test_uid_is_stable_per_introduction(db) -> None:
    first = intro.schedule_call(person(), WHEN)
    second = intro.schedule_call(person("Bob", url=None), WHEN)
    uid_before = str(events_of(ics.introduction_ics(first))[0]["uid"])
    intro.reschedule(first, WHEN + dt.timedelta(days=2), duration_minutes=60)
    (moved,) = events_of(ics.introduction_ics(first))
    assert str(moved["uid"]) == uid_before  # the calendar updates the event instead of adding one
    assert moved.decoded("dtstart") == dt.datetime(2024, 11, 14, 15, 0, tzinfo=dt.UTC)
    assert str(events_of(ics.introduction_ics(second))[0]["uid"]) != uid_before


def test_the_same_call_always_exports_to_the_same_bytes(db) -> None:
    iid = intro.schedule_call(person(), WHEN, agenda="Agenda")
    assert ics.introduction_ics(iid) == ics.introduction_ics(iid)


def test_special_characters_survive(db) -> None:
    cid = person("Zoë", "O'Brien, Jr.", url=None)
    agenda = "Line one; with semicolon\nLine two, with comma — and “quotes” \\ backslash"
    iid = intro.schedule_call(cid, WHEN, agenda=agenda)
    (event,) = events_of(ics.introduction_ics(iid))
    assert str(event["summary"]) == "Introduction call with Zoë O'Brien, Jr."
    assert str(event["description"]) == agenda  # no profile URL: the agenda alone
    assert "url" not in event


def test_no_agenda_and_no_url_means_no_description(db) -> None:
    iid = intro.schedule_call(person(url=None), WHEN)
    (event,) = events_of(ics.introduction_ics(iid))
    assert "description" not in event


def test_write_ics_writes_every_scheduled_call(db, tmp_path: Path) -> None:
    ada = intro.schedule_call(person(), WHEN, agenda="Ada's agenda")
    bob = intro.schedule_call(person("Bob", url="https://www.linkedin.com/in/bob"), WHEN + dt.timedelta(days=1))
    undated = intro.schedule_call(person("Cy", url=None), WHEN)
    Introduction.update(scheduled_at=None).where(Introduction.id == undated).execute()  # as an archive may hold
    out = tmp_path / "out"
    out.mkdir()
    path = out / "calls.ics"
    assert ics.write_ics(path, [ada, bob, undated, ada]) == 2
    events = events_of(path.read_bytes())
    assert [str(e["summary"]) for e in events] == [
        "Introduction call with Ada Quill",
        "Introduction call with Bob Quill",
    ]
    assert len({str(e["uid"]) for e in events}) == 2
    assert list(out.iterdir()) == [path]  # no temporary file left behind


def test_one_call_written_is_the_same_as_its_bytes(db, tmp_path: Path) -> None:
    iid = intro.schedule_call(person(), WHEN)
    path = tmp_path / "call.ics"
    assert ics.write_ics(path, [iid]) == 1
    assert path.read_bytes() == ics.introduction_ics(iid)


def test_nothing_to_write_is_a_plain_error(db, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    iid = intro.schedule_call(person(), WHEN)
    Introduction.update(scheduled_at=None).where(Introduction.id == iid).execute()
    with pytest.raises(ics.IcsError, match="nothing to put in a calendar"):
        ics.write_ics(out / "x.ics", [iid])
    with pytest.raises(ics.IcsError, match="has no date"):
        ics.introduction_ics(iid)
    with pytest.raises(ics.IcsError):
        ics.write_ics(out / "x.ics", [])
    assert list(out.iterdir()) == []
