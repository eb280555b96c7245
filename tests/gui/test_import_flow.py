"""Importing through the window: preview first, column mapping for unknown CSVs, undo of a whole import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from linkorganizer.db.models import Contact, ImportBatch, Invitation
from linkorganizer.formats import csv_generic
from linkorganizer.ui.dialogs.import_history import ImportHistoryDialog
from linkorganizer.ui.dialogs.mapping_dialog import MappingDialog

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.fixture
def window(either_window):
    """Importing works the same on a file and on a server."""
    return either_window


def preview(qtbot, window, path: Path):
    task = window.import_file(path)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: window.preview_dialog is not None and window.preview_dialog.isVisible())
    return window.preview_dialog


def confirm(qtbot, window, dialog) -> None:
    with qtbot.waitSignal(window.undo_stack.indexChanged, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)


def test_preview_shows_what_will_happen_and_writes_nothing(qtbot, window):
    dialog = preview(qtbot, window, FIXTURES / "linkedin" / "connections_2024.csv")
    report = dialog.report
    assert (report.created, report.updated, len(report.skipped)) == (6, 0, 2)
    assert report.dry_run
    assert Contact.select().count() == 0 and ImportBatch.select().count() == 0
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["New (6)", "Skipped and notes (2)"]
    confirm(qtbot, window, dialog)
    assert Contact.select().count() == 6
    assert window.contacts_view.model.rowCount() == 6


def test_preview_lists_changed_fields_of_updated_contacts(qtbot, window):
    window.import_file(FIXTURES / "linkedin" / "connections_2024.csv", preview=False)
    qtbot.waitUntil(lambda: Contact.select().count() == 6, timeout=20_000)
    dialog = preview(qtbot, window, FIXTURES / "linkedin" / "connections_2022.csv")
    updated = dialog.findChild(type(dialog.tabs.widget(0)), "previewUpdated")
    assert updated is not None
    ada = updated.topLevelItem(0)
    assert ada.text(0).startswith("Ada Quill")
    changes = {ada.child(i).text(0): (ada.child(i).text(1), ada.child(i).text(2)) for i in range(ada.childCount())}
    assert changes["position"] == ("Head of Product", "Senior Product Manager")
    dialog.reject()
    assert Contact.get(Contact.first_name == "Ada").position == "Head of Product"


def test_undo_takes_back_the_whole_import_and_redo_restores_it(qtbot, window):
    confirm(qtbot, window, preview(qtbot, window, FIXTURES / "linkedin" / "connections_2024.csv"))
    ids = sorted(c.id for c in Contact.select())
    assert window.actions.undo.text().startswith("&Undo Import connections_2024.csv")
    window.actions.undo.trigger()
    assert Contact.select().count() == 0
    assert window.contacts_view.pages.currentWidget() is window.contacts_view.empty
    window.actions.redo.trigger()
    assert sorted(c.id for c in Contact.select()) == ids
    assert window.contacts_view.model.rowCount() == 6


def test_history_refuses_to_undo_an_import_whose_contacts_were_edited(qtbot, window, monkeypatch):
    confirm(qtbot, window, preview(qtbot, window, FIXTURES / "linkedin" / "connections_2024.csv"))
    batch_id = window.network.imports()[0].id
    window.contacts_view.select_ids([window.contacts_view.model.contact_id(0)])
    field = window.contacts_view.editor.lines["location"]
    field.setText("Lisbon")
    field.editingFinished.emit()
    history = window.history_dialog()
    qtbot.addWidget(history)
    assert not history.undo_button.isEnabled()
    assert "Ada Quill" in history.message.text()
    window.actions.undo.trigger()  # the location edit
    history.refresh()
    assert history.undo_button.isEnabled()
    asked: list[str] = []

    def answer(cls, parent, info, yes: bool):
        asked.append(ImportHistoryDialog.undo_summary(info))
        return yes

    monkeypatch.setattr(ImportHistoryDialog, "confirm_undo", classmethod(lambda c, p, i: answer(c, p, i, False)))
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert Contact.select().count() == 6  # not confirmed: nothing taken back
    monkeypatch.setattr(ImportHistoryDialog, "confirm_undo", classmethod(lambda c, p, i: answer(c, p, i, True)))
    qtbot.mouseClick(history.undo_button, Qt.MouseButton.LeftButton)
    assert Contact.select().count() == 0
    assert history.tree.topLevelItem(0).text(5) == "undone"
    assert asked[0].startswith("connections_2024.csv, imported ")
    assert "the 6 contacts it added are removed. Edit ▸ Undo brings it back." in asked[0]
    assert window.actions.undo.text() == "&Undo taking back the import of connections_2024.csv"
    assert window.undo_stack.text(window.undo_stack.index() - 1) == "Undo import of connections_2024.csv"
    window.actions.undo.trigger()  # undoing the undo brings the import back
    assert Contact.select().count() == 6
    assert not window.network.imports()[0].undone
    assert batch_id == window.network.imports()[0].id


def test_unknown_csv_goes_through_the_mapping_dialog(qtbot, window, monkeypatch):
    path = FIXTURES / "csv" / "spreadsheet_semicolon.csv"
    header, _ = csv_generic.preview_rows(path, 0)
    asked = []

    def fake_ask(cls, parent, file, settings):
        asked.append(Path(file).name)
        return csv_generic.guess_mapping(header)

    monkeypatch.setattr(MappingDialog, "ask", classmethod(fake_ask))
    dialog = preview(qtbot, window, path)
    assert asked == ["spreadsheet_semicolon.csv"]
    assert dialog.report.created == 3
    confirm(qtbot, window, dialog)
    assert Contact.select().count() == 3


def test_mapping_dialog_is_prefilled_and_editable(qtbot, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Full Name,Mail,Employer,Shoe size\nAnn Lee,ann@example.com,Acme,38\n", encoding="utf-8")
    header, rows = csv_generic.preview_rows(path, 5)
    dialog = MappingDialog(path.name, header, rows, csv_generic.guess_mapping(header))
    qtbot.addWidget(dialog)
    assert dialog.mapping()[0] == "full_name" and dialog.mapping()[1] == "email"
    assert 3 not in dialog.mapping()  # "Shoe size" is ignored
    assert dialog.table.item(1, 0).text() == "Ann Lee"
    for column in range(4):
        dialog.set_field(column, "ignore")
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.problem.text()
    dialog.set_field(2, "company")
    assert ok.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.mapping() == {2: "company"}


def test_invitations_and_vcards_import_from_the_window(qtbot, window):
    confirm(qtbot, window, preview(qtbot, window, FIXTURES / "linkedin" / "connections_2024.csv"))
    dialog = preview(qtbot, window, FIXTURES / "linkedin" / "invitations_2024.csv")
    assert dialog.report.invitations_created > 0
    confirm(qtbot, window, dialog)
    assert Invitation.select().count() == dialog.report.invitations_created
    confirm(qtbot, window, preview(qtbot, window, FIXTURES / "vcard" / "google_3_0.vcf"))
    assert Contact.select().where(Contact.source == "vcard").count() == 2


def test_every_export_format_from_the_window(qtbot, window, tmp_path):
    confirm(qtbot, window, preview(qtbot, window, FIXTURES / "linkedin" / "connections_2024.csv"))
    for fmt, name in [("csv", "a.csv"), ("google", "g.csv"), ("outlook", "o.csv"), ("vcard", "a.vcf"),
                      ("vcard4", "b.vcf"), ("json", "a.json")]:
        assert window.export_to(tmp_path / name, fmt) == 6, fmt
    assert (tmp_path / "b.vcf").read_text(encoding="utf-8").count("VERSION:4.0") == 6
    window.contacts_view.select_ids([window.contacts_view.model.contact_id(0)])
    assert window.export_to(tmp_path / "one.vcf", "vcard", scope="selected") == 1
