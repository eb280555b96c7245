"""The main window: navigation between views, menus, the status bar; the glue between actions and views."""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from linkorganizer import APP_NAME, __version__
from linkorganizer.core import board as board_core
from linkorganizer.core import contacts as core
from linkorganizer.core import interactions as interactions_core
from linkorganizer.core import maintenance
from linkorganizer.core import introductions as introductions_core
from linkorganizer.core import invitations as invitations_core
from linkorganizer.core import today as today_core
from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.importing import ImportReport
from linkorganizer.formats import registry
from linkorganizer.formats import specs as formats
from linkorganizer.demo import ensure_demo_database, is_demo_database
from linkorganizer.ui import icons, preferences, recent
from linkorganizer.ui.actions import Actions
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.core.network import Changes, DatabaseError, Network, describe_failure
from linkorganizer.core.records import FormatError
from linkorganizer.core.sharing import Place
from linkorganizer.ui.commands.ops import OpCommand, UndoOpCommand
from linkorganizer.ui.commands import (
    DeleteForeverCommand,
    EmptyTrashCommand,
    RestoreContactsCommand,
    SetManyCommand,
    SetSettingsCommand,
    TagContactsCommand,
    TrashContactsCommand,
)
from linkorganizer.core import saved_views as saved_views_core
from linkorganizer.core import privacy, snapshots
from linkorganizer.core import settings as settings_core
from linkorganizer.ui.dialogs.bulk_edit_dialog import BulkValueDialog
from linkorganizer.ui.people import contacts_text
from linkorganizer.ui.dialogs.filter_dialogs import SaveViewDialog
from linkorganizer.ui.dialogs.shortcuts_dialog import ShortcutsDialog
from linkorganizer.ui.dialogs.tag_manager import TagManagerDialog
from linkorganizer.ui.views.saved_views_nav import SavedViewsList
from linkorganizer.ui.dialogs.duplicates_dialog import DuplicatesDialog
from linkorganizer.ui.dialogs.import_history import ImportHistoryDialog
from linkorganizer.ui.dialogs.import_preview import ImportPreviewDialog
from linkorganizer.ui.dialogs.mapping_dialog import MappingDialog
from linkorganizer.ui.dialogs.export_dialog import ExportDialog
from linkorganizer.ui.dialogs.preferences_dialog import PreferenceChanges, PreferencesDialog
from linkorganizer.ui.dialogs.import_report import ImportReportDialog
from linkorganizer.ui.dialogs.restore_snapshot import RestoreSnapshotDialog, restore_in_window
from linkorganizer.ui.dialogs.tag_dialog import TagDialog
from linkorganizer.ui.import_task import ImportTask
from linkorganizer.ui.live_feed import LiveFeed
from linkorganizer.ui.offline import OfflineCopy, copy_with_progress
from linkorganizer.ui.dialogs.server_dialog import OPEN, SHARE, ServerDialog
from linkorganizer.core import credentials
from linkorganizer.ui.network_lock import NetworkLock
from linkorganizer.ui.localtime import plural, utc_today
from linkorganizer.ui.theme import apply_theme
from linkorganizer.ui.views.board_view import BoardView
from linkorganizer.ui.views.contacts_view import ContactsView
from linkorganizer.ui.views.due_view import DueView
from linkorganizer.ui.views.inbox_view import InboxView
from linkorganizer.ui.views.interactions_view import InteractionsView, ask_and_log
from linkorganizer.ui.views.insights_view import InsightsView
from linkorganizer.ui.views.introductions_view import IntroductionsView
from linkorganizer.ui.views.lazy_view import LazyView
from linkorganizer.ui.views.today_view import TodayView
from linkorganizer.ui.today_notifier import TodayNotifier

WindowFactory = Callable[..., "MainWindow | None"]  # (target, parent) -> the new window
DB_FILTER = "LinkOrganizer network (*.db);;All files (*)"
# A shown window reads its network after its first paint; one that never paints (minimised at start) reads it then.
LOAD_ANYWAY_MS = 1500
QUIET_MS, WAIT_MS = 15, 250  # the page in front has painted: no paint for QUIET_MS (or WAIT_MS passed)


