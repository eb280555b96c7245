"""Forget a person: the contact and everything that mentions them, gone from the network and its undo history.

Not an undoable change — the point is that nothing can bring them back. What is written over: the rows (SQLite's
``secure_delete`` zeroes the freed pages), their images in the undo log, their name in the titles of past
changes, the search index's segments, and the write-ahead log. What this cannot reach is said to the user:
backups and snapshots made before (they are separate files).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from linkorganizer.db.models import references

log = logging.getLogger("linkorganizer.core")

FORGOTTEN = "a forgotten person"


@dataclass
class Forgotten:
    """What forgetting removed: rows per table (the contact, their details, invitations, calls, interactions,
    memberships …) and entries of the undo history."""

    name: str
    rows: dict[str, int] = field(default_factory=dict)
    history_entries: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _references(db: Any, tables: Iterable[str]) -> dict[str, list[tuple[str, str, str]]]:
    """Per table: (child table, child column, on delete) of every foreign key that points at it."""
    pointing: dict[str, list[tuple[str, str, str]]] = {}
    for child, column, parent, on_delete in references(tables):
        pointing.setdefault(parent, []).append((child, column, on_delete))
    return pointing


def _mentions(db: Any, tables: list[str], contact_id: int, profile_url: str) -> dict[str, set[int]]:
    """The rows that mention the contact: theirs, those pointing at them (whatever the foreign key does on
    delete: an invitation that only lost its link still names them), what cascades from those, and invitations
    from the same profile that were never linked."""
    pointing = _references(db, tables)
    found: dict[str, set[int]] = {"contact": {contact_id}}
    for child, column, _ in pointing.get("contact", []):
        ids = {r for (r,) in db.execute_sql(f'SELECT id FROM "{child}" WHERE "{column}" = ?', (contact_id,))}
        found.setdefault(child, set()).update(ids)
    if profile_url and "invitation" in tables:
        ids = {r for (r,) in db.execute_sql("SELECT id FROM invitation WHERE profile_url = ?", (profile_url,))}
        found.setdefault("invitation", set()).update(ids)
    changed = True
    while changed:  # rows of other tables that go with those (an invitation's events)
        changed = False
        for parent, ids in list(found.items()):
            if parent == "contact" or not ids:
                continue
            for child, column, on_delete in pointing.get(parent, []):
                if on_delete != "CASCADE":
                    continue
                marks = ",".join("?" * len(ids))
                more = {
                    r
                    for (r,) in db.execute_sql(
                        f'SELECT id FROM "{child}" WHERE "{column}" IN ({marks})', sorted(ids)
                    )
                }
                if not more <= found.get(child, set()):
                    found.setdefault(child, set()).update(more)
                    changed = True
    return {table: ids for table, ids in found.items() if ids}


def forget_contact(network: Any, contact_id: int) -> Forgotten:
    """Remove the contact and everything that mentions them for good (see the module's docstring)."""
    db = network.db
    row = db.execute_sql("SELECT full_name, profile_url FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise LookupError(f"there is no contact {contact_id}")
    name, profile_url = str(row[0] or ""), str(row[1] or "")
    tables = [t.name for t in network.log.tables]
    result = Forgotten(name)
    db.execute_sql("PRAGMA secure_delete = ON")
    try:
        with db.atomic("IMMEDIATE"):
            found = _mentions(db, tables, contact_id, profile_url)
            result.rows = {table: len(ids) for table, ids in found.items()}
            # Deleted outside any operation: nothing is written to the undo log, and nothing can be undone.
            for table in reversed(tables):  # children first
                ids = sorted(found.get(table, ()))
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    db.execute_sql(f'DELETE FROM "{table}" WHERE id IN ({",".join("?" * len(chunk))})', chunk)
            images = [(child, column, contact_id) for child, column, _ in _references(db, tables).get("contact", [])]
            if profile_url:
                images += [("contact", "profile_url", profile_url), ("invitation", "profile_url", profile_url)]
            result.history_entries = network.log.forget_rows(found, images)
            if name.strip():
                db.execute_sql("UPDATE op SET title = replace(title, ?, ?) WHERE instr(title, ?) > 0", (name, FORGOTTEN, name))
            if not network.shared:
                # The search index keeps deleted text in its segments until they are merged.
                db.execute_sql("INSERT INTO contact_search(contact_search) VALUES ('optimize')")
    finally:
        db.execute_sql("PRAGMA secure_delete = OFF")
    # Older page images of the person may still sit in the write-ahead log: write it back and empty it.
    db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    log.info("a contact was forgotten: %d rows, %d history entries", result.total, result.history_entries)
    return result
