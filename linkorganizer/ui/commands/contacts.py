"""Undo commands for contacts: field edits, details, creation, trash, tags.

Each runs one core function as one operation (:class:`~linkorganizer.ui.commands.ops.LoggedCommand`); undo and
redo come from the database's log.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication

from linkorganizer.core import contacts as core
from linkorganizer.core import tags as tags_core
from linkorganizer.core.fields import DETAIL_FIELDS, DETAIL_KINDS, FIELDS
from linkorganizer.core.records import Labeled
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.ops import LoggedCommand

# How an undo title names a field ("Change name suffix"), from core.fields; the details by their stored kind.
FIELD_TITLES = {
    **{spec.name: spec.undo_title for spec in FIELDS if spec.scalar},
    **{DETAIL_KINDS[spec.name]: spec.undo_title for spec in DETAIL_FIELDS},
}


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.replace("{}", str(count))


class _ContactCommand(LoggedCommand):
    # Callers of these commands do not look at ``error``: the window says it.
    report_errors = True


# Edits of a contact just created by hand join its creation: one step "New contact Ann Lee", taken back whole.
_NEW_CONTACT_ID = 0x4E43


class _ContactEdit(_ContactCommand):
    """An edit of one contact's own values; it can join that contact's creation (never another edit).

    Given the values the editor showed when the edit began (*expected*), a field someone else changed meanwhile
    is not overwritten: the command leaves no step, and ``conflict`` holds the core's :class:`EditConflict` (both
    values, who changed it) for the editor to ask which one to keep — it is not reported as a failure.
    """

    contact_id: int
    conflict: core.EditConflict | None = None

    def id(self) -> int:
        return _NEW_CONTACT_ID

    def mergeWith(self, other: object) -> bool:
        return False

    def _refused(self, exc: Exception) -> None:
        if isinstance(exc, core.EditConflict):
            self.setObsolete(True)
            self.conflict = exc
            self.error = str(exc)
            return
        super()._refused(exc)


class EditContactCommand(_ContactEdit):
    """Change scalar fields of one contact (already validated by the caller)."""

    def __init__(
        self, bus: ChangeBus, contact_id: int, changes: dict[str, Any], name: str = "",
        expected: dict[str, Any] | None = None,
    ) -> None:  # fmt: skip
        fields = ", ".join(FIELD_TITLES.get(k, k) for k in changes)
        super().__init__(bus, tr("Edit {fields} of {name}").format(fields=fields, name=name or tr("contact")))
        self.contact_id = contact_id
        self.changes = dict(changes)
        self.expected = dict(expected) if expected is not None else None

    def perform(self) -> None:
        core.update_contact(self.contact_id, self.changes, self.expected)


class SetDetailsCommand(_ContactEdit):
    """Replace a contact's e-mails, phones, addresses or web addresses."""

    def __init__(
        self, bus: ChangeBus, contact_id: int, kind: str, items: Sequence[Labeled], name: str = "",
        expected: Sequence[Labeled] | None = None,
    ) -> None:  # fmt: skip
        super().__init__(bus, tr("Edit {fields} of {name}").format(fields=FIELD_TITLES[kind], name=name or tr("contact")))
        self.contact_id = contact_id
        self.kind = kind
        self.items = [Labeled(i.value, i.label) for i in items]
        self.expected = [Labeled(i.value, i.label) for i in expected] if expected is not None else None

    def perform(self) -> None:
        core.set_contact_fields(self.contact_id, self.kind, self.items, self.expected)


class CreateContactCommand(_ContactCommand):
    """A contact added by hand. While it is being entered (``entering``) the edits of its fields join this step;
    a step marked ``discard`` leaves the undo stack when it is taken back (a new contact abandoned empty)."""

    def __init__(self, bus: ChangeBus, values: dict[str, Any] | None = None) -> None:
        super().__init__(bus, tr("New contact"))
        self.values = dict(values or {})
        self.contact_id: int | None = None
        self.entering = True
        self.discard = False

    def perform(self) -> None:
        self.contact_id = core.create_contact(self.values)

    def id(self) -> int:
        return _NEW_CONTACT_ID

    def mergeWith(self, other: object) -> bool:
        if not (
            self.entering and isinstance(other, _ContactEdit) and other.contact_id == self.contact_id
            and not other.isObsolete()
        ):
            return False
        if not super().mergeWith(other):
            return False
        detail = core.get_contact(self.contact_id) if self.contact_id is not None else None
        name = detail.full_name if detail is not None else ""
        self.setText(tr("New contact {name}").format(name=name) if name else tr("New contact"))
        return True

    def undo(self) -> None:
        super().undo()
        if self.discard:
            self.setObsolete(True)  # QUndoStack.undo drops an obsolete step: no "Redo New contact" is left


