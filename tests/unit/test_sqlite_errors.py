"""SQLite errors told apart by result code, made by real conditions wherever SQLite lets a test make them."""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from linkorganizer.core.contacts import create_contact
from linkorganizer.db import DatabaseError, close_database, current_database, open_database
from linkorganizer.db.errors import (
    environment_problem,
    error_name,
    known_problem,
    sqlite_error_code,
)
from linkorganizer.db.models import Contact
from linkorganizer.formats import registry
from linkorganizer.formats.textio import WriteError, atomic_write, file_problem
from linkorganizer.log import redacted_traceback


def raised(action) -> BaseException:
    try:
        action()
    except BaseException as exc:  # noqa: BLE001 - the point is to look at it
        return exc
    raise AssertionError("nothing was raised")


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    con = sqlite3.connect(tmp_path / "plain.db", isolation_level=None)
    con.execute("CREATE TABLE t (x TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [("row",)] * 20)
    yield con
    con.close()


def test_busy_when_another_connection_holds_the_write_lock(tmp_path: Path, plain: sqlite3.Connection) -> None:
    plain.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(tmp_path / "plain.db", timeout=0.05)
    try:
        exc = raised(lambda: other.execute("INSERT INTO t VALUES ('x')"))
    finally:
        other.close()
        plain.execute("ROLLBACK")
    assert sqlite_error_code(exc) == sqlite3.SQLITE_BUSY
    assert environment_problem(exc) == "the database is in use by another program; close it and try again"


def test_locked_when_a_table_in_use_is_dropped(plain: sqlite3.Connection) -> None:
    reading = plain.execute("SELECT x FROM t")
    reading.fetchone()  # the statement is still running
    exc = raised(lambda: plain.execute("DROP TABLE t"))
    assert sqlite_error_code(exc) == sqlite3.SQLITE_LOCKED
    assert known_problem(exc).what == "the database is in use by another program"


def test_full_when_the_file_may_not_grow(plain: sqlite3.Connection) -> None:
    pages = plain.execute("PRAGMA page_count").fetchone()[0]
    plain.execute(f"PRAGMA max_page_count = {pages}")
    exc = raised(lambda: plain.executemany("INSERT INTO t VALUES (?)", [("x" * 2000,)] * 50))
    assert sqlite_error_code(exc) == sqlite3.SQLITE_FULL
    assert environment_problem(exc) == "the disk is full; free some space and try again"


def test_readonly_when_the_file_is_opened_read_only(tmp_path: Path, plain: sqlite3.Connection) -> None:
    reader = sqlite3.connect(f"file:{tmp_path / 'plain.db'}?mode=ro", uri=True)
    try:
        exc = raised(lambda: reader.execute("INSERT INTO t VALUES ('x')"))
    finally:
        reader.close()
    assert sqlite_error_code(exc) & 0xFF == sqlite3.SQLITE_READONLY
    assert known_problem(exc).what == "the database file is read-only"


def test_notadb_for_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("my notes, not a database\n" * 100)
    con = sqlite3.connect(path)
    try:
        exc = raised(lambda: con.execute("SELECT * FROM sqlite_master"))
    finally:
        con.close()
    assert sqlite_error_code(exc) == sqlite3.SQLITE_NOTADB
    assert "not a LinkOrganizer database" in environment_problem(exc)


def damage(path: Path) -> None:
    """Overwrite the schema page after the header: a torn write, or a disk that lost a block."""
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\x55" * (4096 - 100)
    path.write_bytes(bytes(data))


def test_corrupt_for_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x TEXT)")
    con.executemany("INSERT INTO t VALUES (?)", [("x" * 100,)] * 500)
    con.commit()
    con.close()
    damage(path)
    con = sqlite3.connect(path)
    try:
        exc = raised(lambda: con.execute("SELECT count(*) FROM t").fetchone())
    finally:
        con.close()
    assert sqlite_error_code(exc) == sqlite3.SQLITE_CORRUPT
    assert environment_problem(exc) == "the database file is damaged; restore a backup"


def test_cantopen_for_a_folder(tmp_path: Path) -> None:
    (tmp_path / "folder.db").mkdir()
    exc = raised(lambda: sqlite3.connect(tmp_path / "folder.db").execute("SELECT * FROM sqlite_master"))
    assert sqlite_error_code(exc) == sqlite3.SQLITE_CANTOPEN
    assert known_problem(exc).what == "the file cannot be opened"


@pytest.mark.parametrize(
    ("code", "what"),
    [
        # No test can make a disk fail or the OS deny SQLite in a portable way: these two are made by hand,
        # with the extended codes SQLite really uses (SQLITE_IOERR_WRITE, plain SQLITE_PERM).
        (sqlite3.SQLITE_IOERR | (3 << 8), "the disk reported an error while reading or writing"),
        (sqlite3.SQLITE_PERM, "access to the database file was denied"),
    ],
)
def test_ioerr_and_perm(code: int, what: str) -> None:
    exc = sqlite3.OperationalError("disk I/O error")
    exc.sqlite_errorcode = code
    assert known_problem(exc).what == what


