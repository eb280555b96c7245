"""How the core's SQLite-dialect statements reach a PostgreSQL server, and what the server's schema adds for them:
the same answers on both backends, and the statements a server is sent (counted, never timed)."""

from __future__ import annotations

import psycopg
import pytest

from linkorganizer.core.contacts import ContactQuery, create_contact, query_contact_ids, query_contact_ids_at_once
from linkorganizer.core.network import Network
from linkorganizer.db import close_database, open_database
from linkorganizer.db.models import Contact
from linkorganizer.db.server_schema import CONTACT_INDEXES
from tests.unit.conftest import statements

WORDS = ["o", "Ab", "Zoé", "100%", "it's"]


def test_group_concat_reads_the_same_on_both_backends(db) -> None:
    rows = db.execute_sql(
        "SELECT group_concat(v), group_concat(v, ' | '), group_concat(DISTINCT v)"
        " FROM (SELECT column1 AS v FROM (VALUES ('b'), ('a'), (NULL), ('group_concat(x, y)'), ('b'))"
        " AS t ORDER BY column1) AS s"
    ).fetchone()
    joined = ["a", "b", "b", "group_concat(x, y)"]
    assert rows[0] == ",".join(joined)
    assert rows[1] == " | ".join(joined)
    assert sorted(rows[2].split(",")) == sorted(["a", "b", "group_concat(x", " y)"])  # the text's own comma


def test_a_server_joins_values_with_its_own_string_agg(pg_network_url: str) -> None:
    db = open_database(pg_network_url)
    try:
        with statements(db) as sent:
            db.execute_sql("SELECT group_concat(CAST(id AS TEXT)) FROM (SELECT id FROM contact ORDER BY id) AS ids")
        assert "string_agg(CAST(id AS TEXT), ',')" in sent[-1] and "group_concat" not in sent[-1]
    finally:
        close_database()


def test_a_long_statement_is_sent_with_numbered_parameters(pg_network_url: str) -> None:
    db = open_database(pg_network_url)
    try:
        contact = Contact.create(first_name="Ada").id
        rows = [(contact, f"100% {i}?", i) for i in range(400)]  # 1 200 parameters
        one = "(?, 'email', '%', ?, ?)"
        with statements(db) as sent:
            cursor = db.execute_sql(
                "INSERT INTO contact_field (contact_id, kind, label, value, position) VALUES "
                + ",".join([one] * len(rows)),
                [value for row in rows for value in row],
            )
        assert "$1200" in sent[-1] and "%s" not in sent[-1]
        # As sqlite3 tells it: the id of the last row written.
        assert cursor.lastrowid == db.execute_sql("SELECT max(id) FROM contact_field").fetchone()[0]
        # A short statement on the same cursor goes the usual way again.
        cursor.execute("SELECT count(*) FROM contact_field WHERE value = ? AND kind LIKE ?", ("100% 7?", "EMAIL"))
        assert cursor.fetchone() == (1,)
        assert db.execute_sql("SELECT count(*), max(position) FROM contact_field WHERE label = '%'").fetchone() == (
            400,
            399,
        )
    finally:
        close_database()


def test_search_finds_the_same_contacts_in_the_same_order_on_a_server(tmp_path, pg_network_url: str) -> None:
    names = ["Émile Zola", "Ab Normal", "Zoé Ab", "O'Brien Ab", "Olivia 100% Oak", "it's Otto", "Abe Oldman"]
    found: dict[str, list[list[int]]] = {}
    for target in (str(tmp_path / "net.db"), pg_network_url):
        network = Network(target, open_database(target))
        try:
            with network.op("People"):
                for i, name in enumerate(names * 40):
                    first, last = name.split(" ", 1)
                    create_contact({"first_name": first, "last_name": f"{last} {i % 3}"})
            found[target] = [
                ids
                for word in WORDS + ["emi", "o'b"]
                for ids in (
                    query_contact_ids(ContactQuery(text=word), limit=200),
                    query_contact_ids_at_once(ContactQuery(text=word)),
                )
            ]
        finally:
            network.close()
            close_database()
    file_ids, server_ids = found.values()
    assert server_ids == file_ids
    assert all(file_ids[2 * len(WORDS) :])  # emi finds Émile, o'b finds O'Brien


def test_the_owner_opening_an_older_network_gets_the_servers_indexes(pg_network_url: str) -> None:
    with psycopg.connect(pg_network_url, autocommit=True) as conn:
        for sql in CONTACT_INDEXES:
            conn.execute("DROP INDEX " + sql.split("EXISTS ")[1].split()[0])
    open_database(pg_network_url, bind=False).close()
    with psycopg.connect(pg_network_url) as conn:
        names = {n for (n,) in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'contact'")}
    assert {sql.split("EXISTS ")[1].split()[0] for sql in CONTACT_INDEXES} <= names


@pytest.mark.parametrize("rows", [1, 700])
def test_the_undo_log_keeps_each_row_of_a_statement_once(pg_network_url: str, rows: int) -> None:
    network = Network(pg_network_url, open_database(pg_network_url))
    try:
        with network.op("Many") as many:
            network.db.execute_sql("INSERT INTO tag (name) SELECT 'tag ' || g FROM generate_series(1, ?) g", (rows,))
        with network.op("Rename") as rename:
            network.db.execute_sql("UPDATE tag SET name = name || '!'")
        with network.op("Forget") as forget:
            network.db.execute_sql("DELETE FROM tag WHERE id % 2 = 0")
        kinds = network.db.execute_sql(
            "SELECT _op, _kind, count(*), count(DISTINCT _row) FROM undo_tag GROUP BY _op, _kind ORDER BY _op"
        ).fetchall()
        half = rows // 2
        assert kinds == [(many.id, "I", rows, rows), (rename.id, "U", rows, rows)] + (
            [(forget.id, "D", half, half)] if half else []
        )
        if half:
            network.undo(forget.id)
        network.undo(rename.id)
        names = network.db.execute_sql("SELECT name FROM tag ORDER BY id").fetchall()
        assert names == [(f"tag {i}",) for i in range(1, rows + 1)]
    finally:
        network.close()
        close_database()
