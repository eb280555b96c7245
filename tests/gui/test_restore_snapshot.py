"""File ▸ Restore snapshot… on the real window: the list, the one question, the restore and the reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from linkorganizer.core import snapshots
from linkorganizer.ui.dialogs.restore_snapshot import RestoreSnapshotDialog

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def import_and_wait(qtbot, window, path: Path) -> None:
    task = window.import_file(path, "auto", preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass


@pytest.fixture
def two_imports(qtbot, window):
    """Six contacts, then an import of more: one snapshot, taken before the second import."""
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    import_and_wait(qtbot, window, LINKEDIN / "connections_2018.csv")
    assert window.contacts_view.model.total > 6
    return window


def answer(monkeypatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    return asked


def drive_dialog(monkeypatch, row: int = 0) -> list[RestoreSnapshotDialog]:
    """The dialog as a user drives it: pick a row, press Restore… (instead of waiting in exec())."""
    shown: list[RestoreSnapshotDialog] = []

    def exec_(dialog: RestoreSnapshotDialog) -> int:
        shown.append(dialog)
        dialog.tree.setCurrentItem(dialog.tree.topLevelItem(row))
        dialog.restore_button.click()
        return dialog.result()

    monkeypatch.setattr(RestoreSnapshotDialog, "exec", exec_)
    return shown


def test_the_dialog_lists_date_reason_and_contacts(two_imports):
    window = two_imports
    found = snapshots.list_snapshots(window.db_path)
    dialog = RestoreSnapshotDialog(found, str(snapshots.folder_for(window.db_path)), window.contacts_view.model.total, window)
    try:
        assert dialog.tree.topLevelItemCount() == 1
        item = dialog.tree.topLevelItem(0)
        assert [item.text(c) for c in range(3)] == [found[0].local_time, "Before an import (LinkedIn connections)", "6"]
        assert item.textAlignment(2) & Qt.AlignmentFlag.AlignRight
        assert dialog.restore_button.isEnabled()
        assert str(snapshots.folder_for(window.db_path)) in dialog.findChild(QLabel, "snapshotFolder").text()
    finally:
        dialog.deleteLater()


def test_no_snapshots_yet_says_so(window):
    dialog = RestoreSnapshotDialog([], "/somewhere", 0, window)
    try:
        assert not dialog.restore_button.isEnabled()
        assert not dialog.tree.isVisibleTo(dialog) and dialog.empty.isVisibleTo(dialog)
    finally:
        dialog.deleteLater()


def test_restore_asks_once_then_restores_and_reloads_the_window(two_imports, monkeypatch):
    window = two_imports
    before = window.contacts_view.model.total
    assert window.undo_stack.count() == 2
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    shown = drive_dialog(monkeypatch)
    window.actions.restore_snapshot.trigger()
    assert len(shown) == 1 and len(asked) == 1
    assert "6 contacts" in asked[0] and f"({before} contacts) is kept as a snapshot first" in asked[0]
    # Reloaded: the table shows the network as it was before the second import; Undo starts afresh.
    assert window.contacts_view.model.total == 6
    assert window.count_label.text() == "6 contacts (6 shown)"
    assert window.undo_stack.count() == 0
    assert "Restored the snapshot of" in window.statusBar().currentMessage()
    newest = snapshots.list_snapshots(window.db_path)[0]
    assert (newest.reason, newest.contacts) == ("restore", before)
    # And that one brings the later state back.
    drive_dialog(monkeypatch, row=0)
    window.actions.restore_snapshot.trigger()
    assert window.contacts_view.model.total == before


def test_cancel_changes_nothing(two_imports, monkeypatch):
    window = two_imports
    total = window.contacts_view.model.total
    answer(monkeypatch, QMessageBox.StandardButton.Cancel)
    shown = drive_dialog(monkeypatch)
    window.actions.restore_snapshot.trigger()
    assert shown[0].result() != QDialog.DialogCode.Accepted
    assert window.contacts_view.model.total == total and window.undo_stack.count() == 2
    assert [s.reason for s in snapshots.list_snapshots(window.db_path)] == ["import"]


def test_a_damaged_snapshot_is_refused_with_a_message(two_imports, monkeypatch, message_boxes):
    window = two_imports
    total = window.contacts_view.model.total
    (snapshot,) = snapshots.list_snapshots(window.db_path)
    snapshot.path.write_bytes(b"SQLite format 3\x00" + b"\x55" * 8000)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    drive_dialog(monkeypatch)
    window.actions.restore_snapshot.trigger()
    assert len(message_boxes) == 1
    kind, title, text = message_boxes[0]
    assert kind == "warning" and title == "Restore snapshot"
    assert str(snapshot.path) in text and text.endswith("The network was not changed.")
    assert window.contacts_view.model.total == total and window.undo_stack.count() == 2
