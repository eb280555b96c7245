"""Layout on the real window with the demo network: at 1024×700 no page needs sideways scrolling, at 1600×1000
the board's cards use the width so names are not cut."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from linkorganizer.core import invitations
from linkorganizer.core.network import Changes
from linkorganizer.db.models import utcnow
from linkorganizer.formats import registry
from linkorganizer.ui.views.board_card import CHIP_MIN_WIDTH

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo-network.json"


@pytest.fixture
def demo(window):
    registry.import_file(DEMO)
    window.bus.publish(Changes.everything())
    window.show()
    return window


def settle(window, size: tuple[int, int], page) -> None:
    window.resize(*size)
    window.navigation.setCurrentRow(window.views.indexOf(page))
    for _ in range(5):
        QApplication.processEvents()


def test_at_1024_by_700_nothing_scrolls_sideways(qtbot, demo):
    window = demo
    # Contacts: with nobody selected the empty detail panel collapses and the table has the width.
    settle(window, (1024, 700), window.contacts_view)
    view = window.contacts_view
    assert not view.editor.isVisible()
    view.select_ids([view.model.contact_id(0)])
    assert view.editor.isVisible()
    view.select_ids([])
    assert not view.editor.isVisible()

    # The inbox detail: its buttons wrap, so the detail never scrolls sideways.
    settle(window, (1024, 700), window.inbox_view)
    inbox = window.inbox_view
    iid = invitations.create_invitation("incoming", "Rin Sato", message="")
    window.bus.publish(Changes.everything())
    assert inbox.select_invitation(iid)
    QApplication.processEvents()
    scroll = inbox.detail_pages.currentWidget()
    assert isinstance(scroll, QScrollArea)
    assert not scroll.horizontalScrollBar().isVisible()
    for button in inbox.detail.buttons.values():
        if button.isVisible():
            right = button.mapTo(scroll.viewport(), button.rect().topRight()).x()
            assert right <= scroll.viewport().width(), button.text()

    # Keep in touch: the steps of every row are inside the list.
    invitations.transition(iid, "asked", at=utcnow() - _dt.timedelta(days=30))
    window.bus.publish(Changes.everything())
    settle(window, (1024, 700), window.due_view)
    due = window.due_view
    assert due.model.rowCount() > 0
    assert not due.table.horizontalScrollBar().isVisible()
    assert due.actions_delegate.compact

    # The board: one column of cards, no sideways scroll bar.
    settle(window, (1024, 700), window.board_view)
    assert not window.board_view.scroll.horizontalScrollBar().isVisible()


def test_at_1600_by_1000_board_cards_use_the_width(qtbot, demo):
    window = demo
    settle(window, (1600, 1000), window.board_view)
    cards = window.board_view.cards()
    assert cards and min(card.width() for card in cards) >= 400
    chips = [chip for card in cards for chip in card.pieces.visible_chips()]
    assert min(chip.width() for chip in chips) >= CHIP_MIN_WIDTH
    # "Ana Beatriz Souza" and "Hannah O'Connor" fit beside their stage icons.
    for chip in chips:
        name_room = chip.width() - 31 - 8
        assert chip.fontMetrics().horizontalAdvance(chip.chip.name) * 1.15 < name_room, chip.chip.name
    settle(window, (1600, 1000), window.due_view)
    assert not window.due_view.actions_delegate.compact
