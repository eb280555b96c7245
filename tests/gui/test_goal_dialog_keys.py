"""The goal dialog's roles table answers the keyboard as a table does: Enter never submits the dialog, Tab into
*Needed* selects its value, *Add a role* puts the cursor in the new role (issue 10, point 16)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QSpinBox

from linkorganizer.ui.dialogs.group_dialog import GroupDialog


def open_dialog(qtbot, window) -> GroupDialog:
    # The dialog the board's "New goal group…" opens, shown over the real window (not exec'd).
    dialog = GroupDialog(parent=window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def test_add_a_role_puts_the_cursor_in_the_new_role(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.name.setText("Land a product role")
    qtbot.mouseClick(dialog.add_slot_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), QLineEdit)
                    and dialog.slots.isAncestorOf(QApplication.focusWidget()))
    editor = QApplication.focusWidget()
    assert dialog.slots.currentRow() == 0 and dialog.slots.currentColumn() == 0
    qtbot.keyClicks(editor, "Recruiter")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # ends the role's editing, not the dialog
    QApplication.processEvents()
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.slots.item(0, 0).text() == "Recruiter"


def test_enter_in_the_roles_table_does_not_submit(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.name.setText("Land a product role")
    dialog.add_slot("Recruiter", 2)
    dialog.slots.setFocus()
    dialog.slots.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.slots, Qt.Key.Key_Return)
    assert dialog.isVisible()
    spin = dialog.slots.cellWidget(0, 1)
    assert isinstance(spin, QSpinBox)
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Enter)
    assert dialog.isVisible()
    # Enter elsewhere still submits, as in every dialog.
    dialog.name.setFocus()
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.result() == 1


def test_tab_into_needed_selects_the_value(qtbot, window):
    dialog = open_dialog(qtbot, window)
    dialog.add_slot("Recruiter", 2)
    dialog.slots.setFocus()
    dialog.slots.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.slots, Qt.Key.Key_Tab)
    spin = dialog.slots.cellWidget(0, 1)
    assert isinstance(spin, QSpinBox)
    qtbot.waitUntil(spin.hasFocus)
    line = spin.findChild(QLineEdit)
    assert line is not None
    qtbot.waitUntil(lambda: line.selectedText() == "2")
    qtbot.keyClicks(spin, "3")  # typing replaces the value
    assert spin.value() == 3
