"""Interactions, the Due list and the contact's history in the real window; and the JSON archive carrying
invitations, introductions and interactions from one network to another."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from linkorganizer.core.network import Changes
from linkorganizer.core import contacts
from linkorganizer.core import interactions as core
from linkorganizer.core import introductions, invitations
from linkorganizer.core import settings as settings_core
from linkorganizer.ui.dialogs.interaction_dialog import InteractionDialog, InteractionInput
from linkorganizer.ui.dialogs.record_call_dialog import CallOutcome, RecordCallDialog
from linkorganizer.ui.dialogs.schedule_dialog import CallPlan, ScheduleDialog
from linkorganizer.ui.views.interactions_view import InteractionLogModel


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None, microsecond=0)


def add_contact(window, first: str, last: str, cadence: int | None = None) -> int:
    cid = contacts.create_contact({"first_name": first, "last_name": last, "cadence_days": cadence})
    window.bus.publish(Changes.everything())
    return cid


def show(window, view):
    window.navigation.setCurrentRow(window.views.indexOf(view))
    return view


def click(qtbot, due, row: int, key: str) -> None:
    """Click one of the buttons the Due list paints in a row."""
    rect = due.button_rect(row, key)
    assert rect.isValid()
    qtbot.mouseClick(due.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def due_names(window) -> list[str]:
    return [item.name for item in window.due_view.items()]


def fake_log(monkeypatch, kind: str = "call", note: str = "", when: _dt.datetime | None = None) -> dict:
    seen: dict = {}

    def ask(cls, parent, contact_id=None, person=None, **_options):
        seen.update(contact_id=contact_id, person=person)
        return InteractionInput(contact_id, kind, when or utcnow(), note)

    monkeypatch.setattr(InteractionDialog, "ask", classmethod(ask))
    return seen


def test_logging_an_interaction_takes_the_contact_off_the_due_list(qtbot, window, monkeypatch):
    ann = add_contact(window, "Ann", "Lee", cadence=30)
    add_contact(window, "Bo", "Chen", cadence=30)  # added today: not due for a month
    core.log_interaction(ann, "message", utcnow() - _dt.timedelta(days=45), "Congratulated her on the new job")
    window.show()
    due = show(window, window.due_view)
    assert due_names(window) == ["Ann Lee"]
    assert due.items()[0].days_overdue == 15
    window.update_badges()
    badge = window.navigation.item(window.views.indexOf(due))
    assert badge.text() == "Keep in touch  1"

    seen = fake_log(monkeypatch, "help_given", "Reviewed her pitch deck")
    click(qtbot, due, 0, "log")
    assert seen == {"contact_id": ann, "person": "Ann Lee"}
    assert due_names(window) == []  # logging anything resets the cadence
    assert due.pages.currentWidget() is due.empty
    qtbot.waitUntil(lambda: badge.text() == "Keep in touch")
    assert "Logged: help given with Ann Lee." in window.statusBar().currentMessage()

    window.actions.undo.trigger()
    assert due_names(window) == ["Ann Lee"]
    window.actions.redo.trigger()
    assert due_names(window) == []


def test_follow_up_from_the_due_list(qtbot, window):
    iid = invitations.create_invitation("incoming", "Noor Haddad", message="")
    invitations.transition(iid, "asked", at=utcnow() - _dt.timedelta(days=9))
    window.show()
    due = show(window, window.due_view)
    [item] = due.items()
    assert (item.kind, item.name, item.days_overdue) == ("follow_up", "Noor Haddad", 2)
    QGuiApplication.clipboard().clear()
    click(qtbot, due, 0, "follow_up")
    assert due.items() == []
    assert [(f, t) for f, t, _a, _n in invitations.invitation_events(iid)] == [("new", "asked"), ("asked", "asked")]
    # The follow-up template, not the first question again.
    assert QGuiApplication.clipboard().text().startswith("Hi Noor, just following up on your invitation")
    window.actions.undo.trigger()
    assert [i.name for i in due.items()] == ["Noor Haddad"]
    # "Open invitation" shows it in the inbox.
    click(qtbot, due, 0, "invitation")
    assert window.views.currentWidget() is window.inbox_view
    assert window.inbox_view.current_invitation_id() == iid


def test_ctrl_l_logs_for_the_selected_contact_and_the_history_shows_it(qtbot, window, monkeypatch):
    cid = add_contact(window, "Dev", "Patel", cadence=60)
    other = add_contact(window, "Eve", "Stone")
    window.contacts_view.select_ids([cid])
    history = window.contacts_view.editor.history
    assert history.contact_id == cid
    assert history.last.text() == "none yet"
    assert "every 60 days" in history.next_due.text()

    seen = fake_log(monkeypatch, "referral_received", "Sent me a client")
    window.actions.log_interaction.trigger()
    assert seen["contact_id"] == cid
    [row] = core.list_interactions(cid)
    assert (row.kind, row.note) == ("referral_received", "Sent me a client")
    assert history.last.text() == "Referral received · today"
    assert "received 1" in history.balance.text() and "time to give back" in history.balance.text()
    assert history.entries.count() == 1

    fake_log(monkeypatch, "help_given", "Intro to a designer")
    history.log_button.click()
    assert "gave 1" in history.balance.text() and "(even)" in history.balance.text()
    assert history.entries.count() == 2
    assert core.list_interactions(other) == []

    window.actions.undo.trigger()
    assert history.entries.count() == 1


def test_a_cadence_on_an_old_connection_with_nothing_logged_says_now(qtbot, window):
    cid = add_contact(window, "Old", "Friend", cadence=30)
    contacts.update_contact(cid, {"connected_on": "2008-12-15"})
    window.bus.publish(Changes(contacts={cid}))
    window.contacts_view.select_ids([cid])
    text = window.contacts_view.editor.history.next_due.text()
    assert text == "now: nothing logged yet, counted from connected 15 Dec 2008 (every 30 days)"


def test_the_due_list_and_the_contact_tell_the_same_story(qtbot, window, monkeypatch):
    """One rule: the Keep in touch page, the contact's page and the navigation's count agree, before and after
    something is logged."""
    cid = add_contact(window, "Old", "Friend", cadence=30)
    contacts.update_contact(cid, {"connected_on": "2023-12-20"})
    window.bus.publish(Changes.everything())
    due = show(window, window.due_view)
    model = due.model
    assert [item.contact_id for item in due.items()] == [cid]
    due_column = model.data(model.index(0, 2))
    last_column = model.data(model.index(0, 3))
    assert due_column == "due now: nothing logged yet"
    assert last_column == "connected 20 Dec 2023"
    assert window.navigation.item(window.views.indexOf(due)).text() == "Keep in touch  1"
    show(window, window.contacts_view)
    window.contacts_view.select_ids([cid])
    editor_text = window.contacts_view.editor.history.next_due.text()
    assert "nothing logged yet" in editor_text and last_column in editor_text

    long_ago = utcnow() - _dt.timedelta(days=40)
    fake_log(monkeypatch, "call", "Caught up", when=long_ago)
    window.contacts_view.editor.history.log_button.click()
    show(window, due)
    assert model.data(model.index(0, 2)) == "10 days overdue"
    show(window, window.contacts_view)
    editor_text = window.contacts_view.editor.history.next_due.text()
    assert editor_text.startswith("10 days overdue, last in touch ")
    assert model.data(model.index(0, 3)) in editor_text


def test_interaction_dialog_picks_a_contact(qtbot, window):
    cid = add_contact(window, "Ada", "Quill")
    add_contact(window, "Bruno", "Keller")
    dialog = InteractionDialog(window)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert dialog.result_value() is None and not ok.isEnabled()
    dialog.picker.set_contact_id(cid)
    dialog.set_kind("meeting")
    dialog.note.setPlainText("Coffee at the conference")
    value = dialog.result_value()
    assert ok.isEnabled()
    assert value is not None and (value.contact_id, value.kind, value.note) == (cid, "meeting",
                                                                                 "Coffee at the conference")
    assert abs((value.occurred_at - utcnow()).total_seconds()) < 120  # now, in UTC


def test_the_log_lists_newest_first_with_kind_filter_and_search(qtbot, window, monkeypatch):
    ann = add_contact(window, "Ann", "Lee")
    bo = add_contact(window, "Bo", "Chen")
    now = utcnow()
    core.log_interaction(ann, "call", now - _dt.timedelta(days=3), "Quarterly catch-up")
    core.log_interaction(bo, "help_given", now - _dt.timedelta(days=2), "CV review")
    core.log_interaction(ann, "referral_given", now - _dt.timedelta(days=1), "Introduced to Globex")
    log = show(window, window.interactions_view)
    model = log.model
    assert [model.interaction(r).note for r in range(model.rowCount())] == [
        "Introduced to Globex", "CV review", "Quarterly catch-up"]
    log.kind.setCurrentIndex(log.kind.findData("call"))
    assert [model.interaction(r).note for r in range(model.rowCount())] == ["Quarterly catch-up"]
    log.kind.setCurrentIndex(0)
    qtbot.keyClicks(log.search, "bo")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.interaction(0).contact_id == bo
    log.table.selectRow(0)
    log.delete_button.click()
    assert core.list_interactions(bo) == []
    window.actions.undo.trigger()
    assert [r.note for r in core.list_interactions(bo)] == ["CV review"]
    log.table.selectRow(0)
    log.open_button.click()
    assert window.views.currentWidget() is window.contacts_view
    assert window.contacts_view.selected_ids() == [bo]


def test_interaction_log_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    cid = add_contact(window, "Ann", "Lee")
    for days in range(5):
        core.log_interaction(cid, "message", utcnow() - _dt.timedelta(days=days), f"note {days}")
    model = InteractionLogModel()
    model.reload()
    qtmodeltester.check(model, force_py=True)


def _snapshot() -> dict:
    """What the Three I's hold, without ids (a new network numbers them afresh)."""
    by_name = {}
    for row in invitations.list_invitations("all"):
        events = [(f, t, a, n) for f, t, a, n in invitations.invitation_events(row.id)]
        by_name[row.name] = (row.direction, row.profile_url, row.message, row.sent_at, row.state, row.reply,
                             row.note, row.contact_name, events)
    calls = sorted(
        (r.contact_name, r.scheduled_at, r.duration_minutes, r.agenda, r.notes, r.their_needs, r.my_offer, r.outcome,
         r.held_at) for r in introductions.list_introductions("all")
    )
    logged = sorted((r.contact_name, r.kind, r.occurred_at, r.note, r.introduction_id is not None)
                    for r in core.list_interactions())
    stages = sorted((d.full_name, d.values["stage"]) for d in contacts.get_contacts(
        contacts.query_contact_ids(contacts.ContactQuery())))
    return {"invitations": by_name, "introductions": calls, "interactions": logged, "stages": stages,
            "goal": settings_core.weekly_call_goal(), "ask": settings_core.reply_template("ask")}


