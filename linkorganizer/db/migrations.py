"""Schema versions and the steps between them.

A new database gets the current schema in one go. An older one is first copied next to itself
(``network.db.v1.bak``), then upgraded one step at a time, each step with ``playhouse.migrate`` inside one
transaction and recorded in ``schema_version``. A migration test keeps every step honest: a database built from the
frozen first schema must end up with exactly the schema a new database gets.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database, SqliteDatabase
from playhouse.migrate import SchemaMigrator, SqliteMigrator

from linkorganizer.db.errors import DatabaseError
from linkorganizer.db.models import MODELS, SEARCH_SCHEMA, JobChange, Reminder, SchemaVersion, TodaySnooze
from linkorganizer.db.server_schema import PRIVACY_SCHEMA
from linkorganizer.paths import create_private

SCHEMA_VERSION = 6

# version N -> the step that turns an N-1 database into an N database.
MigrationStep = Callable[[SchemaMigrator, Database], None]

# The search schema objects that read the contact's name parts; a step that adds a name part replaces them.
_NAME_SEARCH_OBJECTS = (
    ("VIEW", "contact_search_doc"),
    ("TRIGGER", "contact_search_ai"),
    ("TRIGGER", "contact_search_au"),
)


def _add_name_suffix(migrator: SqliteMigrator, db: SqliteDatabase) -> None:
    """Version 2: the contact's name suffix ("PhD, MBA"), searched with the other name parts.

    Every existing row gets an empty suffix, so the search index's rows stay as they are; only the view and the
    triggers that build them are replaced, taken from the current SEARCH_SCHEMA.
    """
    # Not migrator.add_column: for a NOT NULL column it rebuilds the table, and dropping the old contact table would
    # fire its ON DELETE CASCADE and its triggers. ALTER TABLE … ADD COLUMN with a default touches no row.
    db.execute_sql("""ALTER TABLE "contact" ADD COLUMN "name_suffix" TEXT NOT NULL DEFAULT ''""")
    for kind, name in _NAME_SEARCH_OBJECTS:
        db.execute_sql(f"DROP {kind} IF EXISTS {name}")
    wanted = {name for _, name in _NAME_SEARCH_OBJECTS}
    for statement in SEARCH_SCHEMA:
        created = re.match(r"\s*CREATE (?:VIEW|TRIGGER) IF NOT EXISTS (\w+)", statement)
        if created and created.group(1) in wanted:
            db.execute_sql(statement)


def _drop_import_change(migrator: SqliteMigrator, db: SqliteDatabase) -> None:
    """Version 3: no more ``import_change``, the "before" snapshot of every row an import touched.

    An import is one operation of the undo log (``op.import_batch``), which takes it back whole; the history's
    counts are the batch's own columns. Nothing has read these rows since, so they go with their indexes.
    """
    db.execute_sql('DROP TABLE IF EXISTS "import_change"')


def _add_today(migrator: SqliteMigrator, db: SqliteDatabase) -> None:
    """Version 4: what the Today page keeps — job changes an import saw, dated reminders, entries put off.

    New tables only, created from the models (so with the indexes a new database gets); no existing row changes.
    """
    db.create_tables([JobChange, Reminder, TodaySnooze])


def _add_goal_deadline(migrator: SqliteMigrator, db: SqliteDatabase) -> None:
    """Version 5: an optional deadline per goal group. A nullable column: no row changes, no table rebuild."""
    db.execute_sql('''ALTER TABLE "goal_group" ADD COLUMN "deadline" DATE''')


def _add_private_interactions(migrator: SchemaMigrator, db: Database) -> None:
    """Version 6: an interaction can be private to the person who logged it (*private*, *owner*). Two columns
    with defaults: no row changes, no table rebuild. On a server the policy that keeps it private comes too."""
    db.execute_sql("""ALTER TABLE "interaction" ADD COLUMN "private" INTEGER NOT NULL DEFAULT FALSE"""
                   if isinstance(db, SqliteDatabase) else
                   """ALTER TABLE "interaction" ADD COLUMN "private" BOOLEAN NOT NULL DEFAULT FALSE""")
    db.execute_sql("""ALTER TABLE "interaction" ADD COLUMN "owner" TEXT NOT NULL DEFAULT ''""")
    if not isinstance(db, SqliteDatabase):
        for statement in PRIVACY_SCHEMA:
            db.execute_sql(statement)


MIGRATIONS: dict[int, MigrationStep] = {
    2: _add_name_suffix, 3: _drop_import_change, 4: _add_today, 5: _add_goal_deadline, 6: _add_private_interactions
}


def _user_tables(db: SqliteDatabase) -> set[str]:
    rows = db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {name for (name,) in rows}


def database_version(db: SqliteDatabase) -> int | None:
    """The schema version, 0 for an empty file (or database on a server), None for one that is not ours."""
    tables = set(db.get_tables()) if getattr(db, "server", False) else _user_tables(db)
    if not tables:
        return 0
    if "schema_version" not in tables:
        return None
    row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def create_schema(db: SqliteDatabase) -> None:
    with db.atomic():
        db.create_tables(MODELS)
        for statement in SEARCH_SCHEMA:
            db.execute_sql(statement)
        SchemaVersion.insert(version=SCHEMA_VERSION).execute()


def backup_before_migration(db: SqliteDatabase, path: Path, version: int) -> Path:
    target = path.with_name(f"{path.name}.v{version}.bak")
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    os.close(create_private(target))  # the copy is as private as the network
    dest = sqlite3.connect(target)
    try:
        db.connection().backup(dest)
    finally:
        dest.close()
    return target


def upgrade(db: SqliteDatabase, path: Path, before_upgrade: Callable[[int], object] | None = None) -> None:
    """Create, check or upgrade the schema of *db*. An older file is copied first: by *before_upgrade* (the
    session's snapshots) when given, else beside it (:func:`backup_before_migration`); no copy, no upgrade."""
    version = database_version(db)
    if version is None:
        raise DatabaseError(f"{path} is a SQLite database, but not a LinkOrganizer network")
    if version == 0:
        # Another process may be creating this very network now (two windows, a script): the write lock is
        # taken first and the version read again under it, so exactly one of them creates the schema.
        with db.atomic("IMMEDIATE"):
            if database_version(db) == 0:
                create_schema(db)
        return
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{path} was written by a newer LinkOrganizer (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update LinkOrganizer to open it."
        )
    if version == SCHEMA_VERSION:
        return
    if before_upgrade is None:
        backup_before_migration(db, path, version)
    else:
        before_upgrade(version)
    for step_version in range(version + 1, SCHEMA_VERSION + 1):
        with db.atomic("IMMEDIATE"):
            if (database_version(db) or 0) >= step_version:
                continue  # another process upgrading the same file took this step meanwhile
            run_steps(db, step_version - 1, step_version)


def run_steps(db: Database, version: int, to: int = SCHEMA_VERSION) -> None:
    """The steps from *version* to *to*, each recorded in ``schema_version``, in the caller's transaction.

    The one history of versions for both backends: a step writes portable SQL, or asks the migrator, which
    knows its backend's dialect.
    """
    migrator = SchemaMigrator.from_database(db)
    for step_version in range(version + 1, to + 1):
        MIGRATIONS[step_version](migrator, db)
        SchemaVersion.insert(version=step_version).execute()
