"""The small questions of the filter bar: a text to look for, a range of dates, a name for a saved view."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


def _buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class TextFilterDialog(QDialog):
    """“Company contains …”."""

    def __init__(self, title: str, prompt: str, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("textFilterDialog")
        self.setWindowTitle(title)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(prompt))
        self.edit = QLineEdit(current)
        self.edit.setObjectName("filterText")
        box.addWidget(self.edit)
        box.addWidget(_buttons(self))
        self.resize(360, self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, current: str = "") -> str | None:
        dialog = cls(title, prompt, current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.edit.text().strip() or None


class DateRangeDialog(QDialog):
    """From a day, until a day, or between two; either end may stay open."""

    def __init__(self, title: str, current: tuple[str, str] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dateRangeDialog")
        self.setWindowTitle(title)
        start, end = current or ("", "")
        form = QFormLayout()
        self.use_start = QCheckBox(self.tr("From"))
        self.use_end = QCheckBox(self.tr("Until"))
        self.start = QDateEdit()
        self.end = QDateEdit()
        for check, edit, value, fallback in (
            (self.use_start, self.start, start, QDate.currentDate().addYears(-1)),
            (self.use_end, self.end, end, QDate.currentDate()),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            parsed = QDate.fromString(value, "yyyy-MM-dd") if value else QDate()
            edit.setDate(parsed if parsed.isValid() else fallback)
            check.setChecked(bool(value) or (not start and not end))
            edit.setEnabled(check.isChecked())
            check.toggled.connect(edit.setEnabled)
            form.addRow(check, edit)
        box = QVBoxLayout(self)
        box.addLayout(form)
        box.addWidget(_buttons(self))

    def value(self) -> tuple[str, str] | None:
        start = self.start.date().toString("yyyy-MM-dd") if self.use_start.isChecked() else ""
        end = self.end.date().toString("yyyy-MM-dd") if self.use_end.isChecked() else ""
        if start and end and start > end:
            start, end = end, start
        return (start, end) if start or end else None

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, current: tuple[str, str] | None = None) -> tuple[str, str] | None:
        dialog = cls(title, current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.value()


class SaveViewDialog(QDialog):
    """A name for the search and filters shown: a new one, or an existing view's to replace it."""

    def __init__(self, names: list[str], current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saveViewDialog")
        self.setWindowTitle(self.tr("Save view"))
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Save the search and filters shown as a view in the navigation, named:")))
        self.combo = QComboBox()
        self.combo.setObjectName("viewName")
        self.combo.setEditable(True)
        self.combo.addItems(names)
        self.combo.setCurrentText(current)
        self.combo.lineEdit().setPlaceholderText(self.tr("e.g. Fintech to call back"))
        box.addWidget(self.combo)
        box.addWidget(_buttons(self))
        self.resize(400, self.sizeHint().height())

    @classmethod
    def ask(cls, parent: QWidget | None, names: list[str], current: str = "") -> str | None:
        dialog = cls(names, current, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.combo.currentText().strip() or None
