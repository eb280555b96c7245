"""The command line when the environment is in the way: a full disk, a damaged or read-only network, files that
cannot be read or written. Each is made for real, and each ends in one plain sentence with exit status 1.
Also: the log and the crash file it leaves behind, and that a window's lock never blocks it."""

from __future__ import annotations

import csv
import json
import os
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from test_cli import BAD, LINKEDIN, Cli, dump

CONNECTIONS = LINKEDIN / "connections_2024.csv"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli.ok("import", CONNECTIONS)
    return cli


def log_folder(cli: Cli) -> Path:
    return Path(cli.env["XDG_STATE_HOME"]) / "linkorganizer" / "log"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def as_ordinary_user(command: list[str]) -> list[str]:
    """*command*, run without root's power to read and write any file (so file modes mean what they say)."""
    if os.geteuid() != 0:
        return command
    capsh = shutil.which("capsh")
    if capsh is None:
        if os.environ.get("CI"):  # CI installs it (.ci/run): there the check must run
            pytest.fail("capsh is missing (Debian package libcap2-bin)")
        pytest.skip("running as root, which ignores file modes, and capsh (to give up that power) is missing")
    return [capsh, "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", shlex.join(command)]


def run(cli: Cli, command: list[str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command, capture_output=True, text=True, encoding="utf-8", env=cli.env, cwd=cli.tmp, timeout=120
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def python_with(cli: Cli, script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True, text=True, encoding="utf-8", env=cli.env, cwd=cli.tmp, timeout=120,
    )


# --------------------------------------------------------------------------------------------------- the log


def test_the_log_is_private_and_names_nobody(seeded: Cli) -> None:
    seeded.ok("export", seeded.tmp / "out.vcf", "--format", "vcard")
    seeded.ok("backup")
    folder = log_folder(seeded)
    log = folder / "linkorganizer.log"
    if os.name == "posix":
        assert mode(folder) == 0o700
        assert mode(log) == 0o600 and mode(folder / "crash.log") == 0o600
    text = log.read_text(encoding="utf-8")
    for area in ("db", "core", "formats", "cli"):
        assert f" linkorganizer.{area} " in text, area
    assert "backup written (" in text
    assert "import started (format auto)" in text
    assert "import finished (format linkedin): " in text
    assert "export finished (format vcard): " in text
    assert "command export ended with exit status 0" in text
    with CONNECTIONS.open(encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[3:]
    names = {cell for row in rows for cell in row[:2] if len(cell) > 2}
    assert names and not [name for name in names if name in text]
    assert "connections_2024" not in text and "out.vcf" not in text


def test_a_refusal_is_logged(cli: Cli) -> None:
    result = cli("import", BAD / "not_linkedin.csv", "--format", "linkedin")
    assert result.returncode == 1
    text = (log_folder(cli) / "linkorganizer.log").read_text(encoding="utf-8")
    assert "import refused (format linkedin)" in text
    assert "command import ended with exit status 1" in text


def test_a_hard_crash_leaves_a_trace_in_the_crash_file(cli: Cli) -> None:
    # The real command line, with a command that takes the interpreter down the way a crash in C code does.
    result = python_with(cli, """
        import faulthandler, sys
        from linkorganizer import cli
        cli.COMMAND_HANDLERS["stats"] = lambda args: faulthandler._sigsegv()
        sys.exit(cli.run(["stats"]))
    """)
    assert result.returncode != 0
    crash = (log_folder(cli) / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash
    assert "in run" in crash  # the Python stack of the crash, down to the command line's run()
    again = cli.ok("stats")  # the next run notes that the last one crashed
    assert again.returncode == 0
    assert "an earlier run crashed" in (log_folder(cli) / "linkorganizer.log").read_text(encoding="utf-8")


def test_an_unwritable_log_folder_does_not_stop_a_command(cli: Cli) -> None:
    state = Path(cli.env["XDG_STATE_HOME"])
    state.parent.mkdir(parents=True, exist_ok=True)
    state.write_text("a file where the folder would be")
    cli.ok("import", CONNECTIONS)


# ------------------------------------------------------------------------------------------ the environment


def test_a_full_disk_is_a_plain_message(seeded: Cli) -> None:
    before = dump(seeded.db)
    many = seeded.tmp / "many.csv"
    with many.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"])
        for i in range(2000):
            out.writerow([f"P{i}", f"Q{i}", f"https://www.linkedin.com/in/p{i}", "", "Co", "Role " * 20, "08 Aug 2012"])
    # SQLite's own SQLITE_FULL: the network may not grow by a single page, as on a disk with no space left.
    result = python_with(seeded, f"""
        import sys
        from linkorganizer import cli
        from linkorganizer.db import connection
        pages = {sqlite3.connect(seeded.db).execute("PRAGMA page_count").fetchone()[0]}
        connection.CONNECTION_PRAGMAS["max_page_count"] = pages
        sys.exit(cli.run(["import", {str(many)!r}]))
    """)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"linkorganizer: {seeded.db}: the disk is full; free some space and try again\n"
    assert dump(seeded.db) == before


def test_a_damaged_network_is_a_plain_message(seeded: Cli) -> None:
    data = bytearray(seeded.db.read_bytes())
    data[100:4096] = b"\x55" * (4096 - 100)
    seeded.db.write_bytes(bytes(data))
    result = seeded("stats")
    assert result.returncode == 1
    assert result.stderr == f"linkorganizer: Cannot open {seeded.db}: the database file is damaged; restore a backup\n"


def test_a_folder_as_the_network_is_a_plain_message(cli: Cli) -> None:
    folder = cli.tmp / "folder.db"
    folder.mkdir()
    result = cli("--db", folder, "stats")
    assert result.returncode == 1
    assert result.stderr == (
        f"linkorganizer: Cannot open {folder}: the file cannot be opened; "
        "check that its folder exists and that you may write to it\n"
    )


def test_a_read_only_network_is_a_plain_message(seeded: Cli) -> None:
    before = dump(seeded.db)
    seeded.db.chmod(0o444)
    try:
        result = run(seeded, as_ordinary_user([sys.executable, "-m", "linkorganizer", "import", str(CONNECTIONS)]))
    finally:
        seeded.db.chmod(0o644)
    assert result.returncode == 1
    assert result.stderr.startswith("linkorganizer: ") and str(seeded.db) in result.stderr
    assert "the database file is read-only; check its permissions" in result.stderr
    assert dump(seeded.db) == before


def test_a_read_only_network_with_old_history_still_opens_unchanged(cli: Cli) -> None:
    """Forgetting old undo history is upkeep: a network that cannot be written keeps it, and opens."""
    made = python_with(
        cli,
        f"""
        import sqlite3
        from linkorganizer.core import contacts
        from linkorganizer.core.network import HISTORY_CHANGES, Network
        network = Network.open({str(cli.db)!r})
        for n in range(HISTORY_CHANGES + 5):
            with network.op(f"Add {{n}}"):
                contacts.create_contact({{"first_name": f"P{{n}}"}})
        network.close()
        con = sqlite3.connect({str(cli.db)!r})
        con.execute("UPDATE op SET created_at = '2020-01-01 00:00:00'")
        con.commit()
        con.close()
        """,
    )
    assert made.returncode == 0, made.stderr
    before = cli.db.read_bytes()
    cli.db.chmod(0o444)
    try:
        result = run(cli, as_ordinary_user([sys.executable, "-m", "linkorganizer", "stats", "--json"]))
    finally:
        cli.db.chmod(0o644)
    assert result.returncode == 0, result.stderr
    assert cli.db.read_bytes() == before
    cli.ok("stats")  # writable again: the next open forgets the five oldest changes
    with sqlite3.connect(cli.db) as con:
        assert con.execute("SELECT count(*) FROM op WHERE title IN ('Add 0', 'Add 4')").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM op").fetchone() == (200,)


def test_an_unreadable_file_to_import_is_named(cli: Cli) -> None:
    secret = cli.tmp / "secret.csv"
    shutil.copyfile(CONNECTIONS, secret)
    secret.chmod(0)
    result = run(cli, as_ordinary_user([sys.executable, "-m", "linkorganizer", "import", str(secret)]))
    assert result.returncode == 1
    assert result.stderr == f"linkorganizer: {secret}: cannot be read: permission denied. Nothing was imported.\n"


@pytest.mark.parametrize(("name", "reason"), [("a-folder", "is a folder, not a file"), ("missing.csv", "no such file")])
def test_a_file_to_import_that_is_not_a_file_is_named(cli: Cli, name: str, reason: str) -> None:
    (cli.tmp / "a-folder").mkdir()
    result = cli("import", cli.tmp / name)
    assert result.returncode == 1
    assert result.stderr == f"linkorganizer: {cli.tmp / name}: {reason}. Nothing was imported.\n"


@pytest.mark.parametrize(
    ("name", "reason"), [("a-folder", "is a folder, not a file"), ("no/such/out.csv", "its folder does not exist")]
)
def test_an_export_that_cannot_be_written_names_the_file(seeded: Cli, name: str, reason: str) -> None:
    (seeded.tmp / "a-folder").mkdir()
    result = seeded("export", seeded.tmp / name, "--format", "csv")
    assert result.returncode == 1
    assert result.stderr == f"linkorganizer: {seeded.tmp / name}: {reason}. Nothing was written.\n"
    assert list(seeded.tmp.rglob("*.part")) == []


def test_an_export_into_a_folder_without_write_permission_is_named(seeded: Cli) -> None:
    closed = seeded.tmp / "closed"
    closed.mkdir()
    closed.chmod(0o555)
    out = closed / "out.csv"
    try:
        result = run(
            seeded, as_ordinary_user([sys.executable, "-m", "linkorganizer", "export", str(out), "--format", "csv"])
        )
    finally:
        closed.chmod(0o755)
    assert result.returncode == 1
    assert result.stderr == f"linkorganizer: {out}: cannot be written: permission denied. Nothing was written.\n"


def test_a_window_lock_does_not_block_the_command_line(seeded: Cli) -> None:
    """Backups and exports while the app has the network open must keep working."""
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(seeded.db) + ".lock")
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    try:
        seeded.ok("backup", seeded.tmp / "copy.db")
        seeded.ok("export", seeded.tmp / "out.json", "--format", "json")
        seeded.ok("import", LINKEDIN / "connections_2018.csv")
    finally:
        lock.unlock()
    assert (seeded.tmp / "copy.db").is_file() and (seeded.tmp / "out.json").is_file()


# ------------------------------------------------------------------------------ what the exit status says


def test_a_console_that_cannot_show_an_arrow_still_gets_the_report_and_exit_0(cli: Cli) -> None:
    cli.ok("import", LINKEDIN / "connections_2022.csv")
    env = {**cli.env, "PYTHONIOENCODING": "cp1252"}
    result = cli("import", CONNECTIONS, env=env)
    assert result.returncode == 0, result.stderr
    assert "1 job change:" in result.stdout and " ? " in result.stdout  # "→" could not be shown; "?" stands in


INTERRUPT_AT = """
import sys
from linkorganizer import cli
from linkorganizer.core import importing

def interrupt(*args, **kwargs):
    raise KeyboardInterrupt
setattr({owner}, {name!r}, interrupt)
sys.exit(cli.run(sys.argv[1:]))
"""


def interrupted_import(cli: Cli, owner: str, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", INTERRUPT_AT.format(owner=owner, name=name), "import", str(CONNECTIONS)],
        capture_output=True, text=True, encoding="utf-8", env=cli.env, cwd=cli.tmp, timeout=120,
    )


def test_ctrl_c_after_the_commit_says_the_import_is_in_and_exits_0(cli: Cli) -> None:
    # The interrupt arrives while the report is printed: the import was committed a moment before.
    result = interrupted_import(cli, "importing.ImportReport", "summary_lines")
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("linkorganizer: interrupted after the change was saved (Import ")
    assert json.loads(cli.ok("stats", "--json").stdout)["contacts"] == 6


def test_ctrl_c_before_the_commit_changes_nothing_and_exits_130(cli: Cli) -> None:
    cli.ok("import", LINKEDIN / "connections_2022.csv")
    before = dump(cli.db)
    result = interrupted_import(cli, "importing.Importer", "_finish")
    assert "Traceback" not in result.stderr
    assert result.returncode == 130
    assert result.stderr == "linkorganizer: interrupted; nothing was changed by the unfinished command.\n"
    assert dump(cli.db) == before


# ------------------------------------------------------------------------ inputs that used to end in a traceback


def test_a_file_name_that_is_not_utf_8_imports_and_is_listed(cli: Cli) -> None:
    if sys.platform == "darwin":
        pytest.skip("macOS file systems refuse names that are not UTF-8")
    odd = os.fsencode(cli.tmp) + b"/con\xffnections.csv"
    shutil.copyfile(CONNECTIONS, odd)
    result = cli("import", os.fsdecode(odd))
    assert result.returncode == 0, result.stderr
    history = json.loads(cli.ok("history", "--json").stdout)
    assert history[0]["file"] == "con\ufffdnections.csv" and history[0]["created"] == 6


def test_a_named_pipe_is_refused_at_once_instead_of_waiting_forever(cli: Cli) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    pipe = cli.tmp / "Connections.csv"
    os.mkfifo(pipe)
    result = cli("import", pipe)  # the runner's timeout would fail a hang
    assert result.returncode == 1
    assert result.stderr == (
        f"linkorganizer: {pipe}: is a pipe or a device, not a file; save the export as a file. Nothing was imported.\n"
    )


def test_a_damaged_search_index_is_named_and_repaired_from_the_contacts(seeded: Cli) -> None:
    con = sqlite3.connect(seeded.db)
    con.execute("DELETE FROM contact_search_data WHERE id > 1")  # the index's own pages, gone
    con.commit()
    con.close()
    checked = seeded("check")
    assert checked.returncode == 1
    assert "problem: search index: damaged (" in checked.stderr
    assert "the contacts are intact; `linkorganizer check --repair` rebuilds the search index." in checked.stderr
    repaired = seeded("check", "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert "Rebuilt the search index from the contacts (6 indexed)." in repaired.stdout
    assert seeded.ok("check").stdout.endswith("No problems found.\n")
    found = python_with(
        seeded,
        f"""
        from linkorganizer.core import contacts
        from linkorganizer.core.network import Network
        Network.open({str(seeded.db)!r})
        print(len(contacts.query_contact_ids(contacts.ContactQuery(text="Quill"))))
        """,
    )
    assert found.stdout.strip() == "1", found.stderr


def test_an_unreadable_extra_value_is_exported_as_it_is_not_a_traceback(seeded: Cli) -> None:
    con = sqlite3.connect(seeded.db)
    con.execute("UPDATE contact SET extra = '{not json' WHERE id = (SELECT min(id) FROM contact)")
    con.commit()
    con.close()
    for fmt in ("json", "csv", "vcard", "google", "outlook"):
        seeded.ok("export", seeded.tmp / f"out.{fmt}", "--format", fmt)
    archive = json.loads((seeded.tmp / "out.json").read_text(encoding="utf-8"))
    assert archive["contacts"][0]["extra"] == {"unreadable": "{not json"}


# ------------------------------------------------------------------------------------ where the network lives


def test_a_network_in_a_read_only_folder_can_be_read_exported_and_checked(seeded: Cli) -> None:
    folder = seeded.tmp / "shared"
    folder.mkdir()
    network = folder / "net.db"
    seeded.ok("backup", network)  # a complete copy, no -wal beside it
    before = network.read_bytes()
    folder.chmod(0o555)
    try:
        def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
            return run(seeded, as_ordinary_user([sys.executable, "-m", "linkorganizer", "--db", str(network), *map(str, args)]))

        exported = cli("export", seeded.tmp / "out.csv", "--format", "csv")
        checked = cli("check")
        stats = cli("stats", "--json")
        refused = cli("import", LINKEDIN / "connections_2022.csv")
    finally:
        folder.chmod(0o755)
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == f"Exported 6 contacts to {seeded.tmp / 'out.csv'} (csv).\n"
    assert checked.returncode == 0 and checked.stdout.endswith("No problems found.\n"), checked.stderr
    assert "counted only: the network cannot be written here" in checked.stdout
    assert stats.returncode == 0 and json.loads(stats.stdout)["contacts"] == 6
    assert refused.returncode == 1 and "read-only" in refused.stderr
    assert network.read_bytes() == before and sorted(p.name for p in folder.iterdir()) == ["net.db"]


def test_an_empty_file_is_refused_not_made_into_a_new_network(cli: Cli) -> None:
    empty = cli.tmp / "network.db"
    empty.write_bytes(b"")
    os.utime(empty, (time.time() - 60, time.time() - 60))  # there for a minute: not a network being created
    result = cli("--db", empty, "stats")
    assert result.returncode == 1
    assert result.stderr.startswith(f"linkorganizer: {empty} is an empty file (0 bytes), not a LinkOrganizer network.")
    assert empty.read_bytes() == b"" and sorted(p.name for p in cli.tmp.iterdir()) == ["home", "network.db"]


def test_many_processes_creating_one_new_network_at_once_all_succeed(cli: Cli) -> None:
    network = cli.tmp / "new.db"
    command = [sys.executable, "-m", "linkorganizer", "--db", str(network), "stats", "--json"]
    started = [
        subprocess.Popen(command, env=cli.env, cwd=cli.tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(24)
    ]
    results = [(p.wait(timeout=120), p.stdout.read(), p.stderr.read()) for p in started]
    for p in started:
        p.stdout.close()
        p.stderr.close()
    failed = [err for code, _out, err in results if code != 0]
    assert not failed, failed[:3]
    assert all(json.loads(out)["contacts"] == 0 for _code, out, _err in results)
    assert cli.ok("--db", network, "check").returncode == 0
