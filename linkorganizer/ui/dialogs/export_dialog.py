"""Which contacts to export, and (for CSV) whether to add the BOM Excel needs for accents."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)


@dataclass(frozen=True)
class ExportChoice:
    scope: str  # all | selected | shown
    excel_bom: bool


class ExportDialog(QDialog):
    def __init__(self, fmt: str, total: int, selected: int, shown: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(self.tr("Export as {fmt}").format(fmt=fmt.upper()))
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Which contacts?")))
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        everything = self.tr("Everything: all contacts, goal groups, invitations, introductions and interactions")
        options = (
            ("all", everything if fmt == "json" else self.tr("All {n} contacts").format(n=total), True),
            ("shown", self.tr("The {n} contacts the search shows").format(n=shown), shown not in (0, total)),
            ("selected", self.tr("The {n} selected contacts").format(n=selected), selected > 0),
        )
        for key, text, enabled in options:
            button = QRadioButton(text)
            button.setObjectName(f"scope_{key}")
            button.setEnabled(enabled)
            self.group.addButton(button)
            self.buttons[key] = button
            box.addWidget(button)
        preferred = "selected" if selected > 1 else "all"
        self.buttons[preferred].setChecked(True)
        self.excel = QCheckBox(self.tr("For Excel: add a byte-order mark so accents show correctly"))
        self.excel.setObjectName("excelBom")
        self.excel.setChecked(True)
        self.excel.setVisible(fmt == "csv")
        box.addWidget(self.excel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def choice(self) -> ExportChoice:
        scope = next(key for key, button in self.buttons.items() if button.isChecked())
        return ExportChoice(scope, self.excel.isChecked())

    @classmethod
    def ask(cls, parent: QWidget | None, fmt: str, total: int, selected: int, shown: int) -> ExportChoice | None:
        dialog = cls(fmt, total, selected, shown, parent)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
