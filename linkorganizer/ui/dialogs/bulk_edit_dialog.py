"""Asking for the one value a bulk edit gives every selected contact: a stage, a keep-in-touch cadence."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QSpinBox, QVBoxLayout, QWidget

from linkorganizer.ui.people import contacts_text
from linkorganizer.core.records import STAGE_LABELS, STAGES
from linkorganizer.ui import icons




class BulkValueDialog(QDialog):
    def __init__(self, title: str, prompt: str, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulkValueDialog")
        self.setWindowTitle(title)
        box = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        box.addWidget(label)
        box.addWidget(field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.resize(380, self.sizeHint().height())

    @classmethod
    def ask_stage(cls, parent: QWidget, count: int) -> str | None:
        combo = QComboBox()
        combo.setObjectName("bulkStage")
        for stage in STAGES:
            combo.addItem(icons.stage_icon(stage), parent.tr(STAGE_LABELS[stage]), stage)
        dialog = cls(
            parent.tr("Set stage"),
            parent.tr("Give {contacts} the stage:").format(contacts=contacts_text(parent, count)),
            combo,
            parent,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return str(combo.currentData())

    @classmethod
    def ask_cadence(cls, parent: QWidget, count: int) -> int | None:
        """Days between touches; 0 turns keep-in-touch off. None when cancelled."""
        spin = QSpinBox()
        spin.setObjectName("bulkCadence")
        spin.setRange(0, 3650)
        spin.setValue(30)
        spin.setSpecialValueText(parent.tr("Off"))
        spin.setSuffix(parent.tr(" days"))
        dialog = cls(
            parent.tr("Keep in touch"),
            parent.tr("Keep in touch with {contacts} at least this often:").format(
                contacts=contacts_text(parent, count)
            ),
            spin,
            parent,
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return spin.value()
