"""Forgetting a person: the contact and everything that mentions them leave the network file — its rows, its
undo history, the titles of past changes, the search index and the write-ahead log — and nobody else is touched."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from linkorganizer.core import contacts, groups, interactions, introductions, invitations
from linkorganizer.core.privacy import FORGOTTEN, forget_contact
from linkorganizer.core.records import Labeled

@pytest.fixture
def backend() -> str:
    """What forgetting promises is about the bytes of the network file (SQLite's secure delete, the
    write-ahead log emptied): the file backend only."""
    return "sqlite"


WHEN = dt.datetime(2026, 11, 20, 10, 0)
URL = "https://www.linkedin.com/in/ada-quill"
SECRETS = [b"Quill", b"ada.secret@example.org", b"zebra-secret-42", b"talked-about-zebras", b"Ada sent"]


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (path, Path(f"{path}-wal")) if p.exists())


def others(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT id, full_name, notes FROM contact WHERE id != 1 ORDER BY id").fetchall()
    finally:
        con.close()


@pytest.fixture
def ada(db, network) -> int:
    with network.op("Add Ada Quill"):
        cid = contacts.create_contact(
            {"first_name": "Ada", "last_name": "Quill", "profile_url": URL, "notes": "zebra-secret-42"},
            fields={"email": [Labeled("ada.secret@example.org", "work")]},
        )
        assert cid == 1
    with network.op("Add Bo Lind"):
        contacts.create_contact({"first_name": "Bo", "last_name": "Lind", "notes": "keep me"})
    with network.op("Tag Ada Quill"):
        contacts.add_tag([cid], "mentor")
    goal = groups.create_group("Fintech")
    with network.op("Place Ada Quill in Fintech"):
        groups.place([cid], goal)
    with network.op("Take Ada Quill out of Fintech"):  # only the undo log remembers the membership now
        groups.remove_from_group([cid], goal)
    with network.op("Log a call"):
        interactions.log_interaction(cid, "call", WHEN, "talked-about-zebras")
    with network.op("Schedule"):
        introductions.schedule_call(cid, WHEN + dt.timedelta(days=3))
    with network.op("Invitation"):
        invitations.create_invitation("incoming", "Ada Quill", URL, message="Ada sent this")
    with network.op("Edit"):  # the undo log now holds an older image of her row
        contacts.update_contact(cid, {"position": "CTO"})
    return cid


def test_forgetting_removes_every_trace_from_the_file_and_nobody_else(db_path: Path, network, ada: int) -> None:
    assert all(secret in file_bytes(db_path) for secret in SECRETS)
    kept = others(db_path)
    forgotten = forget_contact(network, ada)
    assert forgotten.name == "Ada Quill"
    assert forgotten.rows["contact"] == 1 and forgotten.rows["invitation"] == 1
    assert forgotten.rows["interaction"] == 1 and forgotten.rows["introduction"] == 1
    assert forgotten.history_entries > 0
    content = file_bytes(db_path)
    for secret in SECRETS:
        assert secret not in content, f"{secret!r} is still in the network file"
    assert others(db_path) == kept
    titles = [t for (t,) in network.db.execute_sql("SELECT title FROM op ORDER BY id").fetchall()]
    assert f"Tag {FORGOTTEN}" in titles and not any("Ada Quill" in t for t in titles)
    assert network.db.execute_sql("PRAGMA integrity_check").fetchone() == ("ok",)
    assert contacts.query_contact_ids(contacts.ContactQuery(text="zebra")) == []


def test_undo_after_forgetting_never_brings_them_back(db_path: Path, network, ada: int) -> None:
    edits = [i for (i,) in network.db.execute_sql("SELECT id FROM op WHERE kind = 'change' ORDER BY id").fetchall()]
    forget_contact(network, ada)
    for op_id in reversed(edits):
        try:
            network.undo(op_id)
        except Exception:  # noqa: BLE001 - refused or nothing to do: either way, not a way back for her
            pass
    assert b"Quill" not in file_bytes(db_path)
    assert [name for (_, name, _) in others(db_path)] == []  # Bo's creation was undone like the rest


def test_forgetting_someone_who_is_not_there_is_a_plain_refusal(db, network) -> None:
    with pytest.raises(LookupError, match="there is no contact 7"):
        forget_contact(network, 7)
