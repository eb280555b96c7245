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
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from peewee import PostgresqlDatabase

from linkorganizer.db.errors import DatabaseError
from linkorganizer.db.models import MODELS, SchemaVersion

log = logging.getLogger("linkorganizer.db")

SCHEMES = ("postgresql", "postgres")
SQLITE_LOCK_MODES = ("DEFERRED", "IMMEDIATE", "EXCLUSIVE")
# Case-insensitive names (goals and tags), as NOCASE is for SQLite. ICU's level-2 strength ignores case only.
NOCASE = "CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false)"
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


def server_sql(sql: str, with_params: bool = True) -> str:
    """*sql* (SQLite's dialect, ``?`` parameters) as a PostgreSQL server and psycopg read it."""
    ignore = False

    def swap(match: re.Match[str]) -> str:
        nonlocal ignore
        text = match.group(0)
        if text[0] in "'\"":
            return text.replace("%", "%%") if with_params else text
        if text == "?":
            return "%s"
        if text == "%":
            return "%%" if with_params else text
        if text[0] == ":":
            return f"%({text[1:]})s" if with_params else text  # sqlite3's named parameters
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
    if ignore:
        out = _on_conflict_nothing(out)
    if "MATCH" in out.upper():
        out = _full_text(out)
    return out


_SEARCH_ALIAS = re.compile(r"\bcontact_search\s+(?:AS\s+)?(?!ON\b|JOIN\b|WHERE\b)(\w+)\s+ON\b", re.IGNORECASE)
_MATCH = re.compile(r"\bcontact_search\s+MATCH\s+(%s|\?)", re.IGNORECASE)


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
def _translated(sql: str, with_params: bool) -> str:
    return server_sql(sql, with_params)


class ServerDatabase(PostgresqlDatabase):
    """Peewee's PostgreSQL database, taking the core's ``?`` parameters like SQLite."""

    param = "?"
    server = True  # the storage layer's own question: a network on a server, not in a file
    # Called with each statement sent (as sqlite3's set_trace_callback is): for counting what a view costs.
    trace: Callable[[str], object] | None = None

    def begin(self, isolation_level=None):
        # SQLite's lock modes (IMMEDIATE: take the write lock first) have no meaning on a server, where rows,
        # not the file, are locked: the core's transactions run at the server's default isolation.
        if isinstance(isolation_level, str) and isolation_level.upper() in SQLITE_LOCK_MODES:
            isolation_level = None
        return super().begin(isolation_level)

    def _connect(self):
        conn = super()._connect()
        # Dates and timestamps come back as the text SQLite gives (ISO, "YYYY-MM-DD HH:MM:SS.ffffff"): the core
        # reads both backends' rows alike, and the models' fields parse that text as they do a file's.
        from psycopg.types.string import TextLoader

        for name in ("date", "timestamp"):
            conn.adapters.register_loader(name, TextLoader)
        return conn

    def cursor(self, named_cursor=None):
        return SqliteStyleCursor(super().cursor(named_cursor), self)


