"""Column mapping for a CSV file LinkOrganizer does not know: a preview of the first rows and, per column,
the contact field it fills. Pre-filled from the header names; the user's choice is remembered per header."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.formats import csv_generic

# The contact fields' labels come from core.fields (through csv_generic); the dialog words its two own choices.
FIELD_LABELS = {**csv_generic.FIELD_LABELS, "ignore": "— ignore —", "full_name": "Full name (split)"}
PREVIEW_ROWS = 6


def _settings_key(signature: str) -> str:
    return f"mapping/{signature}"


class MappingDialog(QDialog):
    def __init__(
        self,
        file_name: str,
        header: list[str],
        rows: list[list[str]],
        mapping: dict[int, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mappingDialog")
        self.setWindowTitle(self.tr("Match the columns of {name}").format(name=file_name))
        self.header = header
        box = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "LinkOrganizer does not know this file's layout. Choose which contact field each column fills; "
                "columns set to “ignore” are left out. Your choice is remembered for files with the same columns."
            )
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.table = QTableWidget(len(rows) + 1, len(header))
        self.table.setObjectName("mappingTable")
        self.table.setHorizontalHeaderLabels(header)
        self.table.setVerticalHeaderLabels([self.tr("Field")] + [str(i) for i in range(1, len(rows) + 1)])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setWordWrap(False)
        self.combos: list[QComboBox] = []
        fields = [f for f in csv_generic.CONTACT_FIELDS if f != "ignore"]
        for column in range(len(header)):
            combo = QComboBox()
            combo.setObjectName(f"mapColumn{column}")
            combo.setAccessibleName(self.tr("Field for column {name}").format(name=header[column]))
            combo.addItem(self.tr(FIELD_LABELS["ignore"]), "ignore")
            for field in fields:
                combo.addItem(self.tr(FIELD_LABELS.get(field, field.replace("_", " ").capitalize())), field)
            index = combo.findData(mapping.get(column, "ignore"))
            combo.setCurrentIndex(max(index, 0))
            combo.currentIndexChanged.connect(self._validate)
            self.table.setCellWidget(0, column, combo)
            self.combos.append(combo)
            for row, cells in enumerate(rows, start=1):
                item = QTableWidgetItem(cells[column] if column < len(cells) else "")
                item.setToolTip(item.text())
                self.table.setItem(row, column, item)
            self.table.setColumnWidth(column, 170)
        self.table.setRowHeight(0, self.table.rowHeight(0) + 8)
        box.addWidget(self.table, 1)
        self.problem = QLabel()
        self.problem.setObjectName("mappingProblem")
        box.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Preview import…"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(min(980, 160 + 170 * len(header)), 420)
        self._validate()

    def mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in enumerate(self.combos) if c.currentData() != "ignore"}

    def set_field(self, column: int, field: str) -> None:
        combo = self.combos[column]
        combo.setCurrentIndex(max(combo.findData(field), 0))

    def _validate(self, *_args: object) -> None:
        chosen = set(self.mapping().values())
        identifying = {"full_name", "first_name", "last_name", "display_name", "email", "phone", "company"}
        ok = bool(chosen & identifying)
        self.problem.setText("" if ok else self.tr("Choose at least one column with a name, e-mail, phone or company."))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    @classmethod
    def ask(cls, parent: QWidget | None, path: str | Path, settings: QSettings) -> dict[int, str] | None:
        """Show the dialog for *path*; return the chosen mapping (and remember it) or None if cancelled."""
        header, rows = csv_generic.preview_rows(path, PREVIEW_ROWS)
        signature = csv_generic.header_signature(header)
        remembered = settings.value(_settings_key(signature))
        mapping: dict[int, str]
        if remembered:
            mapping = {int(k): v for k, v in json.loads(str(remembered)).items()}
        else:
            mapping = csv_generic.guess_mapping(header)
        dialog = cls(Path(path).name, header, rows, mapping, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.mapping()
        settings.setValue(_settings_key(signature), json.dumps(chosen))
        return chosen
