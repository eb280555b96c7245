"""``copy SRC DEST`` as a user runs it: the demo network from a file to a real PostgreSQL server and back."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.e2e.test_cli import Cli

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "demo-network.json"


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path)


@pytest.fixture
def demo(cli: Cli) -> Path:
    cli.ok("import", DEMO)
    return cli.db


def exported(cli: Cli, db: Path, name: str) -> dict:
    target = cli.tmp / name
    cli.ok("--db", db, "export", target, "--format", "json")
    return json.loads(target.read_text(encoding="utf-8"))


def test_the_demo_goes_to_the_server_and_back_unchanged(cli: Cli, demo: Path, pg_url: str) -> None:
    there = cli.ok("copy", demo, pg_url)
    assert "63 contacts" in there.stdout and "checked" in there.stdout
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 63
        # The search document is built on the server by its own triggers, as in a file.
        (found,) = conn.execute(
            "SELECT count(*) FROM contact_search WHERE doc @@ to_tsquery('simple', lo_fold('Émile') || ':*')"
        ).fetchone()
        assert found == conn.execute("SELECT count(*) FROM contact WHERE full_name ILIKE '%émile%'").fetchone()[0]
    back = cli.tmp / "back.db"
    cli.ok("copy", pg_url, back)
    assert exported(cli, back, "back.json") == exported(cli, demo, "demo.json")
    # Ids that were handed out once are never handed out again: the high-water mark came along.
    with sqlite3.connect(demo) as a, sqlite3.connect(back) as b:
        query = "SELECT name, seq FROM sqlite_sequence WHERE name != 'op' ORDER BY name"  # not the undo history
        assert b.execute(query).fetchall() == a.execute(query).fetchall()


def test_copy_into_a_network_that_holds_something_is_refused(cli: Cli, demo: Path, pg_url: str) -> None:
    cli.ok("copy", demo, pg_url)
    again = cli("copy", demo, pg_url)
    assert again.returncode == 1
    assert "already holds a network" in again.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 63
    existing = cli.tmp / "existing.db"
    existing.write_bytes(b"")
    refused = cli("copy", demo, existing)
    assert refused.returncode == 1 and "already exists" in refused.stderr
    assert existing.read_bytes() == b""


def test_an_unreachable_server_is_a_plain_message(cli: Cli, demo: Path, pg_server) -> None:
    target = cli.tmp / "never.db"
    down = f"postgresql://nobody:secret@127.0.0.1:{pg_server.port + 1 if pg_server.port < 65535 else 1}/x"
    result = cli("copy", demo, down)
    assert result.returncode == 1
    assert "Cannot reach the network postgresql://nobody@127.0.0.1" in result.stderr
    assert "secret" not in result.stderr  # a password in the URL is never printed
    refused = cli("copy", down, target)
    assert refused.returncode == 1 and "Cannot reach" in refused.stderr
    assert not target.exists()


def test_a_value_the_server_cannot_store_is_named_and_nothing_is_written(
    cli: Cli, demo: Path, pg_url: str
) -> None:
    with sqlite3.connect(demo) as conn:
        (contact,) = conn.execute("SELECT min(id) FROM contact").fetchone()
        conn.execute("UPDATE contact SET notes = 'before' || char(0) || 'after' WHERE id = ?", (contact,))
    result = cli("copy", demo, pg_url)
    assert result.returncode == 1
    assert f"contact row {contact}: its notes holds a NUL character" in result.stderr
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 0


def test_a_missing_source_is_refused(cli: Cli) -> None:
    result = cli("copy", cli.tmp / "nothing.db", cli.tmp / "copy.db")
    assert result.returncode == 1
    assert "there is no network file there" in result.stderr
    assert not (cli.tmp / "copy.db").exists()


def test_the_commands_work_on_a_network_on_the_server(cli: Cli, pg_url: str) -> None:
    """``--db URL``: the network on the server, never a file named like the URL."""
    imported = cli.ok("--db", pg_url, "import", DEMO)
    assert "63 new" in imported.stdout
    stats = json.loads(cli.ok("--db", pg_url, "stats", "--json").stdout)
    assert stats["contacts"] == 63 and stats["interactions"] == 41
    checked = cli.ok("--db", pg_url, "check").stdout
    assert "No problems found." in checked and "kept by the server" in checked
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 63
    assert not any(p.name.startswith("postgres") for p in cli.tmp.rglob("*")), "a file was made for the URL"
    env = {**cli.env, "LINKORGANIZER_DB": pg_url}
    result = cli("stats", "--json", env=env)
    assert result.returncode == 0 and json.loads(result.stdout)["contacts"] == 63


def test_a_network_file_never_loads_the_server_driver(cli: Cli, demo: Path, pg_url: str) -> None:
    # The driver costs ~0.13 s to import: a command on a file does without it, one on a server loads it.
    script = (
        "import sys; from linkorganizer.__main__ import main; code = main(sys.argv[1:]);"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', 'psycopg2')))"
    )
    for target, loaded in ((demo, False), (pg_url, True)):
        if loaded:
            cli.ok("copy", demo, pg_url)
        run = subprocess.run(
            [sys.executable, "-c", script, "--db", str(target), "stats", "--json"],
            capture_output=True, text=True, encoding="utf-8", env=cli.env, cwd=cli.tmp, timeout=120,
        )
        assert run.returncode == 0, run.stderr
        stats, modules = run.stdout.rstrip().rsplit("\n", 1)
        assert json.loads(stats)["contacts"] == 63
        assert ("psycopg" in modules) is loaded, modules
