"""Errors of the storage layer that the user can act on, and the plain words for SQLite's own.

SQLite errors are classified by their result code (``sqlite_errorcode``, set on every sqlite3 exception since
Python 3.11), never by their message text: a locked database, a full disk or a damaged file is the user's
environment and gets one plain sentence; any other SQLite error is a bug and goes to the crash dialog.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass


class DatabaseError(Exception):
    """A problem with the database file that the user can act on (not a bug): locked, corrupt, too new…"""


@dataclass(frozen=True)
class KnownProblem:
    """An SQLite failure caused by the environment: what happened, and what the user can do about it."""

    name: str  # SQLite's name for the primary code, e.g. "SQLITE_FULL" (safe to log)
    what: str  # "the disk is full"
    advice: str  # "free some space and try again"

    @property
    def sentence(self) -> str:
        """One line for the command line: ``the disk is full; free some space and try again``."""
        return f"{self.what}; {self.advice}" if self.advice else self.what


_IN_USE = ("the database is in use by another program", "close it and try again")
# Primary result codes (the low byte of an extended code), from sqlite3.h.
_PROBLEMS: dict[int, tuple[str, str, str]] = {
    sqlite3.SQLITE_PERM: ("SQLITE_PERM", "access to the database file was denied", "check the file's permissions"),
    sqlite3.SQLITE_BUSY: ("SQLITE_BUSY", *_IN_USE),
    sqlite3.SQLITE_LOCKED: ("SQLITE_LOCKED", *_IN_USE),
    sqlite3.SQLITE_READONLY: (
        "SQLITE_READONLY",
        "the database file is read-only",
        "check its permissions, or copy it to a folder you can write to",
    ),
    sqlite3.SQLITE_IOERR: (
        "SQLITE_IOERR",
        "the disk reported an error while reading or writing",
        "check the disk, then try again",
    ),
    sqlite3.SQLITE_CORRUPT: ("SQLITE_CORRUPT", "the database file is damaged", "restore a backup"),
    sqlite3.SQLITE_FULL: ("SQLITE_FULL", "the disk is full", "free some space and try again"),
    sqlite3.SQLITE_CANTOPEN: (
        "SQLITE_CANTOPEN",
        "the file cannot be opened",
        "check that its folder exists and that you may write to it",
    ),
    sqlite3.SQLITE_NOTADB: ("SQLITE_NOTADB", "the file is not a LinkOrganizer database (or it is damaged)", ""),
}


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """*exc* and the exceptions behind it, nearest first: what a wrapper was given (its arguments), what it was
    raised from or while handling."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
        todo.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def _sqlite_errors(exc: BaseException) -> Iterator[sqlite3.Error]:
    """The sqlite3 exceptions behind *exc*, nearest first: itself, the one peewee wrapped (its argument), and
    those it was raised from or while handling (its cause and context)."""
    for current in _chain(exc):
        if isinstance(current, sqlite3.Error) and getattr(current, "sqlite_errorcode", None) is not None:
            yield current


def sqlite_cause(exc: BaseException) -> sqlite3.Error | None:
    """The nearest sqlite3 exception behind *exc* (itself, or the one peewee wrapped), or None."""
    return next(_sqlite_errors(exc), None)


def sqlite_error_code(exc: BaseException) -> int | None:
    """SQLite's extended result code behind *exc*, or None when no sqlite3 error is behind it."""
    cause = sqlite_cause(exc)
    return None if cause is None else int(cause.sqlite_errorcode)


def known_problem(exc: BaseException) -> KnownProblem | None:
    """The environment problem behind an SQLite error (locked, disk full, damaged…); None for a bug.

    The whole chain is searched: when the disk fills, SQLite rolls the transaction back itself, so peewee's own
    rollback then fails with "no transaction is active" while handling the SQLITE_FULL that matters.
    """
    for cause in _sqlite_errors(exc):
        known = _PROBLEMS.get(int(cause.sqlite_errorcode) & 0xFF)
        if known is not None:
            return KnownProblem(*known)
    return _server_problem(exc)


def _server_problem(exc: BaseException) -> KnownProblem | None:
    """The environment problem behind a PostgreSQL server's error: the connection lost, another person's
    change in the way, a right the role lacks, the server's disk full. None for a bug (and on a file: the driver
    is only there once a server network was opened)."""
    psycopg = sys.modules.get("psycopg")
    if psycopg is None:
        return None
    errors = psycopg.errors
    for cause in _chain(exc):
        if not isinstance(cause, psycopg.Error):
            continue
        if isinstance(cause, (errors.SerializationFailure, errors.DeadlockDetected, errors.LockNotAvailable)):
            return KnownProblem("SERVER_BUSY", "someone else was changing the same thing at that moment",
                                "try again")
        if isinstance(cause, errors.InsufficientPrivilege):
            return KnownProblem("SERVER_REFUSED", "your role on the server may not do that",
                                "ask the network's owner to let you in (linkorganizer server-setup --member)")
        if isinstance(cause, errors.DiskFull):
            return KnownProblem("SERVER_FULL", "the server's disk is full", "ask its administrator to free space")
        if isinstance(cause, errors.ReadOnlySqlTransaction):
            return KnownProblem("SERVER_READ_ONLY", "the server accepts no changes at the moment (read-only)", "")
        if isinstance(cause, psycopg.OperationalError):
            return KnownProblem("SERVER_UNREACHABLE", "the connection to the server was lost",
                                "check the network connection and try again")
    return None


def environment_problem(exc: BaseException) -> str | None:
    """A plain sentence for an SQLite error the user can act on; None for a bug."""
    problem = known_problem(exc)
    return None if problem is None else problem.sentence


def describe_sqlite_error(exc: BaseException) -> str:
    return environment_problem(exc) or str(exc)


def error_name(exc: BaseException) -> str:
    """A name for *exc* that is safe to log: its type, and SQLite's code name when there is one (no message text,
    which can quote a contact's data)."""
    names = [getattr(cause, "sqlite_errorname", str(cause.sqlite_errorcode)) for cause in _sqlite_errors(exc)]
    return f"{type(exc).__name__} ({', '.join(names)})" if names else type(exc).__name__
