"""Undo commands for the Three I's: invitations (transitions, entries), introduction calls, interactions, and the
settings the inbox and the weekly goal read.

Each runs core functions as one operation (:class:`~linkorganizer.ui.commands.ops.LoggedCommand`); undo and
redo come from the database's log. As in the board's commands: a first redo the core refuses (a
:class:`ValidationError` such as a ``TransitionError``, with a plain sentence) makes the command obsolete, so
``QUndoStack.push`` drops it and the caller reads ``command.error``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QCoreApplication

from linkorganizer.core import interactions as interactions_core
from linkorganizer.core import introductions as introductions_core
from linkorganizer.core import invitations as invitations_core
from linkorganizer.core import learned
from linkorganizer.core import matches as matches_core
from linkorganizer.core import settings as settings_core
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.ops import LoggedCommand
from linkorganizer.ui.localtime import utc_now


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


class _Command(LoggedCommand):
    """A command of the Three I's: its callers show ``error`` themselves."""


# ------------------------------------------------------------------------------------------------ invitations


class TransitionInvitationCommand(_Command):
    """Move an invitation through its state machine (accepting may create or link its contact)."""

    def __init__(
        self,
        bus: ChangeBus,
        invitation_id: int,
        to_state: str,
        *,
        name: str = "",
        note: str = "",
        reply: str | None = None,
        new_contact_cadence: int | None = None,
        link_to: int | None = None,
    ) -> None:
        text = tr(_MOVES.get(to_state, "Move the invitation of {name}")).format(name=name or tr("someone"))
        super().__init__(bus, text)
        self.invitation_id = invitation_id
        self.to_state = to_state
        self.note = note
        self.reply = reply
        self.new_contact_cadence = new_contact_cadence  # for a contact accepting creates (the app's preference)
        self.link_to = link_to  # who the user said the person is: a contact id, 0 for someone new, None: not asked
        self.result: invitations_core.TransitionResult | None = None

    def perform(self) -> None:
        _link(self.invitation_id, self.link_to, self.new_contact_cadence)
        at = utc_now()
        self.result = invitations_core.transition(
            self.invitation_id,
            self.to_state,
            note=self.note,
            reply=self.reply,
            at=at,
            new_contact_cadence=self.new_contact_cadence,
        )
        # Their answer to "How may I help you?" belongs on the contact (once there is one: accepting makes it).
        if self.to_state in ("replied", "accepted") and self.result.contact_id is not None:
            reply = invitations_core.get_invitation(self.invitation_id).reply
            learned.note_learned(self.result.contact_id, "help_them", reply, at.date(), tr("their reply"))


def _link(invitation_id: int, link_to: int | None, cadence: int | None = None) -> None:
    """Before the invitation gets its contact: the one the user chose among the namesakes, or one of its own."""
    if link_to is None:
        return
    if link_to == 0:
        matches_core.new_contact_for_invitation(invitation_id, cadence)
    else:
        matches_core.link_invitation(invitation_id, link_to)


class CreateInvitationCommand(_Command):
    """An invitation entered by hand."""

    def __init__(
        self,
        bus: ChangeBus,
        direction: str,
        name: str,
        profile_url: str = "",
        message: str = "",
        sent_at: _dt.datetime | None = None,
        note: str = "",
        link_to: int | None = None,
    ) -> None:
        text = tr("New invitation from {name}") if direction == "incoming" else tr("New invitation to {name}")
        super().__init__(bus, text.format(name=name or profile_url))
        self.values = {"direction": direction, "name": name, "profile_url": profile_url, "message": message,
                       "sent_at": sent_at, "note": note}  # fmt: skip
        self.invitation_id: int | None = None
        self.link_to = link_to if link_to else None  # the contact the user said it is (never "someone new" here)

    def perform(self) -> None:
        self.invitation_id = invitations_core.create_invitation(**self.values)
        _link(self.invitation_id, self.link_to)


# ------------------------------------------------------------------------------------------------ introductions


class ScheduleCallCommand(_Command):
    """Schedule an introduction call. With *invitation_id*, the invitation is first given its contact: the method
    has the call *before* deciding on the invitation."""

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
        link_to: int | None = None,
    ) -> None:
        super().__init__(bus, tr("Schedule a call with {name}").format(name=name or tr("a contact")))
        if contact_id is None and invitation_id is None:
            raise ValueError("a call needs a contact or an invitation")
        self.contact_id = contact_id
        self.invitation_id = invitation_id
        self.when = when
        self.duration_minutes = duration_minutes
        self.agenda = agenda
        self.introduction_id: int | None = None
        self.link_to = link_to

    def perform(self) -> None:
        if self.invitation_id is not None:
            _link(self.invitation_id, self.link_to)
            self.contact_id = invitations_core.link_contact(self.invitation_id).contact_id
        assert self.contact_id is not None
        self.introduction_id = introductions_core.schedule_call(
            self.contact_id, self.when, self.duration_minutes, self.agenda
        )


class RescheduleCallCommand(_Command):
    """Move a call not yet held."""

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
    ) -> None:
        super().__init__(bus, tr("Reschedule the call with {name}").format(name=name or tr("a contact")))
        self.introduction_id = introduction_id
        self.contact_id = contact_id
        self.when = when
        self.duration_minutes = duration_minutes
        self.agenda = agenda

    def perform(self) -> None:
        introductions_core.reschedule(self.introduction_id, self.when, self.duration_minutes, self.agenda)


