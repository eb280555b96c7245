"""Likely namesakes: the contacts a person being added may already be.

Before a new contact comes into being — an invitation accepted, a contact added by hand, an invitation entered —
the app asks "is this one of these people?" with the contacts that share the profile URL, an e-mail address or the
name, each shown with what tells them apart (position, company). Choosing one links the invitation to that contact
instead of creating a fourth "Shira Cohen". Plain queries, no Qt; the few writes run inside the caller's operation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from linkorganizer.core import normalize
from linkorganizer.core.contacts import create_contact
from linkorganizer.db import current_database
from linkorganizer.db.models import utcnow

# Why a contact is listed, strongest first: a profile URL is one person; an e-mail nearly so; a name is a guess.
PROFILE, EMAIL, NAME = "profile", "email", "name"
_STRENGTH = {PROFILE: 0, EMAIL: 1, NAME: 2}


@dataclass(frozen=True, slots=True)
class Match:
    """A contact the person may be, and why."""

    contact_id: int
    name: str
    position: str
    company: str
    location: str
    reasons: tuple[str, ...]  # PROFILE, EMAIL, NAME
    in_trash: bool = False

    @property
    def certain(self) -> bool:
        """The same profile URL: the same person, no need to ask."""
        return PROFILE in self.reasons


def likely_matches(
    name: str = "",
    profile_url: str = "",
    emails: Iterable[str] = (),
    exclude: Iterable[int] = (),
    limit: int = 12,
) -> list[Match]:
    """The contacts that share *profile_url* (even in the trash), one of *emails*, or the name *name* (case and
    accents ignored; active contacts only), strongest reason first, then by name. *exclude*: contacts not to
    list (the one being entered)."""
    db = current_database()
    skip = {int(cid) for cid in exclude}
    reasons: dict[int, list[str]] = {}

    def found(rows: Iterable[tuple[Any, ...]], why: str) -> None:
        for (cid,) in rows:
            if cid is not None and int(cid) not in skip:
                reasons.setdefault(int(cid), []).append(why)

    url = normalize.profile_url(profile_url or "")
    if url:
        found(db.execute_sql("SELECT id FROM contact WHERE profile_url = ?", (url,)).fetchall(), PROFILE)
    keys = sorted({normalize.email_key(e) for e in emails if e and e.strip()})
    if keys:
        marks = ",".join("?" * len(keys))
        found(
            db.execute_sql(
                "SELECT DISTINCT f.contact_id FROM contact_field f JOIN contact c ON c.id = f.contact_id"
                f" WHERE f.kind = 'email' AND lower(trim(f.value)) IN ({marks}) AND c.deleted_at IS NULL",
                keys,
            ).fetchall(),
            EMAIL,
        )
    words = " ".join((name or "").split())
    if words:
        found(
            db.execute_sql(
                "SELECT id FROM contact WHERE deleted_at IS NULL AND (sort_name = ?"
                " OR trim(first_name || ' ' || last_name) = ? COLLATE NOCASE)",
                (normalize.sort_key(words), words),
            ).fetchall(),
            NAME,
        )
    if not reasons:
        return []
    ids = sorted(reasons)
    marks = ",".join("?" * len(ids))
    rows = db.execute_sql(
        f"SELECT id, full_name, position, company, location, deleted_at FROM contact WHERE id IN ({marks})", ids
    ).fetchall()
    matches = [
        Match(int(cid), full or "", position or "", company or "", location or "",
              tuple(sorted(set(reasons[int(cid)]), key=_STRENGTH.__getitem__)), deleted is not None)
        for cid, full, position, company, location, deleted in rows
    ]  # fmt: skip
    matches.sort(key=lambda m: (_STRENGTH[m.reasons[0]], normalize.sort_key(m.name), m.contact_id))
    return matches[:limit]


def contact_matches(contact_id: int) -> list[Match]:
    """The other contacts a contact being entered may be (its name, profile URL, e-mails)."""
    db = current_database()
    row = db.execute_sql(
        "SELECT first_name, last_name, coalesce(profile_url, '') FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    if row is None:
        return []
    first, last, url = row
    emails = [
        value
        for (value,) in db.execute_sql(
            "SELECT value FROM contact_field WHERE contact_id = ? AND kind = 'email'", (contact_id,)
        ).fetchall()
    ]
    # A first name alone ("Shira") says too little to ask about.
    name = f"{first} {last}" if (first or "").strip() and (last or "").strip() else ""
    return likely_matches(name, url, emails, exclude=[contact_id])


def invitation_matches(invitation_id: int) -> list[Match]:
    """The contacts an invitation's person may be; empty once it is linked to a contact."""
    row = _invitation(invitation_id)
    if row is None or row[2] is not None:
        return []
    return likely_matches(row[0], row[1])


def _invitation(invitation_id: int) -> tuple[str, str, int | None] | None:
    """(name, profile URL, linked contact) of an invitation."""
    row = current_database().execute_sql(
        "SELECT coalesce(name, ''), coalesce(profile_url, ''), contact_id FROM invitation WHERE id = ?",
        (invitation_id,),
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), row[2])


def needs_asking(matches: Sequence[Match]) -> bool:
    """Whether to ask "is this one of these people?": there are candidates and none is certain."""
    return bool(matches) and not any(m.certain for m in matches)


def link_invitation(invitation_id: int, contact_id: int) -> None:
    """Link an invitation to the contact the user said it is (accepting then updates that contact)."""
    current_database().execute_sql(
        "UPDATE invitation SET contact_id = ?, updated_at = ? WHERE id = ?", (contact_id, str(utcnow()), invitation_id)
    )


def new_contact_for_invitation(invitation_id: int, cadence_days: int | None = None) -> int:
    """The user said the invitation's person is none of the namesakes: a contact of their own, linked to the
    invitation (accepting then connects it, whatever contacts share the name)."""
    from linkorganizer.core.invitations import _split_name  # one way of reading an invitation's name

    row = _invitation(invitation_id)
    if row is None:
        raise LookupError("This invitation no longer exists.")
    name, url = " ".join(row[0].split()), row[1]
    values: dict[str, Any] = {**_split_name(name), "source": "invitation", "stage": "invited"}
    if url:
        values["profile_url"] = url
        if not name:
            values["display_name"] = url
    if cadence_days:
        values["cadence_days"] = cadence_days
    contact_id = create_contact(values)
    link_invitation(invitation_id, contact_id)
    return contact_id


def roles(contact_ids: Iterable[int]) -> dict[int, tuple[str, str]]:
    """(position, company) of each contact: what tells namesakes apart wherever people are listed."""
    ids = sorted({int(cid) for cid in contact_ids if cid is not None})
    out: dict[int, tuple[str, str]] = {}
    db = current_database()
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        for cid, position, company in db.execute_sql(
            f"SELECT id, position, company FROM contact WHERE id IN ({marks})", chunk
        ).fetchall():
            out[int(cid)] = (position or "", company or "")
    return out


__all__ = [
    "EMAIL",
    "NAME",
    "PROFILE",
    "Match",
    "contact_matches",
    "invitation_matches",
    "likely_matches",
    "link_invitation",
    "needs_asking",
    "new_contact_for_invitation",
    "roles",
]
