"""Notes about a contact (the interaction kind "note") and private interactions: a note is in the history and
nowhere else (not the last interaction, the cadence, the balance, "active"); the private flag and who logged an
interaction are stored, edited as one undoable operation, carried by the archive; on a server another role sees
none of a private note, through the app or through a plain connection."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import psycopg
import pytest

from linkorganizer.core import board, contacts, insights
from linkorganizer.core import interactions as ia
from linkorganizer.core.interactions import InteractionError
from linkorganizer.core.network import Network
from linkorganizer.db import close_database, current_database
from linkorganizer.formats import registry
from tests.unit.test_shared_network import add_contact

TODAY = dt.date(2026, 12, 1)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


def person(name: str = "Ada", **values) -> int:
    return contacts.create_contact({"first_name": name, "last_name": "Quill", **values})


def me() -> str:
    """The role the test is connected as on a server; '' for a file."""
    db = current_database()
    return str(db.execute_sql("SELECT current_user").fetchone()[0]) if getattr(db, "server", False) else ""


def test_note_is_a_kind_of_its_own_that_moves_no_balance() -> None:
    assert ia.KIND_BY_KEY["note"].label == "Note"
    assert ia.kind_flow("note") == "neutral"
    assert "note" in ia.KIND_KEYS and "note" not in ia.GIVE_KINDS + ia.RECEIVE_KINDS


def test_a_note_is_stored_and_read_back_as_it_was_written(db, undo_redo) -> None:
    cid = person()
    text = "Moving to Lisbon in spring.\nAsk about the new team — and “the book”."
    iid = undo_redo("Note", lambda: ia.log_interaction(cid, "note", at(TODAY, 9), text))
    row = ia.get_interaction(iid)
    assert (row.kind, row.label, row.flow, row.note, row.occurred_at, row.private) == (
        "note", "Note", "neutral", text, at(TODAY, 9), False
    )
    (entry,) = ia.history(cid)
    assert (entry.kind, entry.title, entry.text, entry.private) == ("note", "Note", text, False)
    assert [r.id for r in ia.list_interactions(kind="note")] == [iid]


def test_a_note_is_not_contact_with_the_person(db) -> None:
    """Last interaction, keep in touch, the Due list, the balance, "active", the contact table's filters and sort
    and the board's box count the call of 40 days ago; the note written today changes none of them."""
    ada = person("Ada", cadence_days=30)
    bob = person("Bob")
    ia.log_interaction(ada, "call", at(TODAY - dt.timedelta(days=40)), "catch-up")
    ia.log_interaction(bob, "call", at(TODAY - dt.timedelta(days=5)))

    def ids(**query) -> list[int]:
        return contacts.query_contact_ids(contacts.ContactQuery(**query), today=TODAY)

    def measured() -> dict[str, object]:
        summary = ia.contact_summary(ada, TODAY)
        found = insights.compute(TODAY)
        return {
            "last": summary.last_interaction.note if summary.last_interaction else None,
            "touch": summary.last_touch, "overdue": summary.days_overdue, "balance": (summary.given, summary.received),
            "count_due": ia.count_due(TODAY), "due_list": [item.contact_id for item in ia.due_list(TODAY)],
            "insights": (found.active, found.given, found.received),
            "week": ids(last_interaction="week"), "not_quarter": ids(last_interaction="not_quarter"),
            "never": ids(last_interaction="never"), "due": ids(due=True), "active": ids(active=True),
            "by_last": [cid for cid in ids(sort="last_interaction", descending=True) if cid in (ada, bob)],
            "box": [chip.contact_id for chip in board.unplaced_contacts(show_everyone=True)],
            "searched_box": [chip.contact_id for chip in board.unplaced_contacts("Quill", show_everyone=True)],
        }

    before = measured()
    assert (before["last"], before["overdue"], before["due"], before["by_last"]) == ("catch-up", 10, [ada], [bob, ada])
    ia.log_interaction(ada, "note", at(TODAY, 8), "She asked me not to call before January")
    carol = person("Carol")
    ia.log_interaction(carol, "note", at(TODAY, 8), "Met at the fair, no contact yet")
    after = measured()
    # Carol, with a note only, has had no contact: "never" and "not in 90 days" list her, the box puts her last.
    assert after.pop("never") == [carol] and before.pop("never") == []
    assert after.pop("not_quarter") == before.pop("not_quarter") + [carol]
    assert after.pop("box") == before.pop("box") + [carol]
    assert after.pop("searched_box") == before.pop("searched_box") + [carol]
    assert after == before
    # The note is in the history all the same, newest first.
    assert [e.kind for e in ia.history(ada)] == ["note", "call"]


def test_private_is_stored_and_the_owner_is_who_logged_it(db, undo_redo) -> None:
    cid = person()
    secret = undo_redo("Private note", lambda: ia.log_interaction(cid, "note", at(TODAY), "salary", private=True))
    public = ia.log_interaction(cid, "call", at(TODAY, 9), "open call")
    assert [(r.id, r.private, r.owner) for r in ia.list_interactions(cid)] == [
        (secret, True, me()), (public, False, me())
    ]
    assert [(e.interaction_id, e.private, e.logged_by) for e in ia.history(cid)] == [
        (secret, True, me()), (public, False, me())
    ]


