"""Qt's own messages (qWarning and friends) go to the app's log, not to a terminal nobody sees."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

log = logging.getLogger("linkorganizer.ui.qt")

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}

QtMessageHandler = Callable[[QtMsgType, QMessageLogContext, str], None]


def qt_message_handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "default"
    name = log.name if category == "default" else f"{log.name}.{category}"
    logging.getLogger(name).log(LEVELS.get(kind, logging.WARNING), "%s", message)


def install_qt_message_handler() -> QtMessageHandler | None:
    """Route Qt's messages to the log; returns the handler it replaced."""
    return qInstallMessageHandler(qt_message_handler)
