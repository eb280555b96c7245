"""The invitation inbox as a list model: the rows of one core query (filter, direction, search), most recent first.

Inboxes hold hundreds of invitations, not hundreds of thousands, so the model keeps the core's rows; the delegate
paints them from the object role.
"""

from __future__ import annotations

import datetime as _dt
from enum import IntEnum
from typing import Any, Final

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from linkorganizer.core import invitations as core

Index = QModelIndex | QPersistentModelIndex

# The inbox's filters, in the order of its buttons: (key, label, core filter).
FILTERS: Final[tuple[tuple[str, str, str], ...]] = (
    ("open", "Open", "open"),
    ("new", "New", "new"),
    ("asked", "Asked", "asked"),
    ("due", "Due", "due"),
    ("replied", "Replied", "replied"),
    ("decided", "Decided", "all"),
    ("all", "All", "all"),
)
_CORE_FILTER: Final = {key: core_filter for key, _label, core_filter in FILTERS}


class InvitationRole(IntEnum):
    InvitationId = Qt.ItemDataRole.UserRole + 1
    Row = Qt.ItemDataRole.UserRole + 2  # the core's InvitationRow
    State = Qt.ItemDataRole.UserRole + 3


class InvitationListModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[core.InvitationRow] = []
        self._row_of: dict[int, int] = {}
        self.filter = "open"
        self.search = ""
        self.direction: str | None = None

    # -- what is shown -------------------------------------------------------------------------------------------

    def set_filter(self, filter: str | None = None, search: str | None = None,  # noqa: A002
                   direction: str | None | bool = False, today: _dt.date | None = None) -> None:
        """Change what the inbox shows (``direction=None`` means both; leave it out to keep it) and query again."""
        if filter is not None:
            if filter not in _CORE_FILTER:
                raise ValueError(f"unknown inbox filter {filter!r}")
            self.filter = filter
        if search is not None:
            self.search = search
        if direction is not False:
            self.direction = direction  # type: ignore[assignment]
        self.reload(today)

    def reload(self, today: _dt.date | None = None) -> None:
        rows = core.list_invitations(_CORE_FILTER[self.filter], self.search, direction=self.direction, today=today)
        if self.filter == "decided":
            rows = [row for row in rows if row.state in core.FINAL_STATES]
        self.beginResetModel()
        self._rows = rows
        self._row_of = {row.id: i for i, row in enumerate(rows)}
        self.endResetModel()

    def invitation(self, row: int) -> core.InvitationRow:
        return self._rows[row]

    def invitation_id(self, row: int) -> int:
        return self._rows[row].id

    def invitation_ids(self) -> list[int]:
        return [row.id for row in self._rows]

    def row_of(self, invitation_id: int) -> int | None:
        return self._row_of.get(invitation_id)

    # -- Qt ------------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display_name
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.message or None
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return f"{row.state_label}. {row.message}".strip()
        if role == InvitationRole.InvitationId:
            return row.id
        if role == InvitationRole.Row:
            return row
        if role == InvitationRole.State:
            return row.state
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
