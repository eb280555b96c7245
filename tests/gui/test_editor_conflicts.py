"""Two people editing one field of one contact, in the real window: the second save is caught and shown with both
values, the user chooses, and nothing is lost unseen or left as a phantom undo step.

The other person is a second connection to the window's network file, changing it through the core the way
another program (another window, a command-line run) would; the window hears nothing of it until it saves.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel

from linkorganizer.core import contacts
from linkorganizer.core.network import Changes, Network
from linkorganizer.core.records import Labeled
from linkorganizer.db import open_database
from linkorganizer.db.models import MODELS
from linkorganizer.ui.dialogs.conflict_dialog import ConflictDialog


@pytest.fixture
def other(window) -> Iterator[Network]:
    """Someone else on the same network file: a connection of its own."""
    network = Network(Path(window.db_path), open_database(window.db_path, bind=False))
    yield network
    network.close()


def their_change(other: Network, contact_id: int, changes: dict) -> None:
    with other.db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
        with other.op("Their edit"):
            contacts.update_contact(contact_id, changes)


def their_emails(other: Network, contact_id: int, items: list[Labeled]) -> None:
    with other.db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
        with other.op("Their e-mails"):
            contacts.set_contact_fields(contact_id, "email", items)


def stored(contact_id: int) -> dict:
    return contacts.get_contact(contact_id).values


@pytest.fixture
def ada(window) -> int:
    window.resize(1024, 700)
    window.show()
    cid = contacts.create_contact({"first_name": "Ada", "last_name": "Lovelace", "position": "Analyst",
                                   "company": "Engines"})
    window.bus.publish(Changes.everything())
    window.contacts_view.select_ids([cid])
    QApplication.processEvents()
    return cid


def start_typing(qtbot, window, key: str, text: str):
    field = window.contacts_view.editor.lines[key]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    return field


class Answer:
    """Answers the conflict dialog once it is open (it runs its own event loop): reads what it shows, then
    presses a button, or Escape."""

    def __init__(self, how: str) -> None:
        self.how = how
        self.shown: dict[str, str] = {}
        self._tries = 0
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            self._tries += 1
            if self._tries < 200:
                QTimer.singleShot(10, self._look)
            return
        self.shown = {
            "message": dialog.message.text(),
            "theirs": dialog.findChild(QLabel, "theirsValue").text(),
            "yours": dialog.findChild(QLabel, "yoursValue").text(),
            "default": "keep" if dialog.keep_theirs.isDefault() else "mine",
        }
        if self.how == "escape":
            # As a person would: to the dialog's focused button (the window system gives the dialog the focus).
            if not dialog.isActiveWindow():
                dialog.activateWindow()
                self._tries += 1
                if self._tries < 200:
                    QTimer.singleShot(10, self._look)
                    return
            QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
        elif self.how == "mine":
            dialog.use_mine.click()
        else:
            dialog.keep_theirs.click()


@pytest.mark.parametrize("how", ["keep", "escape"])
def test_keep_theirs_shows_their_value_and_leaves_no_step(qtbot, window, ada, other, how):
    field = start_typing(qtbot, window, "position", "Engineer")
    their_change(other, ada, {"position": "Head of research"})
    steps = window.undo_stack.count()
    answer = Answer(how)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert answer.shown, "the conflict dialog did not open"
    assert answer.shown["theirs"] == "Head of research" and answer.shown["yours"] == "Engineer"
    assert answer.shown["message"].startswith("Another window or program changed Position at ")
    assert answer.shown["message"].endswith(" while you were editing.")
    assert answer.shown["default"] == "keep"
    assert stored(ada)["position"] == "Head of research"
    assert field.text() == "Head of research"  # the editor shows what is stored
    assert window.undo_stack.count() == steps  # no phantom step
    assert not window.contacts_view.editor.error.isVisibleTo(window.contacts_view.editor)
    # The next edit starts from their value: no second conflict.
    field = start_typing(qtbot, window, "position", "Principal")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert stored(ada)["position"] == "Principal"
    assert window.undo_stack.count() == steps + 1


def test_use_mine_saves_over_theirs_as_one_undoable_step(qtbot, window, ada, other):
    field = start_typing(qtbot, window, "position", "Engineer")
    their_change(other, ada, {"position": "Head of research"})
    steps = window.undo_stack.count()
    answer = Answer("mine")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert answer.shown["theirs"] == "Head of research"
    assert stored(ada)["position"] == "Engineer"
    assert field.text() == "Engineer"
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText().startswith("Edit position of")
    window.actions.undo.trigger()
    assert stored(ada)["position"] == "Head of research"  # theirs comes back, not the value before both
    assert field.text() == "Head of research"
    window.actions.redo.trigger()
    assert stored(ada)["position"] == "Engineer"


def test_a_change_of_another_field_is_no_conflict_and_is_kept(qtbot, window, ada, other, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, *a: pytest.fail("no conflict here")))
    field = start_typing(qtbot, window, "position", "Engineer")
    their_change(other, ada, {"company": "Analytical Engines"})
    qtbot.keyClick(field, Qt.Key.Key_Return)
    values = stored(ada)
    assert (values["position"], values["company"]) == ("Engineer", "Analytical Engines")
    assert window.contacts_view.editor.lines["company"].text() == "Analytical Engines"


def test_a_reload_while_typing_keeps_the_typing_and_where_it_began(qtbot, window, ada, other, monkeypatch):
    asked = []
    monkeypatch.setattr(
        ConflictDialog, "ask", classmethod(lambda cls, parent, conflict: asked.append(conflict) or "theirs")
    )
    editor = window.contacts_view.editor
    field = start_typing(qtbot, window, "position", "Engineer")
    # Their change of the same field is announced while the user types (as a shared network's feed does).
    their_change(other, ada, {"position": "Head of research", "company": "Analytical Engines"})
    window.bus.publish(Changes(contacts={ada}, contact_rows={ada}))
    assert field.text() == "Engineer"  # the typing is not swept away
    assert editor.lines["company"].text() == "Analytical Engines"  # the fields not being edited follow
    qtbot.keyClick(field, Qt.Key.Key_Return)
    # The save still compares with the value shown when the edit began: a conflict, not an overwrite.
    assert [(c.field, c.theirs, c.yours) for c in asked] == [("position", "Head of research", "Engineer")]
    assert stored(ada)["position"] == "Head of research" and field.text() == "Head of research"


def test_a_reload_refreshes_the_starting_value_of_a_field_not_being_edited(qtbot, window, ada, other, monkeypatch):
    monkeypatch.setattr(ConflictDialog, "ask", classmethod(lambda cls, *a: pytest.fail("no conflict here")))
    their_change(other, ada, {"position": "Head of research"})
    window.bus.publish(Changes(contacts={ada}, contact_rows={ada}))
    field = window.contacts_view.editor.lines["position"]
    assert field.text() == "Head of research"
    field = start_typing(qtbot, window, "position", "Engineer")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert stored(ada)["position"] == "Engineer"


@pytest.mark.parametrize("choice", ["mine", "theirs"])
def test_a_stale_list_of_e_mails_asks_too(qtbot, window, ada, other, monkeypatch, choice):
    asked = []
    monkeypatch.setattr(
        ConflictDialog, "ask", classmethod(lambda cls, parent, conflict: asked.append(conflict) or choice)
    )
    editor = window.contacts_view.editor
    theirs, mine = [Labeled("ada@engines.example", "work")], [Labeled("ada@home.example", "")]
    their_emails(other, ada, theirs)
    steps = window.undo_stack.count()
    details = editor.details["email"]
    details.add_button.click()  # the new row's cell editor opens
    details.table.item(0, 1).setText("ada@home.example")
    assert [(c.field, c.label, c.theirs, c.yours) for c in asked] == [("emails", "E-mails", theirs, mine)]
    shown = [Labeled(item.value, item.label) for item in details.items()]
    if choice == "theirs":
        assert contacts.get_contact(ada).emails == theirs == shown
        assert window.undo_stack.count() == steps
        return
    assert contacts.get_contact(ada).emails == mine == shown
    assert window.undo_stack.count() == steps + 1
    window.actions.undo.trigger()
    assert contacts.get_contact(ada).emails == theirs
    assert [item.value for item in details.items()] == ["ada@engines.example"]
