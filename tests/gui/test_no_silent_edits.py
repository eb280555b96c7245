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


def some_contacts(window) -> list[int]:
    ids = [contacts.create_contact({"first_name": n, "last_name": "Lee"}) for n in ("Ann", "Bo")]
    window.bus.publish(Changes.everything())
    return ids


def nameless_rows() -> int:
    return Contact.select().where(Contact.full_name == "").count()


def test_a_new_contact_left_for_another_row_is_taken_back(qtbot, window):
    window.show()
    ann, _bo = some_contacts(window)
    window.contacts_view.select_ids([ann])
    steps, index = window.undo_stack.count(), window.undo_stack.index()
    window.actions.new_contact.trigger()
    assert nameless_rows() == 1 and window.undo_stack.count() == steps + 1
    window.contacts_view.select_ids([ann])  # clicked another row without typing anything
    settle()
    assert nameless_rows() == 0
    assert window.contacts_view.model.rowCount() == 2
    assert (window.undo_stack.count(), window.undo_stack.index()) == (steps, index)
    assert not window.undo_stack.canRedo()  # no phantom "Redo New contact" either
    assert window.contacts_view.selected_ids() == [ann]
    assert window.contacts_view.editor.contact_id == ann


def test_a_new_contact_left_for_another_page_or_by_escape_is_taken_back(qtbot, window):
    window.show()
    some_contacts(window)
    steps = window.undo_stack.count()
    window.actions.new_contact.trigger()
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    settle()
    assert nameless_rows() == 0 and window.undo_stack.count() == steps and not window.undo_stack.canRedo()

    window.actions.new_contact.trigger()
    first = window.contacts_view.editor.lines["first_name"]
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClick(first, Qt.Key.Key_Escape)
    settle()
    assert nameless_rows() == 0 and window.undo_stack.count() == steps and not window.undo_stack.canRedo()
    assert window.contacts_view.model.rowCount() == 2


def test_a_new_contact_with_a_name_stays_as_one_step(qtbot, window):
    window.show()
    some_contacts(window)
    steps = window.undo_stack.count()
    window.actions.new_contact.trigger()
    editor = window.contacts_view.editor
    first, last = editor.lines["first_name"], editor.lines["last_name"]
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClicks(first, "Zoe")
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    qtbot.keyClicks(last, "Quinn")
    qtbot.keyClick(last, Qt.Key.Key_Tab)
    new_id = editor.contact_id
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    settle()
    assert Contact.get_by_id(new_id).full_name == "Zoe Quinn"
    assert window.undo_stack.count() == steps + 1  # the creation and the name are one step
    assert window.undo_stack.undoText() == "New contact Zoe Quinn"
    window.actions.undo.trigger()
    assert Contact.get_or_none(Contact.id == new_id) is None
    window.actions.redo.trigger()
    assert Contact.get_by_id(new_id).full_name == "Zoe Quinn"


def test_each_contact_opens_at_the_top_of_the_panel(qtbot, window):
    window.resize(1024, 700)
    window.show()
    first, second = a_long_contact(window), a_long_contact(window)
    view = window.contacts_view
    view.select_ids([first])
    settle()
    bar = view.editor.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
    view.select_ids([second])
    settle()
    assert bar.value() == 0
