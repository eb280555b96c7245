"""core.groups: goal groups, membership (many-to-many), slots; every mutation undone and redone by the network.

"Exactly" is checked on the whole network: undoing an operation gives back the data as it was before it, row for
row (ids, positions, stored timestamps); redoing it, the data it had made.
"""

from __future__ import annotations

import datetime as _dt
import sqlite3
from collections.abc import Callable

import pytest

from linkorganizer.core import board, contacts, groups
from linkorganizer.core.network import Network
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
from tests.unit.conftest import statements

Dump = Callable[[], list[str]]
Content = Callable[[], dict[str, list[tuple]]]


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


def test_creating_a_group_is_undone_and_redone_exactly(db, undo_redo) -> None:
    groups.create_group("Existing")
    gid = undo_redo("New goal", lambda: groups.create_group("New", slots=[("mentor", 1)]))
    # The redo is the same group again: same id, slot, position and timestamps.
    assert (GoalGroup.get_by_id(gid).name, GoalGroup.get_by_id(gid).position) == ("New", 1)
    assert [(s.id, s.role) for s in GroupSlot.select().where(GroupSlot.group == gid)] == [
        (GroupSlot.get(role="mentor").id, "mentor")
    ]


def test_rename_is_unique_without_regard_to_case(db) -> None:
    fintech = groups.create_group("Fintech")
    cafe = groups.create_group("Café owners")
    with pytest.raises(GroupNameTaken) as caught:
        groups.rename_group(cafe, "fintech")
    assert str(caught.value) == "There is already a goal group called “Fintech”."
    # SQLite's NOCASE folds ASCII only; the check here folds every letter.
    with pytest.raises(GroupNameTaken):
        groups.rename_group(fintech, "CAFÉ OWNERS")
    groups.rename_group(fintech, "FinTech")  # its own name in other capitals is fine
    assert GoalGroup.get_by_id(fintech).name == "FinTech"
    with pytest.raises(GroupNotFound):
        groups.rename_group(9999, "Nobody")


def test_group_edits_are_undone_and_redone_exactly(db, undo_redo) -> None:
    gid = groups.create_group("Fintech", "old purpose")
    for edit_fn, value, column in (
        (groups.rename_group, "Fintech product role", "name"),
        (groups.recolour_group, "#e45756", "colour"),
        (groups.describe_group, "A product role at a payments company", "purpose"),
    ):
        stamp = GoalGroup.get_by_id(gid).updated_at
        undo_redo(f"Edit {column}", lambda fn=edit_fn, v=value: fn(gid, v))  # updated_at comes back too
        g = GoalGroup.get_by_id(gid)
        assert getattr(g, column) == (value.upper() if column == "colour" else value)
        assert g.updated_at > stamp


def test_edit_group_changes_several_fields_at_once_and_a_no_op_writes_nothing(
    db, network: Network, content: Content, undo_redo
) -> None:
    gid = groups.create_group("Fintech", "purpose", colour="#4C78A8")
    before = content()
    with network.op("Edit to the same values") as op:
        groups.edit_group(gid, name=" Fintech ", purpose="purpose", colour="#4c78a8")
    assert not op.changes  # nothing for the undo stack
    assert content() == before  # not even updated_at
    undo_redo("Edit two fields", lambda: groups.edit_group(gid, name="Payments", colour="#54A24B"))
    g = GoalGroup.get_by_id(gid)
    assert (g.name, g.colour, g.purpose) == ("Payments", "#54A24B", "purpose")
    assert g.updated_at > g.created_at


def test_undoing_a_rename_is_refused_once_another_group_took_the_old_name(db, network: Network, undo_refused) -> None:
    gid = groups.create_group("Fintech")
    with network.op("Rename") as rename:
        groups.rename_group(gid, "Payments")
    with network.op("New group"):
        groups.create_group("fintech")
    undo_refused(rename.id)
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


def test_reorder_keeps_positions_dense_and_is_undone_exactly(db, undo_redo) -> None:
    ids = [groups.create_group(name) for name in "ABCDE"]
    undo_redo("Move E", lambda: groups.reorder_group(ids[4], 1))
    assert groups.group_order() == [ids[0], ids[4], ids[1], ids[2], ids[3]]
    assert sorted(positions().values()) == [0, 1, 2, 3, 4]
    groups.reorder_group(ids[0], 99)  # clamped to the end
    assert groups.group_order()[-1] == ids[0]
    groups.reorder_group(ids[0], -5)
    assert groups.group_order()[0] == ids[0]


