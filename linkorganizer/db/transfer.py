"""Copying a whole network between two databases (a file and a server, either way), verified afterwards.

Every table of the network is copied row for row with its ids, in an order that puts a row after the rows it
points at, inside one transaction on the destination: a copy that fails leaves the destination as empty as it
was. Values pass through the model's fields (a boolean, a date, a timestamp, a blob each in the destination's
own type). Then both sides are read again and compared, table by table: the number of rows and a checksum of
their values in id order, as the fields read them, so the same network gives the same checksum on either
backend.

The undo history is not copied: a copy starts a network of its own, whose first undoable change is the first
one made in it. The import history is (the ``import_batch`` table), so the history still lists what came from
where.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from peewee import Database, Model, SqliteDatabase

from linkorganizer.db.errors import DatabaseError
from linkorganizer.db.models import MODELS, AutoIncrementField, SchemaVersion
from linkorganizer.db.postgres import ServerDatabase

BATCH = 1000


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str


class CopyRefused(DatabaseError):
    """The copy cannot be made (the destination holds a network, a value the destination cannot store)."""


def copied_models() -> list[type[Model]]:
    """The network's tables, each after the tables it points at."""
    models = [m for m in MODELS if m is not SchemaVersion]
    done: list[type[Model]] = []
    while len(done) < len(models):
        for model in models:
            if model in done:
                continue
            parents = {fk.rel_model for fk in model._meta.refs} - {model}
            if parents <= set(done):
                done.append(model)
    return done


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _select(model: type[Model]) -> str:
    fields = model._meta.sorted_fields
    columns = ", ".join(_quote(f.column_name) for f in fields)
    key = _quote(model._meta.primary_key.column_name)
    return f"SELECT {columns} FROM {_quote(model._meta.table_name)} ORDER BY {key}"


def _rows(db: Database, model: type[Model]) -> Iterator[tuple]:
    """Every row of *model*'s table in id order, as its fields read them."""
    fields = model._meta.sorted_fields
    cursor = db.execute_sql(_select(model))
    while True:
        chunk = cursor.fetchmany(BATCH)
        if not chunk:
            return
        for raw in chunk:
            yield tuple(f.python_value(v) for f, v in zip(fields, raw))


def _canonical(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, _dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, memoryview)):
        return bytes(value).hex()
    return value


def table_check(db: Database, model: type[Model]) -> TableCheck:
    digest = hashlib.sha256()
    count = 0
    for row in _rows(db, model):
        digest.update(repr(tuple(_canonical(v) for v in row)).encode("utf-8", "surrogatepass"))
        count += 1
    return TableCheck(model._meta.table_name, count, digest.hexdigest())


def network_checks(db: Database) -> list[TableCheck]:
    return [table_check(db, m) for m in copied_models()]


