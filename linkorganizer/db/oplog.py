"""The undo log the database writes itself: one operation, its old row images, and set-wise undo.

The technique of SQLite's "Automatic Undo/Redo Using SQLite" note, with row images instead of SQL text: every
logged table ``T`` has a shadow table ``undo_T`` with the same columns plus ``seq``, ``op_id``, ``kind`` and
``row_id``, filled by triggers generated from the model metadata:

* AFTER INSERT  → ``('I', NEW.rowid)`` (the row did not exist before; no image needed),
* AFTER UPDATE  → ``('U', OLD.rowid, OLD.*)``,
* AFTER DELETE  → ``('D', OLD.rowid, OLD.*)`` (cascaded deletes fire it too).

``PRAGMA recursive_triggers`` must be on for every connection: only then does an ``INSERT OR REPLACE`` that
removes a conflicting row fire the DELETE trigger, and the row it replaced comes back on undo.

The triggers write only while an operation is open: :meth:`OpLog.begin` puts the operation's id in the one-row
table ``op_active`` inside the transaction and :meth:`OpLog.finish` removes it before the commit, so no other
connection ever sees it and a write from outside an operation (a migration, another program) is not logged.
Raw values are copied, so a restored row is byte-identical (types, timestamp text, blobs).

Undoing operation X restores, for every row X touched, the state it had before X: the first entry X logged for
that row says it (``I`` → the row did not exist; ``U``/``D`` → its image). That is a handful of statements per
table whatever the number of rows — DELETE the rows X created, UPDATE … FROM the images of rows that still
exist, INSERT … SELECT the images of rows that are gone — run as a new, logged operation, so redo is the undo of
the undo. Whether X can be undone at all is one query per table: no later, still effective operation touched
the same rows.
"""

from __future__ import annotations

import datetime as _dt
import re
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from peewee import Database, IntegrityError, Model

OP_SCHEMA = [
    # An operation and the undos and redos of it form a chain (``chain`` = the first operation's id); the
    # chain's latest member says whether its effect is in the database (a change or a redo) or not (an undo).
    """CREATE TABLE IF NOT EXISTS op (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo', 'redo')),
        chain INTEGER NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        import_batch INTEGER                   -- the import this operation made, for the import history
    )""",
    "CREATE INDEX IF NOT EXISTS op_chain ON op (chain, id)",
    "CREATE TABLE IF NOT EXISTS op_active (op_id INTEGER NOT NULL)",
]


class UndoBlocked(Exception):
    """An operation that cannot be taken back because later operations changed the same rows."""

    def __init__(self, op_id: int, by: Sequence[tuple[int, str]], authors: dict[int, str] | None = None) -> None:
        self.op_id = op_id
        self.by = list(by)  # (op id, title) of the later operations in the way, oldest first
        self.authors = dict(authors or {})  # op id -> who made it (on a shared network)
        titles = ", ".join(
            f"“{title}”" + (f" ({self.authors[op]})" if self.authors.get(op) else "") for op, title in self.by[:5]
        )
        super().__init__(f"it was changed since by {titles}" if titles else "it was changed since")

    def with_authors(self, authors: dict[int, str]) -> UndoBlocked:
        """The same refusal, naming who made each operation in the way."""
        return UndoBlocked(self.op_id, self.by, authors)


@dataclass
class OpChanges:
    """What one operation changed: row ids per table (the rows it wrote, whatever it did to them)."""

    op_id: int
    title: str
    rows: dict[str, set[int]] = field(default_factory=dict)

    def touched(self, table: str) -> set[int]:
        return self.rows.get(table, set())

    def __bool__(self) -> bool:
        return any(self.rows.values())


