"""The Contacts page: search box, the contact table, the detail panel; an empty state for a new network."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QItemSelection, QItemSelectionModel, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QToolButton,
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

from linkorganizer.ui.people import contacts_text
from linkorganizer.core import drafts, matches
from linkorganizer.core.contacts import CONTACT_FILTERS, ContactQuery, active_filters
from linkorganizer.core.network import Changes
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands import CreateContactCommand, TrashContactsCommand
from linkorganizer.ui.models.contact_table import COLUMNS, ContactTableModel
from linkorganizer.ui.views.contact_editor import ContactEditor
from linkorganizer.ui.views.filter_bar import FilterBar

# What a query's filter fields are when nothing filters.
_NO_FILTERS = {kind.key: (False if kind.editor == "flag" else None) for kind in CONTACT_FILTERS}




class TrashBanner(QFrame):
    """Says plainly that the table shows the trash, and offers what can be done there."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trashBanner")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.setSpacing(8)
        self.icon = QLabel()
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title = QLabel(self.tr("You are looking at the trash"))
        self.title.setObjectName("trashBannerTitle")
        self.text = QLabel()
        self.text.setObjectName("trashBannerText")
        self.text.setWordWrap(True)
        texts.addWidget(self.title)
        texts.addWidget(self.text)
        row.addLayout(texts, 1)
        self.buttons: list[QToolButton] = []
        self.refresh_icons()

    def use_actions(self, actions: list[QAction]) -> None:
        layout = self.layout()
        assert isinstance(layout, QHBoxLayout)
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
            self.buttons.append(button)

    def set_count(self, count: int) -> None:
        if count:
            self.text.setText(
                self.tr("{contacts}, kept until you delete them forever. Select some to restore them.").format(
                    contacts=contacts_text(self, count)
                )
            )
        else:
            self.text.setText(self.tr("Nothing is in the trash."))

    def refresh_icons(self) -> None:
        self.icon.setPixmap(icons.icon("trash", "#C53030").pixmap(22, 22))

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
    query_changed = Signal()  # the search or the filters changed (the navigation marks the saved view shown)
    save_view_requested = Signal()
    import_requested = Signal()
    new_contact_requested = Signal()

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactsView")
        self.settings = settings
        self.bus = bus
        self.undo_stack = undo_stack
        self.model = ContactTableModel(self)
        self._new_contact: CreateContactCommand | None = None  # a contact added by hand, still being entered
        self._before_new: list[int] = []
        self._asking = False  # whether the contact being entered is still to be compared with its namesakes

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
        self.filter_bar = FilterBar()
        self.filter_bar.filters_changed.connect(self._apply_filters)
        self.filter_bar.clear_requested.connect(self.clear_filters)
        self.filter_bar.save_requested.connect(self.save_view_requested.emit)
        self.trash_banner = TrashBanner()
        self.trash_banner.hide()
        banner_row = QHBoxLayout()
        banner_row.setContentsMargins(12, 0, 12, 8)
        banner_row.addWidget(self.trash_banner)

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
        work_box.addLayout(banner_row)
        work_box.addWidget(self.filter_bar)
        work_box.addWidget(self.no_match)
        work_box.addWidget(self.splitter, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(work)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        # Every keystroke queries at once: the first screen is one indexed query with a LIMIT (no debounce).
        self.search.textChanged.connect(self._apply_search)
        self.search.returnPressed.connect(self._apply_search)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.installEventFilter(self)
        self.model.modelReset.connect(self._after_reload)
        self.model.complete_changed.connect(self._after_complete)
        bus.changed.connect(self._on_changed)
        self.editor.trash_requested.connect(self._forward_trash)
        self.editor.existing_chosen.connect(self.use_existing_contact)
        self.editor.someone_new.connect(self._on_someone_new)
        leave = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.editor, self.leave_new_contact)
        leave.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.trash_action: QAction | None = None
        self.tag_action: QAction | None = None
        self.untag_action: QAction | None = None
        self.restore_settings()
        self.editor.setVisible(False)  # until a contact is selected
        header = self.table.horizontalHeader()
        sort_column = header.sortIndicatorSection()
        sort_key = COLUMNS[sort_column].key if 0 <= sort_column < len(COLUMNS) else "name"
        # The order only: the window reads the table once it has painted (reload), not while it is built.
        self.model.set_sort(sort_key, header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self.table
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.SelectAll)
        ):
            self.model.ensure_complete()  # every match, not only the first screen read so far
        return super().eventFilter(watched, event)

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

    def _apply_search(self, *_args: object) -> None:
        text = self.search.text()
        self.filter_bar.set_searching(bool(text.strip()))
        if text != self.model.query.text:
            self.model.set_query(text=text)
            self.query_changed.emit()

    def _apply_filters(self) -> None:
        if not self.model.query.trash:
            self.model.set_query(**{**_NO_FILTERS, **self.filter_bar.filters()})
        self.query_changed.emit()

    def current_query(self) -> ContactQuery:
        """The search and filters shown (what a saved view keeps)."""
        return ContactQuery(text=self.search.text().strip(), **self.filter_bar.filters())

    def apply_query(self, query: ContactQuery) -> None:
        """Show a saved view: its search text and its filters, in one query of the table."""
        self.search.blockSignals(True)
        self.search.setText(query.text)
        self.search.blockSignals(False)
        filters = active_filters(query)
        self.filter_bar.set_filters(filters, notify=False)
        self.filter_bar.set_searching(bool(query.text.strip()))
        self.model.set_query(text=query.text, **{**_NO_FILTERS, **filters})
        self.query_changed.emit()

    def clear_filters(self) -> None:
        self.apply_query(ContactQuery())

    def show_trash(self, on: bool) -> None:
        """The trash: marked by a banner, without the filters (they come back when leaving it)."""
        self.filter_bar.setVisible(not on)
        self.trash_banner.setVisible(on)
        self.editor.set_trash_mode(on)
        filters = {} if on else self.filter_bar.filters()
        self.model.set_query(trash=on, **{**_NO_FILTERS, **filters})
        self.query_changed.emit()

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        self.model.forget_searches()  # whatever changed, a search typed again asks the database again
        new_id = self.new_contact_id()
        if new_id is not None and self._asking and new_id in changes.contacts:
            # The name, profile or e-mail just typed may be someone already here.
            self.editor.show_namesakes(matches.contact_matches(new_id))
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
        has_any = total > 0 or bool(self.model.query.text) or trash or bool(active_filters(self.model.query))
        self.pages.setCurrentIndex(1 if has_any else 0)
        self.scope.setText(self.tr("Trash") if trash else "")
        self.scope.setVisible(trash)
        if trash:
            self.trash_banner.set_count(total)
        if shown == 0 and has_any:
            filtered = bool(active_filters(self.model.query))
            if self.model.query.text and filtered:
                self.no_match.setText(
                    self.tr("No contact matches “{text}” with these filters.").format(text=self.model.query.text)
                )
            elif self.model.query.text:
                self.no_match.setText(self.tr("No contact matches “{text}”.").format(text=self.model.query.text))
            elif filtered:
                self.no_match.setText(self.tr("No contact matches these filters."))
            else:
                self.no_match.setText(self.tr("The trash is empty.") if trash else self.tr("No contacts."))
            self.no_match.show()
        else:
            self.no_match.hide()
        if self.model.is_complete:
            self.counts_changed.emit(total, shown)
        self._on_selection_changed()

    def _after_complete(self) -> None:
        """Every match is known: the count shown can be said (until then the status bar keeps its words)."""
        self.counts_changed.emit(self.model.total, self.model.rowCount())

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
        if self._new_contact is not None and ids != [self._new_contact.contact_id]:
            self.discard_if_abandoned()
        # Nothing selected, nothing to show: the table takes the whole width (a narrow window needs it).
        self.editor.setVisible(bool(ids))
        self.selection_changed.emit()

    # -- a contact added by hand ------------------------------------------------------------------------------

    def new_contact(self, values: dict[str, object]) -> int | None:
        """Add a contact by hand and open it for typing. Left empty (another row, another page, Escape) it is
        taken back; what is typed into it joins its creation as one undo step."""
        self.discard_if_abandoned()
        before = self.selected_ids()
        command = CreateContactCommand(self.bus, values)
        self.undo_stack.push(command)
        if command.contact_id is None:
            return None
        self._before_new = before
        self._new_contact = command
        self._asking = True
        self.select_ids([command.contact_id])
        self.editor.focus_first_field()
        return command.contact_id

    def new_contact_id(self) -> int | None:
        return self._new_contact.contact_id if self._new_contact is not None else None

    def use_existing_contact(self, contact_id: int) -> None:
        """The contact being added is someone already here: it is taken back (whatever was typed into it) and
        the existing one is opened."""
        command, self._new_contact = self._new_contact, None
        if command is not None and command.contact_id is not None:
            command.entering = False
            stack = self.undo_stack
            if stack.index() > 0 and stack.command(stack.index() - 1) is command:
                command.discard = True
                stack.undo()
            else:  # more was done with it since (a tag): it goes to the trash, one undoable step
                self.undo_stack.push(TrashContactsCommand(self.bus, [command.contact_id]))
        self.select_ids([contact_id])

    def _on_someone_new(self) -> None:
        self._asking = False  # told: a namesake, not one of them

    def leave_new_contact(self) -> None:
        """Escape in the detail panel: done with the contact being entered (taken back if still empty)."""
        if self._new_contact is None:
            return
        self.editor.commit_pending()
        if self.discard_if_abandoned():
            self.select_ids(self._before_new)
            self.table.setFocus()

    def discard_if_abandoned(self) -> bool:
        """Take back the contact being entered when nothing was typed into it: its step leaves the undo stack
        (no nameless row, no "New contact" to undo or redo). Whatever it holds, it is no longer being entered."""
        command, self._new_contact = self._new_contact, None
        if command is None or command.contact_id is None:
            return False
        command.entering = False
        stack = self.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        if top is not command or not drafts.is_blank(command.contact_id):
            return False
        keep = [cid for cid in self.selected_ids() if cid != command.contact_id]
        command.discard = True
        stack.undo()
        if keep:
            self.select_ids(keep)
        return True

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
