"""Snapshots, restore and checked backups, as a user runs them: the real command line in a subprocess, real files,
their modes as the file system reports them."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from test_cli import LINKEDIN, Cli

CONNECTIONS = LINKEDIN / "connections_2024.csv"
posix_only = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli.ok("import", CONNECTIONS)
    return cli


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def listed(cli: Cli) -> list[dict]:
    return json.loads(cli.ok("snapshots", "--json").stdout)


def contacts_in(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM contact WHERE deleted_at IS NULL").fetchone()[0]
    finally:
        con.close()


def data_home(cli: Cli) -> Path:
    return Path(cli.env["XDG_DATA_HOME"]) / "linkorganizer"


def damage_an_index(path: Path) -> None:
    """Overwrite one index page: the network still opens and answers, SQLite's integrity check finds it."""
    con = sqlite3.connect(path)
    try:
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = 'interaction_contact_id'").fetchone()[0]
    finally:
        con.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * page_size)


# ----------------------------------------------------------------------------------------------- snapshots


def test_an_import_is_snapshotted_first_and_the_day_once(seeded: Cli) -> None:
    # The first import went into an empty network: nothing to keep, so no snapshot of it.
    first = listed(seeded)
    assert [s["reason"] for s in first] == ["daily"]  # taken after that import, when the next command opened it
    seeded.ok("import", LINKEDIN / "connections_2022.csv")
    seeded.ok("stats")
    found = listed(seeded)
    assert [s["reason"] for s in found] == ["import", "daily"]  # one daily snapshot a day, however many runs
    before_import = found[0]
    assert before_import["contacts"] == 6 and before_import["description"] == "before an import (LinkedIn connections)"
    assert contacts_in(Path(before_import["path"])) == 6
    text = seeded.ok("snapshots").stdout
    assert f"{before_import['id']}  " in text and "6 contacts  before an import (LinkedIn connections)" in text


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_snapshots_are_private_and_kept_per_network(seeded: Cli) -> None:
    seeded.ok("import", LINKEDIN / "connections_2022.csv")
    other = seeded.tmp / "elsewhere" / "net.db"  # the same file name, another network
    seeded.ok("--db", other, "import", CONNECTIONS)
    seeded.ok("--db", other, "stats")
    ours, theirs = listed(seeded), json.loads(seeded.ok("--db", other, "snapshots", "--json").stdout)
    assert Path(ours[0]["path"]).parent != Path(theirs[0]["path"]).parent
    root = data_home(seeded)
    for folder in (root, root / "snapshots", Path(ours[0]["path"]).parent):
        assert mode(folder) == 0o700, folder
    for snapshot in ours + theirs:
        path = Path(snapshot["path"])
        assert mode(path) == 0o600 and mode(path.with_suffix(".json")) == 0o600
        assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()  # one file each


def test_snapshots_are_rotated_by_the_network_settings(seeded: Cli) -> None:
    con = sqlite3.connect(seeded.db)
    con.execute("INSERT INTO setting (key, value) VALUES ('snapshots_keep_events', '2')")
    con.commit()
    con.close()
    for name in ("connections_2018.csv", "connections_2022.csv", "connections_excel.csv", "connections_2024.csv"):
        seeded.ok("import", LINKEDIN / name)
    found = listed(seeded)
    assert [s["reason"] for s in found] == ["import", "import", "daily"]
    folder = Path(found[0]["path"]).parent
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        name for s in found for name in (f"{s['id']}.db", f"{s['id']}.json")
    )


# ------------------------------------------------------------------------------------------------- restore


def test_restore_goes_back_and_can_itself_be_taken_back(seeded: Cli) -> None:
    seeded.ok("import", LINKEDIN / "connections_2018.csv")
    after = contacts_in(seeded.db)
    assert after > 6
    before_import = listed(seeded)[0]
    result = seeded.ok("restore", before_import["id"])
    assert f"Restored snapshot {before_import['id']} (" in result.stdout
    assert "before an import (LinkedIn connections)): the network holds 6 contacts." in result.stdout
    assert contacts_in(seeded.db) == 6
    assert "No problems found." in seeded.ok("check").stdout
    undo = listed(seeded)[0]
    assert undo["reason"] == "restore" and undo["contacts"] == after
    assert f"linkorganizer restore {undo['id']}" in result.stdout
    seeded.ok("restore", undo["id"])
    assert contacts_in(seeded.db) == after
    # By path too, and from a backup file.
    backup = seeded.tmp / "copy.db"
    seeded.ok("backup", backup)
    seeded.ok("restore", Path(before_import["path"]))
    assert contacts_in(seeded.db) == 6
    assert f"Restored {backup}: the network holds {after} contacts." in seeded.ok("restore", backup).stdout


