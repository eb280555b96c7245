"""Edit ▸ Find duplicates… on the real window: the list of pairs, merging one (with the merge dialog's choices),
merging every exact pair at once, "not a duplicate" — each one step that Edit ▸ Undo takes back."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPlainTextEdit, QRadioButton

from linkorganizer.core import contacts, interactions
from linkorganizer.core.merge import preview
from linkorganizer.core.records import Labeled
from linkorganizer.ui.dialogs.duplicates_dialog import DuplicatesDialog
from linkorganizer.ui.dialogs.merge_dialog import MergeDialog, MergeRequest


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def content(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not n.startswith(("undo_", "op", "contact_search_", "sqlite_", "import_"))
        ]  # fmt: skip
        return {t: con.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


@pytest.fixture
def people(window) -> dict[str, int]:
    """Ada twice (same e-mail), Bo twice (same phone), Łukasz/Lukasz at one company; Ada Q. has a call logged."""
    with window.network.op("Add people") as op:
        ids = {
            "ada": contacts.create_contact(
                {"first_name": "Ada", "last_name": "Lovelace", "company": "Northwind", "notes": "Royal Society"},
                fields={"email": [Labeled("ada@northwind.org")]},
            ),
            "ada_q": contacts.create_contact(
                {"first_name": "Ada", "last_name": "Q.", "position": "Countess", "notes": "Prefers letters"},
                fields={"email": [Labeled("ADA@northwind.org")]}, tags=["poetry"],
            ),
            "bo": contacts.create_contact({"first_name": "Bo", "last_name": "Lind"}, fields={"phone": [Labeled("+46 8 123 456 78")]}),
            "bo2": contacts.create_contact({"first_name": "Bo", "last_name": "Lind"}, fields={"phone": [Labeled("+46812345678")]}),
            "lukasz": contacts.create_contact({"first_name": "Łukasz", "last_name": "Nowak", "company": "Fabrikam"}),
            "lukasz2": contacts.create_contact({"first_name": "Lukasz", "last_name": "Nowak", "company": "Fabrikam"}),
        }  # fmt: skip
        interactions.log_interaction(ids["ada_q"], "call", dt.datetime(2026, 11, 2, 9, 0), "engines")
    window.bus.publish(op.changes)
    return ids


def open_finder(window, monkeypatch, drive) -> None:
    """Trigger Edit ▸ Find duplicates…, with *drive(dialog)* doing what the user does in it."""
    opened = []

    def show_for(cls, parent, undo_stack, bus, region=None):
        dialog = cls(undo_stack, bus, "SE", parent)
        opened.append(dialog)
        drive(dialog)
        dialog.close()
        dialog.deleteLater()

    monkeypatch.setattr(DuplicatesDialog, "show_for", classmethod(show_for))
    window.actions.find_duplicates.trigger()
    assert len(opened) == 1


def test_the_action_is_in_the_edit_menu(window) -> None:
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.actions.find_duplicates in edit.actions()


def test_the_finder_lists_pairs_with_names_companies_reasons_and_confidence(window, monkeypatch, people) -> None:
    def drive(dialog: DuplicatesDialog) -> None:
        rows = [
            [dialog.list.topLevelItem(i).text(c) for c in range(4)] for i in range(dialog.list.topLevelItemCount())
        ]
        assert rows == [
            ["Ada Lovelace\nNorthwind", "Ada Q.", "same e-mail ada@northwind.org", "97%  exact"],
            ["Bo Lind", "Bo Lind", "same phone +46812345678", "93%  exact"],
            ["Łukasz Nowak\nFabrikam", "Lukasz Nowak\nFabrikam", "similar names (100%) at Fabrikam", "90%  similar"],
        ]
        assert dialog.merge_exact_button.text() == "Merge all exact matches (2)"
        assert dialog.summary.text().startswith("3 possible duplicates, 2 of them exact")

    open_finder(window, monkeypatch, drive)


def test_merge_one_pair_with_choices_then_undo(window, monkeypatch, people, tmp_path: Path) -> None:
    before = content(tmp_path / "net.db")
    asked = []

    def ask(cls, parent, keep_id, other_id, region=None):
        asked.append((keep_id, other_id, region))
        return MergeRequest(keep_id, other_id, {"last_name": keep_id}, ("Ada Lovelace", "Ada Q."))

    monkeypatch.setattr(MergeDialog, "ask", classmethod(ask))

    def drive(dialog: DuplicatesDialog) -> None:
        dialog.select_pair(people["ada"], people["ada_q"])
        dialog.merge_button.click()
        assert [(p.a, p.b) for p in dialog.pairs] == [(people["bo"], people["bo2"]), (people["lukasz"], people["lukasz2"])]

    open_finder(window, monkeypatch, drive)
    assert asked == [(people["ada"], people["ada_q"], "SE")]
    merged = contacts.get_contact(people["ada"])
    assert contacts.get_contact(people["ada_q"]) is None
    assert merged.full_name == "Ada Lovelace"
    assert merged.values["position"] == "Countess"
    assert merged.tags == ["poetry"]
    assert merged.values["notes"] == "Royal Society\n\n— from the merged contact Ada Q.:\nPrefers letters"
    assert window.undo_stack.undoText() == "Merge Ada Q. into Ada Lovelace"
    assert window.contacts_view.model.total == 5
    window.actions.undo.trigger()
    assert content(tmp_path / "net.db") == before
    assert window.contacts_view.model.total == 6
    window.actions.redo.trigger()
    assert contacts.get_contact(people["ada_q"]) is None


def test_merge_all_exact_matches_is_one_step(window, monkeypatch, people, tmp_path: Path) -> None:
    before = content(tmp_path / "net.db")

    def drive(dialog: DuplicatesDialog) -> None:
        dialog.merge_exact_button.click()
        assert len(dialog.pairs) == 1
        assert dialog.merge_exact_button.text() == "Merge all exact matches (0)"
        assert not dialog.merge_exact_button.isEnabled()

    open_finder(window, monkeypatch, drive)
    assert contacts.count_contacts() == 4
    assert window.undo_stack.undoText() == "Merge 2 exact duplicates"
    window.actions.undo.trigger()
    assert content(tmp_path / "net.db") == before
    assert contacts.count_contacts() == 6


def test_not_a_duplicate_is_remembered(window, monkeypatch, people) -> None:
    def dismiss(dialog: DuplicatesDialog) -> None:
        dialog.select_pair(people["lukasz"], people["lukasz2"])
        dialog.dismiss_button.click()
        assert len(dialog.pairs) == 2

    open_finder(window, monkeypatch, dismiss)
    assert window.undo_stack.undoText() == "Mark Łukasz Nowak and Lukasz Nowak as two people"

    def still_gone(dialog: DuplicatesDialog) -> None:
        assert [(p.a, p.b) for p in dialog.pairs] == [(people["ada"], people["ada_q"]), (people["bo"], people["bo2"])]

    open_finder(window, monkeypatch, still_gone)
    window.actions.undo.trigger()

    def back(dialog: DuplicatesDialog) -> None:
        assert len(dialog.pairs) == 3

    open_finder(window, monkeypatch, back)


def test_merge_dialog_shows_both_sides_and_gives_the_choices(window, people, qtbot) -> None:
    dialog = MergeDialog(preview(people["ada"], people["ada_q"]), "SE", window)
    qtbot.addWidget(dialog)
    # Ada Q. changed last: her values win where she has one; the empty company does not.
    last_name_keep = dialog.findChild(QRadioButton, "choice_last_name_1")
    last_name_other = dialog.findChild(QRadioButton, "choice_last_name_2")
    assert (last_name_keep.text(), last_name_other.text()) == ("Lovelace", "Q.")
    assert last_name_other.isChecked()
    assert dialog.findChild(QRadioButton, "choice_company_1").isChecked()
    assert dialog.findChild(QRadioButton, "choice_company_2").text() == "(empty)"
    notes = dialog.findChild(QPlainTextEdit, "joined_notes")
    assert notes.toPlainText() == "Royal Society\n\n— from the merged contact Ada Q.:\nPrefers letters"
    last_name_keep.click()
    request = dialog.request()
    assert request.keep == people["ada"] and request.other == people["ada_q"]
    assert request.choices["last_name"] == people["ada"]
    assert request.choices["position"] == people["ada_q"]
    dialog.swap_button.click()
    swapped = dialog.request()
    assert (swapped.keep, swapped.other) == (people["ada_q"], people["ada"])
    assert swapped.choices["last_name"] == people["ada"]  # the value picked stays picked
    assert dialog.findChild(QRadioButton, "choice_last_name_2").isChecked()


def test_double_click_opens_the_merge_dialog(window, monkeypatch, people) -> None:
    asked = []
    monkeypatch.setattr(MergeDialog, "ask", classmethod(lambda cls, parent, a, b, region=None: asked.append((a, b))))

    def drive(dialog: DuplicatesDialog) -> None:
        item = dialog.list.topLevelItem(1)
        dialog.list.itemDoubleClicked.emit(item, 0)

    open_finder(window, monkeypatch, drive)
    assert asked == [(people["bo"], people["bo2"])]
    assert window.undo_stack.count() == 0  # cancelled: no step


def test_no_pairs_says_so(window, monkeypatch) -> None:
    def drive(dialog: DuplicatesDialog) -> None:
        assert dialog.summary.text() == "No duplicates found: no two contacts look like one person."
        assert not dialog.merge_button.isEnabled() and not dialog.merge_exact_button.isEnabled()
        dialog.merge_selected()  # nothing selected: nothing happens

    open_finder(window, monkeypatch, drive)
    assert window.undo_stack.count() == 0
