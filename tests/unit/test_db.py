"""Storage: opening a network file, its pragmas, refusing files that are not ours, and schema migrations."""

from __future__ import annotations

import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from peewee import IntegrityError, TextField
from playhouse.migrate import migrate

from linkorganizer.core.contacts import ContactQuery, get_contact, query_contact_ids, update_contact
from linkorganizer.core.network import Network
from linkorganizer.db import (
    SCHEMA_VERSION,
    DatabaseError,
    close_database,
    default_database_path,
    open_database,
    resolve_database_path,
)
from linkorganizer.db import migrations
from linkorganizer.db.connection import ENV_VAR
from linkorganizer.db.models import Contact, ContactField, SchemaVersion, Setting

SCHEMA_V1 = Path(__file__).resolve().parent.parent / "fixtures" / "schema_v1.sql"
# Tables of version 1 that a later version dropped: import_change (version 3).
DROPPED_TABLES = frozenset({"import_change"})



@pytest.fixture
def backend() -> str:
    """This module is about the network file itself (its pragmas, its SQLite schema, files that are not ours):
    the file backend only. A server network's schema is tested by test_shared_network.py."""
    return "sqlite"


# ------------------------------------------------------------------------------------------------ helpers


def dump_database(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _normalise_sql(sql: str | None) -> str:
    return re.sub(r"\s+", " ", sql or "").strip()


def schema_of(path: Path) -> dict[str, Any]:
    """What a database's schema *means*, read through SQLite's own pragmas.

    Columns are compared as a mapping, not a list: ``ALTER TABLE … ADD COLUMN`` appends, and the order of columns
    is not something the app relies on (every statement names its columns).
    """
    con = sqlite3.connect(path)
    try:
        master = con.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ).fetchall()
        tables = sorted(name for type_, name, _, _ in master if type_ == "table")
        columns = {
            table: {
                name: (decl_type.upper(), notnull, default, pk)
                for _, name, decl_type, notnull, default, pk in con.execute(f'PRAGMA table_info("{table}")')
            }
            for table in tables
        }
        foreign_keys = {
            table: sorted(
                (parent, from_, to, on_update, on_delete)
                for _, _, parent, from_, to, on_update, on_delete, _ in con.execute(
                    f'PRAGMA foreign_key_list("{table}")'
                )
            )
            for table in tables
        }
        indexes: dict[str, Any] = {}
        for table in tables:
            for _, name, unique, origin, partial in con.execute(f'PRAGMA index_list("{table}")'):
                keys = [
                    (column, desc, collation)
                    for _, _, column, desc, collation, key in con.execute(f'PRAGMA index_xinfo("{name}")')
                    if key
                ]
                indexes[name] = (table, unique, origin, partial, keys)
        views = {name: _normalise_sql(sql) for type_, name, _, sql in master if type_ == "view"}
        triggers = {name: (table, _normalise_sql(sql)) for type_, name, table, sql in master if type_ == "trigger"}
        return {
            "tables": tables,
            "columns": columns,
            "foreign_keys": foreign_keys,
            "indexes": indexes,
            "views": views,
            "triggers": triggers,
        }
    finally:
        con.close()


