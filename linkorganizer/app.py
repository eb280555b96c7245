"""Composition root: builds the services and the main window from a database path.

``create_main_window(db_path)`` needs an existing QApplication and does not start the event loop, so tests
and the real app build exactly the same window.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from linkorganizer import APP_NAME, __version__
from linkorganizer.db import DatabaseError, open_database, resolve_database_path
from linkorganizer.log import setup_logging
from linkorganizer.paths import resources_dir
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.crash import CrashHandler
from linkorganizer.ui.main_window import MainWindow
from linkorganizer.ui.network_lock import NetworkLock
from linkorganizer.ui.qtlog import install_qt_message_handler
from linkorganizer.ui.theme import apply_theme

log = logging.getLogger("linkorganizer.ui")
ORGANIZATION = "LinkOrganizer"


def app_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, "linkorganizer")


def create_main_window(db_path: str | os.PathLike[str], settings: QSettings | None = None) -> MainWindow:
    """Open the database at *db_path* and build the whole window for it (not shown)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("create_main_window() needs a QApplication")
    settings = settings if settings is not None else app_settings()
    path = Path(db_path)
    # Before the database is opened: a refused network leaves the models bound where they were.
    lock = NetworkLock.acquire(path)  # raises NetworkInUseError (a DatabaseError) when it is open elsewhere
    try:
        open_database(path)
        undo_stack = QUndoStack()
        bus = ChangeBus()
        window = MainWindow(
            path,
            undo_stack,
            bus,
            settings,
            window_factory=lambda new_path: create_main_window(new_path, settings),
        )
    except BaseException:
        lock.release()
        raise
    window.hold_lock(lock)
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
    app.setDesktopFileName("linkorganizer")
    icon = resources_dir() / "linkorganizer.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    settings = app_settings()
    apply_theme(app, str(settings.value("view/theme", "system")))
    CrashHandler.install(app)
    explicit = db_argument or os.environ.get("LINKORGANIZER_DB")
    last = settings.value("database/last")
    path = resolve_database_path(explicit or (str(last) if last and Path(str(last)).exists() else None))
    try:
        window = create_main_window(path, settings)
    except DatabaseError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window.show()
    return app.exec()