class TrashContactsCommand(_ContactCommand):
    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int]) -> None:
        count = len(contact_ids)
        super().__init__(bus, _plural(count, tr("Move a contact to the trash"), tr("Move {} contacts to the trash")))
        self.contact_ids = list(contact_ids)

    def perform(self) -> None:
        core.trash_contacts(self.contact_ids)


class RestoreContactsCommand(_ContactCommand):
    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int]) -> None:
        count = len(contact_ids)
        super().__init__(bus, _plural(count, tr("Restore a contact"), tr("Restore {} contacts")))
        self.contact_ids = list(contact_ids)

    def perform(self) -> None:
        core.restore_contacts(self.contact_ids)


class TagContactsCommand(_ContactCommand):
    """Add (or, with remove=True, take away) one tag on many contacts."""

    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int], tag: str, remove: bool = False) -> None:
        count = len(contact_ids)
        if remove:
            text = _plural(count, tr("Remove tag “{tag}” from a contact"), tr("Remove tag “{tag}” from {} contacts"))
        else:
            text = _plural(count, tr("Tag a contact “{tag}”"), tr("Tag {} contacts “{tag}”"))
        super().__init__(bus, text.replace("{tag}", tag))
        self.contact_ids = list(contact_ids)
        self.tag = tag
        self.remove = remove

    def perform(self) -> None:
        if self.remove:
            core.remove_tag(self.contact_ids, self.tag)
        else:
            core.add_tag(self.contact_ids, self.tag)


class SetManyCommand(_ContactCommand):
    """Give every selected contact the same stage or keep-in-touch cadence: one step for the whole selection."""

    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int], name: str, value: Any) -> None:
        count = len(contact_ids)
        what = FIELD_TITLES.get(name, name)
        super().__init__(
            bus, _plural(count, tr("Set {what} of a contact"), tr("Set {what} of {} contacts")).replace("{what}", what)
        )
        self.contact_ids = list(contact_ids)
        self.name = name
        self.value = value

    def perform(self) -> None:
        core.set_many(self.contact_ids, self.name, self.value)


class DeleteForeverCommand(_ContactCommand):
    """Delete trashed contacts for good (the database's log keeps their rows, so Undo brings them back)."""

    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int]) -> None:
        count = len(contact_ids)
        super().__init__(bus, _plural(count, tr("Delete a contact forever"), tr("Delete {} contacts forever")))
        self.contact_ids = list(contact_ids)

    def perform(self) -> None:
        core.delete_trashed_contacts(self.contact_ids)


class EmptyTrashCommand(_ContactCommand):
    def __init__(self, bus: ChangeBus) -> None:
        super().__init__(bus, tr("Empty the trash"))
        self.deleted = 0

    def perform(self) -> None:
        self.deleted = core.empty_trash()


class RenameTagCommand(_ContactCommand):
    def __init__(self, bus: ChangeBus, old: str, new: str) -> None:
        super().__init__(bus, tr("Rename tag “{old}” to “{new}”").format(old=old, new=new))
        self.old, self.new = old, new

    def perform(self) -> None:
        tags_core.rename_tag(self.old, self.new)


class MergeTagsCommand(_ContactCommand):
    def __init__(self, bus: ChangeBus, sources: Sequence[str], target: str) -> None:
        names = ", ".join(f"“{name}”" for name in sources)
        super().__init__(bus, tr("Merge {names} into “{target}”").format(names=names, target=target))
        self.sources, self.target = list(sources), target

    def perform(self) -> None:
        tags_core.merge_tags(self.sources, self.target)


class DeleteTagsCommand(_ContactCommand):
    def __init__(self, bus: ChangeBus, names: Sequence[str]) -> None:
        count = len(names)
        text = tr("Delete tag “{name}”").format(name=names[0]) if count == 1 else tr("Delete {n} tags").format(n=count)
        super().__init__(bus, text)
        self.names = list(names)

    def perform(self) -> None:
        tags_core.delete_tags(self.names)
