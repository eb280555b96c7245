"""Introductions in the real window: schedule a call through its dialog, put it in a calendar (.ics read back with
icalendar), record it (the stage moves; undo puts it back), the weekly goal."""

from __future__ import annotations

import datetime as _dt

import time

import icalendar
import pytest
from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QFileDialog

from linkorganizer.core.network import Changes
from linkorganizer.core import contacts
from linkorganizer.core import interactions
from linkorganizer.core import introductions as core
from linkorganizer.core import settings as settings_core
from linkorganizer.db.models import Contact
from linkorganizer.ui.dialogs.record_call_dialog import CallOutcome, RecordCallDialog
from linkorganizer.ui.dialogs.schedule_dialog import CallPlan, ScheduleDialog
from linkorganizer.ui.localtime import format_local, from_qdatetime, to_qdatetime
from linkorganizer.ui.models.introduction_table import IntroductionTableModel


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def add_contact(window, first: str, last: str, stage: str = "prospect") -> int:
    cid = contacts.create_contact({"first_name": first, "last_name": last, "stage": stage,
                                   "profile_url": f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}"})
    window.bus.publish(Changes.everything())
    return cid


def open_introductions(window):
    window.navigation.setCurrentRow(window.views.indexOf(window.introductions_view))
    return window.introductions_view


@pytest.fixture
def new_york(monkeypatch):
    """The user's clock is in New York (UTC-4 in June): what they type and read is local, what is stored is UTC."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_local_time_round_trip(new_york):
    stored = _dt.datetime(2030, 6, 1, 13, 45)
    assert to_qdatetime(stored).toString("HH:mm") == "09:45"
    assert format_local(stored) == "Sat 1 Jun 2030, 09:45"
    assert from_qdatetime(to_qdatetime(stored)) == stored


def test_the_schedule_dialog_stores_local_time_as_utc(qtbot, window, new_york):
    cid = add_contact(window, "Ada", "Quill")
    dialog = ScheduleDialog(window, contact_id=cid, person="Ada Quill")
    qtbot.addWidget(dialog)
    assert dialog.picker is None and dialog.contact_id() == cid
    dialog.when.setDateTime(QDateTime(QDate(2030, 6, 3), QTime(10, 0)))  # 10:00 in New York
    plan = dialog.plan()
    assert plan is not None and plan.when == _dt.datetime(2030, 6, 3, 14, 0)  # 14:00 UTC


def test_schedule_through_the_dialog_and_add_to_calendar(qtbot, window, monkeypatch, tmp_path):
    cid = add_contact(window, "Ada", "Quill")
    add_contact(window, "Bruno", "Keller")
    window.contacts_view.select_ids([cid])

    # Drive the dialog itself: the contact is preselected in the picker, the rest is typed in.
    dialog = ScheduleDialog(window, contact_id=cid)
    qtbot.addWidget(dialog)
    assert dialog.picker is not None and dialog.picker.contact_id() == cid
    qtbot.keyClicks(dialog.picker.search, "bruno")
    dialog.picker.refresh()
    assert dialog.picker.list.count() == 1
    dialog.picker.set_contact_id(cid)
    assert dialog.contact_id() == cid
    local = QDateTime.currentDateTime().addDays(3)
    local.setTime(QTime(14, 30))
    dialog.when.setDateTime(local)
    dialog.duration.setValue(45)
    dialog.agenda.setPlainText("Introduce ourselves; how can we help one another?")
    plan = dialog.plan()
    assert plan is not None and plan.when == from_qdatetime(local)  # stored as naive UTC

    seen = {}

    def fake_ask(cls, parent, contact_id=None, person=None, existing=None):
        seen["contact_id"] = contact_id
        return plan

    monkeypatch.setattr(ScheduleDialog, "ask", classmethod(fake_ask))
    window.actions.schedule_call.trigger()  # Ctrl+K with the contact selected in the table
    assert seen["contact_id"] == cid
    [call] = core.list_introductions("upcoming")
    assert (call.contact_id, call.scheduled_at, call.duration_minutes) == (cid, plan.when, 45)

    view = open_introductions(window)
    assert view.upcoming.rowCount() == 1 and view.selected_introduction_id() == call.id
    assert "Ada Quill" in view.detail.title.text()
    target = tmp_path / "call.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    view.calendar_button.click()
    calendar = icalendar.Calendar.from_ical(target.read_bytes())
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Introduction call with Ada Quill"
    assert event.decoded("DTSTART") == plan.when.replace(tzinfo=_dt.UTC)
    assert event.decoded("DTEND") - event.decoded("DTSTART") == _dt.timedelta(minutes=45)
    assert "how can we help one another" in str(event["DESCRIPTION"])
    assert "Saved the call" in window.statusBar().currentMessage()

    window.actions.undo.trigger()
    assert core.list_introductions("upcoming") == []
    assert view.upcoming.rowCount() == 0


def test_record_a_call_moves_the_stage_and_undo_restores_it(qtbot, window, monkeypatch):
    cid = add_contact(window, "Chiara", "Moretti", stage="invited")
    intro = core.schedule_call(cid, _dt.datetime.now(_dt.UTC) - _dt.timedelta(hours=2), 30, "Who are you?")
    view = open_introductions(window)
    # Its time has passed: it waits for its record, and is not listed as upcoming.
    assert view.to_record.introduction(0).awaiting_record and view.upcoming.rowCount() == 0
    assert view.to_record_table.isVisibleTo(view) and view.to_record_label.text().startswith("To record (1)")

    dialog = RecordCallDialog(core.get_introduction(intro), window)
    qtbot.addWidget(dialog)
    dialog.notes.setPlainText("Builds data teams in Milan.")
    dialog.their_needs.setPlainText("A senior analyst.")
    dialog.my_offer.setPlainText("Two candidates.")
    dialog.set_outcome("connect")
    assert "Connected" in dialog.stage_hint.text()
    outcome = dialog.result_value()
    assert outcome.outcome == "connect" and outcome.notes == "Builds data teams in Milan."

    monkeypatch.setattr(RecordCallDialog, "ask", classmethod(lambda cls, parent, row: outcome))
    assert view.select_introduction(intro)
    steps = window.undo_stack.count()
    view.record_button.click()
    assert Contact.get_by_id(cid).stage == "connected"
    assert core.get_introduction(intro).is_held
    assert [i.kind for i in interactions.list_interactions(cid)] == ["call"]
    assert window.undo_stack.count() == steps + 1
    assert view.held.rowCount() == 1 and view.upcoming.rowCount() == 0
    assert "is now “Connected”" in window.statusBar().currentMessage()

    window.actions.undo.trigger()
    assert Contact.get_by_id(cid).stage == "invited"
    assert not core.get_introduction(intro).is_held
    assert interactions.list_interactions(cid) == []
    window.actions.redo.trigger()
    assert Contact.get_by_id(cid).stage == "connected"
    assert core.get_introduction(intro).outcome == "connect"


def test_decide_later_makes_an_invited_contact_introduced(qtbot, window, monkeypatch):
    cid = add_contact(window, "Dev", "Patel", stage="invited")
    intro = core.schedule_call(cid, _dt.datetime.now(_dt.UTC) - _dt.timedelta(hours=1))
    view = open_introductions(window)
    view.select_introduction(intro)
    monkeypatch.setattr(RecordCallDialog, "ask", classmethod(
        lambda cls, parent, row: CallOutcome("Nice chat", "", "", None, row.scheduled_at)))
    assert view.record_selected()
    assert Contact.get_by_id(cid).stage == "introduced"


def test_weekly_goal_counts_held_calls_and_is_editable(qtbot, window, monkeypatch):
    cid = add_contact(window, "Eun-ji", "Park")
    view = open_introductions(window)
    assert view.goal_card.headline.text() == "0 of 3 calls this week"
    intro = core.schedule_call(cid, _dt.datetime.now(_dt.UTC) - _dt.timedelta(minutes=90))
    view.reload()  # scheduled by the core directly, not through a command: nothing told the view
    assert view.select_introduction(intro)
    monkeypatch.setattr(RecordCallDialog, "ask", classmethod(
        lambda cls, parent, row: CallOutcome("", "", "", "keep_in_touch", row.scheduled_at)))
    view.record_button.click()
    assert view.goal_card.headline.text() == "1 of 3 calls this week"
    assert view.goal_card.progress.value() == 1

    steps = window.undo_stack.count()
    view.goal_card.goal.setValue(4)
    view.goal_card.goal.setValue(5)  # the spin box's arrows: one undo step, not two
    assert settings_core.weekly_call_goal() == 5
    assert window.undo_stack.count() == steps + 1
    assert view.goal_card.headline.text() == "1 of 5 calls this week"
    window.actions.undo.trigger()
    assert settings_core.weekly_call_goal() == 3
    assert view.goal_card.goal.value() == 3
    assert window.undo_stack.count() == steps + 1  # the undone step stays for redo; no new one was pushed


def test_reschedule_and_cancel_are_undoable(qtbot, window, monkeypatch):
    cid = add_contact(window, "Émile", "Lefèvre")
    first = _dt.datetime(2031, 5, 6, 9, 0)
    intro = core.schedule_call(cid, first, 30, "Plan")
    view = open_introductions(window)
    assert view.selected_introduction_id() == intro  # the next call is shown without a click
    moved = _dt.datetime(2031, 5, 7, 11, 0)

    def fake_ask(cls, parent, contact_id=None, person=None, existing=None):
        assert existing is not None and existing.id == intro
        return CallPlan(existing.contact_id, moved, 60, "New plan")

    monkeypatch.setattr(ScheduleDialog, "ask", classmethod(fake_ask))
    view.reschedule_button.click()
    assert core.get_introduction(intro).scheduled_at == moved
    view.cancel_button.click()
    assert core.list_introductions("upcoming") == []
    window.actions.undo.trigger()
    assert core.get_introduction(intro).scheduled_at == moved
    window.actions.undo.trigger()
    assert core.get_introduction(intro).scheduled_at == first


def test_introduction_models_pass_the_model_tester(qtbot, qtmodeltester, window):
    cid = add_contact(window, "Ada", "Quill")
    core.schedule_call(cid, _dt.datetime(2031, 1, 1, 10, 0))
    held = core.schedule_call(cid, _dt.datetime(2024, 1, 1, 10, 0))
    core.record_call(held, outcome="not_a_fit")
    for which in ("upcoming", "held"):
        model = IntroductionTableModel(which)
        model.reload()
        assert model.rowCount() == 1
        qtmodeltester.check(model, force_py=True)
