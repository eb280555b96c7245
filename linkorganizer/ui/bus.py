"""Tells the views what changed, after an operation or its undo (Anki's ops pattern).

``changed(Changes, initiator)`` is the one signal: what the database log says an operation changed, per entity.
Each view takes what concerns it and refreshes only that, once: a drop on the board repaints two cards, not
fifty; an edited contact repaints one table row. A page that is not shown marks itself out of date instead.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.network import Changes, Network

log = logging.getLogger("linkorganizer.ui")


class ChangeBus(QObject):
    """The signals of one window's network; commands find the network here."""

    changed = Signal(object, object)  # Changes, initiator (the view that made the change, or None)
    # A change that could not be made, said in one plain sentence (nothing was written).
    failed = Signal(str)

    def __init__(self, network: Network) -> None:
        super().__init__()
        self.network = network

    def window(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def publish(self, changes: Changes, initiator: object = None) -> None:
        """Tell every view what one operation (or its undo or redo) changed."""
        if not changes:
            return
        self.changed.emit(changes, initiator)

    def report_failure(self, exc: BaseException, title: str) -> None:
        """A change that failed and wrote nothing: a refused value is said in the window; anything else goes to
        the error dialog, which says a locked database or a full disk plainly and shows a bug with its details."""
        if isinstance(exc, ValidationError):
            self.failed.emit(str(exc))
            return
        log.info("change not saved: %s", type(exc).__name__)
        sys.excepthook(type(exc), exc, exc.__traceback__)