def test_marking_private_and_back_is_one_undoable_edit(db, network, content, undo_redo) -> None:
    cid = person()
    iid = ia.log_interaction(cid, "note", at(TODAY), "first thoughts")
    undo_redo("Make private", lambda: ia.update_interaction(iid, note="second thoughts", private=True))
    row = ia.get_interaction(iid)
    assert (row.note, row.private, row.owner) == ("second thoughts", True, me())
    undo_redo("Make it shared", lambda: ia.update_interaction(iid, private=False))
    assert ia.get_interaction(iid).private is False
    before = content()
    with network.op("Leave the flag") as op:
        ia.update_interaction(iid, private=False, note="second thoughts")
    assert not op.changes and content() == before


def test_an_archive_carries_the_private_flag(db, fresh_db, tmp_path: Path) -> None:
    cid = person()
    ia.log_interaction(cid, "note", at(TODAY), "only mine", private=True)
    ia.log_interaction(cid, "call", at(TODAY, 9), "everyone's")
    registry.export_file(tmp_path / "a.json", "json")
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [(i["kind"], i.get("private")) for i in doc["interactions"]] == [("call", None), ("note", True)]
    fresh_db("copy.db")
    assert registry.import_file(tmp_path / "a.json").interactions_created == 2
    assert [(r.kind, r.note, r.private) for r in ia.list_interactions()] == [
        ("note", "only mine", True), ("call", "everyone's", False)
    ]
    registry.export_file(tmp_path / "b.json", "json")
    assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()


# --------------------------------------------------------------------------------------- two roles on a server


@pytest.fixture
def team(pg_server, pg_url: str):
    """A network set up for two members, lo_ann and lo_ben: their URLs."""
    from linkorganizer.core.sharing import set_up_server

    database = pg_url.rsplit("/", 1)[1]
    set_up_server(pg_url, ["lo_ann", "lo_ben"])
    yield tuple(pg_server.url(database, user=role) for role in ("lo_ann", "lo_ben"))
    close_database()


def test_a_private_note_of_one_role_is_invisible_to_the_other(team) -> None:
    ann_url, ben_url = team
    ann = Network.open(ann_url)
    try:
        ada = add_contact(ann, "Ada")
        with ann.op("Log"):
            ia.log_interaction(ada, "call", at(TODAY - dt.timedelta(days=3)), "lunch together")
            secret = ia.log_interaction(ada, "note", at(TODAY, 8), "thinks of leaving her job", private=True)
            shared_note = ia.log_interaction(ada, "note", at(TODAY, 9), "likes sailing")
        assert [(e.text, e.private, e.logged_by) for e in ia.history(ada)] == [
            ("likes sailing", False, "lo_ann"), ("thinks of leaving her job", True, "lo_ann"),
            ("lunch together", False, "lo_ann"),
        ]
    finally:
        ann.close()
        close_database()

    ben = Network.open(ben_url)
    try:
        # Through the app: the history, the log, the search, the summary and a direct read know nothing of it.
        assert [(e.text, e.logged_by) for e in ia.history(ada)] == [
            ("likes sailing", "lo_ann"), ("lunch together", "lo_ann")
        ]
        assert [r.note for r in ia.list_interactions()] == ["likes sailing", "lunch together"]
        assert ia.list_interactions(search="leaving") == []
        assert ia.contact_summary(ada, TODAY).last_interaction.note == "lunch together"
        with pytest.raises(InteractionError, match="no longer exists"):
            ia.get_interaction(secret)
        # Ben cannot take Ann's shared note for himself by making it private.
        with pytest.raises(InteractionError, match="Only lo_ann, who logged it"):
            with ben.op("Hide Ann's note"):
                ia.update_interaction(shared_note, private=True)
        # A private note of his own is his alone, and says he wrote it.
        with ben.op("Ben's note"):
            ia.log_interaction(ada, "note", at(TODAY, 10), "owes me a reply", private=True)
        assert [(e.text, e.private, e.logged_by) for e in ia.history(ada)][0] == ("owes me a reply", True, "lo_ben")
    finally:
        ben.close()
        close_database()

    # Through a plain connection as Ben (as psql would): not the row, not its copy in the undo log.
    with psycopg.connect(ben_url) as conn:
        assert conn.execute("SELECT note FROM interaction ORDER BY id").fetchall() == [
            ("lunch together",), ("likes sailing",), ("owes me a reply",)
        ]
        assert conn.execute("SELECT count(*) FROM interaction WHERE note LIKE '%leaving%'").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM undo_interaction WHERE note LIKE '%leaving%'").fetchone() == (0,)
    with psycopg.connect(ann_url) as conn:
        assert conn.execute("SELECT note, private, owner FROM interaction ORDER BY id").fetchall() == [
            ("lunch together", False, "lo_ann"), ("thinks of leaving her job", True, "lo_ann"),
            ("likes sailing", False, "lo_ann"),
        ]


def test_an_entry_logged_without_an_owner_is_named_by_the_operation_that_added_it(team) -> None:
    """An import (or a version before owners were recorded) leaves the owner empty: the history names the author
    of the operation that added the row, from the undo log."""
    ann_url, ben_url = team
    ann = Network.open(ann_url)
    try:
        ada = add_contact(ann, "Ada")
        with ann.op("Log as an import does"):
            ann.db.execute_sql(
                "INSERT INTO interaction (contact_id, kind, occurred_at, note, created_at)"
                " VALUES (?, 'message', '2026-11-30 10:00:00', 'from messages.csv', '2026-12-01 10:00:00')",
                (ada,),
            )
    finally:
        ann.close()
        close_database()
    ben = Network.open(ben_url)
    try:
        assert [(e.text, e.logged_by) for e in ia.history(ada)] == [("from messages.csv", "lo_ann")]
    finally:
        ben.close()
        close_database()
