"""Automatic snapshots of a network, and restoring one.

A snapshot is a consistent, checked copy of the network file, taken before every change that is hard to take
back (an import, a merge, emptying the trash, deleting for ever, a restore, a schema upgrade) and once a day when
the network is first opened. They live in the user data folder, one folder per network::

    <user data>/snapshots/<network name>-<hash of its path>/20261201-120502.db
                                                            20261201-120502.json   date, reason, contact count

Every file there is the user's alone (0600, folders 0700). The copy is made with SQLite's backup API on a
connection of its own, so it holds what was committed, whole, whatever another thread or program is writing.
The last :data:`~linkorganizer.core.settings.SNAPSHOTS_KEEP_EVENTS` event snapshots and the last
:data:`~linkorganizer.core.settings.SNAPSHOTS_KEEP_DAILY` daily ones are kept (network settings), and always the
newest taken before a schema upgrade, the one copy of the file as the older version wrote it.

Call :func:`take` just before the change, outside its operation::

    snapshots.take(network, snapshots.EMPTY_TRASH)
    with network.op("Empty the trash") as op:
        ...

A snapshot that cannot be written (a full disk) is logged and the change goes on, except where the snapshot is
the point (before a restore or an upgrade: ``required=True`` raises :class:`SnapshotError`).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import hashlib
import json
import logging
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from linkorganizer import __version__
from linkorganizer.core import settings as settings_core
from linkorganizer.db import SCHEMA_VERSION
from linkorganizer.db.errors import DatabaseError, describe_sqlite_error, error_name
from linkorganizer.db.postgres import is_server_url
from linkorganizer.paths import narrow, new_part, private_folder, remove_stale_parts, user_data_dir


class Network(Protocol):
    """What snapshots need of a network session (core.network.Network, which itself snapshots before an
    upgrade, so this module does not import it): its file and its open database."""

    path: Path
    db: Any

log = logging.getLogger("linkorganizer.core")

SNAPSHOTS_FOLDER = "snapshots"
ENV_VAR = "LINKORGANIZER_SNAPSHOTS"
LOCK_SUFFIX = ".lock"  # the window's lock beside the database (linkorganizer.ui.network_lock)

# Why a snapshot was taken: the reason codes callers pass, and how a list shows them.
IMPORT = "import"
MERGE = "merge"
EMPTY_TRASH = "empty-trash"
DELETE_FOREVER = "delete-forever"
RESTORE = "restore"
UPGRADE = "upgrade"
DAILY = "daily"
REASONS: dict[str, str] = {
    IMPORT: "before an import",
    MERGE: "before a merge",
    EMPTY_TRASH: "before emptying the trash",
    DELETE_FOREVER: "before deleting for ever",
    RESTORE: "before a restore",
    UPGRADE: "before a schema upgrade",
    DAILY: "daily",
}
EVENT_KIND, DAILY_KIND = "event", "daily"
_ID = re.compile(r"^\d{8}-\d{6}(?:-\d+)?$")
# A snapshot file without its description, older than this, was left by a run killed between the two.
_ORPHAN_AGE = _dt.timedelta(minutes=10)


class SnapshotError(DatabaseError):
    """A snapshot that cannot be taken, found or restored, said in one plain sentence."""


@dataclass(frozen=True)
class Snapshot:
    """One snapshot of a network, as its description says."""

    id: str
    path: Path
    created: _dt.datetime  # UTC
    reason: str
    detail: str
    kind: str
    contacts: int
    schema_version: int

    @property
    def description(self) -> str:
        """"before an import (LinkedIn)"."""
        text = REASONS.get(self.reason, self.reason)
        return f"{text} ({self.detail})" if self.detail else text

    @property
    def local_time(self) -> str:
        return self.created.astimezone().strftime("%Y-%m-%d %H:%M")

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.created.strftime("%Y-%m-%dT%H:%M:%SZ"),  # to the second, for people and scripts
            "reason": self.reason,
            "detail": self.detail,
            "description": self.description,
            "kind": self.kind,
            "contacts": self.contacts,
            "schema_version": self.schema_version,
            "path": str(self.path),
        }


@dataclass(frozen=True)
class Copied:
    """What a checked copy holds."""

    path: Path
    contacts: int
    schema_version: int


@dataclass(frozen=True)
class Restored:
    snapshot: Snapshot | Copied
    before: Snapshot | None  # the network as it was just before (None: it was empty)
    contacts: int


# -- where ----------------------------------------------------------------------------------------------------


def _resolved(db_path: str | os.PathLike[str]) -> Path:
    return Path(db_path).expanduser().resolve()


def snapshots_root() -> Path:
    """``snapshots/`` in the user data folder, unless ``$LINKORGANIZER_SNAPSHOTS`` names another (a larger disk;
    the self-test's temporary folder)."""
    chosen = os.environ.get(ENV_VAR)
    return Path(chosen).expanduser() if chosen else user_data_dir() / SNAPSHOTS_FOLDER


def folder_for(db_path: str | os.PathLike[str]) -> Path:
    """The folder of one network's snapshots: its name, for people, and a hash of its full path, so two
    networks called ``network.db`` in different folders never share one."""
    resolved = _resolved(db_path)
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:12]
    stem = re.sub(r"[^\w.-]+", "_", resolved.stem)[:40] or "network"
    return snapshots_root() / f"{stem}-{digest}"


