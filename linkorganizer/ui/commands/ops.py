"""The one undo command: an operation that already committed, undone and redone from the database's log.

A command is pushed only *after* its operation committed (:func:`perform`), so a write that failed — a locked
database, a full disk, a value refused — leaves no step on the stack. Undo and redo replay the whole operation
set-wise (:meth:`Network.undo`); a long one (an import) runs on a worker thread while the window keeps drawing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.network import Changes, Network, UndoBlocked, describe_failure
from linkorganizer.ui.background import run_with_progress
from linkorganizer.ui.bus import ChangeBus

log = logging.getLogger("linkorganizer.ui")
T = TypeVar("T")


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


class OpCommand(QUndoCommand):
    """An operation that ran: the first redo (Qt's, on push) does nothing; later ones replay it."""

    def __init__(
        self, network: Network, bus: ChangeBus, op_id: int, title: str, long: bool = False, initiator: object = None
    ) -> None:
        super().__init__(title)
        self.network, self.bus, self.op_id, self.long, self.initiator = network, bus, op_id, long, initiator
        self._done = True  # the operation itself was the first "do"

    def redo(self) -> None:
        if self._done:
            return
        self._replay(self.network.redo, tr("Redoing {title}…"))
        self._done = True

    def undo(self) -> None:
        self._replay(self.network.undo, tr("Undoing {title}…"))
        self._done = False

    def _replay(self, step: Callable[[int], Changes], label: str) -> None:
        try:
            if self.long:
                changes = run_with_progress(self.bus.window(), label.format(title=self.text()), step, self.op_id)
            else:
                changes = step(self.op_id)
        except UndoBlocked as exc:
            # The stack moved on; the step it cannot replay goes (Qt deletes an obsolete command).
            self.setObsolete(True)
            self.bus.failed.emit(tr("“{title}” can't be undone: {reason}.").format(title=self.text(), reason=exc))
            return
        except Exception as exc:  # noqa: BLE001 - said plainly (locked, disk full) or handed to the crash hook
            self.setObsolete(True)
            self.bus.report_failure(exc, self.text())
            return
        self.bus.publish(changes, self.initiator)


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
        self._applied = False

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
        self._applied = True
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
        self._applied = step == self.network.redo
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


class UndoOpCommand(OpCommand):
    """Taking back an earlier operation out of order (an import from the history): the step is the undo."""

    def __init__(self, network: Network, bus: ChangeBus, op_id: int, title: str, long: bool = False) -> None:
        super().__init__(network, bus, op_id, title, long)
        self._done = False

    def redo(self) -> None:
        OpCommand.undo(self)
        self._done = True

    def undo(self) -> None:
        self._replay(self.network.redo, tr("Bringing back {title}…"))
        self._done = False


def perform(
    undo_stack: QUndoStack,
    network: Network,
    bus: ChangeBus,
    title: str,
    change: Callable[[], T],
    initiator: object = None,
) -> T | None:
    """Run *change* as one operation; once it committed, put it on the stack and say what changed.

    Returns what *change* returned, or None when it failed (then nothing was written, no step was pushed, and
    the bus said why).
    """
    try:
        with network.op(title) as op:
            result = change()
    except Exception as exc:  # noqa: BLE001 - a refused value, a locked database: said, never half-written
        bus.report_failure(exc, title)
        return None
    if op.changes:
        undo_stack.push(OpCommand(network, bus, op.id, title, initiator=initiator))
        bus.publish(op.changes, initiator)
    return result


__all__ = ["LoggedCommand", "OpCommand", "UndoOpCommand", "perform"]
