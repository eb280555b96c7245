"""Plain records that readers produce and writers consume; the currency between formats and core."""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

# One limit for every format: no contact field is a megabyte long (a longer one means a broken quote or a wrong
# file), and no photo is more than 16 MB. Readers refuse a file that holds more, naming the line.
MAX_FIELD = 1024 * 1024
MAX_PHOTO = 16 * 1024 * 1024

STAGES: tuple[str, ...] = ("prospect", "invited", "introduced", "connected", "keep_in_touch", "not_a_fit")
STAGE_LABELS: dict[str, str] = {
    "prospect": "Prospect",
    "invited": "Invited",
    "introduced": "Introduced",
    "connected": "Connected",
    "keep_in_touch": "Keep in touch",
    "not_a_fit": "Not a fit",
}
FIELD_KINDS: tuple[str, ...] = ("email", "phone", "address", "url")


@dataclass(slots=True)
class Labeled:
    value: str
    label: str = ""


@dataclass(slots=True)
class ContactRecord:
    """One contact as a file describes it. Empty strings and empty lists mean "the file says nothing"."""

    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    name_suffix: str = ""
    display_name: str = ""
    company: str = ""
    position: str = ""
    location: str = ""
    profile_url: str = ""
    emails: list[Labeled] = field(default_factory=list)
    phones: list[Labeled] = field(default_factory=list)
    addresses: list[Labeled] = field(default_factory=list)
    urls: list[Labeled] = field(default_factory=list)
    birthday: str = ""
    connected_on: _dt.date | None = None
    notes: str = ""
    help_them: str = ""
    help_me: str = ""
    cadence_days: int | None = None
    stage: str = ""
    source: str = ""
    tags: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    photo: bytes | None = None
    # Only the app's own archive carries these; other formats leave them None.
    ref: int | None = None
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
    deleted_at: _dt.datetime | None = None
    line: int = 0  # where in the file the record starts (for messages)


@dataclass(slots=True)
class SlotRecord:
    role: str
    needed: int = 1


@dataclass(slots=True)
class GroupRecord:
    name: str
    purpose: str = ""
    colour: str = ""
    position: int | None = None
    collapsed: bool = False
    slots: list[SlotRecord] = field(default_factory=list)
    # (contact ref, slot role or "") for the archive; other formats use ContactRecord.groups.
    members: list[tuple[int, str]] = field(default_factory=list)
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
    line: int = 0


@dataclass(slots=True)
class InvitationEventRecord:
    from_state: str
    to_state: str
    at: _dt.datetime
    note: str = ""


@dataclass(slots=True)
class InvitationRecord:
    direction: str
    name: str = ""
    profile_url: str = ""
    message: str = ""
    sent_at: _dt.datetime | None = None
    state: str = "new"
    reply: str = ""
    note: str = ""
    contact_ref: int | None = None
    events: list[InvitationEventRecord] = field(default_factory=list)
    state_changed_at: _dt.datetime | None = None
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
    ref: int | None = None
    line: int = 0


@dataclass(slots=True)
class IntroductionRecord:
    contact_ref: int
    scheduled_at: _dt.datetime | None = None
    duration_minutes: int = 30
    agenda: str = ""
    notes: str = ""
    their_needs: str = ""
    my_offer: str = ""
    outcome: str | None = None
    held_at: _dt.datetime | None = None
    created_at: _dt.datetime | None = None
    updated_at: _dt.datetime | None = None
    ref: int | None = None
    line: int = 0


@dataclass(slots=True)
class InteractionRecord:
    """One interaction with a contact.

    The app's own archive names the contact by its reference in the file (``contact_ref``). Other files (LinkedIn's
    messages.csv) only know the person: ``contact_url`` and/or ``contact_name``, which the importer resolves against
    the contacts already in the network (profile URL first, then the exact full name, ignoring case); a person it
    cannot find makes the interaction a skipped row, never an error.
    """

    contact_ref: int | None = None
    _: KW_ONLY
    kind: str
    occurred_at: _dt.datetime
    note: str = ""
    introduction_ref: int | None = None
    created_at: _dt.datetime | None = None
    line: int = 0
    contact_url: str = ""
    contact_name: str = ""
    # Seen by the one who logged it only, on a shared network. Who that was is not carried: a role is a server's;
    # the network the archive is imported into records its own importer.
    private: bool = False


@dataclass(slots=True)
class TagRecord:
    """A tag that exists even if no contact carries it (the archive lists them all)."""

    name: str


@dataclass(slots=True)
class SettingRecord:
    key: str
    value: Any


@dataclass(slots=True)
class ContactsComplete:
    """Said by a reader once it has given every contact of the file (the app's archive, after its contacts list).

    What follows it (goal groups, invitations, introductions, interactions) can then be applied as it comes,
    instead of being held until the end of the file: the memory of an import stays flat however long the history.
    """


@dataclass(slots=True)
class PartStart:
    """In a file made of several files (LinkedIn's data archive): what follows comes from the part *name*
    (``what`` says what it holds, e.g. "connections"). The importer counts what each part adds, and names the
    part in its skipped lines and warnings."""

    name: str
    what: str = ""


@dataclass(slots=True)
class Skipped:
    """A row the reader passed over on purpose, with the reason (e.g. a hidden LinkedIn member)."""

    line: int
    reason: str


@dataclass(slots=True)
class RowWarning:
    """Something imported, but not entirely as written (e.g. a date that could not be read)."""

    line: int
    message: str


class FormatError(Exception):
    """A file that cannot be imported. The message names the file, the line and the reason."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"{where}: {reason}")


class ImportCancelled(Exception):
    """The user cancelled an import; everything it wrote has been rolled back."""


def stored_json(text: str | None, default: Any) -> Any:
    """A JSON value the database holds, read back without ever failing: a value another program (or a hand
    edit) left unreadable is kept as its raw text under "unreadable", so an export carries it instead of crashing."""
    if not text:
        return default
    try:
        value = json.loads(text)
    except ValueError:
        return {"unreadable": text} if isinstance(default, dict) else text
    if isinstance(default, dict) and not isinstance(value, dict):
        return {"unreadable": text}
    return value
