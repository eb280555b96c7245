"""The copy of a shared network kept on this computer, to read while its server cannot be reached.

Each time a window opens a network on a server, a copy of it is made in the user data folder (``offline/``),
by the ``copy`` command in a process of its own: the window keeps working meanwhile, and the copy is checked
table by table as every copy is. It holds what this person may see (a private note of another is not in it).
When the server cannot be reached later, the window offers that copy, read-only: nothing written to it could
go back to the server.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, QProcess, QProcessEnvironment, Qt, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from linkorganizer.core.sharing import Place, offline_copy_path, split_password
from linkorganizer.paths import private_folder, user_data_dir

log = logging.getLogger("linkorganizer.ui")
PART = ".part"


def offline_folder() -> Path:
    return user_data_dir() / "offline"


def copy_path(place: Place) -> Path:
    """Where the offline copy of the server network at *place* is kept."""
    return offline_copy_path(place, offline_folder())


def saved_at(place: Place) -> _dt.datetime | None:
    """When the offline copy of *place* was made (local time), or None when there is none."""
    try:
        return _dt.datetime.fromtimestamp(copy_path(place).stat().st_mtime)
    except OSError:
        return None


def cli_command() -> list[str]:
    """How this installation runs its command line: the frozen build's ``linkorganizer-cli`` beside the app,
    else this Python with the package."""
    if getattr(sys, "frozen", False):
        name = "linkorganizer-cli.exe" if os.name == "nt" else "linkorganizer-cli"
        return [str(Path(sys.executable).with_name(name))]
    return [sys.executable, "-m", "linkorganizer"]


class CopyProcess(QObject):
    """The ``copy`` command run in a process of its own: the window keeps drawing and stays responsive, and a
    stopped copy writes nothing (it commits in one transaction, checked, at its end)."""

    finished = Signal(bool, str)  # whether it copied; its last line (what it copied, or why it refused)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._process: QProcess | None = None

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self, source: str, dest: str) -> bool:
        """Copy the network at *source* to *dest* (a file or a URL each; a password in a URL is handed over
        through the environment). False when a copy runs already."""
        if self._process is not None:
            return False
        passwords = []
        arguments = []
        for target in (source, dest):
            if Place.of(target).shared:
                target, password = split_password(target)
                if password is not None:
                    passwords.append(password)
            arguments.append(target)
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        if passwords:
            environment.insert("PGPASSWORD", passwords[0])  # one server end: a file is the other
        process.setProcessEnvironment(environment)
        command = cli_command()
        process.setProgram(command[0])
        process.setArguments([*command[1:], "copy", *arguments])
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._failed_to_start)
        self._process = process
        process.start()
        return True

    def _failed_to_start(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            self._done(False, self.tr("the copy could not be started ({program})").format(
                program=self._process.program()
            ))

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._process is None:
            return
        ok = status == QProcess.ExitStatus.NormalExit and code == 0
        stream = self._process.readAllStandardOutput() if ok else self._process.readAllStandardError()
        lines = bytes(stream).decode("utf-8", "replace").strip().splitlines()
        last = lines[-1].removeprefix("linkorganizer: ") if lines else ""
        log.info("copy %s (exit %s)", "done" if ok else "refused", code)
        self._done(ok, last or (self.tr("copied") if ok else self.tr("the copy stopped")))

    def _done(self, ok: bool, message: str) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        self.finished.emit(ok, message)

    def stop(self) -> None:
        """Stop the copy: nothing is committed at its destination."""
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect(self._finished)
        process.kill()
        process.waitForFinished(5000)
        process.deleteLater()


class OfflineCopy(QObject):
    """Refreshes the offline copy of one shared network in the background (one refresh at a time)."""

    finished = Signal(bool, str)  # whether the copy was replaced; a sentence for the status bar

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.place = Place.of(url)
        self.target = copy_path(self.place)
        self.part = self.target.with_name(self.target.name + PART)
        self._copy = CopyProcess(self)
        self._copy.finished.connect(self._finished)

    @property
    def running(self) -> bool:
        return self._copy.running

    def start(self) -> bool:
        """Start making a new copy; False when one is being made already or the folder cannot be written."""
        if self._copy.running:
            return False
        try:
            private_folder(self.target.parent)
            _remove(self.part)
        except OSError as exc:
            log.info("offline copy not made: %s", type(exc).__name__)
            return False
        log.info("offline copy started")
        return self._copy.start(self.url, str(self.part))

    def _finished(self, ok: bool, message: str) -> None:
        if ok:
            try:
                os.replace(self.part, self.target)
            except OSError:
                ok = False
        if not ok:
            _remove(self.part)
            self.finished.emit(False, self.tr("No copy of this network was kept on this computer: {reason}").format(
                reason=message
            ))
            return
        self.finished.emit(True, self.tr("A copy of this network is kept on this computer, to read when the server "
                                         "cannot be reached."))

    def stop(self) -> None:
        """Stop a copy being made (the window closes); the previous copy stays as it was."""
        if self._copy.running:
            self._copy.stop()
            _remove(self.part)


def copy_with_progress(parent: QWidget | None, label: str, source: str, dest: str) -> tuple[bool, str | None]:
    """Copy *source* to *dest* behind a progress dialog with Cancel: (True, what was copied), (False, why it
    was refused), or (False, None) when cancelled (nothing was written at *dest*)."""
    copy = CopyProcess()
    outcome: list[tuple[bool, str]] = []
    loop = QEventLoop()

    def finished(ok: bool, message: str) -> None:
        outcome.append((ok, message))
        loop.quit()

    copy.finished.connect(finished)
    dialog = QProgressDialog(label, QApplication.translate("offline", "Cancel"), 0, 0, parent)
    dialog.setObjectName("copyProgress")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.canceled.connect(loop.quit)
    copy.start(source, dest)
    if copy.running:
        loop.exec()
    cancelled = not outcome
    if cancelled:
        copy.stop()
    dialog.reset()
    dialog.deleteLater()
    copy.deleteLater()
    if cancelled:
        return False, None
    return outcome[0]


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            name.unlink()
        except FileNotFoundError:
            pass
