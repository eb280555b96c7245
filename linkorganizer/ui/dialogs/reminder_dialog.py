"""A dated reminder: what to do, on which day, about whom (optional)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.ui.dialogs.contact_picker import ContactPicker
from linkorganizer.ui.localtime import utc_today


@dataclass(frozen=True, slots=True)
class ReminderInput:
    text: str
    due_on: _dt.date
    contact_id: int | None


class ReminderDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, contact_id: int | None = None, person: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminderDialog")
        self.setWindowTitle(self.tr("New reminder"))
        box = QVBoxLayout(self)
        title = QLabel(self.tr("Remind me about {name}").format(name=person) if person else self.tr("Remind me"))
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        box.addWidget(title)
        self.fixed_contact_id = contact_id if person else None
        self.picker: ContactPicker | None = None
        if not person:
            hint = QLabel(self.tr("About someone? Choose them; or leave the list alone for a task of your own."))
            hint.setObjectName("editorHint")
            hint.setWordWrap(True)
            box.addWidget(hint)
            self.picker = ContactPicker(contact_id)
            self.picker.setMinimumHeight(180)
            box.addWidget(self.picker, 1)
        form = QFormLayout()
        self.text = QLineEdit()
        self.text.setObjectName("reminderText")
        self.text.setPlaceholderText(self.tr("Send the intro, ask how the interview went…"))
        self.text.textChanged.connect(self._update_ok)
        form.addRow(self.tr("What"), self.text)
        tomorrow = utc_today() + _dt.timedelta(days=1)
        self.due = QDateEdit(QDate(tomorrow.year, tomorrow.month, tomorrow.day))
        self.due.setObjectName("reminderDue")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("ddd d MMM yyyy")
        form.addRow(self.tr("On"), self.due)
        box.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add reminder"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._update_ok()
        self.resize(440, 460 if self.picker is not None else 180)

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text.text().strip()))

    def result_value(self) -> ReminderInput:
        date = self.due.date()
        contact_id = self.picker.contact_id() if self.picker is not None else self.fixed_contact_id
        return ReminderInput(self.text.text().strip(), _dt.date(date.year(), date.month(), date.day()), contact_id)

    @classmethod
    def ask(cls, parent: QWidget | None, contact_id: int | None = None, person: str | None = None) -> ReminderInput | None:
        """A reminder about *contact_id* (fixed when *person* names them, else chosen, or none)."""
        dialog = cls(parent, contact_id, person)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()
