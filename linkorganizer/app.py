"""Composition root: builds the services and the main window from a database path.

``create_main_window(db_path)`` needs an existing QApplication and does not start the event loop, so tests
and the real app build exactly the same window.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox

from linkorganizer import APP_NAME, __version__
from linkorganizer.db import DatabaseError, open_database, resolve_database_path
from linkorganizer.desktop import APP_ID
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.icons import app_icon
from linkorganizer.ui.main_window import MainWindow
from linkorganizer.ui.theme import apply_theme

log = logging.getLogger("linkorganizer")
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
    return window


def _log_path() -> Path:
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "linkorganizer.log"


def _install_crash_handler() -> None:
    """An unexpected error is logged in full and shown as a plain sentence, never as a traceback."""

    def handle(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(kind, value, tb))
        try:
            path = _log_path()
            with open(path, "a", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError:
            path = None
        log.error("unexpected error\n%s", text)
        where = f"\n\nThe details were saved to {path}." if path else ""
        QMessageBox.critical(
            None,
            QCoreApplication.translate("app", "Something went wrong"),
            QCoreApplication.translate("app", "LinkOrganizer hit an unexpected problem: {what}.").format(
                what=str(value) or kind.__name__
            )
            + where
            + QCoreApplication.translate("app", "\nYour network is safe: every change is saved as you make it."),
        )

    sys.excepthook = handle


def run_gui(db_argument: str | None = None) -> int:
    """Start the app (the ``linkorganizer`` command without a subcommand)."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationVersion(__version__)
    # The id of the installed desktop entry: Wayland compositors find the window's name and icon by it.
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    settings = app_settings()
    apply_theme(app, str(settings.value("view/theme", "system")))
    _install_crash_handler()
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
