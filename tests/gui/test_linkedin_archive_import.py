"""File ▸ Import ▸ LinkedIn data archive… on the real window: the zip's preview per member, one import, one undo."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QTreeWidget

from linkorganizer.db.models import Contact, Interaction, Invitation


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


FIXTURES = Path(__file__).parent.parent / "fixtures"
ARCHIVE = FIXTURES / "linkedin_archive"


def make_archive(tmp_path: Path) -> Path:
    path = tmp_path / "Complete_LinkedInDataExport_12-01-2026.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in sorted(ARCHIVE.iterdir()):
            zf.write(member, member.name)
    return path


def import_menu(window) -> QMenu:
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    return next(a.menu() for a in file_menu.actions() if a.text() == "&Import")


def test_the_archive_imports_from_its_menu_entry_with_a_preview_per_member(qtbot, window, monkeypatch, tmp_path):
    assert window.actions.import_linkedin_archive in import_menu(window).actions()
    assert window.actions.import_linkedin_archive.text() == "LinkedIn &data archive…"
    archive = make_archive(tmp_path)
    asked: list[str] = []

    def pick(_parent, _title, _start, file_filter, *args, **kwargs):
        asked.append(file_filter)
        return str(archive), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window.actions.import_linkedin_archive.trigger()
    assert asked == ["LinkedIn data archive (*.zip);;All files (*)"]
    qtbot.waitUntil(lambda: window.preview_dialog is not None and window.preview_dialog.isVisible(), timeout=20_000)
    dialog = window.preview_dialog
    assert dialog.report.format_name == "linkedin-archive"
    assert Contact.select().count() == 0  # a dry run so far
    assert dialog.tabs.tabText(0) == "By file (11)"
    parts: QTreeWidget = dialog.tabs.widget(0)
    assert parts.objectName() == "previewParts"
    rows = [tuple(parts.topLevelItem(i).text(c) for c in range(3)) for i in range(parts.topLevelItemCount())]
    assert rows[:3] == [
        ("Profile.csv", "your profile: Sam Rivera", "nothing"),
        ("Connections.csv", "connections", "6 new, 1 skipped"),
        ("Notes.csv", "your notes on connections", "2 updated"),
    ]
    assert ("Endorsement_Received_Info.csv", "endorsements you received", "2 interactions, 1 skipped") in rows
    assert ("Positions.csv", "not used", "1 warning") in rows
    notes = dialog.findChild(QTreeWidget, "previewSkipped")
    texts = [notes.topLevelItem(i).text(1) for i in range(notes.topLevelItemCount())]
    assert "Skipped: Endorsement_Received_Info.csv: “Taylor Fox” is not among your contacts" in texts
    assert notes.topLevelItem(texts.index("Skills.csv: not used: your own LinkedIn data, not about your contacts")).text(0) == ""

    with qtbot.waitSignal(window.undo_stack.indexChanged, timeout=20_000):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert (Contact.select().count(), Invitation.select().count(), Interaction.select().count()) == (6, 2, 8)
    assert window.actions.undo.text().startswith(f"&Undo Import {archive.name}")
    window.actions.undo.trigger()  # the whole archive is one step
    assert (Contact.select().count(), Invitation.select().count(), Interaction.select().count()) == (0, 0, 0)
    window.actions.redo.trigger()
    assert Interaction.select().count() == 8
