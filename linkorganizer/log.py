"""The log file and the crash file, for the app and the command line alike. No Qt here.

One rotating log (``linkorganizer.log``) and one crash file (``crash.log``, written by :mod:`faulthandler` when
the interpreter itself dies) in :func:`linkorganizer.paths.user_log_dir`, a folder only the user can read. Each
layer logs to its own logger (``linkorganizer.db``, ``.core``, ``.formats``, ``.ui``, ``.cli``). What is logged is
counts, ids, format names and exception types: never a contact's name, notes or message text.
"""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from linkorganizer import __version__
from linkorganizer.db.errors import error_name
from linkorganizer.paths import user_log_dir

LOG_FILE = "linkorganizer.log"
CRASH_FILE = "crash.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(threadName)s] %(message)s"
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700

log = logging.getLogger("linkorganizer")


@dataclass
class LogFiles:
    folder: Path
    log_file: Path
    crash_file: Path | None  # None when the crash file could not be opened


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose every file (the rotated ones too) is created readable by the user alone."""

    def _open(self) -> IO[str]:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        _make_private(self.baseFilename, PRIVATE_FILE)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)


def _make_private(path: str | os.PathLike[str], mode: int) -> None:
    # A file or folder made by an older version (or by hand) is narrowed too; Windows has no such modes.
    if os.name == "posix":
        os.chmod(path, mode)


_state: dict[str, object] = {}


def setup_logging(program: str, folder: Path | None = None) -> LogFiles | None:
    """Log to the rotating file and arm :mod:`faulthandler` with the crash file; once per process.

    Returns where the files are, or None when the folder cannot be written (then nothing is logged, and the
    program runs on: a log is never a reason to refuse work).
    """
    if "files" in _state:
        return _state["files"]  # type: ignore[return-value]
    folder = Path(folder) if folder is not None else user_log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
        _make_private(folder, PRIVATE_FOLDER)
        handler = _PrivateRotatingFileHandler(
            folder / LOG_FILE, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(FORMAT))
    root = logging.getLogger("linkorganizer")
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    crash_file = _arm_faulthandler(folder / CRASH_FILE)
    files = LogFiles(folder, folder / LOG_FILE, crash_file)
    _state.update(files=files, handler=handler)
    log.info(
        "%s %s started (Python %s, %s, pid %d)",
        program, __version__, sys.version.split()[0], sys.platform, os.getpid(),
    )
    if crash_file is not None and crash_file.stat().st_size > 0:
        log.warning("an earlier run crashed; its trace is in %s", crash_file)
    return files


def _arm_faulthandler(path: Path) -> Path | None:
    """Point faulthandler at *path*, so a hard crash (a segfault in Qt, say) leaves a trace with no terminal."""
    try:
        if path.exists() and path.stat().st_size > MAX_BYTES:
            path.unlink()  # old traces only; the newest crash is the one that matters
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE)
        _make_private(path, PRIVATE_FILE)
    except OSError:
        return None
    # Kept open for the life of the process: faulthandler writes to the descriptor from a signal handler.
    stream = os.fdopen(fd, "a", encoding="utf-8")
    faulthandler.enable(file=stream, all_threads=True)
    _state["crash_stream"] = stream
    return path


def shutdown_logging() -> None:
    """Stop writing the log and the crash file (at exit, or to set them up again elsewhere)."""
    handler = _state.pop("handler", None)
    if isinstance(handler, logging.Handler):
        logging.getLogger("linkorganizer").removeHandler(handler)
        handler.close()
    stream = _state.pop("crash_stream", None)
    if stream is not None:
        faulthandler.disable()
        stream.close()  # type: ignore[attr-defined]
    _state.pop("files", None)


def log_files() -> LogFiles | None:
    """Where this process logs (None before :func:`setup_logging`, or when its folder cannot be written)."""
    return _state.get("files")  # type: ignore[return-value]


def redacted_traceback(exc: BaseException) -> str:
    """The traceback with every exception's message left out: messages can quote a contact's data, the log
    must not. Frames, types and SQLite's code names stay, and they are what finds a bug."""
    parts: list[str] = []
    seen: set[int] = set()

    def add(current: BaseException) -> None:
        if id(current) in seen:
            return
        seen.add(id(current))
        if current.__cause__ is not None:
            add(current.__cause__)
            parts.append("\nThe above exception was the direct cause of the following exception:\n\n")
        elif current.__context__ is not None and not current.__suppress_context__:
            add(current.__context__)
            parts.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(current.__traceback__))
        parts.append(f"{type(current).__module__}.{error_name(current)} (message not logged)\n")

    add(exc)
    return "".join(parts)