def _make_folder(db_path: str | os.PathLike[str]) -> Path:
    folder = folder_for(db_path)
    try:
        private_folder(folder)
        for made in (snapshots_root(), folder):
            narrow(made)  # made by an older version, perhaps, with the default mode
        if snapshots_root().parent == user_data_dir():
            narrow(user_data_dir())
    except OSError as exc:
        raise SnapshotError(f"Cannot create the snapshot folder {folder}: {exc.strerror or exc}") from exc
    return folder


# -- checked copies -------------------------------------------------------------------------------------------


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)


def _problems(con: sqlite3.Connection, thorough: bool) -> list[str]:
    pragma = "integrity_check" if thorough else "quick_check"
    rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}(20)").fetchall()]
    if rows == ["ok"]:
        return []
    # "*** in database main ***\nPage 28: btreeInitPage() returns error code 11" → "page 28: …"
    lines = [line.strip() for row in rows for line in row.splitlines()]
    return [line for line in lines if line and not line.startswith("***")] or rows


def _schema_version(con: sqlite3.Connection) -> int | None:
    """The schema version, 0 for an empty file, None for a SQLite file that is not a network."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not tables - {"sqlite_sequence"}:
        return 0
    if "schema_version" not in tables or "contact" not in tables:
        return None
    return int(con.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)


def _contacts(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0])


def _is_empty(con: sqlite3.Connection) -> bool:
    """Nothing worth a snapshot: no contact (not even in the trash), group, invitation or interaction."""
    try:
        for table in ("contact", "goal_group", "invitation", "introduction", "interaction", "tag"):
            if con.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone():
                return False
    except sqlite3.DatabaseError:
        return False  # not the tables we know: copy it rather than guess
    return True


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_checked(
    source: str | os.PathLike[str], target: str | os.PathLike[str], thorough: bool = True, check: bool = True
) -> Copied:
    """Copy the network file *source* to *target* consistently (SQLite's backup API, on a read-only connection of
    its own), check the copy (``integrity_check``; ``quick_check`` when not *thorough*) and only then give it its
    name. The copy is 0600 from its first byte and self-contained (no ``-wal`` beside it).

    Raises :class:`SnapshotError` when the source is damaged or cannot be read, and :class:`OSError` when the
    target cannot be written; either way nothing is left under *target*'s name.
    """
    source, target = Path(source), Path(target)
    try:
        fd, part = new_part(target)
    except OSError as exc:
        raise SnapshotError(f"{target}: cannot be written: {(exc.strerror or str(exc)).lower()}") from exc
    os.close(fd)
    try:
        src = _connect_read_only(source)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
                # The copy of a WAL database says WAL in its header; a snapshot is one file.
                dst.execute("PRAGMA journal_mode = DELETE")
                if check:
                    problems = _problems(dst, thorough)
                    if problems:
                        raise SnapshotError(
                            f"{source} is damaged ({problems[0]}); `linkorganizer check` lists the problems"
                        )
                    version = _schema_version(dst)
                    contacts = _contacts(dst) if version else 0
                else:
                    version, contacts = _facts_if_readable(dst)
            finally:
                dst.close()
        finally:
            src.close()
        _fsync(part)
        os.replace(part, target)
    except sqlite3.DatabaseError as exc:
        _discard(part)
        code = _code(exc)
        if code == sqlite3.SQLITE_FULL:
            problem = f"{target}: cannot be written: the disk is full"
        elif code == sqlite3.SQLITE_CORRUPT:
            problem = f"{source} is damaged ({_UNREADABLE}); `linkorganizer check` lists the problems"
        else:
            problem = f"{source}: {describe_sqlite_error(exc)}"
        raise SnapshotError(problem) from exc
    except BaseException:
        _discard(part)
        raise
    return Copied(target, contacts, version or 0)


def _facts_if_readable(con: sqlite3.Connection) -> tuple[int, int]:
    """Schema version and contacts of a copy that was not checked (a damaged network kept as it was): what can
    be read of them, -1 for what cannot."""
    try:
        version = _schema_version(con) or 0
    except sqlite3.DatabaseError:
        return -1, -1
    try:
        return version, _contacts(con)
    except sqlite3.DatabaseError:
        return version, -1


def _discard(part: Path) -> None:
    for leftover in (part, Path(f"{part}-journal"), Path(f"{part}-wal"), Path(f"{part}-shm")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()


def check_file(path: str | os.PathLike[str]) -> Copied:
    """Whether *path* can be restored: a whole, undamaged network of a schema this version reads."""
    path = Path(path)
    if not path.is_file():
        raise SnapshotError(f"{path}: there is no such snapshot")
    try:
        con = _connect_read_only(path)
        try:
            problems = _problems(con, thorough=True)
            if problems:
                raise SnapshotError(f"{path} is damaged ({problems[0]}); choose another snapshot")
            version = _schema_version(con)
            if version is None or version == 0:
                raise SnapshotError(f"{path} is not a LinkOrganizer network")
            if version > SCHEMA_VERSION:
                raise SnapshotError(
                    f"{path} was written by a newer LinkOrganizer (schema {version}; this version reads up to "
                    f"{SCHEMA_VERSION}). Update LinkOrganizer to restore it"
                )
            return Copied(path, _contacts(con), version)
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        if _code(exc) == sqlite3.SQLITE_CORRUPT:
            raise SnapshotError(f"{path} is damaged ({_UNREADABLE}); choose another snapshot") from exc
        if _code(exc) == sqlite3.SQLITE_NOTADB:
            raise SnapshotError(f"{path} is not a LinkOrganizer network (nor any SQLite database)") from exc
        raise SnapshotError(f"{path}: {describe_sqlite_error(exc)}") from exc


_UNREADABLE = "SQLite cannot read all of it"


def _code(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


# -- taking and keeping ---------------------------------------------------------------------------------------


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


_DATE = "%Y-%m-%dT%H:%M:%S.%fZ"  # to the microsecond: snapshots taken within one second keep their order


def _new_id(folder: Path, now: _dt.datetime) -> str:
    base = now.strftime("%Y%m%d-%H%M%S")
    candidate, n = base, 1
    while (folder / f"{candidate}.db").exists() or (folder / f"{candidate}.json").exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _write_description(path: Path, data: dict[str, Any]) -> None:
    fd, part = new_part(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, path)
    except BaseException:
        _discard(part)
        raise


def _keep_counts(copy: Path) -> tuple[int, int]:
    """The network's own settings for how many snapshots to keep, read from the copy just made."""
    wanted = {settings_core.SNAPSHOTS_KEEP_EVENTS: 0, settings_core.SNAPSHOTS_KEEP_DAILY: 0}
    for key in wanted:
        value: Any = settings_core.DEFAULTS[key]
        try:
            con = _connect_read_only(copy)
            try:
                row = con.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
            finally:
                con.close()
            if row is not None:
                value = settings_core.VALIDATORS[key](json.loads(row[0]))
        except (sqlite3.DatabaseError, ValueError, settings_core.SettingError):
            pass  # no such table (an old file), or a hand-edited value: the default
        wanted[key] = int(value)
    return wanted[settings_core.SNAPSHOTS_KEEP_EVENTS], wanted[settings_core.SNAPSHOTS_KEEP_DAILY]


