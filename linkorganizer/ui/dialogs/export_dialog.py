"""Which contacts to export, and (for CSV) whether to add the BOM Excel needs for accents."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.formats import specs as formats
from linkorganizer.ui.localtime import plural


@dataclass(frozen=True)
class ExportChoice:
    scope: str  # all | shown | selected | tag | group
    excel_bom: bool
    tag: str | None = None
    group: str | None = None


class ExportDialog(QDialog):
    def __init__(
        self,
        fmt: str,
        total: int,
        selected: int,
        shown: int,
        tags: list[str],
        groups: list[str],
        parent: QWidget | None = None,
        excel_bom: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        spec = formats.spec(fmt)
        self.setWindowTitle(self.tr("Export as {fmt}").format(fmt=self.tr(spec.title)))
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Which contacts?")))
        grid = QGridLayout()
        self.group_buttons = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        everything = self.tr("Everything: all contacts, goal groups, invitations, introductions and interactions")
        self.tag_combo = QComboBox()
        self.tag_combo.setObjectName("exportTag")
        self.tag_combo.addItems(tags)
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("exportGroup")
        self.group_combo.addItems(groups)
        options = (
            ("all", everything if spec.whole_network else plural(total, self.tr("The only contact"), self.tr("All {n} contacts")), True, None),
            ("shown", plural(shown, self.tr("The contact the search shows"), self.tr("The {n} contacts the search shows")), shown not in (0, total), None),
            ("selected", plural(selected, self.tr("The selected contact"), self.tr("The {n} selected contacts")), selected > 0, None),
            ("tag", self.tr("Contacts tagged"), bool(tags), self.tag_combo),
            ("group", self.tr("Members of the goal group"), bool(groups), self.group_combo),
        )
        for row, (key, text, enabled, extra) in enumerate(options):
            button = QRadioButton(text)
            button.setObjectName(f"scope_{key}")
            button.setEnabled(enabled)
            self.group_buttons.addButton(button)
            self.buttons[key] = button
            grid.addWidget(button, row, 0)
            if extra is not None:
                extra.setEnabled(enabled)
                grid.addWidget(extra, row, 1)
        box.addLayout(grid)
        preferred = "selected" if selected > 1 else "all"
        self.buttons[preferred].setChecked(True)
        self.excel = QCheckBox(self.tr("For Excel: add a byte-order mark so accents show correctly"))
        self.excel.setObjectName("excelBom")
        self.excel.setChecked(excel_bom)  # the default is a preference (Edit ▸ Preferences…)
        self.excel.setVisible("excel_bom" in spec.writer_options)
        box.addWidget(self.excel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Export…"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def choice(self) -> ExportChoice:
        scope = next(key for key, button in self.buttons.items() if button.isChecked())
        return ExportChoice(
            scope,
            self.excel.isChecked() and self.excel.isVisibleTo(self),
            tag=self.tag_combo.currentText() if scope == "tag" else None,
            group=self.group_combo.currentText() if scope == "group" else None,
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        fmt: str,
        total: int,
        selected: int,
        shown: int,
        tags: list[str],
        groups: list[str],
        excel_bom: bool = True,
    ) -> ExportChoice | None:
        dialog = cls(fmt, total, selected, shown, tags, groups, parent, excel_bom)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
