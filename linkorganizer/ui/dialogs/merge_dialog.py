"""Merging two contacts: their fields side by side, a choice per field, and what is put together."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import merge
from linkorganizer.core.merge import MergePreview

UNITED_KINDS = (("email", "E-mails"), ("phone", "Phones"), ("address", "Addresses"), ("url", "Web addresses"))


@dataclass(frozen=True)
class MergeRequest:
    """What the user chose: who stays, who is merged into them, and whose value each field keeps."""

    keep: int
    other: int
    choices: dict[str, int]
    names: tuple[str, str]  # (kept, merged), for the undo title


def _shown(name: str, value: Any) -> str:
    if value is None or value == "" or value == b"":
        return ""
    if name == "photo":
        return "a photo"
    if isinstance(value, _dt.date):
        return value.isoformat()
    if name == "cadence_days":
        return f"every {value} days"
    if name == "stage":
        return str(value).replace("_", " ")
    return str(value)


class MergeDialog(QDialog):
    def __init__(self, preview: MergePreview, region: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge contacts"))
        self.region = region
        self.preview = preview
        self.groups: dict[str, QButtonGroup] = {}
        box = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        box.addWidget(self.intro)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        box.addWidget(self.scroll, 1)
        self.swap_button = QPushButton(self.tr("Keep the other one"))
        self.swap_button.setObjectName("swapSides")
        self.swap_button.setToolTip(self.tr("Keep the other contact's record (its id and creation date) instead"))
        self.swap_button.clicked.connect(self.swap)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = self.buttons.addButton(self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        self.buttons.addButton(self.swap_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self._build()
        self.resize(820, 640)

    # -- building ------------------------------------------------------------------------------------------------

    def _build(self) -> None:
        p = self.preview
        keep, other = p.keep, p.other
        self.intro.setText(
            self.tr(
                "<b>{other}</b> is merged into <b>{keep}</b>: pick the value to keep where they differ (the newest "
                "filled-in one is picked). Details, tags and goals are put together; invitations, calls and "
                "interactions move to {keep}. Edit ▸ Undo takes the merge back."
            ).format(keep=keep.full_name or "#" + str(keep.id), other=other.full_name or "#" + str(other.id))
        )
        self.groups = {}
        page = QWidget()
        page.setObjectName("mergeFields")
        grid = QGridLayout(page)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        row = 0
        for column, detail, role in ((1, keep, self.tr("kept")), (2, other, self.tr("merged into it"))):
            title = QLabel(f"<b>{detail.full_name or '#' + str(detail.id)}</b><br><small>#{detail.id}, {role}</small>")
            grid.addWidget(title, row, column)
        row += 1
        differing = p.differing
        for name in differing:
            label = QLabel(self.tr(merge.LABELS.get(name, name)))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(label, row, 0)
            group = QButtonGroup(self)
            for column, detail in ((1, keep), (2, other)):
                text = _shown(name, p.value(name, detail.id)) or self.tr("(empty)")
                radio = QRadioButton(text.replace("&", "&&").split("\n")[0])
                radio.setObjectName(f"choice_{name}_{column}")
                radio.setToolTip(text)
                radio.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
                radio.setChecked(p.choices[name] == detail.id)
                group.addButton(radio, detail.id)
                grid.addWidget(radio, row, column)
            self.groups[name] = group
            row += 1
        if not differing:
            grid.addWidget(QLabel(self.tr("Their fields are alike; nothing to choose.")), row, 1, 1, 2)
            row += 1
        row = self._section(grid, row, self.tr("Put together"))
        united = [(self.tr(title), [i.value for i in p.fields[kind]]) for kind, title in UNITED_KINDS]
        united += [(self.tr("Tags"), p.tags), (self.tr("Goals"), p.groups)]
        for title, values in united:
            if not values:
                continue
            label = QLabel(title)
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 0)
            shown = QLabel(", ".join(values))
            shown.setWordWrap(True)
            shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(shown, row, 1, 1, 2)
            row += 1
        for name in merge.JOINED_FIELDS:
            text = p.joined.get(name, "")
            if not text:
                continue
            label = QLabel(self.tr(merge.LABELS.get(name, name)))
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(label, row, 0)
            notes = QPlainTextEdit(text)
            notes.setObjectName(f"joined_{name}")
            notes.setReadOnly(True)
            lines = min(8, text.count("\n") + 2)
            notes.setFixedHeight(notes.fontMetrics().lineSpacing() * lines + 12)
            grid.addWidget(notes, row, 1, 1, 2)
            row += 1
        grid.setRowStretch(row, 1)
        self.scroll.setWidget(page)

    def _section(self, grid: QGridLayout, row: int, title: str) -> int:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        grid.addWidget(line, row, 0, 1, 3)
        grid.addWidget(QLabel(f"<b>{title}</b>"), row + 1, 0, 1, 3)
        return row + 2

    # -- what was chosen -----------------------------------------------------------------------------------------

    def choices(self) -> dict[str, int]:
        return {name: group.checkedId() for name, group in self.groups.items() if group.checkedId() != -1}

    def request(self) -> MergeRequest:
        p = self.preview
        return MergeRequest(p.keep.id, p.other.id, self.choices(), (p.keep.full_name, p.other.full_name))

    def swap(self) -> None:
        """Keep the other contact's record; the choices made so far stay with the values they picked."""
        chosen = self.choices()
        self.preview = merge.preview(self.preview.other.id, self.preview.keep.id, self.region)
        self.preview.choices.update(chosen)
        self._build()

    @classmethod
    def ask(
        cls, parent: QWidget | None, keep_id: int, other_id: int, region: str | None = None
    ) -> MergeRequest | None:
        """The merge the user asked for, or None (cancelled, or one of the contacts is gone)."""
        try:
            preview = merge.preview(keep_id, other_id, region)
        except LookupError:
            return None
        dialog = cls(preview, region, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()


__all__ = ["MergeDialog", "MergeRequest"]
