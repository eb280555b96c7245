"""The puzzle board as the UI reads it: group cards with their pieces, progress and gaps; the box; pickers.

Read-only, and cheap at scale: :func:`board_snapshot` and :func:`group_cards` each run three SQL statements
whatever the number of groups and members (groups, slots, members), so after a drop the UI asks for the one or
two cards the drop touched and nothing else.

Rules the cards follow:

* Contacts in the trash keep their memberships (restoring a contact restores its place on the board) but are not
  shown: no chip, not counted as a member, not filling a slot.
* A slot may hold more members than it needs ("overfill"): nothing refuses it — three good recruiters are not a
  mistake — and :attr:`SlotState.overfilled` lets the card show it. Progress counts each slot as at most its need.
* Progress with slots = filled places / needed places (``Progress.fraction`` in 0..1). A group without slots
  declares no need, so it has no fraction (``fraction is None``): the card shows the member count instead of a
  bar ("4 pieces"), and ``Progress.filled`` is that count.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from linkorganizer.core.contacts import TOUCHING_SQL, fts_query
from linkorganizer.db import current_database


@dataclass(frozen=True, slots=True)
class Chip:
    """One piece on a card. ``role``: the role of the slot it fills, else a role label an import gave ("" if none)."""

    contact_id: int
    group_id: int
    name: str
    company: str
    stage: str
    slot_id: int | None
    role: str
    position: str = ""  # the contact's job title, shown with the company


@dataclass(frozen=True, slots=True)
class SlotState:
    """A slot with how many (shown) members fill it."""

    id: int
    role: str
    needed: int
    filled: int
    position: int

    @property
    def missing(self) -> int:
        return max(0, self.needed - self.filled)

    @property
    def overfilled(self) -> bool:
        return self.filled > self.needed


class MissingPiece(NamedTuple):
    """A gap in the picture: *missing* more pieces with this role (unpacks as ``role, missing, slot_id``)."""

    role: str
    missing: int
    slot_id: int


@dataclass(frozen=True, slots=True)
class Progress:
    """How complete a goal is. See the module docstring for the rule with and without slots."""

    filled: int  # slot places filled (each slot counts at most its need); without slots: the member count
    needed: int  # places the slots ask for; 0 without slots
    members: int
    has_slots: bool

    @property
    def fraction(self) -> float | None:
        """filled / needed in 0..1; None when the group has no slots (show the member count, not a bar)."""
        if not self.has_slots:
            return None
        return 1.0 if self.needed <= 0 else self.filled / self.needed

    @property
    def complete(self) -> bool:
        return self.has_slots and self.filled >= self.needed


@dataclass(frozen=True, slots=True)
class GroupCard:
    """Everything one card on the board shows. ``members`` are sorted by slot (in slot order, unslotted last),
    then by name."""

    id: int
    name: str
    purpose: str
    colour: str
    position: int
    collapsed: bool
    slots: tuple[SlotState, ...]
    members: tuple[Chip, ...]
    deadline: _dt.date | None = None

    @property
    def progress(self) -> Progress:
        return Progress(
            filled=sum(min(s.filled, s.needed) for s in self.slots) if self.slots else len(self.members),
            needed=sum(s.needed for s in self.slots),
            members=len(self.members),
            has_slots=bool(self.slots),
        )

    @property
    def missing(self) -> list[MissingPiece]:
        """The slots still short of pieces, in slot order."""
        return [MissingPiece(s.role, s.missing, s.id) for s in self.slots if s.missing]


@dataclass(frozen=True, slots=True)
class ChipRow:
    """A contact in the box (or anywhere, with "show everyone")."""

    contact_id: int
    name: str
    company: str
    stage: str
    last_interaction: _dt.datetime | None
    group_count: int


@dataclass(frozen=True, slots=True)
class GroupName:
    """A group as a picker lists it."""

    id: int
    name: str
    colour: str


@dataclass(frozen=True, slots=True)
class ContactGroup:
    """One group a contact is in, with the slot it fills there."""

    group_id: int
    name: str
    colour: str
    slot_id: int | None
    role: str


# ---------------------------------------------------------------------------------------------------- the cards


def _rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return current_database().execute_sql(sql, params).fetchall()


def _cards(group_ids: Sequence[int] | None) -> list[GroupCard]:
    """Cards for the given groups (all when None), in board order: three statements in any case."""
    params: list[Any] = []
    only = {"groups": "", "slots": "", "members": ""}
    if group_ids is not None:
        params = [_json_ids(group_ids)]
        only = {
            "groups": " WHERE id IN (SELECT value FROM json_each(?))",
            "slots": " WHERE group_id IN (SELECT value FROM json_each(?))",
            "members": " AND m.group_id IN (SELECT value FROM json_each(?))",
        }
    groups = _rows(
        f"SELECT id, name, purpose, colour, position, collapsed, deadline FROM goal_group{only['groups']}"
        " ORDER BY position, id",
        params,
    )
    slots = _rows(
        f"SELECT id, group_id, role, needed, position FROM group_slot{only['slots']} ORDER BY group_id, position, id",
        params,
    )
    # CROSS JOIN keeps membership as the outer loop: one card reads its members only, not every contact (the
    # planner would otherwise start from the contact_deleted_at index: 6 ms instead of 0.4 ms at 30 000 contacts).
    # A slot of another group (only a damaged file could say so) counts as no slot.
    members = _rows(
        "SELECT m.group_id, m.contact_id, c.full_name, c.company, c.stage, s.id, coalesce(s.role, m.role),"
        " c.position"
        " FROM membership m CROSS JOIN contact c ON c.id = m.contact_id"
        " LEFT JOIN group_slot s ON s.id = m.slot_id AND s.group_id = m.group_id"
        f" WHERE c.deleted_at IS NULL{only['members']}"
        " ORDER BY m.group_id, s.id IS NULL, s.position, s.id, c.sort_name, c.id",
        params,
    )
    slots_of: dict[int, list[tuple[int, str, int, int]]] = defaultdict(list)
    for sid, gid, role, needed, position in slots:
        slots_of[gid].append((sid, role, needed, position))
    chips_of: dict[int, list[Chip]] = defaultdict(list)
    filled: dict[int, int] = defaultdict(int)
    for gid, cid, name, company, stage, sid, role, position in members:
        chips_of[gid].append(Chip(cid, gid, name, company, stage, sid, role or "", position or ""))
        if sid is not None:
            filled[sid] += 1
    return [
        GroupCard(
            id=gid,
            name=name,
            purpose=purpose,
            colour=colour,
            position=position,
            collapsed=bool(collapsed),
            slots=tuple(SlotState(sid, role, needed, filled[sid], spos) for sid, role, needed, spos in slots_of[gid]),
            members=tuple(chips_of[gid]),
            deadline=_parse_date(deadline),
        )
        for gid, name, purpose, colour, position, collapsed, deadline in groups
    ]


def _parse_date(value: Any) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None  # a damaged value reads as no deadline rather than breaking the board


@dataclass(frozen=True, slots=True)
class DeadlineStatus:
    """How a goal stands against its deadline on *today*: ``days_left`` < 0 once it has passed."""

    deadline: _dt.date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def weeks_left(self) -> int:
        """Whole weeks left, for "3 weeks left" (0 within the last week)."""
        return max(0, self.days_left) // 7


def deadline_status(deadline: _dt.date | None, today: _dt.date | None = None) -> DeadlineStatus | None:
    """Where a goal stands against its deadline; None for a goal without one."""
    if deadline is None:
        return None
    today = today or _dt.date.today()
    return DeadlineStatus(deadline, (deadline - today).days)


def _json_ids(ids: Iterable[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"


def board_snapshot() -> list[GroupCard]:
    """Every card, in board order. Three SQL statements whatever the size of the board."""
    return _cards(None)


def group_cards(group_ids: Iterable[int]) -> dict[int, GroupCard]:
    """Cards for some groups (those a drop touched), by id; a group that no longer exists is absent."""
    ids = list(dict.fromkeys(int(g) for g in group_ids))
    if not ids:
        return {}
    return {card.id: card for card in _cards(ids)}


def group_card(group_id: int) -> GroupCard | None:
    """One card, to refresh it after a change; None if the group no longer exists."""
    return group_cards([group_id]).get(int(group_id))


def group_progress(group_id: int) -> Progress | None:
    """A group's progress (see :class:`Progress`); None if the group no longer exists."""
    card = group_card(group_id)
    return card.progress if card else None


