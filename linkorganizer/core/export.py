"""What an export reads, and the one read transaction it reads it in.

The writers in :mod:`linkorganizer.formats` turn what this module reads into files; they never read the storage
themselves. An export reads in several queries (the ids, the widest row, the contacts a chunk at a time, the
goal groups, invitations …), so it reads inside :func:`snapshot`: a change another window or process commits
meanwhile is either entirely in the file or not at all, never half of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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
    InvitationEvent,
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


@dataclass(slots=True)
class NetworkContent:
    """Everything in the network about some contacts, as the archive writes it.

    The same records the archive's reader gives the importer, so what is written is what is read back: a goal
    group's members and an invitation's contact name contacts by id (``ref``). ``tags`` and ``settings`` are
    the whole network's, and only there when the whole network was read.
    """

    contacts: list[ContactDetail]
    groups: list[GroupRecord]
    invitations: list[InvitationRecord]
    introductions: list[IntroductionRecord]
    interactions: list[InteractionRecord]
    tags: list[str] | None = None
    settings: dict[str, Any] | None = None


def read_network(contact_ids: Sequence[int] | None = None, group_name: str | None = None) -> NetworkContent:
    """All of the network (contacts in the trash too), or some contacts and what concerns only them, or a goal
    group with its members; read in one :func:`snapshot`."""
    with snapshot():
        return _read_network(contact_ids, group_name)


def _read_network(contact_ids: Sequence[int] | None, group_name: str | None) -> NetworkContent:
    everything = contact_ids is None and group_name is None
    groups_query = GoalGroup.select().order_by(GoalGroup.position, GoalGroup.id)
    if group_name is not None:
        groups_query = groups_query.where(GoalGroup.name == group_name)
        group_ids = [g.id for g in groups_query]
        contact_ids = [
            cid
            for (cid,) in Membership.select(Membership.contact_id)
            .join(Contact)
            .where(Membership.group.in_(group_ids) & Contact.deleted_at.is_null())
            .order_by(Membership.contact_id)
            .tuples()
        ]
    if contact_ids is None:
        contact_ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    ids = list(contact_ids)
    wanted = set(ids)
    contacts = get_contacts(ids)
    groups = []
    for group in groups_query:
        slots = list(GroupSlot.select().where(GroupSlot.group == group).order_by(GroupSlot.position, GroupSlot.id))
        slot_roles = {s.id: s.role for s in slots}
        members = [
            (m.contact_id, slot_roles.get(m.slot_id, m.role or ""))
            for m in Membership.select().where(Membership.group == group).order_by(Membership.contact_id)
            if m.contact_id in wanted
        ]
        if not everything and not members and group_name is None:
            continue
        groups.append(
            GroupRecord(
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
        )
    invitations = []
    for inv in Invitation.select().order_by(Invitation.id):
        if not everything and inv.contact_id not in wanted:
            continue
        events = InvitationEvent.select().where(InvitationEvent.invitation == inv).order_by(InvitationEvent.id)
        invitations.append(
            InvitationRecord(
                direction=inv.direction,
                name=inv.name,
                profile_url=inv.profile_url or "",
                message=inv.message,
                sent_at=inv.sent_at,
                state=inv.state,
                reply=inv.reply,
                note=inv.note,
                contact_ref=inv.contact_id,
                events=[InvitationEventRecord(e.from_state, e.to_state, e.at, e.note) for e in events],
                state_changed_at=inv.state_changed_at,
                created_at=inv.created_at,
                updated_at=inv.updated_at,
                ref=inv.id,
            )
        )
    introductions = [
        IntroductionRecord(
            contact_ref=intro.contact_id,
            scheduled_at=intro.scheduled_at,
            duration_minutes=intro.duration_minutes,
            agenda=intro.agenda,
            notes=intro.notes,
            their_needs=intro.their_needs,
            my_offer=intro.my_offer,
            outcome=intro.outcome,
            held_at=intro.held_at,
            created_at=intro.created_at,
            updated_at=intro.updated_at,
            ref=intro.id,
        )
        for intro in Introduction.select().order_by(Introduction.id)
        if intro.contact_id in wanted
    ]
    interactions = [
        InteractionRecord(
            i.contact_id,
            kind=i.kind,
            occurred_at=i.occurred_at,
            note=i.note,
            introduction_ref=i.introduction_id,
            created_at=i.created_at,
        )
        for i in Interaction.select().order_by(Interaction.occurred_at, Interaction.id)
        if i.contact_id in wanted
    ]
    content = NetworkContent(contacts, groups, invitations, introductions, interactions)
    if everything:
        content.tags = [name for (name,) in Tag.select(Tag.name).order_by(Tag.name).tuples()]
        content.settings = {s.key: stored_json(s.value, None) for s in Setting.select().order_by(Setting.key)}
    return content
