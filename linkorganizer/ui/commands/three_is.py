"""Undo commands for the Three I's: invitations (transitions, entries), introduction calls, interactions, and the
settings the inbox and the weekly goal read.

Each command's redo/undo call one core operation and its exact inverse (see the docstrings of
:mod:`linkorganizer.core.invitations`, :mod:`~linkorganizer.core.introductions` and
:mod:`~linkorganizer.core.interactions`), keep ids and what the inverse needs, then tell the bus what changed.

As in the board's commands: a first redo the core refuses (a :class:`ValidationError` such as a
``TransitionError``, with a plain sentence) makes the command obsolete, so ``QUndoStack.push`` drops it and the
caller reads ``command.error``. A later undo or redo the core refuses (``StaleUndo``: the row changed since by
other means) is passed to ``report`` and the command leaves the stack — the database is never half changed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand

from linkorganizer.core import interactions as interactions_core
from linkorganizer.core import introductions as introductions_core
from linkorganizer.core import invitations as invitations_core
from linkorganizer.core import settings as settings_core
from linkorganizer.core.contacts import ValidationError
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.localtime import utc_now

Report = Callable[[str], None]

# Verbs for the undo stack's text ("Undo Accept the invitation of Ann Lee").
_MOVES = {
    "asked": "Ask {name} “How may I help you?”",
    "replied": "Record the reply of {name}",
    "accepted": "Accept the invitation of {name}",
    "declined": "Decline the invitation of {name}",
    "ignored": "Ignore the invitation of {name}",
    "withdrawn": "Withdraw the invitation to {name}",
    "new": "Reopen the invitation of {name}",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


class _Command(QUndoCommand):
    """Shared plumbing: refusals become ``error`` (first run) or a report (later runs), never a traceback."""

    def __init__(self, bus: ChangeBus, text: str, report: Report | None = None) -> None:
        super().__init__(text)
        self.bus = bus
        self.report = report
        self.error: str | None = None
        self._first = True

    def _guard(self, step: Callable[[], None]) -> bool:
        first, self._first = self._first, False
        try:
            step()
        except ValidationError as exc:
            self.error = str(exc)
            self.setObsolete(True)
            if not first and self.report is not None:
                self.report(self.error)
            return False
        return True


# ------------------------------------------------------------------------------------------------ invitations


class TransitionInvitationCommand(_Command):
    """Move an invitation through its state machine: redo = ``transition``, undo = ``revert_transition``.

    A redo after an undo transitions again at the same moment, so the timeline reads the same, and a contact
    that accepting created comes back under the same id, so the steps after it still find it."""

    def __init__(
        self,
        bus: ChangeBus,
        invitation_id: int,
        to_state: str,
        *,
        name: str = "",
        note: str = "",
        reply: str | None = None,
        report: Report | None = None,
        new_contact_cadence: int | None = None,
    ) -> None:
        text = tr(_MOVES.get(to_state, "Move the invitation of {name}")).format(name=name or tr("someone"))
        super().__init__(bus, text, report)
        self.invitation_id = invitation_id
        self.to_state = to_state
        self.note = note
        self.reply = reply
        self.new_contact_cadence = new_contact_cadence  # for a contact accepting creates (the app's preference)
        self.result: invitations_core.TransitionResult | None = None
        self._at: _dt.datetime | None = None

    def redo(self) -> None:
        def step() -> None:
            # Whole seconds, as everything else the user enters (and as the JSON archive keeps them).
            previous = self.result
            self.result = invitations_core.transition(
                self.invitation_id,
                self.to_state,
                note=self.note,
                reply=self.reply,
                at=self._at or utc_now(),
                # A redo brings back the contact accepting created under its old id.
                new_contact_id=previous.contact_id if previous is not None and previous.contact_created else None,
                new_contact_cadence=self.new_contact_cadence,
            )
            self._at = self.result.at

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        result = self.result
        if result is None:
            return

        # The result stays: _emit names its contact, and a redo replaces it.
        self._guard(lambda: invitations_core.revert_transition(self.invitation_id, result))
        self._emit()

    def _emit(self) -> None:
        self.bus.invitations_changed.emit([self.invitation_id])
        result = self.result
        if result is not None and result.contact_id is not None:
            if result.contact_created or result.contact_before is not None:
                self.bus.contacts_reloaded.emit()  # a contact appeared, left the trash, or went away again
            self.bus.interactions_changed.emit([result.contact_id])  # its history and its cadence


class CreateInvitationCommand(_Command):
    """An invitation entered by hand: redo = ``create_invitation`` (then ``restore_invitation``, same id),
    undo = ``delete_invitation``."""

    def __init__(
        self,
        bus: ChangeBus,
        direction: str,
        name: str,
        profile_url: str = "",
        message: str = "",
        sent_at: _dt.datetime | None = None,
        note: str = "",
        report: Report | None = None,
    ) -> None:
        text = tr("New invitation from {name}") if direction == "incoming" else tr("New invitation to {name}")
        super().__init__(bus, text.format(name=name or profile_url), report)
        self.values = {"direction": direction, "name": name, "profile_url": profile_url, "message": message,
                       "sent_at": sent_at, "note": note}
        self.invitation_id: int | None = None
        self.snapshot: invitations_core.InvitationSnapshot | None = None

    def redo(self) -> None:
        def step() -> None:
            if self.snapshot is None:
                self.invitation_id = invitations_core.create_invitation(**self.values)
            else:
                self.invitation_id = invitations_core.restore_invitation(self.snapshot)

        self._guard(step)
        self.bus.invitations_changed.emit([])

    def undo(self) -> None:
        if self.invitation_id is None:
            return
        invitation_id = self.invitation_id

        def step() -> None:
            self.snapshot = invitations_core.delete_invitation(invitation_id)

        self._guard(step)
        self.bus.invitations_changed.emit([])


# ------------------------------------------------------------------------------------------------ introductions


class ScheduleCallCommand(_Command):
    """Schedule an introduction call: redo = ``schedule_call`` (then ``restore_introduction``, same id), undo =
    ``delete_introduction``. With *invitation_id*, the invitation is first given its contact (``link_contact``,
    undone by ``revert_link``): the method has the call *before* deciding on the invitation."""

    def __init__(
        self,
        bus: ChangeBus,
        contact_id: int | None,
        when: _dt.datetime,
        duration_minutes: int = 30,
        agenda: str = "",
        *,
        name: str = "",
        invitation_id: int | None = None,
        report: Report | None = None,
    ) -> None:
        super().__init__(bus, tr("Schedule a call with {name}").format(name=name or tr("a contact")), report)
        if contact_id is None and invitation_id is None:
            raise ValueError("a call needs a contact or an invitation")
        self.contact_id = contact_id
        self.invitation_id = invitation_id
        self.when = when
        self.duration_minutes = duration_minutes
        self.agenda = agenda
        self.introduction_id: int | None = None
        self.snapshot: introductions_core.IntroductionSnapshot | None = None
        self.link: invitations_core.LinkResult | None = None

    def redo(self) -> None:
        def step() -> None:
            if self.invitation_id is not None:
                self.link = invitations_core.link_contact(self.invitation_id)
                self.contact_id = self.link.contact_id
            assert self.contact_id is not None
            try:
                if self.snapshot is None:
                    self.introduction_id = introductions_core.schedule_call(
                        self.contact_id, self.when, self.duration_minutes, self.agenda
                    )
                else:
                    # A contact the link created again has a new id: the call follows it.
                    row = {**self.snapshot.row, "contact_id": self.contact_id}
                    snapshot = replace(self.snapshot, row=row)
                    self.introduction_id = introductions_core.restore_introduction(snapshot)
            except ValidationError:
                if self.link is not None:
                    invitations_core.revert_link(self.link)
                    self.link = None
                raise

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        if self.introduction_id is None:
            return
        introduction_id = self.introduction_id

        def step() -> None:
            self.snapshot = introductions_core.delete_introduction(introduction_id)
            if self.link is not None:
                invitations_core.revert_link(self.link)

        self._guard(step)
        self._emit()

    def _emit(self) -> None:
        self.bus.introductions_changed.emit()
        if self.invitation_id is not None:
            self.bus.invitations_changed.emit([self.invitation_id])
            if self.link is not None and (self.link.contact_created or self.link.contact_before is not None):
                self.bus.contacts_reloaded.emit()
        if self.contact_id is not None:
            self.bus.interactions_changed.emit([self.contact_id])


class RescheduleCallCommand(_Command):
    """Move a call not yet held: redo = ``reschedule``, undo = ``revert_change``."""

    def __init__(
        self,
        bus: ChangeBus,
        introduction_id: int,
        when: _dt.datetime,
        duration_minutes: int | None = None,
        agenda: str | None = None,
        *,
        name: str = "",
        contact_id: int | None = None,
        report: Report | None = None,
    ) -> None:
        super().__init__(bus, tr("Reschedule the call with {name}").format(name=name or tr("a contact")), report)
        self.introduction_id = introduction_id
        self.contact_id = contact_id
        self.when = when
        self.duration_minutes = duration_minutes
        self.agenda = agenda
        self.change: introductions_core.IntroductionChange | None = None

    def redo(self) -> None:
        def step() -> None:
            self.change = introductions_core.reschedule(
                self.introduction_id, self.when, self.duration_minutes, self.agenda
            )

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        change = self.change
        if change is None:
            return
        self._guard(lambda: introductions_core.revert_change(change))
        self._emit()

    def _emit(self) -> None:
        self.bus.introductions_changed.emit()
        if self.contact_id is not None:
            self.bus.interactions_changed.emit([self.contact_id])


class _DeleteCommand(_Command):
    """Delete one record: redo = ``delete(id)`` keeps a snapshot, undo = ``restore(snapshot)`` (same id)."""

    def __init__(self, bus: ChangeBus, text: str, record_id: int, report: Report | None) -> None:
        super().__init__(bus, text, report)
        self.record_id = record_id
        self.snapshot: Any = None

    def delete(self, record_id: int) -> Any:
        raise NotImplementedError

    def restore(self, snapshot: Any) -> object:
        raise NotImplementedError

    def redo(self) -> None:
        def step() -> None:
            self.snapshot = self.delete(self.record_id)

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        snapshot = self.snapshot
        if snapshot is None:
            return
        self._guard(lambda: self.restore(snapshot))
        self._emit()


class CancelCallCommand(_DeleteCommand):
    """Cancel (delete) a call: redo = ``delete_introduction``, undo = ``restore_introduction``."""

    def __init__(
        self, bus: ChangeBus, introduction_id: int, *, name: str = "", contact_id: int | None = None,
        report: Report | None = None,
    ) -> None:
        text = tr("Cancel the call with {name}").format(name=name or tr("a contact"))
        super().__init__(bus, text, introduction_id, report)
        self.introduction_id = introduction_id
        self.contact_id = contact_id

    def delete(self, record_id: int) -> Any:
        return introductions_core.delete_introduction(record_id)

    def restore(self, snapshot: Any) -> object:
        return introductions_core.restore_introduction(snapshot)

    def _emit(self) -> None:
        self.bus.introductions_changed.emit()
        if self.contact_id is not None:
            self.bus.interactions_changed.emit([self.contact_id])


class RecordCallCommand(_Command):
    """Record what an introduction call brought: redo = ``record_call`` (which moves the contact's stage and logs
    the call), undo = ``revert_record_call``. A redo records again at the same moment."""

    def __init__(
        self,
        bus: ChangeBus,
        introduction_id: int,
        *,
        notes: str = "",
        their_needs: str = "",
        my_offer: str = "",
        outcome: str | None = None,
        held_at: _dt.datetime | None = None,
        name: str = "",
        report: Report | None = None,
    ) -> None:
        super().__init__(bus, tr("Record the call with {name}").format(name=name or tr("a contact")), report)
        self.introduction_id = introduction_id
        self.values: dict[str, Any] = {"notes": notes, "their_needs": their_needs, "my_offer": my_offer,
                                       "outcome": outcome, "held_at": held_at}
        self.record: introductions_core.CallRecord | None = None

    def redo(self) -> None:
        def step() -> None:
            self.record = introductions_core.record_call(self.introduction_id, **self.values)
            self.values["held_at"] = self.record.held_at

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        record = self.record
        if record is None:
            return
        self._guard(lambda: introductions_core.revert_record_call(record))
        self._emit()

    def _emit(self) -> None:
        self.bus.introductions_changed.emit()
        if self.record is not None:
            self.bus.contacts_changed.emit([self.record.contact_id])  # its stage
            self.bus.interactions_changed.emit([self.record.contact_id])


# ------------------------------------------------------------------------------------------------ interactions


class LogInteractionCommand(_Command):
    """Log an interaction: redo = ``log_interaction`` (then ``restore_interaction``, same id), undo =
    ``delete_interaction``. Logging resets the contact's keep-in-touch clock."""

    def __init__(
        self,
        bus: ChangeBus,
        contact_id: int,
        kind: str,
        occurred_at: _dt.datetime,
        note: str = "",
        *,
        name: str = "",
        report: Report | None = None,
    ) -> None:
        label = interactions_core.kind_label(kind).lower()
        super().__init__(bus, tr("Log {kind} with {name}").format(kind=label, name=name or tr("a contact")), report)
        self.contact_id = contact_id
        self.kind = kind
        self.occurred_at = occurred_at
        self.note = note
        self.interaction_id: int | None = None
        self.snapshot: interactions_core.InteractionSnapshot | None = None

    def redo(self) -> None:
        def step() -> None:
            if self.snapshot is None:
                self.interaction_id = interactions_core.log_interaction(
                    self.contact_id, self.kind, self.occurred_at, self.note
                )
            else:
                self.interaction_id = interactions_core.restore_interaction(self.snapshot)

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        if self.interaction_id is None:
            return
        interaction_id = self.interaction_id

        def step() -> None:
            self.snapshot = interactions_core.delete_interaction(interaction_id)

        self._guard(step)
        self._emit()

    def _emit(self) -> None:
        self.bus.interactions_changed.emit([self.contact_id])
        self.bus.contacts_changed.emit([self.contact_id])  # the table's "Last interaction" column


