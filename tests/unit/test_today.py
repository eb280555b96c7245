"""core.today and what feeds it: job changes an import sees, reminders, snoozes, birthdays, and the learned notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from linkorganizer.core import contacts, interactions, job_changes, learned, reminders, today
from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.network import Network
from linkorganizer.db.models import JobChange
from linkorganizer.formats import registry

DAY = dt.date(2026, 11, 25)


def test_a_re_import_marks_job_changes_and_undoing_it_removes_them(db, linkedin_dir: Path) -> None:
    network = Network.bound()
    registry.import_file(linkedin_dir / "connections_2024.csv")
    assert JobChange.select().count() == 0
    report = registry.import_file(linkedin_dir / "connections_2025_job_changes.csv")
    assert sorted(c.name for c in report.job_changes) == ["Ada Quill", "Chiara Moretti", "Émile Lefèvre"]
    assert report.op_changes.job_changes == {c.contact_id for c in report.job_changes}
    ada = next(c.contact_id for c in report.job_changes if c.name == "Ada Quill")
    [mark] = job_changes.of_contact(ada)
    assert (mark.before, mark.after) == ("Head of Product at Northwind Analytics", "Head of Product at Contoso Payments")
    assert mark.changed_on == dt.datetime.now(dt.UTC).date()
    assert len(query_contact_ids(ContactQuery(job_changed=True))) == 3
    assert sorted(e.name for e in today.gather(DAY) if e.kind == "job_change") == [
        "Ada Quill", "Chiara Moretti", "Émile Lefèvre"
    ]
    with network.op("Dismiss") as dismissed:
        assert job_changes.dismiss([mark.id]) == 1
    assert "Ada Quill" not in [e.name for e in today.gather(DAY) if e.kind == "job_change"]
    assert job_changes.of_contact(ada)[0].dismissed_at is not None  # the mark stays on the contact
    network.undo(dismissed.id)
    assert job_changes.of_contact(ada)[0].dismissed_at is None
    network.undo(report.op_id)
    assert JobChange.select().count() == 0
    assert query_contact_ids(ContactQuery(job_changed=True)) == []


def test_a_dry_run_marks_nothing(db, linkedin_dir: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2024.csv")
    report = registry.import_file(linkedin_dir / "connections_2025_job_changes.csv", dry_run=True)
    assert len(report.job_changes) == 3
    assert JobChange.select().count() == 0


def test_birthdays_of_the_coming_week_with_29_february_on_the_28th(db) -> None:
    soon = contacts.create_contact({"first_name": "Soon", "birthday": "1990-11-27"})
    contacts.create_contact({"first_name": "Later", "birthday": "--12-20"})
    leap = contacts.create_contact({"first_name": "Leap", "birthday": "--02-29"})
    found = [(e.ref, e.on, e.days, e.text) for e in today.gather(DAY) if e.kind == "birthday"]
    assert found == [(soon, dt.date(2026, 11, 27), 2, "36")]
    leap_day = [e.on for e in today.gather(dt.date(2027, 2, 25)) if e.kind == "birthday" and e.ref == leap]
    assert leap_day == [dt.date(2027, 2, 28)]


def test_snoozed_entries_come_back_on_their_day(db) -> None:
    cid = contacts.create_contact({"first_name": "Dana", "cadence_days": 30})
    interactions.log_interaction(cid, "message", DAY - dt.timedelta(days=40))
    assert [(e.kind, e.ref) for e in today.gather(DAY)] == [("keep_in_touch", cid)]
    today.snooze("keep_in_touch", cid, DAY + dt.timedelta(days=3))
    today.snooze("keep_in_touch", cid, DAY + dt.timedelta(days=2))  # put off again: the later word wins
    assert today.gather(DAY) == []
    assert today.gather(DAY + dt.timedelta(days=1)) == []
    assert [e.ref for e in today.gather(DAY + dt.timedelta(days=2))] == [cid]
    with pytest.raises(today.TodayError):
        today.snooze("job_change", 1, DAY)


def test_keep_in_touch_and_the_contact_summary_agree(db) -> None:
    old = contacts.create_contact({"first_name": "Old", "cadence_days": 30, "connected_on": "2023-12-20"})
    [status] = interactions.keep_in_touch(DAY, due_only=True)
    summary = interactions.contact_summary(old, DAY)
    assert summary.keep_in_touch == status
    assert status.nothing_logged and status.last_touch == dt.date(2023, 12, 20)
    assert (summary.days_overdue, summary.next_due) == (status.days_overdue, status.next_due)
    [item] = interactions.due_list(DAY)
    assert item.keep_in_touch == status
    interactions.log_interaction(old, "call", DAY - dt.timedelta(days=10))
    assert interactions.keep_in_touch(DAY, due_only=True) == []
    assert not interactions.contact_summary(old, DAY).keep_in_touch.is_due


def test_reminders_are_listed_from_their_day_until_done(db) -> None:
    lea = contacts.create_contact({"first_name": "Léa"})
    rid = reminders.add_reminder("  Send Léa   the intro ", DAY + dt.timedelta(days=1), lea)
    assert today.gather(DAY) == []
    [entry] = today.gather(DAY + dt.timedelta(days=1))
    assert (entry.kind, entry.text, entry.contact_id, entry.name) == ("reminder", "Send Léa the intro", lea, "Léa")
    today.snooze("reminder", rid, DAY + dt.timedelta(days=4))
    assert today.gather(DAY + dt.timedelta(days=3)) == []
    reminders.complete_reminder(rid)
    assert today.gather(DAY + dt.timedelta(days=9)) == []
    with pytest.raises(reminders.ReminderError):
        reminders.add_reminder("   ", DAY)


def test_learned_notes_are_dated_and_added_once(db) -> None:
    cid = contacts.create_contact({"first_name": "Ada", "help_them": "Wants a mentor"})
    assert learned.note_learned(cid, "help_them", "an intro to a lawyer", DAY, "call, what they need")
    assert not learned.note_learned(cid, "help_them", "an intro to a lawyer", DAY, "call, what they need")
    assert not learned.note_learned(cid, "help_them", "  ", DAY, "call")
    assert contacts.get_contact(cid).values["help_them"] == (
        "Wants a mentor\n2026-11-25, call, what they need: an intro to a lawyer"
    )
    assert query_contact_ids(ContactQuery(text="lawyer")) == [cid]