class _FirstPaint(QObject):
    """Calls back at the first paint of anything in *window* (an event filter on the application, removed then)."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then = then
        self.painted = False
        QApplication.instance().installEventFilter(self)

    def stop(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            not self.painted
            and event.type() == QEvent.Type.Paint
            and isinstance(watched, QWidget)
            and watched.window() is self._window
        ):
            self.painted = True
            self.stop()
            self._then()
        return False


class _Quiet(QObject):
    """Calls back once *window* has not painted for QUIET_MS (at most WAIT_MS after it was made): what was just
    read is on screen. An event filter on the application while it waits."""

    def __init__(self, window: QWidget, then: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(QUIET_MS)
        self._timer.timeout.connect(self._done)
        self._timer.start()
        QTimer.singleShot(WAIT_MS, self, self._done)
        QApplication.instance().installEventFilter(self)

    def _done(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        QApplication.instance().removeEventFilter(self)
        self._timer.stop()
        then()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.window() is self._window:
            self._timer.start()
        return False


class MainWindow(QMainWindow):
    def __init__(
        self,
        network: Network,
        undo_stack: QUndoStack,
        bus: ChangeBus,
        settings: QSettings,
        window_factory: WindowFactory | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        # Owned by the window and its first children, so they are destroyed before the views that listen to them.
        undo_stack.setParent(self)
        bus.setParent(self)
        self.network = network
        self.db_path = network.path
        # Where the network lives, as the window speaks of it (a file, or a server's URL without a password).
        self.place = Place.of(network.path)
        self.offline_copy: OfflineCopy | None = None
        self.offline_of: Place | None = None  # the server network this read-only copy stands for
        self.undo_stack = undo_stack
        self.bus = bus
        self.settings = settings
        self.window_factory = window_factory
        self.replacement: MainWindow | None = None
        self.network_lock: NetworkLock | None = None
        self.import_task: ImportTask | None = None
        self.preview_dialog: ImportPreviewDialog | None = None
        self.preview_report: ImportReport | None = None
        self._loading = False  # whether the network is being read into the pages (just after the first paint)
        self._loaded = False
        self._paint_watch: _FirstPaint | None = None
        self._update_title()
        self.setWindowIcon(QApplication.windowIcon())
        self.actions = Actions(self, undo_stack)

        self.contacts_view = ContactsView(undo_stack, bus, settings)
        self.contacts_view.use_actions(self.actions.delete, self.actions.add_tag, self.actions.remove_tag)
        a = self.actions
        for action in (a.add_to_group, a.set_stage, a.set_cadence, a.restore, a.delete_forever, a.forget_contact):
            self.contacts_view.table.addAction(action)
        self.contacts_view.trash_banner.use_actions([a.restore, a.delete_forever, a.empty_trash, a.leave_trash])
        a = self.actions
        self.board_view = BoardView(undo_stack, bus, settings, load=False)  # read once the window has painted
        self.board_view.use_actions(a.new_group, a.add_to_group, a.move_to_group, a.remove_from_group)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(190)
        self.navigation.setIconSize(QSize(18, 18))
        self.navigation.setAccessibleName(self.tr("Views"))
        self.views = QStackedWidget()
        self._view_icons: list[str] = []
        self._view_titles: list[str] = []
        self.today_view = TodayView(undo_stack, bus)
        self._add_view(self.today_view, self.tr("Today"), "today")
        self._add_view(self.contacts_view, self.tr("Contacts"), "contacts")
        self._add_view(self.board_view, self.tr("Board"), "puzzle")
        self.board_view.attach_navigation(self.navigation, lambda: self.views.indexOf(self.board_view))
        self._add_three_is_views()
        self.insights_view = InsightsView(undo_stack, bus)
        self._add_view(self.insights_view, self.tr("Insights"), "insights")
        self.navigation.currentRowChanged.connect(self.views.setCurrentIndex)
        # Today first; a network with nobody in it yet opens on its first step, the import.
        start = self.today_view if core.has_contacts() else self.contacts_view
        self.navigation.setCurrentRow(self.views.indexOf(start))
        # Saved views sit below the pages, in a list of their own: a navigation row stays a page.
        self.saved_views = SavedViewsList(bus)
        self.saved_views.view_chosen.connect(self.show_saved_view)
        self.saved_views.delete_requested.connect(self.delete_saved_view)
        side = QWidget()
        side.setObjectName("navigationColumn")
        side.setFixedWidth(190)
        side_box = QVBoxLayout(side)
        side_box.setContentsMargins(0, 0, 0, 0)
        side_box.setSpacing(0)
        side_box.addWidget(self.navigation)
        side_box.addWidget(self.saved_views, 1)
        side_box.addStretch(0)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.views, 1)
        self.setCentralWidget(central)

        self._build_menus()
        self._build_toolbar()
        self.count_label = QLabel()
        self.count_label.setObjectName("contactCount")
        self._status_page: QWidget | None = None  # the page the count label speaks of
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().setSizeGripEnabled(True)
        self.place_label = QLabel()
        self.place_label.setObjectName("placeLabel")
        self.statusBar().addPermanentWidget(self.place_label)
        self._show_place()
        self._connect()
        # Others' changes to a shared network reach the views as the window's own do.
        self.live_feed = LiveFeed.start(bus, network, self)
        if self.live_feed is not None:
            self.live_feed.lost.connect(self._on_feed_lost)
            self.live_feed.resumed.connect(self._show_place)
        self._restore_geometry()
        self._update_actions()
        self._connect_app_menus()
        # Nothing that reads the whole network runs before the window has painted: the page in front, the
        # contact table, the board and the navigation's counts are read just after (see _load_after_paint).
        QTimer.singleShot(0, self, self._load_unless_painting)
        QTimer.singleShot(LOAD_ANYWAY_MS, self, self._load_after_paint)

    # -- loading after the first paint ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loading and self._paint_watch is None:
            self._paint_watch = _FirstPaint(self, self._on_first_paint)

    def _on_first_paint(self) -> None:
        # Queued: the rest of this paint pass runs first.
        QTimer.singleShot(0, self, self._load_after_paint)

    def _load_unless_painting(self) -> None:
        """A window that is shown waits for its first paint; one that is not (built to be driven) loads now."""
        if self._paint_watch is None or self._paint_watch.painted:
            self._load_after_paint()

    def _load_after_paint(self) -> None:
        """Read what the window shows from the network, once, a step at a time with the event loop running in
        between: the page in front first (it paints before the rest is read), then the contact table and the
        navigation's counts, then the board."""
        if self._loading:
            return
        self._loading = True
        if self._paint_watch is not None:
            self._paint_watch.stop()
        self._on_view_changed(self.views.currentIndex())  # the page the window opens on draws itself
        if self.isVisible():
            # Once the page has painted what it read (its new rows are shown and laid out by posted events, then
            # painted on the platform's update timer): when the window has not painted for a moment.
            _Quiet(self, self._load_the_rest)
        else:
            QTimer.singleShot(0, self, self._load_the_rest)

    def _load_the_rest(self) -> None:
        self.contacts_view.reload()
        self.update_badges()
        self._update_status()
        self._update_actions()
        QTimer.singleShot(0, self, self._load_the_board)

    def _load_the_board(self) -> None:
        self.board_view.reload()
        self._loaded = True
        if self.place.shared:
            # A copy to read on this computer while the server cannot be reached, made by a process of its own.
            self.offline_copy = OfflineCopy(str(self.network.path), self)
            self.offline_copy.finished.connect(self._on_offline_copy)
            self.offline_copy.start()

    def _on_offline_copy(self, _replaced: bool, message: str) -> None:
        self.place_label.setToolTip(f"{self.place.target}\n{message}")

    def show_offline_of(self, place: Place, when: _dt.datetime) -> None:
        """This window reads the offline copy of the server network at *place* (made at *when*)."""
        self.offline_of = place
        self.setWindowTitle(self.tr("{name} (offline copy, read-only) — {app}").format(name=place.name, app=APP_NAME))
        self.place_label.setText(self.tr("Offline copy of {when}, read-only").format(
            when=when.strftime("%Y-%m-%d %H:%M")
        ))
        self.place_label.setToolTip(self.tr("{place} could not be reached. File ▸ Open shared network… tries "
                                              "again.").format(place=place))
        self.place_label.setVisible(True)

    @property
    def loaded(self) -> bool:
        """Whether every page has read the network (the event loop has run since the window was built)."""
        return self._loaded

    # -- building -----------------------------------------------------------------------------------------------

    def _add_view(self, view: QWidget, title: str, icon_name: str) -> None:
        self._view_icons.append(icon_name)
        self._view_titles.append(title)
        item = QListWidgetItem(icons.icon(icon_name), title)
        item.setSizeHint(QSize(0, 36))
        self.navigation.addItem(item)
        self.views.addWidget(view)
        # As tall as its pages, so the saved views follow right under them.
        self.navigation.setFixedHeight(self.navigation.count() * 38 + 16)

    def _build_menus(self) -> None:
        a = self.actions
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(a.new_database)
        file_menu.addAction(a.open_database)
        file_menu.addAction(a.open_shared)
        file_menu.addAction(a.share_network)
        self.recent_menu = file_menu.addMenu(icons.icon("recent"), self.tr("&Recent networks"))
        self.recent_menu.setObjectName("recentMenu")
        file_menu.addSeparator()
        import_menu = file_menu.addMenu(icons.icon("import"), self.tr("&Import"))
        import_menu.addAction(a.import_linkedin)
        import_menu.addAction(a.import_linkedin_archive)
        import_menu.addAction(a.import_other)
        import_menu.addAction(a.import_archive)
        file_menu.addAction(a.import_history)
        export_menu = file_menu.addMenu(icons.icon("export"), self.tr("&Export"))
        for action in a.export_actions.values():
            export_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(a.backup)
        file_menu.addAction(a.restore_snapshot)
        file_menu.addSeparator()
        file_menu.addAction(a.quit)

        edit_menu = self.menuBar().addMenu(self.tr("&Edit"))
        edit_menu.addAction(a.undo)
        edit_menu.addAction(a.redo)
        edit_menu.addSeparator()
        edit_menu.addAction(a.new_contact)
        edit_menu.addAction(a.delete)
        edit_menu.addAction(a.restore)
        edit_menu.addAction(a.delete_forever)
        edit_menu.addAction(a.forget_contact)
        edit_menu.addAction(a.empty_trash)
        edit_menu.addSeparator()
        edit_menu.addAction(a.set_stage)
        edit_menu.addAction(a.set_cadence)
        edit_menu.addAction(a.add_tag)
        edit_menu.addAction(a.remove_tag)
        edit_menu.addAction(a.manage_tags)
        edit_menu.addSeparator()
        edit_menu.addAction(a.new_group)
        edit_menu.addAction(a.add_to_group)
        edit_menu.addAction(a.move_to_group)
        edit_menu.addAction(a.remove_from_group)
        edit_menu.addSeparator()
        edit_menu.addAction(a.find)
        edit_menu.addAction(a.save_view)
        edit_menu.addAction(a.find_duplicates)
        edit_menu.addSeparator()
        edit_menu.addAction(a.preferences)

        relationships_menu = self.menuBar().addMenu(self.tr("&Relationships"))
        self.relationships_menu = relationships_menu
        for action in (a.new_invitation, a.schedule_call, a.log_interaction):
            relationships_menu.addAction(action)
        relationships_menu.addSeparator()
        relationships_menu.addAction(a.reply_templates)

        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.pages_menu = view_menu.addMenu(self.tr("&Go to"))
        self.pages_menu.setObjectName("pagesMenu")
        self._build_page_actions()
        view_menu.addAction(a.show_trash)
        theme_menu = view_menu.addMenu(icons.icon("theme"), self.tr("&Colours"))
        for action in a.theme_actions.values():
            theme_menu.addAction(action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(a.open_demo)
        help_menu.addAction(a.shortcuts)
        help_menu.addSeparator()
        help_menu.addAction(a.about)

    def _build_page_actions(self) -> None:
        """View ▸ Go to: one action per page, Ctrl+1 … Ctrl+9 in navigation order."""
        self.page_actions: list[QAction] = []
        for index, title in enumerate(self._view_titles):
            action = QAction(icons.icon(self._view_icons[index]), title, self)
            if index < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            action.setStatusTip(self.tr("Show the {page} page").format(page=title))
            action.triggered.connect(lambda _checked=False, index=index: self.show_page(index))
            self.pages_menu.addAction(action)
            self.page_actions.append(action)

    def show_page(self, index: int) -> None:
        self.navigation.setCurrentRow(index)

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main"))
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setIconSize(QSize(20, 20))
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        a = self.actions
        for action in (a.import_linkedin, a.new_contact):
            bar.addAction(action)
        bar.addSeparator()
        for action in (a.undo, a.redo):
            bar.addAction(action)
            # Their text names the step ("Undo Import connections.csv"): in the bar the icon and a tooltip say it.
            bar.widgetForAction(action).setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        self.toolbar = bar

    def _connect(self) -> None:
        a = self.actions
        a.new_database.triggered.connect(self._on_new_database)
        a.open_database.triggered.connect(self._on_open_database)
        a.open_shared.triggered.connect(self.open_shared_network)
        a.share_network.triggered.connect(self.share_network)
        a.import_linkedin.triggered.connect(lambda: self._on_import("linkedin"))
        a.import_linkedin_archive.triggered.connect(lambda: self._on_import("linkedin-archive"))
        a.import_archive.triggered.connect(lambda: self._on_import("json"))
        a.import_other.triggered.connect(lambda: self._on_import("auto"))
        a.import_history.triggered.connect(self._on_history)
        a.restore_snapshot.triggered.connect(self._on_restore_snapshot)
        for fmt, action in a.export_actions.items():
            action.triggered.connect(lambda _checked=False, fmt=fmt: self._on_export(fmt))
        a.quit.triggered.connect(self.close)
        a.new_contact.triggered.connect(self.new_contact)
        a.delete.triggered.connect(self.trash_selected)
        a.restore.triggered.connect(self.restore_selected)
        a.add_tag.triggered.connect(self._on_add_tag)
        a.remove_tag.triggered.connect(self._on_remove_tag)
        a.delete_forever.triggered.connect(self.delete_selected_forever)
        a.forget_contact.triggered.connect(self.forget_selected)
        a.empty_trash.triggered.connect(self.empty_trash)
        a.leave_trash.triggered.connect(lambda: a.show_trash.setChecked(False))
        a.set_stage.triggered.connect(self._on_set_stage)
        a.set_cadence.triggered.connect(self._on_set_cadence)
        a.manage_tags.triggered.connect(self._on_manage_tags)
        a.save_view.triggered.connect(self._on_save_view)
        a.shortcuts.triggered.connect(self._on_shortcuts)
        a.backup.triggered.connect(self._on_backup)
        a.find.triggered.connect(self._on_find)
        a.find_duplicates.triggered.connect(self._on_find_duplicates)
        a.show_trash.toggled.connect(self._on_show_trash)
        a.about.triggered.connect(self._on_about)
        theme = preferences.read(self.settings, preferences.THEME)
        a.theme_actions.get(theme, a.theme_actions["system"]).setChecked(True)
        a.theme_group.triggered.connect(self._on_theme)
        view = self.contacts_view
        view.selection_changed.connect(self._update_actions)
        view.counts_changed.connect(self._update_counts)
        view.import_requested.connect(lambda: self._on_import("linkedin"))
        view.new_contact_requested.connect(self.new_contact)
        view.save_view_requested.connect(self._on_save_view)
        view.query_changed.connect(self._mark_saved_view)
        editor = view.editor
        editor.stage_requested.connect(a.set_stage.trigger)
        editor.cadence_requested.connect(a.set_cadence.trigger)
        editor.group_requested.connect(a.add_to_group.trigger)
        editor.restore_requested.connect(a.restore.trigger)
        editor.delete_forever_requested.connect(a.delete_forever.trigger)
        a.add_to_group.triggered.connect(self._on_add_to_group)
        board = self.board_view
        board.contact_open_requested.connect(self.open_contact)
        board.export_requested.connect(lambda path, fmt, name: self.export_to(path, fmt, scope="group", group=name))
        board.status_message.connect(self.statusBar().showMessage)
        self._connect_three_is()
        self.undo_stack.indexChanged.connect(self._update_actions)
        self.bus.failed.connect(self._on_change_failed)
        self.views.currentChanged.connect(self._update_actions)
        self.views.currentChanged.connect(lambda _index: self._mark_saved_view())
        self.bus.changed.connect(lambda *_args: self._update_status())

    # -- state --------------------------------------------------------------------------------------------------

    def _update_counts(self, total: int, shown: int) -> None:
        self._update_status()

    def _update_status(self, *_args: object) -> None:
        """The permanent part of the status bar speaks of the page in front."""
        page = self.views.currentWidget()
        if page is self.contacts_view:
            model = self.contacts_view.model
            if not model.is_complete:
                # The rest of the matches is being read: how many are shown is said once it is known, and
                # the words already there stay until then (no count flickers through a wrong number).
                if self._status_page is page:
                    return
                trash = self.tr("{contacts} in the trash") if model.query.trash else "{contacts}"
                text = trash.format(contacts=contacts_text(self, model.total))
            else:
                total, shown = model.total, model.rowCount()
                if model.query.trash:
                    text = self.tr("{contacts} in the trash ({shown} shown)")
                else:
                    text = self.tr("{contacts} ({shown} shown)")
                text = text.format(contacts=contacts_text(self, total), shown=shown)
            self._status_page = page
        else:
            self._status_page = page
            text = self.page_status(page)
        self.count_label.setText(text)

    def page_status(self, page: QWidget | None) -> str:
        """What the status bar says on a page other than the contact table."""
        if page is self.board_view:
            groups = len(board_core.group_names())
            return self.tr("1 goal group") if groups == 1 else self.tr("{n} goal groups").format(n=groups)
        if page is self.inbox_view:
            counts = invitations_core.inbox_counts(utc_today())
            return self.tr("Invitations: {new} new, {due} due for a follow-up").format(new=counts.new, due=counts.due)
        if page is self.due_view:
            # The page has just read its list when it is the one shown: its length is the count.
            fresh = not self.due_view.is_dirty()
            due = self.due_view.model.rowCount() if fresh else interactions_core.count_due(utc_today())
            return self.tr("Nobody is due") if not due else self.tr("{n} due").format(n=due)
        if page is self.introductions_view:
            week = introductions_core.week_progress(utc_today())
            return self.tr("This week: {held} of {goal} calls held, {scheduled} more scheduled").format(
                held=week.held, goal=week.goal, scheduled=week.scheduled
            )
        if page is self.interactions_view:
            count = interactions_core.count_interactions()
            return self.tr("1 interaction") if count == 1 else self.tr("{n} interactions").format(n=count)
        index = self.views.indexOf(page) if page is not None else -1
        return self._view_titles[index] if 0 <= index < len(self._view_titles) else ""

    def _update_actions(self, *_args: object) -> None:
        # Delete and Restore act on the table's selection: only while the table is the page in front, so the
        # Delete key on another page never trashes contacts the user cannot see.
        on_contacts = self.views.currentWidget() is self.contacts_view
        selected = bool(self.contacts_view.selected_ids())
        trash = self.actions.show_trash.isChecked()
        a = self.actions
        a.delete.setEnabled(on_contacts and selected and not trash)
        a.restore.setEnabled(on_contacts and selected and trash)
        a.delete_forever.setEnabled(on_contacts and selected and trash)
        a.empty_trash.setEnabled(trash and self.contacts_view.model.total > 0)
        a.forget_contact.setEnabled(on_contacts and len(self.contacts_view.selected_ids()) == 1)
        editing = on_contacts and selected and not trash
        for action in (a.set_stage, a.set_cadence):
            action.setEnabled(editing)
        a.add_tag.setEnabled(selected and not trash)
        a.remove_tag.setEnabled(selected and not trash)
        a.new_contact.setEnabled(not trash)
        a.save_view.setEnabled(not trash)
        # In the trash the table offers what can be done there, and nothing else.
        for action in (a.delete, a.add_tag, a.remove_tag, a.set_stage, a.set_cadence):
            action.setVisible(not trash)
        a.add_to_group.setVisible(not (trash and on_contacts))  # the board's pieces keep it
        for action in (a.restore, a.delete_forever, a.empty_trash, a.leave_trash):
            action.setVisible(trash)

    def _restore_geometry(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 780)
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        if not self.network.read_only:  # an offline copy is not where the network lives
            self.settings.setValue("database/last", self.place.target)
        self.contacts_view.save_settings()
        self.board_view.save_settings()
        self.inbox_view.save_settings()
        self.introductions_view.save_settings()
        self.settings.sync()

    def hold_lock(self, lock: NetworkLock) -> None:
        """Keep *lock* (this window's claim on its network) until the window closes."""
        self.network_lock = lock

    def closeEvent(self, event: QCloseEvent) -> None:
        self.contacts_view.editor.commit_pending()
        self.contacts_view.discard_if_abandoned()
        self.save_settings()
        super().closeEvent(event)
        if event.isAccepted():
            self.today_notifier.stop()
            if self.live_feed is not None:
                self.live_feed.stop()
            if self.offline_copy is not None:
                self.offline_copy.stop()
            self.network.close()
            if self.network_lock is not None:
                self.network_lock.release()
                self.network_lock = None

    # -- contacts -----------------------------------------------------------------------------------------------

    def new_contact(self) -> None:
        self.navigation.setCurrentRow(self.views.indexOf(self.contacts_view))
        view = self.contacts_view
        if view.search.text():
            view.search.clear()
            view._apply_search()
        values: dict[str, object] = {"source": "manual"}
        cadence = preferences.read(self.settings, preferences.NEW_CONTACT_CADENCE)
        if cadence:
            values["cadence_days"] = cadence
        view.new_contact(values)

    def trash_selected(self) -> None:
        ids = self.contacts_view.selected_ids()
        if ids and not self.actions.show_trash.isChecked():
            self._push_keeping_place(TrashContactsCommand(self.bus, ids))
            self.statusBar().showMessage(
                plural(
                    len(ids),
                    self.tr("Moved 1 contact to the trash. Edit ▸ Undo brings it back."),
                    self.tr("Moved {n} contacts to the trash. Edit ▸ Undo brings them back."),
                ),
                6000,
            )

    def restore_selected(self) -> None:
        ids = self.contacts_view.selected_ids()
        if ids and self.actions.show_trash.isChecked():
            self._push_keeping_place(RestoreContactsCommand(self.bus, ids))

    def delete_selected_forever(self) -> bool:
        """Delete the selected contacts of the trash for good, once the user confirmed."""
        ids = self.contacts_view.selected_ids()
        if not ids or not self.actions.show_trash.isChecked():
            return False
        if len(ids) == 1:
            name = self.contacts_view.model.data(self.contacts_view.model.index(self.contacts_view.model.row_of(ids[0]), 0))
            text = self.tr("Delete {name} forever? Their details, tags, places on the board and history go too.").format(
                name=name
            )
        else:
            text = self.tr("Delete {contacts} forever? Their details, tags, places on the board and history go too.").format(
                contacts=contacts_text(self, len(ids))
            )
        text += "\n\n" + self.tr("Edit ▸ Undo brings them back while this window is open.")
        answer = QMessageBox.question(
            self, self.tr("Delete forever"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        snapshots.take(self.network, snapshots.DELETE_FOREVER, contacts_text(self, len(ids)))
        self._push_keeping_place(DeleteForeverCommand(self.bus, ids))
        self.statusBar().showMessage(
            self.tr("Deleted {contacts} forever. Edit ▸ Undo brings them back.").format(contacts=contacts_text(self, len(ids))),
            8000,
        )
        return True

    def empty_trash(self) -> bool:
        """Delete everything in the trash for good, once the user confirmed (saying how many)."""
        count = core.count_contacts(trash=True)
        if not count:
            self.statusBar().showMessage(self.tr("The trash is already empty."), 4000)
            return False
        answer = QMessageBox.question(
            self,
            self.tr("Empty trash"),
            self.tr("Delete the {contacts} in the trash forever?").format(contacts=contacts_text(self, count))
            + "\n\n" + self.tr("Edit ▸ Undo brings them back while this window is open."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        snapshots.take(self.network, snapshots.EMPTY_TRASH, contacts_text(self, count))
        command = EmptyTrashCommand(self.bus)
        self.undo_stack.push(command)
        self.statusBar().showMessage(
            self.tr("Emptied the trash: {contacts} deleted forever. Edit ▸ Undo brings them back.").format(
                contacts=contacts_text(self, command.deleted)
            ),
            8000,
        )
        return True

    def _on_set_stage(self) -> None:
        ids = self.contacts_view.selected_ids()
        if not ids:
            return
        self.contacts_view.editor.commit_pending()
        stage = BulkValueDialog.ask_stage(self, len(ids))
        if stage is not None:
            self.undo_stack.push(SetManyCommand(self.bus, ids, "stage", stage))

    def _on_set_cadence(self) -> None:
        ids = self.contacts_view.selected_ids()
        if not ids:
            return
        self.contacts_view.editor.commit_pending()
        days = BulkValueDialog.ask_cadence(self, len(ids))
        if days is not None:
            self.undo_stack.push(SetManyCommand(self.bus, ids, "cadence_days", days or None))

    # -- saved views --------------------------------------------------------------------------------------------

    def _on_save_view(self) -> None:
        view = self.contacts_view
        if self.actions.show_trash.isChecked():
            return
        view._apply_search()
        names = self.saved_views.names()
        name = SaveViewDialog.ask(self, names, self.saved_views.current_name() or "")
        if name:
            self.save_view(name, view.current_query())

    def save_view(self, name: str, query: ContactQuery) -> bool:
        """Keep *query* (its search and filters) as the view *name*: one undoable change of this network."""
        try:
            value = saved_views_core.with_view(name, query)
        except core.ValidationError as exc:
            QMessageBox.warning(self, self.tr("Save view"), str(exc))
            return False
        existed = saved_views_core.find_view(name) is not None
        title = (self.tr("Update view “{name}”") if existed else self.tr("Save view “{name}”")).format(name=name.strip())
        command = SetSettingsCommand(self.bus, {settings_core.SAVED_VIEWS: value}, title)
        self.undo_stack.push(command)
        if command.error:
            QMessageBox.warning(self, self.tr("Save view"), command.error)
            return False
        self._mark_saved_view()
        self.statusBar().showMessage(
            self.tr("Saved the view “{name}”: it is in the navigation, under the pages.").format(name=name.strip()), 6000
        )
        return True

    def delete_saved_view(self, name: str) -> None:
        command = SetSettingsCommand(
            self.bus, {settings_core.SAVED_VIEWS: saved_views_core.without_view(name)},
            self.tr("Delete view “{name}”").format(name=name),
        )
        self.undo_stack.push(command)
        self.statusBar().showMessage(self.tr("Deleted the view “{name}”. Edit ▸ Undo brings it back.").format(name=name), 6000)

    def show_saved_view(self, name: str) -> bool:
        """Show the Contacts page through the saved view *name*."""
        found = saved_views_core.find_view(name)
        if found is None:
            return False
        self.contacts_view.editor.commit_pending()
        if self.actions.show_trash.isChecked():
            self.actions.show_trash.setChecked(False)
        self.navigation.setCurrentRow(self.views.indexOf(self.contacts_view))
        self.contacts_view.apply_query(found.query)
        self.saved_views.mark(found.name)
        return True

    def show_contacts_query(self, query: ContactQuery) -> None:
        """Show the Contacts page filtered to the people a chart stands for (the filter bar shows which)."""
        self.contacts_view.editor.commit_pending()
        if self.actions.show_trash.isChecked():
            self.actions.show_trash.setChecked(False)
        self.navigation.setCurrentRow(self.views.indexOf(self.contacts_view))
        self.contacts_view.apply_query(query)

    def _mark_saved_view(self) -> None:
        on_contacts = self.views.currentWidget() is self.contacts_view and not self.actions.show_trash.isChecked()
        self.saved_views.mark_query(self.contacts_view.current_query() if on_contacts else None)

    # -- tags, shortcuts, backup --------------------------------------------------------------------------------

    def tag_manager(self) -> TagManagerDialog:
        self.contacts_view.editor.commit_pending()
        return TagManagerDialog(self.undo_stack, self.bus, self)

    def _on_manage_tags(self) -> None:
        self.tag_manager().exec()

    def shortcuts_dialog(self) -> ShortcutsDialog:
        return ShortcutsDialog(self.menuBar(), self)

    def _on_shortcuts(self) -> None:
        self.shortcuts_dialog().exec()

    def _on_backup(self) -> None:
        self.contacts_view.editor.commit_pending()
        folder = self.place.folder() / "backups"
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        suggested = (folder if folder.is_dir() else self.place.folder()) / f"{self._file_stem()}-{stamp}.db"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Back up now"), str(suggested), self.tr(DB_FILTER))
        if path:
            self.back_up_to(Path(path))

    def back_up_to(self, path: Path) -> Path | None:
        """Copy the open network to *path* (what the ``backup`` command does); None, with the reason shown, on failure."""
        if self.place.same(path):
            QMessageBox.warning(
                self, self.tr("Back up now"),
                self.tr("{path} is the open network itself; choose another file for the copy.").format(path=path),
            )
            return None
        try:
            written = maintenance.backup(path)
        except (OSError, sqlite3.Error, DatabaseError) as exc:  # DatabaseError: a damaged network, refused
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            QMessageBox.warning(
                self, self.tr("Back up now"),
                self.tr("Could not back up to {path}: {reason}. The network itself is unchanged.").format(
                    path=path, reason=reason
                ),
            )
            return None
        self.statusBar().showMessage(self.tr("Backed up to {path}.").format(path=written), 10000)
        return written

    def forget_selected(self) -> bool:
        """Forget the one selected contact for good (:mod:`linkorganizer.core.privacy`), after asking once."""
        ids = self.contacts_view.selected_ids()
        if len(ids) != 1:
            return False
        self.contacts_view.editor.commit_pending()
        detail = core.get_contact(ids[0])
        name = (detail.full_name if detail is not None else "") or self.tr("this contact")
        kept = len(snapshots.list_snapshots(self.db_path)) if self.place.file is not None else 0
        text = self.tr(
            "Forget {name} for good? Their details, notes, invitations, calls, interactions and places on the board "
            "are removed from this network and its undo history. This cannot be undone."
        ).format(name=name)
        if kept:
            text += "\n\n" + (
                self.tr("1 older snapshot still holds them (File ▸ Restore snapshot… lists it).") if kept == 1 else
                self.tr("{n} older snapshots still hold them (File ▸ Restore snapshot… lists them).").format(n=kept)
            ) + " " + self.tr("Backups you made elsewhere do too.")
        answer = QMessageBox.question(
            self, self.tr("Forget this person"), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            forgotten = privacy.forget_contact(self.network, ids[0])
        except (LookupError, DatabaseError, sqlite3.Error) as exc:
            QMessageBox.warning(self, self.tr("Forget this person"), describe_failure(exc) or str(exc))
            return False
        # The steps on the undo stack may refer to what is gone: they go too (the log no longer holds them).
        self.undo_stack.clear()
        self.bus.publish(Changes.everything())
        self.statusBar().showMessage(
            self.tr("{name} is forgotten: {n} records removed. Undo history was cleared.").format(
                name=forgotten.name, n=forgotten.total
            ),
            10000,
        )
        return True

    def _push_keeping_place(self, command) -> None:
        """Run a command that removes rows, then select the row that took the first one's place."""
        view = self.contacts_view
        rows = sorted(index.row() for index in view.table.selectionModel().selectedRows())
        self.undo_stack.push(command)
        model = view.model
        if rows and model.rowCount():
            row = min(rows[0], model.rowCount() - 1)
            view.select_ids([model.contact_id(row)])

    def _ask_tag(self, remove: bool) -> None:
        ids = self.contacts_view.selected_ids()
        if not ids:
            return
        if remove:
            tags = sorted({t for d in core.get_contacts(ids) for t in d.tags}, key=str.casefold)
            if not tags:
                self.statusBar().showMessage(self.tr("The selected contacts have no tags."), 4000)
                return
            tag = TagDialog.ask(self, self.tr("Remove tag"), self.tr("Remove which tag?"), tags, editable=False)
        else:
            tag = TagDialog.ask(
                self, self.tr("Add tag"), plural(len(ids), self.tr("Tag 1 contact with:"), self.tr("Tag {n} contacts with:")), core.all_tags()
            )
        if tag:
            self.undo_stack.push(TagContactsCommand(self.bus, ids, tag, remove=remove))

    def _on_add_tag(self) -> None:
        self._ask_tag(remove=False)

    def _on_remove_tag(self) -> None:
        self._ask_tag(remove=True)

    def _on_add_to_group(self) -> None:
        if self.views.currentWidget() is self.board_view:
            self.board_view.add_current_to_group()
        else:
            self.board_view.add_to_group(self.contacts_view.selected_ids())

    def open_contact(self, contact_id: int) -> None:
        """Show a contact in the Contacts view (a double-click on a piece of the board)."""
        view = self.contacts_view
        self.navigation.setCurrentRow(self.views.indexOf(view))
        if view.model.row_of(contact_id) is None:
            if self.actions.show_trash.isChecked():
                self.actions.show_trash.setChecked(False)
            if view.search.text():
                view.search.clear()
                view._apply_search()
        view.select_ids([contact_id])

    # -- the Three I's: invitations, introductions, interactions -------------------------------------------------

    def _add_three_is_views(self) -> None:
        undo_stack, bus, settings = self.undo_stack, self.bus, self.settings
        self.inbox_view = InboxView(undo_stack, bus, settings)
        self.introductions_view = IntroductionsView(undo_stack, bus, settings)
        self.due_view = DueView(undo_stack, bus)
        self.interactions_view = InteractionsView(undo_stack, bus)
        self._add_view(self.inbox_view, self.tr("Inbox"), "inbox")
        self._add_view(self.introductions_view, self.tr("Introductions"), "introductions")
        self._add_view(self.due_view, self.tr("Keep in touch"), "due")
        self._add_view(self.interactions_view, self.tr("Interactions"), "interactions")

    def _connect_three_is(self) -> None:
        a = self.actions
        a.new_invitation.triggered.connect(self._on_new_invitation)
        a.schedule_call.triggered.connect(self._on_schedule_call)
        a.log_interaction.triggered.connect(self._on_log_interaction)
        a.reply_templates.triggered.connect(self.inbox_view.edit_templates)
        pages: tuple[LazyView, ...] = (
            self.today_view, self.inbox_view, self.introductions_view, self.due_view, self.interactions_view,
            self.insights_view,
        )
        for page in pages:
            page.message.connect(self._show_message)
            page.contact_requested.connect(self.open_contact)
        self.due_view.invitation_requested.connect(self.show_invitation)
        self.insights_view.filter_requested.connect(self.show_contacts_query)
        self.today_view.invitation_requested.connect(self.show_invitation)
        # A dated reminder about the selected contact, from the table's context menu and Relationships.
        self.remind_action = QAction(icons.icon("reminder"), self.tr("Remind me about this contact…"), self)
        self.remind_action.setObjectName("remindAction")
        self.remind_action.setStatusTip(self.tr("A dated reminder; Today lists it on its day"))
        self.remind_action.triggered.connect(self.remind_about_selected)
        self.contacts_view.table.addAction(self.remind_action)
        self.relationships_menu.addAction(self.remind_action)
        self.today_notifier = TodayNotifier(
            QApplication.windowIcon(), lambda: self.navigation.setCurrentRow(self.views.indexOf(self.today_view)), self
        )
        self.contacts_view.editor.history.message.connect(self._show_message)
        self.views.currentChanged.connect(self._on_view_changed)
        # After the page has read itself: the status bar can then count what it shows.
        self.views.currentChanged.connect(self._update_status)
        self.bus.changed.connect(self._on_changed_badges)

    def remind_about_selected(self) -> int | None:
        """A reminder about the one contact selected in the table (or a task of one's own otherwise)."""
        self.contacts_view.editor.commit_pending()
        ids = self.contacts_view.selected_ids()
        if len(ids) == 1:
            row = core.fetch_rows(ids).get(ids[0])
            return self.today_view.new_reminder(ids[0], row.name if row else None)
        return self.today_view.new_reminder()

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 10000)

    def _on_changed_badges(self, changes: Changes, _initiator: object = None) -> None:
        # One change, one count (the Due count is one query over the whole network). Who is due follows the
        # contacts' own rows (cadence, stage), not where they are placed or how they are tagged.
        if changes.reload or changes.invitations or changes.interactions or changes.contact_rows or changes.settings \
                or changes.introductions or changes.job_changes or changes.reminders or changes.snoozes:
            self.update_badges()

    def update_badges(self) -> None:
        """The counts on the navigation: new and due invitations on Inbox, people due on Keep in touch."""
        today = utc_today()
        counts = invitations_core.inbox_counts(today)
        parts = [str(counts.new)] if counts.new else []
        if counts.due:
            parts.append(self.tr("{n} due").format(n=counts.due))
        item = self.navigation.item(self.views.indexOf(self.inbox_view))
        item.setText(self.tr("Inbox") + ("  " + " · ".join(parts) if parts else ""))
        item.setToolTip(self.tr("New invitations: {new}. Due for a follow-up: {due}.").format(new=counts.new, due=counts.due))
        due = interactions_core.count_due(today)
        item = self.navigation.item(self.views.indexOf(self.due_view))
        item.setText(self.tr("Keep in touch") + (f"  {due}" if due else ""))
        item.setToolTip(self.tr("{n} due: people to get back in touch with, invitations to follow up").format(n=due))
        # The Today page, when it has just read its entries, has counted them already.
        count = len(self.today_view.entries() if self.today_view.is_fresh() else today_core.gather(today))
        item = self.navigation.item(self.views.indexOf(self.today_view))
        item.setText(self.tr("Today") + (f"  {count}" if count else ""))

    def _on_view_changed(self, index: int) -> None:
        page = self.views.widget(index)
        if page is not self.contacts_view:
            self.contacts_view.editor.commit_pending()
            self.contacts_view.discard_if_abandoned()  # a new contact left empty for another page
        if isinstance(page, LazyView):
            page.activate()

    def context_contact_id(self) -> int | None:
        """The one contact the current page's selection is about (for Log interaction… and Schedule call…)."""
        page = self.views.currentWidget()
        if page is self.contacts_view:
            ids = self.contacts_view.selected_ids()
            return ids[0] if len(ids) == 1 else None
        getter = getattr(page, "current_contact_id", None)
        return getter() if callable(getter) else None

    def _on_log_interaction(self) -> None:
        self.contacts_view.editor.commit_pending()
        ask_and_log(self, self.undo_stack, self.bus, self.context_contact_id(), None, self._show_message)

    def _on_schedule_call(self) -> None:
        self.contacts_view.editor.commit_pending()
        self.introductions_view.schedule_call(self.context_contact_id())

    def _on_new_invitation(self) -> None:
        self.navigation.setCurrentRow(self.views.indexOf(self.inbox_view))
        self.inbox_view.new_invitation()

    def show_invitation(self, invitation_id: int) -> None:
        self.navigation.setCurrentRow(self.views.indexOf(self.inbox_view))
        self.inbox_view.select_invitation(invitation_id)
        self.inbox_view.list.setFocus()

    def _on_find(self) -> None:
        self.navigation.setCurrentRow(self.views.indexOf(self.contacts_view))
        self.contacts_view.focus_search()

    def _on_find_duplicates(self) -> None:
        self.contacts_view.editor.commit_pending()
        DuplicatesDialog.show_for(self, self.undo_stack, self.bus)

    def _on_show_trash(self, on: bool) -> None:
        if on:
            self.navigation.setCurrentRow(self.views.indexOf(self.contacts_view))
        self.contacts_view.show_trash(on)
        self._update_actions()
        self._update_status()

    # -- files --------------------------------------------------------------------------------------------------

    def _start_dir(self) -> str:
        return str(self.settings.value("files/last_dir", str(Path.home())))

    def _remember_dir(self, path: str) -> None:
        self.settings.setValue("files/last_dir", str(Path(path).parent))

    def _on_import(self, fmt: str) -> None:
        if fmt == "auto":
            title, file_filter = self.tr("Import contacts"), formats.import_filter()
        else:
            title = self.tr("Import {format}").format(format=self.tr(formats.spec(fmt).title))
            file_filter = formats.spec(fmt).dialog_filter
        path, _ = QFileDialog.getOpenFileName(self, title, self._start_dir(), self.tr(file_filter))
        if path:
            self._remember_dir(path)
            self.import_file(path, fmt)

    def import_file(
        self, path: str | os.PathLike[str], fmt: str = "auto", preview: bool = True, mapping: dict[int, str] | None = None
    ) -> ImportTask | None:
        """Import in the background: first a dry run shown as a preview, then (once confirmed) for real.

        Returns the running task (the preview's, when there is one), or None when the user cancelled a question.
        """
        self.contacts_view.editor.commit_pending()
        try:
            resolved = registry.detect_format(path) if fmt == "auto" else fmt
        except FormatError as exc:
            self._on_import_failed(f"{exc}.")
            return None
        options: dict[str, object] = {}
        if resolved == "generic-csv":
            if mapping is None:
                try:
                    mapping = MappingDialog.ask(self, path, self.settings)
                except FormatError as exc:
                    self._on_import_failed(f"{exc}.")
                    return None
                if mapping is None:
                    return None
            options["mapping"] = mapping
        if preview:
            task = self._start_task(path, resolved, options, dry_run=True)
            task.finished.connect(lambda report: self._show_preview(path, resolved, options, report))
        else:
            task = self._start_task(path, resolved, options, dry_run=False)
        return task

    def _start_task(self, path: str | os.PathLike[str], fmt: str, options: dict[str, object], dry_run: bool) -> ImportTask:
        task = ImportTask(self.network, path, fmt, dry_run=dry_run, options=options, parent=self)
        if not dry_run:
            task.finished.connect(self._on_import_finished)
        task.failed.connect(self._on_import_failed)
        task.crashed.connect(  # the crash dialog says what happened; this says what it means for the import
            lambda: self.statusBar().showMessage(
                self.tr("The import stopped on an unexpected problem; nothing was imported."), 10000
            )
        )
        task.cancelled.connect(
            lambda: self.statusBar().showMessage(self.tr("Import cancelled; nothing was changed."), 6000)
        )
        self.import_task = task
        task.start()
        return task

    def _show_preview(self, path: str | os.PathLike[str], fmt: str, options: dict[str, object], report: ImportReport) -> None:
        self.preview_report = report
        dialog = ImportPreviewDialog(report, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.accepted.connect(lambda: self._start_task(path, fmt, options, dry_run=False))
        dialog.open()

    def _on_import_finished(self, report: ImportReport) -> None:
        title = self.tr("Import {name}").format(name=report.path)
        if report.op_id is not None and report.op_changes:
            self.undo_stack.push(OpCommand(self.bus, report.op_id, title))
            self.bus.publish(report.op_changes)
        self.statusBar().showMessage(
            self.tr("Imported {name}: {new} new, {updated} updated. Edit ▸ Undo takes it back.").format(
                name=report.path, new=report.created, updated=report.updated
            ),
            10000,
        )
        if report.job_changes:
            self.report_dialog = ImportReportDialog.show_report(self, report)
            self.report_dialog.contact_requested.connect(self.open_contact)

    def _on_change_failed(self, message: str) -> None:
        """A change refused (nothing was written, no step was added to Undo), or an undo that no longer fits."""
        self.statusBar().showMessage(message, 10000)

    def _on_import_failed(self, message: str) -> None:
        QMessageBox.warning(self, self.tr("Import refused"), message + "\n\n" + self.tr("Nothing was imported."))

    def _on_history(self) -> None:
        self.history_dialog().exec()

    def history_dialog(self) -> ImportHistoryDialog:
        dialog = ImportHistoryDialog(self.network, self)
        dialog.undo_requested.connect(self.undo_import)
        return dialog

    def undo_import(self, batch_id: int) -> bool:
        """Take back an earlier import (one undoable step); refused while later changes touched what it did."""
        info = next((i for i in self.network.imports() if i.id == batch_id), None)
        if info is None or info.op_id is None or info.undone:
            return False
        blockers = self.network.blockers(info.op_id)
        if blockers:
            titles = ", ".join(f"“{title}”" for _, title in blockers[:5]) + (" …" if len(blockers) > 5 else "")
            QMessageBox.information(
                self,
                self.tr("Import history"),
                self.tr("This import can't be undone: it was changed since by {titles}.").format(titles=titles),
            )
            return False
        if not ImportHistoryDialog.confirm_undo(self, info):
            return False
        # The step's name, and after a newline what Edit ▸ Undo and Redo say of it (not "Undo Undo import of …").
        title = self.tr("Undo import of {name}\ntaking back the import of {name}").format(name=info.file_name)
        self.undo_stack.push(UndoOpCommand(self.bus, info.op_id, title))
        return True

    def _on_export(self, fmt: str) -> None:
        view = self.contacts_view
        selected = view.selected_ids()
        groups = [group.name for group in board_core.group_names()]
        choice = ExportDialog.ask(
            self, fmt, view.model.total, len(selected), view.model.rowCount(), core.all_tags(), groups,
            excel_bom=preferences.read(self.settings, preferences.EXCEL_BOM),
        )
        if choice is None:
            return
        spec = formats.spec(fmt)
        suggested = str(Path(self._start_dir()) / f"{self._file_stem()}{spec.suggested_suffix}")
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export"), suggested, self.tr(spec.dialog_filter))
        if not path:
            return
        self._remember_dir(path)
        self.export_to(path, fmt, choice.scope, choice.excel_bom, tag=choice.tag, group=choice.group)

    def export_to(
        self,
        path: str | os.PathLike[str],
        fmt: str,
        scope: str = "all",
        excel_bom: bool = False,
        tag: str | None = None,
        group: str | None = None,
    ) -> int | None:
        """Write contacts (all, the search result, the selection, a tag or a goal group) to *path*."""
        view = self.contacts_view
        ids: list[int] | None = None
        if scope == "selected":
            ids = view.selected_ids()
        elif scope == "shown":
            ids = view.model.contact_ids()
        elif scope == "tag" and tag:
            ids = query_contact_ids(ContactQuery(tag=tag))
        try:
            count = registry.export_file(path, fmt, ids, group_name=group if scope == "group" else None, excel_bom=excel_bom)
        except (OSError, LookupError) as exc:
            # An export's WriteError says why in plain words ("its folder does not exist").
            reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or str(exc)
            QMessageBox.warning(
                self, self.tr("Export failed"), self.tr("{path}: {reason}. Nothing was written.").format(path=path, reason=reason)
            )
            return None
        self.statusBar().showMessage(plural(count, self.tr("Exported 1 contact to {path}."), self.tr("Exported {n} contacts to {path}.")).format(
                path=path
            ), 8000)
        return count

    # -- networks -----------------------------------------------------------------------------------------------

    def _on_new_database(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("New network"), str(self.place.folder() / "network.db"), self.tr(DB_FILTER)
        )
        if path:
            if Path(path).exists():
                QMessageBox.information(
                    self, self.tr("New network"), self.tr("{path} already exists; it will be opened.").format(path=path)
                )
            self.switch_database(Path(path))

    def _on_open_database(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open network"), str(self.place.folder()), self.tr(DB_FILTER))
        if path:
            self.switch_database(Path(path))

    def open_shared_network(self) -> MainWindow | None:
        """File ▸ Open shared network…: ask where, connect, and open it in a window that replaces this one. A
        connection that fails asks again, saying why (the password may have been mistyped)."""
        problem = ""
        while True:
            choice = ServerDialog.ask(self, OPEN, self.settings, problem)
            if choice is None:
                return None
            if self.place.same(choice.place) and not self.network.read_only:
                return self.switch_database(choice.url)  # says it is already open here
            self.contacts_view.editor.commit_pending()
            self.save_settings()
            if self.window_factory is None:
                return None
            try:
                window = self.window_factory(choice.url, self)
            except DatabaseError as exc:
                problem = str(exc)
                continue
            if window is None:
                return None
            if choice.remember:
                credentials.save_password(choice.place, choice.password)
            self.replacement = window
            window.show()
            self.close()
            return window

    def share_network(self) -> bool:
        """File ▸ Share this network…: copy the open file to an empty database on a server (checked table by
        table), then offer to open the copy there. The file stays as it is."""
        if self.place.file is None or self.network.read_only:
            QMessageBox.information(
                self, self.tr("Share this network"),
                self.tr("{place} is shared already: the people with a role on its server open it with File ▸ Open "
                        "shared network….").format(place=self.offline_of or self.place),
            )
            return False
        self.contacts_view.editor.commit_pending()
        problem = ""
        while True:
            choice = ServerDialog.ask(self, SHARE, self.settings, problem)
            if choice is None:
                return False
            ok, message = copy_with_progress(
                self, self.tr("Copying {name} to {place}…").format(name=self.place.name, place=choice.place),
                self.place.target, choice.url,
            )
            if ok:
                break
            if message is None:
                return False  # cancelled: nothing was written on the server
            problem = message
        if choice.remember:
            credentials.save_password(choice.place, choice.password)
        answer = QMessageBox.question(
            self, self.tr("Share this network"),
            self.tr("{message}\n\nOpen the shared network now? Your team opens it with File ▸ Open shared "
                    "network…; this file stays as it was.").format(message=message),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Open,
        )
        if answer == QMessageBox.StandardButton.Open:
            self.switch_database(choice.url)
        return True

    def switch_database(self, path: Path | str) -> MainWindow | None:
        """Open *path* (a network file, or a server's URL) in a new window that replaces this one."""
        if self.window_factory is None:
            return None
        if self.place.same(path) and not self.network.read_only:
            QMessageBox.information(
                self, self.tr("Open network"),
                self.tr("{path} is already open in this window.").format(path=Place.of(path)),
            )
            return None
        self.contacts_view.editor.commit_pending()
        self.save_settings()
        try:
            window = self.window_factory(path, self)
        except DatabaseError as exc:
            QMessageBox.warning(self, self.tr("Cannot open network"), str(exc))
            # The factory rebound nothing on failure (a network open elsewhere is refused before its database
            # is opened); this window's database is still the open one.
            return None
        if window is None:
            return None  # declined (the offline copy of a server that cannot be reached)
        self.replacement = window
        window.show()
        self.close()
        return window

    def _on_restore_snapshot(self) -> None:
        if self.place.file is None or self.network.read_only:
            QMessageBox.information(
                self, self.tr("Restore snapshot"),
                self.tr("Snapshots are kept of network files. {place} keeps its own history on its server: "
                        "undo takes back a change, and `linkorganizer copy` makes a file of it.").format(
                    place=self.place
                ) if self.place.shared else self.tr("This copy is read-only; nothing can be restored into it."),
            )
            return
        snapshot = RestoreSnapshotDialog.ask(self, self.db_path, self.contacts_view.model.total)
        if snapshot is not None:
            restore_in_window(self, snapshot)

    def _on_theme(self, action) -> None:
        self.set_theme(action.data())

    def set_theme(self, theme: str) -> None:
        """Switch the colours (View ▸ Colours and Preferences… both come here, so the menu always shows it)."""
        preferences.write(self.settings, preferences.THEME, theme)
        self.actions.theme_actions[theme].setChecked(True)
        apply_theme(QApplication.instance(), theme)
        QTimer.singleShot(0, self._refresh_icons)

    def _refresh_icons(self) -> None:
        # Icons are drawn in the text colour, so a new palette needs them drawn again.
        self.actions.refresh_icons()
        for row, name in enumerate(self._view_icons):
            self.navigation.item(row).setIcon(icons.icon(name))
            self.page_actions[row].setIcon(icons.icon(name))
        self.saved_views.refresh_icons()
        self.contacts_view.filter_bar.refresh_icons()
        self.contacts_view.trash_banner.refresh_icons()

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About LinkOrganizer"),
            self.tr(
                "<h3>LinkOrganizer {version}</h3>"
                "<p>For people who build a deliberate professional network: quality over quantity, "
                "every connection with a purpose.</p>"
                "<p><b>Invitation</b> — ask “How may I help you?” before you accept.<br>"
                "<b>Introduction</b> — have a call, then decide whether to connect.<br>"
                "<b>Interaction</b> — keep the relationship reciprocal.</p>"
                "<p>Network file: {path}</p>"
            ).format(version=__version__, path=self.place),
        )

    # -- title, recent networks, the demo, preferences -----------------------------------------------------------

    def _file_stem(self) -> str:
        """A name for files made from this network (exports, backups)."""
        return Path(self.place.target).stem if self.place.file is not None else self.place.name.split(" ")[0]

    def _update_title(self) -> None:
        if self.place.file is not None and is_demo_database(self.place.file):
            name = self.tr("Demo network (sample data)")
        else:
            name = self.place.name
        if self.network.read_only:
            name = self.tr("{name} (read-only)").format(name=name)
        self.setWindowTitle(f"{name} — {APP_NAME}")
        if self.place.file is not None:
            self.setWindowFilePath(self.place.target)

    def _show_place(self) -> None:
        """A shared network says so in the status bar (and who this window is on it); a read-only copy too."""
        if self.network.read_only:
            text = self.tr("Read-only")
        elif self.place.shared:
            text = self.tr("Shared · {name}").format(name=self.place.name)
            if self.place.user:
                text += " · " + self.tr("signed in as {role}").format(role=self.place.user)
            self.place_label.setToolTip(self.place.target)
        else:
            text = ""
        self.place_label.setText(text)
        self.place_label.setVisible(bool(text))
        is_file = self.place.file is not None and not self.network.read_only
        self.actions.share_network.setEnabled(is_file)
        self.actions.restore_snapshot.setEnabled(is_file)

    def _on_feed_lost(self, message: str) -> None:
        self.place_label.setText(self.tr("Shared: not live"))
        self.place_label.setToolTip(message)
        self.statusBar().showMessage(message, 20000)

    def _connect_app_menus(self) -> None:
        a = self.actions
        if self.place.file is not None and not self.network.read_only:
            recent.remember_network(self.settings, self.place.file)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        self.fill_recent_menu()
        a.clear_recent.triggered.connect(self._on_clear_recent)
        a.open_demo.triggered.connect(self.open_demo)
        a.preferences.triggered.connect(self._on_preferences)
        if self.place.file is not None and is_demo_database(self.place.file):
            self.statusBar().showMessage(
                self.tr("This is the demo network: try anything, your own network is not touched. "
                        "File ▸ Recent networks takes you back."),
                15000,
            )

    def fill_recent_menu(self) -> None:
        """The recent networks, newest first; files that no longer exist are dropped from the list."""
        menu = self.recent_menu
        menu.clear()
        paths = recent.recent_networks(self.settings)
        home = Path.home()
        for number, path in enumerate(paths, 1):
            name = self.tr("Demo network") if is_demo_database(path) else path.stem
            folder = str(path.parent)
            if path.parent.is_relative_to(home):
                folder = "~" + os.sep + str(path.parent.relative_to(home)) if path.parent != home else "~"
            label = f"{name}  —  {folder}".replace("&", "&&")
            action = menu.addAction(f"&{number}  {label}" if number < 10 else label)
            action.setData(str(path))
            action.setStatusTip(str(path))
            action.setToolTip(str(path))
            if self.place.same(path):
                action.setEnabled(False)  # the open one: listed so the order reads true, nothing to switch to
            action.triggered.connect(lambda _checked=False, path=path: self.open_recent(path))
        if not paths:
            menu.addAction(self.tr("No recent networks")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.actions.clear_recent)
        self.actions.clear_recent.setEnabled(bool(paths))

    def open_recent(self, path: Path) -> MainWindow | None:
        if not path.is_file():
            recent.forget_network(self.settings, path)
            QMessageBox.warning(
                self,
                self.tr("Cannot open network"),
                self.tr("{path} no longer exists (moved or deleted); it was taken off the list.").format(path=path),
            )
            return None
        return self.switch_database(path)

    def _on_clear_recent(self) -> None:
        recent.clear_recent(self.settings)
        self.fill_recent_menu()

    def open_demo(self) -> MainWindow | None:
        """Help ▸ Open the demo network: the sample network in its own file, built first when it is missing."""
        if self.place.file is not None and is_demo_database(self.place.file):
            self.statusBar().showMessage(self.tr("The demo network is the one open."), 6000)
            return self
        self.contacts_view.editor.commit_pending()
        try:
            path = ensure_demo_database()
        except DatabaseError as exc:
            QMessageBox.warning(self, self.tr("Cannot open the demo network"), str(exc))
            return None
        return self.switch_database(path)

    def _on_preferences(self) -> None:
        self.contacts_view.editor.commit_pending()
        changes = PreferencesDialog.ask(self, self.settings, self.place.file or Path(self.place.name))
        if changes:
            self.apply_preferences(changes)

    def apply_preferences(self, changes: PreferenceChanges) -> bool:
        """Store what the Preferences dialog changed: this network's settings as one undoable step, then the
        app-wide preferences. False (with the reason shown) when the network refused a value."""
        if changes.network:
            command = SetSettingsCommand(
                self.bus, changes.network, self.tr("Change this network's settings")
            )
            self.undo_stack.push(command)
            if command.error:
                QMessageBox.warning(self, self.tr("Preferences"), command.error)
                return False
        for key, value in changes.app.items():
            if key == preferences.THEME.key:
                self.set_theme(value)
            else:
                preferences.write(self.settings, preferences.BY_KEY[key], value)
        self.settings.sync()
        self.statusBar().showMessage(self.tr("Preferences saved."), 6000)
        return True
