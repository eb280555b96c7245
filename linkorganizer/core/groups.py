"""Goal groups on the puzzle board: the mutations, each one transaction.

A goal group ("Land a product role in fintech") is a picture; contacts are its pieces. A contact may serve several
goals (membership is many-to-many, at most once per group); the *box* is simply every contact in no group, so
nothing here ever has to "return a piece to the box".

Conventions the UI's commands rely on:

* ids in, ids or plain frozen dataclasses out; nothing returned holds a Peewee row;
* every function that changes something runs in one transaction (a savepoint when the caller already has one,
  as inside :meth:`~linkorganizer.core.network.Network.op`); undo is the network's, which puts back every row an
  operation wrote, so nothing here keeps what it changed;
* multi-contact operations cost a fixed number of SQL statements whatever the number of contacts (the id list
  travels as one JSON parameter, read back with ``json_each``);
* user mistakes raise a :class:`GroupError` (a :class:`~linkorganizer.core.contacts.ValidationError`, hence a
  ``ValueError``) whose message is a plain sentence fit for a message box.

What counts as a change of the group itself: only its name, purpose and colour touch ``updated_at``. Board layout
(order, collapsed) and membership are not edits of the goal, so they leave every timestamp alone; membership does
not touch ``contact.updated_at`` either (placing a piece is not editing the person).

``Membership.role`` is a copy of the role of the slot the member fills (as the importer writes it); it is cleared
when the member leaves the slot, so that a role text on an unslotted member is only ever one an import brought
(the board shows it as the member's label).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.importing import GROUP_COLOURS
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import utcnow

NAME_MAX = 200
NEEDED_MAX = 999
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Fields of a group that edit_group may change.
EDITABLE_FIELDS: tuple[str, ...] = ("name", "purpose", "colour")


# ------------------------------------------------------------------------------------------------------ errors


class GroupError(ValidationError):
    """Something the user asked of a goal group that cannot be done, with a sentence saying why."""


class GroupNameTaken(GroupError):
    """Another group already has this name (names are compared without regard to case)."""


class InvalidColour(GroupError):
    """A colour that is not ``#RRGGBB``."""


class GroupNotFound(GroupError):
    """The group no longer exists (deleted meanwhile)."""


class SlotNotFound(GroupError):
    """The slot no longer exists."""


class SlotMismatch(GroupError):
    """The slot belongs to another group than the one named."""


class NotAMember(GroupError):
    """The contact is not in the group."""


# ----------------------------------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class GroupRecord:
    """One ``goal_group`` row as stored (timestamps as the stored text)."""

    id: int
    name: str
    purpose: str
    colour: str
    position: int
    collapsed: bool
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class SlotRecord:
    """One ``group_slot`` row: a piece the goal needs ("2 recruiters")."""

    id: int
    group_id: int
    role: str
    needed: int
    position: int


@dataclass(frozen=True, slots=True)
class Effect:
    """What a drop would do, computed before doing it (see :func:`placement_effect`).

    ``added``: contacts that would join the target; ``removed``: contacts that would leave the source;
    ``unchanged``: the rest (already where the drop would put them, or unknown ids). A contact moved between two
    groups is in both ``added`` and ``removed``.
    """

    added: tuple[int, ...] = ()
    removed: tuple[int, ...] = ()
    unchanged: tuple[int, ...] = ()

    @property
    def changed(self) -> int:
        """How many contacts the drop would change."""
        return len(set(self.added) | set(self.removed))

    @property
    def is_noop(self) -> bool:
        return not self.added and not self.removed


# ----------------------------------------------------------------------------------------------------- helpers


def _now_text() -> str:
    # The text Peewee itself stores for a DateTimeField, so rows written here read back like any other.
    return str(utcnow())


