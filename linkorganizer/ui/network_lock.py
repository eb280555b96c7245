"""One window per network: a lock file beside the database, held by the window that has it open.

Two windows on one network would each hold their own view of it and overwrite each other's changes, so the
second is refused with a sentence that says where the network is open. The lock is a :class:`QLockFile`
(``network.db.lock``): it records the holder's process id, and a lock left by a process that no longer runs
(the app crashed, the machine lost power) is taken over. The command line does not take it: a backup or an
export while the app runs is safe (SQLite serialises the writes) and must keep working.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QLockFile

from linkorganizer.core.network import DatabaseError

log = logging.getLogger("linkorganizer.ui")
LOCK_SUFFIX = ".lock"


class NetworkInUseError(DatabaseError):
    """The network is open in another LinkOrganizer window (of this process or another)."""

    def __init__(self, path: Path, pid: int | None) -> None:
        self.path = path
        self.pid = pid
        holder = f" (process {pid})" if pid else ""
        super().__init__(
            f"{path} is already open in another LinkOrganizer window{holder}. "
            "Switch to that window, or close it and open the network again."
        )


def lock_path(db_path: str | os.PathLike[str]) -> Path:
    """The lock file of a network: beside its database file (links resolved, so two names share one lock)."""
    resolved = Path(db_path).expanduser().resolve()
    return resolved.with_name(resolved.name + LOCK_SUFFIX)


def _holder_pid(lock: QLockFile) -> int | None:
    info = lock.getLockInfo()  # PySide6: (pid, hostname, appname), or False once the holder let go
    if isinstance(info, tuple) and info and isinstance(info[0], int) and info[0] > 0:
        return info[0]
    return None


class NetworkLock:
    """The lock on one network, held from :meth:`acquire` until :meth:`release` (or the process ends)."""

    def __init__(self, db_path: Path, lock: QLockFile | None) -> None:
        self.db_path = db_path
        self._lock = lock

    @classmethod
    def acquire(cls, db_path: str | os.PathLike[str]) -> NetworkLock:
        """Take the lock of *db_path*'s network, or raise :class:`NetworkInUseError`."""
        path = Path(db_path)
        target = lock_path(path)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            # The folder cannot be made: opening the database will say why, in its own words.
            return cls(path, None)
        lock = QLockFile(str(target))
        # Held for as long as the window is open, so age says nothing; only a dead holder makes it stale.
        lock.setStaleLockTime(0)
        if lock.tryLock(0):
            log.info("network lock taken")
            return cls(path, lock)
        if lock.error() == QLockFile.LockError.LockFailedError:
            pid = _holder_pid(lock)
            log.info("network refused: already open in process %s", pid or "?")
            raise NetworkInUseError(path, pid)
        # No lock can be written there (a read-only folder, say). The database itself will refuse to open if it
        # cannot be written, and a network on read-only media cannot be overwritten by two windows anyway.
        log.info("network lock unavailable (%s); opening without it", lock.error().name)
        return cls(path, None)

    @property
    def held(self) -> bool:
        return self._lock is not None and self._lock.isLocked()

    def release(self) -> None:
        if self._lock is not None and self._lock.isLocked():
            self._lock.unlock()
            log.info("network lock released")
        self._lock = None
