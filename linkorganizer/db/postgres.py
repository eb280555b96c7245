"""A network on a PostgreSQL server: the same models, the same schema versions, the same search document.

A URL (``postgresql://user@host/network``) names a database on a server; connecting uses ``psycopg`` with
libpq's own ways of finding the password (``~/.pgpass``, ``PGPASSWORD``, the ``password`` of the URL), so the
app never stores one. A new, empty database gets the current schema in one go, under an advisory lock so two
people creating it at once make one schema; the version is kept in ``schema_version`` as in a file, so both
backends share one history of versions.

The core's SQL is written once, with ``?`` for its parameters; :class:`ServerDatabase` turns those into
psycopg's ``%s`` (and a literal ``%`` into ``%%``) when a statement has parameters.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
import re
import uuid
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from peewee import PostgresqlDatabase, Psycopg3Adapter

from linkorganizer.db.errors import DatabaseError
from linkorganizer.db.migrations import SCHEMA_VERSION, database_version, run_steps
from linkorganizer.db.models import MODELS, SchemaVersion
from linkorganizer.db.server_schema import COMPAT_SCHEMA, CONTACT_INDEXES, NOCASE, PRIVACY_SCHEMA, SEARCH_SCHEMA

log = logging.getLogger("linkorganizer.db")

SCHEMES = ("postgresql", "postgres")
SQLITE_LOCK_MODES = ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")
# One key for every client: creating a network's schema is done by one of them, the others wait and find it.
SCHEMA_LOCK = 0x4C4F5343  # "LOSC"


def is_server_url(target: object) -> bool:
    """Whether *target* names a network on a PostgreSQL server rather than a file."""
    return isinstance(target, str) and target.split(":", 1)[0].lower() in SCHEMES and "://" in target


def describe_url(url: str) -> str:
    """The URL without a password, for messages and logs."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    user = f"{unquote(parts.username)}@" if parts.username else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}"


