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
