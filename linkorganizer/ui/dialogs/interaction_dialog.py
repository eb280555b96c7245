"""Logging an interaction: with whom, what kind (a call, help given, a referral received … or a note about them),
when, a note; on a shared network, whether it is private. The same dialog edits one."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
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

from linkorganizer.core.interactions import KINDS, NOTE, InteractionRow, kind_label
from linkorganizer.ui import icons
from linkorganizer.ui.dialogs.contact_picker import ContactPicker
from linkorganizer.ui.localtime import from_qdatetime, local_now_q, to_qdatetime

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
        "note": "kind_note",
    }.get(kind, "interactions")


@dataclass(frozen=True, slots=True)
class InteractionInput:
    contact_id: int
    kind: str
    occurred_at: _dt.datetime  # naive UTC
    note: str
    private: bool = False  # only on a shared network: seen by the one who logged it only


class InteractionDialog(QDialog):
    """*shared*: the network is on a server, shared by several people; only there is "private" asked (a file has
    one person). *kind* preselects a kind ("note" for "Add note…"); *editing* fills the dialog from an entry."""

    def __init__(
        self,
        parent: QWidget | None = None,
        contact_id: int | None = None,
        person: str | None = None,
        *,
        kind: str | None = None,
        shared: bool = False,
        editing: InteractionRow | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("interactionDialog")
        self.person = person or ""
        self.editing = editing
        self.shared = shared
        if editing is not None:
            contact_id, self.person = editing.contact_id, editing.contact_name or self.tr("this contact")
        self.title = QLabel()
        self.title.setObjectName("dialogTitle")
        self.title.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.title)
        self.hint = QLabel()
        self.hint.setObjectName("editorHint")
        self.hint.setWordWrap(True)
        box.addWidget(self.hint)
        self.fixed_contact_id = contact_id if self.person else None
        self.picker: ContactPicker | None = None
        if not self.person:
            self.picker = ContactPicker(contact_id)
            self.picker.setMinimumHeight(200)
            self.picker.contact_chosen.connect(lambda _cid: self._update_ok())
            box.addWidget(self.picker, 1)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setObjectName("interactionKind")
        for each in KINDS:
            flow = FLOW_HINTS[each.flow]
            label = self.tr(each.label) + (f"  ({self.tr(flow)})" if flow else "")
            self.kind.addItem(icons.icon(kind_icon_name(each.key)), label, each.key)
        form.addRow(self.tr("Kind"), self.kind)
        self.when = QDateTimeEdit(local_now_q())
        self.when.setObjectName("interactionWhen")
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        form.addRow(self.tr("When"), self.when)
        self.note = QPlainTextEdit()
        self.note.setObjectName("interactionNote")
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(100)
        form.addRow(self.tr("Note"), self.note)
        # On a server the database keeps a private entry from every other role; a file has one person, so there
        # is nobody to keep it from and the box is not shown.
        self.private = QCheckBox(self.tr("Private — only you can see it"))
        self.private.setObjectName("interactionPrivate")
        self.private.setIcon(icons.icon("private"))
        self.private.setToolTip(self.tr("The others on this shared network do not see it: not here, not in their "
                                        "exports, not in any tool connected to the server"))
        form.addRow("", self.private)
        form.setRowVisible(self.private, shared)
        box.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        if editing is not None:
            if self.kind.findData(editing.kind) < 0:  # a kind an import brought: kept as it is, not made a call
                self.kind.addItem(icons.icon(kind_icon_name(editing.kind)), self.tr(kind_label(editing.kind)),
                                  editing.kind)
            self.set_kind(editing.kind)
            if editing.occurred_at is not None:
                self.when.setDateTime(to_qdatetime(editing.occurred_at))
            self.note.setPlainText(editing.note)
            self.private.setChecked(editing.private)
        elif kind is not None:
            self.set_kind(kind)
        self.kind.currentIndexChanged.connect(lambda _i: self._update_words())
        self._update_words()
        self._update_ok()
        self.resize(460, 540 if self.picker is not None else 320 if shared else 300)

    def _update_words(self) -> None:
        """Title, hint and button follow the kind: a note is written about someone, not logged with them."""
        note = self.kind.currentData() == NOTE
        name = self.person
        if self.editing is not None:
            self.setWindowTitle(self.tr("Edit note") if note else self.tr("Edit interaction"))
            title = (self.tr("Note about {name}") if note else self.tr("Interaction with {name}")).format(name=name)
            button = self.tr("Save")
        elif note:
            self.setWindowTitle(self.tr("Add note"))
            title = self.tr("A note about {name}").format(name=name) if name else self.tr("A note about someone")
            button = self.tr("Add note")
        else:
            self.setWindowTitle(self.tr("Log interaction"))
            title = self.tr("Log an interaction with {name}").format(name=name) if name else self.tr(
                "Log an interaction")
            button = self.tr("Log")
        self.title.setText(title)
        self.hint.setText(self.tr("A note is for you: it stays in the history and does not reset the keep-in-touch "
                                  "clock.") if note else self.tr("Anything you log resets the keep-in-touch clock."))
        self.note.setPlaceholderText(self.tr("What you know or think about them, what to remember") if note
                                     else self.tr("What happened, what you agreed, what comes next"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(button)

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
            private=self.shared and self.private.isChecked(),
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        contact_id: int | None = None,
        person: str | None = None,
        *,
        kind: str | None = None,
        shared: bool = False,
    ) -> InteractionInput | None:
        """Log an interaction with *contact_id* (fixed when *person* names them, else chosen in the dialog)."""
        dialog = cls(parent, contact_id, person, kind=kind, shared=shared)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()

    @classmethod
    def edit(cls, parent: QWidget | None, row: InteractionRow, *, shared: bool = False) -> InteractionInput | None:
        """Change an interaction (its kind, date, note and, on a shared network, whether it is private)."""
        dialog = cls(parent, row.contact_id, row.contact_name, shared=shared, editing=row)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()
