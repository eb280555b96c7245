"""`linkorganizer duplicates` and `linkorganizer merge` as a script runs them: a subprocess on a real file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.e2e.test_cli import Cli

ARCHIVE = {
    "format": "linkorganizer",
    "version": 1,
    "contacts": [
        {"id": 1, "first_name": "Ada", "last_name": "Lovelace", "company": "Northwind",
         "emails": [{"label": "work", "value": "ada@northwind.org"}], "notes": "Met at the meetup", "tags": ["math"]},
        {"id": 2, "first_name": "Ada", "last_name": "Q.", "emails": [{"label": "", "value": "ADA@northwind.org"}],
         "phones": [{"label": "", "value": "030 1234567"}], "notes": "Prefers letters", "tags": ["poetry"]},
        {"id": 3, "first_name": "Łukasz", "last_name": "Nowak", "company": "Fabrikam"},
        {"id": 4, "first_name": "Lukasz", "last_name": "Nowak", "company": "Fabrikam Ltd",
         "phones": [{"label": "", "value": "+49 30 1234567"}]},
        {"id": 5, "first_name": "Nora", "last_name": "Quint"},
    ],
    "interactions": [{"contact": 2, "kind": "call", "occurred_at": "2024-06-01 15:05:00"}],
}  # fmt: skip


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    cli = Cli(tmp_path)
    archive = tmp_path / "net.json"
    archive.write_text(json.dumps(ARCHIVE), encoding="utf-8")
    cli.ok("import", archive)
    return cli


def test_duplicates_json_lists_pairs_with_reasons(cli: Cli) -> None:
    pairs = json.loads(cli.ok("duplicates", "--json", "--region", "DE").stdout)
    assert pairs == [
        {"a": 1, "b": 2, "names": ["Ada Lovelace", "Ada Q."], "reasons": ["same e-mail ada@northwind.org"],
         "confidence": 97, "exact": True},
        {"a": 3, "b": 4, "names": ["Łukasz Nowak", "Lukasz Nowak"],
         "reasons": ["similar names (100%) at Fabrikam"], "confidence": 90, "exact": False},
        {"a": 2, "b": 4, "names": ["Ada Q.", "Lukasz Nowak"],
         "reasons": ["same phone +49301234567", "but different names (Ada Q. / Lukasz Nowak)"],
         "confidence": 43, "exact": False},
    ]  # fmt: skip


def test_the_region_decides_how_a_national_number_reads(cli: Cli) -> None:
    us = json.loads(cli.ok("duplicates", "--json", "--region", "US").stdout)
    assert [(p["a"], p["b"]) for p in us] == [(1, 2), (3, 4)]
    env = {**cli.env, "LC_ALL": "de_DE.UTF-8", "LANG": "de_DE.UTF-8"}
    result = cli("duplicates", "--json", env=env)
    assert result.returncode == 0, result.stderr


def test_duplicates_text_output(cli: Cli) -> None:
    out = cli.ok("duplicates", "--region", "DE").stdout
    assert "1 Ada Lovelace  ~  2 Ada Q.  (exact, 97%)" in out
    assert "    similar names (100%) at Fabrikam" in out
    assert out.rstrip().endswith("3 pairs, 1 exact. `linkorganizer merge KEEP OTHER` merges one.")


def test_merge_moves_history_and_unites(cli: Cli) -> None:
    result = cli.ok("merge", "1", "2")
    assert result.stdout.strip() == "Merged Ada Q. (2) into Ada Lovelace (1); moved 1 interaction."
    con = sqlite3.connect(cli.db)
    try:
        assert con.execute("SELECT count(*) FROM contact WHERE id = 2").fetchone() == (0,)
        assert con.execute("SELECT contact_id FROM interaction").fetchall() == [(1,)]
        notes = con.execute("SELECT notes FROM contact WHERE id = 1").fetchone()[0]
        assert notes == "Met at the meetup\n\n— from the merged contact Ada Q.:\nPrefers letters"
        tags = con.execute(
            "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id WHERE ct.contact_id = 1 ORDER BY 1"
        ).fetchall()
        assert tags == [("math",), ("poetry",)]
        title = con.execute("SELECT title FROM op ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert title.startswith("Merge Ada Q. into ")
    finally:
        con.close()
    pairs = json.loads(cli.ok("duplicates", "--json", "--region", "DE").stdout)
    assert [(p["a"], p["b"]) for p in pairs] == [(3, 4), (1, 4)]  # the phone came along


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("1", "99"), "linkorganizer: there is no contact 99; nothing was merged"),
        (("98", "1"), "linkorganizer: there is no contact 98; nothing was merged"),
        (("3", "3"), "linkorganizer: contact 3 cannot be merged with itself"),
    ],
)
def test_merge_refuses_with_the_reason(cli: Cli, args: tuple[str, str], message: str) -> None:
    before = sqlite3.connect(cli.db).execute("SELECT count(*) FROM contact").fetchone()
    result = cli("merge", *args)
    assert result.returncode == 1
    assert result.stderr.strip() == message
    assert sqlite3.connect(cli.db).execute("SELECT count(*) FROM contact").fetchone() == before


def test_merge_needs_two_ids(cli: Cli) -> None:
    result = cli("merge", "1")
    assert result.returncode == 2
