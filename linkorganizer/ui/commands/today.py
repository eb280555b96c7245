"""Undo commands of the Today page: put an entry off, dismiss a job change (or congratulate on it), reminders."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication

from linkorganizer.core import interactions as interactions_core
from linkorganizer.core import job_changes as job_changes_core
from linkorganizer.core import reminders as reminders_core
from linkorganizer.core import today as today_core
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.ops import LoggedCommand


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


class SnoozeCommand(LoggedCommand):
    """Put a Today entry off until a later day."""

    def __init__(self, bus: ChangeBus, kind: str, ref: int, until: _dt.date, name: str = "") -> None:
        super().__init__(bus, tr("Put off {name} until {day}").format(name=name or tr("an entry"), day=until.isoformat()))
        self.kind, self.ref, self.until = kind, ref, until

    def perform(self) -> None:
        today_core.snooze(self.kind, self.ref, self.until)


class DismissJobChangeCommand(LoggedCommand):
    """Take job changes off the Today page (the mark stays on the contact); with *congratulate*, log the message
    sent in the same step."""

    def __init__(
        self, bus: ChangeBus, job_change_ids: list[int], name: str = "", contact_id: int | None = None,
        congratulate_at: _dt.datetime | None = None,
    ) -> None:
        text = tr("Congratulate {name}") if congratulate_at is not None else tr("Dismiss the job change of {name}")
        super().__init__(bus, text.format(name=name or tr("a contact")))
        self.ids = list(job_change_ids)
        self.contact_id = contact_id
        self.congratulate_at = congratulate_at

    def perform(self) -> None:
        job_changes_core.dismiss(self.ids)
        if self.congratulate_at is not None and self.contact_id is not None:
            interactions_core.log_interaction(
                self.contact_id, "message", self.congratulate_at, tr("Congratulated on the new job.")
            )


class CreateReminderCommand(LoggedCommand):
    def __init__(self, bus: ChangeBus, text: str, due_on: _dt.date, contact_id: int | None = None, name: str = "") -> None:
        label = tr("Remind me about {name}").format(name=name) if name else tr("New reminder")
        super().__init__(bus, label)
        self.words, self.due_on, self.contact_id = text, due_on, contact_id
        self.reminder_id: int | None = None

    def perform(self) -> None:
        self.reminder_id = reminders_core.add_reminder(self.words, self.due_on, self.contact_id)


class CompleteReminderCommand(LoggedCommand):
    def __init__(self, bus: ChangeBus, reminder_id: int, text: str = "") -> None:
        super().__init__(bus, tr("Done: {text}").format(text=text[:40] or tr("a reminder")))
        self.reminder_id = reminder_id

    def perform(self) -> None:
        reminders_core.complete_reminder(self.reminder_id)


__all__ = ["CompleteReminderCommand", "CreateReminderCommand", "DismissJobChangeCommand", "SnoozeCommand"]
