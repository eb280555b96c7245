"""The puzzle board in the real window: drops of every kind, slots, the keyboard path, group management, undo.

qtbot cannot perform a real drag (pytest-qt #260): a drop here is the QDragEnterEvent, QDragMoveEvent and
QDropEvent a drag would deliver, built with the app's own MIME payloads and sent to the card or the box.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, Qt
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QListView, QWidget

from linkorganizer.core.network import Changes
from linkorganizer.core import contacts, groups
from linkorganizer.db.models import GoalGroup, GroupSlot, Membership
from linkorganizer.formats import registry
from linkorganizer.ui import mime
from linkorganizer.ui.dialogs.group_dialog import GroupDialog, GroupValues, SlotSpec
from linkorganizer.ui.dialogs.group_picker import GroupPicker, Placement
from linkorganizer.ui.models.unplaced_model import UnplacedModel
from linkorganizer.ui.views.board_card import CHIP_LIMIT, GapChip, GroupCard, MemberChip, SlotRow, role_phrase
from linkorganizer.ui.views.board_view import BoardView
from tests.gui.driving import CallCount


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


MOVE_OR_COPY = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
CTRL = Qt.KeyboardModifier.ControlModifier


# ------------------------------------------------------------------------------------------------------ helpers


@dataclass
class Drop:
    entered: bool
    moved: bool
    dropped: bool
    action: Qt.DropAction


def deliver_drop(
    target: QWidget,
    data: QMimeData,
    pos: QPoint | None = None,
    modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
    actions: Qt.DropAction = MOVE_OR_COPY,
) -> Drop:
    """Enter, move and drop at *pos* (the target's centre by default), as a drag under the mouse would."""
    pos = pos if pos is not None else target.rect().center()
    buttons = Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(pos, actions, data, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(pos, actions, data, buttons, modifiers)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(pos, actions, data, buttons, modifiers)
    QApplication.sendEvent(target, drop)
    return Drop(enter.isAccepted(), move.isAccepted(), drop.isAccepted(), drop.dropAction())


def person(name: str, company: str = "", stage: str = "connected") -> int:
    return contacts.create_contact({"display_name": name, "company": company, "stage": stage})


@dataclass
class Net:
    ada: int
    bob: int
    cy: int
    dee: int
    eve: int
    fay: int
    fintech: int
    coaching: int
    recruiter: int
    manager: int


def small_network(window) -> Net:
    """Fintech (slots: 2 recruiters, 1 hiring manager) holds Ada (a recruiter) and Bob; coaching holds Cy.
    Dee, Eve and Fay wait in the box."""
    ada = person("Ada Quill", "Northwind", "introduced")
    bob = person("Bob Stone", "Fabrikam")
    cy = person("Cy Young", "Contoso")
    dee = person("Dee Park", "Globex")
    eve = person("Eve Moss", "Initech")
    fay = person("Fay Lind", "Umbrella")
    fintech = groups.create_group(
        "Land a product role in fintech", "By spring", slots=[("Recruiter", 2), ("Hiring manager", 1)]
    )
    coaching = groups.create_group("Grow the coaching practice", "Referrals", colour="#54A24B")
    slots = GroupSlot.select().where(GroupSlot.group == fintech).order_by(GroupSlot.position)
    recruiter, manager = [s.id for s in slots]
    groups.place([ada], fintech, recruiter)
    groups.place([bob], fintech)
    groups.place([cy], coaching)
    window.bus.publish(Changes.everything())
    return Net(ada, bob, cy, dee, eve, fay, fintech, coaching, recruiter, manager)


def members(group_id: int) -> dict[int, int | None]:
    """contact id → slot id, as stored."""
    return {m.contact_id: m.slot_id for m in Membership.select().where(Membership.group == group_id)}


def board(window) -> BoardView:
    return window.board_view


def card(window, group_id: int) -> GroupCard:
    found = board(window).card(group_id)
    assert found is not None
    return found


def chip_of(window, group_id: int, contact_id: int) -> MemberChip:
    return next(c for c in card(window, group_id).pieces.visible_chips() if c.contact_id == contact_id)


def slot_row(window, group_id: int, slot_id: int | None) -> SlotRow:
    pieces = card(window, group_id).pieces
    return next(r for r in pieces.rows[: pieces._used[0]] if r.target.slot_id == slot_id)


def at(widget: QWidget, card_widget: GroupCard) -> QPoint:
    """The centre of *widget* in the card's coordinates (where a drop on it lands)."""
    return widget.mapTo(card_widget, widget.rect().center())


def box_ids(window) -> list[int]:
    return board(window).box.model.contact_ids()


@pytest.fixture(autouse=True)
def _delete_windows(qapp):
    """Destroy this test's windows afterwards (qtbot only closes them): later tests then restyle fewer widgets."""
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow":
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def net(window) -> Net:
    return small_network(window)


@pytest.fixture
def shown(qtbot, window, net) -> Net:
    """The window on screen with the board open, so cards, slot rows and chips have their real geometry."""
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(board(window)))
    qtbot.waitExposed(window)
    QApplication.processEvents()
    return net


# -------------------------------------------------------------------------------------------------- the board


def test_board_is_a_view_after_contacts_with_named_widgets(window, net):
    nav = window.navigation
    assert [nav.item(i).text() for i in range(3)] == ["Today", "Contacts", "Board"]
    view = window.findChild(QWidget, "board")
    assert view is board(window)
    cards = view.findChildren(GroupCard, "groupCard")
    assert sorted(c.accessibleName() for c in cards) == ["Grow the coaching practice", "Land a product role in fintech"]
    assert [c.group_id for c in view.cards()] == [net.fintech, net.coaching]
    chips = view.findChildren(MemberChip, "memberChip")
    assert {c.accessibleName() for c in chips if c.isVisibleTo(view)} == {"Ada Quill", "Bob Stone", "Cy Young"}
    tray = window.findChild(QListView, "unplacedTray")
    assert tray is not None and sorted(box_ids(window)) == sorted([net.dee, net.eve, net.fay])


def test_card_shows_progress_slots_and_the_missing_pieces(window, net):
    fintech = card(window, net.fintech)
    assert fintech.progress.text() == "1 of 3"
    assert fintech.missing.accessibleName() == "Still needed: 1 recruiter · 1 hiring manager"
    rows = fintech.pieces.rows[: fintech.pieces._used[0]]
    assert [(r.role, r.filled, r.needed) for r in rows] == [("Recruiter", 1, 2), ("Hiring manager", 0, 1), ("Other pieces", 1, 0)]
    gaps = [g for g in fintech.pieces.findChildren(GapChip, "missingPiece") if g.isVisibleTo(fintech)]
    assert sorted(g.target.slot_id for g in gaps) == sorted([net.recruiter, net.manager])
    coaching = card(window, net.coaching)
    assert coaching.progress.text() == "1 piece"
    assert coaching.missing.isHidden()


def test_role_phrases_read_as_english():
    assert role_phrase("Hiring manager at a fintech", 1) == "1 hiring manager at a fintech"
    assert role_phrase("Hiring manager at a fintech", 2) == "2 hiring managers at a fintech"
    assert role_phrase("Podcast or newsletter", 2) == "2 podcasts or newsletters"
    assert role_phrase("CTO", 3) == "3 CTOs"


def test_empty_board_says_the_method_and_offers_a_group(window, monkeypatch):
    view = board(window)
    assert view.pages.currentWidget() is view.empty
    assert "Name a goal, then place the people who help you reach it" in " ".join(
        label.text() for label in view.empty.findChildren(type(view.title))
    )
    monkeypatch.setattr(GroupDialog, "ask", classmethod(lambda cls, *a, **k: GroupValues("Find a mentor", "", "#E45756")))
    view.empty.new_button.click()
    assert [g.name for g in GoalGroup.select()] == ["Find a mentor"]
    assert view.pages.currentWidget() is view.scroll
    window.actions.undo.trigger()
    assert GoalGroup.select().count() == 0
    assert view.pages.currentWidget() is view.empty


# ----------------------------------------------------------------------------------------------------- drops


def test_box_to_card_places_one_undo_step(window, net):
    steps = window.undo_stack.count()
    drop = deliver_drop(card(window, net.coaching), mime.encode_contacts([net.dee, net.eve]))
    assert (drop.entered, drop.dropped, drop.action) == (True, True, Qt.DropAction.CopyAction)
    assert set(members(net.coaching)) == {net.cy, net.dee, net.eve}
    assert window.undo_stack.count() == steps + 1
    assert box_ids(window) == [net.fay]
    assert {c.contact_id for c in card(window, net.coaching).pieces.visible_chips()} == {net.cy, net.dee, net.eve}
    window.actions.undo.trigger()
    assert set(members(net.coaching)) == {net.cy}
    assert sorted(box_ids(window)) == sorted([net.dee, net.eve, net.fay])
    window.actions.redo.trigger()
    assert set(members(net.coaching)) == {net.cy, net.dee, net.eve}


def test_card_to_card_moves_and_ctrl_copies(window, net):
    moved = deliver_drop(card(window, net.coaching), mime.encode_contacts([net.bob], net.fintech))
    assert moved.dropped and moved.action == Qt.DropAction.MoveAction
    assert net.bob not in members(net.fintech) and net.bob in members(net.coaching)
    window.actions.undo.trigger()
    assert net.bob in members(net.fintech) and net.bob not in members(net.coaching)
    window.actions.redo.trigger()
    assert net.bob not in members(net.fintech)
    window.actions.undo.trigger()

    copied = deliver_drop(card(window, net.coaching), mime.encode_contacts([net.ada], net.fintech), modifiers=CTRL)
    assert copied.dropped and copied.action == Qt.DropAction.CopyAction
    # Ada now serves both goals, and keeps her slot in the first.
    assert members(net.fintech)[net.ada] == net.recruiter and net.ada in members(net.coaching)
    window.actions.undo.trigger()
    assert net.ada not in members(net.coaching) and members(net.fintech)[net.ada] == net.recruiter


def test_card_to_box_removes_from_that_group(window, net):
    groups.place([net.ada], net.coaching)  # Ada also serves coaching: leaving fintech keeps her out of the box
    window.bus.publish(Changes(groups={net.coaching}))
    tray = board(window).tray.viewport()  # an item view takes drops on its viewport
    drop = deliver_drop(tray, mime.encode_contacts([net.ada, net.bob], net.fintech))
    assert drop.dropped
    assert members(net.fintech) == {}
    assert net.ada in members(net.coaching)
    assert net.bob in box_ids(window) and net.ada not in box_ids(window)
    window.actions.undo.trigger()
    assert members(net.fintech) == {net.ada: net.recruiter, net.bob: None}
    assert net.bob not in box_ids(window)


def test_contact_table_to_card_places_several_at_once(window, net):
    model = window.contacts_view.model
    indexes = [model.index(model.row_of(cid), 0) for cid in (net.dee, net.eve, net.fay)]
    steps = window.undo_stack.count()
    drop = deliver_drop(card(window, net.fintech), model.mimeData(indexes))
    assert drop.dropped
    assert set(members(net.fintech)) == {net.ada, net.bob, net.dee, net.eve, net.fay}
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "Place 3 contacts in “Land a product role in fintech”"
    window.actions.undo.trigger()
    assert set(members(net.fintech)) == {net.ada, net.bob}


def test_drop_on_a_slot_row_of_another_card_places_into_that_slot(window, shown):
    net = shown
    fintech = card(window, net.fintech)
    manager = at(slot_row(window, net.fintech, net.manager), fintech)
    drop = deliver_drop(fintech, mime.encode_contacts([net.dee]), manager)
    assert drop.dropped
    assert members(net.fintech)[net.dee] == net.manager


def test_no_op_drops_are_refused_visibly(qtbot, window, shown):
    net = shown
    steps = window.undo_stack.count()
    messages: list[str] = []
    board(window).status_message.connect(lambda text, _ms: messages.append(text))
    fintech = card(window, net.fintech)
    # Ada is in fintech already: dropping her there again from the table changes nothing. The card takes the
    # enter (so it keeps hearing the drag and can show why), refuses every move, and the drop does nothing.
    drop = deliver_drop(fintech, mime.encode_contacts([net.ada]))
    assert (drop.entered, drop.moved, drop.dropped) == (True, False, False)
    # A chip dropped on its own card body, and a piece from the box dropped back on the box.
    own = deliver_drop(fintech, mime.encode_contacts([net.bob], net.fintech), at(fintech.header, fintech))
    assert not own.moved and not own.dropped
    back = deliver_drop(board(window).tray.viewport(), mime.encode_contacts([net.dee]))
    assert not back.moved and not back.dropped
    assert window.undo_stack.count() == steps
    assert messages[:2] == ["Already in this group.", "Already in this group. Drop it on a role to let it fill that role."]
    assert "Already in the box." in messages
    # Outlined in red while the refused drag is over the card, not after it left.
    data = mime.encode_contacts([net.ada])
    point, left, none = fintech.rect().center(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(fintech, QDragEnterEvent(point, MOVE_OR_COPY, data, left, none))
    move = QDragMoveEvent(point, MOVE_OR_COPY, data, left, none)
    QApplication.sendEvent(fintech, move)
    assert not move.isAccepted() and fintech.drop_state == "refuse"
    QApplication.sendEvent(fintech, QDragLeaveEvent())
    assert fintech.drop_state == ""


def test_drop_target_highlights_while_hovered(window, net):
    coaching = card(window, net.coaching)
    data = mime.encode_contacts([net.dee])
    QApplication.sendEvent(coaching, QDragEnterEvent(coaching.rect().center(), MOVE_OR_COPY, data,
                                                     Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
    assert coaching.drop_state == "accept"
    QApplication.sendEvent(coaching, QDragLeaveEvent())
    assert coaching.drop_state == ""
    nothing = deliver_drop(coaching, mime.encode_contacts([net.cy]))
    assert not nothing.dropped and coaching.drop_state == ""


# ---------------------------------------------------------------------------------------------------- slots


def test_dropping_a_chip_on_a_slot_row_of_its_card_fills_the_slot(window, shown):
    net = shown
    fintech = card(window, net.fintech)
    steps = window.undo_stack.count()
    manager = at(slot_row(window, net.fintech, net.manager), fintech)
    drop = deliver_drop(fintech, mime.encode_contacts([net.bob], net.fintech), manager)
    assert drop.dropped
    assert members(net.fintech)[net.bob] == net.manager
    assert window.undo_stack.count() == steps + 1
    assert card(window, net.fintech).progress.text() == "2 of 3"
    # The same drop again changes nothing and is refused.
    again = deliver_drop(fintech, mime.encode_contacts([net.bob], net.fintech), manager)
    assert not again.dropped
    window.actions.undo.trigger()
    assert members(net.fintech)[net.bob] is None
    window.actions.redo.trigger()
    assert members(net.fintech)[net.bob] == net.manager
    window.actions.undo.trigger()
    # "Other pieces" (there while someone fills no slot) takes a piece out of its slot.
    other = slot_row(window, net.fintech, None)
    assert deliver_drop(fintech, mime.encode_contacts([net.ada], net.fintech), at(other, fintech)).dropped
    assert members(net.fintech)[net.ada] is None


def test_fill_slot_from_the_chip_menu(window, net):
    view = board(window)
    menu = view.build_chip_menu(net.fintech, net.bob)
    fill = next(a.menu() for a in menu.actions() if a.menu() is not None and a.menu().objectName() == "fillSlotMenu")
    by_slot = {a.data(): a for a in fill.actions() if not a.isSeparator()}
    assert by_slot[None].isChecked() and not by_slot[net.recruiter].isChecked()
    by_slot[net.recruiter].trigger()
    assert members(net.fintech)[net.bob] == net.recruiter
    assert card(window, net.fintech).missing.accessibleName() == "Still needed: 1 hiring manager"
    menu = view.build_chip_menu(net.fintech, net.bob)
    fill = next(a.menu() for a in menu.actions() if a.menu() is not None and a.menu().objectName() == "fillSlotMenu")
    next(a for a in fill.actions() if a.data() is None and not a.isSeparator()).trigger()
    assert members(net.fintech)[net.bob] is None
    window.actions.undo.trigger()
    window.actions.undo.trigger()
    assert members(net.fintech)[net.bob] is None


# ---------------------------------------------------------------------------------------------- keyboard path


def test_add_to_group_from_the_table_with_ctrl_g(window, net, monkeypatch):
    asked: list[tuple] = []

    def fake_ask(cls, parent, title, prompt, exclude=()):
        asked.append((title, prompt, tuple(exclude)))
        return Placement(net.coaching)

    monkeypatch.setattr(GroupPicker, "ask_place", classmethod(fake_ask))
    window.contacts_view.select_ids([net.dee, net.fay])
    assert window.actions.add_to_group.shortcut().toString() == "Ctrl+G"
    assert window.actions.add_to_group in window.contacts_view.table.actions()  # in its context menu
    window.actions.add_to_group.trigger()
    assert asked == [("Add to group", "Place 2 people in which goal group?", ())]
    assert set(members(net.coaching)) == {net.cy, net.dee, net.fay}
    window.actions.undo.trigger()
    assert set(members(net.coaching)) == {net.cy}


def test_add_to_group_from_the_box(window, net, monkeypatch):
    monkeypatch.setattr(GroupPicker, "ask_place", classmethod(lambda cls, *a, **k: Placement(net.fintech)))
    window.navigation.setCurrentRow(window.views.indexOf(board(window)))
    view = board(window)
    model = view.box.model
    selection = view.tray.selectionModel()
    selection.select(model.index(model.row_of(net.eve), 0), selection.SelectionFlag.Select)
    window.actions.add_to_group.trigger()
    assert net.eve in members(net.fintech)
    assert net.eve not in box_ids(window)


def test_move_and_remove_pieces_with_the_keyboard(qtbot, window, net, monkeypatch):
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(board(window)))
    monkeypatch.setattr(
        GroupPicker, "ask_place", classmethod(lambda cls, parent, title, prompt, exclude=(): Placement(net.coaching))
    )
    chip = chip_of(window, net.fintech, net.bob)
    chip.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chip.hasFocus)
    assert board(window).selected_chips() == (net.fintech, [net.bob])
    assert window.actions.move_to_group.isEnabled() and window.actions.remove_from_group.isEnabled()
    window.actions.move_to_group.trigger()
    assert net.bob in members(net.coaching) and net.bob not in members(net.fintech)

    ada = chip_of(window, net.fintech, net.ada)
    ada.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(ada.hasFocus)
    window.contacts_view.select_ids([net.dee])  # "Move to trash" would have something to trash
    qtbot.keyClick(ada, Qt.Key.Key_Delete)
    assert net.ada not in members(net.fintech)
    tray = board(window).tray
    tray.setFocus()
    tray.setCurrentIndex(board(window).box.model.index(0, 0))
    qtbot.keyClick(tray, Qt.Key.Key_Delete)
    assert contacts.count_contacts(trash=True) == 0  # Delete on the board is never "Move to trash"
    window.actions.undo.trigger()
    assert members(net.fintech) == {net.ada: net.recruiter}

    chip = chip_of(window, net.fintech, net.ada)
    chip.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(chip.hasFocus)
    window.actions.remove_from_group.trigger()
    assert members(net.fintech) == {}


def test_several_chips_selected_with_ctrl_travel_together(qtbot, window, net):
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(board(window)))
    groups.place([net.dee, net.eve], net.coaching)
    window.bus.publish(Changes(groups={net.coaching}))
    dee, eve = chip_of(window, net.coaching, net.dee), chip_of(window, net.coaching, net.eve)
    qtbot.mouseClick(dee, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(eve, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier)
    assert board(window).selected_chips() == (net.coaching, [net.dee, net.eve])  # in card order
    steps = window.undo_stack.count()
    window.actions.remove_from_group.trigger()
    assert set(members(net.coaching)) == {net.cy}
    assert window.undo_stack.count() == steps + 1


def test_double_click_on_a_piece_opens_the_contact(qtbot, window, net):
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(board(window)))
    qtbot.mouseDClick(chip_of(window, net.fintech, net.bob), Qt.MouseButton.LeftButton)
    assert window.views.currentWidget() is window.contacts_view
    assert window.contacts_view.selected_ids() == [net.bob]


def test_group_picker_filters_as_you_type(qtbot, window, net):
    picker = GroupPicker("Add to group", "Which?", exclude=[net.coaching])
    qtbot.addWidget(picker)
    assert picker.list.count() == 1 and picker.group_id() == net.fintech
    picker.search.setText("coach")
    assert picker.list.count() == 0 and picker.group_id() is None
    assert not picker.buttons.button(picker.buttons.StandardButton.Ok).isEnabled()
    picker = GroupPicker("Add to group", "Which?")
    qtbot.addWidget(picker)
    qtbot.keyClicks(picker.search, "grow")
    assert picker.group_id() == net.coaching


# ---------------------------------------------------------------------------------------------- management


def test_reorder_by_dropping_a_card_on_another(window, net):
    third = groups.create_group("Speak at two conferences")
    window.bus.publish(Changes(groups_added_or_removed=True))
    view = board(window)
    assert [c.group_id for c in view.cards()] == [net.fintech, net.coaching, third]
    drop = deliver_drop(card(window, net.fintech), mime.encode_group(third))
    assert drop.dropped
    assert groups.group_order() == [third, net.fintech, net.coaching]
    assert [c.group_id for c in view.cards()] == [third, net.fintech, net.coaching]
    # A card dropped on itself does nothing.
    assert not deliver_drop(card(window, third), mime.encode_group(third)).dropped
    window.actions.undo.trigger()
    assert [c.group_id for c in view.cards()] == [net.fintech, net.coaching, third]


def test_collapse_is_kept_in_the_database(qtbot, make_window, settings):
    first = make_window()
    net = small_network(first)
    button = card(first, net.fintech).header.collapse
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert GoalGroup.get_by_id(net.fintech).collapsed
    assert card(first, net.fintech).pieces.isHidden()
    first.close()
    second = make_window()
    assert card(second, net.fintech).collapsed and card(second, net.fintech).pieces.isHidden()
    steps = second.undo_stack.count()
    menu = board(second).build_card_menu(net.fintech)
    next(a for a in menu.actions() if a.objectName() == "collapseGroup").trigger()
    assert not GoalGroup.get_by_id(net.fintech).collapsed
    # How the board looks is not a change to undo: no step, and undoing what came before leaves it open.
    assert second.undo_stack.count() == steps
    second.actions.undo.trigger()
    assert not GoalGroup.get_by_id(net.fintech).collapsed


def test_delete_group_then_undo_restores_its_members(window, net):
    view = board(window)
    menu = view.build_card_menu(net.fintech)
    next(a for a in menu.actions() if a.objectName() == "deleteGroup").trigger()
    assert not GoalGroup.select().where(GoalGroup.id == net.fintech).exists()
    assert view.card(net.fintech) is None
    assert sorted(box_ids(window)) == sorted([net.ada, net.bob, net.dee, net.eve, net.fay])
    window.actions.undo.trigger()
    assert members(net.fintech) == {net.ada: net.recruiter, net.bob: None}
    assert [c.group_id for c in view.cards()] == [net.fintech, net.coaching]
    assert net.ada not in box_ids(window)


def test_new_group_then_edit_name_colour_and_slots_in_one_step(window, net, monkeypatch):
    values = GroupValues("Find a mentor", "Climate tech", "#72B7B2", (SlotSpec(None, "Mentor", 1),))
    monkeypatch.setattr(GroupDialog, "ask", classmethod(lambda cls, *a, **k: values))
    window.actions.new_group.trigger()
    gid = GoalGroup.get(GoalGroup.name == "Find a mentor").id
    assert [c.group_id for c in board(window).cards()][-1] == gid
    assert [(s.role, s.needed) for s in GroupSlot.select().where(GroupSlot.group == gid)] == [("Mentor", 1)]

    before = GroupValues.of_card(card(window, net.fintech).data)
    edited = GroupValues(
        "Land a fintech role",
        before.purpose,
        "#E45756",
        (SlotSpec(net.recruiter, "Recruiter", 3), SlotSpec(None, "Insider referral", 1)),  # the manager slot goes
    )
    monkeypatch.setattr(GroupDialog, "ask", classmethod(lambda cls, *a, **k: edited))
    steps = window.undo_stack.count()
    assert board(window).edit_group(net.fintech)
    assert window.undo_stack.count() == steps + 1
    stored = GoalGroup.get_by_id(net.fintech)
    assert (stored.name, stored.colour) == ("Land a fintech role", "#E45756")
    slots = [(s.role, s.needed) for s in GroupSlot.select().where(GroupSlot.group == net.fintech).order_by(GroupSlot.position)]
    assert slots == [("Recruiter", 3), ("Insider referral", 1)]
    assert card(window, net.fintech).accessibleName() == "Land a fintech role"
    window.actions.undo.trigger()
    stored = GoalGroup.get_by_id(net.fintech)
    assert (stored.name, stored.colour) == ("Land a product role in fintech", "#4C78A8")
    assert GroupValues.of_card(card(window, net.fintech).data) == before
    window.actions.redo.trigger()
    assert GoalGroup.get_by_id(net.fintech).name == "Land a fintech role"


def test_group_dialog_reads_and_checks_its_fields(qtbot, window, net):
    dialog = GroupDialog()
    qtbot.addWidget(dialog)
    dialog.name.setText("  grow the COACHING practice ")
    assert dialog.problem() == "There is already a goal group called “Grow the coaching practice”."
    dialog.name.setText("Write a book")
    dialog.purpose.setPlainText("About deliberate networks")
    dialog.set_colour("#b279a2")
    dialog.add_slot("Editor", 1)
    dialog.add_slot("   ", 2)  # an empty role is ignored
    assert dialog.problem() is None
    assert dialog.values() == GroupValues("Write a book", "About deliberate networks", "#B279A2", (SlotSpec(None, "Editor", 1),))
    edit = GroupDialog(GroupValues.of_card(card(window, net.fintech).data), net.fintech)
    qtbot.addWidget(edit)
    assert edit.problem() is None  # its own name is not "taken"
    assert [s.role for s in edit.values().slots] == ["Recruiter", "Hiring manager"]


def test_export_a_group_from_its_card(window, net, tmp_path):
    path = tmp_path / "fintech.csv"
    assert board(window).export_group(net.fintech, "csv", str(path)) == str(path)
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 2
    menu = board(window).build_card_menu(net.fintech)
    export = next(a.menu() for a in menu.actions() if a.menu() is not None)
    # every format the registry writes, in its order
    assert [a.objectName() for a in export.actions()] == [f"export_{fmt}" for fmt in registry.EXPORT_FORMATS]
    assert [a.text() for a in export.actions()] == [spec.menu_text for spec in registry.EXPORT_SPECS]


# ----------------------------------------------------------------------------------------------- scale, box


def test_a_card_shows_at_most_thirty_pieces_until_asked(window, net):
    many = [person(f"Person {i:02}") for i in range(45)]
    groups.place(many, net.coaching)
    window.bus.publish(Changes(groups={net.coaching}))
    coaching = card(window, net.coaching)
    assert len(coaching.pieces.visible_chips()) == CHIP_LIMIT
    assert coaching.pieces.more.text() == "+16 more"
    coaching.pieces.more.click()
    assert len(coaching.pieces.visible_chips()) == 46
    assert coaching.pieces.more.text() == "Show fewer"
    coaching.pieces.more.click()
    assert len(coaching.pieces.visible_chips()) == CHIP_LIMIT


def test_a_drop_redraws_only_the_cards_it_touched(window, net, monkeypatch):
    redraws = CallCount(monkeypatch, GroupCard, "set_data")
    third = groups.create_group("Speak at two conferences")
    window.bus.publish(Changes(groups_added_or_removed=True))
    view = board(window)
    before = redraws.calls
    deliver_drop(card(window, net.coaching), mime.encode_contacts([net.bob], net.fintech))
    assert redraws.calls - before == 2
    assert view.card(third) is not None


def test_box_search_and_show_everyone(qtbot, window, net):
    box = board(window).box
    qtbot.keyClicks(box.search, "glob")
    qtbot.waitUntil(lambda: box.model.contact_ids() == [net.dee])
    box.search.clear()
    qtbot.waitUntil(lambda: len(box.model.contact_ids()) == 3)
    box.show_everyone.setChecked(True)
    assert len(box.model.contact_ids()) == 6
    assert box.count.text() == "6 contacts"
    # With everyone shown, anyone can be dragged from the box.
    drag = mime.decode_contacts(box.model.mimeData([box.model.index(box.model.row_of(net.ada), 0)]))
    assert drag is not None and drag.contact_ids == (net.ada,) and drag.source_group_id is None


def test_box_model_pages_and_passes_the_model_tester(qtbot, qtmodeltester, window):
    for i in range(230):
        person(f"Member {i:03}")
    model = UnplacedModel()
    model.reload()
    assert model.total == 230 and model.rowCount() == 200
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 230 and not model.canFetchMore()
    qtmodeltester.check(model, force_py=True)


def test_resting_a_drag_on_board_in_the_navigation_opens_the_board(qtbot, window, net):
    nav = window.navigation
    row = window.views.indexOf(board(window))
    rect = nav.visualItemRect(nav.item(row))
    data = mime.encode_contacts([net.dee])
    left, none = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(rect.center(), MOVE_OR_COPY, data, left, none)
    QApplication.sendEvent(nav.viewport(), enter)
    assert enter.isAccepted()
    qtbot.waitUntil(lambda: window.views.currentWidget() is board(window), timeout=2000)


def test_theme_switch_keeps_the_board_drawable(window, net):
    window.actions.theme_actions["dark"].trigger()
    window.navigation.setCurrentRow(window.views.indexOf(board(window)))
    assert not board(window).grab().isNull()
    window.actions.theme_actions["light"].trigger()


def test_piece_tooltip_and_the_tables_goal_groups_column_follow_a_drop(window, net):
    deliver_drop(card(window, net.coaching), mime.encode_contacts([net.ada], net.fintech), modifiers=CTRL)
    fintech = card(window, net.fintech)
    ada = next(chip for chip in fintech.data.members if chip.contact_id == net.ada)
    tip = fintech.chip_tooltip(ada)
    assert "<b>Ada Quill</b>" in tip and "fills “Recruiter”" in tip
    assert "Also serves: Grow the coaching practice" in tip
    from linkorganizer.ui.models.contact_table import COLUMN_INDEX

    model = window.contacts_view.model
    cell = model.index(model.row_of(net.ada), COLUMN_INDEX["groups"]).data()
    assert cell == "Land a product role in fintech, Grow the coaching practice"