def take_file(
    db_path: str | os.PathLike[str],
    reason: str,
    detail: str = "",
    *,
    required: bool = False,
    kind: str = EVENT_KIND,
    check: bool = True,
) -> Snapshot | None:
    """Snapshot the network file at *db_path* now (what it holds committed). None when it holds nothing worth
    keeping, or (unless *required*) when the snapshot could not be written: that is logged, never raised.
    A network on a server has no file to copy here: the server keeps its own backups (None)."""
    if is_server_url(str(db_path)):
        return None
    source = Path(db_path)
    try:
        try:
            con = _connect_read_only(source)
            try:
                if _is_empty(con):
                    log.info("no %s snapshot: the network is empty", reason)
                    return None
            finally:
                con.close()
        except sqlite3.DatabaseError as exc:
            raise SnapshotError(f"{source}: {describe_sqlite_error(exc)}") from exc
        folder = _make_folder(source)
        remove_stale_parts(folder)
        now = _now()
        snapshot_id = _new_id(folder, now)
        target = folder / f"{snapshot_id}.db"
        try:
            copied = copy_checked(source, target, thorough=False, check=check)
            description = {
                "id": snapshot_id,
                "date": now.strftime(_DATE),
                "reason": reason,
                "detail": detail,
                "kind": kind,
                "contacts": copied.contacts,
                "schema_version": copied.schema_version,
                "network": str(_resolved(source)),
                "app_version": __version__,
            }
            _write_description(folder / f"{snapshot_id}.json", description)
        except OSError as exc:
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            reason_text = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc)).lower()
            raise SnapshotError(f"Cannot write a snapshot in {folder}: {reason_text}") from exc
    except SnapshotError as exc:
        log.warning("%s snapshot not taken: %s", reason, error_name(exc))
        if required:
            raise
        return None
    log.info("%s snapshot taken (%d contacts)", reason, copied.contacts)
    keep_events, keep_daily = _keep_counts(target)
    _rotate(folder, keep_events, keep_daily)
    return _read(folder / f"{snapshot_id}.json")