def test_json_archive_round_trip_through_the_window(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    # Build the Three I's through the window's own commands (invitations entered with the core: the inbox's
    # "New invitation…" has its own test).
    accept = invitations.create_invitation("incoming", "Ann Lee", "https://www.linkedin.com/in/ann-lee",
                                           "Hi! I run the data meetup and would love you as a speaker.",
                                           _dt.datetime(2026, 3, 1, 9, 0))
    ask = invitations.create_invitation("incoming", "Bo Chen", message="", sent_at=_dt.datetime(2026, 3, 2, 10, 0))
    invitations.create_invitation("outgoing", "Cy Ray", "https://www.linkedin.com/in/cy-ray", "Great talk!",
                                  _dt.datetime(2026, 3, 3, 11, 0))
    window.bus.publish(Changes.everything())
    inbox = show(window, window.inbox_view)
    for iid, move in ((accept, "accepted"), (ask, "asked")):
        inbox.select_invitation(iid)
        assert inbox.move_current(move)
    inbox.select_invitation(ask)
    inbox.detail.reply.setPlainText("Looking for a mentor.")
    assert inbox.move_current("replied")
    ann = invitations.get_invitation(accept).contact_id
    intro_view = show(window, window.introductions_view)
    monkeypatch.setattr(ScheduleDialog, "ask", classmethod(
        lambda cls, parent, contact_id=None, person=None, existing=None:
        CallPlan(ann, _dt.datetime(2026, 3, 5, 15, 0), 40, "Get to know each other")))
    intro_id = intro_view.schedule_call(ann)
    assert intro_id is not None
    monkeypatch.setattr(RecordCallDialog, "ask", classmethod(
        lambda cls, parent, row: CallOutcome("Great fit", "Speakers", "A talk", "keep_in_touch",
                                             _dt.datetime(2026, 3, 5, 15, 40))))
    intro_view.select_introduction(intro_id)
    assert intro_view.record_selected()
    fake_log(monkeypatch, "help_given", "Shared my slides", _dt.datetime(2026, 3, 9, 12, 0))
    window.contacts_view.select_ids([ann])
    window.actions.log_interaction.trigger()
    intro_view.goal_card.goal.setValue(5)
    before = _snapshot()
    assert len(before["invitations"]) == 3 and len(before["introductions"]) == 1 and len(before["interactions"]) == 2

    archive = tmp_path / "network.json"
    assert window.export_to(archive, "json") is not None
    window.close()

    other = make_window("other.db")
    assert invitations.list_invitations("all") == []
    task = other.import_file(archive, preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    after = _snapshot()
    for name, invitation in before["invitations"].items():  # one by one, for a readable failure
        assert after["invitations"].get(name) == invitation, name
    assert after == before
    # The new window shows them too.
    inbox = show(other, other.inbox_view)
    inbox.set_filter("all")
    assert inbox.model.rowCount() == 3
    assert show(other, other.introductions_view).held.rowCount() == 1


def test_return_on_a_due_row_runs_its_first_step(qtbot, window, monkeypatch):
    ann = add_contact(window, "Ann", "Lee", cadence=7)
    core.log_interaction(ann, "call", utcnow() - _dt.timedelta(days=30))
    due = show(window, window.due_view)
    due.table.setCurrentIndex(due.model.index(0, 0))
    seen = fake_log(monkeypatch, "message", "Checked in")
    qtbot.keyClick(due.table, Qt.Key.Key_Return)
    assert seen["contact_id"] == ann
    assert due.items() == []
