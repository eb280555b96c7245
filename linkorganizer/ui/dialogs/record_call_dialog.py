"""After an introduction call: what was said, what they need, what I can offer, and the decision."""

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
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.introductions import OUTCOME_LABELS, OUTCOME_STAGES, OUTCOMES, IntroductionRow
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.ui.localtime import format_local, from_qdatetime, to_qdatetime, utc_now


@dataclass(frozen=True, slots=True)
class CallOutcome:
    notes: str
    their_needs: str
    my_offer: str
    outcome: str | None  # connect, keep_in_touch, not_a_fit, or None: decide later
    held_at: _dt.datetime  # naive UTC


class RecordCallDialog(QDialog):
    def __init__(self, introduction: IntroductionRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recordCallDialog")
        self.setWindowTitle(self.tr("Record the call"))
        self.introduction = introduction
        box = QVBoxLayout(self)
        title = QLabel(self.tr("The call with {name}").format(name=introduction.contact_name))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        if introduction.scheduled_at is not None:
            planned = QLabel(self.tr("Planned for {when} ({minutes} min)").format(
                when=format_local(introduction.scheduled_at), minutes=introduction.duration_minutes))
            planned.setObjectName("editorHint")
            box.addWidget(planned)
        if introduction.agenda:
            agenda = QLabel(self.tr("Agenda: {agenda}").format(agenda=introduction.agenda))
            agenda.setObjectName("editorHint")
            agenda.setWordWrap(True)
            box.addWidget(agenda)

        form = QFormLayout()
        self.held_at = QDateTimeEdit()
        self.held_at.setObjectName("callHeldAt")
        self.held_at.setCalendarPopup(True)
        self.held_at.setDisplayFormat("ddd d MMM yyyy   HH:mm")
        now = utc_now()
        if introduction.held_at is not None:
            held = introduction.held_at
        elif introduction.scheduled_at is not None and introduction.scheduled_at <= now:
            held = introduction.scheduled_at
        else:
            held = now
        self.held_at.setDateTime(to_qdatetime(held))
        form.addRow(self.tr("Held"), self.held_at)
        self.notes = self._text("callNotes", self.tr("What did you learn about them?"), introduction.notes, 90)
        form.addRow(self.tr("Notes"), self.notes)
        self.their_needs = self._text("callTheirNeeds", self.tr("Referrals, advice, an introduction…"),
                                      introduction.their_needs, 60)
        form.addRow(self.tr("What they need"), self.their_needs)
        self.my_offer = self._text("callMyOffer", self.tr("How you can help them"), introduction.my_offer, 60)
        form.addRow(self.tr("What I can offer"), self.my_offer)

        outcomes = QHBoxLayout()
        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[str | None, QRadioButton] = {}
        for key in (*OUTCOMES, None):
            label = self.tr(OUTCOME_LABELS[key]) if key else self.tr("Decide later")
            button = QRadioButton(label)
            button.setObjectName(f"outcome_{key or 'later'}")
            if key:
                button.setToolTip(self.tr("Moves the contact to the stage “{stage}”").format(
                    stage=self.tr(STAGE_LABELS[OUTCOME_STAGES[key]])))
            self.outcome_group.addButton(button)
            self.outcome_buttons[key] = button
            outcomes.addWidget(button)
        outcomes.addStretch(1)
        self.outcome_buttons[introduction.outcome if introduction.outcome in OUTCOMES else None].setChecked(True)
        form.addRow(self.tr("Outcome"), outcomes)
        box.addLayout(form)
        self.stage_hint = QLabel()
        self.stage_hint.setObjectName("editorHint")
        self.stage_hint.setWordWrap(True)
        box.addWidget(self.stage_hint)
        self.outcome_group.buttonToggled.connect(lambda *_: self._update_hint())
        self._update_hint()

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    @staticmethod
    def _text(name: str, placeholder: str, text: str, height: int) -> QPlainTextEdit:
        edit = QPlainTextEdit(text)
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(height)
        return edit

    def outcome(self) -> str | None:
        for key, button in self.outcome_buttons.items():
            if button.isChecked():
                return key
        return None

    def set_outcome(self, outcome: str | None) -> None:
        self.outcome_buttons[outcome].setChecked(True)

    def _update_hint(self) -> None:
        outcome = self.outcome()
        name = self.introduction.contact_name
        if outcome is None:
            stage = self.introduction.contact_stage
            if stage in ("prospect", "invited"):
                text = self.tr("{name} moves to “Introduced” until you decide.")
            else:
                text = self.tr("{name}’s stage stays as it is until you decide.")
        else:
            text = self.tr("{name} moves to “{stage}”.").replace(
                "{stage}", self.tr(STAGE_LABELS[OUTCOME_STAGES[outcome]]))
        self.stage_hint.setText(text.format(name=name) + " " + self.tr("The call is logged as an interaction."))

    def result_value(self) -> CallOutcome:
        return CallOutcome(
            notes=self.notes.toPlainText().strip(),
            their_needs=self.their_needs.toPlainText().strip(),
            my_offer=self.my_offer.toPlainText().strip(),
            outcome=self.outcome(),
            held_at=from_qdatetime(self.held_at.dateTime()),
        )

    @classmethod
    def ask(cls, parent: QWidget | None, introduction: IntroductionRow) -> CallOutcome | None:
        dialog = cls(introduction, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result_value()