class CancelCallCommand(_Command):
    """Cancel (delete) a call."""

    def __init__(
        self, bus: ChangeBus, introduction_id: int, *, name: str = "", contact_id: int | None = None,
    ) -> None:  # fmt: skip
        super().__init__(bus, tr("Cancel the call with {name}").format(name=name or tr("a contact")))
        self.introduction_id = introduction_id
        self.contact_id = contact_id

    def perform(self) -> None:
        introductions_core.delete_introduction(self.introduction_id)


class RecordCallCommand(_Command):
    """Record what an introduction call brought (which moves the contact's stage and logs the call)."""

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
    ) -> None:
        super().__init__(bus, tr("Record the call with {name}").format(name=name or tr("a contact")))
        self.introduction_id = introduction_id
        self.values: dict[str, Any] = {"notes": notes, "their_needs": their_needs, "my_offer": my_offer,
                                       "outcome": outcome, "held_at": held_at}  # fmt: skip
        self.record: introductions_core.CallRecord | None = None

    def perform(self) -> None:
        self.record = introductions_core.record_call(self.introduction_id, **self.values)
        on = self.record.held_at.date()
        contact_id = self.record.contact_id
        learned.note_learned(contact_id, "help_them", self.values["their_needs"], on, tr("call, what they need"))
        learned.note_learned(contact_id, "help_them", self.values["my_offer"], on, tr("call, what I can offer"))


# ------------------------------------------------------------------------------------------------ interactions


class LogInteractionCommand(_Command):
    """Log an interaction. Logging resets the contact's keep-in-touch clock."""

    def __init__(
        self,
        bus: ChangeBus,
        contact_id: int,
        kind: str,
        occurred_at: _dt.datetime,
        note: str = "",
        *,
        name: str = "",
        private: bool = False,
    ) -> None:
        who = name or tr("a contact")
        if kind == interactions_core.NOTE:
            text = tr("Add a private note about {name}") if private else tr("Add a note about {name}")
            text = text.format(name=who)
        else:
            label = interactions_core.kind_label(kind).lower()
            text = tr("Log {kind} with {name}").format(kind=label, name=who)
        super().__init__(bus, text)
        self.contact_id = contact_id
        self.kind = kind
        self.occurred_at = occurred_at
        self.note = note
        self.private = private
        self.interaction_id: int | None = None

    def perform(self) -> None:
        self.interaction_id = interactions_core.log_interaction(
            self.contact_id, self.kind, self.occurred_at, self.note, private=self.private
        )


class EditInteractionCommand(_Command):
    """Change an interaction's kind, date, note and whether it is private (None: leave it), in one step."""

    def __init__(
        self,
        bus: ChangeBus,
        interaction_id: int,
        contact_id: int,
        *,
        kind: str | None = None,
        occurred_at: _dt.datetime | None = None,
        note: str | None = None,
        private: bool | None = None,
        name: str = "",
    ) -> None:
        super().__init__(bus, tr("Edit an interaction with {name}").format(name=name or tr("a contact")))
        self.interaction_id = interaction_id
        self.contact_id = contact_id
        self.values = {"kind": kind, "occurred_at": occurred_at, "note": note, "private": private}

    def perform(self) -> None:
        interactions_core.update_interaction(self.interaction_id, **self.values)


class DeleteInteractionCommand(_Command):
    """Delete an interaction from the log."""

    def __init__(
        self, bus: ChangeBus, interaction_id: int, contact_id: int, *, name: str = ""
    ) -> None:
        super().__init__(bus, tr("Delete an interaction with {name}").format(name=name or tr("a contact")))
        self.interaction_id = interaction_id
        self.contact_id = contact_id

    def perform(self) -> None:
        interactions_core.delete_interaction(self.interaction_id)


# ---------------------------------------------------------------------------------------------------- settings


class SetSettingsCommand(_Command):
    """Change network settings (reply templates, follow-up delay, weekly call goal) in one step."""

    MERGE_ID = 0x3150  # consecutive changes of the same settings (a spin box's arrows) are one undo step

    def __init__(
        self,
        bus: ChangeBus,
        values: Mapping[str, Any],
        text: str = "",
        merge: bool = False,
    ) -> None:
        super().__init__(bus, text or tr("Change settings"))
        self.values = dict(values)
        self.merge = merge

    def id(self) -> int:
        return self.MERGE_ID if self.merge else -1

    def mergeWith(self, other: object) -> bool:
        if not isinstance(other, SetSettingsCommand) or not other.merge or set(other.values) != set(self.values):
            return False
        return super().mergeWith(other)

    def perform(self) -> None:
        for key, value in self.values.items():
            settings_core.set_setting(key, value)


__all__ = [
    "CancelCallCommand",
    "CreateInvitationCommand",
    "DeleteInteractionCommand",
    "EditInteractionCommand",
    "LogInteractionCommand",
    "RecordCallCommand",
    "RescheduleCallCommand",
    "ScheduleCallCommand",
    "SetSettingsCommand",
    "TransitionInvitationCommand",
]
