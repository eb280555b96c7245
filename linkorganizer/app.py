"""Composition root: builds the services and the main window from a database path.

``create_main_window(db_path)`` needs an existing QApplication and does not start the event loop, so tests
and the real app build exactly the same window.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from linkorganizer import APP_NAME, __version__
from linkorganizer.core import snapshots
from linkorganizer.core.network import DatabaseError, Network, resolve_database_path
from linkorganizer.core.sharing import Place
from linkorganizer.demo import ensure_demo_database
from linkorganizer.desktop import APP_ID
from linkorganizer.log import setup_logging
from linkorganizer.paths import create_private, narrow, private_folder
from linkorganizer.ui import offline, preferences
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.crash import CrashHandler
from linkorganizer.ui.dialogs.welcome_dialog import IMPORT_LINKEDIN, IMPORT_OTHER, OPEN_DEMO, WelcomeDialog
from linkorganizer.ui.icons import app_icon
from linkorganizer.ui.main_window import MainWindow
from linkorganizer.ui.network_lock import NetworkLock
from linkorganizer.ui.qtlog import install_qt_message_handler
from linkorganizer.ui.theme import apply_theme
from linkorganizer.ui.wheel_guard import install_wheel_guard

log = logging.getLogger("linkorganizer.ui")
ORGANIZATION = "LinkOrganizer"


def app_settings() -> QSettings:
    """The app's preferences file, readable by the user alone (it names the networks opened last)."""
    settings = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, "linkorganizer")
    path = Path(settings.fileName())
    try:
        private_folder(path.parent)
        # Qt rewrites the file through a temporary one that takes the old file's mode: made private once, it stays.
        os.close(create_private(path))
    except FileExistsError:
        narrow(path)
    except OSError:
        pass  # a folder that cannot be written: QSettings then keeps the preferences in memory
    return settings


def create_main_window(
    db_path: str | os.PathLike[str], settings: QSettings | None = None, read_only: bool = False
) -> MainWindow:
    """Open the network at *db_path* (a file, or a server's URL) and build the whole window for it (not shown).
    A file opened *read_only* is only read (the offline copy of a server network)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_main_window() needs a QApplication")
    install_wheel_guard(app)  # no field anywhere changes under a passing mouse wheel
    settings = settings if settings is not None else app_settings()
    place = Place.of(db_path)
    # Before the database is opened: a refused network leaves the models bound where they were. A network on a
    # server is made for several windows at once (each sees the others' changes), so it takes no lock.
    # Raises NetworkInUseError (a DatabaseError) when the file is open elsewhere.
    lock = NetworkLock.acquire(place.target) if place.file is not None and not read_only else None
    try:
        network = Network.open(str(db_path) if place.shared else place.target, read_only=read_only)
        if place.file is not None and not read_only:
            snapshots.daily(network)  # the day's snapshot, the first time the network opens today
        undo_stack = QUndoStack()
        bus = ChangeBus(network)
        window = MainWindow(
            network,
            undo_stack,
            bus,
            settings,
            window_factory=lambda target, parent=None: open_network_window(target, settings, parent),
        )
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if lock is not None:
        window.hold_lock(lock)
    return window


def open_network_window(
    target: str | os.PathLike[str], settings: QSettings, parent: QWidget | None = None
) -> MainWindow | None:
    """The window of the network at *target*. A server that cannot be reached offers the copy of its network
    kept on this computer, read-only. Raises :class:`DatabaseError` (also when the copy is declined)."""
    place = Place.of(target)
    if not place.shared:
        return create_main_window(target, settings)
    try:
        return create_main_window(target, settings)
    except DatabaseError as exc:
        when = offline.saved_at(place)
        if when is None:
            raise
        answer = QMessageBox.question(
            parent, QApplication.translate("app", "Cannot open the shared network"),
            QApplication.translate(
                "app",
                "{reason}\n\nThis computer keeps a copy of {place} from {when}. Open it to read? It is read-only: "
                "changes can be made again once the server can be reached.",
            ).format(reason=exc, place=place, when=when.strftime("%Y-%m-%d %H:%M")),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Open,
        )
        if answer != QMessageBox.StandardButton.Open:
            raise
        log.info("server unreachable: the offline copy opened read-only")
        window = create_main_window(offline.copy_path(place), settings, read_only=True)
        window.show_offline_of(place, when)
        return window


def start_network_path(db_argument: str | None, settings: QSettings, data_dir: Path | None = None) -> Path | str:
    """The network to open at start: ``--db``, else ``$LINKORGANIZER_DB``, else the last one opened (a file
    while it exists, or a server), else ``network.db`` in the data folder (the user data folder unless
    *data_dir* is given)."""
    explicit = db_argument or os.environ.get("LINKORGANIZER_DB")
    last = settings.value("database/last")
    if not explicit and last and (Place.of(str(last)).shared or Path(str(last)).exists()):
        explicit = str(last)
    if explicit or data_dir is None:
        return resolve_database_path(explicit)
    return data_dir / "network.db"


def open_start_window(db_argument: str | None, settings: QSettings, data_dir: Path | None = None) -> MainWindow | None:
    """The first window (not shown yet). When its network file does not exist yet, the welcome asks how to start
    first; None when the user closed it, and then no file was created. Raises :class:`DatabaseError`.

    Import choices create the network and open the window's own import file dialog once the event loop runs;
    the demo opens the sample network in its own file in the data folder (never the user's network).
    """
    path = start_network_path(db_argument, settings, data_dir)
    if isinstance(path, str):  # a network on a server
        try:
            return open_network_window(path, settings)
        except DatabaseError as exc:
            if db_argument or os.environ.get("LINKORGANIZER_DB"):
                raise  # asked for by name: nothing else is what the person wants
            # The network opened last, on a server that does not answer today: the app still starts, on the
            # network file of this computer.
            path = resolve_database_path(None) if data_dir is None else data_dir / "network.db"
            QMessageBox.warning(
                None, APP_NAME,
                QApplication.translate("app", "{reason}\n\nThe network file of this computer opens instead: "
                                              "{path}").format(reason=exc, path=path),
            )
    if path.exists():
        return create_main_window(path, settings)
    choice = WelcomeDialog.ask(None, path)
    if choice is None:
        return None
    if choice == OPEN_DEMO:
        return create_main_window(ensure_demo_database(data_dir), settings)
    window = create_main_window(path, settings)
    if choice in (IMPORT_LINKEDIN, IMPORT_OTHER):
        action = window.actions.import_linkedin if choice == IMPORT_LINKEDIN else window.actions.import_other
        # After the window is on screen, so the file dialog opens over it; the action dies with the window.
        QTimer.singleShot(0, action, action.trigger)
    return window


def run_gui(db_argument: str | None = None) -> int:
    """Start the app (the ``linkorganizer`` command without a subcommand)."""
    setup_logging("app")
    install_qt_message_handler()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    # The id of the installed desktop entry: Wayland compositors find the window's name and icon by it.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    settings = app_settings()
    apply_theme(app, preferences.read(settings, preferences.THEME))
    install_wheel_guard(app)  # before the welcome dialog: it is a window too
    CrashHandler.install(app)
    try:
        window = open_start_window(db_argument, settings)
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    if window is None:
        return 0  # the welcome was closed: nothing was created
    window.show()
    return app.exec()
