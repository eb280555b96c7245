"""core.board: the cards, progress and gaps, the box, the pickers; a fixed number of queries at any size."""

from __future__ import annotations

import datetime as dt

from peewee import SqliteDatabase

from linkorganizer.core import board, contacts, groups
from linkorganizer.core.board import Chip, MissingPiece
from linkorganizer.db import atomic
from linkorganizer.db.models import Contact, GoalGroup, GroupSlot, Interaction, Membership
from tests.unit.conftest import statements


def person(name: str, company: str = "", stage: str = "connected") -> int:
    return contacts.create_contact({"display_name": name, "company": company, "stage": stage})


def talked(contact_id: int, when: dt.datetime) -> None:
    Interaction.create(contact=contact_id, kind="call", occurred_at=when)




# ---------------------------------------------------------------------------------------------------- the cards


def test_board_snapshot_lists_cards_in_board_order_with_their_pieces(db) -> None:
    ada = person("Ada Quill", "Northwind", "introduced")
    zoe = person("Zoe Adams", "Contoso")
    bob = person("Bob Stone", "Fabrikam")
    cy = person("Cy Young")
    coaching = groups.create_group("Grow the coaching practice", colour="#54A24B")
    fintech = groups.create_group(
        "Land a product role in fintech", "Q3", slots=[("recruiter", 2), ("hiring manager at a fintech", 1)]
    )
    groups.reorder_group(fintech, 0)
    groups.set_collapsed(coaching, True)
    recruiter, manager = [s.id for s in GroupSlot.select().order_by(GroupSlot.position)]
    groups.place([cy, zoe], fintech)
    groups.place([bob], fintech, manager)
    groups.place([zoe, ada], fintech, recruiter)  # Zoe is a member already: stays unslotted
    groups.place([ada], fintech, recruiter)
    groups.assign_slot(zoe, fintech, recruiter)
    groups.place([ada], coaching)

    cards = board.board_snapshot()
    assert [(c.id, c.position, c.collapsed) for c in cards] == [(fintech, 0, False), (coaching, 1, True)]
    card = cards[0]
    assert (card.name, card.purpose, card.colour) == ("Land a product role in fintech", "Q3", "#4C78A8")
    # By slot (in slot order, unslotted last), then by name.
    assert card.members == (
        Chip(ada, fintech, "Ada Quill", "Northwind", "introduced", recruiter, "recruiter"),
        Chip(zoe, fintech, "Zoe Adams", "Contoso", "connected", recruiter, "recruiter"),
        Chip(bob, fintech, "Bob Stone", "Fabrikam", "connected", manager, "hiring manager at a fintech"),
        Chip(cy, fintech, "Cy Young", "", "connected", None, ""),
    )
    assert [(s.role, s.needed, s.filled) for s in card.slots] == [
        ("recruiter", 2, 2),
        ("hiring manager at a fintech", 1, 1),
    ]
    assert card.progress.fraction == 1.0 and card.progress.complete
    assert [m.contact_id for m in cards[1].members] == [ada]


def test_trashed_contacts_keep_their_place_but_are_not_shown(db) -> None:
    ada, grace = person("Ada"), person("Grace")
    gid = groups.create_group("Fintech", slots=[("mentor", 1)])
    groups.place([ada, grace], gid, GroupSlot.get().id)
    contacts.trash_contacts([grace])
    card = board.group_card(gid)
    assert card is not None
    assert [m.contact_id for m in card.members] == [ada]
    assert card.slots[0].filled == 1 and not card.slots[0].overfilled
    assert Membership.select().count() == 2
    contacts.restore_contacts([grace])
    assert board.group_card(gid).slots[0].overfilled  # type: ignore[union-attr]


def test_progress_counts_each_slot_at_most_its_need(db) -> None:
    a, b, c, d = (person(n) for n in "ABCD")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2), ("mentor", 1), ("investor", 2)])
    recruiter, mentor, investor = [s.id for s in GroupSlot.select().order_by(GroupSlot.position)]
    progress = board.group_progress(gid)
    assert progress is not None
    assert (progress.filled, progress.needed, progress.members, progress.fraction) == (0, 5, 0, 0.0)
    assert board.missing_pieces(gid) == [("recruiter", 2, recruiter), ("mentor", 1, mentor), ("investor", 2, investor)]

    groups.place([a, b, c], gid, mentor)  # overfilled: three mentors count as one
    groups.place([d], gid, recruiter)
    card = board.group_card(gid)
    assert card is not None
    assert [s.overfilled for s in card.slots] == [False, True, False]
    assert (card.progress.filled, card.progress.needed, card.progress.members) == (2, 5, 4)
    assert card.progress.fraction == 2 / 5 and not card.progress.complete
    assert card.missing == [MissingPiece("recruiter", 1, recruiter), MissingPiece("investor", 2, investor)]
    role, missing, _ = card.missing[0]
    assert (role, missing) == ("recruiter", 1)