# Tables whose rows are named by an ``id`` column: an INSERT into one tells its cursor the new row's id, as
# sqlite3's ``lastrowid`` does.
ID_TABLES = frozenset(m._meta.table_name for m in MODELS if m._meta.primary_key.column_name == "id") | {"op"}
_INSERT_INTO = re.compile(r'^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+"?(\w+)"?', re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


class SqliteStyleCursor:
    """A psycopg cursor that reads the core's SQLite dialect (:func:`server_sql`) and knows ``lastrowid``.

    Peewee's own statements (``%s`` parameters, its own RETURNING) pass through as they are."""

    def __init__(self, cursor, db: ServerDatabase) -> None:
        self._cursor = cursor
        self._db = db
        self.lastrowid: int | None = None

    def _sql(self, sql: str, with_params: bool) -> str:
        if "%s" in sql and "?" not in sql:
            return sql
        return _translated(sql, with_params)

    def execute(self, sql: str, params=None):
        if sql.lstrip()[:6].upper() == "PRAGMA":
            # A PRAGMA tunes or asks SQLite's own engine; a server has none of it, and answers with no rows.
            self._cursor.execute("SELECT 1 WHERE FALSE")
            return self
        # No parameters: none are passed on, so psycopg reads a "%" as itself (peewee passes an empty tuple).
        params = _storable(params) if params else None
        sql = self._sql(sql, params is not None)
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
        self._cursor.executemany(sql, [_storable(row) for row in rows])
        return self

    def __iter__(self):
        return iter(self._cursor)

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
        conninfo(url), prefer_psycopg3=True, connect_timeout=10, application_name="LinkOrganizer"
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


def database_version(db: ServerDatabase) -> int | None:
    """The schema version, 0 for an empty database, None for one holding another program's tables."""
    tables = set(db.get_tables())
    if not tables:
        return 0
    if "schema_version" not in tables:
        return None
    row = db.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _upgrade(db: ServerDatabase, url: str) -> None:
    from linkorganizer.db.migrations import SCHEMA_VERSION

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
        # Every schema a server network can have was created at version 5 or later; steps after it are written
        # for both backends and run here as they do for a file.
        from linkorganizer.db.migrations import run_steps

        with db.atomic():
            db.execute_sql("SELECT pg_advisory_xact_lock(%s)" % SCHEMA_LOCK)
            run_steps(db, database_version(db) or 0)


def create_schema(db: ServerDatabase) -> None:
    from linkorganizer.db.migrations import SCHEMA_VERSION

    db.execute_sql(NOCASE)
    db.execute_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    for statement in COMPAT_SCHEMA:
        db.execute_sql(statement)
    db.create_tables(MODELS)
    for statement in SEARCH_SCHEMA + PRIVACY_SCHEMA:
        db.execute_sql(statement)
    SchemaVersion.insert(version=SCHEMA_VERSION).execute()


# A private interaction is the business of the role that logged it: row-level security in the database, so no
# client (the app, psql, a report tool) shows it to another role. The owner is filled in by the server.
PRIVACY_SCHEMA = [
    """CREATE OR REPLACE FUNCTION lo_owner() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF NEW.owner = '' THEN NEW.owner := current_user; END IF;
         RETURN NEW;
       END $$""",
    """CREATE OR REPLACE TRIGGER interaction_owner BEFORE INSERT ON interaction
       FOR EACH ROW EXECUTE FUNCTION lo_owner()""",
    "ALTER TABLE interaction ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS interaction_private ON interaction",
    """CREATE POLICY interaction_private ON interaction
       USING (NOT private OR owner = current_user) WITH CHECK (NOT private OR owner = current_user)""",
]
# The undo log keeps images of interactions: the same rule for them (an insert's entry has no image).
PRIVATE_IMAGES = [
    "ALTER TABLE undo_interaction ENABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS undo_interaction_private ON undo_interaction",
    """CREATE POLICY undo_interaction_private ON undo_interaction
       USING (private IS NOT TRUE OR owner = current_user)""",
]

# SQLite's functions the core's SQL uses, with SQLite's meaning, for a network on a server.
COMPAT_SCHEMA = [
    # Days since the Julian epoch, from a timestamp, a date or text ('now', 'YYYY-MM-DD …').
    """CREATE OR REPLACE FUNCTION julianday(timestamp) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT extract(epoch FROM $1)::double precision / 86400.0 + 2440587.5 $$""",
    """CREATE OR REPLACE FUNCTION julianday(date) RETURNS double precision LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT julianday($1::timestamp) $$""",
    """CREATE OR REPLACE FUNCTION julianday(text) RETURNS double precision LANGUAGE sql STABLE STRICT
       AS $$ SELECT julianday(CASE WHEN $1 = 'now' THEN now() AT TIME ZONE 'UTC' ELSE $1::timestamp END) $$""",
    # The elements of a JSON array of ids, as a table with one column, value.
    """CREATE OR REPLACE FUNCTION json_each(text) RETURNS TABLE (value bigint) LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT e::bigint FROM json_array_elements_text($1::json) AS e $$""",
    """CREATE OR REPLACE FUNCTION lo_concat(acc text, value text, sep text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value ELSE acc || sep || value END $$""",
    """CREATE OR REPLACE FUNCTION lo_concat(acc text, value text) RETURNS text LANGUAGE sql IMMUTABLE
       AS $$ SELECT lo_concat(acc, value, ',') $$""",
    """CREATE OR REPLACE AGGREGATE group_concat(text, text) (sfunc = lo_concat, stype = text)""",
    """CREATE OR REPLACE AGGREGATE group_concat(text) (sfunc = lo_concat, stype = text)""",
    """CREATE OR REPLACE AGGREGATE total(double precision) (sfunc = float8pl, stype = double precision,
       initcond = '0')""",
    # A condition counted as SQLite counts it: true is 1.
    """CREATE OR REPLACE FUNCTION lo_count_true(acc bigint, value boolean) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT acc + CASE WHEN value THEN 1 ELSE 0 END $$""",
    """CREATE OR REPLACE AGGREGATE sum(boolean) (sfunc = lo_count_true, stype = bigint, initcond = '0')""",
    """CREATE OR REPLACE FUNCTION instr(text, text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT strpos($1, $2) $$""",
    # A row written with an id of its own (an import numbers its new contacts itself) leaves the table's
    # sequence behind; the next row the sequence numbers would take a used id. Brought up after an operation.
    """CREATE OR REPLACE FUNCTION lo_sync_ids(tables text[]) RETURNS void LANGUAGE plpgsql AS $$
       DECLARE t text; seq text; top bigint; latest bigint; used boolean;
       BEGIN
         FOREACH t IN ARRAY tables LOOP
           seq := pg_get_serial_sequence(quote_ident(t), 'id');
           CONTINUE WHEN seq IS NULL;
           EXECUTE format('SELECT max(id) FROM %I', t) INTO top;
           EXECUTE format('SELECT last_value, is_called FROM %s', seq) INTO latest, used;
           IF top IS NOT NULL AND top > (CASE WHEN used THEN latest ELSE latest - 1 END) THEN
             PERFORM setval(seq, top, true);
           END IF;
         END LOOP;
       END $$""",
    # SQLite's min() and max() of two values (its aggregates take one).
    """CREATE OR REPLACE FUNCTION min(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT LEAST($1, $2) $$""",
    """CREATE OR REPLACE FUNCTION max(bigint, bigint) RETURNS bigint LANGUAGE sql IMMUTABLE
       AS $$ SELECT GREATEST($1, $2) $$""",
    # SQLite keeps a date as text, and the core takes parts of it ("2024-06" of a day).
    """CREATE OR REPLACE FUNCTION substr(date, integer, integer) RETURNS text LANGUAGE sql IMMUTABLE STRICT
       AS $$ SELECT substr($1::text, $2, $3) $$""",
]

# The search document of a contact, as the SQLite schema's ``contact_search_doc`` view says it, kept in a table
# with an accent-free, lower-case text per column and a tsvector of them all. unaccent() is only STABLE (its
# dictionary could change), so an IMMUTABLE wrapper lets the index use it, as PostgreSQL's documentation advises.
SEARCH_SCHEMA = [
    """CREATE OR REPLACE FUNCTION lo_fold(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$""",
    # Words as SQLite's unicode61 tokenizer sees them: letters and digits, everything else a separator (so an
    # e-mail address or a web address is its words, not one token as PostgreSQL's parser would make it).
    """CREATE OR REPLACE FUNCTION lo_words(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
       AS $$ SELECT regexp_replace(lo_fold($1), '[^[:alnum:]]+', ' ', 'g') $$""",
    # The search the core writes for SQLite's FTS5 (core.contacts.fts_query: "word"* per word) as a tsquery:
    # every word must match, a word's own parts one after the other, its last part as a prefix.
    """CREATE OR REPLACE FUNCTION lo_fts(text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
         SELECT coalesce(string_agg(phrase, ' & '), '')::tsquery FROM (
           SELECT array_to_string(parts, ' <-> ') || ':*' AS phrase FROM (
             SELECT array_remove(regexp_split_to_array(trim(lo_words(m[1])), ' +'), '') AS parts
             FROM regexp_matches($1, '"([^"]*)"', 'g') AS m) words
           WHERE cardinality(parts) > 0) phrases
       $$""",
    """CREATE TABLE IF NOT EXISTS contact_search (
        rowid INTEGER PRIMARY KEY REFERENCES contact (id) ON DELETE CASCADE,
        name TEXT NOT NULL DEFAULT '', company TEXT NOT NULL DEFAULT '', position TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', details TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        doc tsvector GENERATED ALWAYS AS (to_tsvector('simple', lo_words(
            name || ' ' || company || ' ' || position || ' ' || location || ' ' || notes || ' ' || details || ' '
            || tags))) STORED)""",
    "CREATE INDEX IF NOT EXISTS contact_search_doc_idx ON contact_search USING gin (doc)",
    """CREATE OR REPLACE VIEW contact_search_doc AS
       SELECT c.id AS id,
              c.full_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.last_name || ' ' || c.name_suffix
                  AS name,
              c.company AS company, c.position AS position, c.location AS location,
              c.notes || ' ' || c.help_them || ' ' || c.help_me AS notes,
              coalesce((SELECT string_agg(f.value, ' ' ORDER BY f.id) FROM contact_field f
                        WHERE f.contact_id = c.id), '') AS details,
              coalesce((SELECT string_agg(t.name, ' ' ORDER BY t.id) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
                        WHERE ct.contact_id = c.id), '') AS tags
       FROM contact c""",
    """CREATE OR REPLACE FUNCTION lo_search_refresh(ids integer[]) RETURNS void LANGUAGE sql AS $$
         INSERT INTO contact_search (rowid, name, company, position, location, notes, details, tags)
         SELECT id, name, company, position, location, notes, details, tags FROM contact_search_doc
         WHERE id = ANY(ids)
         ON CONFLICT (rowid) DO UPDATE SET name = EXCLUDED.name, company = EXCLUDED.company,
             position = EXCLUDED.position, location = EXCLUDED.location, notes = EXCLUDED.notes,
             details = EXCLUDED.details, tags = EXCLUDED.tags
       $$""",
    """CREATE OR REPLACE FUNCTION lo_contact_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT id FROM changed));
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION lo_detail_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT contact_id FROM changed));
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION lo_detail_search_old() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT contact_id FROM gone));
         RETURN NULL;
       END $$""",
    """CREATE OR REPLACE FUNCTION lo_tag_search() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         PERFORM lo_search_refresh(ARRAY(SELECT DISTINCT ct.contact_id FROM contact_tag ct
                                         JOIN changed t ON t.id = ct.tag_id));
         RETURN NULL;
       END $$""",
    # Statement-level triggers with transition tables: an import of thousands of contacts refreshes the search
    # table once per statement, not once per row.
    """CREATE OR REPLACE TRIGGER contact_search_ai AFTER INSERT ON contact
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_contact_search()""",
    """CREATE OR REPLACE TRIGGER contact_search_au AFTER UPDATE ON contact
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_contact_search()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_ai AFTER INSERT ON contact_field
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_au AFTER UPDATE ON contact_field
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_au_old AFTER UPDATE ON contact_field
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search_old()""",
    """CREATE OR REPLACE TRIGGER contact_field_search_ad AFTER DELETE ON contact_field
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search_old()""",
    """CREATE OR REPLACE TRIGGER contact_tag_search_ai AFTER INSERT ON contact_tag
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search()""",
    """CREATE OR REPLACE TRIGGER contact_tag_search_ad AFTER DELETE ON contact_tag
       REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION lo_detail_search_old()""",
    """CREATE OR REPLACE TRIGGER tag_search_au AFTER UPDATE ON tag
       REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION lo_tag_search()""",
]


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
