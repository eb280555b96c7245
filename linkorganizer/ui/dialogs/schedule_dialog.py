"""Scheduling (or moving) an introduction call: with whom, when (local time), how long, the agenda."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.introductions import IntroductionRow
from linkorganizer.ui.dialogs.contact_picker import ContactPicker
from linkorganizer.ui.localtime import from_qdatetime, local_now_q, to_qdatetime

AGENDA_HINT = "Introduce yourself, learn about them, discuss how you can help one another."


@dataclass(frozen=True, slots=True)
class CallPlan:
    contact_id: int | None  # None when the call is for an invitation's person without a contact yet
    when: _dt.datetime  # naive UTC
    duration_minutes: int
    agenda: str


class ScheduleDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        contact_id: int | None = None,
        person: str | None = None,
        existing: IntroductionRow | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleDialog")
        self.existing = existing
        fixed = person if existing is None else existing.contact_name
        if existing is not None:
            self.setWindowTitle(self.tr("Reschedule the call"))
        else:
            self.setWindowTitle(self.tr("Schedule an introduction call"))
        box = QVBoxLayout(self)
        title = QLabel(
            self.tr("Move the call with {name}").format(name=fixed)
            if existing is not None
            else self.tr("An introduction call with {name}").format(name=fixed)
            if fixed
            else self.tr("An introduction call")
        )
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        box.addWidget(title)
        hint = QLabel(self.tr("Before you connect: introduce yourself, learn about them, and decide together."))
        hint.setObjectName("editorHint")
        hint.setWordWrap(True)
        box.addWidget(hint)

        self.picker: ContactPicker | None = None
        self.fixed_contact_id = contact_id if fixed else None
        if not fixed:
            self.picker = ContactPicker(contact_id)
            self.picker.setMinimumHeight(200)
            self.picker.contact_chosen.connect(lambda _cid: self._update_ok())
            box.addWidget(self.picker, 1)

        form = QFormLayout()
        self.when = QDateTimeEdit()
        self.when.setObjectName("callWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        if existing is not None and existing.scheduled_at is not None:
            self.when.setDateTime(to_qdatetime(existing.scheduled_at))
        else:
            start = local_now_q().addDays(1)
            start.setTime(QTime(10, 0))
            self.when.setDateTime(start)
        form.addRow(self.tr("When"), self.when)
        self.duration = QSpinBox()
        self.duration.setObjectName("callDuration")
        self.duration.setRange(5, 240)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(self.tr(" min"))
        self.duration.setValue(existing.duration_minutes if existing is not None else 30)
        form.addRow(self.tr("Length"), self.duration)
        self.agenda = QPlainTextEdit()
        self.agenda.setObjectName("callAgenda")
        self.agenda.setTabChangesFocus(True)
        self.agenda.setPlaceholderText(self.tr(AGENDA_HINT))
        self.agenda.setFixedHeight(90)
        if existing is not None:
            self.agenda.setPlainText(existing.agenda)
        form.addRow(self.tr("Agenda"), self.agenda)
        box.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Reschedule") if existing is not None else self.tr("Schedule"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._update_ok()
        self.resize(460, 560 if self.picker is not None else 330)

    def contact_id(self) -> int | None:
        if self.existing is not None:
            return self.existing.contact_id
        if self.picker is not None:
            return self.picker.contact_id()
        return self.fixed_contact_id

    def _update_ok(self) -> None:
        ready = self.picker is None or self.picker.contact_id() is not None
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)

    def plan(self) -> CallPlan | None:
        if self.picker is not None and self.picker.contact_id() is None:
            return None
        return CallPlan(
            contact_id=self.contact_id(),
            when=from_qdatetime(self.when.dateTime()),
            duration_minutes=self.duration.value(),
            agenda=self.agenda.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        contact_id: int | None = None,
        person: str | None = None,
        existing: IntroductionRow | None = None,
    ) -> CallPlan | None:
        """Schedule a call with a contact (chosen in the dialog unless *person* names who it is with), or move
        *existing*; None when cancelled."""
        dialog = cls(parent, contact_id, person, existing)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.plan()