def _stored(value: object, server: bool) -> object:
    """A field's value as the destination stores it: a file keeps dates and timestamps as text."""
    if server:
        return bytes(value) if isinstance(value, memoryview) else value
    if isinstance(value, (_dt.datetime, _dt.date)):
        return str(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def _high_water(db: Database, model: type[Model]) -> int:
    """The highest id the table ever handed out (higher than any row's when the last rows were deleted)."""
    table = model._meta.table_name
    key = _quote(model._meta.primary_key.column_name)
    highest = db.execute_sql(f"SELECT max({key}) FROM {_quote(table)}").fetchone()[0] or 0
    if isinstance(db, SqliteDatabase):
        row = db.execute_sql("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone() if _has_sequences(db) else None
    else:
        sequence = db.execute_sql("SELECT pg_get_serial_sequence(?, ?)", (_quote(table), model._meta.primary_key.column_name)).fetchone()[0]
        row = db.execute_sql(f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}").fetchone() if sequence else None
    return max(int(highest), int(row[0]) if row and row[0] is not None else 0)


def _has_sequences(db: Database) -> bool:
    return db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'").fetchone() is not None


def _set_high_water(db: Database, model: type[Model], value: int) -> None:
    table = model._meta.table_name
    if value <= 0:
        return
    if isinstance(db, SqliteDatabase):
        if isinstance(model._meta.primary_key, AutoIncrementField):
            db.execute_sql("UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = ?", (value, table))
            db.execute_sql(
                "INSERT INTO sqlite_sequence (name, seq) SELECT ?, ? WHERE NOT EXISTS "
                "(SELECT 1 FROM sqlite_sequence WHERE name = ?)",
                (table, value, table),
            )
        return
    sequence = db.execute_sql(
        "SELECT pg_get_serial_sequence(?, ?)", (_quote(table), model._meta.primary_key.column_name)
    ).fetchone()[0]
    if sequence:
        db.execute_sql("SELECT setval(?::regclass, ?, true)", (sequence, value))


def _executemany(db: Database, sql: str, rows: list[tuple]) -> None:
    db.cursor().executemany(sql, rows)


def _refuse_nul(model: type[Model], row: tuple) -> None:
    for field, value in zip(model._meta.sorted_fields, row):
        if isinstance(value, str) and "\x00" in value:
            raise CopyRefused(
                f"{model._meta.table_name} row {row[0]}: its {field.column_name} holds a NUL character, which a "
                "PostgreSQL server cannot store. Edit the value (or delete the row), then copy again."
            )


def is_empty(db: Database) -> bool:
    return all(db.execute_sql(f"SELECT 1 FROM {_quote(m._meta.table_name)} LIMIT 1").fetchone() is None
               for m in copied_models())


def copy_tables(
    source: Database, dest: Database, progress: Callable[[str, int], None] | None = None
) -> list[TableCheck]:
    """Copy every table of *source* into the empty network *dest* in one transaction, then verify the copy.

    Returns the checks of the destination (equal to the source's). Raises :class:`CopyRefused` when *dest*
    already holds something, a value cannot be stored there, or the verification finds a difference.
    """
    if not is_empty(dest):
        raise CopyRefused("the destination already holds a network; copy into a new, empty one")
    server = isinstance(dest, ServerDatabase)
    with _snapshot(source), dest.atomic():
        for model in copied_models():
            _copy_table(source, dest, model, server, progress)
        # Checked before the commit: a copy that differs is rolled back, never left behind.
        wanted = network_checks(source)
        got = network_checks(dest)
        for want, have in zip(wanted, got):
            if want != have:
                raise CopyRefused(
                    f"the copy of {want.table} differs from the original ({have.rows} rows against {want.rows}, "
                    "or other values); nothing was written"
                )
    return got


@contextlib.contextmanager
def _snapshot(db: Database) -> Iterator[None]:
    """One read transaction, so the copy and its check see the source as it was at one moment."""
    with db.atomic():
        if isinstance(db, ServerDatabase):
            db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _copy_table(
    source: Database, dest: Database, model: type[Model], server: bool, progress: Callable[[str, int], None] | None
) -> None:
    fields = model._meta.sorted_fields
    columns = ", ".join(_quote(f.column_name) for f in fields)
    marks = ", ".join("?" for _ in fields)
    insert = f"INSERT INTO {_quote(model._meta.table_name)} ({columns}) VALUES ({marks})"
    batch: list[tuple] = []
    done = 0
    for row in _rows(source, model):
        if server:
            _refuse_nul(model, row)
        batch.append(tuple(_stored(f.db_value(v), server) for f, v in zip(fields, row)))
        if len(batch) >= BATCH:
            _executemany(dest, insert, batch)
            done += len(batch)
            batch = []
            if progress:
                progress(model._meta.table_name, done)
    if batch:
        _executemany(dest, insert, batch)
        done += len(batch)
        if progress:
            progress(model._meta.table_name, done)
    if model._meta.primary_key.field_type in ("AUTO", "BIGAUTO"):
        _set_high_water(dest, model, _high_water(source, model))
