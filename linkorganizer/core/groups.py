"""Goal groups on the puzzle board: the mutations, each one transaction with an exact inverse.

A goal group ("Land a product role in fintech") is a picture; contacts are its pieces. A contact may serve several
goals (membership is many-to-many, at most once per group); the *box* is simply every contact in no group, so
nothing here ever has to "return a piece to the box".

Conventions the UI's undo commands rely on:

* ids in, plain frozen dataclasses out; nothing returned holds a Peewee row;
* every function that changes something runs in one transaction (a savepoint when the caller already has one)
  and returns exactly what its inverse needs; the inverse of each one is named in its docstring and puts the
  ``goal_group``, ``group_slot`` and ``membership`` tables back *exactly* as they were — same ids, same positions,
  same stored timestamps (the tests compare full table dumps);
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
from dataclasses import dataclass, field
from typing import Any

from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.importing import GROUP_COLOURS
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import utcnow

NAME_MAX = 200
NEEDED_MAX = 999
_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
# Fields of a group that edit_group may change (and revert_group_edit may put back).
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
    """One ``goal_group`` row as stored. Timestamps are the stored text, put back verbatim by a restore."""

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
class MembershipRecord:
    """One ``membership`` row; ``added_at`` is the stored text, put back verbatim by a restore."""

    id: int
    contact_id: int
    group_id: int
    slot_id: int | None
    role: str
    added_at: str


@dataclass(frozen=True, slots=True)
class GroupSnapshot:
    """Everything :func:`delete_group` removed, so :func:`restore_group` can put it back with the same ids."""

    group: GroupRecord
    slots: tuple[SlotRecord, ...]
    memberships: tuple[MembershipRecord, ...]
    # Board position of every group just before the deletion (group id → position).
    positions: Mapping[int, int]


@dataclass(frozen=True, slots=True)
class GroupEdit:
    """What :func:`edit_group` changed: field → value before and after (``updated_at`` included when any changed).

    An empty edit (``changed`` is False) means the call changed nothing: keep it off the undo stack.
    """

    group_id: int
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.before)


@dataclass(frozen=True, slots=True)
class SlotValues:
    """A slot's editable values (what :func:`edit_slot` returns: the values before the edit)."""

    role: str
    needed: int


@dataclass(frozen=True, slots=True)
class SlotSnapshot:
    """What :func:`delete_slot` removed: the slot, and the memberships that filled it (id, role text)."""

    slot: SlotRecord
    filled_by: tuple[tuple[int, str], ...]


@dataclass(frozen=True, slots=True)
class SlotAssignment:
    """Which slot a member fills in a group (None: no slot), and the membership's role text."""

    slot_id: int | None
    role: str


@dataclass(frozen=True, slots=True)
class MoveResult:
    """What :func:`move_to_group` did: memberships removed from the source, contacts added to the target."""

    from_group_id: int
    to_group_id: int
    removed: tuple[MembershipRecord, ...] = ()
    added: tuple[int, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.removed or self.added)


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


def _membership_records(group_id: int, ids_json: str) -> dict[int, MembershipRecord]:
    rows = _sql(
        "SELECT id, contact_id, group_id, slot_id, role, added_at FROM membership"
        " WHERE group_id = ? AND contact_id IN (SELECT value FROM json_each(?))",
        (group_id, ids_json),
    )
    return {row[1]: MembershipRecord(row[0], row[1], row[2], row[3], row[4], str(row[5])) for row in rows}


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


