"""Several people on one network on a real PostgreSQL server: what one commits, the other hears of; undo minds
the other's changes; every operation says who made it."""

from __future__ import annotations

import datetime as dt
import select
from collections.abc import Iterator

import pytest

from linkorganizer.core.network import Network, UndoBlocked
from linkorganizer.db import close_database, open_database


@pytest.fixture
def two(pg_network_url: str) -> Iterator[tuple[Network, Network]]:
    """Two sessions on one server network, as two windows on two computers would have."""
    mine = Network(pg_network_url, open_database(pg_network_url, bind=False))
    theirs = Network(pg_network_url, open_database(pg_network_url, bind=False))
    yield mine, theirs
    for network in (mine, theirs):
        network.close()
    close_database()


NOW = "2026-12-01 10:00:00"
CONTACT = (
    "INSERT INTO contact (first_name, middle_name, last_name, display_name, full_name, sort_name, company, position,"
    " location, birthday, source, stage, notes, help_them, help_me, extra, created_at, updated_at)"
    " VALUES (?, '', '', '', ?, ?, '', '', '', '', 'manual', 'connected', '', '', '', '{}', ?, ?)"
)


def add_contact(network: Network, name: str) -> int:
    with network.op(f"Add {name}"):
        cursor = network.db.execute_sql(CONTACT, (name, name, name.lower(), NOW, NOW))
        return int(cursor.lastrowid)


def rename(network: Network, contact: int, name: str) -> int:
    with network.op(f"Rename to {name}") as op:
        network.db.execute_sql("UPDATE contact SET full_name = ? WHERE id = ?", (name, contact))
    return op.id


def heard(feed, seconds: float = 10.0) -> list:
    """What the feed announces within *seconds* (generous: how fast it arrives is measured by bench/shared.py)."""
    ready, _, _ = select.select([feed.fileno()], [], [], seconds)
    return feed.poll() if ready else []


def test_a_change_one_commits_reaches_the_other(two) -> None:
    mine, theirs = two
    feed = mine.listen()
    try:
        ada = add_contact(theirs, "Ada")
        (changes,) = heard(feed)
        assert changes.contacts == {ada} and changes.contacts_added_or_removed
        assert changes.title == "Add Ada"
        # My own changes reach me through my own signal; the feed does not announce them twice.
        rename(mine, ada, "Ada Lovelace")
        assert heard(feed, 0.5) == []
    finally:
        feed.close()


def test_nothing_is_announced_for_a_change_that_rolled_back(two) -> None:
    mine, theirs = two
    feed = mine.listen()
    try:
        with pytest.raises(RuntimeError):
            with theirs.op("Add and fail"):
                theirs.db.execute_sql(CONTACT, ("Bo", "Bo", "bo", NOW, NOW))
                raise RuntimeError("the change failed half-way")
        assert heard(feed, 0.5) == []
        assert mine.db.execute_sql("SELECT count(*) FROM contact").fetchone()[0] == 0
    finally:
        feed.close()


def test_undo_is_refused_when_the_other_changed_the_rows_since(two) -> None:
    mine, theirs = two
    ada = add_contact(mine, "Ada")
    my_rename = rename(mine, ada, "Ada L.")
    their_rename = rename(theirs, ada, "Countess Lovelace")
    with pytest.raises(UndoBlocked) as refused:
        mine.undo(my_rename)
    assert refused.value.by == [(their_rename, "Rename to Countess Lovelace")]
    # Who made the change in the way is named (here both sessions sign in as the same role).
    assert str(refused.value) == "it was changed since by “Rename to Countess Lovelace” (lo_admin)"
    assert mine.db.execute_sql("SELECT full_name FROM contact WHERE id = ?", (ada,)).fetchone()[0] == (
        "Countess Lovelace"
    )


def test_every_operation_records_the_role_that_made_it(pg_server, pg_network_url: str) -> None:
    bob_url = pg_server.role_url(pg_network_url.rsplit("/", 1)[1], "lo_bob")
    bob = Network(bob_url, open_database(bob_url, bind=False))
    try:
        add_contact(bob, "Ada")
        assert bob.db.execute_sql("SELECT author, title FROM op").fetchall() == [("lo_bob", "Add Ada")]
    finally:
        bob.close()
        close_database()


def test_a_private_interaction_is_kept_from_the_other_role_by_the_database(pg_server, pg_url: str) -> None:
    import psycopg

    from linkorganizer.core import interactions
    from linkorganizer.core.sharing import set_up_server

    database = pg_url.rsplit("/", 1)[1]
    setup = set_up_server(pg_url, ["lo_alice", "lo_carol"])
    assert setup.team == f"{database}_team"
    alice_url, carol_url = (pg_server.url(database, user=role) for role in ("lo_alice", "lo_carol"))
    alice = Network.open(alice_url)
    try:
        ada = add_contact(alice, "Ada")
        with alice.op("Log two calls"):
            interactions.log_interaction(ada, "call", dt.date(2026, 11, 30), "public call")
            interactions.log_interaction(ada, "call", dt.date(2026, 12, 1), "salary she asked for", private=True)
    finally:
        alice.close()
        close_database()
    # Carol, through the app's own reading and through a plain connection (as psql would), sees one call.
    carol = Network.open(carol_url)
    try:
        assert [entry.text for entry in interactions.history(ada)] == ["public call"]
    finally:
        carol.close()
        close_database()
    with psycopg.connect(carol_url) as conn:
        assert conn.execute("SELECT note FROM interaction").fetchall() == [("public call",)]
        assert conn.execute("SELECT count(*) FROM undo_interaction WHERE note LIKE 'salary%'").fetchone() == (0,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE interaction SET private = TRUE, owner = 'lo_alice'")
    with psycopg.connect(carol_url) as conn:
        # Nor can carol take alice's public call over, making it hers and private (the policy sees the new row
        # only; a trigger guards whose it is).
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="only lo_alice, who logged it"):
            conn.execute("UPDATE interaction SET private = TRUE, owner = 'lo_carol'")
    with psycopg.connect(alice_url) as conn:
        rows = conn.execute("SELECT note, private, owner FROM interaction ORDER BY occurred_at").fetchall()
        assert rows == [("public call", False, "lo_alice"), ("salary she asked for", True, "lo_alice")]


def test_a_lost_connection_and_a_missing_right_are_said_plainly(pg_server, pg_network_url: str) -> None:
    from linkorganizer.core.network import describe_failure

    network = Network(pg_network_url, open_database(pg_network_url, bind=False))
    try:
        pid = network.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
        pg_server.admin(f"SELECT pg_terminate_backend({pid})")
        with pytest.raises(Exception) as lost:
            add_contact(network, "Ada")
        assert describe_failure(lost.value) == (
            "the connection to the server was lost; check the network connection and try again"
        )
        # Nothing was written; the next change connects again and is made.
        ada = add_contact(network, "Ada")
        assert network.db.execute_sql("SELECT full_name FROM contact").fetchall() == [("Ada",)]
        assert network.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0] != pid and ada
    finally:
        network.close()
        close_database()
    guest_url = pg_server.role_url(pg_network_url.rsplit("/", 1)[1], "lo_guest", rights="SELECT")
    guest = Network(guest_url, open_database(guest_url, bind=False))
    try:
        with pytest.raises(Exception) as refused:
            add_contact(guest, "Bo")
        assert describe_failure(refused.value).startswith("your role on the server may not do that; ask the network's")
    finally:
        guest.close()
        close_database()