def take(network: Network, reason: str, detail: str = "", *, required: bool = False) -> Snapshot | None:
    """Snapshot *network* before a change (call it outside the change's operation); see :func:`take_file`."""
    return take_file(network.path, reason, detail, required=required)


def daily(network: Network, now: _dt.datetime | None = None) -> Snapshot | None:
    """The day's snapshot, when this network has none of today yet (local date): called when it is opened."""
    today = (now or _dt.datetime.now(_dt.UTC)).astimezone().date()
    for snapshot in list_snapshots(network.path):
        if snapshot.kind == DAILY_KIND and snapshot.created.astimezone().date() == today:
            return None
    return take_file(network.path, DAILY, kind=DAILY_KIND)


def _read(description: Path) -> Snapshot | None:
    try:
        data = json.loads(description.read_text(encoding="utf-8"))
        created = _dt.datetime.strptime(str(data["date"]), _DATE).replace(tzinfo=_dt.UTC)
        snapshot = Snapshot(
            id=description.stem,
            path=description.with_suffix(".db"),
            created=created,
            reason=str(data.get("reason", "")),
            detail=str(data.get("detail", "")),
            kind=DAILY_KIND if data.get("kind") == DAILY_KIND else EVENT_KIND,
            contacts=int(data.get("contacts", 0)),
            schema_version=int(data.get("schema_version", 0)),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None  # half-written or hand-edited: not listed (and not deleted)
    return snapshot if snapshot.path.is_file() else None


def list_snapshots(db_path: str | os.PathLike[str]) -> list[Snapshot]:
    """The snapshots of the network at *db_path*, newest first."""
    return list_snapshots_in(folder_for(db_path))


def _delete(snapshot_id: str, folder: Path) -> None:
    for suffix in (".db", ".json"):
        with contextlib.suppress(FileNotFoundError):
            (folder / f"{snapshot_id}{suffix}").unlink()


def _rotate(folder: Path, keep_events: int, keep_daily: int) -> None:
    snapshots = list_snapshots_in(folder)
    events = [s for s in snapshots if s.kind == EVENT_KIND]
    dailies = [s for s in snapshots if s.kind == DAILY_KIND]
    keep = {s.id for s in events[:keep_events]} | {s.id for s in dailies[:keep_daily]}
    upgrade = next((s for s in events if s.reason == UPGRADE), None)
    if upgrade is not None:
        keep.add(upgrade.id)
    for snapshot in snapshots:
        if snapshot.id not in keep:
            _delete(snapshot.id, folder)
    # A copy whose description was never written (the run was killed between the two) is nobody's snapshot.
    listed = {s.id for s in snapshots}
    cutoff = (_dt.datetime.now() - _ORPHAN_AGE).timestamp()
    for entry in os.scandir(folder):
        stem, _, suffix = entry.name.rpartition(".")
        if suffix == "db" and _ID.match(stem) and stem not in listed:
            with contextlib.suppress(OSError):
                if entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)


def list_snapshots_in(folder: Path) -> list[Snapshot]:
    try:
        names = [entry for entry in os.scandir(folder) if entry.name.endswith(".json")]
    except OSError:
        return []
    found = [s for s in (_read(Path(entry.path)) for entry in names if _ID.match(entry.name[:-5])) if s]
    return sorted(found, key=lambda s: s.created, reverse=True)


