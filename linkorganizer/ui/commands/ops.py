"""The one undo command: a change run as one operation, undone and redone from the database's log.

A first redo that changed nothing, or failed — a value refused, a locked database, a full disk — makes the
command obsolete, so ``QUndoStack.push`` drops it: a failed write leaves no step on the stack. Undo and redo
replay the whole operation set-wise (:meth:`Network.undo`); a long one (an import) runs on a worker thread while
the window keeps drawing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.network import Changes, UndoBlocked, describe_failure
from linkorganizer.ui.background import run_with_progress
from linkorganizer.ui.bus import ChangeBus

log = logging.getLogger("linkorganizer.ui")


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


class LoggedCommand(QUndoCommand):
    """A change made by a command: the first redo runs :meth:`perform` as one operation; undo and redo after
    that replay the operation from the database's log (nothing here writes an inverse).

    A first redo that changed nothing, or was refused, makes the command obsolete, so ``QUndoStack.push``
    drops it: a failed write leaves no step. The refusal is in ``error`` (a plain sentence) for the caller to
    show; with ``report_errors`` the bus shows it instead (callers that do not look).
    """

    report_errors = False
    long = False  # replayed on a worker thread behind a progress dialog

    def __init__(self, bus: ChangeBus, text: str) -> None:
        super().__init__(text)
        self.bus = bus
        self.network = bus.network
        self.error: str | None = None
        self.changed = False
        self.op_ids: list[int] = []

    def perform(self) -> object:
        """The change, with core functions (inside the operation's transaction)."""
        raise NotImplementedError

    def redo(self) -> None:
        if self.op_ids:
            self._replay(list(self.op_ids), self.network.redo, tr("Redoing {title}…"), tr("redone"))
            return
        try:
            with self.network.op(self.text()) as op:
                self.perform()
        except Exception as exc:  # noqa: BLE001 - a refusal, or a locked/full database: nothing was written
            self._refused(exc)
            return
        if not op.changes:
            self.setObsolete(True)  # nothing changed: no step
            return
        self.changed = True
        self.op_ids = [op.id]
        self.bus.publish(op.changes, self)

    def undo(self) -> None:
        self._replay(list(reversed(self.op_ids)), self.network.undo, tr("Undoing {title}…"), tr("undone"))

    def _replay(self, op_ids: list[int], step: Callable[[int], Changes], label: str, done_word: str) -> None:
        def run() -> list[Changes]:
            return [step(op_id) for op_id in op_ids]

        try:
            if self.long:
                done = run_with_progress(self.bus.window(), label.format(title=self.text()), run)
            else:
                done = run()
        except UndoBlocked as exc:
            self.setObsolete(True)
            self.bus.failed.emit(
                tr("“{title}” can no longer be {done}: {reason}.").format(title=self.text(), done=done_word, reason=exc)
            )
            return
        except Exception as exc:  # noqa: BLE001 - said plainly, or handed to the crash dialog
            self.setObsolete(True)
            self.bus.report_failure(exc, self.text())
            return
        for changes in done:
            self.bus.publish(changes, self)

    def _refused(self, exc: Exception) -> None:
        self.setObsolete(True)
        if isinstance(exc, ValidationError):  # a value the core refused: the caller (or the window) says why
            self.error = str(exc)
            if self.report_errors:
                self.bus.failed.emit(self.error)
            return
        self.error = describe_failure(exc) or tr("“{title}” could not be saved.").format(title=self.text())
        self.bus.report_failure(exc, self.text())  # locked, disk full (a plain dialog), or a bug (the crash dialog)

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Merge a following command of the same kind (``id()``): one undo step for both operations."""
        if not isinstance(other, LoggedCommand) or other.id() != self.id() or self.id() == -1:
            return False
        self.op_ids += other.op_ids
        return True


class OpCommand(LoggedCommand):
    """An operation that already ran (an import, on its worker thread): the push's redo has nothing to do."""

    long = True

    def __init__(self, bus: ChangeBus, op_id: int, title: str) -> None:
        super().__init__(bus, title)
        self.op_ids = [op_id]
        self.changed = True
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True  # QUndoStack.push calls redo(); the operation is already in
            return
        super().redo()


class UndoOpCommand(LoggedCommand):
    """Taking back an earlier operation out of order (an import from the history): the step is its undo."""

    long = True

    def __init__(self, bus: ChangeBus, op_id: int, title: str) -> None:
        super().__init__(bus, title)
        self.target = op_id

    def redo(self) -> None:
        self._replay([self.target], self.network.undo, tr("Taking back {title}…"), tr("redone"))

    def undo(self) -> None:
        self._replay([self.target], self.network.redo, tr("Bringing back {title}…"), tr("undone"))


__all__ = ["LoggedCommand", "OpCommand", "UndoOpCommand"]
