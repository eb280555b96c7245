"""The undo log of a network on a PostgreSQL server: the same tables, operations and set-wise undo as
:mod:`linkorganizer.db.oplog`, with the triggers written in PL/pgSQL.

What differs from a file: a server has no rowid, so a logged row is named by its primary key (the ``setting``
table's is its text ``key``); the shadow tables' columns are typed like the table's (a server's columns must
have a type), every one nullable, since an insert's entry holds no image; ``op_active`` is written inside the
operation's transaction, so another client's transaction never sees it and its writes are never logged as
part of this operation.
"""

from __future__ import annotations

from linkorganizer.db.oplog import LoggedTable, OpLog, _now, _quote
from linkorganizer.db.server_schema import PRIVATE_IMAGES

OP_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS op (
        id BIGSERIAL PRIMARY KEY,
        title TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT 'change' CHECK (kind IN ('change', 'undo', 'redo')),
        chain BIGINT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        import_batch INTEGER
    )""",
    "CREATE INDEX IF NOT EXISTS op_chain ON op (chain, id)",
    "CREATE TABLE IF NOT EXISTS op_active (op_id BIGINT NOT NULL)",
]


CHANNEL = "linkorganizer"


class ServerOpLog(OpLog):
    def finish(self, op_id: int):
        changes = super().finish(op_id)
        added = sorted(
            t.name for t in self.tables if t.key == "id" and t.name in changes.rows and self.db.execute_sql(
                f"SELECT 1 FROM {_quote(t.shadow)} WHERE _op = ? AND _kind = 'I' LIMIT 1", (op_id,)
            ).fetchone()
        ) if changes else []
        if added:
            self.db.execute_sql("SELECT lo_sync_ids(?)", (added,))
        if changes:
            # Delivered to every listening client when (and only if) the operation's transaction commits.
            self.db.execute_sql("SELECT pg_notify(?, ?)", (CHANNEL, str(op_id)))
        return changes

    def _row_key(self, table: LoggedTable) -> str:
        return _quote(table.key)

    def _column_types(self, table: str) -> dict[str, str]:
        rows = self.db.execute_sql(
            """SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a
               WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped""",
            (_quote(table),),
        ).fetchall()
        return dict(rows)

    def _schema_for(self, table: LoggedTable) -> list[str]:
        types = self._column_types(table.name)
        t, s = _quote(table.name), _quote(table.shadow)
        columns = ", ".join(_quote(c) for c in table.columns)
        old = ", ".join(f"o.{_quote(c)}" for c in table.columns)
        shadow_columns = ", ".join(f"{_quote(c)} {types[c]}" for c in table.columns)
        key = _quote(table.key)
        function = _quote(table.shadow + "_log")
        return [
            f"""CREATE TABLE IF NOT EXISTS {s} (
                _seq BIGSERIAL PRIMARY KEY, _op BIGINT NOT NULL, _kind TEXT NOT NULL, _row {types[table.key]} NOT NULL,
                {shadow_columns})""",
            f"CREATE INDEX IF NOT EXISTS {_quote(table.shadow + '_op')} ON {s} (_op, _row)",
            f"CREATE INDEX IF NOT EXISTS {_quote(table.shadow + '_row')} ON {s} (_row, _op)",
            # As the tables' owner (SECURITY DEFINER): the log keeps every row's image, also of a row another
            # person's change takes along that the person may not see (a private interaction of a deleted
            # contact); row-level security then decides who reads the images. Once per statement, from its
            # transition tables: an import's INSERT of 500 contacts writes the log with one INSERT, not 500.
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path FROM CURRENT AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    INSERT INTO {s} (_op, _kind, _row) SELECT a.op_id, 'I', n.{key} FROM op_active a, changed n;
                  ELSIF TG_OP = 'UPDATE' THEN
                    INSERT INTO {s} (_op, _kind, _row, {columns})
                    SELECT a.op_id, 'U', o.{key}, {old} FROM op_active a, gone o;
                  ELSE
                    INSERT INTO {s} (_op, _kind, _row, {columns})
                    SELECT a.op_id, 'D', o.{key}, {old} FROM op_active a, gone o;
                  END IF;
                  RETURN NULL;
                END $$""",
            # A network made before kept one trigger per row (the function above no longer serves it).
            f"DROP TRIGGER IF EXISTS {_quote(table.shadow + '_log')} ON {t}",
            *(
                f"""CREATE OR REPLACE TRIGGER {_quote(f"{table.shadow}_log_{event[0].lower()}")} AFTER {event} ON {t}
                    REFERENCING {rows} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"""
                for event, rows in (
                    ("INSERT", "NEW TABLE AS changed"), ("UPDATE", "OLD TABLE AS gone"), ("DELETE", "OLD TABLE AS gone")
                )
            ),
        ]

    def schema(self) -> list[str]:
        statements = list(OP_SCHEMA)
        for table in self.tables:
            statements += self._schema_for(table)
        return statements

    def install(self, dry_run: bool = False) -> bool:
        have = set(self.db.get_tables())
        missing = "op" not in have or any(t.shadow not in have for t in self.tables)
        wrote = False
        if missing:
            wrote = True
            if not dry_run:
                for statement in self.schema() + PRIVATE_IMAGES:
                    self.db.execute_sql(statement)
        for table in self.tables:
            if table.shadow not in have:
                continue
            present = self._column_types(table.shadow)
            types = self._column_types(table.name)
            added = [c for c in table.columns if c not in present]
            if added:
                wrote = True
                if not dry_run:
                    for column in added:
                        self.db.execute_sql(
                            f"ALTER TABLE {_quote(table.shadow)} ADD COLUMN {_quote(column)} {types[column]}"
                        )
                    # The trigger copies every column: written again with the new one.
                    for statement in self._schema_for(table)[3:]:
                        self.db.execute_sql(statement)
                    if table.name == "interaction":
                        for statement in PRIVATE_IMAGES:
                            self.db.execute_sql(statement)
        return wrote

    def _insert_op(self, title: str, kind: str, chain: int | None, author: str) -> int:
        cursor = self.db.execute_sql(
            # Every operation on a server records who made it: the role the person connected with.
            "INSERT INTO op (title, kind, chain, author, created_at)"
            " VALUES (?, ?, coalesce(?, -1), coalesce(nullif(?, ''), current_user), ?) RETURNING id",
            (title, kind, chain, author, _now()),
        )
        return int(cursor.fetchone()[0])

    def _unique_table(self, message: str) -> str | None:
        import re

        found = re.search(r'duplicate key value violates unique constraint "(\w+)"', message)
        if not found:
            return None
        names = sorted((t.name for t in self.tables if found.group(1).startswith(t.name)), key=len, reverse=True)
        return names[0] if names else None

    def abandon(self) -> None:
        # The transaction is being rolled back, which takes op_active's row with it; a server refuses every
        # statement of a transaction that failed, so nothing is asked of it here.
        pass
