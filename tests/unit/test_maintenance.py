"""Network-wide care: statistics, the integrity check, backups."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from linkorganizer.core import contacts, maintenance
from linkorganizer.core.records import Labeled
from linkorganizer.db import SCHEMA_VERSION, close_database, open_database
from linkorganizer.db.models import Contact, GoalGroup, Interaction, Introduction, Invitation, Membership
from linkorganizer.formats import registry


def test_stats_of_an_empty_network(db) -> None:
    data = maintenance.stats()
    assert data["contacts"] == data["in_trash"] == data["with_email"] == data["with_profile_url"] == 0
    assert set(data["by_stage"].values()) == {0}
    assert data["by_source"] == {} and data["invitations"] == {}
    assert (data["tags"], data["groups"], data["placed_contacts"], data["imports"]) == (0, 0, 0, 0)
    assert data["schema_version"] == SCHEMA_VERSION
    json.dumps(data)  # the CLI prints it as JSON


def test_stats_count_what_is_there(db, linkedin_dir: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2024.csv")  # 6 contacts, 2 with e-mail, all with a URL
    manual = contacts.create_contact(
        {"first_name": "Ann", "stage": "prospect"}, fields={"email": [Labeled("a@example.com"), Labeled("b@example.com")]}
    )
    gone = contacts.create_contact({"first_name": "Gone", "stage": "prospect", "profile_url": "linkedin.com/in/gone"})
    contacts.trash_contacts([gone])
    contacts.add_tag([manual], "vip")
    contacts.add_tag([manual, gone], "old")
    group = GoalGroup.create(name="Hiring")
    GoalGroup.create(name="Empty")
    Membership.create(contact=manual, group=group)
    Membership.create(contact=gone, group=group)  # in the trash: not "placed"
    Invitation.create(direction="incoming", name="X", state="new")
    Invitation.create(direction="incoming", name="Y", state="new")
    Invitation.create(direction="outgoing", name="Z", state="accepted")
    intro = Introduction.create(contact=manual)
    Interaction.create(contact=manual, kind="call", occurred_at=dt.datetime(2024, 1, 1), introduction=intro)

    data = maintenance.stats()
    assert data["contacts"] == 7
    assert data["in_trash"] == 1
    assert data["with_email"] == 3  # Bruno, Émile, Ann (Ann's two addresses count once)
    assert data["with_profile_url"] == 6  # the trashed one is not counted
    assert data["by_stage"]["connected"] == 6 and data["by_stage"]["prospect"] == 1
    assert sum(data["by_stage"].values()) == 7
    assert data["by_source"] == {"linkedin": 6, "manual": 1}
    assert (data["tags"], data["groups"], data["placed_contacts"]) == (2, 2, 1)
    assert data["invitations"] == {"accepted": 1, "new": 2}
    assert (data["introductions"], data["interactions"], data["imports"]) == (1, 1, 1)


def test_check_is_ok_on_a_healthy_network(db, backend: str, linkedin_dir: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2024.csv")
    contacts.add_tag([1, 2], "x")
    result = maintenance.check()
    assert result.ok, result.problems
    assert result.problems == []
    integrity = "database file integrity" if backend == "sqlite" else "database integrity and references (kept by the server)"
    assert integrity in result.checked and "search index" in result.checked


def test_check_finds_a_contact_missing_from_the_search_index(db) -> None:
    cid = contacts.create_contact({"first_name": "Ann"})
    db.execute_sql("DELETE FROM contact_search WHERE rowid = ?", (cid,))
    result = maintenance.check()
    assert not result.ok
    assert any("search index" in p and "1 contacts" in p for p in result.problems)


def test_check_finds_broken_references(file_db) -> None:
    db = file_db  # the network file itself: SQLite's checks and its backup
    cid = contacts.create_contact({"first_name": "Ann"}, fields={"email": [Labeled("a@example.com")]})
    db.execute_sql("PRAGMA foreign_keys = OFF")
    db.execute_sql("DELETE FROM contact WHERE id = ?", (cid,))
    db.execute_sql("PRAGMA foreign_keys = ON")
    result = maintenance.check()
    assert not result.ok
    assert any("contact_field" in p and "missing contact" in p for p in result.problems)


def test_check_finds_a_wrong_schema_version(db) -> None:
    db.execute_sql("DELETE FROM schema_version")
    db.execute_sql(
        "INSERT INTO schema_version (version, applied_at) VALUES (?, '2020-01-01 00:00:00')", (SCHEMA_VERSION + 5,)
    )
    result = maintenance.check()
    assert any("schema version" in p for p in result.problems)


def _rows(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT id, full_name, company FROM contact ORDER BY id").fetchall()
    finally:
        con.close()


def test_backup_to_a_file_is_a_readable_copy(file_db, db_path: Path, linkedin_dir: Path, tmp_path: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2024.csv")
    # Still in the WAL file, not yet in the main file: the backup must include it anyway.
    contacts.create_contact({"first_name": "Latest"})
    target = tmp_path / "copy.db"
    assert maintenance.backup(target) == target
    assert _rows(target) == _rows(db_path)
    assert len(_rows(target)) == 7
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    assert not list(tmp_path.glob("*.part"))
    close_database()
    open_database(target)  # the copy is a network the app opens
    try:
        assert Contact.select().count() == 7
        assert maintenance.check().ok
        assert contacts.query_contact_ids(contacts.ContactQuery(text="latest")) != []
    finally:
        close_database()


def test_backup_into_a_folder_and_by_default(file_db, db_path: Path, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Ann"})
    folder = tmp_path / "safe"
    folder.mkdir()
    in_folder = maintenance.backup(folder)
    assert in_folder.parent == folder and in_folder.name.startswith("net-") and in_folder.suffix == ".db"
    default = maintenance.backup()
    assert default.parent == db_path.parent / "backups"
    assert default.name.startswith("net-") and default.suffix == ".db"
    for copy in (in_folder, default):
        assert _rows(copy) == _rows(db_path)


def test_backup_overwrites_an_older_backup(file_db, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "copy.db"
    contacts.create_contact({"first_name": "Ann"})
    maintenance.backup(target)
    contacts.create_contact({"first_name": "Bob"})
    maintenance.backup(target)
    assert [name for _, name, _ in _rows(target)] == ["Ann", "Bob"]
