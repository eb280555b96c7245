"""Tells the views what changed, after a command or an import touched the database (Anki's ops pattern)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class ChangeBus(QObject):
    # Contacts whose fields changed in place (rows stay where they are).
    contacts_changed = Signal(list)
    # Contacts were added, removed, trashed or restored: lists must be queried again.
    contacts_reloaded = Signal()
    tags_changed = Signal()
