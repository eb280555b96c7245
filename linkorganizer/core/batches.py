"""Import batches: the list of past imports, and undoing (or redoing) one of them as a whole.

The importer records, per batch, which records it created and which contacts it updated (with the values it
replaced and the details, tags and groups it added). Undoing a batch deletes what it created and puts back what it
replaced; a snapshot of what is removed is kept in the batch so a redo restores it with the same ids.

A batch can be undone later, from the list, only while the contacts it touched are as the import left them:
a contact edited since would lose the edit, so it blocks, and the blockers are named.
"""

from __future__ import annotations

import base64
import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any

from linkorganizer.core import normalize
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import ImportBatch, ImportChange, utcnow

# Entity → table, and the child rows that go with a contact.
TABLES = {
    "contact": "contact",
    "invitation": "invitation",
    "group": "goal_group",
    "introduction": "introduction",
    "interaction": "interaction",
}
CONTACT_CHILDREN = ("contact_field", "contact_tag", "membership")


class BatchBlocked(Exception):
    """Contacts were edited after the import; undoing it would lose those edits."""

    def __init__(self, blockers: list[tuple[int, str]]) -> None:
        self.blockers = blockers
        names = ", ".join(name for _, name in blockers[:5])
        more = f" and {len(blockers) - 5} more" if len(blockers) > 5 else ""
        super().__init__(f"{len(blockers)} contacts were edited after this import: {names}{more}")


@dataclass(frozen=True, slots=True)
class BatchInfo:
    id: int
    file_name: str
    format: str
    started_at: _dt.datetime
    created: int
    updated: int
    unchanged: int
    skipped: int
    undone: bool


def list_batches() -> list[BatchInfo]:
    return [
        BatchInfo(
            b.id,
            b.file_name,
            b.format,
            b.started_at,
            b.created_count,
            b.updated_count,
            b.unchanged_count,
            b.skipped_count,
            b.undone_at is not None,
        )
        for b in ImportBatch.select().order_by(ImportBatch.started_at.desc(), ImportBatch.id.desc())
    ]


