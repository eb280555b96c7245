"""A masonry flow for the board: cards in as many equal columns as fit, each card going to the shortest column.

The grid re-wraps when the window is resized (one column on a narrow window, four on a wide one), and cards of
different heights — a collapsed card, a card with forty pieces — pack without the holes a row-based flow leaves.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget, QWidgetItem


class MasonryLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, column_width: int = 330, spacing: int = 14) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.column_width = column_width
        self._spacing = spacing
        self._hfw: tuple[int, int] | None = None

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
        if self._hfw is None or self._hfw[0] != width:
            self._hfw = (width, self._arrange(QRect(0, 0, width, 0), apply=False))
        return self._hfw[1]

    def invalidate(self) -> None:
        self._hfw = None
        super().invalidate()

    def minimumSize(self) -> QSize:
        m = self.contentsMargins()
        return QSize(min(self.column_width, 280) + m.left() + m.right(), m.top() + m.bottom())

    def sizeHint(self) -> QSize:
        m = self.contentsMargins()
        width = self.column_width * 2 + self._spacing + m.left() + m.right()
        return QSize(width, self.heightForWidth(width))

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    # -- the board's own operations -----------------------------------------------------------------------------

    def insert_widget(self, index: int, widget: QWidget) -> None:
        self.addChildWidget(widget)
        self._items.insert(max(0, min(index, len(self._items))), QWidgetItem(widget))
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
