"""One key decides an invitation and moves on: the inbox says in place what just happened, with Undo, so a key
pressed twice is seen and taken back at once (issue 10, point 5)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from linkorganizer.core import invitations as core
from linkorganizer.core.network import Changes


@pytest.fixture
def window(either_window):
    """What this module tests works the same on a network file and on a server: each test runs on both."""
    return either_window


def two_invitations(window) -> tuple[int, int]:
    ids = (
        core.create_invitation("incoming", "Shira Cohen", message="We met at the design meetup"),
        core.create_invitation("incoming", "Dana Levi", message="Your talk on data contracts"),
    )
    window.bus.publish(Changes.everything())
    return ids


def banner_text(inbox) -> str:
    return inbox.info_bar.text.text()


def undo_button(inbox) -> QPushButton:
    """The banner's Undo, as on screen (a banner shown again replaces its buttons)."""
    [button] = [b for b in inbox.info_bar.findChildren(QPushButton, "undoMove") if b.isVisibleTo(inbox)]
    return button


def test_a_double_press_is_shown_and_taken_back_in_place(qtbot, window):
    first, second = two_invitations(window)
    inbox = window.inbox_view
    window.navigation.setCurrentRow(window.views.indexOf(inbox))
    assert inbox.select_invitation(first)
    inbox.list.setFocus()

    qtbot.keyClick(inbox.list, Qt.Key.Key_D)
    assert inbox.info_bar.isVisibleTo(inbox)
    assert banner_text(inbox) == "Declined <b>Shira Cohen</b>."
    qtbot.keyClick(inbox.list, Qt.Key.Key_D)  # pressed again: the next one went too
    assert core.get_invitation(second).state == "declined"
    assert banner_text(inbox) == "Declined <b>Dana Levi</b>. Before that: declined <b>Shira Cohen</b>."

    undo_button(inbox).click()
    assert core.get_invitation(second).state == "new"
    assert banner_text(inbox) == "Declined <b>Shira Cohen</b>."  # the one before is now the step to undo
    undo_button(inbox).click()
    assert core.get_invitation(first).state == "new"
    assert not inbox.info_bar.isVisibleTo(inbox)
    assert not window.undo_stack.canUndo()


def test_accepting_offers_the_call_and_undo_together(qtbot, window):
    first, _second = two_invitations(window)
    inbox = window.inbox_view
    window.navigation.setCurrentRow(window.views.indexOf(inbox))
    assert inbox.select_invitation(first)
    assert inbox.move_current("accepted")
    names = {b.objectName() for b in inbox.info_bar.findChildren(QPushButton) if b.isVisibleTo(inbox)}
    assert {"offerSchedule", "offerOpenContact", "undoMove"} <= names
    undo_button(inbox).click()
    assert core.get_invitation(first).state == "new"
    assert not inbox.info_bar.isVisibleTo(inbox)