@dataclass(frozen=True)
class LoggedTable:
    name: str
    columns: tuple[str, ...]  # every column, the rowid alias included when the table has one
    rowid_alias: bool  # its primary key is an INTEGER PRIMARY KEY, i.e. the rowid itself
    depth: int
    # Unlogged columns and the value a row brought back by an undo gets in them (an SQL literal).
    unlogged: tuple[tuple[str, str], ...] = ()  # 0 for tables no other logged table depends on the rows of; parents have a lower depth
    key: str = "id"  # the primary key's column (a server has no rowid: its rows are named by their key)

    @property
    def shadow(self) -> str:
        return f"undo_{self.name}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def logged_tables(models: Iterable[type[Model]], unlogged: Mapping[str, Mapping[str, str]] = {}) -> list[LoggedTable]:
    """The tables to log, parents before children (the order inserts need; deletes go the other way).

    *unlogged* names columns per table that hold how things look, not what they are (a card folded on the
    board), each with the SQL literal a row brought back by an undo takes: they are left out of the row
    images, so an undo never changes them back.
    """
    models = list(models)
    names = {m._meta.table_name for m in models}
    parents: dict[str, set[str]] = {
        m._meta.table_name: {fk.rel_model._meta.table_name for fk in m._meta.refs if fk.rel_model._meta.table_name in names}
        - {m._meta.table_name}
        for m in models
    }
    depth: dict[str, int] = {}

    def level(table: str) -> int:
        if table not in depth:
            depth[table] = 1 + max((level(p) for p in parents[table]), default=-1)
        return depth[table]

    tables = [
        LoggedTable(
            m._meta.table_name,
            tuple(
                f.column_name
                for f in m._meta.sorted_fields
                if f.column_name not in set(unlogged.get(m._meta.table_name, ()))
            ),
            m._meta.primary_key.field_type in ("AUTO", "INT", "BIGAUTO"),
            level(m._meta.table_name),
            tuple(unlogged.get(m._meta.table_name, {}).items()),
            m._meta.primary_key.column_name,
        )
        for m in models
    ]
    return sorted(tables, key=lambda t: (t.depth, t.name))


def schema_for(table: LoggedTable) -> list[str]:
    """The shadow table and the three triggers of one logged table."""
    t, s = _quote(table.name), _quote(table.shadow)
    columns = ", ".join(_quote(c) for c in table.columns)
    old = ", ".join(f"OLD.{_quote(c)}" for c in table.columns)
    # Untyped columns: the image keeps each value's own type (an integer stays an integer, a blob a blob).
    shadow_columns = ", ".join(_quote(c) for c in table.columns)  # bookkeeping columns start with "_"
    active = "EXISTS (SELECT 1 FROM op_active)"
    return [
        f"""CREATE TABLE IF NOT EXISTS {s} (
            _seq INTEGER PRIMARY KEY, _op INTEGER NOT NULL, _kind TEXT NOT NULL, _row INTEGER NOT NULL,
            {shadow_columns})""",
        f"CREATE INDEX IF NOT EXISTS {_quote(table.shadow + '_op')} ON {s} (_op, _row)",
        f"CREATE INDEX IF NOT EXISTS {_quote(table.shadow + '_row')} ON {s} (_row, _op)",
        f"""CREATE TRIGGER IF NOT EXISTS {_quote(table.shadow + '_ai')} AFTER INSERT ON {t} WHEN {active} BEGIN
            INSERT INTO {s} (_op, _kind, _row) SELECT op_id, 'I', NEW.rowid FROM op_active;
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS {_quote(table.shadow + '_au')} AFTER UPDATE ON {t} WHEN {active} BEGIN
            INSERT INTO {s} (_op, _kind, _row, {columns}) SELECT op_id, 'U', OLD.rowid, {old} FROM op_active;
        END""",
        f"""CREATE TRIGGER IF NOT EXISTS {_quote(table.shadow + '_ad')} AFTER DELETE ON {t} WHEN {active} BEGIN
            INSERT INTO {s} (_op, _kind, _row, {columns}) SELECT op_id, 'D', OLD.rowid, {old} FROM op_active;
        END""",
    ]


def _created_name(statement: str) -> str:
    """The name a CREATE … [IF NOT EXISTS] name statement creates."""
    words = statement.replace("(", " ").split()
    index = 2 + (words[1].upper() in ("VIRTUAL",))
    if words[index].upper() == "IF":
        index += 3
    return words[index].strip('"')


