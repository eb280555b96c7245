"""What an export reads, and the one read transaction it reads it in.

The writers in :mod:`linkorganizer.formats` turn what this module reads into files; they never read the storage
themselves. An export reads in several queries (the ids, the widest row, the contacts a chunk at a time, the
goal groups, invitations …), so it reads inside :func:`snapshot`: a change another window or process commits
meanwhile is either entirely in the file or not at all, never half of it.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.records import (
    stored_json,
    GroupRecord,
    InteractionRecord,
    IntroductionRecord,
    InvitationEventRecord,
    InvitationRecord,
    SlotRecord,
)
from linkorganizer.db import current_database
from linkorganizer.db.models import (
    Contact,
    GoalGroup,
    GroupSlot,
    Interaction,
    Introduction,
    Invitation,
    Membership,
    Setting,
    Tag,
)


@contextmanager
def snapshot() -> Iterator[None]:
    """One read transaction: everything read inside sees the network as it was at the first read.

    SQLite's write-ahead log keeps that view for the reader while writers go on committing; nested inside a
    transaction that is already open, it is a savepoint of that one and sees what it sees.
    """
    with current_database().atomic():
        yield


def group_contact_ids(group_name: str) -> list[int]:
    """The contacts (not in the trash) placed in a goal group, by name. LookupError for an unknown group."""
    group = GoalGroup.get_or_none(GoalGroup.name == group_name)
    if group is None:
        raise LookupError(f"there is no goal group named “{group_name}”")
    return [
        cid
        for (cid,) in Membership.select(Membership.contact_id)
        .join(Contact)
        .where((Membership.group == group) & Contact.deleted_at.is_null())
        .order_by(Contact.sort_name)
        .tuples()
    ]


def max_detail_counts(contact_ids: Sequence[int]) -> dict[str, int]:
    """Per detail kind (email, phone …), the most of that kind any one of the contacts has; kinds none has are absent."""
    counts: dict[str, int] = {}
    db = current_database()
    for start in range(0, len(contact_ids), 900):
        chunk = list(contact_ids[start : start + 900])
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            f"SELECT kind, max(n) FROM (SELECT kind, count(*) AS n FROM contact_field WHERE contact_id IN ({marks})"
            " GROUP BY contact_id, kind) AS per_contact GROUP BY kind",
            chunk,
        )
        for kind, n in rows:
            counts[kind] = max(counts.get(kind, 0), n)
    return counts


EXPORT_PAGE = 1000  # contacts read (and written) at a time: memory stays flat whatever the size of the network


def contact_details(contact_ids: Sequence[int]) -> Iterator[ContactDetail]:
    """The contacts' full details in the order of *contact_ids*, read a page at a time as they are taken.

    Call it inside :func:`snapshot` (an export does) so that every page sees the network at the same moment."""
    ids = list(contact_ids)
    for start in range(0, len(ids), EXPORT_PAGE):
        yield from get_contacts(ids[start : start + EXPORT_PAGE])


@dataclass(slots=True)
class NetworkContent:
    """Everything in the network about some contacts, as the archive writes it.

    The same records the archive's reader gives the importer, so what is written is what is read back: a goal
    group's members and an invitation's contact name contacts by id (``ref``). ``tags`` and ``settings`` are
    the whole network's, and only there when the whole network was read. From :func:`stream_network` the lists
    are iterators that read as they are taken (inside the caller's :func:`snapshot`); from :func:`read_network`,
    lists.
    """

    contacts: Iterable[ContactDetail]
    groups: Iterable[GroupRecord]
    invitations: Iterable[InvitationRecord]
    introductions: Iterable[IntroductionRecord]
    interactions: Iterable[InteractionRecord]
    tags: list[str] | None = None
    settings: dict[str, Any] | None = None
    count: int = 0  # contacts


def read_network(contact_ids: Sequence[int] | None = None, group_name: str | None = None) -> NetworkContent:
    """All of the network (contacts in the trash too), or some contacts and what concerns only them, or a goal
    group with its members; read in one :func:`snapshot`, every list whole."""
    with snapshot():
        content = stream_network(contact_ids, group_name)
        content.contacts = list(content.contacts)
        content.groups = list(content.groups)
        content.invitations = list(content.invitations)
        content.introductions = list(content.introductions)
        content.interactions = list(content.interactions)
    return content


def stream_network(contact_ids: Sequence[int] | None = None, group_name: str | None = None) -> NetworkContent:
    """What :func:`read_network` reads, each list read a page at a time as it is taken, so that a writer holds
    one page at a time; call it, and take the lists, inside one :func:`snapshot`."""
    everything = contact_ids is None and group_name is None
    group_ids: list[int] | None = None
    if group_name is not None:
        group_ids = [gid for (gid,) in GoalGroup.select(GoalGroup.id).where(GoalGroup.name == group_name).tuples()]
        contact_ids = [
            cid
            for (cid,) in Membership.select(Membership.contact_id)
            .join(Contact)
            .where(Membership.group.in_(group_ids) & Contact.deleted_at.is_null())
            .order_by(Membership.contact_id)
            .tuples()
        ]
    if contact_ids is None:
        contact_ids = [cid for (cid,) in current_database().execute_sql("SELECT id FROM contact ORDER BY id")]
    ids = list(contact_ids)
    wanted = set(ids)
    content = NetworkContent(
        contact_details(ids),
        _groups(wanted, group_ids, keep_empty=everything or group_name is not None),
        _invitations(wanted, everything),
        _introductions(wanted),
        _interactions(wanted),
        count=len(ids),
    )
    if everything:
        content.tags = [name for (name,) in Tag.select(Tag.name).order_by(Tag.name).tuples()]
        content.settings = {s.key: stored_json(s.value, None) for s in Setting.select().order_by(Setting.key)}
    return content


def _moment(stored: Any) -> Any:
    """A stored date and time as Peewee reads it (a datetime), for rows read as plain tuples: the text the app
    writes is read by one C call; anything else goes the way Peewee's DateTimeField goes."""
    if stored.__class__ is str:
        try:
            return _dt.datetime.fromisoformat(stored)
        except ValueError:
            pass
    return _PEEWEE_MOMENT(stored)


_PEEWEE_MOMENT = Interaction.occurred_at.python_value


def _blocks(sql: str, params: Sequence[Any] = ()) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of a query as plain tuples, a block at a time (no model object per row)."""
    cursor = current_database().execute_sql(sql, params)
    while rows := cursor.fetchmany(EXPORT_PAGE):
        yield rows


def _groups(wanted: set[int], group_ids: list[int] | None, keep_empty: bool) -> Iterator[GroupRecord]:
    groups_query = GoalGroup.select().order_by(GoalGroup.position, GoalGroup.id)
    if group_ids is not None:
        groups_query = groups_query.where(GoalGroup.id.in_(group_ids))
    for group in list(groups_query):
        slots = list(GroupSlot.select().where(GroupSlot.group == group).order_by(GroupSlot.position, GroupSlot.id))
        slot_roles = {s.id: s.role for s in slots}
        members = [
            (cid, slot_roles.get(slot_id, role or ""))
            for rows in _blocks(
                "SELECT contact_id, slot_id, role FROM membership WHERE group_id = ? ORDER BY contact_id", (group.id,)
            )
            for cid, slot_id, role in rows
            if cid in wanted
        ]
        if not keep_empty and not members:
            continue
        yield GroupRecord(
            name=group.name,
            purpose=group.purpose,
            colour=group.colour,
            position=group.position,
            collapsed=group.collapsed,
            slots=[SlotRecord(s.role, s.needed) for s in slots],
            members=members,
            created_at=group.created_at,
            updated_at=group.updated_at,
        )


def _invitations(wanted: set[int], everything: bool) -> Iterator[InvitationRecord]:
    moment = _moment
    for rows in _blocks(
        "SELECT id, direction, name, profile_url, message, sent_at, state, reply, note, contact_id,"
        " state_changed_at, created_at, updated_at FROM invitation ORDER BY id"
    ):
        page = [row for row in rows if everything or row[9] in wanted]
        if not page:
            continue
        events: dict[int, list[InvitationEventRecord]] = {row[0]: [] for row in page}
        for block in _blocks(
            "SELECT invitation_id, from_state, to_state, at, note FROM invitation_event"
            " WHERE invitation_id IN (SELECT value FROM json_each(?)) ORDER BY id",
            (json.dumps(list(events)),),
        ):
            for iid, from_state, to_state, at, note in block:
                events[iid].append(InvitationEventRecord(from_state, to_state, moment(at), note))
        for iid, direction, name, url, message, sent, state, reply, note, cid, changed, created, updated in page:
            yield InvitationRecord(
                direction=direction,
                name=name,
                profile_url=url or "",
                message=message,
                sent_at=moment(sent),
                state=state,
                reply=reply,
                note=note,
                contact_ref=cid,
                events=events[iid],
                state_changed_at=moment(changed),
                created_at=moment(created),
                updated_at=moment(updated),
                ref=iid,
            )


def _introductions(wanted: set[int]) -> Iterator[IntroductionRecord]:
    moment = _moment
    for rows in _blocks(
        "SELECT id, contact_id, scheduled_at, duration_minutes, agenda, notes, their_needs, my_offer, outcome,"
        " held_at, created_at, updated_at FROM introduction ORDER BY id"
    ):
        for iid, cid, scheduled, minutes, agenda, notes, needs, offer, outcome, held, created, updated in rows:
            if cid not in wanted:
                continue
            yield IntroductionRecord(
                contact_ref=cid,
                scheduled_at=moment(scheduled),
                duration_minutes=minutes,
                agenda=agenda,
                notes=notes,
                their_needs=needs,
                my_offer=offer,
                outcome=outcome,
                held_at=moment(held),
                created_at=moment(created),
                updated_at=moment(updated),
                ref=iid,
            )


def _interactions(wanted: set[int]) -> Iterator[InteractionRecord]:
    moment = _moment
    # NOT INDEXED: one pass over the table and a sort (spilled to a temporary file when large) is twice as fast
    # as walking the occurred_at index and looking every row up from it.
    for rows in _blocks(
        "SELECT contact_id, kind, occurred_at, note, introduction_id, created_at, private FROM interaction"
        " NOT INDEXED ORDER BY occurred_at, id"
    ):
        for cid, kind, occurred, note, intro, created, private in rows:
            if cid in wanted:
                yield InteractionRecord(
                    cid, kind=kind, occurred_at=moment(occurred), note=note, introduction_ref=intro,
                    created_at=moment(created), private=bool(private),
                )
