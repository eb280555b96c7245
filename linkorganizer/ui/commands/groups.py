"""Undo commands for the puzzle board: placing, moving, copying and removing pieces, slots, and the groups.

Each runs core functions as one operation (:class:`~linkorganizer.ui.commands.ops.LoggedCommand`); undo and
redo come from the database's log, and the bus tells the board which cards changed.

A command whose first redo changes nothing, or fails with a :class:`~linkorganizer.core.groups.GroupError` (the
group was deleted meanwhile, a name is taken), makes itself obsolete: QUndoStack.push then drops it, and the
caller reads ``command.error`` (a sentence for the user) and ``command.changed``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication

from linkorganizer.core import groups as core
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.ops import LoggedCommand


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


def _people(count: int) -> str:
    return tr("a contact") if count == 1 else tr("{n} contacts").format(n=count)


# ------------------------------------------------------------------------------------------------ placements


class PlaceContactsCommand(LoggedCommand):
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
        self.added: list[int] = []  # who was not in the group yet (the status line counts them)

    def perform(self) -> None:
        self.added = (core.copy_to_group if self.copy else core.place)(self.contact_ids, self.group_id, self.slot_id)


class MoveContactsCommand(LoggedCommand):
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

    def perform(self) -> None:
        core.move_to_group(self.contact_ids, self.from_group_id, self.to_group_id, self.slot_id)


class RemoveFromGroupCommand(LoggedCommand):
    """Take pieces out of a group (a chip dropped on the box, the Delete key, "Remove from group")."""

    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int], group_id: int, group_name: str = "") -> None:
        ids = list(dict.fromkeys(int(i) for i in contact_ids))
        text = tr("Remove {who} from “{group}”").format(who=_people(len(ids)), group=group_name or tr("a goal group"))
        super().__init__(bus, text)
        self.contact_ids = ids
        self.group_id = group_id

    def perform(self) -> None:
        core.remove_from_group(self.contact_ids, self.group_id)


class AssignSlotCommand(LoggedCommand):
    """Let members fill a slot of their group (``slot_id`` None: no slot). Several members are one step."""

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

    def perform(self) -> None:
        for cid in self.contact_ids:
            core.assign_slot(cid, self.group_id, self.slot_id)


# ---------------------------------------------------------------------------------------------------- groups


@dataclass(frozen=True, slots=True)
class SlotChanges:
    """What the group dialog changed in a group's slots."""

    added: tuple[tuple[str, int], ...] = ()  # (role, needed)
    edited: tuple[tuple[int, str, int], ...] = ()  # (slot id, role, needed)
    removed: tuple[int, ...] = ()  # slot ids

    def __bool__(self) -> bool:
        return bool(self.added or self.edited or self.removed)


class CreateGroupCommand(LoggedCommand):
    """A new goal group at the end of the board."""

    def __init__(
        self,
        bus: ChangeBus,
        name: str,
        purpose: str = "",
        colour: str | None = None,
        slots: Sequence[tuple[str, int]] = (),
        deadline: _dt.date | None = None,
    ) -> None:
        super().__init__(bus, tr("New goal group “{name}”").format(name=name))
        self.values = (name, purpose, colour, tuple(slots))
        self.deadline = deadline
        self.group_id: int | None = None

    def perform(self) -> None:
        name, purpose, colour, slots = self.values
        self.group_id = core.create_group(name, purpose, colour, slots)
        if self.deadline is not None:
            core.set_deadline(self.group_id, self.deadline)


class DeleteGroupCommand(LoggedCommand):
    """Delete a group with its slots and memberships; members in no other group are back in the box."""

    def __init__(self, bus: ChangeBus, group_id: int, group_name: str = "") -> None:
        super().__init__(bus, tr("Delete goal group “{name}”").format(name=group_name or tr("goal group")))
        self.group_id = group_id

    def perform(self) -> None:
        core.delete_group(self.group_id)


class EditGroupCommand(LoggedCommand):
    """What the group dialog changed: name, purpose, colour and slots, as one step (one operation)."""

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
        # "deadline" in *fields* (a date, or None to drop it) is set apart from the text fields.
        self.set_deadline = "deadline" in (fields or {})
        self.deadline: _dt.date | None = (fields or {}).get("deadline")
        self.slots = slots or SlotChanges()

    def perform(self) -> None:
        core.edit_group(self.group_id, **self.fields)
        if self.set_deadline:
            core.set_deadline(self.group_id, self.deadline)
        for sid, role, needed in self.slots.edited:
            core.edit_slot(sid, role, needed)
        for sid in self.slots.removed:
            core.delete_slot(sid)
        for role, needed in self.slots.added:
            core.add_slot(self.group_id, role, needed)


class ReorderGroupCommand(LoggedCommand):
    """Move a card to another place on the board."""

    def __init__(self, bus: ChangeBus, group_id: int, to_position: int, group_name: str = "") -> None:
        super().__init__(bus, tr("Move “{name}” on the board").format(name=group_name or tr("goal group")))
        self.group_id = group_id
        self.to_position = to_position

    def perform(self) -> None:
        core.reorder_group(self.group_id, self.to_position)


__all__ = [
    "AssignSlotCommand",
    "CreateGroupCommand",
    "DeleteGroupCommand",
    "EditGroupCommand",
    "MoveContactsCommand",
    "PlaceContactsCommand",
    "ReorderGroupCommand",
    "RemoveFromGroupCommand",
    "SlotChanges",
]
