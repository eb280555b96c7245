"""What the user sees when something goes wrong that no code path expected.

:class:`CrashHandler` is ``sys.excepthook`` and ``threading.excepthook``. An exception is logged where it
happens (any thread), then handed to the GUI thread through a queued signal: no widget is ever built on a
worker thread (Qt forbids it, and the app would die). There :class:`ErrorDialog` says in one plain sentence
what happened and where the details were saved, with *Copy details* for a bug report; the app goes on.
An SQLite error of the environment (locked, disk full, damaged…) gets its plain sentence instead.
"""

from __future__ import annotations

import errno
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import PySide6
from PySide6.QtCore import QObject, Qt, Signal, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from linkorganizer import APP_NAME, __version__
from linkorganizer.core.network import error_name, known_problem
from linkorganizer.formats.textio import file_problem
from linkorganizer.log import log_files, redacted_traceback

log = logging.getLogger("linkorganizer.ui")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


@dataclass(frozen=True)
class ErrorReport:
    """What the error dialog shows; *details* (for Copy details) only for a bug."""

    title: str
    message: str
    details: str | None = None
    saved_to: Path | None = None


def versions() -> str:
    return (
        f"{APP_NAME} {__version__}\n"
        f"Python {sys.version.split()[0]} ({platform.python_implementation()})\n"
        f"Qt {qVersion()}, PySide6 {PySide6.__version__}\n"
        f"{platform.platform()}"
    )


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _tr(text: str) -> str:
    return QApplication.translate("ErrorDialog", text)


def build_report(exc: BaseException) -> ErrorReport:
    """Log *exc* and say what the user should read; safe on any thread (no widgets here)."""
    where = redacted_traceback(exc)
    problem = known_problem(exc)
    if problem is not None:
        log.warning("environment problem: %s\n%s", error_name(exc), where)
        message = _tr("{what}: your last change was not saved.").format(what=_capitalised(problem.what))
        if problem.advice:
            message += "\n" + _capitalised(problem.advice) + "."
        return ErrorReport(_tr("LinkOrganizer could not do that"), message)
    if isinstance(exc, OSError) and exc.errno in _PLAIN_ERRNOS and exc.filename:
        log.warning("file problem: %s\n%s", error_name(exc), where)
        return ErrorReport(
            _tr("LinkOrganizer could not do that"),
            _tr("{path}: {reason}.").format(path=exc.filename, reason=file_problem(exc)),
        )
    log.error("unexpected error: %s\n%s", error_name(exc), where)
    files = log_files()
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)) + "\n" + versions()
    return ErrorReport(
        _tr("Something went wrong"),
        _tr(
            "LinkOrganizer hit an unexpected problem and stopped what it was doing. "
            "Your network is safe: every change is saved as you make it."
        ),
        details,
        files.log_file if files is not None else None,
    )


_PLAIN_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT, errno.EISDIR, errno.ENOTDIR}


class ErrorDialog(QDialog):
    """A plain sentence, where the details went, and *Copy details* (only for a bug)."""

    def __init__(self, report: ErrorReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("errorDialog")
        self.report = report
        self.setWindowTitle(report.title)
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        top = QHBoxLayout()
        top.setSpacing(16)
        icon = QLabel()
        pixmaps = QStyle.StandardPixmap
        kind = pixmaps.SP_MessageBoxCritical if report.details else pixmaps.SP_MessageBoxWarning
        icon.setPixmap(self.style().standardIcon(kind).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        top.addWidget(icon)
        text = QVBoxLayout()
        heading = QLabel(f"<b>{report.title}</b>")
        text.addWidget(heading)
        self.message = QLabel(report.message)
        self.message.setObjectName("errorMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.addWidget(self.message)
        self.where = QLabel()
        self.where.setObjectName("errorDetailsSaved")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if report.details is not None:
            self.where.setText(
                self.tr("The details were saved to {path}.").format(path=report.saved_to)
                if report.saved_to is not None
                else self.tr("The details could not be saved to a file; Copy details still has them.")
            )
        self.where.setVisible(report.details is not None)
        text.addWidget(self.where)
        text.addStretch(1)
        top.addLayout(text, 1)
        layout.addLayout(top)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        self.copy_button: QPushButton | None = None
        if report.details is not None:
            self.copy_button = self.buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
            self.copy_button.setObjectName("copyDetails")
            self.copy_button.clicked.connect(self.copy_details)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        # Wrapped labels ask for too much height by width alone; size for the width the dialog opens at.
        self.resize(520, layout.totalHeightForWidth(520))

    def copy_details(self) -> None:
        if self.report.details is None:
            return
        QApplication.clipboard().setText(self.report.details)
        if self.copy_button is not None:
            self.copy_button.setText(self.tr("Copied"))

    @classmethod
    def show_report(cls, parent: QWidget | None, report: ErrorReport) -> ErrorDialog:
        """Show *report* without blocking (the app goes on); returns the dialog."""
        dialog = cls(report, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        dialog.show()
        dialog.raise_()
        return dialog


class CrashHandler(QObject):
    """The process's exception hooks: log on the thread that failed, show on the GUI thread."""

    _reported = Signal(object)  # ErrorReport, emitted from any thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._reported.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous: tuple[ExceptHook, Callable[[threading.ExceptHookArgs], Any]] | None = None
        self.dialog: ErrorDialog | None = None

    @classmethod
    def install(cls, app: QApplication) -> CrashHandler:
        handler = cls(app)
        handler._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = handler.handle_exception
        threading.excepthook = handler.handle_thread_exception
        return handler

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous
            self._previous = None

    def handle_exception(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        if value.__traceback__ is None:
            value = value.with_traceback(tb)
        try:
            report = build_report(value)
        except Exception:  # noqa: BLE001 - the hook of last resort must not fail in turn
            report = ErrorReport(_tr("Something went wrong"), _tr("LinkOrganizer hit an unexpected problem."))
        # Queued even on the GUI thread: the dialog opens once the failed slot has unwound.
        self._reported.emit(report)

    def handle_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or issubclass(args.exc_type, SystemExit):
            return
        self.handle_exception(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(self, report: ErrorReport) -> None:
        if self.dialog is not None:
            return  # one at a time: a failing paint would otherwise stack dialogs without end (it is logged)
        dialog = ErrorDialog.show_report(QApplication.activeWindow(), report)
        if isinstance(dialog, QDialog):
            self.dialog = dialog
            dialog.finished.connect(self._forget)

    def _forget(self) -> None:
        self.dialog = None