def build_v1_database(path: Path) -> None:
    """A network as version 1 of the app left it: the frozen schema plus a little of everything."""
    con = sqlite3.connect(path)
    try:
        con.executescript(SCHEMA_V1.read_text(encoding="utf-8"))
        con.executescript(
            """
            INSERT INTO contact (id, first_name, middle_name, last_name, display_name, full_name, sort_name, company,
                position, location, profile_url, birthday, connected_on, source, stage, notes, help_them, help_me,
                cadence_days, photo, extra, created_at, updated_at, deleted_at)
            VALUES
              (1, 'Émile', '', 'Lefèvre', '', 'Émile Lefèvre', 'emile lefevre', 'Société Générale', 'Analyste',
               'Paris', 'https://www.linkedin.com/in/emile-lefevre', '--03-22', '2012-08-08', 'linkedin',
               'connected', 'Met at the fintech meetup', '', '', 30, NULL, '{}', '2024-01-01 10:00:00',
               '2024-01-02 11:00:00', NULL),
              (2, 'Ann', '', 'Lee', '', 'Ann Lee', 'ann lee', 'Acme', 'CEO', '', NULL, '', NULL, 'manual',
               'prospect', '', '', '', NULL, X'89504E47', '{"k": 1}', '2024-01-01 10:00:00',
               '2024-01-01 10:00:00', '2024-03-01 09:00:00');
            INSERT INTO contact_field (contact_id, kind, label, value, position)
                VALUES (1, 'email', 'work', 'emile@example.fr', 0), (1, 'phone', 'mobile', '+33 6 12 34 56 78', 0);
            INSERT INTO tag (id, name) VALUES (1, 'fintech');
            INSERT INTO contact_tag (contact_id, tag_id) VALUES (1, 1);
            INSERT INTO goal_group (id, name, purpose, colour, position, collapsed, created_at, updated_at)
                VALUES (1, 'Product role', 'Land a product role', '#4C78A8', 1, 0, '2024-01-01 10:00:00',
                        '2024-01-01 10:00:00');
            INSERT INTO group_slot (id, group_id, role, needed, position) VALUES (1, 1, 'mentor', 1, 0);
            INSERT INTO membership (contact_id, group_id, slot_id, role, added_at)
                VALUES (1, 1, 1, 'mentor', '2024-01-03 10:00:00');
            INSERT INTO invitation (id, direction, name, profile_url, message, sent_at, state, reply, note,
                contact_id, state_changed_at, created_at, updated_at)
                VALUES (1, 'incoming', 'Émile Lefèvre', 'https://www.linkedin.com/in/emile-lefevre', 'Hello',
                        '2024-01-01 09:00:00', 'accepted', '', '', 1, '2024-01-01 09:30:00',
                        '2024-01-01 09:00:00', '2024-01-01 09:30:00');
            INSERT INTO invitation_event (invitation_id, from_state, to_state, at, note)
                VALUES (1, 'new', 'accepted', '2024-01-01 09:30:00', '');
            INSERT INTO introduction (id, contact_id, scheduled_at, duration_minutes, agenda, notes, their_needs,
                my_offer, outcome, held_at, created_at, updated_at)
                VALUES (1, 1, '2024-02-01 15:00:00', 30, 'Intro', '', '', '', NULL, NULL, '2024-01-05 10:00:00',
                        '2024-01-05 10:00:00');
            INSERT INTO interaction (contact_id, kind, occurred_at, note, introduction_id, created_at)
                VALUES (1, 'call', '2024-02-01 15:00:00', 'Good call', 1, '2024-02-01 16:00:00');
            INSERT INTO import_batch (file_name, format, started_at, created_count, updated_count, unchanged_count,
                skipped_count) VALUES ('Connections.csv', 'linkedin', '2024-01-01 10:00:00', 1, 0, 0, 0);
            INSERT INTO import_change (batch_id, entity, entity_id, action, before, stamp)
                VALUES (1, 'contact', 1, 'created', NULL, '2024-01-01 10:00:00');
            INSERT INTO setting (key, value) VALUES ('follow_up_days', '14');
            """
        )
        con.commit()
    finally:
        con.close()


