"""An export is the network at one moment: what another process commits while it is being written is not in it.

The other process is a second SQLite connection to the same file, committing while the export reads. It commits
when the writer starts reading contacts, after the export has already read other things (the ids, the widest
row, …): without one read transaction around the whole export, the file would mix the two states.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from linkorganizer.core import export as core_export
from linkorganizer.core.contacts import create_contact
from linkorganizer.core.importing import import_items
from linkorganizer.core.records import ContactRecord, GroupRecord, InteractionRecord, Labeled
from linkorganizer.formats import csv_table, registry



@pytest.fixture
def backend() -> str:
    """An export's one moment is checked against a second sqlite3 connection writing the file meanwhile: the
    file backend only."""
    return "sqlite"

def commit_meanwhile(db_path: Path, statements: list[str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Wrap a reader so that, the first time it is called, another connection commits *statements* first."""

    def wrap(read: Callable[..., Any]) -> Callable[..., Any]:
        done: list[bool] = []

        def reading(*args: Any, **kwargs: Any) -> Any:
            if not done:
                done.append(True)
                other = sqlite3.connect(db_path)
                try:
                    for statement in statements:
                        other.execute(statement)
                    other.commit()
                finally:
                    other.close()
            return read(*args, **kwargs)

        return reading

    return wrap


def test_a_csv_export_is_one_moment_of_the_network(db, db_path: Path, tmp_path: Path, monkeypatch) -> None:
    ann = create_contact({"first_name": "Ann", "company": "Acme"}, {"email": [Labeled("ann@example.com", "work")]})
    bob = create_contact({"first_name": "Bob"})
    wrap = commit_meanwhile(
        db_path,
        [
            "UPDATE contact SET company = 'Globex' WHERE id = %d" % ann,
            "INSERT INTO contact_field (contact_id, kind, label, value, position)"
            " VALUES (%d, 'email', 'home', 'ann@home.example', 1)" % ann,
            "DELETE FROM contact WHERE id = %d" % bob,
        ],
    )
    monkeypatch.setattr(csv_table, "get_contacts", wrap(csv_table.get_contacts))
    path = tmp_path / "out.csv"

    assert registry.export_file(path, "csv") == 2

    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["First Name"], r["Company"], r["E-mail 1 - Value"]) for r in rows] == [
        ("Ann", "Acme", "ann@example.com"),
        ("Bob", "", ""),
    ]
    assert "E-mail 2 - Value" not in rows[0]
    # The commit did happen: the next export has it all.
    monkeypatch.undo()
    assert registry.export_file(path, "csv") == 1
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["First Name"], r["Company"], r["E-mail 2 - Value"]) for r in rows] == [("Ann", "Globex", "ann@home.example")]


@pytest.mark.parametrize("scope", [{}, {"group_name": "Fintech"}])
def test_an_archive_is_one_moment_of_the_network(db, db_path: Path, tmp_path: Path, monkeypatch, scope) -> None:
    import_items(
        [
            ContactRecord(first_name="Ann", ref=1),
            GroupRecord(name="Fintech", members=[(1, "")]),
            InteractionRecord(1, kind="call", occurred_at=dt.datetime(2024, 5, 1, 10)),
        ]
    )
    monkeypatch.setattr(
        core_export,
        "get_contacts",
        commit_meanwhile(
            db_path,
            [
                "UPDATE goal_group SET purpose = 'changed meanwhile'",
                "INSERT INTO interaction (contact_id, kind, occurred_at, note, created_at)"
                " VALUES (1, 'meeting', '2024-06-01 10:00:00', 'meanwhile', '2024-06-01 10:00:00')",
                "INSERT INTO tag (name) VALUES ('meanwhile')",
            ],
        )(core_export.get_contacts),
    )
    path = tmp_path / "network.json"

    registry.export_file(path, "json", **scope)

    document = json.loads(path.read_text(encoding="utf-8"))
    assert [g["purpose"] for g in document["groups"]] == [""]
    assert [i["kind"] for i in document["interactions"]] == ["call"]
    assert "meanwhile" not in document.get("tags", [])
