"""`history` and `undo-import` on the command line: the same rules as File ▸ Import history, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import Cli, cli  # noqa: F401 - the fixture

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONNECTIONS = FIXTURES / "linkedin" / "connections_2024.csv"
GOOGLE = FIXTURES / "google" / "google_one_email.csv"
# The network itself; the import history and the undo log say what happened to it, they are not part of it.
BOOKKEEPING = ("import_batch", "op", "op_active", "sqlite_sequence")


def content(db: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name not in BOOKKEEPING and not name.startswith(("undo_", "contact_search_"))
        ]
        return {t: con.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


def test_history_lists_the_imports_newest_first_also_as_json(cli: Cli):
    cli.ok("import", CONNECTIONS)
    cli.ok("import", GOOGLE)
    listed = json.loads(cli.ok("history", "--json").stdout)
    assert [(i["id"], i["file"], i["format"], i["undone"]) for i in listed] == [
        (2, "google_one_email.csv", "google", False),
        (1, "connections_2024.csv", "linkedin", False),
    ]
    assert listed[1]["created"] == 6 and listed[1]["skipped"] == 2
    assert all(len(i["date"]) == 19 for i in listed)
    text = cli.ok("history").stdout.splitlines()
    assert text[0].split()[0] == "2" and "google_one_email.csv (google): 3 new, 1 updated" in text[0]


def test_undo_import_leaves_the_network_exactly_as_it_was_before_that_import(cli: Cli):
    cli.ok("import", CONNECTIONS)
    before = content(cli.db)
    cli.ok("import", GOOGLE)  # 3 new and 1 updated, matched by e-mail to a LinkedIn contact
    assert content(cli.db) != before
    done = cli.ok("undo-import", "2")
    assert "Undid import 2 (google_one_email.csv)" in done.stdout
    assert content(cli.db) == before
    assert json.loads(cli.ok("history", "--json").stdout)[0]["undone"] is True
    assert cli.ok("check").returncode == 0


def test_undo_import_is_refused_with_the_reason_while_a_later_change_touched_it(cli: Cli):
    cli.ok("import", CONNECTIONS)
    cli.ok("import", GOOGLE)
    before = content(cli.db)
    refused = cli("undo-import", "1")
    assert refused.returncode == 1
    assert refused.stderr.startswith("linkorganizer: import 1 (connections_2024.csv) can't be undone")
    assert "“Import google_one_email.csv”" in refused.stderr and "Nothing was changed." in refused.stderr
    assert content(cli.db) == before
    cli.ok("undo-import", "2")
    cli.ok("undo-import", "1")  # nothing is in the way any more
    assert all(not rows for table, rows in content(cli.db).items() if table not in ("setting", "schema_version"))


def test_undo_import_of_an_unknown_or_undone_import_says_so(cli: Cli):
    cli.ok("import", CONNECTIONS)
    unknown = cli("undo-import", "7")
    assert unknown.returncode == 1 and "there is no import 7" in unknown.stderr
    cli.ok("undo-import", "1")
    again = cli("undo-import", "1")
    assert again.returncode == 1 and "already undone" in again.stderr
    usage = cli("undo-import", "one")
    assert usage.returncode == 2


def test_an_import_older_than_the_kept_history_is_listed_but_too_old_to_undo(cli: Cli):
    cli.ok("import", CONNECTIONS)
    aged = subprocess.run(
        [
            sys.executable,
            "-c",
            f"""
import sqlite3
from linkorganizer.core import contacts
from linkorganizer.core.network import HISTORY_CHANGES, Network
network = Network.open({str(cli.db)!r})
for n in range(HISTORY_CHANGES):
    with network.op(f"Add {{n}}"):
        contacts.create_contact({{"first_name": f"P{{n}}"}})
network.close()
con = sqlite3.connect({str(cli.db)!r})
con.execute("UPDATE op SET created_at = '2020-01-01 00:00:00'")
con.commit()
""",
        ],
        env=cli.env, capture_output=True, text=True, timeout=120,
    )
    assert aged.returncode == 0, aged.stderr
    before = content(cli.db)
    refused = cli("undo-import", "1")
    assert refused.returncode == 1
    assert refused.stderr.strip() == (
        "linkorganizer: import 1 (connections_2024.csv) is too old to undo: a network keeps the undo history of the "
        "last 90 days and at least its last 200 changes"
    )
    assert content(cli.db) == before
    listed = json.loads(cli.ok("history", "--json").stdout)
    assert [(i["id"], i["file"], i["undone"]) for i in listed] == [(1, "connections_2024.csv", False)]
