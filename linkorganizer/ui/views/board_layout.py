"""A masonry flow for the board: cards in as many equal columns as fit, each card going to the shortest column.

The grid re-wraps when the window is resized (one column on a narrow window, four on a wide one), and cards of
different heights — a collapsed card, a card with forty pieces — pack without the holes a row-based flow leaves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class MasonryLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, column_width: int = 330, spacing: int = 14) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.column_width = column_width
        self._spacing = spacing
        self._hfw: dict[int, int] = {}  # width → height, until an item changes (a pass asks for a few widths)
        self._width = 0  # the width the items were last placed in
        # Told once the items have their places (the board makes the pieces of the cards that came into view).
        self.placed: Callable[[], None] | None = None

    # -- QLayout ------------------------------------------------------------------------------------------------

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self.invalidate()
            return item
        return None

    def spacing(self) -> int:
        return self._spacing

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._hfw.get(width)
        if height is None:
            height = self._hfw[width] = self._arrange(QRect(0, 0, width, 0), apply=False)
        return height

    def invalidate(self) -> None:
        self._hfw.clear()
        super().invalidate()

    def minimumSize(self) -> QSize:
        m = self.contentsMargins()
        return QSize(min(self.column_width, 280) + m.left() + m.right(), m.top() + m.bottom())

    def sizeHint(self) -> QSize:
        # As tall as the columns are at the width the items were placed in (the scroll area asks this on every
        # pass; working the columns out for a width they never get was a layout of every card for nothing).
        m = self.contentsMargins()
        width = self._width or self.column_width * 2 + self._spacing + m.left() + m.right()
        return QSize(width, self.heightForWidth(width))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._width = rect.width()
        self._arrange(rect, apply=True)
        if self.placed is not None:
            self.placed()

    # -- the board's own operations -----------------------------------------------------------------------------

    def insert_widget(self, index: int, widget: QWidget) -> None:
        # Through addWidget, Qt makes the item (its own kind keeps a card's heights for the last few widths until
        # the card changes: a layout pass asks each card for two or three widths, scroll bar or not).
        self.addWidget(widget)
        item = self._items.pop()
        self._items.insert(max(0, min(index, len(self._items))), item)
        self.invalidate()

    def set_order(self, widgets: list[QWidget]) -> bool:
        """Put the items in this order (widgets not listed keep their place after the listed ones)."""
        by_widget = {item.widget(): item for item in self._items}
        ordered = [by_widget[w] for w in widgets if w in by_widget]
        rest = [item for item in self._items if item.widget() not in set(widgets)]
        new = ordered + rest
        if new == self._items:
            return False
        self._items = new
        self.invalidate()
        return True

    def widgets(self) -> list[QWidget]:
        return [item.widget() for item in self._items if item.widget() is not None]

    def columns_for(self, width: int) -> tuple[int, int]:
        """(how many columns, their width) for a content *width*."""
        columns = max(1, (width + self._spacing) // (self.column_width + self._spacing))
        column_width = max(1, (width - (columns - 1) * self._spacing) // columns)
        return columns, column_width

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        columns, width = self.columns_for(area.width())
        tops = [area.top()] * columns
        for item in self._items:
            if item.isEmpty():
                continue
            column = min(range(columns), key=lambda c: (tops[c], c))
            height = item.heightForWidth(width) if item.hasHeightForWidth() else item.sizeHint().height()
            if apply:
                x = area.left() + column * (width + self._spacing)
                item.setGeometry(QRect(QPoint(x, tops[column]), QSize(width, height)))
            tops[column] += height + self._spacing
        bottom = max(tops) - (self._spacing if any(t != area.top() for t in tops) else 0)
        return bottom - rect.top() + m.bottom()
