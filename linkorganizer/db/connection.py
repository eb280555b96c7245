"""Opening a network database: one function from a path to a ready, migrated connection."""

from __future__ import annotations

import logging
import os
import time
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import SqliteDatabase

from linkorganizer.db.errors import (
    DatabaseError,
    describe_sqlite_error,
    environment_problem,
    error_name,
    sqlite_cause,
    sqlite_error_code,
)
from linkorganizer.paths import create_private, narrow, private_folder, user_data_dir
from linkorganizer.db.migrations import SCHEMA_VERSION, upgrade
from linkorganizer.db.models import MODELS, Contact
from linkorganizer.db.oplog import OpLog
from linkorganizer.db.oplog_server import ServerOpLog
from linkorganizer.db.postgres import SCHEMA_LOCK, is_server_url, open_server_database

log = logging.getLogger("linkorganizer.db")
ENV_VAR = "LINKORGANIZER_DB"
PRAGMAS = {
    "foreign_keys": 1,
    # The undo log's DELETE trigger fires for a row an INSERT OR REPLACE removes only with this on.
    "recursive_triggers": 1,
    "journal_mode": "wal",
    "busy_timeout": 5000,
    "synchronous": "normal",
}
# The journal mode is written into the file itself, so it is set only once the file is known to be ours:
# a database that is refused (another program's, or a newer LinkOrganizer's) is left exactly as it was.
CONNECTION_PRAGMAS = {name: value for name, value in PRAGMAS.items() if name != "journal_mode"}
# Every table of the network is logged for undo; not the schema's bookkeeping, nor the import history, which
# must still list an import once it is undone.
LOGGED_MODELS = [m for m in MODELS if m._meta.table_name not in ("schema_version", "import_batch")]
# How the board looks (a folded card) is not undone with the changes around it; a card an undo brings back is open.
UNLOGGED_COLUMNS = {"goal_group": {"collapsed": "FALSE"}}


def network_log(db) -> OpLog:
    """The undo log of the open network: a file's, or a server's (its triggers in PL/pgSQL), one interface."""
    kind = ServerOpLog if getattr(db, "server", False) else OpLog
    return kind(db, LOGGED_MODELS, UNLOGGED_COLUMNS)


def default_database_path() -> Path:
    return user_data_dir() / "network.db"


