"""The invitation inbox in the real window: keyboard triage, undo, templates on the clipboard, refusals as plain
sentences, manual entry, filters and the navigation badge."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QListView, QMessageBox, QPushButton

from linkorganizer.core import invitations as core
from linkorganizer.core import settings as settings_core
from linkorganizer.core.introductions import list_introductions
from linkorganizer.db.models import Contact
from linkorganizer.ui.dialogs.invitation_dialog import InvitationDialog, NewInvitation
from linkorganizer.ui.dialogs.schedule_dialog import CallPlan, ScheduleDialog
from linkorganizer.ui.dialogs.template_dialog import TemplateDialog
from linkorganizer.ui.models.contact_table import COLUMN_INDEX
from linkorganizer.ui.models.invitation_list import InvitationListModel


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def import_invitations(qtbot, window) -> None:
    task = window.import_file(LINKEDIN / "invitations_2024.csv", preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass


def open_inbox(window):
    window.navigation.setCurrentRow(window.views.indexOf(window.inbox_view))
    return window.inbox_view


def invitation_id(name: str) -> int:
    return next(row.id for row in core.list_invitations("all") if row.name == name)


def table_names(window) -> list[str]:
    model = window.contacts_view.model
    return [model.index(r, COLUMN_INDEX["name"]).data() for r in range(model.rowCount())]


def focus_on(qtbot, inbox, name: str) -> int:
    iid = invitation_id(name)
    assert inbox.select_invitation(iid)
    inbox.list.setFocus()
    return iid


@pytest.fixture
def no_message_boxes(monkeypatch):
    """Refusals are sentences in the window, never a modal box: any box fails the test."""

    def refuse(*_args, **_kwargs):
        raise AssertionError("a message box was opened")

    for name in ("warning", "information", "critical", "question"):
        monkeypatch.setattr(QMessageBox, name, refuse)


def test_the_inbox_lists_imported_invitations(qtbot, window):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    assert window.findChild(QListView, "invitationList") is inbox.list
    names = [inbox.model.invitation(r).name for r in range(inbox.model.rowCount())]
    assert names == ["Chiara Moretti", "Morgan Lee", "Casey Nguyen", "Jordan Blake", "Ada Quill"]  # newest first
    jordan = inbox.model.invitation(names.index("Jordan Blake"))
    assert jordan.unclear and jordan.suggestion == "ask"
    # Something is selected and the pane shows it, with exactly the moves its state allows.
    row = inbox.current_row()
    assert row is not None and inbox.detail.title.text() == row.display_name
    visible = {state for state, button in inbox.detail.buttons.items() if button.isVisibleTo(inbox.detail)}
    assert visible == set(core.allowed_transitions(row.direction, row.state))


def test_allowed_moves_follow_each_invitation(qtbot, window):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    for r in range(inbox.model.rowCount()):
        row = inbox.model.invitation(r)
        inbox.select_invitation(row.id)
        visible = {s for s, b in inbox.detail.buttons.items() if b.isVisibleTo(inbox.detail)}
        assert visible == set(core.allowed_transitions(row.direction, row.state)), row.name
    outgoing = core.get_invitation(invitation_id("Morgan Lee"))
    inbox.select_invitation(outgoing.id)
    assert inbox.detail.buttons["accepted"].text() == "They accepted"
    assert not inbox.detail.copy_ask.isVisibleTo(inbox.detail)


def test_accept_from_the_keyboard_then_undo_and_redo(qtbot, window, no_message_boxes):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Jordan Blake")
    assert "Jordan Blake" not in table_names(window)
    steps = window.undo_stack.count()

    qtbot.keyClick(inbox.list, Qt.Key.Key_A)

    row = core.get_invitation(iid)
    assert row.state == "accepted" and row.contact_id is not None
    assert "Jordan Blake" in table_names(window)
    assert Contact.get_by_id(row.contact_id).stage == "connected"
    assert window.undo_stack.count() == steps + 1
    # The accepted one left the "Open" list; the next one is selected and the list kept the focus.
    assert inbox.model.row_of(iid) is None
    assert inbox.current_invitation_id() is not None
    assert inbox.list.hasFocus() or not window.isVisible()
    # The pane offers an introduction call, without a modal dialog.
    assert inbox.info_bar.isVisibleTo(inbox)
    assert inbox.info_bar.findChild(QPushButton, "offerSchedule") is not None
    assert "Jordan Blake is now a contact" in window.statusBar().currentMessage()

    window.actions.undo.trigger()
    assert core.get_invitation(iid).state == "new"
    assert core.get_invitation(iid).contact_id is None
    assert "Jordan Blake" not in table_names(window)
    assert not inbox.info_bar.isVisibleTo(inbox)
    assert core.invitation_events(iid) == []

    window.actions.redo.trigger()
    assert core.get_invitation(iid).state == "accepted"
    assert "Jordan Blake" in table_names(window)


def test_arrows_move_and_the_list_keeps_the_focus(qtbot, window):
    import_invitations(qtbot, window)
    window.show()
    inbox = open_inbox(window)
    inbox.list.setCurrentIndex(inbox.model.index(0, 0))
    inbox.list.setFocus()
    qtbot.waitUntil(inbox.list.hasFocus)
    first = inbox.current_invitation_id()
    qtbot.keyClick(inbox.list, Qt.Key.Key_Down)
    second = inbox.current_invitation_id()
    assert second != first and inbox.model.row_of(second) == 1
    assert inbox.detail.title.text() == inbox.model.invitation(1).display_name
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)  # ask Morgan? No: Morgan Lee is outgoing — refused
    assert core.get_invitation(second).state == "new"
    assert "one you sent" in inbox.detail.error.text()
    assert inbox.list.hasFocus()


def test_ask_copies_the_filled_template_and_moves_to_asked(qtbot, window, no_message_boxes):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Casey Nguyen")
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    assert core.get_invitation(iid).state == "asked"
    assert QGuiApplication.clipboard().text() == "Hi Casey, thank you for the invitation. How may I help you?"
    assert "on the clipboard" in window.statusBar().currentMessage()
    events = core.invitation_events(iid)
    assert [(f, t) for f, t, _at, _note in events] == [("new", "asked")]
    window.actions.undo.trigger()
    assert core.get_invitation(iid).state == "new"


def test_a_refused_move_is_a_sentence_not_a_traceback(qtbot, window, no_message_boxes):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Casey Nguyen")
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    steps = window.undo_stack.count()
    inbox.select_invitation(iid)
    qtbot.keyClick(inbox.list, Qt.Key.Key_A)  # accepting before their reply is refused: decide once they answered
    assert core.get_invitation(iid).state == "asked"
    assert window.undo_stack.count() == steps
    assert "record their reply before accepting" in inbox.detail.error.text()
    assert inbox.detail.error.isVisibleTo(inbox.detail)
    assert "record their reply" in window.statusBar().currentMessage()


def test_record_their_reply_then_accept(qtbot, window):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Casey Nguyen")
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    inbox.select_invitation(iid)
    assert inbox.detail.reply.isVisibleTo(inbox.detail)  # editable while asked
    inbox.detail.buttons["replied"].click()  # nothing written yet: refused, focus goes to the reply
    assert core.get_invitation(iid).state == "asked"
    assert "Write down what they answered" in inbox.detail.error.text()
    inbox.detail.reply.setPlainText("Looking for a mentor in data engineering.")
    inbox.detail.buttons["replied"].click()
    row = core.get_invitation(iid)
    assert (row.state, row.reply) == ("replied", "Looking for a mentor in data engineering.")
    inbox.select_invitation(iid)
    assert not inbox.detail.reply.isVisibleTo(inbox.detail)
    assert inbox.detail.reply_text.text() == "Looking for a mentor in data engineering."
    assert "They replied" in inbox.detail.timeline.text()
    inbox.list.setFocus()
    qtbot.keyClick(inbox.list, Qt.Key.Key_A)
    assert core.get_invitation(iid).state == "accepted"


def test_decline_copies_the_polite_decline(qtbot, window):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Chiara Moretti")
    qtbot.keyClick(inbox.list, Qt.Key.Key_D)
    assert core.get_invitation(iid).state == "declined"
    assert QGuiApplication.clipboard().text().startswith("Hi Chiara, thank you for thinking of me.")
    inbox.set_filter("decided")
    assert [inbox.model.invitation(r).id for r in range(inbox.model.rowCount())] == [iid]


def test_filters_direction_and_search(qtbot, window):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    inbox.direction.setCurrentIndex(inbox.direction.findData("outgoing"))
    assert {inbox.model.invitation(r).name for r in range(inbox.model.rowCount())} == {"Ada Quill", "Morgan Lee"}
    inbox.direction.setCurrentIndex(0)
    qtbot.keyClicks(inbox.search, "data contracts")
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 1)
    assert inbox.model.invitation(0).name == "Morgan Lee"
    inbox.search.clear()
    qtbot.waitUntil(lambda: inbox.model.rowCount() == 5)
    inbox.set_filter("asked")
    assert inbox.model.rowCount() == 0
    assert inbox.list_pages.currentWidget() is inbox.empty


def test_badge_counts_new_and_due(qtbot, window):
    def badge() -> str:
        window.update_badges()
        return window.navigation.item(window.views.indexOf(window.inbox_view)).text()

    assert badge() == "Inbox"
    import_invitations(qtbot, window)
    qtbot.waitUntil(lambda: window.navigation.item(window.views.indexOf(window.inbox_view)).text() == "Inbox  3")
    inbox = open_inbox(window)
    focus_on(qtbot, inbox, "Casey Nguyen")
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: window.navigation.item(window.views.indexOf(window.inbox_view)).text() == "Inbox  2")
    # Asked ten days ago and never answered: due for a follow-up.
    old = core.create_invitation("incoming", "Lee Park", message="")
    core.transition(old, "asked", at=_dt.datetime.now(_dt.UTC) - _dt.timedelta(days=10))
    assert badge() == "Inbox  2 · 1 due"
    assert inbox.filter_buttons["due"].text() == "Due"
    inbox.set_filter("due")
    assert [inbox.model.invitation(r).name for r in range(inbox.model.rowCount())] == ["Lee Park"]


def test_new_invitation_by_hand_is_undoable(qtbot, window, monkeypatch):
    entry = NewInvitation("incoming", "Rosa Diaz", "https://www.linkedin.com/in/rosa-diaz", "",
                          _dt.datetime(2026, 1, 5, 9, 30), "met at the meetup")
    monkeypatch.setattr(InvitationDialog, "ask", classmethod(lambda cls, parent: entry))
    window.actions.new_invitation.trigger()
    inbox = window.inbox_view
    assert window.views.currentWidget() is inbox
    row = inbox.current_row()
    assert row is not None and row.name == "Rosa Diaz" and row.unclear
    assert row.sent_at == _dt.datetime(2026, 1, 5, 9, 30)
    window.actions.undo.trigger()
    assert core.list_invitations("all") == []
    window.actions.redo.trigger()
    assert [r.id for r in core.list_invitations("all")] == [row.id]


def test_invitation_dialog_collects_the_entry(qtbot):
    dialog = InvitationDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert dialog.result_value() is None and not ok.isEnabled()
    dialog.outgoing.setChecked(True)
    qtbot.keyClicks(dialog.name, "Sam Lee")
    dialog.message.setPlainText("Loved your talk on data contracts.")
    assert ok.isEnabled()
    value = dialog.result_value()
    assert value is not None and (value.direction, value.name, value.message) == (
        "outgoing", "Sam Lee", "Loved your talk on data contracts.")
    dialog.incoming.setChecked(True)
    dialog.message.setPlainText("I'd like to add you to my professional network.")
    assert "How may I help you?" in dialog.unclear_hint.text()


def test_edited_templates_are_used_and_undoable(qtbot, window, monkeypatch):
    import_invitations(qtbot, window)
    dialog = TemplateDialog()
    qtbot.addWidget(dialog)
    dialog.edits[settings_core.TEMPLATE_ASK].setPlainText("Hello {first_name}! What brings you here?")
    dialog.follow_up.setValue(5)
    changes = dialog.changes()
    assert changes == {settings_core.TEMPLATE_ASK: "Hello {first_name}! What brings you here?",
                       settings_core.FOLLOW_UP_DAYS: 5}
    assert "Hello Ann!" in dialog.previews[settings_core.TEMPLATE_ASK].text()
    monkeypatch.setattr(TemplateDialog, "ask", classmethod(lambda cls, parent: changes))
    window.actions.reply_templates.trigger()
    assert settings_core.follow_up_days() == 5
    inbox = open_inbox(window)
    focus_on(qtbot, inbox, "Casey Nguyen")
    inbox.detail.copy_ask.click()
    assert QGuiApplication.clipboard().text() == "Hello Casey! What brings you here?"
    window.actions.undo.trigger()
    assert settings_core.reply_template("ask") == settings_core.DEFAULTS[settings_core.TEMPLATE_ASK]
    assert settings_core.follow_up_days() == 7


def test_accepting_offers_an_introduction_call(qtbot, window, monkeypatch):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Jordan Blake")
    qtbot.keyClick(inbox.list, Qt.Key.Key_A)
    contact_id = core.get_invitation(iid).contact_id
    when = _dt.datetime(2030, 3, 4, 15, 0)
    asked = {}

    def fake_ask(cls, parent, contact_id=None, person=None, existing=None):
        asked.update(contact_id=contact_id, person=person)
        return CallPlan(contact_id, when, 45, "Introduce ourselves")

    monkeypatch.setattr(ScheduleDialog, "ask", classmethod(fake_ask))
    inbox.info_bar.findChild(QPushButton, "offerSchedule").click()
    assert asked == {"contact_id": contact_id, "person": "Jordan Blake"}
    [call] = list_introductions("upcoming")
    assert (call.contact_id, call.scheduled_at, call.duration_minutes) == (contact_id, when, 45)
    assert not inbox.info_bar.isVisibleTo(inbox)
    # Undo both steps, then redo both: the accept creates the contact again under the same id, the call with it.
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    assert list_introductions("upcoming") == [] and core.get_invitation(iid).state == "new"
    assert Contact.get_or_none(Contact.id == contact_id) is None
    window.actions.redo.trigger()
    window.actions.redo.trigger()
    [call] = list_introductions("upcoming")
    assert core.get_invitation(iid).contact_id == contact_id
    assert (call.contact_id, call.scheduled_at) == (contact_id, when)


def test_schedule_a_call_before_deciding_links_the_person(qtbot, window, monkeypatch):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Chiara Moretti")
    monkeypatch.setattr(
        ScheduleDialog, "ask",
        classmethod(lambda cls, parent, contact_id=None, person=None, existing=None:
                    CallPlan(contact_id, _dt.datetime(2030, 1, 2, 10, 0), 30, "")),
    )
    inbox.detail.schedule_button.click()
    row = core.get_invitation(iid)
    assert row.state == "new" and row.contact_id is not None  # still undecided, but now a contact (invited)
    assert Contact.get_by_id(row.contact_id).stage == "invited"
    assert [c.contact_id for c in list_introductions("upcoming")] == [row.contact_id]
    window.actions.undo.trigger()
    assert list_introductions("upcoming") == []
    assert core.get_invitation(iid).contact_id is None
    window.actions.redo.trigger()
    assert len(list_introductions("upcoming")) == 1


def test_invitation_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    import_invitations(qtbot, window)
    model = InvitationListModel()
    model.reload()
    assert model.rowCount() == 5
    qtmodeltester.check(model, force_py=True)
    model.set_filter("decided")
    qtmodeltester.check(model, force_py=True)


def test_an_undo_that_no_longer_fits_is_reported_not_raised(qtbot, window, no_message_boxes):
    import_invitations(qtbot, window)
    inbox = open_inbox(window)
    iid = focus_on(qtbot, inbox, "Casey Nguyen")
    qtbot.keyClick(inbox.list, Qt.Key.Key_H)
    steps = window.undo_stack.count()
    with window.network.op("Follow up"):  # something else moved the invitation since (another window, say)
        core.follow_up(iid)
    window.actions.undo.trigger()
    assert "can no longer be undone" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == steps - 1  # the step that cannot be undone left the stack
    assert [t for _f, t, _a, _n in core.invitation_events(iid)] == ["asked", "asked"]


def test_switching_to_dark_redraws_the_pages(qtbot, window, qapp):
    import_invitations(qtbot, window)
    window.show()
    inbox = open_inbox(window)
    window.actions.theme_actions["dark"].trigger()
    qtbot.waitUntil(lambda: qapp.palette().color(QPalette.ColorRole.Window).lightness() < 128)
    qtbot.wait(20)
    assert inbox.model.rowCount() == 5
    window.actions.theme_actions["light"].trigger()
    qtbot.wait(20)