def test_undoing_a_reorder_restores_positions_that_were_not_dense(db, undo_redo) -> None:
    # As an older import or an archive might leave them: gaps and a tie.
    for name, position in (("A", 0), ("B", 5), ("C", 5), ("D", 9)):
        GoalGroup.create(name=name, position=position)
    undo_redo("Move D", lambda: groups.reorder_group(GoalGroup.get(name="D").id, 0))  # back to 0, 5, 5, 9
    assert positions() == {"D": 0, "A": 1, "B": 2, "C": 3}


def test_delete_group_members_go_back_to_the_box_unless_placed_elsewhere(
    db, network: Network, content: Content
) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 2)])
    coaching = groups.create_group("Coaching")
    later = groups.create_group("Later")
    [recruiter] = [s.id for s in GroupSlot.select()]
    groups.place([ada, grace], fintech, recruiter)
    groups.place([grace], coaching)
    assert box() == {alan}
    before = content()

    with network.op("Delete Fintech") as op:
        groups.delete_group(fintech)
    after = content()
    assert box() == {alan, ada}  # Grace still serves the coaching goal
    assert board.groups_of(grace)[0].name == "Coaching"
    assert positions() == {"Coaching": 0, "Later": 1}
    assert not GroupSlot.select().exists()  # slots go with the group
    assert not Membership.select().where(Membership.group == fintech).exists()
    assert board.group_card(fintech) is None

    network.undo(op.id)
    assert content() == before  # same ids, slots, memberships with their slots, positions, timestamps
    assert GoalGroup.get_by_id(later).position == 2
    assert box() == {alan}
    assert memberships() >= {(ada, fintech, recruiter, "recruiter"), (grace, fintech, recruiter, "recruiter")}
    network.redo(op.id)
    assert content() == after


def test_undoing_a_deletion_is_refused_while_a_later_step_changed_a_group_it_moved(
    db, network: Network, undo_refused
) -> None:
    gid = groups.create_group("Fintech")
    other = groups.create_group("Other")
    with network.op("Delete Fintech") as deletion:
        groups.delete_group(gid)  # Other moves up a place
    with network.op("Rename Other"):
        groups.rename_group(other, "fintech")
    refusal = undo_refused(deletion.id)
    assert "“Rename Other”" in str(refusal)
    assert network.blockers(deletion.id)[0][1] == "Rename Other"


def test_undoing_a_deletion_is_refused_once_a_member_was_deleted_for_good(db, network: Network, undo_refused) -> None:
    ada, grace = people("Ada", "Grace")
    gid = groups.create_group("Fintech")
    groups.place([ada, grace], gid)
    with network.op("Delete Fintech") as deletion:
        groups.delete_group(gid)
    with network.op("Delete Grace for good"):
        contacts.delete_contact_permanently(grace)
    undo_refused(deletion.id)


def test_undoing_a_deletion_after_a_newer_group_was_created(db, network: Network) -> None:
    # Ids are never reused (AUTOINCREMENT), so a group created meanwhile cannot take the deleted one's id.
    gid = groups.create_group("Fintech")
    with network.op("Delete Fintech") as deletion:
        groups.delete_group(gid)
    with network.op("New group"):
        newcomer = groups.create_group("Newcomer")
    assert newcomer != gid
    network.undo(deletion.id)
    assert sorted(g.name for g in GoalGroup.select()) == ["Fintech", "Newcomer"]
    assert GoalGroup.get_by_id(gid).name == "Fintech"


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


def test_place_returns_only_what_it_added_and_leaves_members_as_they_are(db, undo_redo) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2), ("mentor", 1)])
    recruiter, mentor = [s.id for s in GroupSlot.select().order_by(GroupSlot.position)]
    groups.place([ada], gid, recruiter)
    # Unknown id ignored, a duplicate once; undone, the members are exactly as they were.
    added = undo_redo("Place", lambda: groups.place([grace, ada, 424242, alan, grace], gid, mentor))
    assert added == [grace, alan]
    assert memberships() == {
        (ada, gid, recruiter, "recruiter"),  # unchanged: still the recruiter
        (grace, gid, mentor, "mentor"),
        (alan, gid, mentor, "mentor"),  # a slot may be overfilled
    }


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


