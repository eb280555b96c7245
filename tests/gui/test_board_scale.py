"""The board at scale: 5 000 placed contacts in 50 goal groups. A drop redraws the two cards it touched, not 50.

Counts, not times (times belong to the benchmarks): the board counts every card it builds or redraws.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from linkorganizer.core.network import Changes
from linkorganizer.core import groups
from linkorganizer.db import atomic
from linkorganizer.db.models import Contact, Membership
from linkorganizer.ui import mime
from linkorganizer.ui.views.board_card import CHIP_LIMIT, GroupCard, MemberChip
from linkorganizer.ui.views.board_layout import MasonryLayout
from tests.gui.driving import CallCount

GROUPS = 50
PER_GROUP = 100
STAGES = ("prospect", "invited", "introduced", "connected", "keep_in_touch")


@pytest.fixture(autouse=True)
def _delete_windows(qapp):
    yield
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow":
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def big_board(window) -> list[int]:
    """5 000 contacts, 100 in each of 50 groups (every other group with slots); returns the group ids."""
    rows = [
        {
            "full_name": f"Person {i:05}",
            "display_name": f"Person {i:05}",
            "sort_name": f"person {i:05}",
            "company": f"Company {i % 700}",
            "stage": STAGES[i % len(STAGES)],
        }
        for i in range(GROUPS * PER_GROUP)
    ]
    with atomic():
        for start in range(0, len(rows), 500):
            Contact.insert_many(rows[start : start + 500]).execute()
    ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    group_ids = []
    for g in range(GROUPS):
        slots = [("Recruiter", 3), ("Mentor", 1)] if g % 2 else []
        gid = groups.create_group(f"Goal {g:02}", f"What goal {g} is for", slots=slots)
        groups.place(ids[g * PER_GROUP : (g + 1) * PER_GROUP], gid)
        group_ids.append(gid)
    window.bus.publish(Changes.everything())
    return group_ids


def drop(target, data) -> bool:
    pos, left, none = target.rect().center(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    actions = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction
    QApplication.sendEvent(target, QDragEnterEvent(pos, actions, data, left, none))
    QApplication.sendEvent(target, QDragMoveEvent(pos, actions, data, left, none))
    event = QDropEvent(pos, actions, data, left, none)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


def test_a_drop_on_a_5000_piece_board_redraws_only_the_two_cards_it_touched(window, monkeypatch):
    redraws = CallCount(monkeypatch, GroupCard, "set_data")
    group_ids = big_board(window)
    view = window.board_view
    assert len(view.cards()) == GROUPS
    # Cheap cards: at most CHIP_LIMIT pieces each are widgets; the rest wait behind "+N more".
    for card in view.cards():
        assert len(card.pieces.visible_chips()) == CHIP_LIMIT
        assert card.pieces.more.text() == f"+{PER_GROUP - CHIP_LIMIT} more"

    source, target = group_ids[3], group_ids[40]
    moving = view.card(source).data.members[0].contact_id
    before = redraws.calls
    assert drop(view.card(target), mime.encode_contacts([moving], source))
    assert Membership.get(Membership.contact == moving).group_id == target
    assert redraws.calls - before == 2  # the source and the target, not the board

    before = redraws.calls
    window.actions.undo.trigger()
    assert Membership.get(Membership.contact == moving).group_id == source
    assert redraws.calls - before == 2

    # An edit of one contact redraws the one card that shows it.
    before = redraws.calls
    Contact.update(company="Globex").where(Contact.id == moving).execute()
    window.bus.publish(Changes(contacts={moving}))
    assert redraws.calls - before == 1
    chip = next(c for c in view.card(source).pieces.visible_chips() if c.contact_id == moving)
    assert chip.chip.company == "Globex"


def show_board(window, size: tuple[int, int] = (1280, 780)):
    window.resize(*size)
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    for _ in range(5):
        QApplication.processEvents()
    return window.board_view


def made_chips(view) -> int:
    return len(view.findChildren(MemberChip, "memberChip"))


def test_the_pieces_of_a_card_are_made_when_it_comes_into_view(window, monkeypatch):
    made = CallCount(monkeypatch, MemberChip, "__init__")
    big_board(window)
    view = show_board(window)
    # The cards on screen (and half a screen below) have their pieces; the other forty-odd do not yet.
    live = [card for card in view.cards() if card.pieces.live]
    assert 2 <= len(live) <= 12
    assert made.calls == made_chips(view) <= len(live) * CHIP_LIMIT + 8
    for card in view.cards():
        if not card.visibleRegion().isEmpty():  # on screen
            assert card.pieces.live and len(card.pieces.live_chips()) == CHIP_LIMIT, card.data.name
    # Each card still says how tall it is: the column heights do not change when its pieces are made.
    last = view.cards()[-1]
    assert not last.pieces.live
    height = last.height()
    # Scrolling to the end makes the pieces of the cards that come into view, before they are painted.
    bar = view.scroll.verticalScrollBar()
    bar.setValue(bar.maximum())
    QApplication.processEvents()
    assert last.pieces.live and last.height() == height
    assert [c.contact_id for c in last.pieces.live_chips()] == [m.contact_id for m in last.data.members[:CHIP_LIMIT]]
    # Whatever asks for a card's pieces gets them, on screen or not.
    hidden = next(card for card in view.cards() if not card.pieces.live)
    chips = hidden.pieces.visible_chips()
    assert len(chips) == CHIP_LIMIT
    # Made late, they still come right after the card's own buttons when tabbing, in their order.
    tabbed, widget = [], hidden.header.menu
    while len(tabbed) < CHIP_LIMIT + 1:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            tabbed.append(widget)
    assert tabbed == [hidden.pieces.more, *chips]


def test_a_board_search_rings_finds_without_making_or_laying_out_pieces(window, monkeypatch):
    group_ids = big_board(window)
    view = show_board(window)
    # One person in every goal, behind "+70 more" on the first card (the last of its members by name).
    wanted = view.card(group_ids[0]).data.members[-1]
    for gid in group_ids[1:]:
        groups.copy_to_group([wanted.contact_id], gid)
    window.bus.publish(Changes(groups=set(group_ids[1:])))
    QApplication.processEvents()
    made = CallCount(monkeypatch, MemberChip, "__init__")
    relaid = CallCount(monkeypatch, MasonryLayout, "setGeometry")
    chips_before = made_chips(view)
    view.search.setText(wanted.name)
    QApplication.processEvents()
    assert view.matches == {wanted.contact_id}
    assert view.search_result.text() == f"1 person found in {GROUPS} goals."
    for card in view.cards():
        assert card.has_finds() and not card.expanded
        assert card.pieces.hidden_count == len(card.data.members) - CHIP_LIMIT
        if card.pieces.live:
            # The find comes forward among the thirty pieces shown, ringed; the card does not unfold.
            shown = [c.contact_id for c in card.pieces.live_chips()]
            assert len(shown) == CHIP_LIMIT and wanted.contact_id in shown
    assert made.calls == 0 and made_chips(view) == chips_before
    assert relaid.calls == 0  # the same number of pieces in the same places: the board is not laid out again
    # A card that comes into view later shows the find among its pieces too, slots or not.
    later = [card for card in view.cards() if not card.pieces.live][:2]
    assert {bool(card.data.slots) for card in later} == {False, True}
    for card in later:
        assert wanted.contact_id in [c.contact_id for c in card.pieces.visible_chips()]

    # Clearing the search shows each card's first pieces again.
    view.search.clear()
    QApplication.processEvents()
    first = view.card(group_ids[3])
    first.pieces.go_live()
    assert [c.contact_id for c in first.pieces.live_chips()] == [m.contact_id for m in first.data.members[:CHIP_LIMIT]]
    assert not any(card.has_finds() for card in view.cards())
