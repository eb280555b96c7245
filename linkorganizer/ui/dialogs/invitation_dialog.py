"""Entering an invitation by hand: who, their profile, the message, when, and which way it went."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import invitations as core
from linkorganizer.ui.localtime import from_qdatetime, local_now_q


@dataclass(frozen=True, slots=True)
class NewInvitation:
    direction: str  # incoming or outgoing
    name: str
    profile_url: str
    message: str
    sent_at: _dt.datetime  # naive UTC
    note: str


class InvitationDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invitationDialog")
        self.setWindowTitle(self.tr("New invitation"))
        box = QVBoxLayout(self)
        title = QLabel(self.tr("An invitation to connect"))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        form = QFormLayout()
        directions = QHBoxLayout()
        self.incoming = QRadioButton(self.tr("They invited me"))
        self.incoming.setObjectName("directionIncoming")
        self.outgoing = QRadioButton(self.tr("I invited them"))
        self.outgoing.setObjectName("directionOutgoing")
        group = QButtonGroup(self)
        group.addButton(self.incoming)
        group.addButton(self.outgoing)
        self.incoming.setChecked(True)
        directions.addWidget(self.incoming)
        directions.addWidget(self.outgoing)
        directions.addStretch(1)
        form.addRow(self.tr("Direction"), directions)
        self.name = QLineEdit()
        self.name.setObjectName("invitationName")
        self.name.setPlaceholderText(self.tr("Their full name"))
        form.addRow(self.tr("Name"), self.name)
        self.profile_url = QLineEdit()
        self.profile_url.setObjectName("invitationProfileUrl")
        self.profile_url.setPlaceholderText("https://www.linkedin.com/in/…")
        form.addRow(self.tr("Profile URL"), self.profile_url)
        self.message = QPlainTextEdit()
        self.message.setObjectName("invitationMessage")
        self.message.setTabChangesFocus(True)
        self.message.setPlaceholderText(self.tr("The invitation's message, as written (leave empty if there was none)"))
        self.message.setFixedHeight(100)
        form.addRow(self.tr("Message"), self.message)
        self.sent_at = QDateTimeEdit(local_now_q())
        self.sent_at.setObjectName("invitationSentAt")
        self.sent_at.setCalendarPopup(True)
        self.sent_at.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        form.addRow(self.tr("Sent"), self.sent_at)
        self.note = QLineEdit()
        self.note.setObjectName("invitationNote")
        self.note.setPlaceholderText(self.tr("Where you met, who referred them … (optional)"))
        form.addRow(self.tr("Note"), self.note)
        box.addLayout(form)
        self.unclear_hint = QLabel()
        self.unclear_hint.setObjectName("editorHint")
        self.unclear_hint.setWordWrap(True)
        box.addWidget(self.unclear_hint)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        for signal in (self.name.textChanged, self.profile_url.textChanged, self.message.textChanged,
                       self.incoming.toggled):
            signal.connect(lambda *_: self._update())
        self._update()
        self.resize(520, self.sizeHint().height())

    def _update(self) -> None:
        ready = bool(self.name.text().strip() or self.profile_url.text().strip())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ready)
        unclear = self.incoming.isChecked() and core.is_unclear(self.message.toPlainText(), self.name.text())
        self.unclear_hint.setText(
            self.tr("This message doesn't say why they want to connect: the inbox will suggest asking "
                    "“How may I help you?” first.") if unclear else ""
        )

    def result_value(self) -> NewInvitation | None:
        name = self.name.text().strip()
        url = self.profile_url.text().strip()
        if not name and not url:
            return None
        return NewInvitation(
            direction="incoming" if self.incoming.isChecked() else "outgoing",
            name=name,
            profile_url=url,
            message=self.message.toPlainText().strip(),
            sent_at=from_qdatetime(self.sent_at.dateTime()),
            note=self.note.text().strip(),
        )

    @classmethod
    def ask(cls, parent: QWidget | None) -> NewInvitation | None:
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()
