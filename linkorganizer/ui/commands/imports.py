"""Undo commands for imports: a whole batch taken back, or put back, in one step."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from linkorganizer.core import batches
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.contacts import tr


class ImportBatchCommand(QUndoCommand):
    """An import that already ran: undo takes the whole batch back, redo applies it again (same ids)."""

    def __init__(self, bus: ChangeBus, batch_id: int, file_name: str) -> None:
        super().__init__(tr("Import {name}").format(name=file_name))
        self.bus = bus
        self.batch_id = batch_id
        self._applied = True  # the import itself did the first "redo"

    def redo(self) -> None:
        if not self._applied:
            batches.redo_batch(self.batch_id)
            self._applied = True
            self._notify()

    def undo(self) -> None:
        # Everything pushed after the import has been undone first, so nothing on the stack can block it.
        batches.undo_batch(self.batch_id, force=True)
        self._applied = False
        self._notify()

    def _notify(self) -> None:
        self.bus.contacts_reloaded.emit()
        self.bus.tags_changed.emit()


class UndoImportCommand(QUndoCommand):
    """Taking back an older import from the history (itself undoable: redo of the import)."""

    def __init__(self, bus: ChangeBus, batch_id: int, file_name: str) -> None:
        super().__init__(tr("Undo import of {name}").format(name=file_name))
        self.bus = bus
        self.batch_id = batch_id
        self._first = True

    def redo(self) -> None:
        batches.undo_batch(self.batch_id, force=not self._first)
        self._first = False
        self.bus.contacts_reloaded.emit()
        self.bus.tags_changed.emit()

    def undo(self) -> None:
        batches.redo_batch(self.batch_id)
        self.bus.contacts_reloaded.emit()
        self.bus.tags_changed.emit()
