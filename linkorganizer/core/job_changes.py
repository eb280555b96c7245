"""Job changes: a contact's new company or position, as an import saw it.

The importer records one mark per contact and import (:func:`record`, inside the import's operation, so undoing
the import takes the mark away with it). The mark stays on the contact — the editor shows it, the contact table
has a column and a filter for it — and the Today page lists it until it is dismissed (:func:`dismiss`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from linkorganizer.core.normalize import day, moment
from linkorganizer.db import current_database
from linkorganizer.db.models import utcnow


@dataclass(frozen=True, slots=True)
class JobChangeRow:
    id: int
    contact_id: int
    name: str
    changed_on: _dt.date | None
    company_before: str
    position_before: str
    company_after: str
    position_after: str
    dismissed_at: _dt.datetime | None

    @property
    def before(self) -> str:
        return job_text(self.position_before, self.company_before)

    @property
    def after(self) -> str:
        return job_text(self.position_after, self.company_after)


def job_text(position: str, company: str) -> str:
    """“Designer at Acme”, or whichever of the two is known; empty when neither is."""
    return " at ".join(part for part in (position, company) if part)


def record(cursor: Any, contact_id: int, changes: Mapping[str, tuple[Any, Any]], on: str, batch_id: int | None) -> None:
    """Mark a job change the importer found (*changes*: field → (before, after); unchanged parts are read from the
    contact). Runs on the importer's cursor, in its transaction."""
    company, position = cursor.execute("SELECT company, position FROM contact WHERE id = ?", (contact_id,)).fetchone()
    record_all(cursor, [mark(contact_id, changes, company, position, on, batch_id)])


def mark(
    contact_id: int, changes: Mapping[str, tuple[Any, Any]], company: str, position: str, on: str, batch_id: int | None
) -> tuple[Any, ...]:
    """The row of one mark: *company* and *position* are the contact's now (the parts that did not change)."""
    old_company, new_company = changes.get("company", (company, company))
    old_position, new_position = changes.get("position", (position, position))
    return (contact_id, on, old_company or "", old_position or "", new_company or "", new_position or "", batch_id)


def record_all(cursor: Any, marks: list[tuple[Any, ...]]) -> None:
    """Write the marks of :func:`mark` with one statement per few thousand (an import finds hundreds at once)."""
    columns = "contact_id, changed_on, company_before, position_before, company_after, position_after, import_batch"
    for start in range(0, len(marks), 4000):
        batch = marks[start : start + 4000]
        values = ",".join(["(?, ?, ?, ?, ?, ?, ?)"] * len(batch))
        cursor.execute(
            f"INSERT INTO job_change ({columns}) VALUES {values}", [value for row in batch for value in row]
        )


_ROW_SQL = (
    "SELECT j.id, j.contact_id, c.full_name, j.changed_on, j.company_before, j.position_before, j.company_after,"
    " j.position_after, j.dismissed_at FROM job_change j JOIN contact c ON c.id = j.contact_id"
)


def _row(raw: tuple[Any, ...]) -> JobChangeRow:
    jid, cid, name, on, cb, pb, ca, pa, dismissed = raw
    return JobChangeRow(jid, cid, name or "", day(on), cb or "", pb or "", ca or "", pa or "", moment(dismissed))


def of_contact(contact_id: int) -> list[JobChangeRow]:
    """A contact's job changes, newest first."""
    rows = current_database().execute_sql(
        _ROW_SQL + " WHERE j.contact_id = ? ORDER BY j.changed_on DESC, j.id DESC", (contact_id,)
    )
    return [_row(raw) for raw in rows]


def open_changes() -> list[JobChangeRow]:
    """Job changes not dismissed yet, of contacts not in the trash, newest first (the Today page's)."""
    rows = current_database().execute_sql(
        _ROW_SQL + " WHERE j.dismissed_at IS NULL AND c.deleted_at IS NULL ORDER BY j.changed_on DESC, c.sort_name"
    )
    return [_row(raw) for raw in rows]


def dismiss(job_change_ids: Iterable[int]) -> int:
    """Take job changes off the Today page (the mark stays on the contact); returns how many were open."""
    ids = sorted(set(job_change_ids))
    if not ids:
        return 0
    marks = ", ".join("?" * len(ids))
    cursor = current_database().execute_sql(
        f"UPDATE job_change SET dismissed_at = ? WHERE dismissed_at IS NULL AND id IN ({marks})",  # noqa: S608
        (str(utcnow()), *ids),
    )
    return cursor.rowcount


__all__ = ["JobChangeRow", "dismiss", "job_text", "of_contact", "open_changes", "record"]
