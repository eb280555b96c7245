"""The command line as a user runs it: a subprocess, a real database file, exit codes, stdout and stderr."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
LINKEDIN = FIXTURES / "linkedin"
BAD = FIXTURES / "bad"
ERAS = ["connections_2018.csv", "connections_2022.csv", "connections_2024.csv", "connections_excel.csv"]

# A hand-written archive with a bit of everything the JSON format carries beyond LinkedIn's columns.
ARCHIVE = {
    "format": "linkorganizer",
    "version": 1,
    "contacts": [
        {
            "id": 1,
            "first_name": "Zoë",
            "last_name": "Martin",
            "company": "Atelier",
            "profile_url": "https://www.linkedin.com/in/zoe-martin",
            "emails": [{"label": "work", "value": "zoe@example.fr"}],
            "phones": [{"label": "mobile", "value": "+33 6 12 34 56 78"}],
            "birthday": "--03-22",
            "notes": "Met at the =SUM(A1) workshop\nsecond line",
            "tags": ["design"],
            "groups": ["Hiring"],
            "stage": "keep_in_touch",
            "cadence_days": 30,
        },
        {"id": 2, "first_name": "Sam", "last_name": "Lee", "company": "Acme", "groups": ["Hiring"]},
        {"id": 3, "first_name": "Nora", "last_name": "Quint"},
    ],
    "groups": [
        {
            "name": "Hiring",
            "purpose": "Find a design lead",
            "colour": "#123456",
            "position": 4,
            "slots": [{"role": "recruiter", "needed": 2}],
            "members": [{"contact": 1, "slot": "recruiter"}, {"contact": 2}],
        }
    ],
    "invitations": [
        {
            "id": 1,
            "direction": "incoming",
            "name": "Nora Quint",
            "message": "Hello",
            "sent_at": "2024-05-21 20:51:00",
            "state": "answered",
            "contact": 3,
            "events": [{"from": "new", "to": "answered", "at": "2024-05-22 08:00:00"}],
        }
    ],
    "introductions": [{"id": 1, "contact": 3, "scheduled_at": "2024-06-01 15:00:00", "agenda": "Design roles"}],
    "interactions": [{"contact": 3, "kind": "call", "occurred_at": "2024-06-01 15:05:00", "introduction": 1}],
}


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


class Cli:
    """Runs ``python -m linkorganizer`` with $LINKORGANIZER_DB pointing into tmp_path and a private home."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        self.db = tmp_path / "net.db"
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        self.env = {
            **os.environ,
            "LINKORGANIZER_DB": str(self.db),
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / ".local" / "share"),
            "XDG_STATE_HOME": str(home / ".local" / "state"),  # the log, kept out of the real user's folders
            "PYTHONIOENCODING": "utf-8",
        }

    def __call__(self, *args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "linkorganizer", *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env or self.env,
            cwd=self.tmp,
            timeout=120,
        )
        # Whatever happens, a user never sees a Python traceback.
        assert "Traceback" not in result.stdout + result.stderr, result.stderr
        return result

    def ok(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        return result


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A network with the 2024 export in it, made once; tests take a copy."""
    folder = tmp_path_factory.mktemp("seed")
    cli = Cli(folder)
    cli.ok("import", LINKEDIN / "connections_2024.csv")
    assert not Path(str(cli.db) + "-wal").exists()  # closed cleanly: the file alone is the whole network
    return cli.db


@pytest.fixture
def seeded(cli: Cli, seeded_db: Path) -> Cli:
    shutil.copyfile(seeded_db, cli.db)
    return cli


# ------------------------------------------------------------------------------------------------- import


@pytest.mark.parametrize("name", ERAS)
def test_import_every_era(cli: Cli, name: str) -> None:
    result = cli.ok("import", LINKEDIN / name)
    assert result.stdout.splitlines()[0] == f"Imported {name} (linkedin):"
    assert " new, 0 updated, 0 unchanged, " in result.stdout
    assert cli.db.is_file()
    again = cli.ok("import", LINKEDIN / name)
    assert " 0 new, 0 updated, " in again.stdout


def test_import_report_for_2024(cli: Cli) -> None:
    out = cli.ok("import", LINKEDIN / "connections_2024.csv").stdout
    assert "6 new, 0 updated, 0 unchanged, 2 skipped" in out
    assert "hidden member" in out and "(line 8, 11)" in out


def test_job_changes_are_reported(cli: Cli) -> None:
    cli.ok("import", LINKEDIN / "connections_2022.csv")
    out = cli.ok("import", "--format", "linkedin", LINKEDIN / "connections_2024.csv").stdout
    assert "5 new, 1 updated, 0 unchanged" in out
    assert "1 job change:" in out
    assert "Ada Quill: Senior Product Manager → Head of Product" in out


def test_dry_run_writes_nothing(seeded: Cli) -> None:
    before = dump(seeded.db)
    result = seeded.ok("import", "--dry-run", LINKEDIN / "connections_2018.csv")
    assert result.stdout.startswith("Would import connections_2018.csv (linkedin):")
    assert "2 new" in result.stdout
    assert result.stdout.rstrip().endswith("Dry run: nothing was written.")
    assert dump(seeded.db) == before


@pytest.mark.parametrize(
    ("name", "line", "reason"),
    [
        ("empty.csv", None, "the file is empty"),
        ("picture.csv", 3, "binary data"),
        ("header_only.csv", 4, "no connections"),
        ("unknown_columns.csv", 1, "no column could be matched to a contact field; columns found: Col A, Foo, Bar"),
        ("truncated_utf8.csv", 4, "cut off"),
        ("wrong_field_count.csv", 6, "9 fields"),
        ("unterminated_quote.csv", 3, "quote"),
    ],
)
def test_rejected_file(seeded: Cli, name: str, line: int | None, reason: str) -> None:
    path = BAD / name
    before = dump(seeded.db)
    result = seeded("import", path)
    assert result.returncode == 1
    assert result.stdout == ""
    where = f"{path}, line {line}: " if line else f"{path}: "
    assert result.stderr.startswith(f"linkorganizer: {where}"), result.stderr
    assert reason in result.stderr
    assert result.stderr.rstrip().endswith("Nothing was imported.")
    assert len(result.stderr.splitlines()) == 1
    assert dump(seeded.db) == before


def test_a_stray_nul_byte_leaves_out_its_row_only(seeded: Cli) -> None:
    result = seeded.ok("import", BAD / "nul_byte.csv")
    assert "  1 new, 0 updated, 1 unchanged, 1 skipped" in result.stdout  # Chiara's URL differs from the seed's
    assert "skipped 1: holds binary data (a NUL byte): the row is damaged and was left out (line 3)" in result.stdout


def test_three_megabyte_field_is_rejected(seeded: Cli) -> None:
    path = seeded.tmp / "huge.csv"
    path.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ada,Quill,,Northwind,PM,08 Aug 2012\n"
        'Bo,Ray,,Acme,"' + "y" * (3 * 1024 * 1024) + '",08 Aug 2012\n',
        encoding="utf-8",
    )
    before = dump(seeded.db)
    result = seeded("import", path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"linkorganizer: {path}, line 3: ")
    assert len(result.stderr) < 500  # the message, not the field
    assert dump(seeded.db) == before


def test_missing_file(seeded: Cli) -> None:
    result = seeded("import", seeded.tmp / "nowhere.csv")
    assert result.returncode == 1
    assert "nowhere.csv: no such file" in result.stderr


def test_bad_json_names_the_line(seeded: Cli) -> None:
    path = seeded.tmp / "bad.json"
    path.write_text('{\n  "contacts": [\n    {"first_name": "Ann"}\n    {"first_name": "Bob"}\n  ]\n}\n', encoding="utf-8")
    before = dump(seeded.db)
    result = seeded("import", path)
    assert result.returncode == 1
    assert result.stderr.startswith(f"linkorganizer: {path}, line 4: is not valid JSON")
    assert dump(seeded.db) == before


def test_file_that_is_not_a_database(cli: Cli) -> None:
    cli.db.write_text("not a database\n" * 100, encoding="utf-8")
    content = cli.db.read_bytes()
    result = cli("stats")
    assert result.returncode == 1
    assert result.stderr.startswith(f"linkorganizer: Cannot open {cli.db}: ")
    assert cli.db.read_bytes() == content


def test_locked_database_is_a_plain_message(seeded: Cli) -> None:
    """Another program holds the write lock (the app itself, a sync tool…): wait the busy timeout, then say so."""
    before = dump(seeded.db)
    holder = sqlite3.connect(seeded.db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = seeded("import", LINKEDIN / "connections_2018.csv")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"linkorganizer: {seeded.db}: the database is in use by another program; close it and try again\n"
    )
    assert dump(seeded.db) == before


# -------------------------------------------------------------------------------------------------- usage


@pytest.mark.parametrize(
    "args",
    [
        ["import"],
        ["import", "x.csv", "--format", "xml"],
        ["export", "out.csv"],
        ["export", "out.csv", "--format", "xml"],
        ["frobnicate"],
        ["stats", "--bogus"],
        ["--db"],
    ],
)
def test_usage_errors_exit_2(cli: Cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert result.stdout == ""
    assert not cli.db.exists()


def test_version(cli: Cli) -> None:
    result = cli.ok("--version")
    assert result.stdout.startswith("linkorganizer ")


def test_db_option_wins_over_the_environment(cli: Cli) -> None:
    other = cli.tmp / "other.db"
    cli.ok("--db", other, "import", LINKEDIN / "connections_2018.csv")
    assert other.is_file() and not cli.db.exists()
    env = {k: v for k, v in cli.env.items() if k != "LINKORGANIZER_DB"}
    result = cli("stats", "--json", env=env)  # neither: the user data folder (in our private home)
    assert result.returncode == 0
    default = Path(cli.env["XDG_DATA_HOME"]) / "linkorganizer" / "network.db"
    if sys.platform.startswith("linux"):
        assert default.is_file()
    assert json.loads(result.stdout)["contacts"] == 0


# ------------------------------------------------------------------------------------------------- export


def test_export_csv(seeded: Cli) -> None:
    out = seeded.tmp / "out.csv"
    result = seeded.ok("export", out, "--format", "csv")
    assert result.stdout.strip() == f"Exported 6 contacts to {out} (csv)."
    text = out.read_bytes().decode("utf-8")
    assert text.startswith("First Name,Middle Name,Last Name,")
    assert text.count("\r\n") == 7
    assert "Eun-ji" in text and "🚀" in text
    bom = seeded.tmp / "bom.csv"
    seeded.ok("export", bom, "--format", "csv", "--excel-bom")
    assert bom.read_bytes() == b"\xef\xbb\xbf" + out.read_bytes()


def test_export_group(cli: Cli) -> None:
    archive = cli.tmp / "archive.json"
    archive.write_text(json.dumps(ARCHIVE), encoding="utf-8")
    out = cli.ok("import", archive).stdout
    assert "3 new" in out and "1 goal group created" in out
    csv_out, json_out = cli.tmp / "hiring.csv", cli.tmp / "hiring.json"
    assert "Exported 2 contacts" in cli.ok("export", csv_out, "--format", "csv", "--group", "Hiring").stdout
    assert "Exported 2 contacts" in cli.ok("export", json_out, "--format", "json", "--group", "Hiring").stdout
    doc = json.loads(json_out.read_text(encoding="utf-8"))
    assert sorted(c["first_name"] for c in doc["contacts"]) == ["Sam", "Zoë"]
    assert [g["name"] for g in doc["groups"]] == ["Hiring"]
    assert doc["groups"][0]["colour"] == "#123456"
    csv_text = csv_out.read_text(encoding="utf-8")
    assert "Zoë" in csv_text and "Nora" not in csv_text
    assert "'=SUM" not in csv_text  # the note does not start with "=": no apostrophe needed


def test_export_unknown_group(seeded: Cli) -> None:
    out = seeded.tmp / "none.csv"
    result = seeded("export", out, "--format", "csv", "--group", "Nobody")
    assert result.returncode == 1
    assert "Nobody" in result.stderr and result.stderr.startswith("linkorganizer: ")
    assert not out.exists()
    assert list(seeded.tmp.glob("*.part")) == [] and list(seeded.tmp.glob(".none.csv*")) == []


def test_export_into_a_missing_folder(seeded: Cli) -> None:
    out = seeded.tmp / "no" / "such" / "folder" / "out.json"
    result = seeded("export", out, "--format", "json")
    assert result.returncode == 1
    assert result.stderr.startswith("linkorganizer: ")
    assert not out.exists()


def test_round_trip_is_identical(cli: Cli) -> None:
    for name in ERAS:
        cli.ok("import", LINKEDIN / name)
    archive = cli.tmp / "archive.json"
    archive.write_text(json.dumps(ARCHIVE, ensure_ascii=False), encoding="utf-8")
    cli.ok("import", archive)
    first, second = cli.tmp / "first.json", cli.tmp / "second.json"
    cli.ok("export", first, "--format", "json")

    other = cli.tmp / "other.db"
    report = cli.ok("--db", other, "import", first).stdout
    assert "0 updated, 0 unchanged" in report
    cli.ok("--db", other, "export", second, "--format", "json")
    assert second.read_bytes() == first.read_bytes()

    doc = json.loads(first.read_text(encoding="utf-8"))
    assert len(doc["contacts"]) == 13
    hiring = doc["groups"][0]
    assert hiring["members"][0]["slot"] == "recruiter"
    assert doc["interactions"][0]["introduction"] == doc["introductions"][0]["id"]

    # The CSV exports of both networks are identical too.
    cli.ok("export", cli.tmp / "first.csv", "--format", "csv")
    cli.ok("--db", other, "export", cli.tmp / "second.csv", "--format", "csv")
    assert (cli.tmp / "first.csv").read_bytes() == (cli.tmp / "second.csv").read_bytes()


# ------------------------------------------------------------------------------------- stats, check, backup


def test_stats_json(cli: Cli) -> None:
    cli.ok("import", LINKEDIN / "connections_2024.csv")
    archive = cli.tmp / "archive.json"
    archive.write_text(json.dumps(ARCHIVE), encoding="utf-8")
    cli.ok("import", archive)
    data = json.loads(cli.ok("stats", "--json").stdout)
    assert data["contacts"] == 9
    assert data["in_trash"] == 0
    assert data["with_email"] == 3
    assert data["with_profile_url"] == 7
    assert data["by_stage"]["connected"] == 8 and data["by_stage"]["keep_in_touch"] == 1
    assert data["by_source"] == {"json": 3, "linkedin": 6}
    assert (data["tags"], data["groups"], data["placed_contacts"]) == (1, 1, 2)
    # The Insights page's measures, with the sentence that explains each (core/insights.py has them all).
    assert data["insights"]["contacts"] == 9 and set(data["insights"]["explanations"]) >= {"active", "clutter"}
    assert data["invitations"] == {"answered": 1}
    assert (data["introductions"], data["interactions"], data["imports"]) == (1, 1, 2)
    text = cli.ok("stats").stdout
    assert text.splitlines()[0] == "9 contacts (0 in the trash)"


def test_check(seeded: Cli) -> None:
    result = seeded.ok("check")
    assert "checked: database file integrity" in result.stdout
    assert result.stdout.rstrip().endswith("No problems found.")


def test_check_reports_a_problem(seeded: Cli) -> None:
    con = sqlite3.connect(seeded.db)
    con.execute("DELETE FROM contact_search WHERE rowid = 1")
    con.commit()
    con.close()
    result = seeded("check")
    assert result.returncode == 1
    assert "problem: search index" in result.stderr


def test_backup(seeded: Cli) -> None:
    target = seeded.tmp / "copy.db"
    result = seeded.ok("backup", target)
    assert result.stdout.strip() == f"Backed up to {target} (checked: 6 contacts, integrity ok)"
    con = sqlite3.connect(target)
    try:
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 6
    finally:
        con.close()
    default = seeded.ok("backup").stdout.strip().removeprefix("Backed up to ").partition(" (checked")[0]
    assert Path(default).parent == seeded.tmp / "backups" and Path(default).is_file()
    assert json.loads(seeded.ok("--db", target, "stats", "--json").stdout)["contacts"] == 6
