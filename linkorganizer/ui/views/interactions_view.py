"""The interaction log: everything logged with anyone, newest first, by kind and searchable; and the one flow that
logs an interaction (used here, by the Due list, the contact's history and Ctrl+L) and the one that edits one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFont, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.core import interactions as core
from linkorganizer.core.contacts import fetch_rows
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.three_is import (
    DeleteInteractionCommand,
    EditInteractionCommand,
    LogInteractionCommand,
)
from linkorganizer.ui.dialogs.interaction_dialog import (
    InteractionDialog,
    kind_icon_name,
)
from linkorganizer.ui.localtime import format_local
from linkorganizer.ui.tables import list_table
from linkorganizer.ui.views.lazy_view import LazyView
from linkorganizer.ui.people import roles_of, with_role

PAGE = 300
Index = QModelIndex | QPersistentModelIndex
COLUMNS: Final = ("when", "contact", "kind", "note")
TITLES: Final = {"when": "When", "contact": "With", "kind": "Kind", "note": "Note"}
FLOW_MARKS: Final = {"give": "↗", "receive": "↙", "neutral": ""}
Report = Callable[[str], None]  # where a sentence for the user goes (a status bar)


def ask_and_log(
    parent: QWidget,
    undo_stack: QUndoStack,
    bus: ChangeBus,
    contact_id: int | None = None,
    person: str | None = None,
    report: Report | None = None,
    kind: str | None = None,
) -> LogInteractionCommand | None:
    """Ask for an interaction (with *contact_id*: fixed when *person* names them, else preselected; of *kind*
    preselected, "note" for a note) and log it as one undoable step. On a shared network the dialog asks whether
    it is private. Returns the pushed command, or None when cancelled or refused (the refusal reported)."""
    entry = InteractionDialog.ask(parent, contact_id, person, kind=kind, shared=bus.network.shared)
    if entry is None:
        return None
    name = person or ""
    if not name:
        found = fetch_rows([entry.contact_id]).get(entry.contact_id)
        name = found.name if found else ""
    command = LogInteractionCommand(bus, entry.contact_id, entry.kind, entry.occurred_at, entry.note, name=name,
                                    private=entry.private)
    undo_stack.push(command)
    if command.error:
        if report is not None:
            report(command.error)
        return None
    if report is not None:
        if entry.kind == core.NOTE:
            text = QCoreApplication.translate("InteractionsView", "Note about {name} added.").format(name=name)
        else:
            text = QCoreApplication.translate("InteractionsView", "Logged: {kind} with {name}.").format(
                kind=core.kind_label(entry.kind).lower(), name=name)
        report(text)
    return command


def ask_and_edit(
    parent: QWidget, undo_stack: QUndoStack, bus: ChangeBus, interaction_id: int, report: Report | None = None
) -> EditInteractionCommand | None:
    """Show an interaction in the dialog and save what was changed as one undoable step (on a file, where the
    private box is not shown, the flag stays as it is). None when cancelled, unchanged or refused (reported)."""
    try:
        row = core.get_interaction(interaction_id)
    except core.InteractionError as exc:
        if report is not None:
            report(str(exc))
        return None
    shared = bus.network.shared
    entry = InteractionDialog.edit(parent, row, shared=shared)
    if entry is None:
        return None
    command = EditInteractionCommand(
        bus, row.id, row.contact_id, kind=entry.kind, occurred_at=entry.occurred_at, note=entry.note,
        private=entry.private if shared else None, name=row.contact_name,
    )
    undo_stack.push(command)
    if command.error:
        if report is not None:
            report(command.error)
        return None
    if not command.changed:
        return None
    if report is not None:
        report(QCoreApplication.translate("InteractionsView", "Saved. Edit ▸ Undo takes the change back."))
    return command


class InteractionLogModel(QAbstractTableModel):
    """Interactions newest first, fetched a page at a time (a messages.csv import logs thousands)."""

    def __init__(self, parent: Any = None, shared: bool = False) -> None:
        super().__init__(parent)
        self.shared = shared  # a private entry is marked on a shared network only (a file has one person)
        self.me = ""  # the role this session is, on a server: whose private entries are "yours"
        self._rows: list[core.InteractionRow] = []
        self._roles: dict[int, str] = {}
        self._more = False
        self.kind: str | None = None
        self.search = ""

    def set_filter(self, kind: str | None, search: str) -> None:
        self.kind, self.search = kind, search
        self.reload()

    def reload(self) -> None:
        rows = core.list_interactions(kind=self.kind, search=self.search, limit=PAGE + 1, offset=0)
        roles = roles_of(row.contact_id for row in rows)
        if self.shared and not self.me:
            self.me = core.current_role()
        self.beginResetModel()
        self._more = len(rows) > PAGE
        self._rows = rows[:PAGE]
        self._roles = roles
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        rows = core.list_interactions(kind=self.kind, search=self.search, limit=PAGE + 1, offset=len(self._rows))
        self._more = len(rows) > PAGE
        rows = rows[:PAGE]
        if rows:
            self._roles.update(roles_of(row.contact_id for row in rows))
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()

    def interaction(self, row: int) -> core.InteractionRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return self.tr(TITLES[COLUMNS[section]])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows) or not 0 <= index.column() < len(COLUMNS):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            if column == "when":
                return format_local(row.occurred_at)
            if column == "contact":
                return with_role(row.contact_name, self._roles.get(row.contact_id, ""))
            if column == "kind":
                mark = FLOW_MARKS[row.flow]
                return f"{self.tr(row.label)}  {mark}".rstrip()
            if column == "note":
                return " ".join(row.note.split())
        if role == Qt.ItemDataRole.DecorationRole and column == "kind":
            return icons.icon(kind_icon_name(row.kind))
        if role == Qt.ItemDataRole.DecorationRole and column == "note" and self.shared and row.private:
            return icons.icon("private")
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == "note" and self.shared and row.private:
                whose = (self.tr("Private: only you can see it") if row.owner in ("", self.me) else
                         self.tr("Private to {name}: the others do not see it").format(name=row.owner))
                return whose + (f"\n\n{row.note}" if row.note else "")
            if column == "note" and row.note:
                return row.note
            if column == "kind" and row.flow != "neutral":
                return self.tr("Help you gave") if row.flow == "give" else self.tr("Help you received")
        if role == Qt.ItemDataRole.FontRole and column == "contact":
            font = QFont()
            font.setWeight(QFont.Weight.DemiBold)
            return font
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class InteractionsView(LazyView):
    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(undo_stack, bus, parent)
        self.setObjectName("interactionsView")
        self.model = InteractionLogModel(self, shared=bus.network.shared)
        self.kind = QComboBox()
        self.kind.setObjectName("interactionKindFilter")
        self.kind.addItem(self.tr("All kinds"), None)
        for kind in core.KINDS:
            self.kind.addItem(self.tr(kind.label), kind.key)
            self.themed_combo_icon(self.kind, self.kind.count() - 1, kind_icon_name(kind.key))
        self.kind.currentIndexChanged.connect(lambda _i: self.reload())
        # As wide as most kinds, not the longest ("Recommendation received"): the search keeps its room at 1024.
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(14)
        self.search = QLineEdit()
        self.search.setObjectName("interactionSearch")
        self.search.setPlaceholderText(self.tr("Search notes and names…"))
        self.search.setClearButtonEnabled(True)
        self.themed_icon(self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition), "find")
        self.search.setAccessibleName(self.tr("Search interactions"))
        self.log_button = QPushButton(self.tr("Log interaction…"))
        self.log_button.setObjectName("logInteraction")
        self.themed_icon(self.log_button, "log_interaction")
        self.log_button.clicked.connect(lambda: self.log_interaction(self.current_contact_id()))
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editInteraction")
        self.themed_icon(self.edit_button, "edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.open_button = QPushButton(self.tr("Open contact"))
        self.open_button.setObjectName("openInteractionContact")
        self.themed_icon(self.open_button, "contact")
        self.open_button.clicked.connect(self._open_contact)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.setObjectName("deleteInteraction")
        self.themed_icon(self.delete_button, "delete")
        self.delete_button.clicked.connect(self.delete_selected)
        top = QHBoxLayout()
        top.setContentsMargins(12, 10, 12, 6)
        top.setSpacing(8)
        top.addWidget(self.kind)
        top.addWidget(self.search, 1)
        top.addWidget(self.log_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.open_button)
        top.addWidget(self.delete_button)

        self.table = list_table(self.model, "interactionLog", dict(enumerate((200, 290, 210))))
        self.table.doubleClicked.connect(lambda _i: self._open_contact())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.empty = QLabel()
        self.empty.setObjectName("noMatch")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.pages, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.reload)
        bus.changed.connect(self._on_changed)
        self._update_buttons()

    def concerns(self, changes: Changes) -> bool:
        return changes.reload or bool(changes.interactions or changes.contacts)

    def reload(self) -> None:
        self._dirty = False
        self._timer.stop()
        self.model.set_filter(self.kind.currentData(), self.search.text().strip())
        if self.model.rowCount():
            self.pages.setCurrentIndex(0)
        else:
            self.pages.setCurrentIndex(1)
            if self.search.text().strip() or self.kind.currentData():
                self.empty.setText(self.tr("No interaction matches."))
            else:
                self.empty.setText(self.tr("Nothing logged yet.\n\nLog calls, meetings, help given and received, "
                                           "referrals and recommendations (Ctrl+L): the relationship stays "
                                           "reciprocal, and the keep-in-touch clock starts again."))
        self._update_buttons()

    def selected(self) -> core.InteractionRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def current_contact_id(self) -> int | None:
        row = self.selected()
        return row.contact_id if row is not None else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.open_button.setEnabled(has)
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def _open_contact(self) -> None:
        row = self.selected()
        if row is not None:
            self.contact_requested.emit(row.contact_id)

    def log_interaction(self, contact_id: int | None = None, person: str | None = None) -> LogInteractionCommand | None:
        return ask_and_log(self, self.undo_stack, self.bus, contact_id, person, self.report)

    def edit_selected(self) -> EditInteractionCommand | None:
        row = self.selected()
        if row is None:
            return None
        return ask_and_edit(self, self.undo_stack, self.bus, row.id, self.report)

    def delete_selected(self) -> bool:
        row = self.selected()
        if row is None:
            return False
        command = DeleteInteractionCommand(self.bus, row.id, row.contact_id, name=row.contact_name)
        self.undo_stack.push(command)
        if command.error:
            self.report(command.error)
            return False
        self.report(self.tr("Interaction deleted. Edit ▸ Undo brings it back."))
        return True
