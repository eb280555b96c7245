"""Network-wide facts and care: statistics, an integrity check, backups."""

from __future__ import annotations

import datetime as _dt
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from linkorganizer.core.records import STAGES
from peewee import DatabaseError as PeeweeDatabaseError

from linkorganizer.core.snapshots import Copied, SnapshotError, copy_checked
from linkorganizer.db import SCHEMA_VERSION, atomic, current_database
from linkorganizer.db.errors import sqlite_error_code
from linkorganizer.db.models import SEARCH_SCHEMA
from linkorganizer.db.migrations import database_version
from linkorganizer.paths import private_folder, remove_stale_parts, user_data_dir

log = logging.getLogger("linkorganizer.core")


def stats() -> dict[str, Any]:
    db = current_database()

    def one(sql: str, *params: Any) -> int:
        return int(db.execute_sql(sql, params).fetchone()[0] or 0)

    by_stage = dict.fromkeys(STAGES, 0)
    for stage, n in db.execute_sql(
        "SELECT stage, count(*) FROM contact WHERE deleted_at IS NULL GROUP BY stage"
    ).fetchall():
        by_stage[stage] = n
    by_source = {
        source: n
        for source, n in db.execute_sql(
            "SELECT source, count(*) FROM contact WHERE deleted_at IS NULL GROUP BY source ORDER BY source"
        ).fetchall()
    }
    invitations = {
        state: n
        for state, n in db.execute_sql("SELECT state, count(*) FROM invitation GROUP BY state ORDER BY state").fetchall()
    }
    return {
        "contacts": one("SELECT count(*) FROM contact WHERE deleted_at IS NULL"),
        "in_trash": one("SELECT count(*) FROM contact WHERE deleted_at IS NOT NULL"),
        "with_email": one(
            "SELECT count(DISTINCT f.contact_id) FROM contact_field f JOIN contact c ON c.id = f.contact_id"
            " WHERE f.kind = 'email' AND c.deleted_at IS NULL"
        ),
        "with_profile_url": one("SELECT count(*) FROM contact WHERE deleted_at IS NULL AND profile_url IS NOT NULL"),
        "by_stage": by_stage,
        "by_source": by_source,
        "tags": one("SELECT count(*) FROM tag"),
        "groups": one("SELECT count(*) FROM goal_group"),
        "placed_contacts": one(
            "SELECT count(DISTINCT m.contact_id) FROM membership m JOIN contact c ON c.id = m.contact_id"
            " WHERE c.deleted_at IS NULL"
        ),
        "invitations": invitations,
        "introductions": one("SELECT count(*) FROM introduction"),
        "interactions": one("SELECT count(*) FROM interaction"),
        "imports": one("SELECT count(*) FROM import_batch"),
        "schema_version": database_version(db),
    }


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    repairable: bool = False  # the problems are the search index's, which rebuild_search_index() repairs

    @property
    def ok(self) -> bool:
        return not self.problems


def check() -> CheckResult:
    """SQLite's integrity and foreign-key checks, the search index, and the app's own invariants."""
    db = current_database()
    result = CheckResult()
    server = getattr(db, "server", False)
    if server:
        # A server keeps its files and every reference itself (a foreign key is never left broken there).
        result.checked.append("database integrity and references (kept by the server)")
    else:
        rows = [r[0] for r in db.execute_sql("PRAGMA integrity_check").fetchall()]
        result.checked.append("database file integrity")
        if rows != ["ok"]:
            result.problems.extend(f"integrity: {r}" for r in rows[:20])
        result.checked.append("references between records")
        for table, rowid, parent, _ in db.execute_sql("PRAGMA foreign_key_check").fetchall()[:20]:
            result.problems.append(f"{table} row {rowid} refers to a missing {parent}")
    result.checked.append("search index")
    try:
        try:
            if not server:
                db.execute_sql("INSERT INTO contact_search(contact_search, rank) VALUES ('integrity-check', 1)")
        except (sqlite3.DatabaseError, PeeweeDatabaseError) as exc:
            # FTS5's own check is written as an INSERT: a network that cannot be written is only counted.
            if (sqlite_error_code(exc) or 0) & 0xFF != sqlite3.SQLITE_READONLY:
                raise
            result.checked[-1] = "search index (counted only: the network cannot be written here)"
        missing = db.execute_sql(
            "SELECT count(*) FROM contact c WHERE NOT EXISTS (SELECT 1 FROM contact_search s WHERE s.rowid = c.id)"
        ).fetchone()[0]
    except (sqlite3.DatabaseError, PeeweeDatabaseError) as exc:
        result.problems.append(f"search index: damaged ({exc})")
        result.repairable = True
    else:
        if missing:
            result.problems.append(f"search index: {missing} contacts are missing from it")
            result.repairable = True
    result.checked.append("schema version")
    version = database_version(db)
    if version != SCHEMA_VERSION:
        result.problems.append(f"schema version is {version}, expected {SCHEMA_VERSION}")
    log.info("integrity check: %d problems", len(result.problems))
    return result