def table_rows(path: Path, columns: dict[str, list[str]]) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of each table, restricted to the given columns (those a version-1 database had)."""
    con = sqlite3.connect(path)
    try:
        out = {}
        for table, cols in columns.items():
            names = ", ".join('"' + c + '"' for c in cols)
            out[table] = con.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        con.close()


def kept(columns: dict[str, list[str]]) -> dict[str, list[str]]:
    """The version-1 tables the current schema still has."""
    return {table: cols for table, cols in columns.items() if table not in DROPPED_TABLES}


def v1_user_columns(path: Path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_search_%' AND name != 'schema_version'"
            )
        ]
        return {t: [row[1] for row in con.execute(f'PRAGMA table_info("{t}")')] for t in tables}
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------- opening


def test_open_database_creates_the_schema(db, db_path: Path) -> None:
    assert db_path.is_file()
    schema = schema_of(db_path)
    for table in (
        "contact",
        "contact_field",
        "tag",
        "contact_tag",
        "goal_group",
        "group_slot",
        "membership",
        "import_batch",
        "invitation",
        "invitation_event",
        "introduction",
        "interaction",
        "setting",
        "schema_version",
        "contact_search",
    ):
        assert table in schema["tables"]
    assert not set(DROPPED_TABLES) & set(schema["tables"])
    assert "contact_search_doc" in schema["views"]
    assert {"contact_search_ai", "contact_search_au", "contact_search_ad"} <= set(schema["triggers"])
    assert db.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
    # The profile URL is unique when present, and many contacts may have none.
    assert schema["indexes"]["contact_profile_url"][1] == 1
    Contact.create(first_name="A")
    Contact.create(first_name="B")
    Contact.create(first_name="C", profile_url="https://www.linkedin.com/in/c")
    with pytest.raises(IntegrityError):
        Contact.create(first_name="D", profile_url="https://www.linkedin.com/in/c")


def test_open_database_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "network.db"
    open_database(path)
    try:
        assert path.is_file()
    finally:
        close_database()


def test_pragmas(db) -> None:
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] > 0
    # foreign_keys=1 is not just set but enforced.
    with pytest.raises(IntegrityError):
        ContactField.create(contact=12345, kind="email", value="x@example.com")


def test_pragmas_survive_a_reconnect(db) -> None:
    db.close()
    db.connect()
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA busy_timeout").fetchone()[0] > 0


def test_reopening_keeps_data_and_makes_no_backup(db_path: Path) -> None:
    open_database(db_path)
    Contact.create(first_name="Ann", full_name="Ann")
    close_database()
    before = dump_database(db_path)
    open_database(db_path)
    try:
        assert [c.first_name for c in Contact.select()] == ["Ann"]
    finally:
        close_database()
    assert dump_database(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))


def _assert_plain(message: str, path: Path) -> None:
    assert str(path) in message
    assert "Traceback" not in message
    assert "sqlite3" not in message
    assert "peewee" not in message


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"These are my notes, not a database.\n" * 200
    path.write_bytes(content)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    _assert_plain(str(info.value), path)
    assert "not a LinkOrganizer database" in str(info.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_a_png_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "picture.db"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    _assert_plain(str(info.value), path)


def test_a_folder_is_refused_with_a_plain_message(tmp_path: Path) -> None:
    folder = tmp_path / "folder.db"
    folder.mkdir()
    with pytest.raises(DatabaseError) as info:
        open_database(folder)
    _assert_plain(str(info.value), folder)


def test_another_programs_sqlite_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.execute("INSERT INTO notes (body) VALUES ('keep me')")
    con.commit()
    con.close()
    content = path.read_bytes()
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    _assert_plain(str(info.value), path)
    assert "not a LinkOrganizer network" in str(info.value)
    # Not even the journal mode changed: refusing a file must not convert it to WAL.
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.db"]
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        con.close()


def test_a_database_from_a_newer_version_is_refused(db_path: Path) -> None:
    open_database(db_path)
    Contact.create(first_name="Ann", full_name="Ann")
    close_database()
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, '2030-01-01 00:00:00')", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    before = dump_database(db_path)
    with pytest.raises(DatabaseError) as info:
        open_database(db_path)
    message = str(info.value)
    _assert_plain(message, db_path)
    assert "newer" in message
    assert str(SCHEMA_VERSION + 1) in message
    assert dump_database(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))


def test_a_good_database_opens_after_a_refused_one(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"x" * 4096)
    with pytest.raises(DatabaseError):
        open_database(bad)
    open_database(tmp_path / "good.db")
    try:
        Contact.create(first_name="Ann", full_name="Ann")
        assert Contact.select().count() == 1
    finally:
        close_database()


def test_a_refused_newer_database_leaves_the_open_network_the_one_written_to(tmp_path: Path) -> None:
    mine = tmp_path / "mine.db"
    open_database(mine)
    newer = tmp_path / "newer.db"
    open_database(newer)
    SchemaVersion.insert(version=SCHEMA_VERSION + 1).execute()
    close_database()
    before = dump_database(newer)
    open_database(mine)
    try:
        with pytest.raises(DatabaseError):
            open_database(newer)
        Contact.create(first_name="Ann", full_name="Ann")
        assert Contact._meta.database.database == str(mine)
        assert Contact.select().count() == 1
    finally:
        close_database()
    assert dump_database(newer) == before


# ---------------------------------------------------------------------------------------------- location


def test_explicit_path_wins_over_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.db"))
    assert resolve_database_path(tmp_path / "explicit.db") == tmp_path / "explicit.db"
    assert resolve_database_path(str(tmp_path / "explicit.db")) == tmp_path / "explicit.db"


def test_environment_wins_over_default(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.db"))
    assert resolve_database_path(None) == tmp_path / "env.db"
    assert resolve_database_path("") == tmp_path / "env.db"


def test_default_is_the_user_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    expected = platformdirs.user_data_path("linkorganizer", appauthor=False) / "network.db"
    assert default_database_path() == expected
    assert resolve_database_path(None) == expected
    if sys.platform.startswith("linux"):
        assert expected == tmp_path / "xdg" / "linkorganizer" / "network.db"


def test_empty_environment_variable_means_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "")
    assert resolve_database_path(None) == default_database_path()


def test_home_is_expanded(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_database_path("~/net.db") == tmp_path / "net.db"
    monkeypatch.setenv(ENV_VAR, "~/env.db")
    assert resolve_database_path(None) == tmp_path / "env.db"


# --------------------------------------------------------------------------------------------- migrations


def test_schema_v1_fixture_is_a_version_1_database(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    build_v1_database(path)
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
    finally:
        con.close()


def test_a_version_1_database_upgrades_to_the_current_schema(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    open_database(fresh)
    close_database()

    old = tmp_path / "network.db"
    build_v1_database(old)
    v1_columns = v1_user_columns(old)
    rows_before = table_rows(old, v1_columns)

    open_database(old)
    try:
        assert schema_of(old) == schema_of(fresh)
        versions = [v for (v,) in SchemaVersion.select(SchemaVersion.version).tuples()]
        assert sorted(versions) == list(range(1, SCHEMA_VERSION + 1))
        # The data is still there, and still found: the search index survived too.
        emile = get_contact(1)
        assert emile is not None
        assert emile.full_name == "Émile Lefèvre"
        assert [(e.label, e.value) for e in emile.emails] == [("work", "emile@example.fr")]
        assert emile.tags == ["fintech"]
        assert emile.groups == ["Product role"]
        assert query_contact_ids(ContactQuery(text="lefevre")) == [1]
        assert query_contact_ids(ContactQuery(text="fintech")) == [1]
        assert query_contact_ids(ContactQuery(trash=True)) == [2]
        assert Setting.get_by_id("follow_up_days").value == "14"
    finally:
        close_database()
    # Every row of every table the schema kept is as it was.
    assert table_rows(old, kept(v1_columns)) == {t: rows_before[t] for t in kept(v1_columns)}

    backup = old.with_name("network.db.v1.bak")
    if SCHEMA_VERSION > 1:
        # A migration ran, so the version-1 file was kept beside the database first.
        assert backup.is_file()
        con = sqlite3.connect(backup)
        try:
            assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 1
        finally:
            con.close()
        assert table_rows(backup, v1_columns) == rows_before
    else:
        assert not backup.exists()
        assert not list(tmp_path.glob("*.bak"))


def test_version_2_adds_an_empty_name_suffix_and_searches_it(tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    build_v1_database(path)
    v1_columns = v1_user_columns(path)
    rows_before = table_rows(path, v1_columns)
    db = open_database(path)
    try:
        assert db.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0] >= 2
        # Every row is still there as it was, and each has an empty suffix.
        assert table_rows(path, kept(v1_columns)) == {t: rows_before[t] for t in kept(v1_columns)}
        assert db.execute_sql("SELECT id, name_suffix FROM contact ORDER BY id").fetchall() == [(1, ""), (2, "")]
        assert [c.full_name for c in Contact.select().order_by(Contact.id)] == ["Émile Lefèvre", "Ann Lee"]
        # The replaced search triggers index the new field.
        assert query_contact_ids(ContactQuery(text="CFA")) == []
        update_contact(1, {"name_suffix": "CFA"})
        assert query_contact_ids(ContactQuery(text="CFA")) == [1]
        assert get_contact(1).full_name == "Émile Lefèvre, CFA"
    finally:
        close_database()
    con = sqlite3.connect(path.with_name("network.db.v1.bak"))
    try:
        assert "name_suffix" not in [row[1] for row in con.execute('PRAGMA table_info("contact")')]
    finally:
        con.close()


def test_version_3_drops_the_import_snapshots_and_the_history_keeps_its_counts(tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    build_v1_database(path)
    db = open_database(path)
    try:
        assert db.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0] >= 3
        tables = {name for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "import_change" not in tables
        indexes = {name for (name,) in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not {name for name in indexes if name.startswith("import_change")}
        # The version-1 import is still listed, with the counts it had; made before the undo log, it has no
        # operation to take back.
        [listed] = Network.bound().imports()
        assert (listed.id, listed.file_name, listed.format, listed.op_id) == (1, "Connections.csv", "linkedin", None)
        assert (listed.created, listed.updated, listed.unchanged, listed.skipped) == (1, 0, 0, 0)
    finally:
        close_database()
    con = sqlite3.connect(path.with_name("network.db.v1.bak"))
    try:
        assert con.execute("SELECT count(*) FROM import_change").fetchone()[0] == 1
    finally:
        con.close()


def _add_setting_note(migrator, db) -> None:
    migrate(migrator.add_column("setting", "note", TextField(default="")))


def _broken_step(migrator, db) -> None:
    migrate(migrator.add_column("setting", "note", TextField(default="")))
    db.execute_sql("SELECT * FROM no_such_table")


def test_the_runner_backs_up_then_applies_and_records_each_step(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The machinery later versions rely on, exercised with a made-up step after the real ones: the tables the
    real steps add must exist by the time the network is opened."""
    path = tmp_path / "network.db"
    build_v1_database(path)
    before = dump_database(path)
    made_up = SCHEMA_VERSION + 1
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", made_up)
    monkeypatch.setattr(migrations, "MIGRATIONS", {**migrations.MIGRATIONS, made_up: _add_setting_note})
    db = open_database(path)
    try:
        versions = [v for (v,) in db.execute_sql("SELECT version FROM schema_version ORDER BY version")]
        assert versions == list(range(1, made_up + 1))
        columns = [row[1] for row in db.execute_sql('PRAGMA table_info("setting")')]
        assert columns == ["key", "value", "note"]
        assert db.execute_sql("SELECT key, value, note FROM setting").fetchall() == [("follow_up_days", "14", "")]
    finally:
        close_database()
    backup = tmp_path / "network.db.v1.bak"
    assert backup.is_file()
    assert dump_database(backup) == before


def test_a_failing_step_leaves_the_database_at_its_version(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    build_v1_database(path)
    before = dump_database(path)
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrations, "MIGRATIONS", {2: _broken_step})
    with pytest.raises(DatabaseError) as info:
        open_database(path)
    _assert_plain(str(info.value), path)
    assert dump_database(path) == before
    assert (tmp_path / "network.db.v1.bak").is_file()
