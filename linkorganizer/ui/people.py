"""How a person is named in a list: the name, and beside it what tells namesakes apart (position, company).

One place, so the three Shira Cohens read the same way in the due list, the interactions, the call lists, the
contact picker, the import preview and the "is this one of these people?" question.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication

from linkorganizer.core import matches


def tr(text: str) -> str:
    return QCoreApplication.translate("people", text)


def contacts_text(widget, count: int) -> str:
    """ "1 contact", "5 contacts", in the widget's translation context."""
    return widget.tr("1 contact") if count == 1 else widget.tr("{n} contacts").format(n=count)


def role_text(position: str = "", company: str = "") -> str:
    """"CTO at Acme", "CTO", "Acme" or ""."""
    return _role(position, company, tr("{position} at {company}"))


def _role(position: str, company: str, at: str) -> str:
    position, company = (position or "").strip(), (company or "").strip()
    if position and company:
        return at.format(position=position, company=company)
    return position or company


def person_text(name: str, position: str = "", company: str = "") -> str:
    """"Shira Cohen · CTO at Acme" (the name alone when nothing else is known)."""
    role = role_text(position, company)
    return f"{name} · {role}" if role and name else (name or role)


def roles_of(contact_ids: Iterable[int | None]) -> dict[int, str]:
    """role_text of each contact, read in one query (for a list's reload)."""
    at = tr("{position} at {company}")  # translated once, not once per person of a long list
    return {cid: _role(position, company, at) for cid, (position, company) in matches.roles(
        cid for cid in contact_ids if cid is not None).items()}


def with_role(name: str, role: str) -> str:
    """A name with a role read by :func:`roles_of`."""
    return f"{name} · {role}" if role and name else name


__all__ = ["person_text", "role_text", "roles_of", "with_role"]
