"""Undo commands for the puzzle board: placing, moving, copying and removing pieces, slots, and the groups.

Each command's redo/undo call the core function and its exact inverse (see :mod:`linkorganizer.core.groups`),
keep ids and what the inverse needs (never rows or widgets), then tell the bus which groups changed — so the
board redraws only those cards — and which contacts changed (the contact table's "Goal groups" column).

A command whose first redo changes nothing, or fails with a :class:`~linkorganizer.core.groups.GroupError` (the
group was deleted meanwhile, a name is taken), makes itself obsolete: QUndoStack.push then drops it, and the
caller reads ``command.error`` (a sentence for the user) and ``command.changed``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from linkorganizer.core import board as board_core
from linkorganizer.core import groups as core
from linkorganizer.db import atomic
from linkorganizer.ui.bus import ChangeBus


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


def _people(count: int) -> str:
    return tr("a contact") if count == 1 else tr("{n} contacts").format(n=count)


class _GroupCommand(QUndoCommand):
    """Shared plumbing: the first redo may turn the command obsolete (nothing changed, or refused)."""

    def __init__(self, bus: ChangeBus, text: str) -> None:
        super().__init__(text)
        self.bus = bus
        self.error: str | None = None
        self.changed = False
        self._first = True

    def _run(self, step: Callable[[], bool]) -> None:
        """Run *step* (returns whether it changed anything); on the first redo, drop a no-op or a refusal."""
        first, self._first = self._first, False
        try:
            changed = step()
        except core.GroupError as exc:
            self.error = str(exc)
            self.changed = False
            self.setObsolete(True)
            return
        if first:
            self.changed = changed
            if not changed:
                self.setObsolete(True)

    def _emit(self, group_ids: Sequence[int] | None, contact_ids: Sequence[int] = ()) -> None:
        # Cards first, then the table's "Goal groups" column.
        self.bus.groups_changed.emit([] if group_ids is None else list(dict.fromkeys(group_ids)))
        if contact_ids:
            self.bus.contacts_changed.emit(list(dict.fromkeys(contact_ids)))


# ------------------------------------------------------------------------------------------------ placements


class PlaceContactsCommand(_GroupCommand):
    """Put contacts in a group (from the box, the table, or — ``copy`` — from another group they stay in)."""

    def __init__(
        self,
        bus: ChangeBus,
        contact_ids: Sequence[int],
        group_id: int,
        slot_id: int | None = None,
        group_name: str = "",
        copy: bool = False,
    ) -> None:
        ids = list(dict.fromkeys(int(i) for i in contact_ids))
        template = tr("Copy {who} to “{group}”") if copy else tr("Place {who} in “{group}”")
        super().__init__(bus, template.format(who=_people(len(ids)), group=group_name or tr("a goal group")))
        self.contact_ids = ids
        self.group_id = group_id
        self.slot_id = slot_id
        self.copy = copy
        self.added: list[int] = []

    def redo(self) -> None:
        def step() -> bool:
            fn = core.copy_to_group if self.copy else core.place
            self.added = fn(self.contact_ids, self.group_id, self.slot_id)
            return bool(self.added)

        self._run(step)
        self._emit([self.group_id], self.added)

    def undo(self) -> None:
        core.remove_from_group(self.added, self.group_id)
        self._emit([self.group_id], self.added)


class MoveContactsCommand(_GroupCommand):
    """Move pieces from one group to another (a drag from card to card)."""

    def __init__(
        self,
        bus: ChangeBus,
        contact_ids: Sequence[int],
        from_group_id: int,
        to_group_id: int,
        slot_id: int | None = None,
        to_name: str = "",
    ) -> None:
        ids = list(dict.fromkeys(int(i) for i in contact_ids))
        super().__init__(
            bus, tr("Move {who} to “{group}”").format(who=_people(len(ids)), group=to_name or tr("a goal group"))
        )
        self.contact_ids = ids
        self.from_group_id = from_group_id
        self.to_group_id = to_group_id
        self.slot_id = slot_id
        self.result: core.MoveResult | None = None

    def redo(self) -> None:
        def step() -> bool:
            self.result = core.move_to_group(self.contact_ids, self.from_group_id, self.to_group_id, self.slot_id)
            return self.result.changed

        self._run(step)
        self._emit([self.from_group_id, self.to_group_id], self.contact_ids)

    def undo(self) -> None:
        if self.result is not None:
            core.undo_move(self.result)
        self._emit([self.from_group_id, self.to_group_id], self.contact_ids)


class RemoveFromGroupCommand(_GroupCommand):
    """Take pieces out of a group (a chip dropped on the box, the Delete key, "Remove from group")."""

    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int], group_id: int, group_name: str = "") -> None:
        ids = list(dict.fromkeys(int(i) for i in contact_ids))
        text = tr("Remove {who} from “{group}”").format(who=_people(len(ids)), group=group_name or tr("a goal group"))
        super().__init__(bus, text)
        self.contact_ids = ids
        self.group_id = group_id
        self.removed: list[core.MembershipRecord] = []

    def redo(self) -> None:
        def step() -> bool:
            self.removed = core.remove_from_group(self.contact_ids, self.group_id)
            return bool(self.removed)

        self._run(step)
        self._emit([self.group_id], [r.contact_id for r in self.removed])

    def undo(self) -> None:
        core.restore_memberships(self.removed)
        self._emit([self.group_id], [r.contact_id for r in self.removed])


class AssignSlotCommand(_GroupCommand):
    """Let members fill a slot of their group (``slot_id`` None: no slot). Several members are one step.

    The core assigns one member per call; the calls share one transaction here so the step stays atomic.
    """

    def __init__(
        self, bus: ChangeBus, group_id: int, contact_ids: Sequence[int], slot_id: int | None, role: str = ""
    ) -> None:
        ids = list(dict.fromkeys(int(i) for i in contact_ids))
        if slot_id is None:
            text = tr("Take {who} out of their slot").format(who=_people(len(ids)))
        else:
            text = tr("Let {who} fill “{role}”").format(who=_people(len(ids)), role=role or tr("a slot"))
        super().__init__(bus, text)
        self.group_id = group_id
        self.contact_ids = ids
        self.slot_id = slot_id
        self.role = role if slot_id is not None else ""
        self.previous: dict[int, core.SlotAssignment] | None = None

    def redo(self) -> None:
        def step() -> bool:
            with atomic():
                previous = {cid: core.assign_slot(cid, self.group_id, self.slot_id) for cid in self.contact_ids}
            if self.previous is None:
                self.previous = previous
            wanted = (self.slot_id, self.role)
            return any((p.slot_id, p.role) != wanted for p in previous.values())

        self._run(step)
        self._emit([self.group_id])

    def undo(self) -> None:
        with atomic():
            for cid, previous in (self.previous or {}).items():
                core.assign_slot(cid, self.group_id, previous.slot_id, role=previous.role)
        self._emit([self.group_id])


# ---------------------------------------------------------------------------------------------------- groups


@dataclass(frozen=True, slots=True)
class SlotChanges:
    """What the group dialog changed in a group's slots."""

    added: tuple[tuple[str, int], ...] = ()  # (role, needed)
    edited: tuple[tuple[int, str, int], ...] = ()  # (slot id, role, needed)
    removed: tuple[int, ...] = ()  # slot ids

    def __bool__(self) -> bool:
        return bool(self.added or self.edited or self.removed)