def _restore_membership_rows(records: Sequence[MembershipRecord]) -> list[int]:
    """Put membership rows back with their ids; return the contact ids put back.

    Rather than failing an undo, a contact or group deleted for good since, or a membership that exists again, is
    skipped; a slot deleted since becomes "no slot"; an id taken meanwhile is left to SQLite to choose.
    """
    if not records:
        return []
    pairs = json.dumps([[r.contact_id, r.group_id] for r in records])
    blocked = {
        (c, g)
        for c, g in _sql(
            """SELECT json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') FROM json_each(?) j
               WHERE NOT EXISTS (SELECT 1 FROM contact c WHERE c.id = json_extract(j.value, '$[0]'))
                  OR NOT EXISTS (SELECT 1 FROM goal_group g WHERE g.id = json_extract(j.value, '$[1]'))
                  OR EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = json_extract(j.value, '$[0]')
                             AND m.group_id = json_extract(j.value, '$[1]'))""",
            (pairs,),
        )
    }
    todo = [r for r in records if (r.contact_id, r.group_id) not in blocked]
    if todo:
        rows = json.dumps([[r.id, r.contact_id, r.group_id, r.slot_id, r.role, r.added_at] for r in todo])
        _sql(
            """INSERT INTO membership (id, contact_id, group_id, slot_id, role, added_at)
               SELECT CASE WHEN EXISTS (SELECT 1 FROM membership x WHERE x.id = json_extract(j.value, '$[0]'))
                           THEN NULL ELSE json_extract(j.value, '$[0]') END,
                      json_extract(j.value, '$[1]'), json_extract(j.value, '$[2]'),
                      (SELECT s.id FROM group_slot s WHERE s.id = json_extract(j.value, '$[3]')
                       AND s.group_id = json_extract(j.value, '$[2]')),
                      json_extract(j.value, '$[4]'), json_extract(j.value, '$[5]')
               FROM json_each(?) j""",
            (rows,),
        )
    return [r.contact_id for r in todo]


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
    """Create a goal group at the end of the board, with its slots (role, needed); return its id.

    Inverse: :func:`delete_group` (whose snapshot :func:`restore_group` turns into the same group again — the redo).
    """
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
            " VALUES (?, ?, ?, ?, 0, ?, ?)",
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
) -> GroupEdit:
    """Change a group's name, purpose and/or colour (None: leave as is); return what changed, before and after.

    Inverse: :func:`revert_group_edit`. Raises :class:`GroupNameTaken`, :class:`InvalidColour`, :class:`GroupError`.
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
            return GroupEdit(group_id)
        if "name" in changes:
            _check_name_free(changes["name"], group_id)
        now = _now_text()
        before: dict[str, Any] = {key: current[key] for key in changes}
        before["updated_at"] = record.updated_at
        after: dict[str, Any] = {**changes, "updated_at": now}
        _write_group_fields(group_id, after)
    return GroupEdit(group_id, before, after)


def _write_group_fields(group_id: int, values: Mapping[str, Any]) -> None:
    columns = [key for key in values if key in EDITABLE_FIELDS or key == "updated_at"]
    assignments = ", ".join(f"{key} = ?" for key in columns)
    _sql(f"UPDATE goal_group SET {assignments} WHERE id = ?", [*(values[k] for k in columns), group_id])


def rename_group(group_id: int, name: str) -> GroupEdit:
    """Rename a group (names are unique, compared without regard to case). Inverse: :func:`revert_group_edit`."""
    return edit_group(group_id, name=name)


def recolour_group(group_id: int, colour: str) -> GroupEdit:
    """Give a group another ``#RRGGBB`` colour. Inverse: :func:`revert_group_edit`."""
    return edit_group(group_id, colour=colour)


def describe_group(group_id: int, purpose: str) -> GroupEdit:
    """Set what the goal is for. Inverse: :func:`revert_group_edit`."""
    return edit_group(group_id, purpose=purpose)


def revert_group_edit(edit: GroupEdit) -> GroupEdit:
    """Put back the values (and ``updated_at``) from before *edit*; return the edit that re-applies it.

    ``revert_group_edit(revert_group_edit(e))`` therefore redoes ``e`` exactly, timestamp included.
    """
    if not edit.changed:
        return GroupEdit(edit.group_id)
    with atomic():
        record = _group_record(edit.group_id)
        if "name" in edit.before:
            _check_name_free(edit.before["name"], edit.group_id)
        current = {
            "name": record.name, "purpose": record.purpose, "colour": record.colour, "updated_at": record.updated_at
        }
        undone = {key: current[key] for key in edit.before}
        _write_group_fields(edit.group_id, edit.before)
    return GroupEdit(edit.group_id, before=undone, after=dict(edit.before))


