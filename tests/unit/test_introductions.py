"""core.introductions: scheduling, rescheduling, recording calls (stage moves, the logged call), each undone and
redone exactly by the network, the lists, and the weekly goal across ISO week boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from linkorganizer.core import contacts, settings
from linkorganizer.core import introductions as intro
from linkorganizer.core.introductions import IntroductionError
from linkorganizer.db.models import Contact, Interaction, Introduction

WHEN = dt.datetime(2024, 11, 12, 15, 0)  # a Tuesday
NOW = dt.datetime(2024, 11, 11, 9, 0)


def person(stage: str = "prospect", name: str = "Ada", **values) -> int:
    return contacts.create_contact({"first_name": name, "last_name": "Quill", "stage": stage, **values})


# ------------------------------------------------------------------------------------------------ scheduling


def test_schedule_a_call(db) -> None:
    cid = person("prospect")
    iid = intro.schedule_call(cid, WHEN, 45, "Learn about their hiring")
    row = intro.get_introduction(iid, now=NOW)
    assert (row.contact_id, row.contact_name, row.scheduled_at, row.duration_minutes, row.agenda) == (
        cid, "Ada Quill", WHEN, 45, "Learn about their hiring"
    )
    assert row.ends_at == WHEN + dt.timedelta(minutes=45)
    assert not row.is_held and not row.awaiting_record
    assert intro.get_introduction(iid, now=WHEN + dt.timedelta(hours=2)).awaiting_record
    assert Contact.get_by_id(cid).stage == "prospect"  # a plan is not a fact


def test_schedule_converts_aware_times_to_utc(db) -> None:
    cest = dt.timezone(dt.timedelta(hours=2))
    iid = intro.schedule_call(person(), dt.datetime(2024, 6, 3, 10, 0, 30, 999, tzinfo=cest))
    assert Introduction.get_by_id(iid).scheduled_at == dt.datetime(2024, 6, 3, 8, 0, 30)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"duration_minutes": 0}, "between 1 and"),
        ({"duration_minutes": 24 * 60 + 1}, "between 1 and"),
        ({"duration_minutes": True}, "between 1 and"),
        ({"when": None}, "needs a date"),
        ({"agenda": "x" * 20_001}, "at most"),
    ],
)
def test_schedule_refuses_bad_values(db, kwargs, match) -> None:
    args = {"contact_id": person(), "when": WHEN, **kwargs}
    with pytest.raises(IntroductionError, match=match):
        intro.schedule_call(**args)
    assert Introduction.select().count() == 0


def test_schedule_needs_a_live_contact(db) -> None:
    with pytest.raises(IntroductionError, match="no longer exists"):
        intro.schedule_call(999, WHEN)
    cid = person()
    contacts.trash_contacts([cid])
    with pytest.raises(IntroductionError, match="in the trash"):
        intro.schedule_call(cid, WHEN)


def test_undo_and_redo_of_scheduling_are_exact(db, undo_redo) -> None:
    cid = person()
    iid = undo_redo("Schedule", lambda: intro.schedule_call(cid, WHEN, agenda="Hello"))
    assert intro.get_introduction(iid).agenda == "Hello"  # the redo: the same call, same id
    assert Contact.get_by_id(cid).stage == "prospect"


def test_reschedule_is_undone_exactly(db, undo_redo) -> None:
    iid = intro.schedule_call(person(), WHEN, 30, "Agenda")
    undo_redo(
        "Reschedule",
        lambda: intro.reschedule(iid, WHEN + dt.timedelta(days=1), duration_minutes=60, agenda="New agenda"),
    )
    row = intro.get_introduction(iid)
    assert (row.scheduled_at, row.duration_minutes, row.agenda) == (WHEN + dt.timedelta(days=1), 60, "New agenda")


def test_reschedule_keeps_what_is_not_given(db) -> None:
    iid = intro.schedule_call(person(), WHEN, 40, "Agenda")
    intro.reschedule(iid, WHEN + dt.timedelta(hours=1))
    row = intro.get_introduction(iid)
    assert (row.duration_minutes, row.agenda) == (40, "Agenda")


def test_a_held_call_cannot_be_rescheduled(db) -> None:
    iid = intro.schedule_call(person(), WHEN)
    intro.record_call(iid, outcome="connect", held_at=WHEN)
    with pytest.raises(IntroductionError, match="already been held"):
        intro.reschedule(iid, WHEN + dt.timedelta(days=1))


def test_undoing_a_reschedule_is_refused_after_a_later_one(db, network, undo_refused) -> None:
    iid = intro.schedule_call(person(), WHEN)
    with network.op("Reschedule to Wednesday") as first:
        intro.reschedule(iid, WHEN + dt.timedelta(days=1))
    with network.op("Reschedule to Thursday") as second:
        intro.reschedule(iid, WHEN + dt.timedelta(days=2))
    assert "“Reschedule to Thursday”" in str(undo_refused(first.id))
    network.undo(second.id)  # undone in order, both go
    network.undo(first.id)
    assert intro.get_introduction(iid).scheduled_at == WHEN


# -------------------------------------------------------------------------------------------- recording calls


@pytest.mark.parametrize(
    ("stage", "outcome", "expected"),
    [
        ("prospect", "connect", "connected"),
        ("invited", "keep_in_touch", "keep_in_touch"),
        ("introduced", "not_a_fit", "not_a_fit"),
        ("connected", "keep_in_touch", "keep_in_touch"),
        ("prospect", None, "introduced"),
        ("invited", None, "introduced"),
        ("connected", None, "connected"),
        ("keep_in_touch", None, "keep_in_touch"),
    ],
)
def test_the_outcome_moves_the_stage_and_undo_is_exact(db, undo_redo, stage, outcome, expected) -> None:
    cid = person(stage)
    iid = intro.schedule_call(cid, WHEN)
    record = undo_redo(
        "Record", lambda: intro.record_call(iid, "Good chat", "A data engineer", "Intros to recruiters", outcome, WHEN)
    )
    assert (record.stage_before, record.stage_after) == (stage, expected)
    assert Contact.get_by_id(cid).stage == expected
    held = Introduction.get_by_id(iid)
    assert (held.notes, held.their_needs, held.my_offer, held.outcome, held.held_at) == (
        "Good chat", "A data engineer", "Intros to recruiters", outcome, WHEN
    )


def test_a_recorded_call_logs_itself(db) -> None:
    cid = person()
    iid = intro.schedule_call(cid, WHEN)
    record = intro.record_call(iid, "We talked about Rust", outcome="connect", held_at=WHEN + dt.timedelta(minutes=5))
    assert record.interaction_created
    call = Interaction.get_by_id(record.interaction_id)
    assert (call.contact_id, call.kind, call.occurred_at, call.note, call.introduction_id) == (
        cid, "call", WHEN + dt.timedelta(minutes=5), "We talked about Rust", iid
    )


def test_recording_again_updates_the_same_interaction_and_each_undo_is_exact(
    db, network, content, undo_refused
) -> None:
    cid = person("prospect")
    iid = intro.schedule_call(cid, WHEN)
    scheduled = content()
    with network.op("Record") as first_op:
        first = intro.record_call(iid, "First notes", outcome=None, held_at=WHEN)
    recorded_once = content()
    with network.op("Correct the record") as second_op:
        second = intro.record_call(iid, "Corrected notes", outcome="not_a_fit", held_at=WHEN + dt.timedelta(hours=1))
    assert not second.interaction_created and second.interaction_id == first.interaction_id
    assert Interaction.select().count() == 1
    assert Interaction.get_by_id(first.interaction_id).note == "Corrected notes"
    assert (second.stage_before, second.stage_after) == ("introduced", "not_a_fit")
    undo_refused(first_op.id)  # the newer record must be undone first
    network.undo(second_op.id)
    assert content() == recorded_once
    network.undo(first_op.id)
    assert content() == scheduled


def test_held_at_defaults_to_the_scheduled_time_once_it_has_passed(db) -> None:
    past = dt.datetime(2020, 3, 2, 10, 0)
    iid = intro.schedule_call(person(), past)
    assert intro.record_call(iid, outcome="connect").held_at == past


def test_a_bad_outcome_is_refused(db) -> None:
    iid = intro.schedule_call(person(), WHEN)
    with pytest.raises(IntroductionError, match="connect, keep in touch or not a fit"):
        intro.record_call(iid, outcome="maybe")
    with pytest.raises(IntroductionError, match="no longer exists"):
        intro.record_call(999)


def test_deleting_a_held_call_keeps_the_logged_interaction_and_undo_relinks_it(db, network, content) -> None:
    cid = person()
    iid = intro.schedule_call(cid, WHEN)
    record = intro.record_call(iid, "Notes", outcome="connect", held_at=WHEN)
    before = content()
    with network.op("Cancel the call") as op:
        intro.delete_introduction(iid)
    after = content()
    call = Interaction.get_by_id(record.interaction_id)
    assert call.introduction_id is None  # the call happened; only the link goes
    assert Contact.get_by_id(cid).stage == "connected"
    network.undo(op.id)
    assert content() == before
    assert Interaction.get_by_id(record.interaction_id).introduction_id == iid
    network.redo(op.id)
    assert content() == after
    with pytest.raises(IntroductionError, match="no longer exists"):
        intro.delete_introduction(iid)


# ---------------------------------------------------------------------------------------------------- lists


def test_upcoming_and_held_lists(db) -> None:
    ada = person(name="Ada")
    bob = person(name="Bob")
    gone = person(name="Gone")
    later = intro.schedule_call(ada, WHEN + dt.timedelta(days=3))
    sooner = intro.schedule_call(bob, WHEN)
    overdue = intro.schedule_call(ada, WHEN - dt.timedelta(days=5))
    held_old = intro.schedule_call(bob, WHEN - dt.timedelta(days=20))
    held_new = intro.schedule_call(ada, WHEN - dt.timedelta(days=10))
    intro.record_call(held_old, outcome="connect", held_at=WHEN - dt.timedelta(days=20))
    intro.record_call(held_new, outcome="not_a_fit", held_at=WHEN - dt.timedelta(days=10))
    trashed = intro.schedule_call(gone, WHEN)
    contacts.trash_contacts([gone])

    upcoming = intro.list_introductions("upcoming", now=NOW)
    assert [r.id for r in upcoming] == [overdue, sooner, later]
    assert [r.awaiting_record for r in upcoming] == [True, False, False]
    assert [r.id for r in intro.list_introductions("held", now=NOW)] == [held_new, held_old]
    assert [r.id for r in intro.list_introductions("all", now=NOW)] == [overdue, sooner, later, held_new, held_old]
    assert [r.id for r in intro.list_introductions("upcoming", contact_id=gone, now=NOW)] == [trashed]
    assert [r.id for r in intro.list_introductions("all", contact_id=bob, now=NOW)] == [sooner, held_old]
    with pytest.raises(IntroductionError):
        intro.list_introductions("someday")  # type: ignore[arg-type]


# ------------------------------------------------------------------------------------------------ weekly goal


def test_week_start_is_monday() -> None:
    assert intro.week_start(dt.date(2024, 11, 11)) == dt.date(2024, 11, 11)  # Monday
    assert intro.week_start(dt.date(2024, 11, 17)) == dt.date(2024, 11, 11)  # Sunday
    assert intro.week_start(dt.date(2024, 12, 31)) == dt.date(2024, 12, 30)  # across the year end
    assert intro.week_start(dt.date(2025, 1, 5)) == dt.date(2024, 12, 30)


def test_week_progress_across_week_boundaries(db) -> None:
    cid = person()

    def held_call(at: dt.datetime) -> None:
        intro.record_call(intro.schedule_call(cid, at), outcome="connect", held_at=at)

    held_call(dt.datetime(2024, 11, 10, 23, 59, 59))  # Sunday: last week
    held_call(dt.datetime(2024, 11, 11, 0, 0))  # Monday 00:00: this week
    held_call(dt.datetime(2024, 11, 17, 23, 59))  # Sunday night: this week
    held_call(dt.datetime(2024, 11, 18, 0, 0))  # next Monday: next week
    intro.schedule_call(cid, dt.datetime(2024, 11, 15, 10, 0))  # planned this week
    intro.schedule_call(cid, dt.datetime(2024, 11, 18, 10, 0))  # planned next week

    progress = intro.week_progress(dt.date(2024, 11, 13))
    assert progress == (2, 3, 1, dt.date(2024, 11, 11))
    assert (progress.held, progress.goal, progress.scheduled) == (2, 3, 1)
    assert progress.remaining == 1 and not progress.reached
    assert intro.week_progress(dt.date(2024, 11, 11)) == progress  # Monday
    assert intro.week_progress(dt.date(2024, 11, 17)) == progress  # Sunday
    assert intro.week_progress(dt.date(2024, 11, 10)) == (1, 3, 0, dt.date(2024, 11, 4))
    assert intro.week_progress(dt.date(2024, 11, 18)) == (1, 3, 1, dt.date(2024, 11, 18))


def test_the_weekly_goal_is_a_setting(db) -> None:
    settings.set_setting(settings.WEEKLY_CALL_GOAL, 5)
    assert intro.week_progress(dt.date(2024, 11, 13)).goal == 5


def test_weekly_counts_show_the_growth(db) -> None:
    cid = person()
    for day in (dt.date(2024, 10, 22), dt.date(2024, 11, 5), dt.date(2024, 11, 6), dt.date(2024, 11, 12),
                dt.date(2024, 11, 13), dt.date(2024, 11, 14)):
        at = dt.datetime.combine(day, dt.time(10))
        intro.record_call(intro.schedule_call(cid, at), held_at=at)
    counts = intro.weekly_counts(dt.date(2024, 11, 14), weeks=4)
    assert counts == [
        (dt.date(2024, 10, 21), 1),
        (dt.date(2024, 10, 28), 0),
        (dt.date(2024, 11, 4), 2),
        (dt.date(2024, 11, 11), 3),
    ]