def missing_pieces(group_id: int) -> list[MissingPiece]:
    """The gaps of a group: (role, how many still missing, slot id) per slot short of pieces, in slot order."""
    card = group_card(group_id)
    return card.missing if card else []


# ------------------------------------------------------------------------------------------------------- the box


def _parse_stamp(value: Any) -> _dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value
    try:
        return _dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _box_query(search: str, show_everyone: bool) -> tuple[str, str, list[Any]]:
    joins, where, params = "", ["c.deleted_at IS NULL"], []
    match = fts_query(search)
    if match:
        joins = " JOIN contact_search ON contact_search.rowid = c.id"
        where.append("contact_search MATCH ?")
        params.append(match)
    if not show_everyone:
        where.append("NOT EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id)")
    return joins, " AND ".join(where), params


def unplaced_contacts(search: str = "", show_everyone: bool = False, limit: int | None = None) -> list[ChipRow]:
    """The box: contacts in no group (all contacts with *show_everyone*), never those in the trash.

    Most recent interaction first (contacts with none last), then by name. *search* is what the person typed,
    matched like the contact table's search (every word, the last ones as prefixes). One SQL statement.
    """
    joins, where, params = _box_query(search, show_everyone)
    if fts_query(search):
        # A search keeps few contacts: look up each one's last interaction through the contact_id index.
        last = f"(SELECT max(i.occurred_at) FROM interaction i WHERE i.contact_id = c.id AND {TOUCHING_SQL})"
        last_join = ""
    else:
        # Everyone: one pass over the interactions. NOT INDEXED because walking interaction_contact_id visits the
        # table in random order (measured at 60 000 interactions: 93 ms through the index, 54 ms without).
        last = "li.last"
        last_join = (
            " LEFT JOIN (SELECT i.contact_id, max(i.occurred_at) AS last FROM interaction i NOT INDEXED"
            f" WHERE {TOUCHING_SQL} GROUP BY i.contact_id) li ON li.contact_id = c.id"
        )
    sql = (
        f"SELECT c.id, c.full_name, c.company, c.stage, {last} AS last,"
        " (SELECT count(*) FROM membership m WHERE m.contact_id = c.id)"
        f" FROM contact c{joins}{last_join}"
        f" WHERE {where}"
        " ORDER BY last DESC NULLS LAST, c.sort_name, c.id"
    )
    if limit is not None:
        sql += " LIMIT ?"
        params.append(max(0, int(limit)))
    return [
        ChipRow(cid, name, company, stage, _parse_stamp(last_at), count)
        for cid, name, company, stage, last_at, count in _rows(sql, params)
    ]