def _encode(value: Any) -> Any:
    if isinstance(value, (bytes, memoryview)):
        return {"__bytes__": base64.b64encode(bytes(value)).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "__bytes__" in value:
        return base64.b64decode(value["__bytes__"])
    return value


def _rows(table: str, where: str, params: list[Any]) -> list[dict[str, Any]]:
    cursor = current_database().execute_sql(f"SELECT * FROM {table} WHERE {where}", params)  # noqa: S608
    names = [d[0] for d in cursor.description]
    return [{k: _encode(v) for k, v in zip(names, row)} for row in cursor.fetchall()]


def _insert(table: str, row: dict[str, Any]) -> None:
    columns = list(row)
    marks = ",".join("?" * len(columns))
    current_database().execute_sql(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
        [_decode(row[c]) for c in columns],
    )


def _changes(batch_id: int) -> list[ImportChange]:
    return list(ImportChange.select().where(ImportChange.batch == batch_id).order_by(ImportChange.id))


def undo_blockers(batch_id: int) -> list[tuple[int, str]]:
    """Contacts (id, name) changed since the import, which stop it from being undone."""
    blockers = []
    db = current_database()
    for change in _changes(batch_id):
        if change.entity != "contact":
            continue
        row = db.execute_sql("SELECT full_name, updated_at FROM contact WHERE id = ?", (change.entity_id,)).fetchone()
        if row is None:
            continue
        if change.stamp is not None and str(row[1]) != str(change.stamp):
            blockers.append((change.entity_id, row[0] or f"contact {change.entity_id}"))
    return blockers


def undo_batch(batch_id: int, force: bool = False) -> None:
    """Take back everything the import did. Unless *force*, refuse when contacts were edited since."""
    with atomic():
        batch = ImportBatch.get_by_id(batch_id)
        if batch.undone_at is not None:
            return
        if not force:
            blockers = undo_blockers(batch_id)
            if blockers:
                raise BatchBlocked(blockers)
        db = current_database()
        # Reverse order: interactions before the introductions and contacts they point to.
        for change in reversed(_changes(batch_id)):
            table = TABLES[change.entity]
            if change.action == "created":
                snapshot: dict[str, Any] = {"row": _rows(table, "id = ?", [change.entity_id])}
                if change.entity == "contact":
                    for child in CONTACT_CHILDREN:
                        snapshot[child] = _rows(child, "contact_id = ?", [change.entity_id])
                if change.entity == "group":
                    snapshot["group_slot"] = _rows("group_slot", "group_id = ?", [change.entity_id])
                    snapshot["membership"] = _rows("membership", "group_id = ?", [change.entity_id])
                if change.entity == "invitation":
                    snapshot["invitation_event"] = _rows("invitation_event", "invitation_id = ?", [change.entity_id])
                db.execute_sql(f"DELETE FROM {table} WHERE id = ?", (change.entity_id,))  # noqa: S608
                change.before = json.dumps(snapshot)
                change.save()
            elif change.action == "updated":
                before = json.loads(change.before or "{}")
                added = before.pop("_added", [])
                before.pop("_after", None)
                after = _rows("contact", "id = ?", [change.entity_id])
                if not after:
                    continue
                current = after[0]
                restore = {k: v for k, v in before.items() if k in current}
                _remove_added(change.entity_id, added)
                _set_contact(change.entity_id, restore)
                before["_added"] = added
                before["_after"] = {k: current[k] for k in restore}
                change.before = json.dumps(before, default=str)
                change.save()
        batch.undone_at = utcnow()
        batch.save()


def redo_batch(batch_id: int) -> None:
    """Apply an undone import again, exactly as it was (same ids)."""
    with atomic():
        batch = ImportBatch.get_by_id(batch_id)
        if batch.undone_at is None:
            return
        for change in _changes(batch_id):
            table = TABLES[change.entity]
            data = json.loads(change.before or "{}")
            if change.action == "created":
                for row in data.get("row", []):
                    _insert(table, row)
                for child in (*CONTACT_CHILDREN, "group_slot", "invitation_event"):
                    if child == "membership" and change.entity == "group":
                        continue
                    for row in data.get(child, []):
                        _insert(child, row)
                if change.entity == "group":
                    for row in data.get("membership", []):
                        _insert("membership", row)
                change.before = None
                change.save()
            elif change.action == "updated":
                _readd(change.entity_id, data.get("_added", []))
                _set_contact(change.entity_id, data.get("_after", {}))
        batch.undone_at = None
        batch.save()


def _set_contact(contact_id: int, values: dict[str, Any]) -> None:
    if not values:
        return
    values = {k: _decode(v) for k, v in values.items() if k not in ("full_name", "sort_name")}
    db = current_database()
    assignments = ", ".join(f"{name} = ?" for name in values)
    db.execute_sql(f"UPDATE contact SET {assignments} WHERE id = ?", [*values.values(), contact_id])  # noqa: S608
    # The shown name follows the name parts it is made of.
    display, first, middle, last, suffix, company = db.execute_sql(
        "SELECT display_name, first_name, middle_name, last_name, name_suffix, company FROM contact WHERE id = ?",
        (contact_id,),
    ).fetchone()
    email = db.execute_sql(
        "SELECT value FROM contact_field WHERE contact_id = ? AND kind = 'email' ORDER BY position LIMIT 1",
        (contact_id,),
    ).fetchone()
    full = normalize.full_name(display, first, middle, last, company, email[0] if email else "", suffix=suffix)
    db.execute_sql(
        "UPDATE contact SET full_name = ?, sort_name = ? WHERE id = ?", (full, normalize.sort_key(full), contact_id)
    )


def _remove_added(contact_id: int, added: list[str]) -> None:
    db = current_database()
    for entry in added:
        kind, _, value = entry.partition(":")
        if kind == "tag":
            db.execute_sql(
                "DELETE FROM contact_tag WHERE contact_id = ? AND tag_id IN (SELECT id FROM tag WHERE name = ?)",
                (contact_id, value),
            )
        elif kind == "group":
            db.execute_sql(
                "DELETE FROM membership WHERE contact_id = ? AND group_id IN"
                " (SELECT id FROM goal_group WHERE name = ?)",
                (contact_id, value),
            )
        else:
            db.execute_sql(
                "DELETE FROM contact_field WHERE contact_id = ? AND kind = ? AND value = ?", (contact_id, kind, value)
            )


def _readd(contact_id: int, added: list[str]) -> None:
    db = current_database()
    now = str(utcnow())
    for entry in added:
        kind, _, value = entry.partition(":")
        if kind == "tag":
            db.execute_sql("INSERT OR IGNORE INTO tag (name) VALUES (?)", (value,))
            db.execute_sql(
                "INSERT OR IGNORE INTO contact_tag (contact_id, tag_id) SELECT ?, id FROM tag WHERE name = ?",
                (contact_id, value),
            )
        elif kind == "group":
            db.execute_sql(
                "INSERT OR IGNORE INTO membership (contact_id, group_id, role, added_at)"
                " SELECT ?, id, '', ? FROM goal_group WHERE name = ?",
                (contact_id, now, value),
            )
        else:
            position = db.execute_sql(
                "SELECT coalesce(max(position), -1) + 1 FROM contact_field WHERE contact_id = ? AND kind = ?",
                (contact_id, kind),
            ).fetchone()[0]
            db.execute_sql(
                "INSERT INTO contact_field (contact_id, kind, label, value, position) VALUES (?, ?, '', ?, ?)",
                (contact_id, kind, value, position),
            )
