"""The Contacts page: search box, the contact table, the detail panel; an empty state for a new network."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QItemSelection, QItemSelectionModel, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.models.contact_table import COLUMNS, ContactTableModel
from linkorganizer.ui.views.contact_editor import ContactEditor

SEARCH_DELAY_MS = 120
# Which columns a saved header state describes.
_COLUMN_KEYS = ",".join(column.key for column in COLUMNS)


class EmptyState(QWidget):
    """What a new, empty network shows: the method in one sentence and the first step."""

    import_requested = Signal()
    new_contact_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        box = QVBoxLayout(self)
        box.addStretch(2)
        art = QLabel()
        art.setPixmap(icons.icon("puzzle", "#4C78A8").pixmap(72, 72))
        art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(art)
        title = QLabel(self.tr("Build a network, not a rolodex"))
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(title)
        text = QLabel(
            self.tr(
                "Bring in the people you are connected with, then give every connection a purpose: "
                "quality over quantity."
            )
        )
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setFixedWidth(480)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        box.addLayout(row)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton(icons.icon("linkedin", "#FFFFFF"), self.tr("Import LinkedIn connections…"))
        self.import_button.setObjectName("primaryButton")
        self.import_button.clicked.connect(self.import_requested.emit)
        buttons.addWidget(self.import_button)
        self.new_button = QPushButton(icons.icon("new_contact"), self.tr("Add a contact by hand"))
        self.new_button.setObjectName("secondaryButton")
        self.new_button.clicked.connect(self.new_contact_requested.emit)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        hint = QLabel(
            self.tr("On LinkedIn: Settings → Data privacy → Get a copy of your data → Connections. Open the Connections.csv it sends you.")
        )
        hint.setObjectName("emptyHint")
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(hint)
        box.addStretch(3)


class ContactsView(QWidget):
    """Search, table and editor. Emits selection_changed so the window can enable its actions."""

    selection_changed = Signal()
    counts_changed = Signal(int, int)  # all contacts, contacts shown
    import_requested = Signal()
    new_contact_requested = Signal()

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsView")
        self.settings = settings
        self.bus = bus
        self.model = ContactTableModel(self)

        self.search = QLineEdit()
        self.search.setObjectName("searchBox")
        self.search.setPlaceholderText(self.tr("Search names, companies, e-mails, notes, tags…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.scope = QLabel()
        self.scope.setObjectName("scopeLabel")
        top = QHBoxLayout()
        top.setContentsMargins(12, 10, 12, 6)
        top.addWidget(self.search, 1)
        top.addWidget(self.scope)

        self.table = QTableView()
        self.table.setObjectName("contactTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setDragEnabled(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        self.table.setAccessibleName(self.tr("Contacts"))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        for i, column in enumerate(COLUMNS):
            self.table.setColumnWidth(i, column.width)
            self.table.setColumnHidden(i, not column.visible)

        self.editor = ContactEditor(undo_stack, bus)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([820, 380])

        self.no_match = QLabel()
        self.no_match.setObjectName("noMatch")
        self.no_match.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match.hide()

        self.empty = EmptyState()
        self.empty.import_requested.connect(self.import_requested.emit)
        self.empty.new_contact_requested.connect(self.new_contact_requested.emit)
        work = QWidget()
        work_box = QVBoxLayout(work)
        work_box.setContentsMargins(0, 0, 0, 0)
        work_box.setSpacing(0)
        work_box.addLayout(top)
        work_box.addWidget(self.no_match)
        work_box.addWidget(self.splitter, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(work)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_search)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.model.modelReset.connect(self._after_reload)
        bus.changed.connect(self._on_changed)
        self.editor.trash_requested.connect(self._forward_trash)
        self.trash_action: QAction | None = None
        self.tag_action: QAction | None = None
        self.untag_action: QAction | None = None
        self.restore_settings()
        self.editor.setVisible(False)  # until a contact is selected
        header = self.table.horizontalHeader()
        sort_column = header.sortIndicatorSection()
        sort_key = COLUMNS[sort_column].key if 0 <= sort_column < len(COLUMNS) else "name"
        self.model.set_query(sort=sort_key, descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)

    # -- actions wiring (set by the window) ---------------------------------------------------------------------

    def use_actions(self, trash: QAction, tag: QAction, untag: QAction) -> None:
        self.trash_action, self.tag_action, self.untag_action = trash, tag, untag
        self.editor.tag_requested.connect(tag.trigger)
        self.editor.untag_requested.connect(untag.trigger)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for action in (tag, untag, trash):
            self.table.addAction(action)

    def _forward_trash(self) -> None:
        if self.trash_action is not None:
            self.trash_action.trigger()

    # -- search, reload, selection ------------------------------------------------------------------------------

    def _apply_search(self) -> None:
        self._search_timer.stop()
        text = self.search.text()
        if text != self.model.query.text:
            self.model.set_query(text=text)

    def show_trash(self, on: bool) -> None:
        self.model.set_query(trash=on)

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if changes.reload:
            self.reload()
        elif changes.contacts or changes.interactions:
            # An interaction changes its contact's row too (the "Last interaction" column).
            self.model.refresh_contacts(sorted(changes.contacts | changes.interactions))

    def reload(self) -> None:
        self.model.reload()

    def _after_reload(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        trash = self.model.query.trash
        has_any = total > 0 or bool(self.model.query.text) or trash
        self.pages.setCurrentIndex(1 if has_any else 0)
        self.scope.setText(self.tr("Trash") if trash else "")
        self.scope.setVisible(trash)
        if shown == 0 and has_any:
            if self.model.query.text:
                self.no_match.setText(self.tr("No contact matches “{text}”.").format(text=self.model.query.text))
            else:
                self.no_match.setText(self.tr("The trash is empty.") if trash else self.tr("No contacts."))
            self.no_match.show()
        else:
            self.no_match.hide()
        self.counts_changed.emit(total, shown)
        self._on_selection_changed()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.model.contact_id(r) for r in rows if r < self.model.rowCount()]

    def select_ids(self, contact_ids: list[int], scroll: bool = True) -> None:
        selection = QItemSelection()
        first = None
        for cid in contact_ids:
            row = self.model.row_of(cid)
            if row is None:
                continue
            first = row if first is None else first
            selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
        model = self.table.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first is not None:
            model.setCurrentIndex(self.model.index(first, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            if scroll:
                self.table.scrollTo(self.model.index(first, 0))

    def _on_selection_changed(self, *_args: object) -> None:
        ids = self.selected_ids()
        self.editor.show_contacts(ids)
        # Nothing selected, nothing to show: the table takes the whole width (a narrow window needs it).
        self.editor.setVisible(bool(ids))
        self.selection_changed.emit()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    # -- columns and settings -----------------------------------------------------------------------------------

    def _on_header_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.setTitle(self.tr("Columns"))
        for i, column in enumerate(COLUMNS):
            action = menu.addAction(self.tr(column.title))
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(i))
            action.setEnabled(i != 0)  # the name column always stays
            action.toggled.connect(lambda on, i=i: self.set_column_visible(i, on))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def set_column_visible(self, column: int, visible: bool) -> None:
        self.table.setColumnHidden(column, not visible)
        self.save_settings()

    def restore_settings(self) -> None:
        state = self.settings.value("contacts/header")
        # A header saved with other columns (a field was added since) would put widths and hidden flags on the
        # wrong columns: then the defaults stand.
        if (
            isinstance(state, QByteArray)
            and not state.isEmpty()
            and self.settings.value("contacts/header_columns") == _COLUMN_KEYS
        ):
            self.table.horizontalHeader().restoreState(state)
        splitter = self.settings.value("contacts/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)

    def save_settings(self) -> None:
        self.settings.setValue("contacts/header", self.table.horizontalHeader().saveState())
        self.settings.setValue("contacts/header_columns", _COLUMN_KEYS)
        if self.editor.isVisibleTo(self):  # a collapsed panel has no width worth keeping
            self.settings.setValue("contacts/splitter", self.splitter.saveState())