@dataclass
class _EditState:
    edit: core.GroupEdit | None = None
    edited_before: dict[int, core.SlotValues] = field(default_factory=dict)
    removed: list[core.SlotSnapshot] = field(default_factory=list)
    added_ids: list[int] = field(default_factory=list)
    added_snapshots: list[core.SlotSnapshot] = field(default_factory=list)


class CreateGroupCommand(_GroupCommand):
    """A new goal group at the end of the board; undo deletes it, redo brings back the very same group."""

    def __init__(
        self,
        bus: ChangeBus,
        name: str,
        purpose: str = "",
        colour: str | None = None,
        slots: Sequence[tuple[str, int]] = (),
    ) -> None:
        super().__init__(bus, tr("New goal group “{name}”").format(name=name))
        self.values = (name, purpose, colour, tuple(slots))
        self.group_id: int | None = None
        self.snapshot: core.GroupSnapshot | None = None

    def redo(self) -> None:
        def step() -> bool:
            if self.snapshot is None:
                name, purpose, colour, slots = self.values
                self.group_id = core.create_group(name, purpose, colour, slots)
            else:
                self.group_id = core.restore_group(self.snapshot)
            return True

        self._run(step)
        self._emit(None)

    def undo(self) -> None:
        if self.group_id is not None:
            self.snapshot = core.delete_group(self.group_id)
        self._emit(None)


class DeleteGroupCommand(_GroupCommand):
    """Delete a group with its slots and memberships; members in no other group are back in the box."""

    def __init__(self, bus: ChangeBus, group_id: int, group_name: str = "") -> None:
        super().__init__(bus, tr("Delete goal group “{name}”").format(name=group_name or tr("goal group")))
        self.group_id = group_id
        self.snapshot: core.GroupSnapshot | None = None

    def _members(self) -> list[int]:
        return [m.contact_id for m in self.snapshot.memberships] if self.snapshot else []

    def redo(self) -> None:
        def step() -> bool:
            self.snapshot = core.delete_group(self.group_id)
            return True

        self._run(step)
        self._emit(None, self._members())

    def undo(self) -> None:
        if self.snapshot is not None:
            core.restore_group(self.snapshot)
        self._emit(None, self._members())


