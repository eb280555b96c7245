"""The contact table: a list of ids from one SQL query, rows fetched lazily a page at a time.

Search and sort run in SQLite (FTS5 and ORDER BY), never in a proxy over a fully loaded model, so the table
stays instant at 100 000 contacts: a reset asks for the first screen of ids only (one query with a LIMIT), the
table repaints, and the rest of the ids comes from a worker thread and is appended (rowsInserted) when it is
there; only visible rows are ever built. The total of the network is counted once and again only when contacts
come or go, not for every keystroke.
"""

from __future__ import annotations

import datetime as _dt
import logging
import threading
from dataclasses import dataclass, replace
from enum import IntEnum
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon

from linkorganizer.core.contacts import (
    ContactQuery,
    ContactRow,
    count_contacts,
    fetch_rows,
    query_contact_ids,
    query_contact_ids_at_once,
)
from linkorganizer.core.network import close_thread_connection, interrupt_thread_connection
from linkorganizer.core.fields import ColumnSpec, table_columns
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.ui import icons, mime
from linkorganizer.ui.localtime import utc_today

log = logging.getLogger("linkorganizer.ui")

PAGE = 60  # rows read from the database at a time: two screens of a tall window
FIRST_SCREEN = 200  # ids asked for before the table repaints; the rest follows from a worker thread
REST_AFTER_MS = 150  # the rest is asked for once the keystrokes pause this long
HEADS_KEPT = 16  # first screens of recent searches kept (200 ids each)
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
_KEYS = tuple(c.key for c in COLUMNS)

# data() runs for every role of every visible cell on each repaint: plain ints, compared once.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_CONTACT_ID = int(Qt.ItemDataRole.UserRole) + 1
_STAGE = int(Qt.ItemDataRole.UserRole) + 2
_ROW_ROLES = frozenset({_DISPLAY, _TOOLTIP, _DECORATION, _STAGE})
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
_DATES = frozenset({"created_at", "updated_at", "last_interaction"})


class _Delivery(QObject):
    """Carries a worker's ids to the GUI thread (a queued signal)."""

    ready = Signal(int, object)  # generation, list of ids


_Job = tuple[_Delivery, int, ContactQuery, _dt.date]