def test_move_removes_from_source_and_adds_to_target(db, undo_redo) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 2)])
    coaching = groups.create_group("Coaching", slots=[("client", 3)])
    recruiter = GroupSlot.get(role="recruiter").id
    client = GroupSlot.get(role="client").id
    groups.place([ada, grace], fintech, recruiter)
    groups.place([grace], coaching)
    effect = groups.placement_effect([ada, grace, alan], coaching, source_group_id=fintech)
    assert (effect.added, effect.removed) == ((ada, alan), (ada, grace))  # Alan was in no group: simply placed

    # Undone: the source memberships come back with their ids, slots and added_at.
    undo_redo("Move", lambda: groups.move_to_group([ada, grace, alan], fintech, coaching, client))
    assert memberships() == {
        (ada, coaching, client, "client"),  # the source slot does not travel; the target's was asked for
        (alan, coaching, client, "client"),
        (grace, coaching, None, ""),  # already in the target: left as she was there
    }


def test_move_refuses_a_slot_of_another_group_and_same_group_is_a_no_op(
    db, network: Network, content: Content
) -> None:
    (ada,) = people("Ada")
    fintech = groups.create_group("Fintech", slots=[("recruiter", 2)])
    coaching = groups.create_group("Coaching")
    recruiter = GroupSlot.get(role="recruiter").id
    groups.place([ada], fintech, recruiter)
    before = content()
    with pytest.raises(SlotMismatch), network.op("Move to a slot of the source"):
        groups.move_to_group([ada], fintech, coaching, recruiter)
    with network.op("Move to the same group") as op:
        groups.move_to_group([ada], fintech, fintech)
    assert not op.changes
    assert content() == before


def test_a_move_that_fails_half_way_changes_nothing(
    db, network: Network, content: Content, monkeypatch: pytest.MonkeyPatch
) -> None:
    ada, grace = people("Ada", "Grace")
    fintech = groups.create_group("Fintech")
    coaching = groups.create_group("Coaching")
    groups.place([ada, grace], fintech)
    before = content()

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(groups, "_insert_memberships", fail)  # after the source rows are deleted
    with pytest.raises(sqlite3.OperationalError), network.op("Move"):
        groups.move_to_group([ada, grace], fintech, coaching)
    assert content() == before
    assert {c for c, g, _, _ in memberships() if g == fintech} == {ada, grace}
    assert network.db.execute_sql("SELECT count(*) FROM op").fetchone() == (0,)  # no step to undo


def test_copy_lets_a_contact_serve_both_goals(db, undo_redo) -> None:
    (ada,) = people("Ada")
    fintech = groups.create_group("Fintech")
    coaching = groups.create_group("Coaching")
    groups.place([ada], fintech)
    assert undo_redo("Copy", lambda: groups.copy_to_group([ada], coaching)) == [ada]
    assert [g.group_id for g in board.groups_of(ada)] == [fintech, coaching]
    assert groups.copy_to_group([ada], coaching) == []


def test_removing_members_is_undone_exactly_an_imported_role_label_included(db, undo_redo) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2)])
    recruiter = GroupSlot.get(role="recruiter").id
    groups.place([ada], gid, recruiter)
    groups.place([grace], gid)
    # An imported role label on an unslotted member comes back with the undo too.
    Membership.update(role="angel investor").where(Membership.contact == grace).execute()
    assert undo_redo("Remove", lambda: groups.remove_from_group([alan, grace, ada], gid)) == [grace, ada]
    assert box() == {ada, grace, alan}
    assert groups.remove_from_group([], gid) == []


def test_undoing_a_removal_is_refused_once_the_slot_it_filled_was_deleted(db, network: Network, undo_refused) -> None:
    (ada,) = people("Ada")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2)])
    recruiter = GroupSlot.get(role="recruiter").id
    groups.place([ada], gid, recruiter)
    with network.op("Remove Ada") as removal:
        groups.remove_from_group([ada], gid)
    with network.op("Delete the slot"):
        groups.delete_slot(recruiter)
    undo_refused(removal.id)


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


