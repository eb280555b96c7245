"""Tells the views what changed, after an operation or its undo (Anki's ops pattern).

``changed(Changes, initiator)`` is the one signal: what the database log says an operation changed, per entity.
Each view takes what concerns it and refreshes only that: a drop on the board repaints two cards, not fifty; an
edited contact repaints one table row. The older per-entity signals below are emitted from the same Changes by
:meth:`ChangeBus.publish` for the views that still listen to them.
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

    # Contacts whose fields changed in place (rows stay where they are).
    contacts_changed = Signal(list)
    # Contacts were added, removed, trashed or restored: lists must be queried again.
    contacts_reloaded = Signal()
    tags_changed = Signal()
    # Invitations whose state or fields changed; [] means "reload the inbox".
    invitations_changed = Signal(list)
    introductions_changed = Signal()
    # Contacts whose interactions changed (their cadence and the due list follow).
    interactions_changed = Signal(list)
    # Goal groups whose cards must be redrawn; [] means "all of them" (created, deleted, reordered).
    groups_changed = Signal(list)

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
        if changes.reload:
            self.contacts_reloaded.emit()
        elif changes.contacts or changes.interactions:
            # An interaction changes its contact's row too (the "Last interaction" column).
            self.contacts_changed.emit(sorted(changes.contacts | changes.interactions))
        if changes.tags:
            self.tags_changed.emit()
        if changes.invitations or changes.settings:
            # Settings hold the reply templates and the follow-up delay the inbox shows: it reads itself again.
            self.invitations_changed.emit([] if changes.settings else sorted(changes.invitations))
        if changes.introductions or changes.settings:
            self.introductions_changed.emit()  # the weekly call goal is a setting
        if changes.interactions:
            self.interactions_changed.emit(sorted(changes.interactions))
        if changes.groups or changes.groups_added_or_removed:
            self.groups_changed.emit([] if changes.groups_added_or_removed else sorted(changes.groups))

    def report_failure(self, exc: BaseException, title: str) -> None:
        """A change that failed and wrote nothing: a refused value is said in the window; anything else goes to
        the error dialog, which says a locked database or a full disk plainly and shows a bug with its details."""
        if isinstance(exc, ValidationError):
            self.failed.emit(str(exc))
            return
        log.info("change not saved: %s", type(exc).__name__)
        sys.excepthook(type(exc), exc, exc.__traceback__)