def _sql(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    return current_database().execute_sql(sql, params).fetchall()


def _ids_param(ids: Iterable[int]) -> str:
    """A list of ids as one SQL parameter, read back with ``json_each`` (no variable limit, one statement)."""
    return json.dumps([int(i) for i in ids])


def _unique_ids(contact_ids: Iterable[int]) -> list[int]:
    """The ids once each, in the order given."""
    return list(dict.fromkeys(int(cid) for cid in contact_ids))


def _clean_name(name: str) -> str:
    name = " ".join(str(name or "").split())
    if not name:
        raise GroupError("A goal group needs a name.")
    if len(name) > NAME_MAX:
        raise GroupError(f"A goal group's name can have at most {NAME_MAX} characters.")
    return name


def _check_name_free(name: str, group_id: int | None) -> None:
    # Compared with casefold rather than SQLite's NOCASE, which folds ASCII letters only: "Café" and "CAFÉ" clash.
    key = name.casefold()
    for gid, other in _sql("SELECT id, name FROM goal_group"):
        if gid != group_id and other.casefold() == key:
            raise GroupNameTaken(f"There is already a goal group called “{other}”.")


def clean_colour(colour: str) -> str:
    """``#RRGGBB`` in capitals; raises :class:`InvalidColour`."""
    text = str(colour or "").strip()
    if not _COLOUR.fullmatch(text):
        raise InvalidColour(f"“{text}” is not a colour; use the form #RRGGBB, for example #4C78A8.")
    return text.upper()


def _clean_role(role: str) -> str:
    role = " ".join(str(role or "").split())
    if not role:
        raise GroupError("A slot needs a role, for example “recruiter” or “mentor”.")
    if len(role) > NAME_MAX:
        raise GroupError(f"A slot's role can have at most {NAME_MAX} characters.")
    return role


def _clean_needed(needed: int) -> int:
    try:
        value = int(needed)
    except (TypeError, ValueError):
        raise GroupError("The number of pieces a slot needs is a whole number.") from None
    if not 1 <= value <= NEEDED_MAX:
        raise GroupError(f"A slot needs between 1 and {NEEDED_MAX} pieces.")
    return value


def _group_record(group_id: int) -> GroupRecord:
    rows = _sql(
        "SELECT id, name, purpose, colour, position, collapsed, created_at, updated_at FROM goal_group WHERE id = ?",
        (group_id,),
    )
    if not rows:
        raise GroupNotFound("That goal group no longer exists.")
    gid, name, purpose, colour, position, collapsed, created, updated = rows[0]
    return GroupRecord(gid, name, purpose, colour, position, bool(collapsed), str(created), str(updated))


def _require_group(group_id: int) -> None:
    if not _sql("SELECT 1 FROM goal_group WHERE id = ?", (group_id,)):
        raise GroupNotFound("That goal group no longer exists.")


def _slot_record(slot_id: int) -> SlotRecord:
    rows = _sql("SELECT id, group_id, role, needed, position FROM group_slot WHERE id = ?", (slot_id,))
    if not rows:
        raise SlotNotFound("That slot no longer exists.")
    return SlotRecord(*rows[0])


def _slot_role_in(group_id: int, slot_id: int | None) -> str:
    """The role of *slot_id*, checked to belong to *group_id* ("" for no slot)."""
    if slot_id is None:
        return ""
    slot = _slot_record(slot_id)
    if slot.group_id != group_id:
        raise SlotMismatch("That slot belongs to another goal group.")
    return slot.role


def _positions() -> dict[int, int]:
    return dict(_sql("SELECT id, position FROM goal_group"))


def _write_positions(positions: Mapping[int, int]) -> None:
    current = _positions()
    changes = [(pos, gid) for gid, pos in positions.items() if gid in current and current[gid] != pos]
    if changes:
        current_database().cursor().executemany("UPDATE goal_group SET position = ? WHERE id = ?", changes)


def _members_among(group_id: int, ids_json: str) -> set[int]:
    rows = _sql(
        "SELECT contact_id FROM membership WHERE group_id = ? AND contact_id IN (SELECT value FROM json_each(?))",
        (group_id, ids_json),
    )
    return {cid for (cid,) in rows}


def _existing_contacts(ids_json: str) -> set[int]:
    rows = _sql("SELECT id FROM contact WHERE id IN (SELECT value FROM json_each(?))", (ids_json,))
    return {cid for (cid,) in rows}


def _insert_memberships(group_id: int, contact_ids: Sequence[int], slot_id: int | None, role: str) -> None:
    if contact_ids:
        _sql(
            "INSERT INTO membership (contact_id, group_id, slot_id, role, added_at)"
            " SELECT value, ?, ?, ?, ? FROM json_each(?)",
            (group_id, slot_id, role, _now_text(), _ids_param(contact_ids)),
        )


def _delete_memberships(group_id: int, contact_ids: Sequence[int]) -> None:
    if contact_ids:
        _sql(
            "DELETE FROM membership WHERE group_id = ? AND contact_id IN (SELECT value FROM json_each(?))",
            (group_id, _ids_param(contact_ids)),
        )


# ------------------------------------------------------------------------------------------------------ groups


def next_colour() -> str:
    """The default colour for a new group: the palette colour fewest groups use (the first such in the palette)."""
    used = Counter(colour.upper() for (colour,) in _sql("SELECT colour FROM goal_group"))
    return min(GROUP_COLOURS, key=lambda c: (used[c.upper()], GROUP_COLOURS.index(c)))


def create_group(
    name: str,
    purpose: str = "",
    colour: str | None = None,
    slots: Iterable[tuple[str, int]] = (),
) -> int:
    """Create a goal group at the end of the board, with its slots (role, needed); return its id."""
    clean = _clean_name(name)
    colour = clean_colour(colour) if colour is not None else None
    slot_values = [(_clean_role(role), _clean_needed(needed)) for role, needed in slots]
    with atomic():
        _check_name_free(clean, None)
        if colour is None:
            colour = next_colour()
        (position,) = _sql("SELECT coalesce(max(position) + 1, 0) FROM goal_group")[0]
        now = _now_text()
        cursor = current_database().execute_sql(
            "INSERT INTO goal_group (name, purpose, colour, position, collapsed, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, FALSE, ?, ?)",
            (clean, str(purpose or "").strip(), colour, position, now, now),
        )
        group_id = int(cursor.lastrowid)
        if slot_values:
            current_database().cursor().executemany(
                "INSERT INTO group_slot (group_id, role, needed, position) VALUES (?, ?, ?, ?)",
                [(group_id, role, needed, i) for i, (role, needed) in enumerate(slot_values)],
            )
    return group_id


def edit_group(
    group_id: int, *, name: str | None = None, purpose: str | None = None, colour: str | None = None
) -> None:
    """Change a group's name, purpose and/or colour (None: leave as is). ``updated_at`` moves only when a value
    really changes: an edit to the same values writes nothing.

    Raises :class:`GroupNameTaken`, :class:`InvalidColour`, :class:`GroupError`.
    """
    wanted: dict[str, str] = {}
    if name is not None:
        wanted["name"] = _clean_name(name)
    if purpose is not None:
        wanted["purpose"] = str(purpose).strip()
    if colour is not None:
        wanted["colour"] = clean_colour(colour)
    with atomic():
        record = _group_record(group_id)
        current = {"name": record.name, "purpose": record.purpose, "colour": record.colour}
        changes = {key: value for key, value in wanted.items() if current[key] != value}
        if not changes:
            return
        if "name" in changes:
            _check_name_free(changes["name"], group_id)
        values: dict[str, Any] = {**changes, "updated_at": _now_text()}
        assignments = ", ".join(f"{key} = ?" for key in values)  # EDITABLE_FIELDS and updated_at only
        _sql(f"UPDATE goal_group SET {assignments} WHERE id = ?", [*values.values(), group_id])


def rename_group(group_id: int, name: str) -> None:
    """Rename a group (names are unique, compared without regard to case)."""
    edit_group(group_id, name=name)


def recolour_group(group_id: int, colour: str) -> None:
    """Give a group another ``#RRGGBB`` colour."""
    edit_group(group_id, colour=colour)


def describe_group(group_id: int, purpose: str) -> None:
    """Set what the goal is for."""
    edit_group(group_id, purpose=purpose)


def set_collapsed(group_id: int, collapsed: bool) -> bool:
    """Fold or unfold a card (kept in the database, outside the undo log: how the board looks is not a change);
    return the previous state."""
    with atomic():
        previous = _group_record(group_id).collapsed
        if previous != bool(collapsed):
            _sql("UPDATE goal_group SET collapsed = ? WHERE id = ?", (bool(collapsed), group_id))
    return previous


def set_deadline(group_id: int, deadline: _dt.date | None) -> bool:
    """Give a goal a deadline (None: no deadline). Return whether it changed; a change touches ``updated_at``.

    Kept apart from :func:`edit_group`: a date is not text, and a goal may lose its deadline again.
    """
    value = deadline.isoformat() if deadline is not None else None
    with atomic():
        _require_group(group_id)
        (current,) = _sql("SELECT deadline FROM goal_group WHERE id = ?", (group_id,))[0]
        if (str(current)[:10] if current else None) == value:
            return False
        _sql("UPDATE goal_group SET deadline = ?, updated_at = ? WHERE id = ?", (value, _now_text(), group_id))
    return True


def group_order() -> list[int]:
    """Group ids in board order."""
    return [gid for (gid,) in _sql("SELECT id FROM goal_group ORDER BY position, id")]


def reorder_group(group_id: int, to_position: int) -> None:
    """Move a group to index *to_position* of the board (clamped); positions become 0..n-1.

    Only positions that change are written. The UI can detect a no-op by comparing
    ``group_order().index(group_id)`` with *to_position* before calling.
    """
    with atomic():
        _require_group(group_id)
        order = [gid for gid in group_order() if gid != group_id]
        index = max(0, min(int(to_position), len(order)))
        order.insert(index, group_id)
        _write_positions({gid: pos for pos, gid in enumerate(order)})


def delete_group(group_id: int) -> None:
    """Delete a group with its slots and memberships; the groups after it move up one place.

    Its members that are in no other group are back in the box by definition (the box is "contacts in no group").
    """
    with atomic():
        record = _group_record(group_id)
        _sql("DELETE FROM goal_group WHERE id = ?", (group_id,))  # slots and memberships go by ON DELETE CASCADE
        _sql("UPDATE goal_group SET position = position - 1 WHERE position > ?", (record.position,))


# -------------------------------------------------------------------------------------------------- membership


def placement_effect(
    contact_ids: Iterable[int],
    target_group_id: int | None,
    source_group_id: int | None = None,
    copy: bool = False,
) -> Effect:
    """What a drop would change, without changing anything (so the UI can refuse a no-op drop visibly).

    * ``target`` set, no ``source`` (from the box or the table), or ``copy``: a place — contacts not yet in the
      target would be added.
    * ``target`` and ``source`` set: a move — members of the source leave it; contacts not yet in the target join
      it (a contact already in the target only leaves the source). Source == target changes nothing.
    * ``target`` None and ``source`` set (a chip dropped on the box): members of the source would leave it.

    Unknown contact ids never count as a change.
    """
    ids = _unique_ids(contact_ids)
    if not ids or (target_group_id is None and source_group_id is None):
        return Effect(unchanged=tuple(ids))
    moving = source_group_id is not None and not copy
    if moving and source_group_id == target_group_id:
        return Effect(unchanged=tuple(ids))
    ids_json = _ids_param(ids)
    added: set[int] = set()
    removed: set[int] = set()
    if target_group_id is not None:
        existing = _existing_contacts(ids_json)
        added = existing - _members_among(target_group_id, ids_json)
    if moving and source_group_id is not None:
        removed = _members_among(source_group_id, ids_json)
    return Effect(
        added=tuple(cid for cid in ids if cid in added),
        removed=tuple(cid for cid in ids if cid in removed),
        unchanged=tuple(cid for cid in ids if cid not in added and cid not in removed),
    )


def place(contact_ids: Iterable[int], group_id: int, slot_id: int | None = None) -> list[int]:
    """Add contacts to a group (filling *slot_id* if given); return the ids actually added, in the order given.

    Contacts already in the group are left exactly as they are (their slot too); unknown ids are ignored.
    Raises :class:`GroupNotFound`, :class:`SlotNotFound`, :class:`SlotMismatch` (a slot of another group).
    """
    ids = _unique_ids(contact_ids)
    with atomic():
        _require_group(group_id)
        role = _slot_role_in(group_id, slot_id)
        if not ids:
            return []
        ids_json = _ids_param(ids)
        existing = _existing_contacts(ids_json)
        members = _members_among(group_id, ids_json)
        added = [cid for cid in ids if cid in existing and cid not in members]
        _insert_memberships(group_id, added, slot_id, role)
    return added


def copy_to_group(contact_ids: Iterable[int], group_id: int, slot_id: int | None = None) -> list[int]:
    """A Ctrl-drag from one group to another: the contacts then serve both goals. Same as :func:`place`."""
    return place(contact_ids, group_id, slot_id)


def remove_from_group(contact_ids: Iterable[int], group_id: int) -> list[int]:
    """Take contacts out of a group; return the ids of those that were in it, in the order given.

    Contacts in no other group are then in the box.
    """
    ids = _unique_ids(contact_ids)
    with atomic():
        if not ids:
            return []
        members = _members_among(group_id, _ids_param(ids))
        removed = [cid for cid in ids if cid in members]
        _delete_memberships(group_id, removed)
    return removed


def move_to_group(
    contact_ids: Iterable[int], from_group_id: int, to_group_id: int, slot_id: int | None = None
) -> None:
    """Move contacts from one group to another: remove from the source, add to the target.

    A contact already in the target only leaves the source (its membership in the target stays as it is); a
    contact not in the source is simply placed in the target. The source slot never travels (slots belong to
    their group): the new memberships fill *slot_id*, which must be a slot of the target (else
    :class:`SlotMismatch`), or none. Moving to the same group changes nothing.
    """
    ids = _unique_ids(contact_ids)
    with atomic():
        _require_group(to_group_id)
        role = _slot_role_in(to_group_id, slot_id)
        if not ids or from_group_id == to_group_id:
            return
        ids_json = _ids_param(ids)
        in_source = _members_among(from_group_id, ids_json)
        existing = _existing_contacts(ids_json)
        in_target = _members_among(to_group_id, ids_json)
        joining = [cid for cid in ids if cid in existing and cid not in in_target]
        _delete_memberships(from_group_id, [cid for cid in ids if cid in in_source])
        _insert_memberships(to_group_id, joining, slot_id, role)


def assign_slot(contact_id: int, group_id: int, slot_id: int | None) -> None:
    """Let a member fill *slot_id* of the group (None: no slot); the membership's role text becomes the slot's
    role ("" for no slot).

    A slot may be filled by more members than it needs (see :mod:`linkorganizer.core.board`: overfill is shown,
    not refused). Raises :class:`NotAMember`, :class:`SlotNotFound`, :class:`SlotMismatch`.
    """
    with atomic():
        rows = _sql(
            "SELECT slot_id, role FROM membership WHERE contact_id = ? AND group_id = ?", (contact_id, group_id)
        )
        if not rows:
            raise NotAMember("That contact is not in this goal group.")
        role = _slot_role_in(group_id, slot_id)
        if (rows[0][0], rows[0][1]) != (slot_id, role):
            _sql(
                "UPDATE membership SET slot_id = ?, role = ? WHERE contact_id = ? AND group_id = ?",
                (slot_id, role, contact_id, group_id),
            )


# ------------------------------------------------------------------------------------------------------- slots


def add_slot(group_id: int, role: str, needed: int = 1) -> int:
    """Add a piece the goal needs ("2 recruiters") after the group's other slots; return its id."""
    role = _clean_role(role)
    needed = _clean_needed(needed)
    with atomic():
        _require_group(group_id)
        (position,) = _sql("SELECT coalesce(max(position) + 1, 0) FROM group_slot WHERE group_id = ?", (group_id,))[0]
        cursor = current_database().execute_sql(
            "INSERT INTO group_slot (group_id, role, needed, position) VALUES (?, ?, ?, ?)",
            (group_id, role, needed, position),
        )
    return int(cursor.lastrowid)


def edit_slot(slot_id: int, role: str | None = None, needed: int | None = None) -> None:
    """Change a slot's role and/or how many pieces it needs (None: leave as is).

    Members keep filling the slot; lowering *needed* below the number of members overfills it (shown, not
    refused).
    """
    new_role = _clean_role(role) if role is not None else None
    new_needed = _clean_needed(needed) if needed is not None else None
    with atomic():
        slot = _slot_record(slot_id)
        role_value = new_role if new_role is not None else slot.role
        needed_value = new_needed if new_needed is not None else slot.needed
        if (role_value, needed_value) != (slot.role, slot.needed):
            _sql("UPDATE group_slot SET role = ?, needed = ? WHERE id = ?", (role_value, needed_value, slot_id))


def delete_slot(slot_id: int) -> None:
    """Delete a slot; the members that filled it stay in the group, with no slot (and no role text)."""
    with atomic():
        _slot_record(slot_id)
        _sql("UPDATE membership SET slot_id = NULL, role = '' WHERE slot_id = ?", (slot_id,))
        _sql("DELETE FROM group_slot WHERE id = ?", (slot_id,))


__all__ = [
    "Effect",
    "GroupError",
    "GroupNameTaken",
    "GroupNotFound",
    "GroupRecord",
    "InvalidColour",
    "NotAMember",
    "SlotMismatch",
    "SlotNotFound",
    "SlotRecord",
    "add_slot",
    "assign_slot",
    "clean_colour",
    "copy_to_group",
    "create_group",
    "delete_group",
    "delete_slot",
    "describe_group",
    "edit_group",
    "edit_slot",
    "group_order",
    "move_to_group",
    "next_colour",
    "place",
    "placement_effect",
    "recolour_group",
    "remove_from_group",
    "rename_group",
    "reorder_group",
    "set_collapsed",
    "set_deadline",
]
