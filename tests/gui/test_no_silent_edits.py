"""Data never changes by accident: the mouse wheel scrolls panels instead of editing the fields it passes, and a
new contact left empty leaves nothing behind (issue 10, points 1 and 2)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

from linkorganizer.core import contacts
from linkorganizer.core.network import Changes
from linkorganizer.db.models import Contact


def wheel_over(widget: QWidget, steps: int = -1) -> None:
    """A wheel turn with the pointer over the middle of *widget* (positions as the window system gives them)."""
    centre = widget.rect().center()
    event = QWheelEvent(
        QPointF(centre),
        QPointF(widget.mapToGlobal(centre)),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def settle() -> None:
    QApplication.processEvents()


def a_long_contact(window) -> int:
    cid = contacts.create_contact(
        {"first_name": "Shira", "last_name": "Cohen", "company": "Acme", "stage": "connected", "cadence_days": 30,
         "notes": "Met at the meetup.\n" * 10}
    )
    window.bus.publish(Changes.everything())
    return cid


def test_the_wheel_scrolls_the_detail_panel_and_edits_nothing(qtbot, window, tmp_path):
    window.resize(1024, 700)
    window.show()
    cid = a_long_contact(window)
    editor = window.contacts_view.editor
    window.contacts_view.select_ids([cid])
    settle()
    window.contacts_view.table.setFocus()
    bar = editor.scroll.verticalScrollBar()
    assert bar.maximum() > 0, "the panel must be taller than the window for this test to mean anything"
    db = Path(window.db_path)
    before = db.read_bytes()
    steps = window.undo_stack.count()

    for field in (editor.stage, editor.cadence):
        # Where the pointer is, on screen: the field is the widget under it.
        spot = field.mapTo(window, field.rect().center())
        under = window.childAt(spot)
        assert under is field or field.isAncestorOf(under)
        assert field.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not give it the focus
        start = bar.value()
        wheel_over(field, -1)
        settle()
        assert bar.value() > start, "the panel scrolled"
        bar.setValue(0)
        settle()
    # Leaving the contact commits whatever the fields hold: nothing, since nothing changed.
    window.contacts_view.select_ids([])
    settle()
    assert db.read_bytes() == before
    assert window.undo_stack.count() == steps
    assert Contact.get_by_id(cid).stage == "connected" and Contact.get_by_id(cid).cadence_days == 30


def test_a_focused_field_still_takes_the_wheel(qtbot, window):
    window.resize(1024, 700)
    window.show()
    cid = a_long_contact(window)
    editor = window.contacts_view.editor
    window.contacts_view.select_ids([cid])
    settle()
    editor.stage.setFocus()
    qtbot.waitUntil(editor.stage.hasFocus)
    index = editor.stage.currentIndex()
    wheel_over(editor.stage, -1)  # on purpose: the field has the focus
    assert editor.stage.currentIndex() == index + 1
    assert Contact.get_by_id(cid).stage == editor.stage.currentData()


def test_every_combo_and_spin_box_of_the_window_and_its_dialogs_is_guarded(qtbot, window):
    window.show()
    settle()
    fields = window.findChildren(QComboBox) + window.findChildren(QAbstractSpinBox)
    assert fields
    for field in fields:
        field.ensurePolished()
        assert field.focusPolicy() != Qt.FocusPolicy.WheelFocus, field.objectName()
    # An unfocused one outside any panel keeps its value under the wheel.
    direction = window.inbox_view.direction
    window.navigation.setCurrentRow(window.views.indexOf(window.inbox_view))
    settle()
    wheel_over(direction, -1)
    assert direction.currentIndex() == 0