def set_collapsed(group_id: int, collapsed: bool) -> bool:
    """Fold or unfold a card (kept in the database); return the previous state. Inverse: call it with that."""
    with atomic():
        previous = _group_record(group_id).collapsed
        if previous != bool(collapsed):
            _sql("UPDATE goal_group SET collapsed = ? WHERE id = ?", (int(bool(collapsed)), group_id))
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


def reorder_group(group_id: int, to_position: int) -> dict[int, int]:
    """Move a group to index *to_position* of the board (clamped); positions become 0..n-1.

    Returns every group's position before the move (id → position); :func:`restore_group_positions` with it is
    the exact inverse, even if positions were not dense before. The UI can detect a no-op by comparing
    ``group_order().index(group_id)`` with *to_position* before calling.
    """
    with atomic():
        _require_group(group_id)
        previous = _positions()
        order = [gid for gid in group_order() if gid != group_id]
        index = max(0, min(int(to_position), len(order)))
        order.insert(index, group_id)
        _write_positions({gid: pos for pos, gid in enumerate(order)})
    return previous


def restore_group_positions(positions: Mapping[int, int]) -> None:
    """Set groups' board positions (id → position) as :func:`reorder_group` returned them; unknown ids are skipped."""
    with atomic():
        _write_positions(positions)


def delete_group(group_id: int) -> GroupSnapshot:
    """Delete a group with its slots and memberships; return all of it for :func:`restore_group` (the inverse).

    The groups after it move up one place. Its members that are in no other group are back in the box by
    definition (the box is "contacts in no group").
    """
    with atomic():
        record = _group_record(group_id)
        slots = tuple(
            SlotRecord(*row)
            for row in _sql(
                "SELECT id, group_id, role, needed, position FROM group_slot WHERE group_id = ? ORDER BY position, id",
                (group_id,),
            )
        )
        memberships = tuple(
            MembershipRecord(row[0], row[1], row[2], row[3], row[4], str(row[5]))
            for row in _sql(
                "SELECT id, contact_id, group_id, slot_id, role, added_at FROM membership WHERE group_id = ?"
                " ORDER BY id",
                (group_id,),
            )
        )
        positions = _positions()
        _sql("DELETE FROM goal_group WHERE id = ?", (group_id,))  # slots and memberships go by ON DELETE CASCADE
        _sql("UPDATE goal_group SET position = position - 1 WHERE position > ?", (record.position,))
    return GroupSnapshot(record, slots, memberships, positions)


def restore_group(snapshot: GroupSnapshot) -> int:
    """Re-create a deleted group with the same id, slots, memberships (slots included) and board position.

    Members whose contact was deleted for good meanwhile are skipped. Raises :class:`GroupNameTaken` if another
    group took the name since. Returns the group id. Inverse: :func:`delete_group`.
    """
    g = snapshot.group
    with atomic():
        if _sql("SELECT 1 FROM goal_group WHERE id = ?", (g.id,)):
            # Only an out-of-order undo gets here (SQLite reuses the highest id); never overwrite another group.
            raise GroupError(f"The goal group “{g.name}” cannot be restored: another group has taken its place.")
        _check_name_free(g.name, None)
        _sql(
            "INSERT INTO goal_group (id, name, purpose, colour, position, collapsed, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (g.id, g.name, g.purpose, g.colour, g.position, int(g.collapsed), g.created_at, g.updated_at),
        )
        if snapshot.slots:
            current_database().cursor().executemany(
                "INSERT INTO group_slot (id, group_id, role, needed, position) VALUES (?, ?, ?, ?, ?)",
                [(s.id, g.id, s.role, s.needed, s.position) for s in snapshot.slots],
            )
        _restore_membership_rows(snapshot.memberships)
        _write_positions(snapshot.positions)
    return g.id


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
    Inverse: :func:`remove_from_group` with the returned ids (its snapshot can be dropped).
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


