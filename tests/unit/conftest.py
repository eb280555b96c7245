"""Fixtures for the unit tests: a real SQLite network file in tmp_path, and ways to look at it from outside."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from peewee import SqliteDatabase

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
def fresh_db(tmp_path: Path) -> Iterator[Callable[[str], SqliteDatabase]]:
    """Open another network in tmp_path (closing the current one); the fixture `db` is then no longer open."""

    def _open(name: str) -> SqliteDatabase:
        close_database()
        return open_database(tmp_path / name)

    yield _open
    close_database()
