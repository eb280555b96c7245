"""Editing the reply templates (the first question, the follow-up, the thank-you after accepting, the polite
decline) and the follow-up delay.

These are network settings (they travel with the network file); the dialog returns only what changed, and the
caller stores it as one undoable step.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import settings
from linkorganizer.core.invitations import fill_template

SAMPLE_FIRST, SAMPLE_NAME = "Ann", "Ann Lee"


def add_template_editor(box: QVBoxLayout, owner: QWidget, kind: str, label: str, name_prefix: str, height: int) -> QPlainTextEdit:
    """One reply template in *box*: its title with *Restore default*, and the text to edit (filled in)."""
    key = settings.TEMPLATE_KEYS[kind]
    head = QHBoxLayout()
    section = QLabel(label)
    section.setObjectName("editorSection")
    head.addWidget(section, 1)
    reset = QPushButton(owner.tr("Restore default"))
    reset.setObjectName(f"{name_prefix}reset_{kind}")
    head.addWidget(reset)
    box.addLayout(head)
    edit = QPlainTextEdit(settings.reply_template(kind))
    edit.setObjectName(f"{name_prefix}template_{kind}")
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    reset.clicked.connect(lambda _c=False: edit.setPlainText(settings.DEFAULTS[key]))
    box.addWidget(edit)
    return edit


# The templates in the order of the method, each with when the inbox offers it.
TEMPLATES: tuple[tuple[str, str, str], ...] = (
    ("ask", "“How may I help you?”", "The first question, for an invitation that does not say why."),
    (
        "follow_up",
        "Follow-up",
        "Offered once an asked invitation has waited the follow-up delay below without an answer.",
    ),
    ("thanks", "Thank you after accepting", "Put on the clipboard when you accept an invitation."),
    ("decline", "Polite decline", "Put on the clipboard when you decline an invitation."),
)


class TemplateDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("templateDialog")
        self.setWindowTitle(self.tr("Reply templates"))
        box = QVBoxLayout(self)
        title = QLabel(self.tr("Reply templates"))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        hint = QLabel(
            self.tr("{first_name} and {name} are filled in with the person's name. Copying puts the text on the "
                    "clipboard; LinkOrganizer never writes to LinkedIn for you.")
        )
        hint.setObjectName("editorHint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.previews: dict[str, QLabel] = {}
        body = QHBoxLayout()
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName(self.tr("Templates"))
        self.pages = QStackedWidget()
        self.pages.setObjectName("templatePages")
        for kind, label, when in TEMPLATES:
            key = settings.TEMPLATE_KEYS[kind]
            page = QWidget()
            page_box = QVBoxLayout(page)
            page_box.setContentsMargins(0, 0, 0, 0)
            edit = add_template_editor(page_box, self, kind, self.tr(label), "", 110)
            when_label = QLabel(self.tr(when))
            when_label.setObjectName("editorHint")
            when_label.setWordWrap(True)
            page_box.addWidget(when_label)
            preview = QLabel()
            preview.setObjectName("templatePreview")
            preview.setWordWrap(True)
            page_box.addWidget(preview)
            page_box.addStretch(1)
            self.pages.addWidget(page)
            item = QListWidgetItem(self.tr(label))
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.list.addItem(item)
            self.edits[key] = edit
            self.previews[key] = preview
            edit.textChanged.connect(lambda key=key: self._preview(key))
            self._preview(key)
        self.list.setFixedWidth(min(230, max(160, self.list.sizeHintForColumn(0) + 24)))
        self.list.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.list.setCurrentRow(0)
        body.addWidget(self.list)
        body.addWidget(self.pages, 1)
        box.addLayout(body, 1)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.follow_up = QSpinBox()
        self.follow_up.setObjectName("followUpDays")
        self.follow_up.setRange(1, 365)
        self.follow_up.setSuffix(self.tr(" days"))
        self.follow_up.setValue(settings.follow_up_days())
        self.follow_up.setToolTip(self.tr("An asked invitation without a reply is due for a follow-up after this long"))
        form.addRow(self.tr("Follow up after"), self.follow_up)
        box.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(640, 420)

    def show_template(self, kind: str) -> None:
        """Open the page of one template (the inbox opens the one it just offered)."""
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == kind:
                self.list.setCurrentRow(row)

    def _preview(self, key: str) -> None:
        text = fill_template(self.edits[key].toPlainText(), SAMPLE_FIRST, SAMPLE_NAME)
        self.previews[key].setText(self.tr("For {name}: {text}").format(name=SAMPLE_NAME, text=text))

    def changes(self) -> dict[str, Any]:
        """The settings whose value differs from what is in effect now."""
        out: dict[str, Any] = {}
        for key, edit in self.edits.items():
            if edit.toPlainText() != settings.get_setting(key):
                out[key] = edit.toPlainText()
        if self.follow_up.value() != settings.follow_up_days():
            out[settings.FOLLOW_UP_DAYS] = self.follow_up.value()
        return out

    @classmethod
    def ask(cls, parent: QWidget | None) -> dict[str, Any] | None:
        """The changed settings, or None when cancelled or nothing changed."""
        dialog = cls(parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.changes() or None
