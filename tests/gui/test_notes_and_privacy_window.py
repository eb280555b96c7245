"""Notes and private interactions in the window: "Add note…" on a contact's history writes a note through the real
dialog (on a file without the private box, a file having one person); an entry is edited from its history as one
undoable step; on a network on a server the dialog asks "Private" and the history says who logged each entry and
locks the private ones."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from linkorganizer.core import contacts
from linkorganizer.core import interactions as core
from linkorganizer.core.network import Changes, Network
from linkorganizer.db import close_database, open_database
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.dialogs.interaction_dialog import InteractionDialog
from linkorganizer.ui.views.contact_history import ContactHistory
from linkorganizer.ui.views.interactions_view import COLUMNS, InteractionLogModel


def when_dialog_opens(action: Callable[[InteractionDialog], None]) -> list[InteractionDialog]:
    """Run *action* on the interaction dialog once it is shown modally (the real exec(), driven as a person would)."""
    seen: list[InteractionDialog] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, InteractionDialog):
            QTimer.singleShot(10, run)
            return
        seen.append(dialog)
        action(dialog)

    QTimer.singleShot(0, run)
    return seen


def ok(dialog: InteractionDialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def write(text: str, private: bool | None = None) -> Callable[[InteractionDialog], None]:
    def fill(dialog: InteractionDialog) -> None:
        dialog.note.setPlainText(text)
        if private is not None:
            dialog.private.setChecked(private)
        ok(dialog)

    return fill


def test_add_note_on_a_file_writes_a_note_the_history_shows(qtbot, window) -> None:
    ann = contacts.create_contact({"first_name": "Ann", "last_name": "Lee", "cadence_days": 30})
    window.bus.publish(Changes.everything())
    window.show()
    window.contacts_view.select_ids([ann])
    history: ContactHistory = window.contacts_view.editor.history
    assert history.contact_id == ann and history.note_button.isVisible()

    seen = when_dialog_opens(write("Prefers e-mail to calls.\nDaughter starts school in May."))
    assert history.add_note()
    (dialog,) = seen
    # A file has one person: nothing to keep private from, no box. The dialog is the note's.
    assert dialog.private.isHidden()
    assert dialog.kind.currentData() == "note"
    assert dialog.title.text() == "A note about Ann Lee"
    assert "does not reset the keep-in-touch clock" in dialog.hint.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Add note"

    [row] = core.list_interactions(ann)
    assert (row.kind, row.note, row.private, row.owner) == (
        "note", "Prefers e-mail to calls.\nDaughter starts school in May.", False, ""
    )
    [entry] = history.entry_widgets()
    assert entry.entry.kind == "note" and entry.entry.text == row.note
    assert entry.lock is None and entry.logged_by is None  # neither on a file
    assert history.last.text() == "none yet"  # a note is not contact with her
    assert "Note about Ann Lee added." in window.statusBar().currentMessage()

    window.actions.undo.trigger()
    assert core.list_interactions(ann) == [] and history.entry_widgets() == []
    window.actions.redo.trigger()
    assert [w.entry.text for w in history.entry_widgets()] == [row.note]


def test_the_log_dialog_on_a_file_has_no_private_box_and_logs_a_call(qtbot, window) -> None:
    bo = contacts.create_contact({"first_name": "Bo", "last_name": "Chen"})
    window.bus.publish(Changes.everything())
    window.show()
    window.contacts_view.select_ids([bo])
    history = window.contacts_view.editor.history

    def log_call(dialog: InteractionDialog) -> None:
        assert dialog.private.isHidden() and dialog.kind.currentData() == "call"
        assert dialog.title.text() == "Log an interaction with Bo Chen"
        dialog.note.setPlainText("Quick call")
        ok(dialog)

    seen = when_dialog_opens(log_call)
    assert history.log_interaction()
    assert len(seen) == 1
    assert history.last.text() == "Call · today"


def test_editing_an_entry_from_the_history_is_one_undoable_step(qtbot, window) -> None:
    cy = contacts.create_contact({"first_name": "Cy", "last_name": "Dahl"})
    iid = core.log_interaction(cy, "note", _dt.datetime(2026, 11, 2, 9), "first thoughts")
    window.bus.publish(Changes.everything())
    window.show()
    window.contacts_view.select_ids([cy])
    history = window.contacts_view.editor.history
    [entry] = history.entry_widgets()
    assert entry.edit_action is not None and entry.edit_action in entry.actions()

    def change(dialog: InteractionDialog) -> None:
        assert dialog.note.toPlainText() == "first thoughts" and dialog.windowTitle() == "Edit note"
        assert dialog.private.isHidden()
        dialog.note.setPlainText("second thoughts")
        ok(dialog)

    when_dialog_opens(change)
    entry.edit_action.trigger()
    qtbot.waitUntil(lambda: core.get_interaction(iid).note == "second thoughts")
    assert [w.entry.text for w in history.entry_widgets()] == ["second thoughts"]
    window.actions.undo.trigger()
    assert core.get_interaction(iid).note == "first thoughts"
    assert [w.entry.text for w in history.entry_widgets()] == ["first thoughts"]


# ----------------------------------------------------------------------------------------- a network on a server


@pytest.fixture
def server_history(qtbot, pg_network_url: str):
    """The history section on a network on the test server (the window opens files only so far): its undo stack,
    its bus and a contact shown in it."""
    network = Network(pg_network_url, open_database(pg_network_url))
    bus = ChangeBus(network)
    stack = QUndoStack()
    history = ContactHistory(stack, bus)
    qtbot.addWidget(history)
    dee = contacts.create_contact({"first_name": "Dee", "last_name": "Ito", "cadence_days": 30})
    history.show_contact(dee, "Dee Ito")
    history.resize(420, 600)
    history.show()
    user = str(network.db.execute_sql("SELECT current_user").fetchone()[0])
    yield history, stack, dee, user
    history.close()
    stack.clear()
    network.close()
    close_database()


def test_on_a_server_a_note_can_be_private_and_the_history_locks_it(qtbot, server_history) -> None:
    history, stack, dee, user = server_history
    assert history.bus.network.shared

    def private_note(dialog: InteractionDialog) -> None:
        assert not dialog.private.isHidden() and not dialog.private.isChecked()
        assert dialog.private.text() == "Private — only you can see it"
        write("Asked me to keep her move quiet", private=True)(dialog)

    when_dialog_opens(private_note)
    assert history.add_note()
    when_dialog_opens(write("Likes sailing"))
    assert history.add_note()
    [shared_row, private_row] = core.list_interactions(dee)
    assert (private_row.kind, private_row.private, private_row.owner) == ("note", True, user)
    assert (shared_row.private, shared_row.owner) == (False, user)
    assert stack.count() == 2 and stack.text(0) == "Add a private note about Dee Ito"

    top, below = history.entry_widgets()
    assert (top.entry.text, top.lock) == ("Likes sailing", None)
    assert below.lock is not None and below.lock.toolTip() == "Private: only you can see it"
    assert [w.logged_by.text() for w in (top, below) if w.logged_by] == [f"logged by {user}"] * 2
    assert history.last.text() == "none yet"

    # Unmarked in the edit dialog: one step, which undo takes back whole.
    def share(dialog: InteractionDialog) -> None:
        assert dialog.private.isChecked()
        dialog.private.setChecked(False)
        ok(dialog)

    when_dialog_opens(share)
    assert history.edit_interaction(private_row.id)
    assert core.get_interaction(private_row.id).private is False
    assert all(w.lock is None for w in history.entry_widgets())
    stack.undo()
    assert core.get_interaction(private_row.id).private is True
    assert history.entry_widgets()[1].lock is not None
    stack.redo()
    assert core.get_interaction(private_row.id).private is False


def test_on_a_server_the_log_marks_private_entries_and_names_whose_they_are(qtbot, server_history) -> None:
    """The network's owner (here the server's administrator) sees everyone's private entries: the lock then says
    whose it is, not "only you"."""
    history, _stack, dee, user = server_history
    network = history.bus.network
    mine = core.log_interaction(dee, "note", _dt.datetime(2026, 11, 30, 9), "my own", private=True)
    with network.op("A member's private note"):
        network.db.execute_sql(
            "INSERT INTO interaction (contact_id, kind, occurred_at, note, created_at, private, owner)"
            " VALUES (?, 'note', '2026-11-29 09:00:00', 'hers', '2026-11-29 09:00:00', TRUE, 'lo_zoe')",
            (dee,),
        )
    history.refresh()
    first, second = history.entry_widgets()
    assert first.lock.toolTip() == "Private: only you can see it" and first.logged_by.text() == f"logged by {user}"
    assert second.lock.toolTip() == "Private to lo_zoe: the others do not see it"
    assert second.logged_by.text() == "logged by lo_zoe"

    model = InteractionLogModel(shared=True)
    model.reload()
    note = COLUMNS.index("note")
    assert [model.interaction(r).id for r in range(model.rowCount())][0] == mine
    tips = [model.data(model.index(r, note), Qt.ItemDataRole.ToolTipRole) for r in range(2)]
    assert tips == ["Private: only you can see it\n\nmy own", "Private to lo_zoe: the others do not see it\n\nhers"]
    assert all(not model.data(model.index(r, note), Qt.ItemDataRole.DecorationRole).isNull() for r in range(2))
    as_on_a_file = InteractionLogModel(shared=False)  # a file has one person: no lock
    as_on_a_file.reload()
    assert as_on_a_file.data(as_on_a_file.index(0, note), Qt.ItemDataRole.DecorationRole) is None


def test_edit_in_the_interaction_log_changes_the_kind_in_one_step(qtbot, window) -> None:
    eve = contacts.create_contact({"first_name": "Eve", "last_name": "Stone", "cadence_days": 30})
    iid = core.log_interaction(eve, "note", _dt.datetime.now(_dt.UTC).replace(tzinfo=None), "called her back")
    window.bus.publish(Changes.everything())
    window.show()
    view = window.interactions_view
    window.navigation.setCurrentRow(window.views.indexOf(view))
    assert not view.edit_button.isEnabled()
    view.table.selectRow(0)
    assert view.edit_button.isEnabled()

    def make_it_a_call(dialog: InteractionDialog) -> None:
        assert dialog.windowTitle() == "Edit note" and dialog.private.isHidden()
        dialog.set_kind("call")
        assert dialog.windowTitle() == "Edit interaction"  # the words follow the kind
        ok(dialog)

    when_dialog_opens(make_it_a_call)
    view.edit_button.click()
    qtbot.waitUntil(lambda: core.get_interaction(iid).kind == "call")
    assert core.contact_summary(eve).last_interaction.id == iid  # a call is contact with her: it counts now
    window.actions.undo.trigger()
    assert core.get_interaction(iid).kind == "note"
    assert core.contact_summary(eve).last_interaction is None


def test_editing_keeps_a_kind_an_import_brought(qtbot) -> None:
    row = core.InteractionRow(7, 3, "Gus Hale", "linkedin_endorsement", "Linkedin endorsement", "neutral",
                              _dt.datetime(2026, 11, 3, 9), "Python", None)
    dialog = InteractionDialog(None, editing=row)
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "linkedin_endorsement" and dialog.kind.currentText() == "Linkedin endorsement"
    value = dialog.result_value()
    assert value is not None and (value.contact_id, value.kind, value.note, value.private) == (
        3, "linkedin_endorsement", "Python", False
    )
    assert value.occurred_at == _dt.datetime(2026, 11, 3, 9)
