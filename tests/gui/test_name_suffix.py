"""The name suffix in the real window: a hidden table column, a field in the editor beside the name parts, saved,
undone, searched."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit

from linkorganizer.db.models import Contact
from linkorganizer.ui.models.contact_table import COLUMN_INDEX

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def import_and_wait(qtbot, window, path: Path) -> None:
    task = window.import_file(path, "auto", preview=False)
    with qtbot.waitSignals([task.finished], timeout=20_000):
        pass


def row_of(window, name: str) -> int:
    model = window.contacts_view.model
    rows = [r for r in range(model.rowCount()) if model.index(r, COLUMN_INDEX["name"]).data() == name]
    assert rows, name
    return rows[0]


def test_the_editor_shows_and_saves_the_suffix(qtbot, window) -> None:
    window.show()
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")  # "Keller, PhD" in the Last Name column
    view = window.contacts_view
    model = view.model
    row = row_of(window, "Bruno Keller, PhD")
    cid = model.contact_id(row)
    # A column of its own, hidden until asked for.
    column = COLUMN_INDEX["name_suffix"]
    assert view.table.isColumnHidden(column)
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Suffix"
    assert model.index(row, column).data() == "PhD"

    view.select_ids([cid])
    editor = view.editor
    field = editor.findChild(QLineEdit, "field_name_suffix")
    assert field is editor.lines["name_suffix"]
    assert field.text() == "PhD"
    assert editor.lines["last_name"].text() == "Keller"
    # Right below the last name, labelled.
    [form] = [f for f in editor.findChildren(QFormLayout) if f.indexOf(field) >= 0]
    row_suffix, _ = form.getWidgetPosition(field)
    row_last, _ = form.getWidgetPosition(editor.lines["last_name"])
    assert row_suffix == row_last + 1
    assert form.labelForField(field).text() == "Name suffix"

    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "PhD, MBA")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    bruno = Contact.get_by_id(cid)
    assert (bruno.name_suffix, bruno.full_name) == ("PhD, MBA", "Bruno Keller, PhD, MBA")
    assert editor.title.text() == "Bruno Keller, PhD, MBA"
    assert model.index(model.row_of(cid), COLUMN_INDEX["name"]).data() == "Bruno Keller, PhD, MBA"
    assert window.undo_stack.undoText().startswith("Edit name suffix of ")

    window.actions.undo.trigger()
    assert Contact.get_by_id(cid).name_suffix == "PhD"
    assert editor.lines["name_suffix"].text() == "PhD"
    window.actions.redo.trigger()
    assert Contact.get_by_id(cid).name_suffix == "PhD, MBA"

    search = window.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(search, "MBA")
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.contact_id(0) == cid
    search.clear()
    qtbot.waitUntil(lambda: model.rowCount() == 6)
