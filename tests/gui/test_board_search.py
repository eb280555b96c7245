"""Finding people on the board, pieces that say who they are, goal deadlines, and choosing a role from the keyboard.

All on the real window (the board of tests/gui/test_board_view.py's small network).
"""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtWidgets import QApplication

from linkorganizer.core import contacts, groups
from linkorganizer.core.network import Changes
from linkorganizer.db.models import GoalGroup
from linkorganizer.ui.dialogs.group_dialog import GroupDialog, GroupValues
from linkorganizer.ui.dialogs.group_picker import GroupPicker, Placement
from linkorganizer.ui.localtime import utc_today
from tests.gui.test_board_view import board, card, chip_of, members, net, shown  # noqa: F401 - the fixtures


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def test_the_board_search_rings_the_pieces_and_cards_of_a_person_and_can_filter_the_cards(qtbot, window, shown):
    net = shown
    view = board(window)
    groups.copy_to_group([net.ada], net.coaching)  # Ada serves both goals
    window.bus.publish(Changes(groups=frozenset({net.coaching})))
    assert view.search.isVisible() and view.search.placeholderText() == "Find a person on the board…"
    qtbot.keyClicks(view.search, "quill")
    assert view.matches == {net.ada}
    assert card(window, net.fintech).matched_ids() == [net.ada]
    assert card(window, net.coaching).matched_ids() == [net.ada]
    assert view.search_result.text() == "1 person found in 2 goals."
    # The ring is drawn: the found piece does not look like its neighbour.
    found, other = chip_of(window, net.fintech, net.ada), chip_of(window, net.fintech, net.bob)
    assert found.grab().toImage() != other.grab().toImage()

    view.search.setText("Cy")
    assert card(window, net.coaching).matched_ids() == [net.cy] and card(window, net.fintech).matched_ids() == []
    view.only_matching.setChecked(True)
    QApplication.processEvents()
    assert card(window, net.coaching).isVisible() and not card(window, net.fintech).isVisible()
    assert view.search_result.text() == "1 person found in 1 goal."

    # A person in the box only is not "on the board".
    view.search.setText("Dee Park")
    assert view.matches == set()
    assert view.search_result.text() == "Nobody on the board matches “Dee Park”."
    assert not card(window, net.coaching).isVisible()

    # A find placed meanwhile is ringed at once; clearing the search shows every card again.
    groups.place([net.dee], net.fintech)
    window.bus.publish(Changes(groups=frozenset({net.fintech})))
    assert card(window, net.fintech).matched_ids() == [net.dee] and card(window, net.fintech).isVisible()
    view.search.clear()
    assert view.matches is None and view.search_result.text() == ""
    assert card(window, net.coaching).isVisible() and card(window, net.fintech).isVisible()
    assert card(window, net.fintech).matched_ids() == []


def test_a_piece_shows_the_position_and_the_stage(qtbot, window, shown):
    net = shown
    contacts.update_contact(net.ada, {"position": "Head of Talent"})
    window.bus.publish(Changes(contacts=frozenset({net.ada})))
    chip = chip_of(window, net.fintech, net.ada)
    assert chip.chip.position == "Head of Talent"
    assert chip.accessibleDescription() == "Head of Talent · Northwind · Introduced"
    # Wide enough, the stage is written at the right end of the name line; narrow, only its icon says it.
    def right_end_colours(width: int) -> int:
        chip.resize(width, chip.height())
        image = chip.grab().toImage()
        return len({image.pixel(x, y) for x in range(width - 70, width - 12) for y in range(6, 18)})

    assert right_end_colours(200) <= 2  # background only: "Ada Quill" ends well before
    assert right_end_colours(320) > 4  # "Introduced"


def test_a_goal_deadline_is_set_in_the_dialog_shown_on_the_card_and_undone(qtbot, window, shown, monkeypatch):
    net = shown
    view = board(window)
    deadline = utc_today() + _dt.timedelta(weeks=3, days=2)
    seen: list[GroupValues | None] = []

    def edit(cls, parent, values=None, group_id=None):
        seen.append(values)
        return GroupValues(values.name, values.purpose, values.colour, values.slots, deadline)

    monkeypatch.setattr(GroupDialog, "ask", classmethod(edit))
    assert not card(window, net.fintech).deadline.isVisible()
    assert view.edit_group(net.fintech)
    assert seen[0].deadline is None
    assert GoalGroup.get_by_id(net.fintech).deadline == deadline
    label = card(window, net.fintech).deadline
    assert label.isVisible() and label.accessibleName().startswith("3 weeks left · by ")
    window.actions.undo.trigger()
    assert GoalGroup.get_by_id(net.fintech).deadline is None and not label.isVisible()
    window.actions.redo.trigger()
    assert label.accessibleName().startswith("3 weeks left")

    # Past the day, and the picture still incomplete: overdue.
    groups.set_deadline(net.fintech, utc_today() - _dt.timedelta(days=2))
    window.bus.publish(Changes(groups=frozenset({net.fintech})))
    assert label.accessibleName().startswith("Overdue · was due ")

    # The dialog reads the deadline and gives it back; unticking drops it.
    dialog = GroupDialog(GroupValues.of_card(card(window, net.fintech).data), net.fintech, window)
    qtbot.addWidget(dialog)
    assert dialog.has_deadline.isChecked() and dialog.values().deadline == utc_today() - _dt.timedelta(days=2)
    dialog.has_deadline.setChecked(False)
    assert dialog.values().deadline is None and not dialog.deadline.isEnabled()
    new = GroupDialog(None, None, window)
    qtbot.addWidget(new)
    assert not new.has_deadline.isChecked() and new.values().deadline is None


def test_ctrl_g_chooses_the_role_and_offers_no_full_role(qtbot, window, shown, monkeypatch):
    net = shown
    picker = GroupPicker("Add to group", "Which?")
    qtbot.addWidget(picker)
    picker.show()
    assert picker.group_id() == net.fintech
    roles = [picker.slot.itemText(i) for i in range(picker.slot.count())]
    assert roles == ["No particular role", "Recruiter (1 of 2 filled)", "Hiring manager (0 of 1 filled)"]
    picker.slot.setCurrentIndex(2)
    assert picker.placement() == Placement(net.fintech, net.manager)
    qtbot.keyClicks(picker.search, "coach")
    assert picker.group_id() == net.coaching and not picker.slot_form.isVisible()
    assert picker.placement() == Placement(net.coaching, None)

    # Through the real Ctrl+G path: Dee becomes the hiring manager; that role is then full and not offered.
    chosen: list[GroupPicker] = []

    def ask_place(cls, parent, title, prompt, exclude=()):
        dialog = cls(title, prompt, exclude, parent)
        chosen.append(dialog)
        dialog.slot.setCurrentIndex(dialog.slot.findData(net.manager))
        return dialog.placement()

    monkeypatch.setattr(GroupPicker, "ask_place", classmethod(ask_place))
    window.contacts_view.select_ids([net.dee])
    window.navigation.setCurrentRow(window.views.indexOf(window.contacts_view))
    window.actions.add_to_group.trigger()
    assert members(net.fintech)[net.dee] == net.manager
    after = GroupPicker("Add to group", "Which?")
    qtbot.addWidget(after)
    assert after.slot.findData(net.manager) == -1
    assert [after.slot.itemText(i) for i in range(after.slot.count())] == [
        "No particular role", "Recruiter (1 of 2 filled)"
    ]
    for dialog in chosen:
        dialog.deleteLater()
