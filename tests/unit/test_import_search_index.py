"""An import fills the search index once after its rows instead of a trigger per row: what it holds must be what
the per-row triggers would have written, for new contacts, for contacts a later chunk of the same file updates,
and for contacts that were there before; the trigger is back afterwards, and a dry run leaves the index as it was."""

from __future__ import annotations

import pytest

from linkorganizer.core.importing import CHUNK_SIZE, import_items
from linkorganizer.core.records import ContactRecord, Labeled
from linkorganizer.db import current_database
from linkorganizer.db.models import Contact

@pytest.fixture
def backend() -> str:
    """This module is about SQLite's FTS5 index, its triggers suspended during an import and its
    bulk fill; a server's search table is kept by statement-level triggers: the file backend only."""
    return "sqlite"


COLUMNS = "name, company, position, location, notes, details, tags"


def index_rows() -> list[tuple]:
    return current_database().execute_sql(f"SELECT rowid, {COLUMNS} FROM contact_search ORDER BY rowid").fetchall()


def document_rows() -> list[tuple]:
    return current_database().execute_sql(f"SELECT id, {COLUMNS} FROM contact_search_doc ORDER BY id").fetchall()


def trigger_present() -> bool:
    sql = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'contact_search_ai'"
    return current_database().execute_sql(sql).fetchone()[0] == 1


def person(i: int, **more) -> ContactRecord:
    more = {"position": "Engineer", **more}
    return ContactRecord(
        first_name=f"Ann{i}", last_name="Lee", company="Acme", location="Oslo",
        profile_url=f"https://www.linkedin.com/in/ann-lee-{i}", emails=[Labeled(f"ann{i}@acme.example", "work")],
        tags=["met at the fair"] if i % 3 == 0 else [], line=i + 2, **more,
    )  # fmt: skip


def test_the_index_is_what_the_triggers_would_write(db) -> None:
    import_items([person(i) for i in range(10)])
    assert trigger_present() and index_rows() == document_rows() and len(index_rows()) == 10
    # Existing contacts updated, new ones added, and a new one met again in a later chunk of the same file.
    again = person(CHUNK_SIZE + 5, position="Director", notes="moved to Globex")
    records = [person(i, position="Manager") for i in range(5)] + [person(i) for i in range(10, CHUNK_SIZE + 20)]
    report = import_items([*records, again])
    assert report.created == CHUNK_SIZE + 10 and report.updated >= 6
    assert trigger_present() and index_rows() == document_rows()
    found = current_database().execute_sql(
        "SELECT rowid FROM contact_search WHERE contact_search MATCH 'director'"
    ).fetchall()
    assert len(found) == 1


def test_a_contact_added_after_an_import_is_indexed_by_the_trigger(db) -> None:
    import_items([person(1)])
    Contact.create(first_name="Zed", last_name="Quist", full_name="Zed Quist", sort_name="quist")
    assert trigger_present() and index_rows() == document_rows() and len(index_rows()) == 2


def test_a_dry_run_leaves_the_index_and_the_trigger_as_they_were(db) -> None:
    import_items([person(1)])
    before = index_rows()
    import_items([person(i) for i in range(2, 50)], dry_run=True)
    assert trigger_present() and index_rows() == before == document_rows()


def test_contacts_an_import_gives_details_and_tags_are_found_by_them_and_undo_takes_that_back(db, network) -> None:
    def bare(i: int, **more) -> ContactRecord:
        return ContactRecord(
            first_name=f"Bo{i}", last_name="Ek", company="Initech", profile_url=f"https://www.linkedin.com/in/bo-{i}",
            line=i + 2, **more,
        )  # fmt: skip

    import_items([bare(i) for i in range(1, 4)])
    before = index_rows()
    with network.op("Import again") as op:
        import_items([
            bare(1, tags=["speaker"], emails=[Labeled("bo.ek@globex.example", "work")], position="CTO"),
            bare(2, notes="met at the fair in Oslo"),
        ])  # fmt: skip
    assert trigger_present() and index_rows() == document_rows() and index_rows() != before

    def found(words: str) -> list[int]:
        sql = "SELECT rowid FROM contact_search WHERE contact_search MATCH ? ORDER BY rowid"
        return [rowid for (rowid,) in current_database().execute_sql(sql, (words,)).fetchall()]

    bo = found("bo1")
    assert len(bo) == 1 and found("speaker") == bo and found("globex") == bo and found("cto") == bo
    assert found("fair") == found("bo2") and len(found("fair")) == 1
    network.undo(op.id)
    assert index_rows() == document_rows() == before and found("speaker") == [] and found("fair") == []
    network.redo(op.id)
    assert index_rows() == document_rows() and found("speaker") == bo


def test_a_record_without_a_url_finds_a_namesake_who_has_one(db) -> None:
    # The name keys of contacts with a profile URL are read only when a record without one first asks for them.
    import_items([person(i) for i in range(CHUNK_SIZE + 3)])
    bare = ContactRecord(first_name="Ann7", last_name="Lee", company="Acme", notes="no URL in this file", line=2)
    report = import_items([bare])
    assert (report.created, report.updated) == (0, 1)
    assert Contact.get(Contact.first_name == "Ann7").notes == "no URL in this file"
    assert trigger_present() and index_rows() == document_rows()


def test_an_import_asks_the_database_per_chunk_not_per_record(db) -> None:
    # Set-wise: a few queries per chunk of CHUNK_SIZE records, whether the records are new or found again.
    statements: list[str] = []
    connection = current_database().connection()

    def queries() -> int:
        return sum(1 for sql in statements if sql.lstrip().upper().startswith("SELECT"))

    connection.set_trace_callback(statements.append)
    try:
        first = import_items([person(i) for i in range(3 * CHUNK_SIZE)])
        asked_first = queries()
        statements.clear()
        again = import_items([person(i, position="Director") for i in range(3 * CHUNK_SIZE)])
        asked_again = queries()
    finally:
        connection.set_trace_callback(None)
    assert first.created == 3 * CHUNK_SIZE and again.updated == 3 * CHUNK_SIZE
    assert asked_first < 40 and asked_again < 40
    assert index_rows() == document_rows()
