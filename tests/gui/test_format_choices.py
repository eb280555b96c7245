"""The window's format choices come from the format registry: the File ▸ Export entries, the file dialogs'
filters and suggested names, the export dialog's options; and an import's encoding warning reaches the preview."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QLabel

from linkorganizer.core import contacts
from linkorganizer.formats import registry
from linkorganizer.ui.dialogs.export_dialog import ExportChoice, ExportDialog
from linkorganizer.ui.dialogs.import_preview import ImportPreviewDialog


def test_file_export_lists_every_export_format(window) -> None:
    assert list(window.actions.export_actions) == list(registry.EXPORT_FORMATS)
    texts = [action.text() for action in window.actions.export_actions.values()]
    assert texts == [spec.menu_text for spec in registry.EXPORT_SPECS]


def test_export_suggests_the_format_suffix_and_filter(window, monkeypatch, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Ann", "last_name": "Lee"})
    asked: list[tuple[str, str]] = []
    target = tmp_path / "out.vcf"

    def save(_parent, _title, suggested, file_filter, *args, **kwargs):
        asked.append((suggested, file_filter))
        return str(target), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(save))
    monkeypatch.setattr(ExportDialog, "ask", classmethod(lambda cls, *a, **k: ExportChoice("all", False)))
    window.actions.export_actions["vcard4"].trigger()
    [(suggested, file_filter)] = asked
    assert suggested.endswith(f"{window.db_path.stem}.vcf")
    assert file_filter == "vCard (*.vcf);;All files (*)"
    assert "VERSION:4.0" in target.read_text(encoding="utf-8")

    asked.clear()
    target = tmp_path / "out.csv"
    window.actions.export_actions["google"].trigger()
    assert asked[0][0].endswith("-google.csv") and asked[0][1] == "CSV files (*.csv);;All files (*)"


def test_the_export_dialog_offers_the_byte_order_mark_only_to_writers_that_take_it(qtbot) -> None:
    for spec in registry.EXPORT_SPECS:
        dialog = ExportDialog(spec.name, 3, 0, 3, [], [])
        qtbot.addWidget(dialog)
        assert dialog.excel.isVisibleTo(dialog) == ("excel_bom" in spec.writer_options), spec.name
        assert spec.title in dialog.windowTitle()


def test_import_dialog_filters(window, monkeypatch) -> None:
    asked: list[str] = []

    def pick(_parent, _title, _start, file_filter, *args, **kwargs):
        asked.append(file_filter)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.actions.import_linkedin.trigger()
    window.actions.import_other.trigger()
    window.actions.import_archive.trigger()
    assert asked[0] == "CSV files (*.csv);;All files (*)"
    assert asked[1] == registry.import_filter() and "*.vcf" in asked[1] and "*.csv" in asked[1]
    assert asked[2] == "LinkOrganizer archive (*.json);;All files (*)"


def test_the_encoding_warning_is_in_the_import_preview(window, qtbot, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    text = "First Name;Last Name;URL;Email Address;Company;Position;Connected On\r\nJürgen;Weiß;;;Müller;CTO;12.03.2024\r\n"
    path.write_bytes(text.encode("cp1252"))
    task = window.import_file(path)
    assert task is not None
    qtbot.waitUntil(lambda: window.preview_dialog is not None, timeout=10000)
    dialog: ImportPreviewDialog = window.preview_dialog
    assert dialog.report.format_name == "linkedin"
    assert [w.line for w in dialog.report.warnings] == [2]
    assert "Windows-1252" in dialog.report.warnings[0].message
    assert [label.text() for label in dialog.findChildren(QLabel, "encodingNote")] == [
        "Line 2: the file is not UTF-8; it was read as Windows-1252 (Western European): check that the names look "
        "right."
    ]
    dialog.done(QDialog.DialogCode.Rejected)