def test_restore_refuses_a_damaged_snapshot_and_changes_nothing(seeded: Cli) -> None:
    seeded.ok("import", LINKEDIN / "connections_2018.csv")
    snapshot = listed(seeded)[0]
    damage_an_index(Path(snapshot["path"]))
    before = seeded.db.read_bytes()
    result = seeded("restore", snapshot["id"])
    assert result.returncode == 1
    assert result.stderr.startswith(f"linkorganizer: {snapshot['path']} is damaged (")
    assert result.stderr.endswith("choose another snapshot. Nothing was changed.\n")
    assert seeded.db.read_bytes() == before


def test_restore_refuses_a_snapshot_of_a_newer_schema(seeded: Cli) -> None:
    newer = seeded.tmp / "newer.db"
    seeded.ok("backup", newer)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO schema_version (version, applied_at) VALUES (999, '2030-01-01 00:00:00')")
    con.commit()
    con.close()
    result = seeded("restore", newer)
    assert result.returncode == 1
    assert result.stderr == (
        f"linkorganizer: {newer} was written by a newer LinkOrganizer (schema 999; this version reads up to "
        f"{stats_schema(seeded)}). Update LinkOrganizer to restore it. Nothing was changed.\n"
    )


def stats_schema(cli: Cli) -> int:
    return json.loads(cli.ok("stats", "--json").stdout)["schema_version"]


def test_restore_refuses_while_a_window_has_the_network_open(seeded: Cli) -> None:
    from PySide6.QtCore import QLockFile

    seeded.ok("import", LINKEDIN / "connections_2018.csv")
    snapshot = listed(seeded)[0]
    lock = QLockFile(str(seeded.db.resolve()) + ".lock")
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    try:
        result = seeded("restore", snapshot["id"])
    finally:
        lock.unlock()
    assert result.returncode == 1
    assert result.stderr == (
        f"linkorganizer: {seeded.db} is open in a LinkOrganizer window. Close that window (or restore from its File "
        "menu), then try again. Nothing was changed.\n"
    )
    assert contacts_in(seeded.db) > 6
    seeded.ok("restore", snapshot["id"])  # once the window is gone
    assert contacts_in(seeded.db) == 6


def test_a_damaged_network_can_be_restored_and_is_kept_as_it_was(seeded: Cli) -> None:
    backup = seeded.tmp / "copy.db"
    seeded.ok("backup", backup)
    damage_an_index(seeded.db)
    result = seeded.ok("restore", backup)
    assert "the network holds 6 contacts" in result.stdout
    assert "No problems found." in seeded.ok("check").stdout
    kept = [s for s in listed(seeded) if s["reason"] == "restore"]
    assert [s["detail"] for s in kept] == ["damaged, kept as it was"]
    assert Path(kept[0]["path"]).read_bytes()[:16] == b"SQLite format 3\x00"  # page for page, damage and all


# -------------------------------------------------------------------------------------------------- backup


def test_backup_checks_the_copy_and_says_so(seeded: Cli) -> None:
    target = seeded.tmp / "copy.db"
    result = seeded.ok("backup", target)
    assert result.stdout == f"Backed up to {target} (checked: 6 contacts, integrity ok)\n"


def test_backup_refuses_a_damaged_network(seeded: Cli) -> None:
    damage_an_index(seeded.db)
    assert seeded.ok("stats").stdout.startswith("6 contacts")  # it still opens and answers
    target = seeded.tmp / "copy.db"
    result = seeded("backup", target)
    assert result.returncode == 1
    assert result.stderr.startswith(f"linkorganizer: {seeded.db} is damaged (")
    assert result.stderr.endswith("No backup was written.\n")
    assert not target.exists() and not list(seeded.tmp.glob(".copy.db.*"))


