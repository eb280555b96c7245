"""The box: contacts in no goal group (or everyone), most recent interaction first, fetched a page at a time.

The core reads the box with a LIMIT (no offset), so a page is the next slice of a query with a larger limit;
the order is total (last interaction, sort name, id), so the rows already shown stay where they are.
The model is a drag source carrying contact ids (never row numbers), like the contact table.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from linkorganizer.core import board as board_core
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.ui import icons, mime

PAGE = 200
Index = QModelIndex | QPersistentModelIndex


class BoxRole(IntEnum):
    """Custom data roles of the box."""

    ContactId = Qt.ItemDataRole.UserRole + 1
    Company = Qt.ItemDataRole.UserRole + 2
    Stage = Qt.ItemDataRole.UserRole + 3
    LastInteraction = Qt.ItemDataRole.UserRole + 4
    GroupCount = Qt.ItemDataRole.UserRole + 5


class UnplacedModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search = ""
        self._everyone = False
        self._rows: list[board_core.ChipRow] = []
        self._row_of: dict[int, int] = {}
        self._total = 0

    # -- what is shown --------------------------------------------------------------------------------------------

    @property
    def search(self) -> str:
        return self._search

    @property
    def show_everyone(self) -> bool:
        return self._everyone

    @property
    def total(self) -> int:
        """How many contacts the box holds for the current search (not just the rows fetched so far)."""
        return self._total

    def set_filter(self, search: str | None = None, show_everyone: bool | None = None) -> None:
        if search is not None:
            self._search = search
        if show_everyone is not None:
            self._everyone = bool(show_everyone)
        self.reload(keep_depth=False)

    def reload(self, keep_depth: bool = True) -> None:
        """Query again (after a drop, an import, an edit); keeps as many rows as were fetched, so the view stays put."""
        limit = max(PAGE, len(self._rows)) if keep_depth else PAGE
        self.beginResetModel()
        self._rows = board_core.unplaced_contacts(self._search, self._everyone, limit=limit)
        self._row_of = {row.contact_id: i for i, row in enumerate(self._rows)}
        self._total = board_core.count_unplaced(self._search, self._everyone)
        self.endResetModel()

    def contact_id(self, row: int) -> int:
        return self._rows[row].contact_id

    def contact_ids(self) -> list[int]:
        return [row.contact_id for row in self._rows]

    def row_of(self, contact_id: int) -> int | None:
        return self._row_of.get(contact_id)

    # -- paging ------------------------------------------------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        more = board_core.unplaced_contacts(self._search, self._everyone, limit=start + PAGE)[start:]
        if not more:
            self._total = start  # the box shrank meanwhile
            return
        self.beginInsertRows(QModelIndex(), start, start + len(more) - 1)
        self._rows.extend(more)
        for i, row in enumerate(more, start):
            self._row_of[row.contact_id] = i
        self.endInsertRows()

    # -- QAbstractListModel ----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ", ".join(part for part in (row.name, row.company) if part)
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.stage_icon(row.stage)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"<b>{_escape(row.name)}</b>"]
            if row.company:
                lines.append(_escape(row.company))
            lines.append(self.tr(STAGE_LABELS.get(row.stage, row.stage)))
            if row.last_interaction is not None:
                lines.append(self.tr("Last interaction: {date}").format(date=row.last_interaction.date().isoformat()))
            if row.group_count:
                count = row.group_count
                many = self.tr("In {n} goal groups").format(n=count)
                lines.append(self.tr("In 1 goal group") if count == 1 else many)
            return "<br>".join(lines)
        if role == BoxRole.ContactId:
            return row.contact_id
        if role == BoxRole.Company:
            return row.company
        if role == BoxRole.Stage:
            return row.stage
        if role == BoxRole.LastInteraction:
            return row.last_interaction
        if role == BoxRole.GroupCount:
            return row.group_count
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [mime.CONTACT_IDS]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return mime.encode_contacts(self._rows[row].contact_id for row in rows if row < len(self._rows))

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