def test_slot_assignments_are_undone_back_to_the_imported_label(db, network: Network, content: Content) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 1), ("mentor", 1)])
    groups.create_group("Coaching", slots=[("client", 1)])
    recruiter, mentor, client = [s.id for s in GroupSlot.select().order_by(GroupSlot.id)]
    groups.place([ada, grace], gid)
    Membership.update(role="angel investor").where(Membership.contact == grace).execute()
    before = content()

    steps = []
    for title, contact_id, slot_id in (
        ("Ada fills recruiter", ada, recruiter),
        ("Grace fills recruiter too", grace, recruiter),  # overfill: allowed, shown on the card
        ("Grace fills mentor", grace, mentor),
        ("Ada leaves her slot", ada, None),
    ):
        with network.op(title) as op:
            groups.assign_slot(contact_id, gid, slot_id)
        steps.append(op.id)
        if title == "Grace fills recruiter too":
            assert board.group_card(gid).slots[0].overfilled  # type: ignore[union-attr]
    assert memberships() == {(ada, gid, None, ""), (grace, gid, mentor, "mentor")}
    # Undo all of it, in reverse: back to the imported label and no slots.
    for op_id in reversed(steps):
        network.undo(op_id)
    assert content() == before
    assert memberships() == {(ada, gid, None, ""), (grace, gid, None, "angel investor")}

    with pytest.raises(NotAMember):
        groups.assign_slot(alan, gid, recruiter)
    with pytest.raises(SlotMismatch):
        groups.assign_slot(ada, gid, client)
    with pytest.raises(SlotNotFound):
        groups.assign_slot(ada, gid, 9999)
    assert content() == before


# ------------------------------------------------------------------------------------------------------- slots


def test_adding_and_deleting_a_slot_are_undone_exactly(db, undo_redo) -> None:
    gid = groups.create_group("Fintech", slots=[("recruiter", 2)])
    sid = undo_redo("Add a slot", lambda: groups.add_slot(gid, " hiring manager at a fintech ", 1))
    slot = GroupSlot.get_by_id(sid)
    assert (slot.role, slot.needed, slot.position) == ("hiring manager at a fintech", 1, 1)
    undo_redo("Delete the slot", lambda: groups.delete_slot(sid))
    assert GroupSlot.get_or_none(GroupSlot.id == sid) is None
    with pytest.raises(GroupError, match="between 1 and 999"):
        groups.add_slot(gid, "mentor", 0)
    with pytest.raises(GroupError, match="whole number"):
        groups.add_slot(gid, "mentor", "two")  # type: ignore[arg-type]
    with pytest.raises(GroupError, match="needs a role"):
        groups.add_slot(gid, "", 1)
    with pytest.raises(GroupNotFound):
        groups.add_slot(9999, "mentor")


def test_slot_edits_are_undone_exactly(db, network: Network, content: Content, undo_redo) -> None:
    groups.create_group("Fintech", slots=[("recruiter", 2)])
    sid = GroupSlot.get(role="recruiter").id
    undo_redo("Need three", lambda: groups.edit_slot(sid, needed=3))
    undo_redo("Rename the role", lambda: groups.edit_slot(sid, role="tech recruiter"))
    slot = GroupSlot.get_by_id(sid)
    assert (slot.role, slot.needed) == ("tech recruiter", 3)
    before = content()
    with network.op("Edit nothing") as op:
        groups.edit_slot(sid)
        groups.edit_slot(sid, "tech recruiter", 3)
    assert not op.changes and content() == before
    with pytest.raises(SlotNotFound):
        groups.edit_slot(9999, needed=1)


def test_delete_slot_keeps_the_members_and_undo_refills_it(db, undo_redo) -> None:
    ada, grace, alan = people("Ada", "Grace", "Alan")
    gid = groups.create_group("Fintech", slots=[("recruiter", 2), ("mentor", 1)])
    recruiter, mentor = [s.id for s in GroupSlot.select().order_by(GroupSlot.position)]
    groups.place([ada, grace], gid, recruiter)
    groups.place([alan], gid, mentor)
    # Undone: the same slot, filled by the same members with the same role text.
    undo_redo("Delete the recruiter slot", lambda: groups.delete_slot(recruiter))
    assert memberships() == {(ada, gid, None, ""), (grace, gid, None, ""), (alan, gid, mentor, "mentor")}
    assert [m.role for m in board.group_card(gid).members] == ["mentor", "", ""]  # type: ignore[union-attr]


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
    # Given whom the board shows, the same finds from the search index alone (accents and prefixes alike).
    on_board = {chip.contact_id for chip in board.group_card(gid).members}
    for text in ("quill", "qui", "Quíll", "stone", "ada q", ""):
        assert board.placed_matches(text, on_board) == board.placed_matches(text), text
    slot = board.group_card(gid).slots[0]
    assert [s.id for s in board.open_slots(gid)] == [slot.id]
    groups.assign_slot(ada, gid, slot.id)
    assert board.open_slots(gid) == []  # the one recruiter is there: a full slot is not offered