# -------------------------------------------------------------------------------------------- private files


@pytest.fixture
def usual_umask():
    """The umask most desktops have (022): what the app creates must be private whatever it is."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_every_file_the_command_line_writes_is_private(cli: Cli) -> None:
    cli.db = cli.tmp / "new" / "folder" / "net.db"
    cli.ok("--db", cli.db, "import", CONNECTIONS)
    cli.ok("--db", cli.db, "import", LINKEDIN / "connections_2018.csv")
    for folder in (cli.tmp / "new", cli.tmp / "new" / "folder"):
        assert mode(folder) == 0o700
    # While a connection is open the -wal and -shm files exist: they are as private as the database.
    held = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            from linkorganizer.core.network import Network
            from linkorganizer.core import contacts
            Network.open({str(cli.db)!r})
            contacts.create_contact({{"first_name": "Held"}})
            print("open", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=cli.env,
    )  # fmt: skip
    try:
        assert held.stdout.readline().strip() == "open"
        for name in ("net.db", "net.db-wal", "net.db-shm"):
            assert mode(cli.db.parent / name) == 0o600, name
    finally:
        held.communicate("\n", timeout=60)
    out = cli.tmp / "out.csv"
    cli.ok("--db", cli.db, "export", out, "--format", "csv")
    backup = cli.ok("--db", cli.db, "backup").stdout.split(" (checked")[0].removeprefix("Backed up to ")
    assert mode(out) == 0o600 and mode(Path(backup)) == 0o600 and mode(Path(backup).parent) == 0o700


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_an_older_world_readable_network_is_narrowed(cli: Cli) -> None:
    cli.ok("import", CONNECTIONS)
    cli.db.chmod(0o644)
    cli.ok("stats")
    assert mode(cli.db) == 0o600
    cli.db.chmod(0o444)  # read-only on purpose: stays read-only, only the others lose their access
    cli.ok("export", cli.tmp / "out.json", "--format", "json")
    assert mode(cli.db) == 0o400
    cli.db.chmod(0o600)
    # A file that is refused (not a network) is left exactly as it was, its mode too.
    other = cli.tmp / "notes.db"
    other.write_text("not a database " * 100)
    other.chmod(0o644)
    assert cli("--db", other, "stats").returncode == 1
    assert mode(other) == 0o644


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_a_killed_export_leaves_a_private_part_that_the_next_export_removes(seeded: Cli) -> None:
    out = seeded.tmp / "out.csv"
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            import os, signal
            from linkorganizer.formats.textio import atomic_write
            with atomic_write({str(out)!r}) as fh:
                fh.write("First Name,Last Name\\nAda,Lovelace\\n")
                fh.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        """)],
        env=seeded.env, capture_output=True, text=True,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL
    parts = list(seeded.tmp.glob(".out.csv.*.part"))
    assert len(parts) == 1 and mode(parts[0]) == 0o600 and not out.exists()
    seeded.ok("export", out, "--format", "csv")
    assert not list(seeded.tmp.glob(".out.csv.*.part"))
    assert mode(out) == 0o600


@posix_only
@pytest.mark.usefixtures("usual_umask")
def test_a_killed_backup_leaves_a_private_part_that_the_next_backup_removes(seeded: Cli) -> None:
    killed = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(f"""
            import os, signal
            from linkorganizer.core import maintenance, snapshots
            from linkorganizer.core.network import Network
            Network.open({str(seeded.db)!r})
            # Killed with the copy written and checked, just before it gets its name.
            snapshots._fsync = lambda path: os.kill(os.getpid(), signal.SIGKILL)
            maintenance.backup()
        """)],
        env=seeded.env, capture_output=True, text=True,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    folder = seeded.tmp / "backups"
    parts = list(folder.glob(".*.part"))
    assert len(parts) == 1 and mode(parts[0]) == 0o600
    assert contacts_in(parts[0]) == 6  # a copy full of contacts: the user's alone
    seeded.ok("backup")
    assert not list(folder.glob(".*.part"))
    assert [mode(p) for p in folder.glob("*.db")] == [0o600]
