"""Snapshots of a network: what they hold, when they are taken and kept, and restoring one (real files)."""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
from pathlib import Path

import pytest

from linkorganizer import paths
from linkorganizer.core import contacts, settings, snapshots
from linkorganizer.core.network import DatabaseError, Network
from linkorganizer.db import SCHEMA_VERSION, close_database
from linkorganizer.formats import registry

from tests.unit.conftest import LINKEDIN, dump_database
from test_db import build_v1_database, table_rows, v1_user_columns


@pytest.fixture
def network(tmp_path: Path):
    opened = Network.open(tmp_path / "net.db")
    yield opened
    close_database()


def count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        con.close()


def test_an_empty_network_is_not_snapshotted(network: Network) -> None:
    assert snapshots.take(network, snapshots.EMPTY_TRASH) is None
    assert snapshots.daily(network) is None
    assert snapshots.list_snapshots(network.path) == []


def test_a_snapshot_holds_what_was_committed_when_it_was_taken(network: Network) -> None:
    contacts.create_contact({"first_name": "Ada"})
    with network.op("Add Bob"):
        contacts.create_contact({"first_name": "Bob"})
        # Taken by mistake inside an operation: it holds what was committed, never half of a change.
        inside = snapshots.take(network, snapshots.MERGE)
    after = snapshots.take(network, snapshots.DELETE_FOREVER)
    assert inside is not None and after is not None
    assert (inside.contacts, count(inside.path)) == (1, 1)
    assert (after.contacts, count(after.path)) == (2, 2)
    assert [s.description for s in snapshots.list_snapshots(network.path)] == [
        "before deleting for ever",
        "before a merge",
    ]
    description = json.loads(after.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert description["reason"] == "delete-forever" and description["contacts"] == 2
    assert description["schema_version"] == SCHEMA_VERSION and description["network"] == str(network.path.resolve())


def test_every_import_is_snapshotted_first_in_one_place(network: Network) -> None:
    registry.import_file(LINKEDIN / "connections_2024.csv", network=network)  # into an empty network: no snapshot
    registry.import_file(LINKEDIN / "connections_2018.csv", network=network)
    registry.import_file(LINKEDIN / "connections_2022.csv", dry_run=True, network=network)  # writes nothing
    found = snapshots.list_snapshots(network.path)
    assert [(s.reason, s.detail, s.contacts) for s in found] == [("import", "LinkedIn connections", 6)]


def test_daily_is_once_a_day(network: Network) -> None:
    contacts.create_contact({"first_name": "Ada"})
    first = snapshots.daily(network)
    assert first is not None and first.kind == "daily"
    assert snapshots.daily(network) is None
    tomorrow = _dt.datetime.now(_dt.UTC) + _dt.timedelta(days=1)
    assert snapshots.daily(network, now=tomorrow) is not None


def test_rotation_keeps_the_last_events_the_last_days_and_the_upgrade_copy(network: Network) -> None:
    contacts.create_contact({"first_name": "Ada"})
    settings.set_setting(settings.SNAPSHOTS_KEEP_EVENTS, 3)
    settings.set_setting(settings.SNAPSHOTS_KEEP_DAILY, 1)
    upgrade = snapshots.take_file(network.path, snapshots.UPGRADE, "schema 1")
    snapshots.take_file(network.path, snapshots.DAILY, kind="daily")
    for _ in range(5):
        snapshots.take(network, snapshots.IMPORT)
    snapshots.take_file(network.path, snapshots.DAILY, kind="daily")
    found = snapshots.list_snapshots(network.path)
    assert [s.reason for s in found] == ["daily", "import", "import", "import", "upgrade"]
    assert upgrade is not None and upgrade.id in {s.id for s in found}
    files = sorted(p.name for p in snapshots.folder_for(network.path).iterdir())
    assert files == sorted(f"{s.id}{suffix}" for s in found for suffix in (".db", ".json"))


def test_a_snapshot_that_cannot_be_written_does_not_stop_the_change(network: Network, monkeypatch) -> None:
    contacts.create_contact({"first_name": "Ada"})
    blocked = network.path.parent / "not-a-folder"
    blocked.write_text("a file where the data folder would be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    assert snapshots.take(network, snapshots.IMPORT) is None
    with pytest.raises(snapshots.SnapshotError, match="Cannot create the snapshot folder"):
        snapshots.take(network, snapshots.RESTORE, required=True)


def test_an_upgrade_is_snapshotted_instead_of_a_copy_beside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "network.db"
    build_v1_database(path)
    columns = v1_user_columns(path)
    rows_before = table_rows(path, columns)
    Network.open(path)
    close_database()
    assert not list(tmp_path.glob("*.bak"))
    (snapshot,) = snapshots.list_snapshots(path)
    assert (snapshot.reason, snapshot.detail, snapshot.schema_version) == ("upgrade", "schema 1", 1)
    assert snapshot.description == "before a schema upgrade (schema 1)"
    assert table_rows(snapshot.path, columns) == rows_before


def test_no_upgrade_without_its_snapshot(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "network.db"
    build_v1_database(path)
    before = dump_database(path)
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder would be")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocked))
    with pytest.raises(DatabaseError, match="Cannot create the snapshot folder"):
        Network.open(path)
    assert dump_database(path) == before


def test_restoring_an_older_snapshot_upgrades_it(tmp_path: Path) -> None:
    old = tmp_path / "network.db"
    build_v1_database(old)
    network = Network.open(old)  # upgraded, its version-1 self kept as a snapshot
    try:
        (v1,) = snapshots.list_snapshots(old)
        contacts.create_contact({"first_name": "Later"})
        done = snapshots.restore(network, v1)
        assert done.contacts == 1 and done.before is not None and done.before.contacts == 2
        assert network.db.execute_sql("SELECT max(version) FROM schema_version").fetchone()[0] == SCHEMA_VERSION
        assert contacts.query_contact_ids(contacts.ContactQuery(text="lefevre")) == [1]
        assert contacts.query_contact_ids(contacts.ContactQuery(text="later")) == []
        # The undo log works on the restored network.
        with network.op("Add Zoë") as op:
            contacts.create_contact({"first_name": "Zoë"})
        network.undo(op.id)
        assert contacts.query_contact_ids(contacts.ContactQuery(text="zoë")) == []
    finally:
        close_database()


def test_restore_refuses_the_network_itself_and_a_file_that_is_not_one(network: Network, tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Ada"})
    with pytest.raises(snapshots.SnapshotError, match="is the network itself"):
        snapshots.restore(network, str(network.path))
    other = tmp_path / "notes.db"
    sqlite3.connect(other).execute("CREATE TABLE note (x)").connection.close()
    with pytest.raises(snapshots.SnapshotError, match="is not a LinkOrganizer network"):
        snapshots.restore(network, str(other))
    text = tmp_path / "notes.txt"
    text.write_text("hello " * 1000)
    with pytest.raises(snapshots.SnapshotError, match="not a LinkOrganizer network"):
        snapshots.restore(network, str(text))
    assert snapshots.list_snapshots(network.path) == []  # refused before anything was taken


def test_stale_parts_of_dead_processes_go_and_live_ones_stay(tmp_path: Path) -> None:
    import subprocess
    import sys

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".out.csv.{dead_pid}.part"
    live = tmp_path / f".out.csv.{os.getpid()}.part"
    unrelated = tmp_path / ".out.csv.part"
    for path in (stale, live, unrelated):
        path.write_text("x")
    assert paths.remove_stale_parts(tmp_path, "out.csv") == [stale]
    assert live.exists() and unrelated.exists()