def test_progress_without_slots_is_the_member_count(db) -> None:
    gid = groups.create_group("Coaching")
    progress = board.group_progress(gid)
    assert progress is not None
    assert (progress.has_slots, progress.fraction, progress.filled, progress.complete) == (False, None, 0, False)
    groups.place([person("Ada"), person("Grace")], gid)
    progress = board.group_progress(gid)
    assert progress is not None
    assert (progress.filled, progress.members, progress.needed, progress.fraction) == (2, 2, 0, None)
    assert board.missing_pieces(gid) == []
    assert board.group_progress(9999) is None and board.missing_pieces(9999) == []


def test_group_cards_refresh_only_the_cards_asked_for(db) -> None:
    ada = person("Ada")
    a, b, c = (groups.create_group(n) for n in "ABC")
    groups.place([ada], a)
    groups.move_to_group([ada], a, b)
    cards = board.group_cards([b, a, b])
    assert set(cards) == {a, b}
    assert cards[a].members == () and [m.contact_id for m in cards[b].members] == [ada]
    groups.delete_group(c)
    assert board.group_card(c) is None and board.group_cards([c]) == {} and board.group_cards([]) == {}


# ------------------------------------------------------------------------------------------------------- the box


def test_box_holds_unplaced_contacts_most_recent_interaction_first(db) -> None:
    never_b = person("Bea Never")
    never_a = person("Abe Never")
    old = person("Olga Old")
    recent = person("Rita Recent")
    placed = person("Paul Placed")
    trashed = person("Tom Trashed")
    talked(old, dt.datetime(2023, 1, 5, 9, 0))
    talked(recent, dt.datetime(2022, 1, 1))
    talked(recent, dt.datetime(2024, 6, 1, 12, 30))
    talked(placed, dt.datetime(2025, 1, 1))
    talked(trashed, dt.datetime(2025, 1, 1))
    contacts.trash_contacts([trashed])
    gid = groups.create_group("Fintech")
    groups.place([placed], gid)

    rows = board.unplaced_contacts()
    assert [r.contact_id for r in rows] == [recent, old, never_a, never_b]
    assert rows[0].last_interaction == dt.datetime(2024, 6, 1, 12, 30)
    assert rows[2].last_interaction is None and rows[0].group_count == 0
    assert board.count_unplaced() == 4
    assert [r.contact_id for r in board.unplaced_contacts(limit=2)] == [recent, old]

    everyone = board.unplaced_contacts(show_everyone=True)
    assert [r.contact_id for r in everyone] == [placed, recent, old, never_a, never_b]
    assert everyone[0].group_count == 1
    assert board.count_unplaced(show_everyone=True) == 5

    groups.remove_from_group([placed], gid)
    assert placed in {r.contact_id for r in board.unplaced_contacts()}

    # Counted as listed: someone in two goals once, a placed contact in the trash not at all.
    second = groups.create_group("Coaching")
    groups.place([recent, old], gid)
    groups.place([recent, trashed], second)
    assert board.count_unplaced() == len(board.unplaced_contacts()) == 3


def test_box_search_uses_the_contact_search_index(db) -> None:
    ada = person("Ada Quill", "Northwind Bank")
    grace = person("Grace Hopper", "Navy")
    placed = person("Adam North", "Northwind Bank")
    contacts.add_tag([grace], "mentor")
    groups.place([placed], groups.create_group("Fintech"))
    assert [r.contact_id for r in board.unplaced_contacts("northw")] == [ada]
    assert {r.contact_id for r in board.unplaced_contacts("north", show_everyone=True)} == {placed, ada}
    assert [r.contact_id for r in board.unplaced_contacts("mentor")] == [grace]
    assert [r.contact_id for r in board.unplaced_contacts("ada quill")] == [ada]
    assert board.unplaced_contacts("nobody") == [] and board.count_unplaced("nobody") == 0
    assert len(board.unplaced_contacts('  "" ')) == 2  # nothing searchable: everyone in the box
    assert board.count_unplaced("navy") == 1


