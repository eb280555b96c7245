"""Driving the real window the way a person does: pages, searches, scrolling, drags and repaints.

Shared by the reference-count canary and the soak test, which differ only in how long they drive.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from linkorganizer.formats import registry
from linkorganizer.paths import resources_dir
from linkorganizer.ui import mime

DEMO = resources_dir() / "demo" / "demo-network.json"
LEFT, NO_MODIFIER = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
MOVE_OR_COPY = Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


class CallCount:
    """How often a method of a class ran (every instance) since the count was made, e.g. redraws of board cards."""

    def __init__(self, monkeypatch, owner: type, name: str) -> None:
        self.calls = 0
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)

    def since(self, mark: int) -> int:
        return self.calls - mark


def reference_counts() -> tuple[int, int, int]:
    """The counts a binding that mishandles its return values or signal arguments drains (3.11: not immortal)."""
    return sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)


def import_demo(db_path: Path) -> None:
    """The bundled demo network, imported the way a user does, into *db_path* (the open database)."""
    from linkorganizer.db import open_database

    open_database(db_path)
    registry.import_file(DEMO, "json")


def wheel(target: QWidget, steps: int) -> None:
    """Turn the mouse wheel over *target*: positive steps scroll up, negative down."""
    centre = QPointF(target.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(target.mapToGlobal(target.rect().center())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        NO_MODIFIER,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(target, event)


def drop(target: QWidget, data) -> bool:
    """Enter, move and drop *data* on *target*'s centre, as a drag under the mouse would."""
    pos = target.rect().center()
    QApplication.sendEvent(target, QDragEnterEvent(pos, MOVE_OR_COPY, data, LEFT, NO_MODIFIER))
    QApplication.sendEvent(target, QDragMoveEvent(pos, MOVE_OR_COPY, data, LEFT, NO_MODIFIER))
    event = QDropEvent(pos, MOVE_OR_COPY, data, LEFT, NO_MODIFIER)
    QApplication.sendEvent(target, event)
    return event.isAccepted()


class Driver:
    """One step at a time through every page of *window*; each step is one thing a person does."""

    SEARCHES = ("ada", "recruit", "é", "zz-nobody", "fintech", "")

    def __init__(self, qtbot, window, seed: int = 11) -> None:
        self.qtbot = qtbot
        self.window = window
        self.rng = random.Random(seed)
        self.pages = [window.views.widget(i) for i in range(window.views.count())]
        self.events = 0

    def show_page(self, index: int) -> None:
        self.window.navigation.setCurrentRow(index)
        QApplication.processEvents()
        self.events += 1

    def every_page_painted(self) -> None:
        for index, page in enumerate(self.pages):
            self.show_page(index)
            assert not page.grab().isNull()

    def type_search(self, text: str) -> None:
        self.show_page(self.window.views.indexOf(self.window.contacts_view))
        box = self.window.contacts_view.search
        box.clear()
        for char in text:  # key events with their text: QTest's keyClicks knows only ASCII
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, Qt.Key.Key_unknown, NO_MODIFIER, char))
        self.events += len(text) + 1
        QApplication.processEvents()

    def scroll_board(self, steps: int) -> None:
        board = self.window.board_view
        self.show_page(self.window.views.indexOf(board))
        for _ in range(steps):
            wheel(board.scroll.viewport(), self.rng.choice((-1, -1, -2, 1)))
            board.scroll.viewport().repaint()
            self.events += 1
        QApplication.processEvents()

    def scroll_table(self, steps: int) -> None:
        table = self.window.contacts_view.table
        self.show_page(self.window.views.indexOf(self.window.contacts_view))
        for _ in range(steps):
            wheel(table.viewport(), self.rng.choice((-3, -3, 2)))
            table.viewport().repaint()
            self.events += 1

    def drag_to_a_goal(self) -> bool:
        """Drop a piece from one goal card onto another (or back): the board's everyday gesture."""
        board = self.window.board_view
        self.show_page(self.window.views.indexOf(board))
        cards = [card for card in board.cards() if card.data.members]
        if len(cards) < 2:
            return False
        source, target = self.rng.sample(cards, 2)
        member = self.rng.choice(source.data.members)
        accepted = drop(target, mime.encode_contacts([member.contact_id], source.data.id))
        self.events += 3
        QApplication.processEvents()
        return accepted

    def random_step(self) -> None:
        choice = self.rng.randrange(6)
        if choice == 0:
            self.type_search(self.rng.choice(self.SEARCHES))
        elif choice == 1:
            self.scroll_board(5)
        elif choice == 2:
            self.scroll_table(5)
        elif choice == 3:
            self.drag_to_a_goal()
        elif choice == 4:
            self.show_page(self.rng.randrange(len(self.pages)))
            self.pages[self.window.views.currentIndex()].repaint()
        elif self.window.undo_stack.canUndo():
            self.window.undo_stack.undo()
            self.events += 1


def add_named_contact(window, first: str = "Ann") -> int | None:
    """Ctrl+N, then a first name typed into the new contact (a new contact left empty is taken back)."""
    window.new_contact()
    editor = window.contacts_view.editor
    editor.lines["first_name"].setText(first)
    editor.commit_pending()
    return editor.contact_id