class EditGroupCommand(_GroupCommand):
    """What the group dialog changed: name, purpose, colour and slots, as one step (one transaction)."""

    def __init__(
        self,
        bus: ChangeBus,
        group_id: int,
        fields: dict[str, Any] | None = None,
        slots: SlotChanges | None = None,
        group_name: str = "",
    ) -> None:
        super().__init__(bus, tr("Edit goal group “{name}”").format(name=group_name or tr("goal group")))
        self.group_id = group_id
        self.fields = {k: v for k, v in (fields or {}).items() if k in core.EDITABLE_FIELDS}
        self.slots = slots or SlotChanges()
        self.state: _EditState | None = None

    def _member_ids(self) -> list[int]:
        card = board_core.group_card(self.group_id)
        return [chip.contact_id for chip in card.members] if card else []

    def _name_changed(self) -> bool:
        edit = self.state.edit if self.state else None
        return bool(edit and "name" in edit.before)

    def redo(self) -> None:
        def step() -> bool:
            with atomic():
                if self.state is None:
                    state = _EditState()
                    state.edit = core.edit_group(self.group_id, **self.fields)
                    for sid, role, needed in self.slots.edited:
                        before = core.edit_slot(sid, role, needed)
                        if (before.role, before.needed) != (role, needed):
                            state.edited_before[sid] = before
                    state.removed = [core.delete_slot(sid) for sid in self.slots.removed]
                    state.added_ids = [core.add_slot(self.group_id, role, needed) for role, needed in self.slots.added]
                    self.state = state
                    return bool(state.edit.changed or state.edited_before or state.removed or state.added_ids)
                state = self.state
                assert state.edit is not None
                state.edit = core.revert_group_edit(state.edit)  # the re-applying edit kept by undo
                for sid, role, needed in self.slots.edited:
                    if sid in state.edited_before:
                        core.edit_slot(sid, role, needed)
                state.removed = [core.delete_slot(snap.slot.id) for snap in state.removed]
                for snapshot in state.added_snapshots:
                    core.restore_slot(snapshot)
                return True

        self._run(step)
        self._emit([self.group_id], self._member_ids() if self._name_changed() else ())

    def undo(self) -> None:
        state = self.state
        if state is None:
            return
        with atomic():
            state.added_snapshots = [core.delete_slot(sid) for sid in state.added_ids]
            for snapshot in reversed(state.removed):
                core.restore_slot(snapshot)
            for sid, before in state.edited_before.items():
                core.edit_slot(sid, before.role, before.needed)
            if state.edit is not None:
                state.edit = core.revert_group_edit(state.edit)
        self._emit([self.group_id], self._member_ids() if self._name_changed() else ())


class SetCollapsedCommand(_GroupCommand):
    """Fold or unfold a card (kept in the database)."""

    def __init__(self, bus: ChangeBus, group_id: int, collapsed: bool, group_name: str = "") -> None:
        template = tr("Collapse “{name}”") if collapsed else tr("Expand “{name}”")
        super().__init__(bus, template.format(name=group_name or tr("goal group")))
        self.group_id = group_id
        self.collapsed = collapsed
        self.previous = collapsed

    def redo(self) -> None:
        def step() -> bool:
            self.previous = core.set_collapsed(self.group_id, self.collapsed)
            return self.previous != self.collapsed

        self._run(step)
        self._emit([self.group_id])

    def undo(self) -> None:
        core.set_collapsed(self.group_id, self.previous)
        self._emit([self.group_id])


class ReorderGroupCommand(_GroupCommand):
    """Move a card to another place on the board."""

    def __init__(self, bus: ChangeBus, group_id: int, to_position: int, group_name: str = "") -> None:
        super().__init__(bus, tr("Move “{name}” on the board").format(name=group_name or tr("goal group")))
        self.group_id = group_id
        self.to_position = to_position
        self.previous: dict[int, int] = {}

    def redo(self) -> None:
        def step() -> bool:
            before = core.group_order()
            self.previous = core.reorder_group(self.group_id, self.to_position)
            return core.group_order() != before

        self._run(step)
        self._emit(None)

    def undo(self) -> None:
        core.restore_group_positions(self.previous)
        self._emit(None)


__all__ = [
    "AssignSlotCommand",
    "CreateGroupCommand",
    "DeleteGroupCommand",
    "EditGroupCommand",
    "MoveContactsCommand",
    "PlaceContactsCommand",
    "ReorderGroupCommand",
    "RemoveFromGroupCommand",
    "SetCollapsedCommand",
    "SlotChanges",
]
