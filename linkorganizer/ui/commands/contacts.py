"""Undo commands for contacts: field edits, details, creation, trash, tags.

Commands keep ids and previous values, never rows or model indexes, and tell the bus what they touched.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from linkorganizer.core import contacts as core
from linkorganizer.core.fields import DETAIL_FIELDS, DETAIL_KINDS, FIELDS
from linkorganizer.core.records import Labeled
from linkorganizer.ui.bus import ChangeBus

# How an undo title names a field ("Change name suffix"), from core.fields; the details by their stored kind.
FIELD_TITLES = {
    **{spec.name: spec.undo_title for spec in FIELDS if spec.scalar},
    **{DETAIL_KINDS[spec.name]: spec.undo_title for spec in DETAIL_FIELDS},
}


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.replace("{}", str(count))


class EditContactCommand(QUndoCommand):
    """Change scalar fields of one contact (already validated by the caller)."""

    def __init__(self, bus: ChangeBus, contact_id: int, changes: dict[str, Any], name: str = "") -> None:
        fields = ", ".join(FIELD_TITLES.get(k, k) for k in changes)
        super().__init__(tr("Edit {fields} of {name}").format(fields=fields, name=name or tr("contact")))
        self.bus = bus
        self.contact_id = contact_id
        self.changes = dict(changes)
        self.previous: dict[str, Any] | None = None
        self.stamps = core.contact_stamps([contact_id])

    def redo(self) -> None:
        previous = core.update_contact(self.contact_id, self.changes)
        if self.previous is None:
            self.previous = previous
            if not previous:
                self.setObsolete(True)  # nothing changed: keep it off the stack
        self.bus.contacts_changed.emit([self.contact_id])

    def undo(self) -> None:
        core.update_contact(self.contact_id, self.previous or {})
        core.restore_stamps(self.stamps)
        self.bus.contacts_changed.emit([self.contact_id])


class SetDetailsCommand(QUndoCommand):
    """Replace a contact's e-mails, phones, addresses or web addresses."""

    def __init__(self, bus: ChangeBus, contact_id: int, kind: str, items: Sequence[Labeled], name: str = "") -> None:
        super().__init__(tr("Edit {fields} of {name}").format(fields=FIELD_TITLES[kind], name=name or tr("contact")))
        self.bus = bus
        self.contact_id = contact_id
        self.kind = kind
        self.items = [Labeled(i.value, i.label) for i in items]
        self.previous: list[Labeled] | None = None
        self.stamps = core.contact_stamps([contact_id])

    def redo(self) -> None:
        previous = core.set_contact_fields(self.contact_id, self.kind, self.items)
        if self.previous is None:
            self.previous = previous
        self.bus.contacts_changed.emit([self.contact_id])

    def undo(self) -> None:
        core.set_contact_fields(self.contact_id, self.kind, self.previous or [])
        core.restore_stamps(self.stamps)
        self.bus.contacts_changed.emit([self.contact_id])


class CreateContactCommand(QUndoCommand):
    def __init__(self, bus: ChangeBus, values: dict[str, Any] | None = None) -> None:
        super().__init__(tr("New contact"))
        self.bus = bus
        self.values = dict(values or {})
        self.contact_id: int | None = None

    def redo(self) -> None:
        # A redo after an undo brings back the same id, so later commands on the stack still find it.
        self.contact_id = core.create_contact(self.values, contact_id=self.contact_id)
        self.bus.contacts_reloaded.emit()

    def undo(self) -> None:
        if self.contact_id is not None:
            core.delete_contact_permanently(self.contact_id)
        self.bus.contacts_reloaded.emit()


class TrashContactsCommand(QUndoCommand):
    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int]) -> None:
        count = len(contact_ids)
        super().__init__(_plural(count, tr("Move a contact to the trash"), tr("Move {} contacts to the trash")))
        self.bus = bus
        self.contact_ids = list(contact_ids)
        self.moved: list[int] = []

    def redo(self) -> None:
        self.moved = core.trash_contacts(self.contact_ids)
        self.bus.contacts_reloaded.emit()

    def undo(self) -> None:
        core.restore_contacts(self.moved)
        self.bus.contacts_reloaded.emit()


class RestoreContactsCommand(QUndoCommand):
    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int]) -> None:
        count = len(contact_ids)
        super().__init__(_plural(count, tr("Restore a contact"), tr("Restore {} contacts")))
        self.bus = bus
        self.contact_ids = list(contact_ids)
        self.restored: list[int] = []

    def redo(self) -> None:
        self.restored = core.restore_contacts(self.contact_ids)
        self.bus.contacts_reloaded.emit()

    def undo(self) -> None:
        core.trash_contacts(self.restored)
        self.bus.contacts_reloaded.emit()


class TagContactsCommand(QUndoCommand):
    """Add (or, with remove=True, take away) one tag on many contacts."""

    def __init__(self, bus: ChangeBus, contact_ids: Sequence[int], tag: str, remove: bool = False) -> None:
        count = len(contact_ids)
        if remove:
            text = _plural(count, tr("Remove tag “{tag}” from a contact"), tr("Remove tag “{tag}” from {} contacts"))
        else:
            text = _plural(count, tr("Tag a contact “{tag}”"), tr("Tag {} contacts “{tag}”"))
        super().__init__(text.replace("{tag}", tag))
        self.bus = bus
        self.contact_ids = list(contact_ids)
        self.tag = tag
        self.remove = remove
        self.touched: list[int] = []
        self.stamps = core.contact_stamps(self.contact_ids)

    def _apply(self, add: bool, ids: Sequence[int]) -> list[int]:
        touched = core.add_tag(ids, self.tag) if add else core.remove_tag(ids, self.tag)
        self.bus.contacts_changed.emit(list(ids))
        self.bus.tags_changed.emit()
        return touched

    def redo(self) -> None:
        self.touched = self._apply(not self.remove, self.contact_ids)

    def undo(self) -> None:
        self._apply(self.remove, self.touched)
        core.restore_stamps(self.stamps)

