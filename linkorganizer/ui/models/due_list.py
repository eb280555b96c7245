"""The Due list as a table: contacts whose keep-in-touch cadence has lapsed and asked invitations awaiting a
follow-up, most overdue first (the core's order)."""

from __future__ import annotations

import datetime as _dt
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from linkorganizer.core import interactions as core
from linkorganizer.ui import icons
from linkorganizer.ui.keep_in_touch import due_text, since_text
from linkorganizer.ui.people import roles_of, with_role
from linkorganizer.ui.localtime import format_day, overdue_text, plural, utc_today

Index = QModelIndex | QPersistentModelIndex

COLUMNS: Final = ("name", "why", "due", "last", "actions")
TITLES: Final = {"name": "Who", "why": "Why", "due": "Due", "last": "Last in touch", "actions": ""}
OVERDUE_COLOUR = "#C53030"
ROLES_PAGE = 100  # rows whose role ("CTO at Acme") is read at once
OVERDUE_COLOUR_DARK = "#F87171"


class DueRole(IntEnum):
    Item = Qt.ItemDataRole.UserRole + 1


class DueListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[core.DueItem] = []
        self._roles: dict[int, str] = {}

    def reload(self, today: _dt.date | None = None) -> None:
        items = core.due_list(today or utc_today())
        self.beginResetModel()
        self._items = items
        self._roles = {}  # read a page at a time, for the rows shown (thousands can be due)
        self.endResetModel()

    def _role(self, row: int) -> str:
        contact_id = self._items[row].contact_id
        if contact_id is None:
            return ""
        if contact_id not in self._roles:
            page = [item.contact_id for item in self._items[row : row + ROLES_PAGE] if item.contact_id is not None]
            found = roles_of(cid for cid in page if cid not in self._roles)
            self._roles.update({cid: found.get(cid, "") for cid in page})
        return self._roles.get(contact_id, "")

    def item(self, row: int) -> core.DueItem:
        return self._items[row]

    def items(self) -> list[core.DueItem]:
        return list(self._items)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            title = TITLES[COLUMNS[section]]
            return self.tr(title) if title else ""
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items) or not 0 <= index.column() < len(COLUMNS):
            return None
        item = self._items[index.row()]
        column = COLUMNS[index.column()]
        if role == DueRole.Item:
            return item
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "name":
                return with_role(item.name, self._role(index.row()))
            if column == "why":
                if item.kind == "follow_up":
                    return self.tr("Follow up: no answer to “How may I help you?”")
                return plural(item.cadence_days or 0, self.tr("Keep in touch every day"),
                              self.tr("Keep in touch every {n} days"))
            if column == "due":
                return due_text(item.keep_in_touch) if item.keep_in_touch else overdue_text(item.days_overdue)
            if column == "last":
                if item.kind == "follow_up":
                    return self.tr("asked {day}").format(day=format_day(item.last_touch))
                return since_text(item.keep_in_touch) if item.keep_in_touch else format_day(item.last_touch)
            return None
        if role == Qt.ItemDataRole.DecorationRole and column == "name":
            return icons.drawn(icons.icon("follow_up" if item.kind == "follow_up" else "due"))
        if role == Qt.ItemDataRole.ForegroundRole and column == "due" and item.days_overdue > 0:
            dark = QGuiApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128
            return QColor(OVERDUE_COLOUR_DARK if dark else OVERDUE_COLOUR)
        if role == Qt.ItemDataRole.FontRole and column in ("name", "due"):
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and column == "name":
            return with_role(item.name, self._role(index.row()))
        if role == Qt.ItemDataRole.ToolTipRole and column == "due":
            return self.tr("Due since {day}").format(day=format_day(item.due_on))
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
