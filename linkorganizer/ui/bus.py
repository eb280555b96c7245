"""Tells the views what changed, after a command or an import touched the database (Anki's ops pattern).

Each view listens to what concerns it and refreshes only that: a drop on the board repaints two cards, not
fifty; an edited contact repaints one table row.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
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
