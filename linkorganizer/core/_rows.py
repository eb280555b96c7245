"""Exact row snapshots for undo (columns read and written back as stored, bypassing Peewee's conversions), and
reading stored timestamps.

Reading a timestamp through a model and saving it back can change its stored text (``2024-05-21T20:51:00`` from an
archive becomes ``2024-05-21 20:51:00``). An undo that must leave the database *exactly* as it was therefore copies
raw column values. Table and column names passed here are the program's own constants, never user input.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

from linkorganizer.core.normalize import parse_datetime
from linkorganizer.db import current_database


def read_row(table: str, row_id: int, columns: Iterable[str] | None = None) -> dict[str, Any] | None:
    """The stored values of one row (all columns, or *columns*), or None when the row does not exist."""
    wanted = "*" if columns is None else ", ".join(f'"{c}"' for c in columns)
    cursor = current_database().execute_sql(f'SELECT {wanted} FROM "{table}" WHERE id = ?', (row_id,))  # noqa: S608
    row = cursor.fetchone()
    if row is None:
        return None
    return {description[0]: value for description, value in zip(cursor.description, row, strict=True)}


def read_rows(table: str, where: str, params: Iterable[Any]) -> list[dict[str, Any]]:
    """All columns of the rows matching *where* (an SQL condition with ``?`` marks), in id order."""
    cursor = current_database().execute_sql(
        f'SELECT * FROM "{table}" WHERE {where} ORDER BY id', tuple(params)  # noqa: S608
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def write_row(table: str, row_id: int, values: Mapping[str, Any]) -> None:
    """Put stored values back into an existing row."""
    if not values:
        return
    assignments = ", ".join(f'"{name}" = ?' for name in values)
    current_database().execute_sql(
        f'UPDATE "{table}" SET {assignments} WHERE id = ?', (*values.values(), row_id)  # noqa: S608
    )


def insert_row(table: str, values: Mapping[str, Any]) -> int:
    """Insert a row from stored values (including its id, when given); returns the id."""
    names = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join("?" * len(values))
    cursor = current_database().execute_sql(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks})', tuple(values.values())  # noqa: S608
    )
    return int(values.get("id") or cursor.lastrowid)


def delete_row(table: str, row_id: int) -> None:
    current_database().execute_sql(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))  # noqa: S608


def as_utc(value: _dt.datetime | _dt.date | None) -> _dt.datetime | None:
    """The naive-UTC form the database stores: an aware datetime is converted, a naive one is taken as UTC
    already, a date becomes its midnight."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(_dt.UTC).replace(tzinfo=None)
        return value
    return _dt.datetime.combine(value, _dt.time())


def moment(value: Any) -> _dt.datetime | None:
    """A stored timestamp (whatever its text shape) as a naive-UTC datetime; None when empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime.combine(value, _dt.time())
    return parse_datetime(str(value))


def day(value: Any) -> _dt.date | None:
    """The calendar day of a stored timestamp or date."""
    found = moment(value)
    return found.date() if found is not None else None
