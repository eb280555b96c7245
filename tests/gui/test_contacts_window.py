"""The real main window, built by create_main_window on a real database, driven like a user would."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTableView

from linkorganizer.core import contacts as core
from linkorganizer.db.models import Contact
from linkorganizer.ui.dialogs.tag_dialog import TagDialog
from linkorganizer.ui.models.contact_table import COLUMN_INDEX, ContactTableModel


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


def import_and_wait(qtbot, window, path: Path, fmt: str = "auto"):
    task = window.import_file(path, fmt, preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000) as finished:
        pass
    return finished.args[0]


def names(window) -> list[str]:
    model = window.contacts_view.model
    return [model.index(r, COLUMN_INDEX["name"]).data() for r in range(model.rowCount())]


def select_row(window, row: int) -> int:
    view = window.contacts_view
    cid = view.model.contact_id(row)
    view.select_ids([cid])
    return cid


def test_window_has_the_named_widgets(window):
    assert window.findChild(QTableView, "contactTable") is not None
    assert window.findChild(QLineEdit, "searchBox") is not None
    assert window.contacts_view.pages.currentWidget() is window.contacts_view.empty
    assert window.count_label.text() == "0 contacts (0 shown)"


def test_import_fills_the_table_and_status_bar(qtbot, window):
    report = import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    assert (report.created, len(report.skipped)) == (6, 2)
    assert window.contacts_view.pages.currentIndex() == 1
    # accent-insensitive order: Émile sorts with the E's, before Eun-ji
    assert names(window) == [
        "Ada Quill", "Bruno Keller, PhD", "Chiara Moretti", "Dev Patel", "Émile Lefèvre", "Eun-ji Park 🚀"
    ]
    assert window.count_label.text() == "6 contacts (6 shown)"


def test_table_model_passes_the_model_tester(qtbot, qtmodeltester, window):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    model = ContactTableModel()
    model.reload()
    assert model.rowCount() == 6
    qtmodeltester.check(model, force_py=True)
    model.set_query(text="fintech")
    qtmodeltester.check(model, force_py=True)


def test_search_filters_as_you_type(qtbot, window):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    search = window.findChild(QLineEdit, "searchBox")
    qtbot.keyClicks(search, "talent")
    qtbot.waitUntil(lambda: window.contacts_view.model.rowCount() == 1)
    assert names(window) == ["Dev Patel"]
    assert window.count_label.text() == "6 contacts (1 shown)"
    search.clear()
    qtbot.keyClicks(search, "emi")  # accents ignored: finds Émile
    qtbot.waitUntil(lambda: names(window) == ["Émile Lefèvre"])
    search.clear()
    qtbot.keyClicks(search, "nobody-here")
    qtbot.waitUntil(lambda: window.contacts_view.model.rowCount() == 0)
    assert window.contacts_view.no_match.isVisibleTo(window.contacts_view)


def test_clicking_a_header_sorts_in_sql(qtbot, window):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    table = window.contacts_view.table
    table.sortByColumn(COLUMN_INDEX["company"], Qt.SortOrder.DescendingOrder)
    model = window.contacts_view.model
    companies = [model.index(r, COLUMN_INDEX["company"]).data() for r in range(model.rowCount())]
    assert companies == sorted(companies, key=str.casefold, reverse=True)
    assert model.query.sort == "company" and model.query.descending


def test_edit_a_field_then_undo_and_redo(qtbot, window):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    cid = select_row(window, 0)
    editor = window.contacts_view.editor
    field = editor.lines["company"]
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "Globex")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert Contact.get_by_id(cid).company == "Globex"
    model = window.contacts_view.model
    assert model.index(model.row_of(cid), COLUMN_INDEX["company"]).data() == "Globex"
    window.actions.undo.trigger()
    assert Contact.get_by_id(cid).company == "Northwind Analytics"
    assert editor.lines["company"].text() == "Northwind Analytics"
    window.actions.redo.trigger()
    assert Contact.get_by_id(cid).company == "Globex"


def test_invalid_value_is_refused_with_a_message(qtbot, window):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    cid = select_row(window, 0)
    steps = window.undo_stack.count()  # the import
    editor = window.contacts_view.editor
    field = editor.lines["birthday"]
    field.setText("not a date")
    field.editingFinished.emit()
    assert editor.error.isVisibleTo(editor)
    assert "not a date" in editor.error.text()
    assert Contact.get_by_id(cid).birthday == ""
    assert field.text() == ""
    assert window.undo_stack.count() == steps


def test_delete_moves_to_trash_and_undo_brings_back(qtbot, window):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    cid = select_row(window, 0)
    window.actions.delete.trigger()
    assert Contact.get_by_id(cid).deleted_at is not None
    assert window.contacts_view.model.row_of(cid) is None
    assert window.count_label.text() == "5 contacts (5 shown)"
    window.actions.show_trash.setChecked(True)
    assert names(window) == ["Ada Quill"]
    window.actions.show_trash.setChecked(False)
    window.actions.undo.trigger()
    assert Contact.get_by_id(cid).deleted_at is None
    assert window.contacts_view.model.row_of(cid) is not None


def test_bulk_tag_is_one_undo_step(qtbot, window, monkeypatch):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    view = window.contacts_view
    ids = [view.model.contact_id(r) for r in range(3)]
    view.select_ids(ids)
    assert view.editor.pages.currentIndex() == 2  # the bulk page
    monkeypatch.setattr(TagDialog, "ask", classmethod(lambda cls, *a, **k: "mentorship"))
    window.actions.add_tag.trigger()
    assert [d.tags for d in core.get_contacts(ids)] == [["mentorship"]] * 3
    assert window.undo_stack.count() == 2  # the import, then the tagging as one step
    view.model.set_query(text="mentorship")
    assert sorted(view.model.contact_ids()) == sorted(ids)
    window.actions.undo.trigger()
    assert [d.tags for d in core.get_contacts(ids)] == [[], [], []]


def test_new_contact_is_selected_for_editing_and_undoable(qtbot, window):
    window.show()
    window.actions.new_contact.trigger()
    view = window.contacts_view
    assert view.pages.currentIndex() == 1
    ids = view.selected_ids()
    assert len(ids) == 1
    first = view.editor.lines["first_name"]
    qtbot.waitUntil(first.hasFocus)
    qtbot.keyClicks(first, "Zoe")
    qtbot.keyClick(first, Qt.Key.Key_Tab)
    assert Contact.get_by_id(ids[0]).first_name == "Zoe"
    assert names(window) == ["Zoe"]
    window.actions.undo.trigger()  # the creation, with the name typed into it: one step
    assert Contact.select().count() == 0


def test_rejected_file_changes_nothing(qtbot, window, tmp_path, message_boxes):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    bad = tmp_path / "Connections.csv"
    bad.write_text("First Name,Last Name,Connected On\nAnn,Lee,01 Jan 2020,extra,cells\n", encoding="utf-8")
    task = window.import_file(bad, preview=False)
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        pass
    message = blocker.args[0]
    assert "Connections.csv" in message and "line 2" in message
    assert message_boxes == [("warning", "Import refused", message + "\n\nNothing was imported.")]
    assert Contact.select().count() == 6


def test_cancelled_import_rolls_back(qtbot, window, tmp_path):
    big = tmp_path / "big.csv"
    rows = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    rows += [f"P{i},Q{i},https://www.linkedin.com/in/p{i},,C{i},R,01 Jan 2020" for i in range(3000)]
    big.write_text("\n".join(rows), encoding="utf-8")
    task = window.import_file(big, preview=False)
    task.cancel()
    with qtbot.waitSignal(task.cancelled, timeout=20_000):
        pass
    assert Contact.select().count() == 0


def test_export_csv_of_the_selection_is_spreadsheet_safe(qtbot, window, tmp_path):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    cid = select_row(window, 0)
    core.update_contact(cid, {"position": "=HYPERLINK(\"http://x\",\"y\")"})
    window.contacts_view.select_ids([cid])
    out = tmp_path / "out.csv"
    assert window.export_to(out, "csv", scope="selected") == 1
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == 2
    assert rows[1][rows[0].index("Position")] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_columns_and_geometry_are_remembered(qtbot, make_window, settings):
    first = make_window()
    index = COLUMN_INDEX["location"]
    assert first.contacts_view.table.isColumnHidden(index)
    first.contacts_view.set_column_visible(index, True)
    first.resize(700, 500)
    first.close()
    second = make_window()
    assert not second.contacts_view.table.isColumnHidden(index)
    assert (second.size().width(), second.size().height()) == (700, 500)


def test_switching_database_builds_a_new_window(qtbot, window, tmp_path):
    import_and_wait(qtbot, window, LINKEDIN / "connections_2024.csv")
    other = window.switch_database(tmp_path / "other.db")
    assert other is not None
    qtbot.addWidget(other)
    assert other.db_path == tmp_path / "other.db"
    assert other.contacts_view.model.rowCount() == 0
    assert (tmp_path / "other.db").exists()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_theme_switch_keeps_window_usable(qtbot, window, qapp, theme):
    action = window.actions.theme_actions[theme]
    action.trigger()
    assert window.settings.value("view/theme") == theme
    dark = qapp.palette().color(qapp.palette().ColorRole.Window).lightness() < 128
    assert dark is (theme == "dark")
