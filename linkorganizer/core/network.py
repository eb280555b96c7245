"""The open network: a session that owns its database, its operations and their undo log.

``Network.open(path)`` opens the file, migrates it or refuses it, and only then returns: a refused file never
becomes the database anything writes to. A change is an operation::

    with network.op("Place Ada in Fintech") as op:
        groups.place([ada], fintech)
    op.changes  # what the database log says it changed, per entity

One transaction per operation; the database itself records the old rows (:mod:`linkorganizer.db.oplog`), so
undo and redo replay a whole operation set-wise, whatever its size, and nothing has to write an inverse by hand.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from linkorganizer.db import DatabaseError, current_database, open_database, resolve_database_path
from linkorganizer.db.connection import network_log
from linkorganizer.core.contacts import ValidationError
from linkorganizer.db.errors import environment_problem, error_name, known_problem
from linkorganizer.db.oplog import OpChanges, UndoBlocked
from linkorganizer.db.postgres import is_server_url

log = logging.getLogger("linkorganizer.core")

# What the layers above see of the storage: the session, its errors, where a network lives.
__all__ = [
    "Changes",
    "DatabaseError",
    "ImportInfo",
    "Network",
    "Op",
    "UndoBlocked",
    "close_thread_connection",
    "describe_failure",
    "environment_problem",
    "error_name",
    "known_problem",
    "resolve_database_path",
]

# Tables whose rows say something about one contact, and the column that names it.
_CONTACT_CHILDREN = {
    "contact_field": "contact_id", "contact_tag": "contact_id", "membership": "contact_id",
    "job_change": "contact_id", "reminder": "contact_id",
}
_GROUP_CHILDREN = {"group_slot": "group_id", "membership": "group_id"}
# More contacts than this in one change: lists are read again rather than patched row by row.
RELOAD_THRESHOLD = 200

# How much undo history a network keeps (pruned when it is opened): every change of the last HISTORY_DAYS days,
# and at least the HISTORY_CHANGES most recent ones however old. An import stays undoable from the import
# history as long as its change is kept; older imports are listed as no longer undoable.
HISTORY_DAYS = 90
HISTORY_CHANGES = 200


@dataclass
class Changes:
    """What one operation (or its undo) changed, by entity: what a view needs to bring itself up to date."""

    op_id: int | None = None
    title: str = ""
    contacts: set[int] = field(default_factory=set)  # contacts whose row or details, tags, memberships changed
    contact_rows: set[int] = field(default_factory=set)  # of those, the ones whose own row changed (stage, cadence…)
    contacts_added_or_removed: bool = False  # rows came or went (or were trashed, restored): lists requery
    groups: set[int] = field(default_factory=set)
    groups_added_or_removed: bool = False
    invitations: set[int] = field(default_factory=set)
    introductions: set[int] = field(default_factory=set)
    interactions: set[int] = field(default_factory=set)  # contacts whose interactions changed
    tags: bool = False
    settings: bool = False
    job_changes: set[int] = field(default_factory=set)  # contacts whose job-change marks came, went or were dismissed
    reminders: set[int] = field(default_factory=set)  # reminders created, edited, done or deleted
    snoozes: bool = False  # entries of the Today page put off (or back)

    @classmethod
    def everything(cls) -> Changes:
        """Anything may have changed (the network was written to outside an operation): every view reads again."""
        return cls(
            contacts_added_or_removed=True, groups_added_or_removed=True, tags=True, settings=True, snoozes=True,
        )  # fmt: skip

    @property
    def reload(self) -> bool:
        """Too much changed to patch: views read everything again."""
        return self.contacts_added_or_removed or len(self.contacts) > RELOAD_THRESHOLD

    def __bool__(self) -> bool:
        return bool(
            self.contacts or self.contacts_added_or_removed or self.groups or self.groups_added_or_removed
            or self.invitations or self.introductions or self.interactions or self.tags or self.settings
            or self.job_changes or self.reminders or self.snoozes
        )  # fmt: skip


@dataclass
class Op:
    """An open operation; ``changes`` is filled in when it commits."""

    id: int
    title: str
    changes: Changes = field(default_factory=Changes)


@dataclass(frozen=True)
class ImportInfo:
    """One import, as the history lists it."""

    id: int  # the import batch
    op_id: int | None
    file_name: str
    format: str
    started_at: str
    created: int
    updated: int
    unchanged: int
    skipped: int
    undone: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "file": self.file_name,
            "format": self.format,
            "date": self.started_at,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "undone": self.undone,
        }


class Network:
    """One open network file. Each window (and each command-line run) opens one and closes it."""

    def __init__(self, path: Path | str, db) -> None:  # use Network.open()
        self.path = path
        self.db = db
        self.log = network_log(db)
        self._own: set[int] = set()  # the operations this session made (others' are announced by the server)
        self.read_only = False

    @classmethod
    def bound(cls) -> Network:
        """A session over the database :func:`~linkorganizer.db.open_database` opened last (scripts, tests)."""
        db = current_database()
        return cls(db.database if getattr(db, "server", False) else Path(db.database), db)

    @classmethod
    def open(cls, path: str | os.PathLike[str], read_only: bool = False) -> Network:
        """Open, migrate or refuse (:class:`DatabaseError`); a refused file is left exactly as it was. A file
        opened *read_only* is only read (changes are refused).

        An older file is snapshotted before it is upgraded (:mod:`linkorganizer.core.snapshots`); when that
        copy cannot be written, it is not upgraded."""
        from linkorganizer.core import snapshots

        def before_upgrade(version: int) -> None:
            snapshots.take_file(path, snapshots.UPGRADE, f"schema {version}", required=True)

        place: Path | str = str(path) if is_server_url(path) else Path(path)
        network = cls(place, open_database(path, before_upgrade=before_upgrade, read_only=read_only))
        network.read_only = read_only
        network.prune_history()
        return network

    def prune_history(self, now: _dt.datetime | None = None) -> int:
        """Forget the undo history beyond what the network keeps (HISTORY_DAYS, HISTORY_CHANGES).

        Upkeep, not a change: a network that cannot be written (read-only file, busy) keeps its history and opens.
        """
        now = now or _dt.datetime.now(_dt.UTC).replace(tzinfo=None)
        older_than = (now - _dt.timedelta(days=HISTORY_DAYS)).isoformat(sep=" ")
        try:
            with self.db.atomic():  # deferred: only a network with history to forget is written
                forgotten = self.log.prune(older_than, HISTORY_CHANGES)
        except Exception as exc:
            if describe_failure(exc) is None:
                raise
            log.info("undo history not pruned: %s", error_name(exc))
            return 0
        if forgotten:
            log.info("forgot %d operations of undo history", forgotten)
        return forgotten

    def close(self) -> None:
        """Close this thread's connection to the network (another window may have opened another since)."""
        if not self.db.is_closed():
            self.db.close()

    # -- operations -------------------------------------------------------------------------------------------

    @contextmanager
    def op(self, title: str, author: str = "") -> Iterator[Op]:
        """One change: one transaction whose undo log the database writes. Raises whatever the change raised,
        with nothing written; on success ``op.changes`` says what changed."""
        with self.db.atomic("IMMEDIATE"):
            op_id = self.log.begin(title, author=author)
            current = Op(op_id, title)
            try:
                yield current
            except BaseException:
                self.log.abandon()
                raise
            current.changes = self._describe(self.log.finish(op_id))
        self._own.add(op_id)
        log.debug("op %d committed", op_id)

    def undo(self, op_id: int) -> Changes:
        """Take an operation back (raises :class:`UndoBlocked` with the later operations in the way, and on a
        shared network who made them)."""
        return self._replay(self.log.undo, op_id)

    def redo(self, op_id: int) -> Changes:
        return self._replay(self.log.redo, op_id)

    def _replay(self, step: Callable[[int], OpChanges], op_id: int) -> Changes:
        try:
            with self.db.atomic("IMMEDIATE"):
                raw = step(op_id)
                changes = self._describe(raw)
        except UndoBlocked as exc:
            raise self._named(exc) from None
        self._own.add(raw.op_id)
        return changes

    def _named(self, exc: UndoBlocked) -> UndoBlocked:
        """*exc* naming the person behind each operation in the way (on a file, everyone is you)."""
        ids = [op for op, _title in exc.by[:5]]
        if not self.shared or not ids:
            return exc
        marks = ", ".join("?" for _ in ids)
        rows = self.db.execute_sql(f"SELECT id, author FROM op WHERE id IN ({marks})", ids).fetchall()
        return exc.with_authors({int(op): str(author) for op, author in rows if author})

    # -- others' changes --------------------------------------------------------------------------------------

    @property
    def shared(self) -> bool:
        """Whether the network lives on a server, where other people change it while this window is open."""
        return bool(getattr(self.db, "server", False))

    def listen(self) -> ChangeFeed | None:
        """What others commit to a network on a server, as it happens (None for a file)."""
        if not self.shared:
            return None
        from linkorganizer.db.oplog_server import CHANNEL
        from linkorganizer.db.postgres import ChangeListener

        return ChangeFeed(self, ChangeListener(self.db, CHANNEL))

    def blockers(self, op_id: int) -> list[tuple[int, str]]:
        return self.log.blockers(op_id)

    def last_op_id(self) -> int:
        """The newest operation's id (0 for none): a mark to ask later what was committed since."""
        return int(self.db.execute_sql("SELECT coalesce(max(id), 0) FROM op").fetchone()[0])

    def committed_since(self, mark: int) -> list[str]:
        """The titles of the operations committed after *mark* (from :meth:`last_op_id`), oldest first."""
        rows = self.db.execute_sql("SELECT title FROM op WHERE id > ? ORDER BY id", (mark,)).fetchall()
        return [str(title) for (title,) in rows]

    def is_undone(self, op_id: int) -> bool:
        return self.log.is_undone(op_id)

    def mark_import(self, op: Op, batch_id: int) -> None:
        """Link an open operation to the import batch it made (the import history finds it so)."""
        self.db.execute_sql("UPDATE op SET import_batch = ? WHERE id = ?", (batch_id, op.id))

    # -- imports ----------------------------------------------------------------------------------------------

    def imports(self) -> list[ImportInfo]:
        rows = self.db.execute_sql(
            """SELECT b.id, o.id, b.file_name, b.format, b.started_at, b.created_count, b.updated_count,
                      b.unchanged_count, b.skipped_count,
                      CASE WHEN (SELECT kind FROM op WHERE chain = o.chain ORDER BY id DESC LIMIT 1) = 'undo'
                           THEN 1 ELSE 0 END
               FROM import_batch b LEFT JOIN op o ON o.import_batch = b.id AND o.kind = 'change'
               ORDER BY b.id DESC"""
        ).fetchall()
        return [
            ImportInfo(int(r[0]), r[1], r[2], r[3], str(r[4])[:19], r[5], r[6], r[7], r[8], bool(r[9]))
            for r in rows
        ]

    def import_op(self, batch_id: int) -> int:
        """The operation that made import *batch_id* (LookupError when there is none to undo)."""
        row = self.db.execute_sql(
            "SELECT id FROM op WHERE import_batch = ? AND kind = 'change'", (batch_id,)
        ).fetchone()
        if row is None:
            raise LookupError(f"there is no import {batch_id} that can be undone")
        return int(row[0])

    # -- what changed -----------------------------------------------------------------------------------------

    def _describe(self, raw: OpChanges) -> Changes:
        """The entities behind the rows an operation wrote: a child row names its contact or group, in its
        current state or, when it is gone, in the image the log kept."""
        changes = Changes(raw.op_id, raw.title)

        def owners(table: str, column: str) -> set[int]:
            ids = sorted(raw.touched(table))
            if not ids:
                return set()
            found: set[int] = set()
            for start in range(0, len(ids), 900):
                chunk = ids[start : start + 900]
                marks = ",".join("?" * len(chunk))
                found.update(
                    v
                    for (v,) in self.db.execute_sql(
                        f'SELECT "{column}" FROM "{table}" WHERE id IN ({marks}) UNION '
                        f'SELECT "{column}" FROM "undo_{table}" WHERE _op = ? AND _row IN ({marks})',
                        (*chunk, raw.op_id, *chunk),
                    ).fetchall()
                    if v is not None
                )
            return found

        contacts = raw.touched("contact")
        others: set[int] = set()
        for table, column in _CONTACT_CHILDREN.items():
            others |= owners(table, column)
        others -= contacts
        # The log's own set, not copies (raw goes once described; nothing changes these sets afterwards): an
        # import of a million new contacts holds its ids once.
        changes.contact_rows = contacts
        changes.contacts = contacts | others if others else contacts
        if contacts:
            changes.contacts_added_or_removed = self._rows_came_or_went(raw, "contact", trash_column="deleted_at")
        changes.groups = set(raw.touched("goal_group"))
        for table, column in _GROUP_CHILDREN.items():
            changes.groups |= owners(table, column)
        if raw.touched("goal_group"):
            changes.groups_added_or_removed = self._rows_came_or_went(raw, "goal_group", order_column="position")
        changes.invitations = set(raw.touched("invitation")) | owners("invitation_event", "invitation_id")
        changes.introductions = set(raw.touched("introduction"))
        changes.interactions = owners("interaction", "contact_id")
        changes.tags = bool(raw.touched("tag") or raw.touched("contact_tag"))
        changes.settings = bool(raw.touched("setting"))
        changes.job_changes = owners("job_change", "contact_id")
        changes.reminders = set(raw.touched("reminder"))
        changes.snoozes = bool(raw.touched("today_snooze"))
        return changes

    def _rows_came_or_went(
        self, raw: OpChanges, table: str, trash_column: str | None = None, order_column: str | None = None
    ) -> bool:
        """Whether the operation created or deleted rows of *table*, or moved them in or out of the trash (or
        changed their order): what makes a list query again instead of patching rows."""
        kinds = {
            k
            for (k,) in self.db.execute_sql(f'SELECT DISTINCT _kind FROM "undo_{table}" WHERE _op = ?', (raw.op_id,))
        }
        if kinds & {"I", "D"}:
            return True
        for column in (trash_column, order_column):
            if column is None:
                continue
            moved = self.db.execute_sql(
                f"""SELECT 1 FROM "undo_{table}" u JOIN "{table}" t ON t.id = u._row
                    WHERE u._op = ? AND u._kind = 'U' AND u."{column}" IS NOT t."{column}" LIMIT 1""",
                (raw.op_id,),
            ).fetchone()
            if moved:
                return True
        return False



