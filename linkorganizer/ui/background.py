"""Long database work off the GUI thread: the window keeps drawing while a worker does it.

:func:`run_with_progress` runs a function on a thread of its own (with its own database connection, closed
when it is done) and waits for it in a local event loop behind a progress dialog, so the caller reads like a
plain call — an undo command's ``undo()`` stays synchronous — while the window repaints, timers fire and the
progress shows. An exception comes back to the GUI thread and is raised there, traceback and all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from linkorganizer.core.network import close_thread_connection

T = TypeVar("T")
SHOW_PROGRESS_AFTER_MS = 400


class _Done(QObject):
    finished = Signal()


def run_with_progress(parent: QWidget | None, label: str, function: Callable[..., T], *args: Any) -> T:
    outcome: dict[str, Any] = {}
    done = _Done()

    def work() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread below
            outcome["error"] = exc
        finally:
            close_thread_connection()
            done.finished.emit()  # queued to the GUI thread: the loop below ends

    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setCancelButton(None)  # one transaction: it finishes or rolls back, there is nothing to stop halfway
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
    dialog.setValue(0)
    loop = QEventLoop()
    done.finished.connect(loop.quit, Qt.ConnectionType.QueuedConnection)
    worker = threading.Thread(target=work, name="linkorganizer-worker", daemon=True)
    worker.start()
    loop.exec()
    worker.join()
    dialog.reset()
    dialog.hide()
    dialog.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
