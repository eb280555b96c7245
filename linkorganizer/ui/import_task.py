"""Running an import off the GUI thread, with a progress dialog that can cancel (and so roll back)."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from linkorganizer.core.importing import ImportReport
from linkorganizer.core.records import FormatError, ImportCancelled
from linkorganizer.core.network import DatabaseError, Network, describe_failure, error_name
from linkorganizer.formats import registry

log = logging.getLogger("linkorganizer.ui")
SHOW_PROGRESS_AFTER_MS = 500


class _ImportWorker(QObject):
    progressed = Signal(int)  # per mille
    succeeded = Signal(object)  # ImportReport
    failed = Signal(str)
    cancelled = Signal()
    crashed = Signal(object)  # the exception of a bug, for the GUI thread's crash handler

    def __init__(
        self, network: Network, path: Path, fmt: str, dry_run: bool, stop: threading.Event, options: dict[str, Any]
    ) -> None:
        super().__init__()
        self.network = network
        self.path, self.fmt, self.dry_run, self.stop, self.options = path, fmt, dry_run, stop, options

    def run(self) -> None:
        db = self.network.db
        try:
            report = registry.import_file(
                self.path,
                self.fmt,
                dry_run=self.dry_run,
                progress=lambda f: self.progressed.emit(int(f * 1000)),
                cancelled=self.stop.is_set,
                options=self.options,
                network=self.network,
            )
        except FormatError as exc:
            self.failed.emit(f"{exc}.")
        except ImportCancelled:
            self.cancelled.emit()
        except DatabaseError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, never let loose on this one
            problem = describe_failure(exc)  # disk full, locked … (by SQLite's error code)
            if problem is not None:
                log.info("import stopped: %s", error_name(exc))
                self.failed.emit(f"{db.database}: {problem}")
            else:
                # A bug (in a reader, say). Raised here it would reach the crash hook on this thread, which must
                # not build a dialog; the task hands it over and the GUI thread reports it.
                self.crashed.emit(exc)
        else:
            self.succeeded.emit(report)
        finally:
            db.close()  # this thread's own connection


class ImportTask(QObject):
    """One import: a worker thread plus, after half a second, a progress dialog with Cancel."""

    finished = Signal(object)  # ImportReport
    failed = Signal(str)
    cancelled = Signal()
    crashed = Signal()  # a bug stopped it (rolled back); the crash handler has been told

    def __init__(
        self,
        network: Network,
        path: str | Path,
        fmt: str = "auto",
        dry_run: bool = False,
        options: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._stop = threading.Event()
        self._thread = QThread(self)
        self._worker = _ImportWorker(network, self.path, fmt, dry_run, self._stop, dict(options or {}))
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.succeeded.connect(self._on_succeeded)
        self._worker.failed.connect(self._on_failed)
        self._worker.cancelled.connect(self._on_cancelled)
        self._worker.crashed.connect(self._on_crashed)
        label = self.tr("Reading {name}…") if dry_run else self.tr("Importing {name}…")
        self.dialog = QProgressDialog(
            label.format(name=self.path.name), self.tr("Cancel"), 0, 1000, parent
        )
        self.dialog.setWindowTitle(self.tr("Import"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self._worker.progressed.connect(self.dialog.setValue)
        self.result: ImportReport | None = None

    def start(self) -> None:
        self.dialog.setValue(0)
        self._thread.start()

    def cancel(self) -> None:
        self._stop.set()
        self.dialog.setLabelText(self.tr("Cancelling: undoing what was imported so far…"))

    def _done(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.dialog.reset()
        self.dialog.hide()
        # Let queued events settle before the caller shows its report.
        QTimer.singleShot(0, self.deleteLater)

    def _on_succeeded(self, report: ImportReport) -> None:
        self.result = report
        self._done()
        self.finished.emit(report)

    def _on_failed(self, message: str) -> None:
        self._done()
        self.failed.emit(message)

    def _on_cancelled(self) -> None:
        self._done()
        self.cancelled.emit()

    def _on_crashed(self, exc: BaseException) -> None:
        self._done()
        self.crashed.emit()
        sys.excepthook(type(exc), exc, exc.__traceback__)