def _same(stored: str | None, statement: str) -> bool:
    """Whether SQLite's stored text of an object is the statement that would create it (spacing aside)."""
    def norm(sql: str) -> str:
        return " ".join(sql.replace("IF NOT EXISTS ", "").split())

    return stored is not None and norm(stored) == norm(statement)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None).isoformat(sep=" ")


class OpLog:
    """The log of one database: begin/finish an operation, what it changed, undo and redo set-wise."""

    def __init__(
        self, db: Database, models: Iterable[type[Model]], unlogged: Mapping[str, Mapping[str, str]] = {}
    ) -> None:
        self.db = db
        self.tables = logged_tables(models, unlogged)

    # -- schema ---------------------------------------------------------------------------------------------

    def schema(self) -> list[str]:
        statements = list(OP_SCHEMA)
        for table in self.tables:
            statements += schema_for(table)
        return statements

    def install(self, dry_run: bool = False) -> bool:
        """Create the log's tables and triggers, or bring them up to the models' columns (a migration added
        one); return whether anything had to be written (with *dry_run*, whether it would). Writes nothing when
        they are already current, so a read-only network still opens."""
        have = {
            name: sql
            for name, sql in self.db.execute_sql(
                "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')"
            ).fetchall()
        }
        wrote = False
        for statement in self.schema():
            name = _created_name(statement)
            if name not in have:
                wrote = True
                if not dry_run:
                    self.db.execute_sql(statement)
            elif statement.lstrip().upper().startswith("CREATE TRIGGER") and _same(have[name], statement) is False:
                wrote = True
                if not dry_run:
                    self.db.execute_sql(f"DROP TRIGGER {_quote(name)}")
                    self.db.execute_sql(statement)
        for table in self.tables:
            if table.shadow not in have:
                continue  # created above, with every column
            present = {row[1] for row in self.db.execute_sql(f"PRAGMA table_info({_quote(table.shadow)})").fetchall()}
            for column in table.columns:
                if column not in present:
                    wrote = True
                    if not dry_run:
                        self.db.execute_sql(f"ALTER TABLE {_quote(table.shadow)} ADD COLUMN {_quote(column)}")
        return wrote

    # -- recording ------------------------------------------------------------------------------------------

    def begin(self, title: str, kind: str = "change", chain: int | None = None, author: str = "") -> int:
        """Open an operation inside the current transaction; its writes are logged until :meth:`finish`."""
        if self.db.execute_sql("SELECT 1 FROM op_active").fetchone():
            raise RuntimeError("an operation is already open on this connection")
        op_id = self._insert_op(title, kind, chain, author)
        if chain is None:
            self.db.execute_sql("UPDATE op SET chain = id WHERE id = ?", (op_id,))
        self.db.execute_sql("INSERT INTO op_active (op_id) VALUES (?)", (op_id,))
        return op_id

    def _insert_op(self, title: str, kind: str, chain: int | None, author: str) -> int:
        cursor = self.db.execute_sql(
            "INSERT INTO op (title, kind, chain, author, created_at) VALUES (?, ?, coalesce(?, -1), ?, ?)",
            (title, kind, chain, author, _now()),
        )
        return int(cursor.lastrowid)

    def finish(self, op_id: int) -> OpChanges:
        """Close the operation (still inside its transaction) and say what it changed."""
        self.db.execute_sql("DELETE FROM op_active")
        changes = self.changes(op_id)
        if not changes:
            # A change that wrote nothing leaves no step to undo and no row in the history. (An undo or redo
            # stays: it is the chain's record of whether the change is in effect.)
            self.db.execute_sql("DELETE FROM op WHERE id = ? AND kind = 'change'", (op_id,))
        return changes

    def abandon(self) -> None:
        """Forget an open operation whose transaction is being rolled back (the rollback removes its rows)."""
        self.db.execute_sql("DELETE FROM op_active")

    def changes(self, op_id: int) -> OpChanges:
        title_row = self.db.execute_sql("SELECT title FROM op WHERE id = ?", (op_id,)).fetchone()
        changes = OpChanges(op_id, title_row[0] if title_row else "")
        for table in self.tables:
            # Straight from the cursor into the set: an import of a million rows never holds the list of rows too.
            rows = {r for (r,) in self.db.execute_sql(f"SELECT _row FROM {_quote(table.shadow)} WHERE _op = ?", (op_id,))}
            if rows:
                changes.rows[table.name] = rows
        return changes

    # -- undo -----------------------------------------------------------------------------------------------

    def _chain(self, op_id: int) -> tuple[int, str, int, str]:
        """(chain id, the first operation's title, the latest member's id, its kind) of *op_id*'s chain."""
        row = self.db.execute_sql(
            """SELECT o.chain, root.title, latest.id, latest.kind FROM op o
               JOIN op root ON root.id = o.chain
               JOIN op latest ON latest.id = (SELECT max(id) FROM op WHERE chain = o.chain)
               WHERE o.id = ?""",
            (op_id,),
        ).fetchone()
        if row is None:
            raise LookupError(f"there is no operation {op_id}")
        return int(row[0]), str(row[1]), int(row[2]), str(row[3])

    def is_undone(self, op_id: int) -> bool:
        return self._chain(op_id)[3] == "undo"

    def blockers(self, op_id: int) -> list[tuple[int, str]]:
        """The later operations in the way of undoing or redoing *op_id*'s chain (oldest first).

        Those are the operations after the chain's latest step that wrote rows the chain wrote — except those of
        a chain whose effect is in the database now exactly if it was at that step (undone and redone, or begun
        and undone again since): their writes net out.
        """
        chain, _title, latest, _kind = self._chain(op_id)
        found: set[int] = set()
        effect = "CASE WHEN kind = 'undo' THEN 0 ELSE 1 END"
        effective_then = f"""coalesce((SELECT {effect} FROM op WHERE chain = o.chain AND id <= ?
                                       ORDER BY id DESC LIMIT 1), 0)"""
        effective_now = f"(SELECT {effect} FROM op WHERE chain = o.chain ORDER BY id DESC LIMIT 1)"
        for table in self.tables:
            s = _quote(table.shadow)
            rows = self.db.execute_sql(
                f"""SELECT DISTINCT later._op FROM {s} mine
                    JOIN op m ON m.id = mine._op AND m.chain = ?
                    JOIN {s} later ON later._row = mine._row AND later._op > ?
                    JOIN op o ON o.id = later._op AND o.chain != ?
                    WHERE {effective_then} != {effective_now}""",
                (chain, latest, chain, latest),
            ).fetchall()
            found.update(int(i) for (i,) in rows)
        return self._titled(found)

    def undo(self, op_id: int, title: str | None = None, author: str = "") -> OpChanges:
        """Take operation *op_id* back, as a new logged operation; raises :class:`UndoBlocked`.

        Runs in the caller's transaction (open one around it).
        """
        chain, root_title, latest, kind = self._chain(op_id)
        if kind == "undo":
            raise LookupError(f"“{root_title}” is already undone")
        return self._replay(op_id, chain, latest, title or f"Undo {root_title}", "undo", chain, author)

    def redo(self, op_id: int, title: str | None = None, author: str = "") -> OpChanges:
        """Bring back the effect of *op_id*, taken back earlier by :meth:`undo`."""
        chain, root_title, latest, kind = self._chain(op_id)
        if kind != "undo":
            raise LookupError(f"“{root_title}” is not undone")
        # The state before the last undo is the state the operation left.
        return self._replay(op_id, chain, latest, title or f"Redo {root_title}", "redo", latest, author)

    def _replay(
        self, op_id: int, chain: int, latest: int, title: str, kind: str, restore_before: int, author: str
    ) -> OpChanges:
        """Put back the rows as they were before *restore_before*, as one new operation of *chain* — or, when
        that would clash with what happened since, write nothing and raise :class:`UndoBlocked`.

        Clashes beyond the rows the chain wrote: a later row that depends on one the replay removes (a call
        scheduled with a contact an accept created: it would go with it), and a row the replay brings back that
        no longer fits (a name another group took since, a contact deleted for good since).
        """
        blocked = self.blockers(op_id)
        if blocked:
            raise UndoBlocked(op_id, blocked)
        self.db.execute_sql("SAVEPOINT oplog_replay")
        try:
            replay_id = self.begin(title, kind=kind, chain=chain, author=author)
            try:
                self._restore_before(restore_before)
            except (IntegrityError, sqlite3.IntegrityError) as exc:
                self.db.execute_sql("ROLLBACK TO oplog_replay")
                raise UndoBlocked(op_id, self._clashing(latest, str(exc))) from None
            changes = self.finish(replay_id)
            collateral = self._collateral(chain, replay_id)
            if collateral is not None:
                self.db.execute_sql("ROLLBACK TO oplog_replay")
                raise UndoBlocked(op_id, collateral)
            return changes
        finally:
            self.db.execute_sql("RELEASE oplog_replay")

    def _collateral(self, chain: int, replay_id: int) -> list[tuple[int, str]] | None:
        """The operations behind rows the replay wrote that the chain never wrote (None when there are none).

        One query says whether there are any (the common case: none); only then is each table asked whose."""

        def extra(table: LoggedTable) -> str:
            s = _quote(table.shadow)
            return f"""SELECT u._row FROM {s} u WHERE u._op = {int(replay_id)} AND NOT EXISTS (
                           SELECT 1 FROM {s} c JOIN op o ON o.id = c._op
                           WHERE c._row = u._row AND o.chain = {int(chain)} AND c._op != {int(replay_id)})"""

        anything = " UNION ALL ".join(f"SELECT 1 FROM ({extra(t)}) AS x{i}" for i, t in enumerate(self.tables))
        if not self.db.execute_sql(f"SELECT EXISTS ({anything})").fetchone()[0]:
            return None
        found: set[int] = set()
        for table in self.tables:
            rows = self.db.execute_sql(
                f"""SELECT DISTINCT s._op FROM {_quote(table.shadow)} s JOIN op o ON o.id = s._op AND o.chain != ?
                    WHERE s._row IN ({extra(table)})""",
                (chain,),
            ).fetchall()
            found.update(int(i) for (i,) in rows)
        return self._titled(found)

    def _clashing(self, latest: int, message: str) -> list[tuple[int, str]]:
        """The later operations most likely behind a constraint the replay broke: those that wrote the table a
        UNIQUE constraint names, or (a missing row a FOREIGN KEY needs) those that deleted rows since."""
        unique = self._unique_table(message)
        found: set[int] = set()
        for table in self.tables:
            if unique and table.name != unique:
                continue
            kinds = "('I', 'U')" if unique else "('D')"
            rows = self.db.execute_sql(
                f"SELECT DISTINCT _op FROM {_quote(table.shadow)} WHERE _op > ? AND _kind IN {kinds}", (latest,)
            ).fetchall()
            found.update(int(i) for (i,) in rows)
        return self._titled(found)

    def _unique_table(self, message: str) -> str | None:
        """The table of the UNIQUE constraint an error message names (None for another constraint)."""
        unique = re.search(r"UNIQUE constraint failed: (\w+)\.", message)
        return unique.group(1) if unique else None

    def _titled(self, op_ids: set[int]) -> list[tuple[int, str]]:
        if not op_ids:
            return []
        marks = ",".join("?" * len(op_ids))
        return [
            (int(i), str(t))
            for i, t in self.db.execute_sql(
                f"SELECT id, title FROM op WHERE id IN ({marks}) ORDER BY id", sorted(op_ids)
            ).fetchall()
        ]

    def _first_images(self, table: LoggedTable, op_id: int) -> str:
        """A subquery: per row the op touched, its first entry in the op (the state before the op)."""
        s = _quote(table.shadow)
        return f"""(SELECT u.* FROM {s} u JOIN (SELECT min(_seq) AS first FROM {s} WHERE _op = {int(op_id)}
                    GROUP BY _row) f ON f.first = u._seq) AS first_images"""

    def _row_key(self, table: LoggedTable) -> str:
        """How a logged row is named in its table: SQLite's rowid."""
        return "rowid"

    def _restore_before(self, op_id: int) -> None:
        # Children first: rows the op created go, so nothing points at a row about to go.
        for table in reversed(self.tables):
            t = _quote(table.name)
            key = self._row_key(table)
            self.db.execute_sql(
                f"DELETE FROM {t} WHERE {key} IN (SELECT _row FROM {self._first_images(table, op_id)} WHERE _kind = 'I')"
            )
        # Parents first: a row comes back before the rows that point at it.
        for table in self.tables:
            t = _quote(table.name)
            first = self._first_images(table, op_id)
            columns = [c for c in table.columns]
            names = ", ".join(_quote(c) for c in columns)
            image = ", ".join(f"img.{_quote(c)}" for c in columns)
            key = self._row_key(table)
            # A table whose key is not the rowid (setting) gets its rowid back explicitly.
            rowid, img_rowid = ("", "") if table.rowid_alias or key != "rowid" else ("rowid, ", "img._row, ")
            self.db.execute_sql(
                f"""UPDATE {t} SET ({names}) = ({image})
                    FROM (SELECT * FROM {first} WHERE _kind != 'I') AS img WHERE {t}.{key} = img._row"""
            )
            extra_names = "".join(f", {_quote(c)}" for c, _ in table.unlogged)
            extra_values = "".join(f", {value}" for _, value in table.unlogged)
            self.db.execute_sql(
                f"""INSERT INTO {t} ({rowid}{names}{extra_names}) SELECT {img_rowid}{image}{extra_values}
                    FROM (SELECT * FROM {first} WHERE _kind != 'I') AS img
                    WHERE img._row NOT IN (SELECT {key} FROM {t})"""
            )

    # -- upkeep ---------------------------------------------------------------------------------------------

    def forget_rows(self, rows: Mapping[str, set[int]], images: Iterable[tuple[str, str, object]] = ()) -> int:
        """Drop from the log every image of the given rows (table -> rowids), and every image of a row of *table*
        whose *column* held *value* (``images``); return how many entries went. For erasing a person: what the log
        kept of them could otherwise come back with an undo."""
        gone = 0
        for table in self.tables:
            s = _quote(table.shadow)
            ids = sorted(rows.get(table.name, ()))
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                marks = ",".join("?" * len(chunk))
                gone += self.db.execute_sql(f"DELETE FROM {s} WHERE _row IN ({marks})", chunk).rowcount
        for name, column, value in images:
            table = next((t for t in self.tables if t.name == name), None)
            if table is not None and column in table.columns:
                gone += self.db.execute_sql(
                    f"DELETE FROM {_quote(table.shadow)} WHERE {_quote(column)} = ?", (value,)
                ).rowcount
        return gone

    def prune(self, older_than: str, keep_latest: int) -> int:
        """Forget the operations that can no longer matter; return how many were forgotten.

        A chain (an operation with its undos and redos) goes as a whole, and only when its latest step is older
        than every chain kept: the *keep_latest* most recent chains and every chain with a step since
        *older_than* (an ISO timestamp). Nothing after a kept chain is forgotten, so what may block its undo or
        redo is all still there.
        """
        row = self.db.execute_sql(
            """WITH chains AS (SELECT chain, max(id) AS latest, max(created_at) AS last_at FROM op GROUP BY chain),
                    kept AS (SELECT latest FROM chains WHERE last_at >= ?
                             UNION SELECT latest FROM (SELECT latest FROM chains ORDER BY latest DESC LIMIT ?) AS recent)
               SELECT (SELECT min(latest) FROM kept), (SELECT count(*) FROM chains)""",
            (older_than, keep_latest),
        ).fetchone()
        if row is None or row[1] == 0:
            return 0
        first_kept = row[0] if row[0] is not None else 1 << 62
        doomed = "SELECT id FROM op WHERE chain IN (SELECT chain FROM op GROUP BY chain HAVING max(id) < ?)"
        forgotten = int(self.db.execute_sql(f"SELECT count(*) FROM ({doomed}) AS doomed", (first_kept,)).fetchone()[0])
        if not forgotten:
            return 0
        for table in self.tables:
            self.db.execute_sql(f"DELETE FROM {_quote(table.shadow)} WHERE _op IN ({doomed})", (first_kept,))
        self.db.execute_sql(f"DELETE FROM op WHERE id IN ({doomed})", (first_kept,))
        return forgotten
