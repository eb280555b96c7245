"""Asking for a tag name, with the existing tags offered."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class TagDialog(QDialog):
    def __init__(self, title: str, prompt: str, tags: list[str], editable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagDialog")
        self.setWindowTitle(title)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(prompt))
        self.combo = QComboBox()
        self.combo.setObjectName("tagName")
        self.combo.setEditable(editable)
        self.combo.addItems(tags)
        if editable:
            self.combo.setCurrentText("")
            self.combo.lineEdit().setPlaceholderText(self.tr("a new or existing tag"))
        box.addWidget(self.combo)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(360, self.sizeHint().height())

    def tag(self) -> str:
        return self.combo.currentText().strip()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, tags: list[str], editable: bool = True) -> str | None:
        dialog = cls(title, prompt, tags, editable, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.tag() or None
