"""Fixtures for the unit tests: a real SQLite network file in tmp_path, and ways to look at it from outside."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
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


@pytest.fixture
def db(db_path: Path) -> Iterator[SqliteDatabase]:
    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def dump(db: SqliteDatabase, db_path: Path) -> Callable[[], list[str]]:
    """A function returning the full content of the open test database (committed data only)."""
    return lambda: dump_database(db_path)


@pytest.fixture
def network(db: SqliteDatabase) -> Network:
    """The session over the test database (``db``): operations, and their undo and redo from its log."""
    return Network.bound()


@pytest.fixture
def content(db: SqliteDatabase, db_path: Path) -> Callable[[], Content]:
    """A function returning the data of the open test database (committed rows, the undo log left out)."""
    return lambda: network_content(db_path)


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
