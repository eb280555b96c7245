"""What a call or an invitation's reply taught about a person, kept on the contact where it is looked for.

A call's "what they need" and "what I can offer", and their answer to "How may I help you?", are all about how I
can help them: they are appended, with their date and where they came from, to the contact's *How I can help
them* (``help_them``), which search reads. Appending the same words twice adds nothing; nothing is ever replaced.
"""

from __future__ import annotations

import datetime as _dt

from linkorganizer.db.models import Contact, utcnow

FIELDS = ("help_them", "help_me")


def note_learned(contact_id: int, field: str, text: str, on: _dt.date, source: str) -> bool:
    """Append *text* to the contact's *field* as “YYYY-MM-DD, source: text”; False when there was nothing new to
    add (empty, already there, or the contact is gone). Runs inside the caller's operation."""
    if field not in FIELDS:
        raise ValueError(f"unknown field {field!r}")
    text = (text or "").strip()
    if not text:
        return False
    column = getattr(Contact, field)
    old = Contact.select(column).where(Contact.id == contact_id).scalar()
    if old is None:
        return False  # the contact is gone
    if text in old:
        return False
    line = f"{on.isoformat()}, {source}: {text}"
    value = f"{old}\n{line}" if old.strip() else line
    Contact.update({column: value, Contact.updated_at: utcnow()}).where(Contact.id == contact_id).execute()
    return True


__all__ = ["FIELDS", "note_learned"]