def remove_from_group(contact_ids: Iterable[int], group_id: int) -> list[MembershipRecord]:
    """Take contacts out of a group; return the memberships removed (slot, role, added_at, id), in the order given.

    Contacts in no other group are then in the box. Inverse: :func:`restore_memberships`.
    """
    ids = _unique_ids(contact_ids)
    with atomic():
        if not ids:
            return []
        records = _membership_records(group_id, _ids_param(ids))
        removed = [records[cid] for cid in ids if cid in records]
        _delete_memberships(group_id, [r.contact_id for r in removed])
    return removed


def restore_memberships(records: Iterable[MembershipRecord]) -> list[int]:
    """Put back memberships exactly as :func:`remove_from_group` (or :func:`move_to_group`) removed them.

    Same ids, slots, roles and ``added_at``. Returns the contact ids put back; a contact deleted for good since, or
    already back in that group, is skipped.
    """
    with atomic():
        return _restore_membership_rows(list(records))


def move_to_group(
    contact_ids: Iterable[int], from_group_id: int, to_group_id: int, slot_id: int | None = None
) -> MoveResult:
    """Move contacts from one group to another: remove from the source, add to the target.

    A contact already in the target only leaves the source (its membership in the target stays as it is); a
    contact not in the source is simply placed in the target. The source slot never travels (slots belong to
    their group): the new memberships fill *slot_id*, which must be a slot of the target (else
    :class:`SlotMismatch`), or none. Moving to the same group changes nothing.
    Inverse: :func:`undo_move`.
    """
    ids = _unique_ids(contact_ids)
    with atomic():
        _require_group(to_group_id)
        role = _slot_role_in(to_group_id, slot_id)
        if not ids or from_group_id == to_group_id:
            return MoveResult(from_group_id, to_group_id)
        ids_json = _ids_param(ids)
        records = _membership_records(from_group_id, ids_json)
        existing = _existing_contacts(ids_json)
        in_target = _members_among(to_group_id, ids_json)
        removed = tuple(records[cid] for cid in ids if cid in records)
        added = tuple(cid for cid in ids if cid in existing and cid not in in_target)
        _delete_memberships(from_group_id, [r.contact_id for r in removed])
        _insert_memberships(to_group_id, added, slot_id, role)
    return MoveResult(from_group_id, to_group_id, removed, added)


def undo_move(result: MoveResult) -> None:
    """The exact inverse of :func:`move_to_group`: take the added contacts out of the target, restore the source."""
    with atomic():
        _delete_memberships(result.to_group_id, list(result.added))
        _restore_membership_rows(result.removed)


def assign_slot(contact_id: int, group_id: int, slot_id: int | None, *, role: str | None = None) -> SlotAssignment:
    """Let a member fill *slot_id* of the group (None: no slot); return the previous assignment.

    The membership's role text becomes the slot's role ("" for no slot) unless *role* is given — which is how the
    inverse puts an imported role text back: ``assign_slot(c, g, previous.slot_id, role=previous.role)``.
    A slot may be filled by more members than it needs (see :mod:`linkorganizer.core.board`: overfill is shown,
    not refused). Raises :class:`NotAMember`, :class:`SlotNotFound`, :class:`SlotMismatch`.
    """
    with atomic():
        rows = _sql(
            "SELECT slot_id, role FROM membership WHERE contact_id = ? AND group_id = ?", (contact_id, group_id)
        )
        if not rows:
            raise NotAMember("That contact is not in this goal group.")
        previous = SlotAssignment(rows[0][0], rows[0][1])
        slot_role = _slot_role_in(group_id, slot_id)  # checks the slot first, whatever the role
        new_role = slot_role if role is None else role
        if (previous.slot_id, previous.role) != (slot_id, new_role):
            _sql(
                "UPDATE membership SET slot_id = ?, role = ? WHERE contact_id = ? AND group_id = ?",
                (slot_id, new_role, contact_id, group_id),
            )
    return previous


