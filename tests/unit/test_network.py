"""The network session: any sequence of the app's own operations, undone in full, gives the original network back;
redone in full, the final one. Row for row, the search index included."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkorganizer.core import contacts, groups, interactions, invitations
from linkorganizer.core import settings as network_settings
from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.network import Network
from linkorganizer.core.records import Labeled
from linkorganizer.db import close_database

WHEN = _dt.datetime(2026, 11, 20, 10, 0)


def content(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        tables = [
            name
            for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith(("undo_", "op", "contact_search_", "sqlite_", "import_"))
        ]
        return {t: con.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
    finally:
        con.close()


def some_contact(n: int) -> int:
    ids = contacts.query_contact_ids(contacts.ContactQuery()) or [contacts.create_contact({"first_name": "Seed"})]
    return ids[n % len(ids)]


def some_group(n: int) -> int:
    order = groups.group_order()
    return order[n % len(order)] if order else groups.create_group(f"Goal {n}")


STEPS = {
    "add": lambda n: contacts.create_contact({"first_name": f"Ada{n}", "last_name": "Quill", "company": f"Co{n % 3}"}),
    "rename": lambda n: contacts.update_contact(some_contact(n), {"first_name": f"Renamed{n}", "notes": f"n{n}"}),
    "emails": lambda n: contacts.set_contact_fields(some_contact(n), "email", [Labeled(f"a{n}@example.org", "work")]),
    "tag": lambda n: contacts.add_tag([some_contact(n), some_contact(n + 1)], f"tag{n % 3}"),
    "untag": lambda n: contacts.remove_tag([some_contact(n)], f"tag{n % 3}"),
    "trash": lambda n: contacts.trash_contacts([some_contact(n)]),
    "restore": lambda n: contacts.restore_contacts(contacts.query_contact_ids(contacts.ContactQuery(trash=True))),
    "group": lambda n: groups.create_group(f"Goal {n}", "why", slots=[("Recruiter", 2)]),
    "place": lambda n: groups.place([some_contact(n)], some_group(n)),
    "delete group": lambda n: groups.delete_group(some_group(n)),
    "interaction": lambda n: interactions.log_interaction(some_contact(n), "call", WHEN, f"spoke {n}"),
    "invitation": lambda n: invitations.create_invitation("incoming", f"Stranger {n}", message="Hi"),
    "setting": lambda n: network_settings.set_setting(network_settings.FOLLOW_UP_DAYS, 1 + n % 30),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.sampled_from(sorted(STEPS)), min_size=1, max_size=12))
def test_undo_all_gives_the_original_network_and_redo_all_the_final_one(tmp_path_factory, steps):
    path = tmp_path_factory.mktemp("net") / "net.db"
    network = Network.open(path)
    try:
        with network.op("Seed"):
            for n in range(3):
                STEPS["add"](100 + n)
        original = content(path)
        done = []
        for n, step in enumerate(steps):
            try:
                with network.op(step) as op:
                    STEPS[step](n)
            except ValidationError:
                continue  # refused: nothing was written, and no step to undo
            if op.changes:
                done.append(op.id)
        final = content(path)
        for op_id in reversed(done):
            network.undo(op_id)
        assert content(path) == original
        for op_id in done:
            network.redo(op_id)
        assert content(path) == final
    finally:
        network.close()
        close_database()


def test_a_refused_operation_writes_nothing_and_leaves_no_step(tmp_path):
    network = Network.open(tmp_path / "net.db")
    try:
        before = content(tmp_path / "net.db")
        try:
            with network.op("Two groups of one name"):
                groups.create_group("Fintech")
                groups.create_group("fintech")
        except ValidationError:
            pass
        else:  # pragma: no cover - the core must refuse it
            raise AssertionError("a second group of the same name was accepted")
        assert content(tmp_path / "net.db") == before
        assert network.db.execute_sql("SELECT count(*) FROM op").fetchone() == (0,)
    finally:
        network.close()
        close_database()


def test_changes_say_which_entities_an_operation_touched(tmp_path):
    network = Network.open(tmp_path / "net.db")
    try:
        with network.op("Add") as added:
            ada = contacts.create_contact({"first_name": "Ada"})
        assert added.changes.contacts == {ada} and added.changes.contacts_added_or_removed
        with network.op("Place") as placed:
            goal = groups.create_group("Fintech")
            groups.place([ada], goal)
        assert placed.changes.groups == {goal} and ada in placed.changes.contacts
        with network.op("Tag") as tagged:
            contacts.add_tag([ada], "mentor")
        assert tagged.changes.tags and tagged.changes.contacts == {ada} and not tagged.changes.reload
        with network.op("Log") as logged:
            interactions.log_interaction(ada, "call", WHEN)
        assert logged.changes.interactions == {ada}
        undone = network.undo(placed.id)
        assert undone.groups == {goal} and undone.groups_added_or_removed
    finally:
        network.close()
        close_database()


def age_operations(path: Path, op_ids: list[int], days: int) -> None:
    """Make operations look *days* old, as if the network had been used back then."""
    con = sqlite3.connect(path)
    try:
        stamp = (_dt.datetime.now(_dt.UTC).replace(tzinfo=None) - _dt.timedelta(days=days)).isoformat(sep=" ")
        con.executemany("UPDATE op SET created_at = ? WHERE id = ?", [(stamp, i) for i in op_ids])
        con.commit()
    finally:
        con.close()


def undo_rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        shadows = [n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'undo_%'")]
        return sum(con.execute(f'SELECT count(*) FROM "{s}"').fetchone()[0] for s in shadows)
    finally:
        con.close()


def test_opening_a_network_forgets_undo_history_beyond_what_it_keeps(tmp_path, monkeypatch):
    from linkorganizer.core import network as session

    monkeypatch.setattr(session, "HISTORY_CHANGES", 2)
    path = tmp_path / "net.db"
    network = Network.open(path)
    try:
        made = []
        for n in range(5):
            with network.op(f"Add {n}") as op:
                made.append(contacts.create_contact({"first_name": f"P{n}"}))
            made_op = op.id
        old_undone = made_op - 4  # "Add 0", begun long ago and undone recently: its chain is recent
        ops = list(range(old_undone, made_op + 1))
        network.undo(old_undone)
        everything = content(path)
    finally:
        network.close()
        close_database()
    age_operations(path, ops, days=400)  # every change is old; the undo of "Add 0" (a later id) is not

    network = Network.open(path)
    try:
        titles = [t for (t,) in network.db.execute_sql("SELECT title FROM op ORDER BY id").fetchall()]
        # Kept: the chain with a recent step ("Add 0", undone today), and the two most recent chains (that one
        # again, and "Add 4"). "Add 1" to "Add 3" are old and older than every chain kept.
        assert titles == ["Add 0", "Add 4", "Undo Add 0"]
        assert content(path) == everything  # history is forgotten, never the network itself
        network.undo(made_op)  # the kept ones still undo and redo
        network.redo(old_undone)
        assert {c for (c,) in network.db.execute_sql("SELECT first_name FROM contact").fetchall()} == {
            "P0", "P1", "P2", "P3"
        }
    finally:
        network.close()
        close_database()


def test_recent_history_is_kept_however_long_it_is(tmp_path):
    path = tmp_path / "net.db"
    network = Network.open(path)
    try:
        for n in range(3):
            with network.op(f"Add {n}"):
                contacts.create_contact({"first_name": f"P{n}"})
        rows = undo_rows(path)
        assert network.prune_history() == 0
        assert undo_rows(path) == rows
        # A year from now every one of them is old, but they are among the most recent changes: still kept.
        later = _dt.datetime.now(_dt.UTC).replace(tzinfo=None) + _dt.timedelta(days=365)
        assert network.prune_history(now=later) == 0
    finally:
        network.close()
        close_database()
