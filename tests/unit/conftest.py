"""Fixtures for the unit tests: a real SQLite network file in tmp_path, and ways to look at it from outside."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from peewee import SqliteDatabase

from linkorganizer.core.network import Network, UndoBlocked
from linkorganizer.db import close_database, open_database

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LINKEDIN = FIXTURES / "linkedin"
BAD = FIXTURES / "bad"


def dump_database(path: Path) -> list[str]:
    """Every table's content (and the schema), as SQL text, read through a connection of its own.

    SQLite's own id counters (sqlite_sequence) are left out: they only ever grow, by design, so that an undone
    deletion can bring a row back under its old id; an undo restores the data, not the counter.
    """
    con = sqlite3.connect(path)
    try:
        return [line for line in con.iterdump() if not line.startswith('INSERT INTO "sqlite_sequence"')]
    finally:
        con.close()


Content = dict[str, list[tuple]]


def network_content(path: Path) -> Content:
    """Every row of every table a user's data lives in, read through a connection of its own: all but the undo
    log's own tables (``op``, ``undo_*``), the search index's internal segments (FTS5 keeps its own bookkeeping,
    equivalent but not byte-identical after a row comes and goes; the index's rows are compared) and the import
    history."""
    con = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not name.startswith(("undo_", "op", "contact_search_", "sqlite_", "import_"))
        ]
        return {t: con.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


@pytest.fixture
def linkedin_dir() -> Path:
    return LINKEDIN


@pytest.fixture
def bad_dir() -> Path:
    return BAD


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "net.db"


@contextmanager
def statements(db) -> Iterator[list[str]]:
    """The statements the code runs meanwhile, on either backend. SQLite reports a statement again each time one
    of its triggers runs (the undo log has one per table), so an immediate repeat is the same statement."""
    seen: list[str] = []

    def record(sql: str) -> None:
        if seen[-1:] != [sql]:
            seen.append(sql)

    if getattr(db, "server", False):
        db.trace = record
    else:
        db.connection().set_trace_callback(record)
    try:
        yield seen
    finally:
        if getattr(db, "server", False):
            db.trace = None
        else:
            db.connection().set_trace_callback(None)


def server_content(url: str) -> Content:
    """:func:`network_content` of a network on the test server, through a connection of its own."""
    import psycopg

    with psycopg.connect(url) as con:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
            )
            if not name.startswith(("undo_", "op", "import_", "schema_"))
        ]
        found: Content = {}
        for t in tables:
            (key,) = con.execute(
                """SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
                   AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary""",
                (f'"{t}"',),
            ).fetchone()
            found[t] = [tuple(row) for row in con.execute(f'SELECT * FROM "{t}" ORDER BY "{key}"')]
        return found


# The core's tests run on both backends: a network file, and a network on a real PostgreSQL server.
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def network_url(backend: str, db_path: Path, request: pytest.FixtureRequest) -> str:
    """Where the test's network lives: the file db_path, or a new database on the test server."""
    return str(db_path) if backend == "sqlite" else request.getfixturevalue("pg_network_url")


@pytest.fixture
def db(network_url: str) -> Iterator[SqliteDatabase]:
    database = open_database(network_url)
    yield database
    close_database()


@pytest.fixture
def file_db(db_path: Path) -> Iterator[SqliteDatabase]:
    """A network file (for what only a file has: its bytes, its SQLite schema, its journal)."""
    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def dump(db: SqliteDatabase, backend: str, network_url: str) -> Callable[[], list[str]]:
    """A function returning the full content of the open test database (committed data only)."""
    if backend == "sqlite":
        return lambda: dump_database(Path(network_url))
    return lambda: [f"{table}: {row!r}" for table, rows in server_content(network_url).items() for row in rows]


@pytest.fixture
def network(db: SqliteDatabase) -> Network:
    """The session over the test database (``db``): operations, and their undo and redo from its log."""
    return Network.bound()


@pytest.fixture
def content(db: SqliteDatabase, backend: str, network_url: str) -> Callable[[], Content]:
    """A function returning the data of the open test database (committed rows, the undo log left out)."""
    if backend == "sqlite":
        return lambda: network_content(Path(network_url))
    return lambda: server_content(network_url)


UndoRedo = Callable[[str, Callable[[], Any]], Any]


@pytest.fixture
def undo_redo(network: Network, content: Callable[[], Content]) -> UndoRedo:
    """``undo_redo(title, change)``: run *change* as one operation and check that it changed the data, that
    undoing it gives back exactly the data before, and redoing it exactly the data after. Leaves the network
    redone and returns what *change* returned."""

    def run(title: str, change: Callable[[], Any]) -> Any:
        before = content()
        with network.op(title) as op:
            result = change()
        after = content()
        assert after != before, f"“{title}” changed nothing"
        network.undo(op.id)
        assert content() == before, f"undoing “{title}” did not give back the network as it was"
        network.redo(op.id)
        assert content() == after, f"redoing “{title}” did not give back the network it had made"
        return result

    return run


@pytest.fixture
def undo_refused(network: Network, content: Callable[[], Content]) -> Callable[[int], UndoBlocked]:
    """``undo_refused(op_id)``: check that undoing the operation is refused with :class:`UndoBlocked` (a reason
    the window can show) and writes nothing; returns the refusal. Any other outcome fails the test with an
    AssertionError saying what happened instead."""

    def run(op_id: int) -> UndoBlocked:
        before = content()
        try:
            network.undo(op_id)
        except UndoBlocked as refusal:
            assert content() == before, "a refused undo wrote something"
            return refusal
        except Exception as exc:  # noqa: BLE001 - named in the failure: what the user would get instead
            raise AssertionError(f"the undo failed with {type(exc).__name__} ({exc}), not UndoBlocked") from exc
        raise AssertionError("the undo went through; it should have been refused")

    return run


@pytest.fixture
def fresh_db(tmp_path: Path) -> Iterator[Callable[[str], SqliteDatabase]]:
    """Open another network in tmp_path (closing the current one); the fixture `db` is then no longer open."""

    def _open(name: str) -> SqliteDatabase:
        close_database()
        return open_database(tmp_path / name)

    yield _open
    close_database()