# ------------------------------------------------------------------------------------------------------- slots


def add_slot(group_id: int, role: str, needed: int = 1) -> int:
    """Add a piece the goal needs ("2 recruiters") after the group's other slots; return its id.

    Inverse: :func:`delete_slot` (whose snapshot :func:`restore_slot` turns into the same slot again).
    """
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


def edit_slot(slot_id: int, role: str | None = None, needed: int | None = None) -> SlotValues:
    """Change a slot's role and/or how many pieces it needs; return the values before.

    Inverse: ``edit_slot(slot_id, previous.role, previous.needed)``. Members keep filling the slot; lowering
    *needed* below the number of members overfills it (shown, not refused).
    """
    new_role = _clean_role(role) if role is not None else None
    new_needed = _clean_needed(needed) if needed is not None else None
    with atomic():
        slot = _slot_record(slot_id)
        previous = SlotValues(slot.role, slot.needed)
        role_value = new_role if new_role is not None else slot.role
        needed_value = new_needed if new_needed is not None else slot.needed
        if (role_value, needed_value) != (slot.role, slot.needed):
            _sql("UPDATE group_slot SET role = ?, needed = ? WHERE id = ?", (role_value, needed_value, slot_id))
    return previous


def delete_slot(slot_id: int) -> SlotSnapshot:
    """Delete a slot; the members that filled it stay in the group, with no slot (and no role text).

    Inverse: :func:`restore_slot`.
    """
    with atomic():
        slot = _slot_record(slot_id)
        rows = _sql("SELECT id, role FROM membership WHERE slot_id = ? ORDER BY id", (slot_id,))
        filled_by = tuple((mid, role) for mid, role in rows)
        _sql("UPDATE membership SET slot_id = NULL, role = '' WHERE slot_id = ?", (slot_id,))
        _sql("DELETE FROM group_slot WHERE id = ?", (slot_id,))
    return SlotSnapshot(slot, filled_by)


def restore_slot(snapshot: SlotSnapshot) -> int:
    """Re-create a deleted slot with the same id and position, filled again by the same memberships.

    A membership that was removed since, or that fills another slot now, is left alone. Returns the slot id.
    """
    s = snapshot.slot
    with atomic():
        _require_group(s.group_id)
        if _sql("SELECT 1 FROM group_slot WHERE id = ?", (s.id,)):
            raise GroupError(f"The slot “{s.role}” cannot be restored: another slot has taken its place.")
        _sql(
            "INSERT INTO group_slot (id, group_id, role, needed, position) VALUES (?, ?, ?, ?, ?)",
            (s.id, s.group_id, s.role, s.needed, s.position),
        )
        if snapshot.filled_by:
            _sql(
                "UPDATE membership SET slot_id = ?,"
                " role = (SELECT json_extract(j.value, '$[1]') FROM json_each(?) j"
                "         WHERE json_extract(j.value, '$[0]') = membership.id)"
                " WHERE group_id = ? AND slot_id IS NULL"
                " AND id IN (SELECT json_extract(value, '$[0]') FROM json_each(?))",
                (s.id, json.dumps(snapshot.filled_by), s.group_id, json.dumps(snapshot.filled_by)),
            )
    return s.id


__all__ = [
    "Effect",
    "GroupEdit",
    "GroupError",
    "GroupNameTaken",
    "GroupNotFound",
    "GroupRecord",
    "GroupSnapshot",
    "InvalidColour",
    "MembershipRecord",
    "MoveResult",
    "NotAMember",
    "SlotAssignment",
    "SlotMismatch",
    "SlotNotFound",
    "SlotRecord",
    "SlotSnapshot",
    "SlotValues",
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
    "restore_group",
    "restore_group_positions",
    "restore_memberships",
    "restore_slot",
    "revert_group_edit",
    "set_collapsed",
    "set_deadline",
]