class DeleteInteractionCommand(_DeleteCommand):
    """Delete an interaction from the log: redo = ``delete_interaction``, undo = ``restore_interaction``."""

    def __init__(
        self, bus: ChangeBus, interaction_id: int, contact_id: int, *, name: str = "", report: Report | None = None
    ) -> None:
        text = tr("Delete an interaction with {name}").format(name=name or tr("a contact"))
        super().__init__(bus, text, interaction_id, report)
        self.interaction_id = interaction_id
        self.contact_id = contact_id

    def delete(self, record_id: int) -> Any:
        return interactions_core.delete_interaction(record_id)

    def restore(self, snapshot: Any) -> object:
        return interactions_core.restore_interaction(snapshot)

    def _emit(self) -> None:
        self.bus.interactions_changed.emit([self.contact_id])
        self.bus.contacts_changed.emit([self.contact_id])  # the table's "Last interaction" column


# ---------------------------------------------------------------------------------------------------- settings


class SetSettingsCommand(_Command):
    """Change network settings (reply templates, follow-up delay, weekly call goal) in one step:
    redo = ``set_setting`` for each, undo = ``set_setting(key, previous)``."""

    MERGE_ID = 0x3150  # consecutive changes of the same settings (a spin box's arrows) are one undo step

    def __init__(
        self,
        bus: ChangeBus,
        values: Mapping[str, Any],
        text: str = "",
        report: Report | None = None,
        merge: bool = False,
    ) -> None:
        super().__init__(bus, text or tr("Change settings"), report)
        self.values = dict(values)
        self.previous: dict[str, Any] = {}
        self.merge = merge

    def id(self) -> int:
        return self.MERGE_ID if self.merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, SetSettingsCommand) or not other.merge or set(other.values) != set(self.values):
            return False
        self.values = dict(other.values)  # already stored by its redo; our `previous` stays the first one
        return True

    def redo(self) -> None:
        def step() -> None:
            previous: dict[str, Any] = {}
            try:
                for key, value in self.values.items():
                    previous[key] = settings_core.set_setting(key, value)
            except ValidationError:
                for key, value in reversed(previous.items()):
                    settings_core.set_setting(key, value)
                raise
            self.previous = previous

        self._guard(step)
        self._emit()

    def undo(self) -> None:
        previous = dict(self.previous)

        def step() -> None:
            for key, value in reversed(previous.items()):
                settings_core.set_setting(key, value)

        self._guard(step)
        self._emit()

    def _emit(self) -> None:
        if settings_core.FOLLOW_UP_DAYS in self.values or any(k in settings_core.TEMPLATE_KEYS.values()
                                                               for k in self.values):
            self.bus.invitations_changed.emit([])
        if settings_core.WEEKLY_CALL_GOAL in self.values:
            self.bus.introductions_changed.emit()


__all__ = [
    "CancelCallCommand",
    "CreateInvitationCommand",
    "DeleteInteractionCommand",
    "LogInteractionCommand",
    "RecordCallCommand",
    "RescheduleCallCommand",
    "ScheduleCallCommand",
    "SetSettingsCommand",
    "TransitionInvitationCommand",
]