def find(db_path: str | os.PathLike[str], reference: str) -> Snapshot | Path:
    """The snapshot *reference* names: an id from :func:`list_snapshots`, or the path of a snapshot file (or
    of any network file: a backup)."""
    for snapshot in list_snapshots(db_path):
        if snapshot.id == reference:
            return snapshot
    path = Path(reference).expanduser()
    if path.is_file():
        description = _read(path.with_suffix(".json")) if path.suffix == ".db" else None
        return description if description is not None and description.path == path else path
    if _ID.match(reference):
        raise SnapshotError(f"there is no snapshot {reference} of {db_path} (`linkorganizer snapshots` lists them)")
    raise SnapshotError(f"{reference}: there is no such snapshot or file")


# -- restoring ------------------------------------------------------------------------------------------------


def window_holding(db_path: str | os.PathLike[str]) -> bool:
    """Whether a LinkOrganizer window has the network open (it holds the lock beside the database: a
    :class:`QLockFile`, which takes a ``flock`` on it). A lock left by a process that died is not held."""
    resolved = _resolved(db_path)
    lock = resolved.with_name(resolved.name + LOCK_SUFFIX)
    try:
        fd = os.open(lock, os.O_RDONLY)
    except OSError:
        return False
    try:
        import fcntl
    except ImportError:  # Windows: QLockFile keeps the file open for writing there, so it cannot be removed
        os.close(fd)
        try:
            os.rename(lock, lock)
        except OSError:
            return True
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)  # also lets go of the shared lock, if it was taken
    return False


def restore(network: Network, reference: Snapshot | str | os.PathLike[str]) -> Restored:
    """Replace the content of the open *network* with a snapshot (or a backup file).

    The snapshot is checked first (whole, undamaged, a schema this version reads); then the network as it is
    now is snapshotted (``restore``), and only then overwritten, in one step by SQLite's backup API, so a
    failure leaves it as it was. A snapshot from an older schema is upgraded. The caller makes sure no window
    holds the network (:func:`window_holding`) and, in a window, forgets its undo steps and reloads its views.
    Raises :class:`SnapshotError` with the reason.
    """
    if isinstance(reference, Snapshot):
        snapshot: Snapshot | Path = reference
    else:
        snapshot = find(network.path, str(reference))
    path = snapshot.path if isinstance(snapshot, Snapshot) else snapshot
    if _resolved(path) == _resolved(network.path):
        raise SnapshotError(f"{path} is the network itself, not a snapshot of it")
    checked = check_file(path)
    try:
        before = take(network, RESTORE, required=True)
    except SnapshotError:
        # A damaged network is what a restore is for: it is kept page for page as it was, unchecked.
        before = take_file(network.path, RESTORE, "damaged, kept as it was", required=True, check=False)
    db = network.db
    if db.in_transaction():
        raise RuntimeError("restore() inside a transaction")
    try:
        source = _connect_read_only(path)
        try:
            source.backup(db.connection())
        finally:
            source.close()
        _settle(network, checked.schema_version)
    except sqlite3.DatabaseError as exc:
        raise SnapshotError(f"{network.path}: {describe_sqlite_error(exc)}; it was left as it was") from exc
    contacts = int(db.execute_sql("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0])
    log.info("snapshot restored (%d contacts, schema %d)", contacts, checked.schema_version)
    shown = snapshot if isinstance(snapshot, Snapshot) else checked
    return Restored(shown, before, contacts)


def _settle(network: Network, version: int) -> None:
    """After the pages of a snapshot replaced the network's: its schema brought up to date, the undo log's
    triggers in place, write-ahead logging on — what opening it does."""
    from linkorganizer.db.connection import LOGGED_MODELS, PRAGMAS, UNLOGGED_COLUMNS
    from linkorganizer.db.migrations import upgrade
    from linkorganizer.db.oplog import OpLog

    db = network.db
    if version < SCHEMA_VERSION:
        upgrade(db, network.path, before_upgrade=lambda _version: None)  # the snapshot itself is that copy
    with db.atomic():
        OpLog(db, LOGGED_MODELS, UNLOGGED_COLUMNS).install()
    db.execute_sql(f"PRAGMA journal_mode = {PRAGMAS['journal_mode']}")


__all__ = [
    "DAILY",
    "DELETE_FOREVER",
    "EMPTY_TRASH",
    "IMPORT",
    "MERGE",
    "REASONS",
    "RESTORE",
    "UPGRADE",
    "Copied",
    "Restored",
    "Snapshot",
    "SnapshotError",
    "check_file",
    "copy_checked",
    "daily",
    "find",
    "folder_for",
    "list_snapshots",
    "restore",
    "take",
    "take_file",
    "window_holding",
]