# The core's SQL is SQLite's dialect. What it uses that a server spells differently is rewritten here, outside
# quoted strings and names; the functions a server lacks are defined by COMPAT_SCHEMA with SQLite's meaning.
_TOKENS = re.compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\?|%|(?<![:\w]):[A-Za-z_]\w*"""
    r"""|\bIS\s+NOT\s+(?!NULL\b|DISTINCT\b|TRUE\b|FALSE\b)"""
    r"""|\bIS\s+(?!NOT\b|NULL\b|DISTINCT\b|TRUE\b|FALSE\b)"""
    r"""|\bNOT\s+LIKE\b|\bLIKE\b"""
    r"""|^\s*INSERT\s+OR\s+IGNORE\s+INTO\b"""
    r"""|\bNOT\s+INDEXED\b|\bINDEXED\s+BY\s+\w+"""  # SQLite's planner hints: a server plans for itself
    r"""|\bWITHOUT\s+ROWID\b|\btemp\."""  # SQLite's storage choice; its schema of temporary tables
    r"""|\bLIMIT\s+-1\b"""  # SQLite's "no limit"
    r"""|\bCROSS\s+JOIN\b(?=\s+\w+(?:\s+(?:AS\s+)?(?!ON\b)\w+)?\s+ON\b)""",  # SQLite's CROSS JOIN … ON fixes
    # the order of the join; a server's join with ON is the same join
    re.IGNORECASE,
)
_REWRITES = {
    "IS NOT": "IS DISTINCT FROM ",  # SQLite's IS [NOT] compares NULLs as values
    "IS": "IS NOT DISTINCT FROM ",
    "LIKE": "ILIKE",  # SQLite's LIKE ignores the case of ASCII letters
    "NOT LIKE": "NOT ILIKE",
}


def server_sql(sql: str, with_params: bool = True, numbered: bool = False) -> str:
    """*sql* (SQLite's dialect, ``?`` parameters) as a PostgreSQL server and psycopg read it; *numbered*: with the
    server's own ``$1, $2 …`` parameters, as :class:`psycopg.RawCursor` sends a statement (no named ones)."""
    ignore = False
    escape = with_params and not numbered  # psycopg reads "%" as the start of a parameter
    number = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal ignore, number
        text = match.group(0)
        if text[0] in "'\"":
            return text.replace("%", "%%") if escape else text
        if text == "?":
            if numbered:
                number += 1
                return f"${number}"
            return "%s"
        if text == "%":
            return "%%" if escape else text
        if text[0] == ":":
            return f"%({text[1:]})s" if with_params and not numbered else text  # sqlite3's named parameters
        word = " ".join(text.upper().split())
        if word in ("NOT INDEXED", "WITHOUT ROWID") or word.startswith("INDEXED BY"):
            return ""
        if word == "TEMP.":
            return "pg_temp."
        if word == "LIMIT -1":
            return "LIMIT ALL"
        if word == "CROSS JOIN":
            return "JOIN"
        if word.startswith("INSERT"):
            ignore = True
            return text[: len(text) - len(text.lstrip())] + "INSERT INTO"
        return _REWRITES[word]

    out = _TOKENS.sub(swap, sql)
    if "group_concat" in out.lower():
        out = _string_agg(out)
    if ignore:
        out = _on_conflict_nothing(out)
    if "MATCH" in out.upper():
        out = _full_text(out)
    return out


_GROUP_CONCAT = re.compile(r"(?<!AGGREGATE\s)\bgroup_concat\s*\(", re.IGNORECASE)  # a call, not its definition


def _string_agg(sql: str) -> str:
    """SQLite's ``group_concat(x[, sep])`` as the server's own ``string_agg(x, sep)`` (a comma by default).

    The schema's group_concat aggregate gives the same text, but appends to it one value at a time in SQL, each
    append a copy of the text so far: 15 000 ids took 0.3 s, against 0.01 s for string_agg."""
    out: list[str] = []
    at = 0
    while (found := _GROUP_CONCAT.search(sql, at)) is not None:
        if _quoted_at(sql, found.start()):
            out.append(sql[at : found.end()])
            at = found.end()
            continue
        depth, i, comma, quote = 1, found.end(), False, ""
        while i < len(sql) and depth:
            ch = sql[i]
            if quote:
                if ch == quote:
                    quote = ""
            elif ch in "'\"":
                quote = ch
            elif ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
            elif ch == "," and depth == 1:
                comma = True
            i += 1
        if depth:  # not a call after all: left as it is
            out.append(sql[at:])
            return "".join(out)
        args = sql[found.end() : i - 1]
        out.append(sql[at : found.start()] + "string_agg(" + args + ("" if comma else ", ','") + ")")
        at = i
    out.append(sql[at:])
    return "".join(out)


def _quoted_at(sql: str, index: int) -> bool:
    """Whether *index* of *sql* falls inside a quoted string or name."""
    quote = ""
    for ch in sql[:index]:
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
    return bool(quote)


_SEARCH_ALIAS = re.compile(r"\bcontact_search\s+(?:AS\s+)?(?!ON\b|JOIN\b|WHERE\b)(\w+)\s+ON\b", re.IGNORECASE)
_MATCH = re.compile(r"\bcontact_search\s+MATCH\s+(%s|\?|\$\d+)", re.IGNORECASE)


def _full_text(sql: str) -> str:
    """``contact_search MATCH q`` (FTS5, which names the table even when it has an alias) as the server's
    ``doc @@ lo_fts(q)`` on the search table's alias."""
    alias = _SEARCH_ALIAS.search(sql)
    name = alias.group(1) if alias else "contact_search"
    # A scalar subquery: the query is parsed once per statement (an init plan), not once per row.
    return _MATCH.sub(lambda m: f"{name}.doc @@ (SELECT lo_fts({m.group(1)}))", sql)


def _storable(params):
    """A server's text cannot hold a NUL character (SQLite's can): it is left out of every text written there,
    as the CSV readers leave it out of every cell."""
    if isinstance(params, dict):
        return {k: v.replace("\x00", "") if isinstance(v, str) and "\x00" in v else v for k, v in params.items()}
    if any(isinstance(v, str) and "\x00" in v for v in params):
        return [v.replace("\x00", "") if isinstance(v, str) else v for v in params]
    return params


def _on_conflict_nothing(sql: str) -> str:
    """``INSERT OR IGNORE``: a row that would break a constraint is left out (before any RETURNING)."""
    returning = re.search(r"\bRETURNING\b", sql, re.IGNORECASE)
    if returning:
        return sql[: returning.start()] + "ON CONFLICT DO NOTHING " + sql[returning.start():]
    return sql.rstrip().rstrip(";") + " ON CONFLICT DO NOTHING"


@functools.lru_cache(maxsize=4096)
def _translated(sql: str, with_params: bool, numbered: bool = False) -> str:
    return server_sql(sql, with_params, numbered)


class _Psycopg3(Psycopg3Adapter):
    """Peewee's adapter for psycopg 3, with the driver imported when a server's network is opened: peewee itself
    is imported without it (see linkorganizer/__init__.py), so its own adapter would find no driver."""

    def __init__(self) -> None:
        import psycopg
        from psycopg.pq import TransactionStatus
        from psycopg.types.json import Json, Jsonb

        super().__init__()
        self.psycopg = psycopg
        self.txn_idle = TransactionStatus.IDLE
        self.txn_inerror = TransactionStatus.INERROR
        self.txn_unknown = TransactionStatus.UNKNOWN
        self.json_type, self.jsonb_type = Json, Jsonb

    def check_driver(self) -> None:
        pass  # imported above

    def get_binary_type(self):
        return self.psycopg.Binary

    def connect(self, db, **params):
        if db._encoding:
            params.setdefault("client_encoding", db._encoding)
        if db.database.startswith("postgresql://"):
            params.setdefault("conninfo", db.database)
        else:
            params.setdefault("dbname", db.database)
        return self.psycopg.connect(**params)

    def server_side_cursor(self, conn):
        in_txn = self.txn_status(conn) == self.psycopg.pq.TransactionStatus.INTRANS
        return conn.cursor(name=str(uuid.uuid1()), withhold=not in_txn)


class ServerDatabase(PostgresqlDatabase):
    """Peewee's PostgreSQL database, taking the core's ``?`` parameters like SQLite."""

    # psycopg 3, whichever driver peewee found (or not) when it was imported.
    psycopg2_adapter = psycopg3_adapter = _Psycopg3

    param = "?"
    server = True  # the storage layer's own question: a network on a server, not in a file
    # Called with each statement sent (as sqlite3's set_trace_callback is): for counting what a view costs.
    trace: Callable[[str], object] | None = None
    _role: str | None = None

    def begin(self, isolation_level=None):
        # SQLite's lock modes (IMMEDIATE: take the write lock first) have no meaning on a server, where rows,
        # not the file, are locked: the core's transactions run at the server's default isolation.
        if isinstance(isolation_level, str) and isolation_level.upper() in SQLITE_LOCK_MODES:
            isolation_level = None
        self._drop_if_broken()
        return super().begin(isolation_level)

    def role(self) -> str:
        """The role this network is used as (``current_user``): read once, as a connection made again signs in
        as the same role."""
        if self._role is None:
            self._role = str(self.execute_sql("SELECT current_user").fetchone()[0])
        return self._role

    def _drop_if_broken(self) -> None:
        """Forget a connection the server closed (it restarted, the network was cut) between transactions, so
        the next statement connects again: the statement that found it broken failed, said plainly; the window
        goes on working once the server answers. Inside a transaction the failure stands (it rolls back)."""
        if self._state.closed or self.in_transaction():
            return
        conn = self._state.conn
        if getattr(conn, "broken", False):
            log.info("server connection lost; the next statement connects again")
            self._state.reset()
            try:
                conn.close()
            except Exception:  # noqa: BLE001 - it is gone already
                pass

    def cursor(self, named_cursor=None):
        self._drop_if_broken()
        return SqliteStyleCursor(super().cursor(named_cursor), self)

    def _connect(self):
        conn = super()._connect()
        # Dates and timestamps come back as the text SQLite gives (ISO, "YYYY-MM-DD HH:MM:SS.ffffff"): the core
        # reads both backends' rows alike, and the models' fields parse that text as they do a file's.
        from psycopg.types.string import TextLoader

        for name in ("date", "timestamp"):
            conn.adapters.register_loader(name, TextLoader)
        return conn


# Tables whose rows are named by an ``id`` column: an INSERT into one tells its cursor the new row's id, as
# sqlite3's ``lastrowid`` does.
# Beyond psycopg's own limit for keeping what it found in a statement (50 parameters), a statement is sent
# with the server's numbered parameters.
RAW_PARAMS = 50
ID_TABLES = frozenset(m._meta.table_name for m in MODELS if m._meta.primary_key.column_name == "id") | {"op"}
_INSERT_INTO = re.compile(r'^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?', re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


class SqliteStyleCursor:
    """A psycopg cursor that reads the core's SQLite dialect (:func:`server_sql`) and knows ``lastrowid``.

    Peewee's own statements (``%s`` parameters, its own RETURNING) pass through as they are."""

    def __init__(self, cursor, db: ServerDatabase) -> None:
        self._plain = cursor
        self._raw = None  # a psycopg.RawCursor on the same connection, made for the first long statement
        self._cursor = cursor  # the one that ran the last statement: its rows are read
        self._db = db
        self.lastrowid: int | None = None

    def _sql(self, sql: str, with_params: bool) -> str:
        if "%s" in sql and "?" not in sql:
            return sql
        return _translated(sql, with_params)

    def execute(self, sql: str, params=None):
        if sql.lstrip()[:6].upper() == "PRAGMA":
            # A PRAGMA tunes or asks SQLite's own engine; a server has none of it, and answers with no rows.
            self._cursor = self._plain
            self._cursor.execute("SELECT 1 WHERE FALSE")
            return self
        # No parameters: none are passed on, so psycopg reads a "%" as itself (peewee passes an empty tuple).
        params = _storable(params) if params else None
        if params is not None and len(params) > RAW_PARAMS and not isinstance(params, dict) and "?" in sql:
            # psycopg finds the parameters of a statement in Python, and keeps what it found only for short
            # ones: an import's INSERT of 500 contacts (12 500 parameters) took it 0.2 s each time, longer than
            # the server took to run it. Numbered here once (the translation is kept), sent as it is.
            sql = _translated(sql, True, True)
            if self._raw is None:
                from psycopg import RawCursor

                self._raw = RawCursor(self._plain.connection)
            self._cursor = self._raw
        else:
            sql = self._sql(sql, params is not None)
            self._cursor = self._plain
        insert = _INSERT_INTO.match(sql)
        wants_id = insert is not None and insert.group(1) in ID_TABLES and not _RETURNING.search(sql)
        if wants_id:
            sql = sql.rstrip().rstrip(";") + " RETURNING id"
        if self._db.trace is not None:
            self._db.trace(sql)
        self._cursor.execute(sql, params)
        if wants_id:
            rows = self._cursor.fetchall()
            self.lastrowid = int(rows[-1][0]) if rows else None
        return self

    def fetchone(self):
        # sqlite3 answers "nothing" after a statement that returns no rows; psycopg raises.
        return None if self._cursor.description is None else self._cursor.fetchone()

    def fetchall(self):
        return [] if self._cursor.description is None else self._cursor.fetchall()

    def fetchmany(self, size: int = 0):
        if self._cursor.description is None:
            return []
        return self._cursor.fetchmany(size) if size else self._cursor.fetchmany()

    def executemany(self, sql: str, rows):
        sql = self._sql(sql, True)
        if self._db.trace is not None:
            self._db.trace(sql)
        # Read the rows first: a generator that asks the same connection something (the importer's keys do)
        # would wait for the connection this executemany holds.
        self._cursor = self._plain
        self._cursor.executemany(sql, [_storable(row) for row in rows])
        return self

    def __iter__(self):
        return iter(self._cursor)

    def close(self) -> None:
        self._plain.close()
        if self._raw is not None:
            self._raw.close()

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)


def conninfo(url: str) -> str:
    """The URL as libpq reads it (``postgres://`` is the same as ``postgresql://``)."""
    scheme, rest = url.split("://", 1)
    return f"postgresql://{rest}"


def server_problem(exc: BaseException, url: str) -> str | None:
    """A plain sentence for a server error the user can act on (unreachable, refused, no such database)."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return None
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, psycopg.Error):
        cause = cause.__cause__ or cause.__context__ or next(
            (a for a in getattr(cause, "args", ()) if isinstance(a, BaseException)), None
        )
    if cause is None:
        return None
    where = describe_url(url)
    if isinstance(cause, psycopg.OperationalError):
        lines = [line.strip() for line in str(cause).splitlines() if line.strip()]
        detail = "; ".join(lines) or "no answer"
        return f"Cannot reach the network {where}: {detail}"
    if isinstance(cause, psycopg.errors.InsufficientPrivilege):
        return f"The network {where} refused this change: your role may not make it ({cause.diag.message_primary})"
    return None


class ChangeListener:
    """A connection of its own that hears which operations other clients commit (``LISTEN``): the ids of the
    operations, which their undo log then describes. Non-blocking: :meth:`pending` returns at once; a window
    watches :meth:`fileno` to know when to ask."""

    def __init__(self, db: ServerDatabase, channel: str) -> None:
        import psycopg

        self._conn = psycopg.connect(db.database, autocommit=True, **{
            k: v for k, v in db.connect_params.items() if k in ("connect_timeout", "application_name")
        })
        self._conn.execute(f'LISTEN "{channel}"')

    def fileno(self) -> int:
        return self._conn.pgconn.socket

    def pending(self) -> list[int]:
        ids = []
        for note in self._conn.notifies(timeout=0):
            if note.payload.isdigit():
                ids.append(int(note.payload))
        return ids

    def close(self) -> None:
        self._conn.close()


def open_server_database(url: str) -> ServerDatabase:
    """Connect to the network at *url*, creating its schema when the database is empty.

    Raises :class:`DatabaseError` with a plain sentence when the server cannot be reached, the database is
    another program's, or a newer LinkOrganizer wrote it.
    """
    if importlib.util.find_spec("psycopg") is None:
        raise DatabaseError(
            f"{describe_url(url)} is a network on a PostgreSQL server, which needs LinkOrganizer installed with "
            "its server driver: pip install 'linkorganizer[server]'"
        )
    db = ServerDatabase(
        conninfo(url), connect_timeout=10, application_name="LinkOrganizer"
    )
    try:
        db.connect()
        with db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
            _upgrade(db, url)
    except DatabaseError:
        db.close()
        raise
    except Exception as exc:
        db.close()
        problem = server_problem(exc, url)
        if problem is None:
            raise
        raise DatabaseError(problem) from exc
    return db


def _upgrade(db: ServerDatabase, url: str) -> None:
    version = database_version(db)
    if version == 0:
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)" % SCHEMA_LOCK)
            if database_version(db) == 0:
                create_schema(db)
        return
    if version is None:
        raise DatabaseError(f"{describe_url(url)} holds tables, but is not a LinkOrganizer network")
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            f"{describe_url(url)} was written by a newer LinkOrganizer (schema {version}; this version reads up to "
            f"{SCHEMA_VERSION}). Update LinkOrganizer to open it."
        )
    if version < SCHEMA_VERSION:
        # Every schema a server network can have was created at version 6 or later; steps after it are written
        # for both backends and run here as they do for a file.
        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)" % SCHEMA_LOCK)
            run_steps(db, database_version(db) or 0)
    _add_indexes(db)


def _add_indexes(db: ServerDatabase) -> None:
    """The indexes of CONTACT_INDEXES, for a network made before they were: by its owner (who may create
    them), once; anyone else's client uses the network as it is."""
    names = [re.search(r"EXISTS (\w+)", sql).group(1) for sql in CONTACT_INDEXES]
    marks = ", ".join("?" * len(names))
    present, owner = db.execute_sql(
        f"""SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname IN ({marks})),
                   (SELECT pg_has_role(tableowner, 'USAGE') FROM pg_tables
                    WHERE schemaname = current_schema() AND tablename = 'contact')""",
        names,
    ).fetchone()
    if present == len(names) or not owner:
        return
    with db.atomic():
        db.execute_sql("SELECT pg_advisory_xact_lock(%s)" % SCHEMA_LOCK)
        for statement in CONTACT_INDEXES:
            db.execute_sql(statement)


def create_schema(db: ServerDatabase) -> None:
    db.execute_sql(NOCASE)
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    for statement in COMPAT_SCHEMA:
        db.execute_sql(statement)
    db.create_tables(MODELS)
    for statement in SEARCH_SCHEMA + PRIVACY_SCHEMA + CONTACT_INDEXES:
        db.execute_sql(statement)
    SchemaVersion.insert(version=SCHEMA_VERSION).execute()




def team_role(db: ServerDatabase) -> str:
    """The role every member of a network's team is granted: ``<database>_team``."""
    name = str(db.execute_sql("SELECT current_database()").fetchone()[0])
    return re.sub(r"\W", "_", name)[:50] + "_team"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def setup_team(db: ServerDatabase, members: list[str]) -> tuple[str, list[str]]:
    """Give the network's team its grants and let *members* in (their roles are made when missing, able to log
    in, with no password: the server's administrator sets one). Returns the team role and the roles made.

    Run by the network's owner, who made its tables: the grants are every table's rows and every sequence (so
    members add rows), now and for tables later schema versions add. Private interactions stay the business of
    their owner by the policies of the schema itself."""
    team = team_role(db)
    made: list[str] = []
    with db.atomic():
        exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (team,)).fetchone()
        if not exists:
            db.execute_sql(f"CREATE ROLE {_ident(team)} NOLOGIN")
        database = str(db.execute_sql("SELECT current_database()").fetchone()[0])
        schema = str(db.execute_sql("SELECT current_schema()").fetchone()[0])
        for statement in (
            f"GRANT CONNECT, TEMPORARY ON DATABASE {_ident(database)} TO {_ident(team)}",
            f"GRANT USAGE ON SCHEMA {_ident(schema)} TO {_ident(team)}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {_ident(schema)} TO {_ident(team)}",
            f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {_ident(schema)} TO {_ident(team)}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_ident(schema)} "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {_ident(team)}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {_ident(schema)} GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO {_ident(team)}",
        ):
            db.execute_sql(statement)
        for member in members:
            if not db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = ?", (member,)).fetchone():
                db.execute_sql(f"CREATE ROLE {_ident(member)} LOGIN")
                made.append(member)
            db.execute_sql(f"GRANT {_ident(team)} TO {_ident(member)}")
    return team, made