def rebuild_search_index() -> int:
    """Build the search index again from the contacts (it holds nothing else); return how many it indexed.

    Not an undoable change: the index is derived data, and the contacts themselves are not touched.
    """
    db = current_database()
    create = next(s for s in SEARCH_SCHEMA if "CREATE VIRTUAL TABLE" in s and "contact_search" in s)
    with atomic():
        try:
            db.execute_sql("DROP TABLE IF EXISTS contact_search")
        except (sqlite3.DatabaseError, PeeweeDatabaseError):
            _forget_broken_index(db)
        db.execute_sql(create)
        db.execute_sql(
            """INSERT INTO contact_search(rowid, name, company, position, location, notes, details, tags)
               SELECT id, name, company, position, location, notes, details, tags FROM contact_search_doc"""
        )
        count = db.execute_sql("SELECT count(*) FROM contact_search").fetchone()[0]
    log.info("search index rebuilt: %d contacts", count)
    return int(count)


def _forget_broken_index(db: Any) -> None:
    """Remove a search index too damaged for SQLite to open it (so not even to drop it): its entry in the schema
    goes, then the plain tables that held it. SQLite's documented way out for a broken virtual table."""
    db.execute_sql("PRAGMA writable_schema = ON")
    try:
        db.execute_sql("DELETE FROM sqlite_master WHERE type = 'table' AND name = 'contact_search'")
        version = db.execute_sql("PRAGMA schema_version").fetchone()[0]
        db.execute_sql(f"PRAGMA schema_version = {int(version) + 1}")  # every connection reads the schema again
    finally:
        db.execute_sql("PRAGMA writable_schema = OFF")
    for part in ("data", "idx", "content", "docsize", "config"):
        db.execute_sql(f"DROP TABLE IF EXISTS contact_search_{part}")


def backup(destination: str | Path | None = None) -> Path:
    """Copy the open database to *destination* or a dated file beside it, checked; see :func:`backup_checked`."""
    return backup_checked(destination).path


def backup_checked(destination: str | Path | None = None) -> Copied:
    """Copy the open database (consistently, even while in use) to *destination* (a file or a folder) or to a
    dated file in ``backups/`` beside it, and check the copy (SQLite's ``integrity_check``) before it gets its
    name: a damaged network raises :class:`~linkorganizer.core.snapshots.SnapshotError` and leaves no backup.
    The backup is readable by the user alone."""
    db = current_database()
    if getattr(db, "server", False):
        return _backup_server(db, destination)
    source = Path(db.database)
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    if destination is None:
        destination = source.parent / "backups"
        try:
            private_folder(destination)
            remove_stale_parts(destination)  # what a killed backup left in our own folder
        except OSError as exc:
            raise SnapshotError(f"Cannot create the folder {destination}: {exc.strerror or exc}") from exc
    destination = Path(destination)
    if destination.is_dir():
        destination = destination / f"{source.stem}-{stamp}.db"
    copied = copy_checked(source, destination, thorough=True)
    log.info("backup written (%d bytes, checked)", destination.stat().st_size)
    return copied


def _backup_server(db: Any, destination: str | Path | None) -> Copied:
    """A network on a server is backed up into a network file (a verified copy, as ``copy`` makes): into
    *destination*, or a dated file in ``backups/`` in the user data folder."""
    from linkorganizer.core.sharing import copy_network
    from linkorganizer.db.postgres import describe_url

    name = re.sub(r"\W+", "_", describe_url(db.database).rsplit("/", 1)[-1]) or "network"
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(destination) if destination is not None else user_data_dir() / "backups"
    if destination is None or folder.is_dir():
        try:
            private_folder(folder)
        except OSError as exc:
            raise SnapshotError(f"Cannot create the folder {folder}: {exc.strerror or exc}") from exc
        target = folder / f"{name}-{stamp}.db"
    else:
        target = folder
        if not target.parent.is_dir():  # as for a network file: a backup makes no folders it was not asked for
            raise SnapshotError(f"Cannot back up to {target}: the folder {target.parent} does not exist")
        if target.exists():
            target.unlink()  # a backup file written again, as for a network file
    result = copy_network(db.database, target)
    return Copied(target, result.count("contact"), database_version(db) or 0)