def count_unplaced(search: str = "", show_everyone: bool = False) -> int:
    """How many contacts :func:`unplaced_contacts` would list (without a limit)."""
    if not show_everyone and not fts_query(search):
        # Everyone less the placed: two counts on indexes, where testing each contact for a membership reads
        # the whole table (2.4× as long at 30 000 contacts; the box counts itself whenever it is read).
        return int(_rows(
            "SELECT (SELECT count(*) FROM contact WHERE deleted_at IS NULL)"
            " - (SELECT count(DISTINCT m.contact_id) FROM membership m CROSS JOIN contact c ON c.id = m.contact_id"
            " WHERE c.deleted_at IS NULL)"
        )[0][0])
    joins, where, params = _box_query(search, show_everyone)
    return int(_rows(f"SELECT count(*) FROM contact c{joins} WHERE {where}", params)[0][0])


# ---------------------------------------------------------------------------------------------- board search


def placed_matches(search: str, placed: Collection[int] | None = None) -> set[int]:
    """The placed contacts (in at least one group, not in the trash) that *search* finds, matched like the
    contact table's search. Empty for an empty search. One SQL statement.

    *placed*: the placed contacts, when the caller knows them (the board does: its cards show them). Then only
    the search index is read and its finds kept among them — half the time of a short prefix at 30 000 contacts,
    which finds thousands that the statement would otherwise look up one by one."""
    match = fts_query(search)
    if not match:
        return set()
    if placed is not None:
        found = _rows("SELECT rowid FROM contact_search WHERE contact_search MATCH ?", (match,))
        return {int(cid) for (cid,) in found if cid in placed}
    rows = _rows(
        "SELECT c.id FROM contact_search JOIN contact c ON c.id = contact_search.rowid"
        " WHERE contact_search MATCH ? AND c.deleted_at IS NULL"
        " AND EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id)",
        (match,),
    )
    return {int(cid) for (cid,) in rows}


# --------------------------------------------------------------------------------------------------- the pickers


def groups_of(contact_id: int) -> list[ContactGroup]:
    """The groups a contact is in, in board order, with the slot it fills in each."""
    rows = _rows(
        "SELECT g.id, g.name, g.colour, s.id, coalesce(s.role, m.role)"
        " FROM membership m JOIN goal_group g ON g.id = m.group_id"
        " LEFT JOIN group_slot s ON s.id = m.slot_id"
        " WHERE m.contact_id = ? ORDER BY g.position, g.id",
        (contact_id,),
    )
    return [ContactGroup(gid, name, colour, sid, role or "") for gid, name, colour, sid, role in rows]


def open_slots(group_id: int) -> list[SlotState]:
    """The slots of a group that still need someone (full ones left out), in slot order: what a picker offers."""
    card = group_card(group_id)
    return [slot for slot in card.slots if slot.missing] if card else []


def group_names(search: str = "") -> list[GroupName]:
    """Groups for a searchable picker, in board order; *search* keeps those whose name contains every word."""
    words = [w.casefold() for w in search.split()]
    rows = _rows("SELECT id, name, colour FROM goal_group ORDER BY position, id")
    return [
        GroupName(gid, name, colour)
        for gid, name, colour in rows
        if all(w in name.casefold() for w in words)
    ]


__all__ = [
    "Chip",
    "ChipRow",
    "ContactGroup",
    "DeadlineStatus",
    "GroupCard",
    "GroupName",
    "MissingPiece",
    "Progress",
    "SlotState",
    "board_snapshot",
    "count_unplaced",
    "deadline_status",
    "group_card",
    "group_cards",
    "group_names",
    "group_progress",
    "groups_of",
    "missing_pieces",
    "open_slots",
    "placed_matches",
    "unplaced_contacts",
]
