"""Logging an interaction: with whom, what kind (a call, help given, a referral received …), when, a note."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.interactions import KINDS
from linkorganizer.ui import icons
from linkorganizer.ui.dialogs.contact_picker import ContactPicker
from linkorganizer.ui.localtime import from_qdatetime, local_now_q

FLOW_HINTS = {"give": "you gave", "receive": "you received", "neutral": ""}


def kind_icon_name(kind: str) -> str:
    """The icon of an interaction kind (also used by the log and the contact's history)."""
    return {
        "call": "phone",
        "meeting": "kind_meeting",
        "message": "email",
        "help_given": "kind_help_given",
        "help_received": "kind_help_received",
        "referral_given": "kind_referral",
        "referral_received": "kind_referral",
        "recommendation": "kind_recommendation",
        "recommendation_received": "kind_recommendation",
        "endorsement": "kind_endorsement",
        "endorsement_received": "kind_endorsement",
    }.get(kind, "interactions")


@dataclass(frozen=True, slots=True)
class InteractionInput:
    contact_id: int
    kind: str
    occurred_at: _dt.datetime  # naive UTC
    note: str


class InteractionDialog(QDialog):
    def __init__(
        self, parent: QWidget | None = None, contact_id: int | None = None, person: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interactionDialog")
        self.setWindowTitle(self.tr("Log interaction"))
        box = QVBoxLayout(self)
        title = QLabel(
            self.tr("Log an interaction with {name}").format(name=person) if person else self.tr("Log an interaction")
        )
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        box.addWidget(title)
        hint = QLabel(self.tr("Anything you log resets the keep-in-touch clock."))
        hint.setObjectName("editorHint")
        box.addWidget(hint)
        self.fixed_contact_id = contact_id if person else None
        self.picker: ContactPicker | None = None
        if not person:
            self.picker = ContactPicker(contact_id)
            self.picker.setMinimumHeight(200)
            self.picker.contact_chosen.connect(lambda _cid: self._update_ok())
            box.addWidget(self.picker, 1)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("interactionKind")
        for kind in KINDS:
            flow = FLOW_HINTS[kind.flow]
            label = self.tr(kind.label) + (f"  ({self.tr(flow)})" if flow else "")
            self.kind.addItem(icons.icon(kind_icon_name(kind.key)), label, kind.key)
        form.addRow(self.tr("Kind"), self.kind)
        self.when = QDateTimeEdit(local_now_q())
        self.when.setObjectName("interactionWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        form.addRow(self.tr("When"), self.when)
        self.note = QPlainTextEdit()
        self.note.setObjectName("interactionNote")
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(self.tr("What happened, what you agreed, what comes next"))
        self.note.setFixedHeight(100)
        form.addRow(self.tr("Note"), self.note)
        box.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Log"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._update_ok()
        self.resize(460, 540 if self.picker is not None else 300)

    def contact_id(self) -> int | None:
        return self.picker.contact_id() if self.picker is not None else self.fixed_contact_id

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.contact_id() is not None)

    def result_value(self) -> InteractionInput | None:
        contact_id = self.contact_id()
        if contact_id is None:
            return None
        return InteractionInput(
            contact_id=contact_id,
            kind=str(self.kind.currentData()),
            occurred_at=from_qdatetime(self.when.dateTime()),
            note=self.note.toPlainText().strip(),
        )

    @classmethod
    def ask(
        cls, parent: QWidget | None, contact_id: int | None = None, person: str | None = None
    ) -> InteractionInput | None:
        """Log an interaction with *contact_id* (fixed when *person* names them, else chosen in the dialog)."""
        dialog = cls(parent, contact_id, person)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()