class _IdReader:
    """One thread that reads whole id lists for the tables, the newest request first: an older one still
    waiting is dropped, one being read is interrupted (it was asked for a search already typed over)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._pending: dict[int, _Job] = {}  # by the asking model's carrier: only its latest request counts
        self._reading: int | None = None  # whose request the thread is reading now
        self._interrupt: Callable[[], None] | None = None
        self._thread: threading.Thread | None = None

    def ask(self, job: _Job) -> None:
        with self._lock:
            key = id(job[0])
            self._pending[key] = job
            if self._reading == key and self._interrupt is not None:
                self._interrupt()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="linkorganizer-contact-ids", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._pending:
                    if not self._wake.wait(timeout=30.0):
                        self._thread = None  # idle: the thread ends; the next request starts another
                        return
                key, job = self._pending.popitem()
                self._reading = key
            delivery, generation, query, today = job
            try:
                with self._lock:
                    self._interrupt = interrupt_thread_connection()
                ids = query_contact_ids_at_once(query, today=today)
            except Exception as exc:  # noqa: BLE001 - the table keeps its first screen; a later query asks again
                if "interrupt" not in str(exc).lower():
                    log.warning("reading the rest of the contact table failed", exc_info=True)
                continue
            finally:
                with self._lock:
                    self._reading = self._interrupt = None
                close_thread_connection()
            delivery.ready.emit(generation, ids)


_READER = _IdReader()


class ContactTableModel(QAbstractTableModel):
    complete_changed = Signal()  # every id of the query is known now (rowCount is the number of matches)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._query = ContactQuery()
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, ContactRow] = {}
        self._total: int | None = None
        self._loaded = False  # no query has run yet: a sort only records the order asked for
        self._complete = True  # whether _ids holds every match, or the first screen only
        self._generation = 0  # which reload a worker's ids belong to
        self._delivery = _Delivery()
        self._delivery.ready.connect(self._on_rest, Qt.ConnectionType.QueuedConnection)
        self._heads: dict[tuple[ContactQuery, _dt.date], list[int]] = {}  # recent first screens, oldest first
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(REST_AFTER_MS)
        self._rest_timer.timeout.connect(self._ask_rest)

    # -- what is shown -------------------------------------------------------------------------------------------

    @property
    def query(self) -> ContactQuery:
        return self._query

    def set_query(self, **changes: Any) -> None:
        """Change search text, sort or filter, and query again (the total is counted again only for the trash)."""
        before = self._query
        self._query = replace(self._query, **changes)
        if self._query.trash != before.trash:
            self._total = None
        self.requery()

    def set_sort(self, sort: str, descending: bool) -> None:
        """The order to show, before anything is loaded (no query runs)."""
        self._query = replace(self._query, sort=sort, descending=descending)

    def reload(self) -> None:
        """Contacts came or went (an import, an undo, the trash): count them again and query again."""
        self._total = None
        self._heads.clear()
        self._cache.clear()
        self.requery()

    def requery(self) -> None:
        """Query the first screen of ids again (the search or a filter changed); the rest follows from a worker.

        The rows already read stay (a contact's row does not depend on the search), and so do the first screens
        of the last few searches: taking a letter back shows its screen without asking the database."""
        self._generation += 1
        key = (self._query, utc_today())
        first = self._heads.pop(key, None)
        if first is None:
            first = query_contact_ids(self._query, today=key[1], limit=FIRST_SCREEN)
        self._heads[key] = first
        while len(self._heads) > HEADS_KEPT:
            del self._heads[next(iter(self._heads))]
        self.beginResetModel()
        self._loaded = True
        self._ids = list(first)
        self._complete = len(first) < FIRST_SCREEN
        self._row_of = None
        self.endResetModel()
        if not self._complete:
            self._fetch_rest()
        else:
            self.complete_changed.emit()

    def _fetch_rest(self) -> None:
        # Once typing pauses: every keystroke shows its first screen at once, and only the last one's whole
        # list is read (on the worker thread, which holds the carrier too, so it outlives a deleted model).
        self._rest_timer.start()

    def _ask_rest(self) -> None:
        if not self._complete:
            _READER.ask((self._delivery, self._generation, self._query, utc_today()))

    def _on_rest(self, generation: int, ids: list[int]) -> None:
        if generation != self._generation or self._complete:
            return  # a newer query (or ensure_complete) took its place
        self._set_all(ids)

    def _set_all(self, ids: list[int]) -> None:
        shown = len(self._ids)
        self._complete = True
        if ids[:shown] == self._ids:
            if len(ids) > shown:
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self._row_of = None
                self.endInsertRows()
        else:  # the network changed under the worker: show what it read, from the top
            self._heads.clear()
            self.beginResetModel()
            self._ids = ids
            self._row_of = None
            self._cache.clear()
            self.endResetModel()
        self.complete_changed.emit()

    @property
    def is_complete(self) -> bool:
        """Whether every match is in the table (not only the first screen)."""
        return self._complete

    def ensure_complete(self) -> None:
        """Every match, now (selecting a contact further down, taking every id): the worker's answer is not
        waited for."""
        if not self._complete:
            self._generation += 1
            self._set_all(query_contact_ids(self._query, today=utc_today()))

    def forget_searches(self) -> None:
        """Something changed in the network: the first screens kept of recent searches may no longer be right."""
        self._heads.clear()

    def refresh_contacts(self, contact_ids: list[int]) -> None:
        """Contacts changed in place: drop their cached rows and repaint them where they are."""
        self._heads.clear()  # an edit can change what a search finds
        rows = []
        for cid in contact_ids:
            self._cache.pop(cid, None)
            row = self._loaded_row_of(cid)  # a row not read yet is read fresh when it comes
            if row is not None:
                rows.append(row)
        if rows:
            last = self.columnCount() - 1
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), last))

    @property
    def total(self) -> int:
        """All contacts (or all in the trash), whatever the search: counted when first asked after they came or
        went, not for every search."""
        if self._total is None:
            self._total = count_contacts(trash=self._query.trash)
        return self._total

    def contact_id(self, row: int) -> int:
        return self._ids[row]

    def contact_ids(self) -> list[int]:
        self.ensure_complete()
        return list(self._ids)

    def row_of(self, contact_id: int) -> int | None:
        self.ensure_complete()
        return self._loaded_row_of(contact_id)

    def _loaded_row_of(self, contact_id: int) -> int | None:
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
        role = int(role)
        if role not in _ROW_ROLES and role != _CONTACT_ID:
            return None
        row = index.row()
        if not index.isValid() or row >= len(self._ids):
            return None
        if role == _CONTACT_ID:
            return self._ids[row]
        contact = self._contact_row(row)
        if contact is None:
            return None
        key = _KEYS[index.column()]
        if role == _STAGE:
            return contact.stage
        if role == _DECORATION:
            return self._stage_icon(contact.stage) if key == "stage" else None
        value = getattr(contact, key)
        if key == "stage":
            value = self.tr(STAGE_LABELS.get(value, value))
        elif key in _DATES:
            value = value[:16]
        if role == _TOOLTIP:
            if key == "name" and contact.profile_url:
                return f"{contact.name}\n{contact.profile_url}"
            return value if len(value) > 24 else None
        return value

    def _stage_icon(self, stage: str) -> QIcon:
        """The stage's icon drawn once into pixmaps: a table repaint then draws no font glyphs."""
        return icons.drawn(icons.stage_icon(stage))

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return _FLAGS

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
        if not self._loaded:  # the header's sort indicator, set while the view is built: nothing to reorder yet
            self.set_sort(COLUMNS[column].key, order == Qt.SortOrder.DescendingOrder)
            return
        self.layoutAboutToBeChanged.emit()
        self._generation += 1  # the whole list in its new order, now: a worker's answer in the old one is stale
        self._complete = True
        self._query = replace(
            self._query, sort=COLUMNS[column].key, descending=order == Qt.SortOrder.DescendingOrder
        )
        persistent = self.persistentIndexList()
        kept_ids = [self._ids[i.row()] if i.isValid() and i.row() < len(self._ids) else None for i in persistent]
        self._ids = query_contact_ids(self._query, today=utc_today())
        self._row_of = None
        new_indexes = []
        for old, cid in zip(persistent, kept_ids):
            row = self._loaded_row_of(cid) if cid is not None else None
            new_indexes.append(self.index(row, old.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(persistent, new_indexes)
        self.layoutChanged.emit()
