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
from urllib.parse import unquote, urlsplit, urlunsplit

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from linkorganizer.core.sharing import Place, offline_copy_path
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


def _without_password(url: str) -> tuple[str, str | None]:
    """*url* without its password, and the password (handed to the copy through its environment, never its
    command line, which other users of the machine can read)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url, None
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{user}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), unquote(parts.password)


class OfflineCopy(QObject):
    """Refreshes the offline copy of one shared network in the background (one refresh at a time)."""

    finished = Signal(bool, str)  # whether the copy was replaced; a sentence for the status bar

    def __init__(self, url: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.url = url
        self.place = Place.of(url)
        self.target = copy_path(self.place)
        self.part = self.target.with_name(self.target.name + PART)
        self._process: QProcess | None = None

    @property
    def running(self) -> bool:
        return self._process is not None

    def start(self) -> bool:
        """Start making a new copy; False when one is being made already or the folder cannot be written."""
        if self._process is not None:
            return False
        try:
            private_folder(self.target.parent)
            _remove(self.part)
        except OSError as exc:
            log.info("offline copy not made: %s", type(exc).__name__)
            return False
        url, password = _without_password(self.url)
        process = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        if password is not None:
            environment.insert("PGPASSWORD", password)
        process.setProcessEnvironment(environment)
        command = cli_command()
        process.setProgram(command[0])
        process.setArguments([*command[1:], "copy", url, str(self.part)])
        process.finished.connect(self._finished)
        process.errorOccurred.connect(self._failed_to_start)
        self._process = process
        process.start()
        log.info("offline copy started")
        return True

    def _failed_to_start(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._done(False, self.tr("No copy of this network could be kept on this computer."))

    def _finished(self, code: int, status: QProcess.ExitStatus) -> None:
        if self._process is None:
            return
        if status == QProcess.ExitStatus.NormalExit and code == 0:
            try:
                os.replace(self.part, self.target)
            except OSError:
                self._done(False, self.tr("No copy of this network could be kept on this computer."))
                return
            self._done(True, self.tr("A copy of this network is kept on this computer, to read when the server "
                                     "cannot be reached."))
            return
        reason = bytes(self._process.readAllStandardError()).decode("utf-8", "replace").strip().splitlines()
        log.info("offline copy failed (exit %s)", code)
        self._done(False, self.tr("No copy of this network was kept on this computer: {reason}").format(
            reason=reason[-1] if reason else self.tr("the copy stopped")
        ))

    def _done(self, replaced: bool, message: str) -> None:
        process, self._process = self._process, None
        if process is not None:
            process.deleteLater()
        if not replaced:
            _remove(self.part)
        self.finished.emit(replaced, message)

    def stop(self) -> None:
        """Stop a copy being made (the window closes); the previous copy stays as it was."""
        process, self._process = self._process, None
        if process is None:
            return
        process.finished.disconnect(self._finished)
        process.kill()
        process.waitForFinished(5000)
        _remove(self.part)


def _remove(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            name.unlink()
        except FileNotFoundError:
            pass
