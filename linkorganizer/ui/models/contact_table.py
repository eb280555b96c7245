"""The contact table: a list of ids from one SQL query, rows fetched lazily a page at a time.

Search and sort run in SQLite (FTS5 and ORDER BY), never in a proxy over a fully loaded model, so the table
stays instant at 100 000 contacts: a reset costs one query for ids; only visible rows are ever built.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from linkorganizer.core.contacts import ContactQuery, ContactRow, count_contacts, fetch_rows, query_contact_ids
from linkorganizer.core.fields import ColumnSpec, table_columns
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.ui import icons, mime
from linkorganizer.ui.localtime import utc_today

PAGE = 200
CACHE_LIMIT = 20_000
Index = QModelIndex | QPersistentModelIndex


class Role(IntEnum):
    """Custom data roles of the contact table."""

    ContactId = Qt.ItemDataRole.UserRole + 1
    Stage = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class Column:
    key: str  # the ContactRow attribute, and the core sort key
    title: str
    visible: bool = True
    width: int = 160


# The columns that show a contact field come from core.fields; the name shown and the last interaction are the
# table's own.
_OWN_COLUMNS = (
    ColumnSpec("Name", True, 200, 10, "name"),
    ColumnSpec("Last interaction", False, 140, 105, "last_interaction"),
    ColumnSpec("Job changed", False, 110, 106, "job_changed"),
)
COLUMNS: tuple[Column, ...] = tuple(
    Column(c.key, c.title, c.visible, c.width) for c in sorted((*table_columns(), *_OWN_COLUMNS), key=lambda c: c.order)
)
COLUMN_INDEX = {c.key: i for i, c in enumerate(COLUMNS)}


class ContactTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query = ContactQuery()
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, ContactRow] = {}
        self._total = 0

    # -- what is shown -------------------------------------------------------------------------------------------

    @property
    def query(self) -> ContactQuery:
        return self._query

    def set_query(self, **changes: Any) -> None:
        """Change search text, sort or filter, and query again."""
        self._query = replace(self._query, **changes)
        self.reload()

    def reload(self) -> None:
        """Query the ids again (after contacts were added, removed or the query changed)."""
        self.beginResetModel()
        self._ids = query_contact_ids(self._query, today=utc_today())
        self._row_of = None
        self._cache.clear()
        self._total = count_contacts(trash=self._query.trash)
        self.endResetModel()

    def refresh_contacts(self, contact_ids: list[int]) -> None:
        """Contacts changed in place: drop their cached rows and repaint them where they are."""
        rows = []
        for cid in contact_ids:
            self._cache.pop(cid, None)
            row = self.row_of(cid)
            if row is not None:
                rows.append(row)
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    @property
    def total(self) -> int:
        """All contacts (or all in the trash), whatever the search."""
        return self._total

    def contact_id(self, row: int) -> int:
        return self._ids[row]

    def contact_ids(self) -> list[int]:
        return list(self._ids)

    def row_of(self, contact_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {cid: row for row, cid in enumerate(self._ids)}
        return self._row_of.get(contact_id)

    def _contact_row(self, row: int) -> ContactRow | None:
        cid = self._ids[row]
        found = self._cache.get(cid)
        if found is None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            start = max(0, row - PAGE // 4)
            page = [i for i in self._ids[start : start + PAGE] if i not in self._cache]
            self._cache.update(fetch_rows(page))
            found = self._cache.get(cid)
        return found

    # -- QAbstractTableModel --------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return self.tr(COLUMNS[section].title)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == Role.ContactId:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
            Role.Stage,
        ):
            return None
        contact = self._contact_row(index.row())
        if contact is None:
            return None
        key = COLUMNS[index.column()].key
        if role == Role.Stage:
            return contact.stage
        if role == Qt.ItemDataRole.DecorationRole:
            return icons.stage_icon(contact.stage) if key == "stage" else None
        value = getattr(contact, key)
        if key == "stage":
            value = self.tr(STAGE_LABELS.get(value, value))
        elif key in ("created_at", "updated_at", "last_interaction"):
            value = value[:16]
        if role == Qt.ItemDataRole.ToolTipRole:
            if key == "name" and contact.profile_url:
                return f"{contact.name}\n{contact.profile_url}"
            return value if len(value) > 24 else None
        return value

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled

    def mimeTypes(self) -> list[str]:
        return [mime.CONTACT_IDS]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({index.row() for index in indexes if index.isValid()})
        return mime.encode_contacts(self._ids[row] for row in rows)

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._query = replace(
            self._query, sort=COLUMNS[column].key, descending=order == Qt.SortOrder.DescendingOrder
        )
        persistent = self.persistentIndexList()
        kept_ids = [self._ids[i.row()] if i.isValid() and i.row() < len(self._ids) else None for i in persistent]
        self._ids = query_contact_ids(self._query, today=utc_today())
        self._row_of = None
        new_indexes = []
        for old, cid in zip(persistent, kept_ids):
            row = self.row_of(cid) if cid is not None else None
            new_indexes.append(self.index(row, old.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()