def resolve_database_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``$LINKORGANIZER_DB``, then the per-user data directory. A server's URL stays the text
    it is (a path would fold its ``//``)."""
    chosen = explicit or os.environ.get(ENV_VAR)
    if chosen and is_server_url(str(chosen)):
        return str(chosen)  # type: ignore[return-value]
    if chosen:
        return Path(chosen).expanduser()
    return default_database_path()


FRESH_SECONDS = 10  # a new network's file is empty only for the moment between its creation and its schema


class _ReadOnlyDatabase(SqliteDatabase):
    """A network in a folder that cannot be written (a shared drive, a CD, another user's folder): read as an
    immutable file, because WAL mode would otherwise need to create its ``-wal`` and ``-shm`` beside it. Reading,
    exporting and checking work; a change is refused as for any read-only network."""

    def _connect(self):
        uri = Path(self.database).absolute().as_uri() + "?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True, timeout=self._timeout, isolation_level=None, **self.connect_params)
        try:
            self._add_conn_hooks(conn)
        except Exception:
            conn.close()
            raise
        return conn


def _in_read_only_folder(path: Path) -> bool:
    return path.is_file() and not os.access(path.parent, os.W_OK | os.X_OK)


def _refuse_empty_file(path: Path) -> None:
    """A file of 0 bytes that is already there is no network (a failed download, a placeholder, a wrong name):
    it is refused rather than silently made into a new, empty network. One made in the last seconds is another
    process creating this same network right now (its schema is being written), and is opened."""
    try:
        status = path.stat() if path.is_file() else None
        empty = (
            status is not None
            and status.st_size == 0
            and time.time() - status.st_mtime > FRESH_SECONDS
            and not Path(f"{path}-wal").exists()
        )
    except OSError:
        return
    if empty:
        raise DatabaseError(
            f"{path} is an empty file (0 bytes), not a LinkOrganizer network. To start a new network, choose a "
            "name that is not taken (File ▸ New network…), or delete the empty file first."
        )


def _set_journal_mode(db: SqliteDatabase) -> None:
    """WAL, once the file is known to be ours. Switching needs the file to itself, and SQLite does not wait for
    that on its own: while another process is opening the same network, try again for a few seconds."""
    for attempt in range(100):
        try:
            db.execute_sql(f"PRAGMA journal_mode = {PRAGMAS['journal_mode']}")
            return
        except Exception as exc:
            if (sqlite_error_code(exc) or 0) & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or attempt == 99:
                raise
            time.sleep(0.05)


def _create_private(path: Path) -> None:
    """A new database file is the user's alone from its first byte: created 0600 before SQLite opens it.

    SQLite creates ``-wal`` and ``-shm`` with the mode of the database file (its unix VFS copies it), so they
    are private too.
    """
    if os.name != "posix":
        return
    try:
        os.close(create_private(path))
    except OSError:
        pass  # there already, or a folder that cannot be written: opening says why, or reads it read-only


def _narrow(path: Path) -> None:
    """A network an older version left readable by others is narrowed, once it is known to be ours (a refused
    file is left exactly as it was); its owner's access stays as it is, so a read-only file stays read-only."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        narrow(name)


def open_database(
    path: str | os.PathLike[str],
    before_upgrade: Callable[[int], object] | None = None,
    bind: bool = True,
    read_only: bool = False,
) -> SqliteDatabase:
    """Open (creating if needed) the database at *path*, bind the models to it and bring its schema up to date.

    *path* is a file, or the URL of a network on a PostgreSQL server (``postgresql://user@host/network``).
    *before_upgrade* (called with the file's schema version) keeps a copy of an older file before it is
    upgraded; without it the copy is ``network.db.vN.bak`` beside the file. Without *bind*, the models stay
    bound to the database that was open before (copying a network between two places opens both). A file
    opened *read_only* is read as an immutable file, as one in a read-only folder is (the offline copy of a
    server network).
    Raises :class:`DatabaseError` with a plain sentence for problems the user can fix; the models then stay
    bound to the database that was open before.
    """
    if is_server_url(path):
        server = open_server_database(str(path))
        try:
            with server.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
                oplog = network_log(server)
                if oplog.install(dry_run=True):
                    with server.atomic():
                        server.execute_sql(f"SELECT pg_advisory_xact_lock({SCHEMA_LOCK})")
                        oplog.install()
        except Exception:
            server.close()
            raise
        if bind:
            _bind(server)
        return server
    path = Path(path)
    _refuse_empty_file(path)
    if read_only and not path.is_file():
        raise DatabaseError(f"{path}: there is no network file there")
    read_only = read_only or _in_read_only_folder(path)
    if not read_only:
        try:
            private_folder(path.parent)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder for {path}: {exc.strerror or exc}") from exc
        if path.parent == user_data_dir():
            narrow(path.parent)  # the app's own folder, perhaps made by an older version
        _create_private(path)
    kind = _ReadOnlyDatabase if read_only else SqliteDatabase
    db = kind(str(path), pragmas=CONNECTION_PRAGMAS, check_same_thread=False)
    try:
        db.connect()
        # Reading the schema is the first thing that fails on a file that is not a SQLite database.
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        # Bound only for the check and the upgrade: a refused file never becomes the database the models write to.
        with db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
            upgrade(db, path, before_upgrade)
            oplog = network_log(db)
            if oplog.install(dry_run=True):
                # The write lock first, then look again: another process may be installing it this moment.
                with db.atomic("IMMEDIATE"):
                    oplog.install()
        if not read_only:
            _set_journal_mode(db)
            _narrow(path)
    except DatabaseError as exc:
        db.close()
        log.info("network refused: %s", error_name(exc))
        raise
    except Exception as exc:
        db.close()
        if sqlite_cause(exc) is None:  # not SQLite's (peewee wraps sqlite3's errors in its own): a bug
            raise
        log.info("network refused: %s", error_name(exc))
        raise DatabaseError(f"Cannot open {path}: {describe_sqlite_error(exc)}") from exc
    if bind:
        _bind(db)
    log.info("network opened (schema version %d)", SCHEMA_VERSION)
    return db


def _bind(db) -> None:
    previous = Contact._meta.database
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    if previous is not None and previous is not db:
        previous.close()  # the network it held is no longer the open one


def current_database() -> SqliteDatabase:
    """The database the models are bound to (set by :func:`open_database`)."""
    db = Contact._meta.database
    if db is None:
        raise RuntimeError("no database is open")
    return db


def atomic():
    """A transaction (or savepoint when nested) on the open database."""
    return current_database().atomic()


def close_database() -> None:
    db = Contact._meta.database
    if db is not None and not db.is_closed():
        db.close()


__all__ = [
    "DatabaseError",
    "describe_sqlite_error",
    "environment_problem",
    "SCHEMA_VERSION",
    "atomic",
    "close_database",
    "current_database",
    "default_database_path",
    "open_database",
    "resolve_database_path",
]
