"""Likely namesakes: accepting an invitation, entering one and adding a contact by hand ask "is this one of these
people?" before a fourth Shira Cohen comes into being; lists tell namesakes apart (issue 10, points 3 and 9)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from linkorganizer.core import contacts, invitations
from linkorganizer.core.network import Changes
from linkorganizer.db.models import Contact
from linkorganizer.ui.dialogs.invitation_dialog import InvitationDialog, NewInvitation
from linkorganizer.ui.dialogs.namesake_dialog import SOMEONE_NEW, NamesakeDialog
from linkorganizer.ui.dialogs.contact_picker import ContactPicker
from linkorganizer.ui.localtime import utc_now
from linkorganizer.ui.models.due_list import DueListModel


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def three_shiras(window) -> list[int]:
    ids = [
        contacts.create_contact({"first_name": "Shira", "last_name": "Cohen", "company": company, "position": job,
                                 "cadence_days": 7, "connected_on": "2023-01-01"})
        for company, job in (("Acme", "CTO"), ("Globex", "Designer"), ("Initech", ""))
    ]  # fmt: skip
    window.bus.publish(Changes.everything())
    return ids


def shira_count() -> int:
    return Contact.select().where(Contact.full_name == "Shira Cohen").count()


class Asked:
    """Answers NamesakeDialog.ask as the user would, and keeps what it was shown."""

    def __init__(self, monkeypatch, answer) -> None:
        self.answer = answer
        self.calls: list[tuple[str, list[int]]] = []
        monkeypatch.setattr(NamesakeDialog, "ask", classmethod(lambda cls, parent, name, found, action="": self(name, found)))

    def __call__(self, name, found):
        self.calls.append((name, [m.contact_id for m in found]))
        # The dialog itself is built from what it was given: the user reads companies, not just names.
        dialog = NamesakeDialog(name, found, "")
        texts = [dialog.list.item(i).text() for i in range(dialog.list.count())]
        assert any("CTO at Acme" in t for t in texts) and any("Designer at Globex" in t for t in texts)
        dialog.deleteLater()
        return self.answer(found) if callable(self.answer) else self.answer


def test_accepting_asks_which_shira_and_links_the_one_chosen(qtbot, window, monkeypatch):
    acme, globex, _initech = three_shiras(window)
    iid = invitations.create_invitation("incoming", "Shira Cohen", message="Let's talk about design systems")
    window.bus.publish(Changes.everything())
    asked = Asked(monkeypatch, globex)
    inbox = window.inbox_view
    window.navigation.setCurrentRow(window.views.indexOf(inbox))
    assert inbox.select_invitation(iid)
    inbox.list.setFocus()
    qtbot.keyClick(inbox.list, Qt.Key.Key_A)
    assert asked.calls and asked.calls[0][0] == "Shira Cohen" and len(asked.calls[0][1]) == 3
    row = invitations.get_invitation(iid)
    assert row.state == "accepted" and row.contact_id == globex
    assert shira_count() == 3  # no fourth Shira
    window.actions.undo.trigger()
    assert invitations.get_invitation(iid).contact_id is None and invitations.get_invitation(iid).state == "new"


def test_someone_new_and_cancel(qtbot, window, monkeypatch):
    three_shiras(window)
    iid = invitations.create_invitation("incoming", "Shira Cohen")
    window.bus.publish(Changes.everything())
    inbox = window.inbox_view
    window.navigation.setCurrentRow(window.views.indexOf(inbox))
    assert inbox.select_invitation(iid)
    Asked(monkeypatch, None)  # cancelled: nothing happens
    assert not inbox.move_current("accepted")
    assert invitations.get_invitation(iid).state == "new" and shira_count() == 3
    Asked(monkeypatch, SOMEONE_NEW)
    assert inbox.move_current("accepted")
    assert invitations.get_invitation(iid).state == "accepted" and shira_count() == 4


def test_an_invitation_entered_by_hand_is_linked_to_the_namesake_chosen(qtbot, window, monkeypatch):
    _acme, globex, _initech = three_shiras(window)
    entry = NewInvitation("incoming", "Shira Cohen", "", "Hello", utc_now(), "")
    monkeypatch.setattr(InvitationDialog, "ask", classmethod(lambda cls, parent: entry))
    Asked(monkeypatch, globex)
    iid = window.inbox_view.new_invitation()
    assert iid is not None and invitations.get_invitation(iid).contact_id == globex


def test_a_contact_added_by_hand_offers_its_namesakes(qtbot, window):
    window.show()
    acme, _globex, _initech = three_shiras(window)
    steps = window.undo_stack.count()
    window.actions.new_contact.trigger()
    view = window.contacts_view
    editor = view.editor
    first, last = editor.lines["first_name"], editor.lines["last_name"]
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClicks(first, "Shira")
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert not editor.namesakes.isVisibleTo(editor)  # a first name alone is no namesake
    last.setFocus()  # past the middle name
    qtbot.waitUntil(last.hasFocus)
    qtbot.keyClicks(last, "cohen")
    qtbot.keyClick(last, Qt.Key.Key_Tab)
    QApplication.processEvents()
    assert editor.namesakes.isVisibleTo(editor)
    assert "3 contacts called" in editor.namesake_text.text()
    texts = [editor.namesake_list.item(i).text() for i in range(editor.namesake_list.count())]
    assert len(texts) == 3 and any("CTO at Acme" in t for t in texts)
    editor.namesake_list.setCurrentRow(next(i for i, t in enumerate(texts) if "Acme" in t))
    editor.namesake_same.click()
    QApplication.processEvents()
    assert shira_count() == 3  # the new entry was dropped …
    assert view.selected_ids() == [acme] and editor.contact_id == acme  # … and the existing one opened
    assert window.undo_stack.count() == steps and not window.undo_stack.canRedo()


def test_someone_new_keeps_the_contact_added_by_hand(qtbot, window):
    window.show()
    three_shiras(window)
    window.actions.new_contact.trigger()
    editor = window.contacts_view.editor
    for key, text in (("first_name", "Shira"), ("last_name", "Cohen")):  # typed one after the other
        editor.lines[key].setText(text)
        editor.commit_pending()
    QApplication.processEvents()
    assert editor.namesakes.isVisibleTo(editor)
    editor.namesake_new.click()
    assert not editor.namesakes.isVisibleTo(editor)
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    assert shira_count() == 4


def test_lists_tell_namesakes_apart(qtbot, window):
    ids = three_shiras(window)
    due = DueListModel()
    due.reload()
    names = sorted(due.index(r, 0).data() for r in range(due.rowCount()))
    assert names == ["Shira Cohen · CTO at Acme", "Shira Cohen · Designer at Globex", "Shira Cohen · Initech"]
    picker = ContactPicker(ids[1])
    assert picker.list.currentItem().text() == "Shira Cohen · Designer at Globex"
    picker.deleteLater()


def test_interactions_calls_and_the_import_preview_tell_namesakes_apart(qtbot, window, tmp_path):
    import datetime as _dt

    from linkorganizer.core import interactions, introductions
    from linkorganizer.ui.models.introduction_table import IntroductionTableModel
    from linkorganizer.ui.views.interactions_view import InteractionLogModel
    from tests.gui.test_import_flow import FIXTURES, preview

    acme, globex, _initech = three_shiras(window)
    interactions.log_interaction(acme, "call", utc_now() - _dt.timedelta(days=1), "Catch-up")
    introductions.schedule_call(globex, utc_now() + _dt.timedelta(days=2), 30, "Design hiring")
    window.bus.publish(Changes.everything())
    log = InteractionLogModel()
    log.reload()
    column = [log.headerData(c, Qt.Orientation.Horizontal) for c in range(log.columnCount())].index("With")
    assert log.index(0, column).data() == "Shira Cohen · CTO at Acme"
    calls = IntroductionTableModel("upcoming")
    calls.reload()
    column = calls.columns.index("contact")
    assert calls.index(0, column).data() == "Shira Cohen · Designer at Globex"

    dialog = preview(qtbot, window, FIXTURES / "linkedin" / "connections_2024.csv")
    new = dialog.findChild(type(dialog.tabs.widget(0)), "previewNew")
    shown = [new.topLevelItem(i).text(0) for i in range(new.topLevelItemCount())]
    assert "Ada Quill · Head of Product at Northwind Analytics" in shown
    dialog.reject()


def test_a_namesake_chosen_after_more_was_done_sends_the_new_entry_to_the_trash(qtbot, window):
    window.show()
    acme, _globex, _initech = three_shiras(window)
    window.actions.new_contact.trigger()
    editor = window.contacts_view.editor
    new_id = editor.contact_id
    for key, text in (("first_name", "Shira"), ("last_name", "Cohen")):
        editor.lines[key].setText(text)
        editor.commit_pending()
    editor.tags.setText("design")
    editor.commit_pending()  # a step of its own, after the creation
    QApplication.processEvents()
    assert editor.namesakes.isVisibleTo(editor)
    editor.namesake_list.setCurrentRow(0)
    editor.namesake_same.click()
    assert Contact.get_by_id(new_id).deleted_at is not None
    assert window.contacts_view.selected_ids() == [acme]