class ChangeFeed:
    """The operations other clients commit to a shared network, each described as the window's own are (the
    one change signal carries them alike). Watch :meth:`fileno`; :meth:`poll` never blocks."""

    def __init__(self, network: Network, listener) -> None:
        self._network = network
        self._listener = listener

    def fileno(self) -> int:
        return self._listener.fileno()

    def poll(self) -> list[Changes]:
        found = []
        for op_id in self._listener.pending():
            if op_id in self._network._own:
                continue
            raw = self._network.log.changes(op_id)
            if raw:
                found.append(self._network._describe(raw))
        return found

    def close(self) -> None:
        self._listener.close()


def interrupt_thread_connection() -> Callable[[], None]:
    """A function that stops the statement the calling thread's connection is running (from any thread: a
    worker's read that is no longer wanted); the connection stays open."""
    connection = current_database().connection()
    # SQLite's interrupt; a server's is a cancel request on the connection's own channel.
    return getattr(connection, "interrupt", None) or getattr(connection, "cancel_safe", connection.cancel)


def close_thread_connection() -> None:
    """Close the calling thread's own connection to the open network (a worker thread's, when it is done)."""
    db = current_database()
    if not db.is_closed():
        db.close()


def describe_failure(exc: BaseException) -> str | None:
    """The plain sentence for a failure the user can act on (a refused value, a locked database, a full disk);
    None for a bug."""
    if isinstance(exc, ValidationError):
        return str(exc)
    return environment_problem(exc)