def test_other_sqlite_errors_are_bugs(plain: sqlite3.Connection) -> None:
    for action in (lambda: plain.execute("SELECT nope FROM t"), lambda: plain.execute("INSERT INTO t VALUES (1, 2)")):
        exc = raised(action)
        assert sqlite_error_code(exc) == sqlite3.SQLITE_ERROR
        assert environment_problem(exc) is None
    assert environment_problem(ValueError("not SQLite")) is None
    # The message alone decides nothing any more: a bug whose text looks like a known problem is still a bug.
    assert environment_problem(RuntimeError("database is locked")) is None


def test_peewee_wrapped_errors_are_found_through_their_cause(tmp_path: Path) -> None:
    db = SqliteDatabase(str(tmp_path / "p.db"))
    db.connect()
    db.execute_sql("CREATE TABLE t (x)")
    db.execute_sql("PRAGMA query_only = 1")
    exc = raised(lambda: db.execute_sql("INSERT INTO t VALUES (1)"))
    db.close()
    assert type(exc).__module__ == "peewee"
    assert sqlite_error_code(exc) == sqlite3.SQLITE_READONLY
    assert error_name(exc) == "OperationalError (SQLITE_READONLY)"


def test_writing_the_open_network_when_the_disk_is_full(tmp_path: Path) -> None:
    open_database(tmp_path / "net.db")
    try:
        pages = current_database().execute_sql("PRAGMA page_count").fetchone()[0]
        current_database().execute_sql(f"PRAGMA max_page_count = {pages}")
        exc = raised(lambda: [create_contact({"first_name": f"P{i}", "notes": "n" * 3000}) for i in range(40)])
        assert environment_problem(exc) == "the disk is full; free some space and try again"
    finally:
        close_database()


def test_a_damaged_network_is_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "net.db"
    open_database(path)
    for i in range(300):
        Contact.create(first_name=f"P{i}", full_name=f"P{i}", notes="x" * 200)
    close_database()
    damage(path)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    assert str(info.value) == f"Cannot open {path}: the database file is damaged; restore a backup"


def test_a_refused_network_leaves_the_open_one_bound(tmp_path: Path) -> None:
    first = open_database(tmp_path / "first.db")
    try:
        Contact.create(first_name="Ann", full_name="Ann")
        newer = tmp_path / "newer.db"
        open_database(newer)
        close_database()
        con = sqlite3.connect(newer)
        con.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, '2030-01-01 00:00:00')")
        con.commit()
        con.close()
        open_database(first.database)  # the window's network again
        with pytest.raises(DatabaseError, match="newer"):
            open_database(newer)
        assert current_database().database == str(tmp_path / "first.db")
        assert [c.first_name for c in Contact.select()] == ["Ann"]
    finally:
        close_database()


def test_the_log_gets_the_traceback_without_any_message() -> None:
    name, notes = "Ada Lovelace", "notes say hello"  # what a reader's bug could quote from a file

    def fail() -> None:
        try:
            raise KeyError(name)
        except KeyError as inner:
            raise ValueError(f"bad row for {name}: {notes}") from inner

    exc = raised(fail)
    text = redacted_traceback(exc)
    assert "Ada" not in text and "hello" not in text  # the source lines say `name`, the messages are gone
    assert "builtins.KeyError (message not logged)" in text
    assert "builtins.ValueError (message not logged)" in text
    assert "direct cause" in text and "in fail" in text


# ------------------------------------------------------------------------------------ files, in plain words


@pytest.mark.parametrize(
    ("number", "reading", "writing"),
    [
        (errno.ENOENT, "no such file", "its folder does not exist"),
        (errno.EISDIR, "is a folder, not a file", "is a folder, not a file"),
        (errno.EACCES, "cannot be read: permission denied", "cannot be written: permission denied"),
        (errno.ENOSPC, "cannot be read: no space left on device", "cannot be written: the disk is full"),
    ],
)
def test_file_problems(number: int, reading: str, writing: str) -> None:
    exc = OSError(number, "x", "/some/file")
    exc.strerror = __import__("os").strerror(number)
    assert file_problem(exc) == reading
    assert file_problem(exc, writing=True) == writing


def test_an_export_names_the_file_it_could_not_write_not_its_temporary(tmp_path: Path) -> None:
    folder = tmp_path / "existing-folder"
    folder.mkdir()
    missing = tmp_path / "no" / "such" / "out.csv"
    for target, reason in ((folder, "is a folder, not a file"), (missing, "its folder does not exist")):
        with pytest.raises(WriteError) as info:
            with atomic_write(target) as fh:
                fh.write("x")
        assert str(info.value) == f"{target}: {reason}"
        assert info.value.filename == str(target)
    assert list(tmp_path.rglob("*.part")) == []


def test_export_through_the_registry_is_refused_with_the_name(tmp_path: Path) -> None:
    open_database(tmp_path / "net.db")
    try:
        create_contact({"first_name": "Ann"})
        with pytest.raises(WriteError) as info:
            registry.export_file(tmp_path, "csv")
        assert str(info.value) == f"{tmp_path}: is a folder, not a file"
    finally:
        close_database()
