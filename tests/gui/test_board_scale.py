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
from linkorganizer.ui.views.board_card import CHIP_LIMIT, GroupCard
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