# --------------------------------------------------------------------------------------------------- the pickers


def test_groups_of_and_group_names(db) -> None:
    ada = person("Ada")
    fintech = groups.create_group("Land a product role in fintech", slots=[("mentor", 1)])
    coaching = groups.create_group("Grow the coaching practice", colour="#E45756")
    groups.create_group("Fintech meetups")
    groups.place([ada], coaching)
    groups.place([ada], fintech, GroupSlot.get().id)
    assert [(g.group_id, g.role) for g in board.groups_of(ada)] == [(fintech, "mentor"), (coaching, "")]
    assert board.groups_of(ada)[1].colour == "#E45756"
    assert [g.name for g in board.group_names()] == [
        "Land a product role in fintech",
        "Grow the coaching practice",
        "Fintech meetups",
    ]
    assert [g.name for g in board.group_names("FINTECH")] == ["Land a product role in fintech", "Fintech meetups"]
    assert [g.name for g in board.group_names("fintech meet")] == ["Fintech meetups"]


# --------------------------------------------------------------------------------------------------------- scale


def build_board(contact_count: int, group_count: int) -> list[int]:
    """*contact_count* contacts spread over *group_count* groups (each with two slots), one in ten in two groups."""
    people = [
        {"full_name": f"Person {i:05}", "sort_name": f"person {i:05}", "company": f"Company {i % 97}"}
        for i in range(contact_count)
    ]
    with atomic():
        for start in range(0, contact_count, 300):  # under any SQLite's variable limit
            Contact.insert_many(people[start : start + 300]).execute()
    ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]
    group_ids = [
        groups.create_group(f"Goal {g:02}", slots=[("recruiter", 3), ("mentor", 2)]) for g in range(group_count)
    ]
    slots: dict[int, list[int]] = {}
    for sid, gid in GroupSlot.select(GroupSlot.id, GroupSlot.group).order_by(GroupSlot.position).tuples():
        slots.setdefault(gid, []).append(sid)
    rows = []
    for i, cid in enumerate(ids):
        gid = group_ids[i % group_count]
        rows.append({"contact": cid, "group": gid, "slot": slots[gid][(i // group_count) % 2] if i % 7 == 0 else None})
        if i % 10 == 0:
            rows.append({"contact": cid, "group": group_ids[(i + 1) % group_count], "slot": None})
    with atomic():
        for start in range(0, len(rows), 300):
            Membership.insert_many(rows[start : start + 300]).execute()
    return group_ids


def cost(db: SqliteDatabase) -> tuple[int, int, int, int]:
    first = GoalGroup.select(GoalGroup.id).order_by(GoalGroup.position).scalar()
    with statements(db) as whole:
        cards = board.board_snapshot()
    with statements(db) as one:
        board.group_card(first)
    with statements(db) as two:
        board.group_cards([first, cards[-1].id])
    with statements(db) as tray:
        board.unplaced_contacts(show_everyone=True, limit=200)
    return len(whole), len(one), len(two), len(tray)


def test_the_board_costs_the_same_queries_for_5000_members_as_for_a_few(db, fresh_db) -> None:
    build_board(12, 3)
    small = cost(db)
    big_db = fresh_db("big.db")
    group_ids = build_board(5000, 50)
    assert cost(big_db) == small
    assert small[0] == 3  # groups, slots, members

    cards = board.board_snapshot()
    assert len(cards) == 50
    assert sum(len(c.members) for c in cards) == 5000 + 500
    first = cards[0]
    assert first.id == group_ids[0] and len(first.members) == 100  # contacts 0, 50, 100, … 4950
    assert [s.filled for s in first.slots] == [8, 7]  # every 7th of them, alternating slots
    assert first.progress.fraction == 1.0 and first.slots[0].overfilled
    assert board.group_card(group_ids[0]) == first
    # Slotted chips first (by slot), then by name.
    slot_order = [m.slot_id for m in first.members]
    assert slot_order[:15] == [first.slots[0].id] * 8 + [first.slots[1].id] * 7
    assert slot_order[15:] == [None] * 85
    assert [m.name for m in first.members[15:]] == sorted(m.name for m in first.members[15:])

    # A drop between two cards: only those two are read again, and they reflect the drop.
    chip = first.members[-1]
    groups.move_to_group([chip.contact_id], first.id, cards[1].id)
    fresh = board.group_cards([first.id, cards[1].id])
    assert len(fresh[first.id].members) == 99
    assert chip.contact_id in {m.contact_id for m in fresh[cards[1].id].members}
