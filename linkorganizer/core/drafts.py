"""A contact being entered by hand, and whether it is still blank: a new contact left before anything was typed
into it is taken back rather than left as a nameless row."""

from __future__ import annotations

from linkorganizer.core.fields import FIELDS
from linkorganizer.db import current_database
from linkorganizer.db.models import references

# What makes a contact someone: any text of its own. Stage, keep-in-touch cadence and source start with defaults
# and say nothing about who it is.
_TEXT_COLUMNS: tuple[str, ...] = tuple(
    spec.name
    for spec in FIELDS
    if spec.scalar and spec.kind in ("text", "verbatim", "url", "birthday", "date") and spec.editor != "source"
)


def _tables_about_contacts() -> list[tuple[str, str]]:
    """(table, column) of every table whose rows point at a contact, read from the models (so rows of a kind
    added later count too)."""
    return [(table, column) for table, column, parent, _ in references() if parent == "contact"]


def is_blank(contact_id: int) -> bool:
    """Whether the contact holds nothing typed by anyone: no name, no company, no text, no e-mail, no tag, no
    group, no interaction, nothing else that points at it. False for a contact that no longer exists."""
    db = current_database()
    # As text: a server's date column has no empty value to compare with.
    columns = ", ".join(f'coalesce(CAST("{name}" AS TEXT), \'\')' for name in _TEXT_COLUMNS)
    row = db.execute_sql(f"SELECT {columns} FROM contact WHERE id = ?", (contact_id,)).fetchone()
    if row is None or any(str(value).strip() for value in row):
        return False
    for table, column in _tables_about_contacts():
        if db.execute_sql(f'SELECT 1 FROM "{table}" WHERE "{column}" = ? LIMIT 1', (contact_id,)).fetchone():
            return False
    return True


__all__ = ["is_blank"]
