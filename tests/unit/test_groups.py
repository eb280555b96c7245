"""core.groups: goal groups, membership (many-to-many), slots; every mutation and its exact inverse.

"Exact" is checked on the whole database: the dump after a mutation and its inverse equals the dump before.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from peewee import SqliteDatabase

from linkorganizer.core import board, contacts, groups
from linkorganizer.core.groups import (
    GroupError,
    GroupNameTaken,
    GroupNotFound,
    InvalidColour,
    NotAMember,
    SlotMismatch,
    SlotNotFound,
)
from linkorganizer.core.importing import GROUP_COLOURS
from linkorganizer.db.models import Contact, GoalGroup, GroupSlot, Membership

Dump = Callable[[], list[str]]


def people(*names: str) -> list[int]:
    return [contacts.create_contact({"display_name": name}) for name in names]


def memberships() -> set[tuple[int, int, int | None, str]]:
    """(contact, group, slot, role) of every membership."""
    return {
        (m.contact_id, m.group_id, m.slot_id, m.role)
        for m in Membership.select()
    }


def positions() -> dict[str, int]:
    return {g.name: g.position for g in GoalGroup.select()}


def box() -> set[int]:
    return {row.contact_id for row in board.unplaced_contacts()}


@contextmanager
def statements(db: SqliteDatabase) -> Iterator[list[str]]:
    seen: list[str] = []
    # Statements the code runs. SQLite reports a statement again each time one of its triggers runs (the undo
    # log has one per table), so an immediate repeat is the same statement, not another one.
    db.connection().set_trace_callback(lambda sql: seen[-1:] == [sql] or seen.append(sql))
    try:
        yield seen
    finally:
        db.connection().set_trace_callback(None)


# ------------------------------------------------------------------------------------------------------ groups


def test_create_group_appends_with_slots_and_a_fresh_colour(db) -> None:
    first = groups.create_group("  Land a product   role in fintech ", "Q3", slots=[("recruiter", 2), ("mentor", 1)])
    second = groups.create_group("Grow the coaching practice")
    g = GoalGroup.get_by_id(first)
    assert (g.name, g.purpose, g.position, g.collapsed) == ("Land a product role in fintech", "Q3", 0, False)
    assert GoalGroup.get_by_id(second).position == 1
    slots = list(GroupSlot.select().where(GroupSlot.group == first).order_by(GroupSlot.position))
    assert [(s.role, s.needed, s.position) for s in slots] == [("recruiter", 2, 0), ("mentor", 1, 1)]
    # Default colours go round the palette, least used first.
    assert [GoalGroup.get_by_id(i).colour for i in (first, second)] == list(GROUP_COLOURS[:2])
    for i in range(len(GROUP_COLOURS) - 2):
        groups.create_group(f"Goal {i}")
    assert sorted(g.colour for g in GoalGroup.select()) == sorted(GROUP_COLOURS)
    groups.delete_group(second)
    assert groups.next_colour() == GROUP_COLOURS[1]  # the colour no group uses any more


def test_create_group_validates(db) -> None:
    groups.create_group("Fintech")
    with pytest.raises(GroupNameTaken, match="already a goal group called “Fintech”"):
        groups.create_group("FINTECH")
    with pytest.raises(GroupError, match="needs a name"):
        groups.create_group("   ")
    with pytest.raises(InvalidColour, match="#RRGGBB"):
        groups.create_group("Coaching", colour="red")
    with pytest.raises(GroupError, match="between 1 and"):
        groups.create_group("Coaching", slots=[("mentor", 0)])
    with pytest.raises(GroupError, match="needs a role"):
        groups.create_group("Coaching", slots=[(" ", 1)])
    assert [g.name for g in GoalGroup.select()] == ["Fintech"]  # nothing half-made
    gid = groups.create_group("Coaching", colour=" #abcdef ")
    assert GoalGroup.get_by_id(gid).colour == "#ABCDEF"
    assert issubclass(GroupError, ValueError) and issubclass(GroupError, contacts.ValidationError)


def test_create_then_delete_leaves_no_trace(db, dump: Dump) -> None:
    groups.create_group("Existing")
    before = dump()
    gid = groups.create_group("New", slots=[("mentor", 1)])
    snapshot = groups.delete_group(gid)
    assert dump() == before
    assert groups.restore_group(snapshot) == gid  # the redo: the same group again


def test_rename_is_unique_without_regard_to_case(db) -> None:
    fintech = groups.create_group("Fintech")
    cafe = groups.create_group("Café owners")
    with pytest.raises(GroupNameTaken) as caught:
        groups.rename_group(cafe, "fintech")
    assert str(caught.value) == "There is already a goal group called “Fintech”."
    # SQLite's NOCASE folds ASCII only; the check here folds every letter.
    with pytest.raises(GroupNameTaken):
        groups.rename_group(fintech, "CAFÉ OWNERS")
    edit = groups.rename_group(fintech, "FinTech")  # its own name in other capitals is fine
    assert edit.changed and edit.before["name"] == "Fintech" and edit.after["name"] == "FinTech"
    with pytest.raises(GroupNotFound):
        groups.rename_group(9999, "Nobody")


def test_group_edits_and_their_exact_inverse(db, dump: Dump) -> None:
    gid = groups.create_group("Fintech", "old purpose")
    before = dump()
    for edit_fn, value in (
        (groups.rename_group, "Fintech product role"),
        (groups.recolour_group, "#e45756"),
        (groups.describe_group, "A product role at a payments company"),
    ):
        edit = edit_fn(gid, value)
        assert edit.changed
        after = dump()
        assert after != before
        redo = groups.revert_group_edit(edit)
        assert dump() == before  # updated_at included
        groups.revert_group_edit(redo)
        assert dump() == after  # and the redo is exact too
        groups.revert_group_edit(edit)
    assert dump() == before


def test_edit_group_changes_several_fields_at_once_and_reports_no_op(db, dump: Dump) -> None:
    gid = groups.create_group("Fintech", "purpose", colour="#4C78A8")
    before = dump()
    assert not groups.edit_group(gid, name=" Fintech ", purpose="purpose", colour="#4c78a8").changed
    assert dump() == before  # a no-op touches nothing, not even updated_at
    edit = groups.edit_group(gid, name="Payments", colour="#54A24B")
    assert set(edit.before) == {"name", "colour", "updated_at"}
    g = GoalGroup.get_by_id(gid)
    assert (g.name, g.colour, g.purpose) == ("Payments", "#54A24B", "purpose")
    assert g.updated_at > g.created_at
    groups.revert_group_edit(edit)
    assert dump() == before


def test_revert_rename_refuses_a_name_taken_since(db) -> None:
    gid = groups.create_group("Fintech")
    edit = groups.rename_group(gid, "Payments")
    groups.create_group("fintech")
    with pytest.raises(GroupNameTaken):
        groups.revert_group_edit(edit)
    assert GoalGroup.get_by_id(gid).name == "Payments"


def test_collapsed_state_is_stored_and_returns_previous(db, dump: Dump) -> None:
    gid = groups.create_group("Fintech")
    before = dump()
    assert groups.set_collapsed(gid, True) is False
    assert GoalGroup.get_by_id(gid).collapsed is True
    assert board.group_card(gid).collapsed is True  # type: ignore[union-attr]
    assert groups.set_collapsed(gid, True) is True  # already collapsed: nothing changes
    assert groups.set_collapsed(gid, False) is True
    assert dump() == before  # layout state never touches updated_at


def test_reorder_keeps_positions_dense_and_its_inverse_is_exact(db, dump: Dump) -> None:
    ids = [groups.create_group(name) for name in "ABCDE"]
    before = dump()
    previous = groups.reorder_group(ids[4], 1)
    assert groups.group_order() == [ids[0], ids[4], ids[1], ids[2], ids[3]]
    assert sorted(positions().values()) == [0, 1, 2, 3, 4]
    assert previous == {gid: i for i, gid in enumerate(ids)}
    groups.restore_group_positions(previous)
    assert dump() == before
    groups.reorder_group(ids[0], 99)  # clamped to the end
    assert groups.group_order()[-1] == ids[0]
    groups.reorder_group(ids[0], -5)
    assert groups.group_order()[0] == ids[0]


def test_reorder_inverse_restores_positions_that_were_not_dense(db, dump: Dump) -> None:
    # As an older import or an archive might leave them: gaps and a tie.
    for name, position in (("A", 0), ("B", 5), ("C", 5), ("D", 9)):
        GoalGroup.create(name=name, position=position)
    before = dump()
    previous = groups.reorder_group(GoalGroup.get(name="D").id, 0)
    assert positions() == {"D": 0, "A": 1, "B": 2, "C": 3}
    groups.restore_group_positions(previous)
    assert dump() == before


def test_delete_group_members_go_back_to_the_box_unless_placed_elsewhere(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 2)])
    coaching = groups.create_group("Coaching")
    later = groups.create_group("Later")
    [recruiter] = [s.id for s in GroupSlot.select()]
    groups.place([ada, grace], fintech, recruiter)
    groups.place([grace], coaching)
    assert box() == {alan}
    before = dump()

    snapshot = groups.delete_group(fintech)
    assert box() == {alan, ada}  # Grace still serves the coaching goal
    assert board.groups_of(grace)[0].name == "Coaching"
    assert positions() == {"Coaching": 0, "Later": 1}
    assert snapshot.group.name == "Fintech" and len(snapshot.memberships) == 2
    assert [s.role for s in snapshot.slots] == ["recruiter"]
    assert not GroupSlot.select().exists()  # slots go with the group
    assert board.group_card(fintech) is None

    assert groups.restore_group(snapshot) == fintech
    assert dump() == before  # same ids, slots, memberships with slots, positions, timestamps
    assert GoalGroup.get_by_id(later).position == 2


def test_restore_group_skips_contacts_deleted_for_good_and_refuses_a_taken_name(db) -> None:
    ada, grace = people("Ada", "Grace")
    gid = groups.create_group("Fintech")
    other = groups.create_group("Other")
    groups.place([ada, grace], gid)
    snapshot = groups.delete_group(gid)
    rename = groups.rename_group(other, "fintech")
    with pytest.raises(GroupNameTaken):
        groups.restore_group(snapshot)
    groups.revert_group_edit(rename)
    contacts.delete_contact_permanently(grace)
    groups.restore_group(snapshot)
    assert memberships() == {(ada, gid, None, "")}
    assert positions() == {"Fintech": 0, "Other": 1}


def test_restore_group_after_a_newer_group_was_created(db) -> None:
    # Ids are never reused (AUTOINCREMENT), so a group created meanwhile cannot take the deleted one's id.
    gid = groups.create_group("Fintech")
    snapshot = groups.delete_group(gid)
    newcomer = groups.create_group("Newcomer")
    assert newcomer != gid
    assert groups.restore_group(snapshot) == gid
    assert sorted(g.name for g in GoalGroup.select()) == ["Fintech", "Newcomer"]


# -------------------------------------------------------------------------------------------------- membership


def test_membership_is_many_to_many_and_once_per_group(db) -> None:
    ada, grace = people("Ada", "Grace")
    fintech = groups.create_group("Fintech")
    coaching = groups.create_group("Coaching")
    assert groups.place([ada, grace], fintech) == [ada, grace]
    assert groups.place([ada], coaching) == [ada]
    assert groups.place([ada, ada], fintech) == []  # already a member: nothing, and no duplicate row
    assert {(c, g) for c, g, _, _ in memberships()} == {(ada, fintech), (grace, fintech), (ada, coaching)}
    assert [g.name for g in board.groups_of(ada)] == ["Fintech", "Coaching"]
    assert contacts.get_contact(ada).groups == ["Fintech", "Coaching"]  # type: ignore[union-attr]


def test_place_returns_only_what_it_added_and_leaves_members_as_they_are(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2), ("mentor", 1)])
    recruiter, mentor = [s.id for s in GroupSlot.select().order_by(GroupSlot.position)]
    groups.place([ada], gid, recruiter)
    before = dump()
    added = groups.place([grace, ada, 424242, alan, grace], gid, mentor)  # unknown id ignored, dup once
    assert added == [grace, alan]
    assert memberships() == {
        (ada, gid, recruiter, "recruiter"),  # unchanged: still the recruiter
        (grace, gid, mentor, "mentor"),
        (alan, gid, mentor, "mentor"),  # a slot may be overfilled
    }
    groups.remove_from_group(added, gid)  # the inverse
    assert dump() == before


def test_place_checks_group_and_slot(db) -> None:
    (ada,) = people("Ada")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 1)])
    coaching = groups.create_group("Coaching", slots=[("client", 3)])
    client = GroupSlot.get(role="client").id
    with pytest.raises(SlotMismatch):
        groups.place([ada], fintech, client)
    with pytest.raises(SlotNotFound):
        groups.place([ada], fintech, 9999)
    with pytest.raises(GroupNotFound):
        groups.place([ada], 9999)
    assert not Membership.select().exists()
    assert groups.place([], coaching) == []


def test_placement_effect_detects_a_drop_that_changes_nothing(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    fintech = groups.create_group("Fintech")
    coaching = groups.create_group("Coaching")
    groups.place([ada, grace], fintech)
    groups.place([grace], coaching)
    before = dump()

    # box → group
    assert groups.placement_effect([ada, grace], fintech).is_noop
    effect = groups.placement_effect([ada, alan, 424242], fintech)
    assert (effect.added, effect.removed, effect.unchanged, effect.changed) == ((alan,), (), (ada, 424242), 1)
    # group → same group
    assert groups.placement_effect([ada], fintech, source_group_id=fintech).is_noop
    # group → group (move): Grace is in both already, so she only leaves the source
    effect = groups.placement_effect([ada, grace], coaching, source_group_id=fintech)
    assert (effect.added, effect.removed, effect.changed) == ((ada,), (ada, grace), 2)
    # ... and a Ctrl-drag (copy) of Grace changes nothing: she serves both goals already
    assert groups.placement_effect([grace], coaching, source_group_id=fintech, copy=True).is_noop
    # group → box
    effect = groups.placement_effect([ada, alan], None, source_group_id=fintech)
    assert (effect.added, effect.removed, effect.unchanged) == ((), (ada,), (alan,))
    assert groups.placement_effect([alan], None, source_group_id=fintech).is_noop
    assert groups.placement_effect([], fintech).is_noop
    assert dump() == before  # asking changes nothing


def test_move_removes_from_source_and_adds_to_target(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 2)])
    coaching = groups.create_group("Coaching", slots=[("client", 3)])
    recruiter = GroupSlot.get(role="recruiter").id
    client = GroupSlot.get(role="client").id
    groups.place([ada, grace], fintech, recruiter)
    groups.place([grace], coaching)
    before = dump()

    effect = groups.placement_effect([ada, grace, alan], coaching, source_group_id=fintech)
    result = groups.move_to_group([ada, grace, alan], fintech, coaching, client)
    assert result.changed
    assert result.added == effect.added == (ada, alan)  # Alan was in no group: simply placed
    assert [m.contact_id for m in result.removed] == list(effect.removed) == [ada, grace]
    assert memberships() == {
        (ada, coaching, client, "client"),  # the source slot does not travel; the target's was asked for
        (alan, coaching, client, "client"),
        (grace, coaching, None, ""),  # already in the target: left as she was there
    }
    after = dump()
    groups.undo_move(result)
    assert dump() == before  # same membership ids, slots and added_at
    redo = groups.move_to_group([ada, grace, alan], fintech, coaching, client)
    assert redo.added == result.added and memberships() == {
        (ada, coaching, client, "client"),
        (alan, coaching, client, "client"),
        (grace, coaching, None, ""),
    }
    assert len(dump()) == len(after)


def test_move_refuses_a_slot_of_another_group_and_same_group_is_a_no_op(db, dump: Dump) -> None:
    (ada,) = people("Ada")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 2)])
    coaching = groups.create_group("Coaching")
    recruiter = GroupSlot.get(role="recruiter").id
    groups.place([ada], fintech, recruiter)
    before = dump()
    with pytest.raises(SlotMismatch):
        groups.move_to_group([ada], fintech, coaching, recruiter)
    result = groups.move_to_group([ada], fintech, fintech)
    assert not result.changed
    assert dump() == before


def test_a_move_that_fails_half_way_changes_nothing(db, dump: Dump, monkeypatch: pytest.MonkeyPatch) -> None:
    ada, grace = people("Ada", "Grace")
    fintech = groups.create_group("Fintech")
    coaching = groups.create_group("Coaching")
    groups.place([ada, grace], fintech)
    before = dump()

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(groups, "_insert_memberships", fail)  # after the source rows are deleted
    with pytest.raises(sqlite3.OperationalError):
        groups.move_to_group([ada, grace], fintech, coaching)
    assert dump() == before
    assert {c for c, g, _, _ in memberships() if g == fintech} == {ada, grace}


def test_copy_lets_a_contact_serve_both_goals(db, dump: Dump) -> None:
    (ada,) = people("Ada")
    fintech = groups.create_group("Fintech")
    coaching = groups.create_group("Coaching")
    groups.place([ada], fintech)
    before = dump()
    assert groups.copy_to_group([ada], coaching) == [ada]
    assert [g.group_id for g in board.groups_of(ada)] == [fintech, coaching]
    assert groups.copy_to_group([ada], coaching) == []
    groups.remove_from_group([ada], coaching)
    assert dump() == before


def test_remove_returns_a_snapshot_that_restores_exactly(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2)])
    recruiter = GroupSlot.get(role="recruiter").id
    groups.place([ada], gid, recruiter)
    groups.place([grace], gid)
    # An imported role label on an unslotted member travels through remove/restore too.
    Membership.update(role="angel investor").where(Membership.contact == grace).execute()
    before = dump()
    removed = groups.remove_from_group([alan, grace, ada], gid)
    assert [(m.contact_id, m.slot_id, m.role) for m in removed] == [
        (grace, None, "angel investor"),
        (ada, recruiter, "recruiter"),
    ]
    assert box() == {ada, grace, alan}
    assert groups.restore_memberships(removed) == [grace, ada]
    assert dump() == before
    assert groups.restore_memberships(removed) == []  # already back: nothing to do, nothing fails
    assert groups.remove_from_group([], gid) == []


def test_restore_memberships_survives_what_happened_since(db) -> None:
    ada, grace = people("Ada", "Grace")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2)])
    recruiter = GroupSlot.get(role="recruiter").id
    groups.place([ada, grace], gid, recruiter)
    removed = groups.remove_from_group([ada, grace], gid)
    contacts.delete_contact_permanently(grace)
    groups.delete_slot(recruiter)
    assert groups.restore_memberships(removed) == [ada]
    assert memberships() == {(ada, gid, None, "recruiter")}


def test_multi_contact_operations_cost_the_same_for_3_or_300_contacts(db) -> None:
    Contact.insert_many([{"full_name": f"P{i}", "sort_name": f"p{i:03}"} for i in range(303)]).execute()
    ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
    a = groups.create_group("A")
    b = groups.create_group("B")

    def cost(chosen: list[int]) -> list[int]:
        counts = []
        for operation in (
            lambda: groups.placement_effect(chosen, b, source_group_id=a),
            lambda: groups.place(chosen, a),
            lambda: groups.move_to_group(chosen, a, b),
            lambda: groups.remove_from_group(chosen, b),
        ):
            with statements(db) as seen:
                operation()
            counts.append(len(seen))
        return counts

    assert cost(ids[:3]) == cost(ids[3:])
    assert not Membership.select().exists()


def test_assign_slot_returns_the_previous_assignment_for_an_exact_undo(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 1), ("mentor", 1)])
    groups.create_group("Coaching", slots=[("client", 1)])
    recruiter, mentor, client = [s.id for s in GroupSlot.select().order_by(GroupSlot.id)]
    groups.place([ada, grace], gid)
    Membership.update(role="angel investor").where(Membership.contact == grace).execute()
    before = dump()

    previous = groups.assign_slot(ada, gid, recruiter)
    assert previous == groups.SlotAssignment(None, "")
    groups.assign_slot(grace, gid, recruiter)  # overfill: allowed, shown on the card
    assert board.group_card(gid).slots[0].overfilled  # type: ignore[union-attr]
    previous_grace = groups.assign_slot(grace, gid, mentor)
    assert previous_grace == groups.SlotAssignment(recruiter, "recruiter")
    assert groups.assign_slot(ada, gid, None) == groups.SlotAssignment(recruiter, "recruiter")
    # Undo all of it, in reverse: back to the imported label and no slots.
    groups.assign_slot(ada, gid, recruiter, role="recruiter")
    groups.assign_slot(grace, gid, recruiter, role="recruiter")
    groups.assign_slot(grace, gid, None, role="angel investor")
    groups.assign_slot(ada, gid, None, role="")
    assert dump() == before

    with pytest.raises(NotAMember):
        groups.assign_slot(alan, gid, recruiter)
    with pytest.raises(SlotMismatch):
        groups.assign_slot(ada, gid, client)
    with pytest.raises(SlotNotFound):
        groups.assign_slot(ada, gid, 9999)
    assert dump() == before


# ------------------------------------------------------------------------------------------------------- slots


def test_add_and_delete_slot_are_inverses(db, dump: Dump) -> None:
    gid = groups.create_group("Fintech", slots=[("recruiter", 2)])
    before = dump()
    sid = groups.add_slot(gid, " hiring manager at a fintech ", 1)
    slot = GroupSlot.get_by_id(sid)
    assert (slot.role, slot.needed, slot.position) == ("hiring manager at a fintech", 1, 1)
    snapshot = groups.delete_slot(sid)
    assert dump() == before
    groups.restore_slot(snapshot)
    assert GroupSlot.get_by_id(sid).role == "hiring manager at a fintech"
    with pytest.raises(GroupError, match="between 1 and 999"):
        groups.add_slot(gid, "mentor", 0)
    with pytest.raises(GroupError, match="whole number"):
        groups.add_slot(gid, "mentor", "two")  # type: ignore[arg-type]
    with pytest.raises(GroupError, match="needs a role"):
        groups.add_slot(gid, "", 1)
    with pytest.raises(GroupNotFound):
        groups.add_slot(9999, "mentor")


def test_edit_slot_returns_previous_values(db, dump: Dump) -> None:
    groups.create_group("Fintech", slots=[("recruiter", 2)])
    sid = GroupSlot.get(role="recruiter").id
    before = dump()
    previous = groups.edit_slot(sid, needed=3)
    assert previous == groups.SlotValues("recruiter", 2)
    assert groups.edit_slot(sid, role="tech recruiter") == groups.SlotValues("recruiter", 3)
    groups.edit_slot(sid, "recruiter", 2)
    assert dump() == before
    assert groups.edit_slot(sid) == groups.SlotValues("recruiter", 2)
    with pytest.raises(SlotNotFound):
        groups.edit_slot(9999, needed=1)


def test_delete_slot_keeps_the_members_and_restore_refills_it(db, dump: Dump) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2), ("mentor", 1)])
    recruiter, mentor = [s.id for s in GroupSlot.select().order_by(GroupSlot.position)]
    groups.place([ada, grace], gid, recruiter)
    groups.place([alan], gid, mentor)
    before = dump()
    snapshot = groups.delete_slot(recruiter)
    assert memberships() == {(ada, gid, None, ""), (grace, gid, None, ""), (alan, gid, mentor, "mentor")}
    assert [m.role for m in board.group_card(gid).members] == ["mentor", "", ""]  # type: ignore[union-attr]
    assert groups.restore_slot(snapshot) == recruiter
    assert dump() == before


def test_a_deadline_is_set_read_on_the_card_and_dropped(db) -> None:
    gid = groups.create_group("Land a product role")
    assert board.group_card(gid).deadline is None
    assert groups.set_deadline(gid, _dt.date(2027, 3, 1))
    assert not groups.set_deadline(gid, _dt.date(2027, 3, 1))  # unchanged
    assert board.group_card(gid).deadline == _dt.date(2027, 3, 1)
    assert GoalGroup.get_by_id(gid).deadline == _dt.date(2027, 3, 1)
    status = board.deadline_status(_dt.date(2027, 3, 1), _dt.date(2027, 2, 6))
    assert (status.days_left, status.weeks_left, status.overdue) == (23, 3, False)
    assert board.deadline_status(_dt.date(2027, 3, 1), _dt.date(2027, 3, 2)).overdue
    assert groups.set_deadline(gid, None)
    assert board.group_card(gid).deadline is None
    with pytest.raises(groups.GroupNotFound):
        groups.set_deadline(gid + 99, None)


def test_the_board_search_finds_placed_people_only(db) -> None:
    ada, bob = people("Ada Quill", "Bob Stone")
    gid = groups.create_group("Fintech", slots=[("Recruiter", 1)])
    groups.place([ada], gid)
    assert board.placed_matches("quill") == {ada}
    assert board.placed_matches("stone") == set()  # in the box, not on the board
    assert board.placed_matches("") == set()
    slot = board.group_card(gid).slots[0]
    assert [s.id for s in board.open_slots(gid)] == [slot.id]
    groups.assign_slot(ada, gid, slot.id)
    assert board.open_slots(gid) == []  # the one recruiter is there: a full slot is not offered
