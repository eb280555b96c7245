"""The database-recorded undo log: any sequence of operations, undone and redone, gives back every byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from peewee import IntegrityError, SqliteDatabase

from linkorganizer.db.migrations import create_schema
from linkorganizer.db.models import MODELS
from linkorganizer.db.oplog import OpLog, UndoBlocked

LOGGED = [m for m in MODELS if m._meta.table_name != "schema_version"]


def open_logged(path: Path) -> tuple[SqliteDatabase, OpLog]:
    db = SqliteDatabase(str(path), pragmas={"foreign_keys": 1, "recursive_triggers": 1})
    db.connect()
    db.bind(MODELS, bind_refs=False, bind_backrefs=False)
    create_schema(db)
    log = OpLog(db, LOGGED)
    with db.atomic():
        log.install()
    return db, log


def dump(db: SqliteDatabase) -> dict[str, list[tuple]]:
    """Every row of every domain table and the search index, by rowid: what "exactly as it was" means."""
    tables = [m._meta.table_name for m in LOGGED] + ["contact_search"]
    return {t: db.execute_sql(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}


def run_op(db: SqliteDatabase, log: OpLog, title: str, sql: list[tuple[str, tuple]]) -> int:
    with db.atomic():
        op = log.begin(title)
        for statement, params in sql:
            db.execute_sql(statement, params)
        log.finish(op)
    return op


NOW = "2026-12-01 10:00:00"
ACTIONS = st.sampled_from(["add", "rename", "email", "tag", "trash", "delete", "photo", "group", "place", "setting"])


def statements(action: str, n: int) -> list[tuple[str, tuple]]:
    contact = f"(SELECT id FROM contact ORDER BY (id * {n + 7}) % 13 LIMIT 1)"
    return {
        "add": [
            ("INSERT INTO contact (first_name, last_name, full_name, sort_name, company, position, location, "
             "birthday, source, stage, notes, help_them, help_me, extra, created_at, updated_at, middle_name, "
             "display_name) VALUES (?, ?, ?, ?, ?, '', '', '', 'manual', 'connected', ?, '', '', '{}', ?, ?, '', '')",
             (f"Ada{n}", "Lovelace", f"Ada{n} Lovelace", f"lovelace ada{n}", f"Co {n % 3}", f"note {n}", NOW, NOW)),
        ],
        "rename": [(f"UPDATE contact SET full_name = full_name || '!', updated_at = ? WHERE id = {contact}",
                    (f"2026-12-0{1 + n % 9} 11:00:00.{n:06}",))],
        "email": [(f"INSERT INTO contact_field (contact_id, kind, label, value, position) "
                   f"SELECT {contact}, 'email', 'work', ?, 0 WHERE EXISTS (SELECT 1 FROM contact)", (f"a{n}@x.org",))],
        "tag": [("INSERT OR IGNORE INTO tag (name) VALUES (?)", (f"tag{n % 4}",)),
                (f"INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) SELECT {contact}, id FROM tag WHERE name = ?"
                 " AND EXISTS (SELECT 1 FROM contact)", (f"tag{n % 4}",))],
        "trash": [(f"UPDATE contact SET deleted_at = ? WHERE id = {contact}", (NOW,))],
        "delete": [(f"DELETE FROM contact WHERE id = {contact}", ())],  # cascades to fields, tags, memberships
        "photo": [(f"UPDATE contact SET photo = ? WHERE id = {contact}", (bytes([n % 256, 0, 255]) * 3,))],
        "group": [("INSERT OR IGNORE INTO goal_group (name, purpose, colour, position, collapsed, created_at, "
                   "updated_at) VALUES (?, '', '#4C78A8', 0, 0, ?, ?)", (f"Goal {n % 3}", NOW, NOW))],
        "place": [(f"INSERT OR IGNORE INTO membership (contact_id, group_id, role, added_at) "
                   f"SELECT {contact}, id, '', ? FROM goal_group ORDER BY id LIMIT 1", (NOW,))],
        "setting": [("INSERT OR REPLACE INTO setting (key, value) VALUES ('follow_up_days', ?)", (str(n),))],
    }[action]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(ACTIONS, min_size=1, max_size=25))
def test_undo_all_gives_the_original_dump_and_redo_all_the_final_one(tmp_path_factory, actions):
    db, log = open_logged(tmp_path_factory.mktemp("net") / "net.db")
    # Something to start from, written outside any operation (as an import into a new network would be).
    for n in range(3):
        for statement, params in statements("add", 100 + n):
            db.execute_sql(statement, params)
    original = dump(db)
    ops = [run_op(db, log, f"{action} {n}", statements(action, n)) for n, action in enumerate(actions)]
    final = dump(db)
    effective = [op for op in ops if db.execute_sql("SELECT 1 FROM op WHERE id = ?", (op,)).fetchone()]
    for op in reversed(effective):
        with db.atomic():
            log.undo(op)
    assert dump(db) == original
    for op in effective:
        with db.atomic():
            log.redo(op)
    assert dump(db) == final
    db.close()


def test_an_operation_that_writes_nothing_leaves_no_step(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    op = run_op(db, log, "nothing", [("UPDATE contact SET notes = 'x' WHERE id = -1", ())])
    assert db.execute_sql("SELECT count(*) FROM op WHERE id = ?", (op,)).fetchone() == (0,)


def test_undo_is_refused_while_a_later_operation_changed_the_same_rows(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    first = run_op(db, log, "Add Ada", statements("add", 1))
    second = run_op(db, log, "Rename Ada", statements("rename", 1))
    with pytest.raises(UndoBlocked) as refused:
        with db.atomic():
            log.undo(first)
    assert refused.value.by == [(second, "Rename Ada")]
    assert "Rename Ada" in str(refused.value)
    with db.atomic():
        log.undo(second)
    with db.atomic():
        log.undo(first)  # the later change is taken back: nothing is in the way now
    assert db.execute_sql("SELECT count(*) FROM contact").fetchone() == (0,)


def test_out_of_order_undo_of_an_old_operation_keeps_the_later_unrelated_ones(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    first = run_op(db, log, "Add Ada", statements("add", 1))
    run_op(db, log, "Add a goal", statements("group", 1))
    with db.atomic():
        changes = log.undo(first)
    assert changes.touched("contact") and not changes.touched("goal_group")
    assert db.execute_sql("SELECT count(*) FROM goal_group").fetchone() == (1,)
    assert db.execute_sql("SELECT count(*) FROM contact").fetchone() == (0,)


def test_a_redo_is_refused_once_something_else_changed_those_rows(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    for statement, params in statements("add", 1):
        db.execute_sql(statement, params)
    rename = run_op(db, log, "Rename", statements("rename", 1))
    with db.atomic():
        log.undo(rename)
    other = run_op(db, log, "Trash", statements("trash", 1))
    with pytest.raises(UndoBlocked) as refused:
        with db.atomic():
            log.redo(rename)
    assert refused.value.by == [(other, "Trash")]


def test_changes_name_every_row_the_operation_wrote_cascades_included(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    add = run_op(db, log, "Add", statements("add", 1) + statements("email", 1) + statements("tag", 1))
    contact_id = db.execute_sql("SELECT id FROM contact").fetchone()[0]
    with db.atomic():
        op = log.begin("Delete")
        db.execute_sql("DELETE FROM contact WHERE id = ?", (contact_id,))
        changes = log.finish(op)
    assert changes.touched("contact") == {contact_id}
    assert len(changes.touched("contact_field")) == 1 and len(changes.touched("contact_tag")) == 1
    assert add != op


def test_a_rolled_back_operation_leaves_neither_rows_nor_log(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    before = dump(db)
    with pytest.raises(IntegrityError):
        with db.atomic():
            op = log.begin("Broken")
            db.execute_sql(*statements("add", 1)[0])
            db.execute_sql("INSERT INTO contact_field (contact_id, kind, value) VALUES (-5, 'nonsense', 'x')")
            log.finish(op)
    assert dump(db) == before
    assert db.execute_sql("SELECT count(*) FROM op").fetchone() == (0,)
    assert db.execute_sql("SELECT count(*) FROM op_active").fetchone() == (0,)


def test_a_column_added_by_a_migration_is_logged_too(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    db.execute_sql("ALTER TABLE tag ADD COLUMN colour TEXT NOT NULL DEFAULT ''")
    tag_model = next(m for m in LOGGED if m._meta.table_name == "tag")
    from peewee import TextField

    tag_model._meta.add_field("colour", TextField(default=""))
    try:
        upgraded = OpLog(db, LOGGED)
        with db.atomic():
            upgraded.install()
        db.execute_sql("INSERT INTO tag (name, colour) VALUES ('vip', 'red')")
        before = dump(db)
        with db.atomic():
            op = upgraded.begin("Recolour")
            db.execute_sql("UPDATE tag SET colour = 'blue'")
            upgraded.finish(op)
        with db.atomic():
            upgraded.undo(op)
        assert dump(db) == before
    finally:
        tag_model._meta.remove_field("colour")


def test_installing_a_current_log_writes_nothing(tmp_path):
    db, log = open_logged(tmp_path / "net.db")
    version = db.execute_sql("PRAGMA schema_version").fetchone()
    with db.atomic():
        log.install()
    assert db.execute_sql("PRAGMA schema_version").fetchone() == version
