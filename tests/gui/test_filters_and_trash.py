"""Issue 10 on the real window: filters and saved views on the contact table, bulk edits, the trash as a view of
its own, tag management, the keyboard-shortcut list, Ctrl+1…n, Back up now… and a status bar per page."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from linkorganizer.core import contacts as core
from linkorganizer.core.interactions import log_interaction
from linkorganizer.core.network import Changes
from linkorganizer.db.models import Contact, GoalGroup, Membership
from linkorganizer.ui.dialogs.bulk_edit_dialog import BulkValueDialog
from linkorganizer.ui.dialogs.filter_dialogs import DateRangeDialog, SaveViewDialog, TextFilterDialog
from linkorganizer.ui.dialogs.group_picker import GroupPicker, Placement
from linkorganizer.ui.dialogs.tag_dialog import TagDialog
from linkorganizer.ui.dialogs.tag_manager import TagManagerDialog
from linkorganizer.ui.models.contact_table import COLUMN_INDEX


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def seed(window) -> dict[str, int]:
    """Five people the filters tell apart, written through core as an import would, then announced."""
    today = dt.date.today()
    ids = {
        "ada": core.create_contact(
            {"first_name": "Ada", "last_name": "Quill", "company": "Northwind", "stage": "introduced",
             "source": "linkedin", "connected_on": "2024-03-01", "notes": "Met at the meetup", "cadence_days": 14},
            tags=["fintech"],
        ),
        "bo": core.create_contact(
            {"first_name": "Bo", "last_name": "Lind", "company": "Contoso", "stage": "connected",
             "source": "linkedin", "connected_on": "2025-11-20"},
            tags=["fintech", "recruiter"],
        ),
        "cy": core.create_contact({"first_name": "Cy", "last_name": "Moss", "company": "Northwind Labs"}),
        "dee": core.create_contact(
            {"first_name": "Dee", "last_name": "Park", "company": "Fabrikam", "stage": "connected"}, tags=["recruiter"]
        ),
        "eli": core.create_contact({"first_name": "Eli", "last_name": "Stone", "company": "Tailspin"}),
    }
    log_interaction(ids["bo"], "call", dt.datetime.combine(today - dt.timedelta(days=2), dt.time(9)))
    log_interaction(ids["ada"], "call", dt.datetime.combine(today - dt.timedelta(days=100), dt.time(9)))
    group = GoalGroup.create(name="Fundraise", position=0)
    Membership.create(contact=ids["dee"], group=group)
    ids["group"] = group.id
    window.bus.publish(Changes.everything())
    return ids


def names(window) -> list[str]:
    model = window.contacts_view.model
    return [model.index(r, COLUMN_INDEX["name"]).data() for r in range(model.rowCount())]


def menu_action(menu, *path: str):
    """The action at *path* in a menu that fills itself when shown (the Filter menu)."""
    menu.aboutToShow.emit()
    for title in path[:-1]:
        menu = next(a.menu() for a in menu.actions() if a.menu() is not None and a.text().replace("&", "") == title)
    return next(a for a in menu.actions() if a.text().replace("&", "") == path[-1])


def chip_texts(window) -> list[str]:
    return [chip.text() for chip in window.contacts_view.filter_bar.chips()]


# ------------------------------------------------------------------------------------------------ 11: filters


def test_filters_combine_with_search_and_show_as_removable_chips(qtbot, window, monkeypatch):
    seed(window)
    bar = window.contacts_view.filter_bar
    assert bar.objectName() == "filterBar" and bar.isVisibleTo(window)
    menu = bar.menu
    menu_action(menu, "Tag", "fintech").trigger()
    assert names(window) == ["Ada Quill", "Bo Lind"]
    menu_action(menu, "Stage", "Connected").trigger()
    assert names(window) == ["Bo Lind"]
    assert chip_texts(window) == ["Stage: Connected", "Tag: fintech"]
    # A chip's ✕ takes its filter away.
    stage_chip = next(c for c in bar.chips() if c.key == "stage")
    qtbot.mouseClick(stage_chip.remove_button, Qt.MouseButton.LeftButton)
    assert chip_texts(window) == ["Tag: fintech"]
    assert names(window) == ["Ada Quill", "Bo Lind"]
    # Combined with the search box.
    qtbot.keyClicks(window.contacts_view.search, "northwind")
    qtbot.waitUntil(lambda: names(window) == ["Ada Quill"])
    assert window.count_label.text() == "5 contacts (1 shown)"
    bar.clear_requested.emit()
    assert (chip_texts(window), window.contacts_view.search.text(), len(names(window))) == ([], "", 5)

    # The text and date filters ask for their value.
    monkeypatch.setattr(TextFilterDialog, "ask", classmethod(lambda cls, parent, title, prompt, current="": "north"))
    menu_action(menu, "Company…").trigger()
    assert names(window) == ["Ada Quill", "Cy Moss"]
    monkeypatch.setattr(DateRangeDialog, "ask", classmethod(lambda cls, parent, title, current=None: ("2024-01-01", "2024-12-31")))
    menu_action(menu, "Connected…").trigger()
    assert names(window) == ["Ada Quill"]
    assert chip_texts(window)[-1].startswith("Connected: ") and "2024" in chip_texts(window)[-1]
    bar.clear_requested.emit()
    menu_action(menu, "Goal group", "Fundraise").trigger()
    assert names(window) == ["Dee Park"]
    bar.clear_requested.emit()
    menu_action(menu, "Last interaction", "In the last 7 days").trigger()
    assert names(window) == ["Bo Lind"]
    bar.clear_requested.emit()
    menu_action(menu, "Due or overdue").trigger()  # Ada: every 14 days, last call 100 days ago
    assert names(window) == ["Ada Quill"]
    bar.clear_requested.emit()
    menu_action(menu, "Has notes").trigger()
    menu_action(menu, "Source", "LinkedIn").trigger()
    assert names(window) == ["Ada Quill"]
    assert chip_texts(window) == ["Source: LinkedIn", "Has notes"]
    menu_action(menu, "Stage", "Not a fit").trigger()
    assert names(window) == [] and window.contacts_view.no_match.text() == "No contact matches these filters."


def test_a_saved_view_survives_a_restart_and_gives_the_same_rows(qtbot, make_window, monkeypatch):
    window = make_window("net.db")
    seed(window)
    view = window.contacts_view
    menu_action(view.filter_bar.menu, "Tag", "recruiter").trigger()
    view.search.setText("park")
    view._apply_search()
    rows = names(window)
    assert rows == ["Dee Park"]
    monkeypatch.setattr(SaveViewDialog, "ask", classmethod(lambda cls, parent, names, current="": "Recruiters to call"))
    assert view.filter_bar.save_button.isVisibleTo(window)
    qtbot.mouseClick(view.filter_bar.save_button, Qt.MouseButton.LeftButton)
    assert window.saved_views.names() == ["Recruiters to call"]
    assert window.saved_views.current_name() == "Recruiters to call"
    assert window.undo_stack.undoText() == "Save view “Recruiters to call”"
    window.close()

    again = make_window("net.db")
    panel = again.saved_views
    assert panel.isVisibleTo(again) and panel.names() == ["Recruiters to call"]
    assert names(again) == ["Dee Park", "Eli Stone", "Ada Quill", "Bo Lind", "Cy Moss"] or len(names(again)) == 5
    item = panel.list.item(0)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=panel.list.visualItemRect(item).center())
    assert names(again) == rows
    assert chip_texts(again) == ["Tag: recruiter"] and again.contacts_view.search.text() == "park"
    assert again.views.currentWidget() is again.contacts_view
    # Changing a filter leaves the view (it is no longer marked); deleting it is one undoable step.
    menu_action(again.contacts_view.filter_bar.menu, "Has notes").trigger()
    assert panel.current_name() is None
    again.delete_saved_view("Recruiters to call")
    assert panel.names() == [] and not panel.isVisibleTo(again)
    again.undo_stack.undo()
    assert panel.names() == ["Recruiters to call"]


def test_bulk_edits_are_one_undoable_step_for_the_whole_selection(qtbot, window, monkeypatch):
    ids = seed(window)
    view = window.contacts_view
    chosen = [ids["ada"], ids["cy"], ids["eli"]]
    view.select_ids(chosen)
    editor = view.editor
    assert editor.pages.currentIndex() == 2
    monkeypatch.setattr(BulkValueDialog, "ask_stage", classmethod(lambda cls, parent, count: "keep_in_touch"))
    monkeypatch.setattr(BulkValueDialog, "ask_cadence", classmethod(lambda cls, parent, count: 45))
    steps = window.undo_stack.count()
    qtbot.mouseClick(editor.findChild(type(editor.bulk_buttons[0][0]), "bulkStageButton"), Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Set stage of 3 contacts"
    assert {c.stage for c in Contact.select().where(Contact.id.in_(chosen))} == {"keep_in_touch"}
    window.actions.set_cadence.trigger()
    assert {c.cadence_days for c in Contact.select().where(Contact.id.in_(chosen))} == {45}
    monkeypatch.setattr(TagDialog, "ask", classmethod(lambda cls, *args, **kwargs: "board"))
    qtbot.mouseClick(editor.findChild(type(editor.bulk_buttons[0][0]), "bulkTagButton"), Qt.MouseButton.LeftButton)
    monkeypatch.setattr(GroupPicker, "ask_place", classmethod(lambda cls, *args, **kwargs: Placement(ids["group"])))
    qtbot.mouseClick(editor.findChild(type(editor.bulk_buttons[0][0]), "bulkGroupButton"), Qt.MouseButton.LeftButton)
    assert window.undo_stack.count() == steps + 4
    assert all("board" in core.get_contact(cid).tags for cid in chosen)
    assert all("Fundraise" in core.get_contact(cid).groups for cid in chosen)
    for _ in range(4):
        window.undo_stack.undo()
    assert [core.get_contact(cid).values["stage"] for cid in chosen] == ["introduced", "connected", "connected"]
    assert [core.get_contact(cid).values["cadence_days"] for cid in chosen] == [14, None, None]
    assert all("board" not in core.get_contact(cid).tags and not core.get_contact(cid).groups for cid in chosen)


# ---------------------------------------------------------------------------------------------------- 4: trash


def test_the_trash_is_a_marked_read_only_view_with_its_own_actions(qtbot, window, monkeypatch, message_boxes):
    ids = seed(window)
    view = window.contacts_view
    view.select_ids([ids["ada"], ids["bo"], ids["cy"]])
    window.trash_selected()
    a = window.actions
    a.show_trash.setChecked(True)
    assert view.trash_banner.isVisibleTo(window) and not view.filter_bar.isVisibleTo(window)
    assert "3 contacts" in view.trash_banner.text.text()
    assert window.count_label.text() == "3 contacts in the trash (3 shown)"
    view.select_ids([ids["ada"]])
    # Read-only: nothing to type into, nothing that saves.
    company = view.editor.lines["company"]
    assert company.isReadOnly() and not view.editor.stage.isEnabled() and view.editor.texts["notes"].isReadOnly()
    company.setText("Changed")
    view.editor.commit_pending()
    assert core.get_contact(ids["ada"]).values["company"] == "Northwind"
    assert "In the trash" in view.editor.subtitle.text()
    # The trash offers Restore, Delete forever and Empty trash; not Move to trash or tagging.
    assert not a.delete.isVisible() and not a.add_tag.isVisible()
    assert a.restore.isVisible() and a.restore.isEnabled() and a.delete_forever.isEnabled() and a.empty_trash.isEnabled()
    assert {b.defaultAction() for b in view.trash_banner.buttons} == {a.restore, a.delete_forever, a.empty_trash, a.leave_trash}

    a.restore.trigger()
    assert names(window) == ["Bo Lind", "Cy Moss"] and core.get_contact(ids["ada"]).deleted_at is None

    # Delete forever asks first; cancelled, nothing happens.
    asked: list[str] = []

    def answer(button):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button

        return staticmethod(question)

    view.select_ids([ids["bo"]])
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    assert not window.delete_selected_forever()
    assert core.get_contact(ids["bo"]) is not None
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    view.select_ids([ids["bo"]])
    a.delete_forever.trigger()
    assert core.get_contact(ids["bo"]) is None and names(window) == ["Cy Moss"]
    assert "Bo Lind" in asked[-1]
    window.undo_stack.undo()  # the op log brings the row back, with its tags and history
    bo = core.get_contact(ids["bo"])
    assert bo is not None and bo.tags == ["fintech", "recruiter"] and names(window) == ["Bo Lind", "Cy Moss"]

    a.empty_trash.trigger()
    assert "Delete the 2 contacts in the trash forever?" in asked[-1]
    assert core.count_contacts(trash=True) == 0 and view.no_match.text() == "The trash is empty."
    assert window.undo_stack.undoText() == "Empty the trash"
    window.undo_stack.undo()
    assert core.count_contacts(trash=True) == 2
    a.leave_trash.trigger()
    assert not a.show_trash.isChecked() and not view.trash_banner.isVisibleTo(window)
    assert len(names(window)) == 3 and not view.editor.read_only


# ----------------------------------------------------- 14: tags, shortcuts, Ctrl+1…n, back up, the status bar


def test_manage_tags_renames_merges_and_deletes_each_as_one_undo_step(window, monkeypatch):
    ids = seed(window)
    dialog = window.tag_manager()
    assert isinstance(dialog, TagManagerDialog)
    assert dialog.tags() == [("fintech", 2), ("recruiter", 2)]
    dialog.select_tags(["recruiter"])
    monkeypatch.setattr(TagManagerDialog, "ask_name", staticmethod(lambda parent, old: "talent"))
    dialog.rename_button.click()
    assert dialog.tags() == [("fintech", 2), ("talent", 2)]
    assert window.undo_stack.undoText() == "Rename tag “recruiter” to “talent”"
    assert core.get_contact(ids["dee"]).tags == ["talent"]
    dialog.select_tags(["talent"])
    monkeypatch.setattr(TagDialog, "ask", classmethod(lambda cls, *args, **kwargs: "fintech"))
    dialog.merge_button.click()
    assert dialog.tags() == [("fintech", 3)]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *args, **kwargs: QMessageBox.StandardButton.Yes))
    dialog.select_tags(["fintech"])
    dialog.delete_button.click()
    assert dialog.tags() == [] and core.get_contact(ids["bo"]).tags == []
    for expected in ([("fintech", 3)], [("fintech", 2), ("talent", 2)], [("fintech", 2), ("recruiter", 2)]):
        window.undo_stack.undo()
        assert dialog.tags() == expected
    # Renaming onto a name that is taken merges the two.
    dialog.select_tags(["recruiter"])
    monkeypatch.setattr(TagManagerDialog, "ask_name", staticmethod(lambda parent, old: "FinTech"))
    dialog.rename_button.click()
    assert dialog.tags() == [("fintech", 3)]
    dialog.close()


def test_keyboard_shortcuts_are_listed_from_the_actions_and_ctrl_digits_switch_pages(qtbot, window):
    dialog = window.shortcuts_dialog()
    native = QKeySequence.SequenceFormat.NativeText
    assert dialog.keys_of("&Find") == window.actions.find.shortcut().toString(native)
    assert dialog.keys_of("Save &view…") == "Ctrl+Shift+S"
    # Every action of the menus with a key is in the list, once.
    listed = [(text, keys) for _menu, text, keys in dialog.rows]
    assert len(listed) == len(set(listed))
    for action in window.page_actions:
        assert (action.text(), action.shortcut().toString(native)) in listed
    assert dialog.table.rowCount() == len(dialog.rows) >= 20
    dialog.close()

    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.contacts_view.table.setFocus()
    for index in (1, 2, 0):
        qtbot.keyClick(window.focusWidget() or window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda index=index: window.views.currentIndex() == index)
    # Today is the first page, then Contacts, then the Board.
    assert window.page_actions[2].shortcut() == QKeySequence("Ctrl+3")
    assert [a.text() for a in window.page_actions[:3]] == ["Today", "Contacts", "Board"]


def test_back_up_now_writes_a_copy_with_the_backup_commands_function(window, tmp_path, monkeypatch, message_boxes):
    seed(window)
    target = tmp_path / "copies" / "net-copy.db"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *args, **kwargs: (str(target), "")))
    window.actions.backup.trigger()
    con = sqlite3.connect(target)
    try:
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 5
    finally:
        con.close()
    assert window.statusBar().currentMessage() == f"Backed up to {target}."
    missing = tmp_path / "no-such-folder" / "copy.db"
    assert window.back_up_to(missing) is None
    (kind, title, text), = message_boxes
    assert kind == "warning" and str(missing) in text and "unchanged" in text


def test_the_status_bar_speaks_of_the_page_shown(window):
    seed(window)
    assert window.count_label.text() == "5 contacts (5 shown)"
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    assert window.count_label.text() == "1 goal group"
    window.navigation.setCurrentRow(window.views.indexOf(window.inbox_view))
    assert window.count_label.text() == "Invitations: 0 new, 0 due for a follow-up"
    window.navigation.setCurrentRow(window.views.indexOf(window.due_view))
    assert window.count_label.text() == "1 due"
    window.navigation.setCurrentRow(window.views.indexOf(window.introductions_view))
    assert window.count_label.text() == "This week: 0 of 3 calls held, 0 more scheduled"
    window.navigation.setCurrentRow(window.views.indexOf(window.interactions_view))
    assert window.count_label.text() == "2 interactions"
    window.navigation.setCurrentRow(window.views.indexOf(window.contacts_view))
    assert window.count_label.text() == "5 contacts (5 shown)"
