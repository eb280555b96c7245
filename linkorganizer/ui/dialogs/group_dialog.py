"""Creating or editing a goal group: its name, what it is for, its colour, and the pieces it needs (slots)."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QColorDialog,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import board as board_core
from linkorganizer.core import groups as groups_core
from linkorganizer.core.importing import GROUP_COLOURS
from linkorganizer.ui import icons
from linkorganizer.ui.commands.groups import SlotChanges
from linkorganizer.ui.dialogs.group_picker import colour_swatch

SLOT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class SlotSpec:
    """A slot as the dialog shows it; ``id`` None for a slot added in the dialog."""

    id: int | None
    role: str
    needed: int


@dataclass(frozen=True, slots=True)
class GroupValues:
    name: str
    purpose: str
    colour: str
    slots: tuple[SlotSpec, ...] = ()
    deadline: _dt.date | None = None

    def field_changes(self, before: GroupValues) -> dict[str, Any]:
        """Name, purpose, colour and deadline that differ from *before*."""
        return {
            key: getattr(self, key)
            for key in ("name", "purpose", "colour", "deadline")
            if getattr(self, key) != getattr(before, key)
        }

    def slot_changes(self, before: GroupValues) -> SlotChanges:
        """Slots added, edited and removed compared with *before*."""
        old = {s.id: s for s in before.slots if s.id is not None}
        kept = {s.id for s in self.slots if s.id is not None}
        return SlotChanges(
            added=tuple((s.role, s.needed) for s in self.slots if s.id is None),
            edited=tuple(
                (s.id, s.role, s.needed)
                for s in self.slots
                if s.id is not None and s.id in old and (old[s.id].role, old[s.id].needed) != (s.role, s.needed)
            ),
            removed=tuple(sid for sid in old if sid not in kept),
        )

    @classmethod
    def of_card(cls, card: board_core.GroupCard) -> GroupValues:
        return cls(
            card.name,
            card.purpose,
            card.colour,
            tuple(SlotSpec(s.id, s.role, s.needed) for s in card.slots),
            card.deadline,
        )


class ColourSwatch(QToolButton):
    """One palette colour to click."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colour = colour
        self.setObjectName("colourSwatch")
        self.setCheckable(True)
        self.setFixedSize(26, 26)
        self.setToolTip(colour)
        self.setAccessibleName(self.tr("Colour {colour}").format(colour=colour))
        self.setStyleSheet(
            f"QToolButton {{ background: {colour}; border: 2px solid {colour}; border-radius: 13px; }}"
            "QToolButton:checked { border: 2px solid palette(text); }"
        )


class _SelectOnFocus(QObject):
    """A spin box arrived in (by Tab, arrows or a click) has its value selected, so typing replaces it."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QSpinBox):
            QTimer.singleShot(0, watched, watched.selectAll)  # after the focus change has settled
        return False


class GroupDialog(QDialog):
    def __init__(
        self, values: GroupValues | None = None, group_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("groupDialog")
        self.group_id = group_id
        editing = values is not None
        self.setWindowTitle(self.tr("Edit goal group") if editing else self.tr("New goal group"))
        values = values or GroupValues("", "", groups_core.next_colour())
        self._colour = values.colour
        self._select_on_focus = _SelectOnFocus(self)

        box = QVBoxLayout(self)
        title = QLabel(
            self.tr("What is this goal, and which people does it need?")
            if not editing
            else self.tr("Change the goal, its colour, or the pieces it still needs.")
        )
        title.setObjectName("dialogTitle")
        title.setWordWrap(True)
        box.addWidget(title)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.name = QLineEdit(values.name)
        self.name.setObjectName("groupName")
        self.name.setPlaceholderText(self.tr("e.g. Land a product role in fintech"))
        self.name.setMaxLength(groups_core.NAME_MAX)
        form.addRow(self.tr("&Goal:"), self.name)
        self.purpose = QPlainTextEdit(values.purpose)
        self.purpose.setObjectName("groupPurpose")
        self.purpose.setPlaceholderText(self.tr("Why it matters, and by when"))
        self.purpose.setTabChangesFocus(True)
        self.purpose.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 14)
        form.addRow(self.tr("&Purpose:"), self.purpose)
        deadline_row = QHBoxLayout()
        self.has_deadline = QCheckBox(self.tr("Reach it &by"))
        self.has_deadline.setObjectName("hasDeadline")
        self.deadline = QDateEdit()
        self.deadline.setObjectName("groupDeadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("d MMM yyyy")
        self.deadline.setAccessibleName(self.tr("Deadline"))
        start = values.deadline or _dt.date.today() + _dt.timedelta(weeks=6)
        self.deadline.setDate(QDate(start.year, start.month, start.day))
        self.has_deadline.setChecked(values.deadline is not None)
        self.deadline.setEnabled(values.deadline is not None)
        self.has_deadline.toggled.connect(self.deadline.setEnabled)
        deadline_row.addWidget(self.has_deadline)
        deadline_row.addWidget(self.deadline)
        deadline_row.addStretch(1)
        form.addRow(self.tr("Deadline:"), deadline_row)

        colours = QHBoxLayout()
        colours.setSpacing(6)
        self.swatches: list[ColourSwatch] = []
        for colour in GROUP_COLOURS:
            swatch = ColourSwatch(colour)
            swatch.clicked.connect(lambda _checked=False, c=colour: self.set_colour(c))
            colours.addWidget(swatch)
            self.swatches.append(swatch)
        self.other_colour = QPushButton(self.tr("Other…"))
        self.other_colour.setObjectName("otherColour")
        self.other_colour.clicked.connect(self._pick_colour)
        colours.addWidget(self.other_colour)
        colours.addStretch(1)
        form.addRow(self.tr("Colour:"), colours)
        box.addLayout(form)

        slots_title = QLabel(self.tr("Pieces this goal needs"))
        slots_title.setObjectName("editorSection")
        box.addWidget(slots_title)
        hint = QLabel(
            self.tr("Roles to fill, such as “2 recruiters” or “1 hiring manager at a fintech”. "
                    "Leave empty to simply collect people.")
        )
        hint.setObjectName("editorHint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.slots = QTableWidget(0, 2)
        self.slots.setObjectName("slotTable")
        self.slots.setHorizontalHeaderLabels([self.tr("Role"), self.tr("Needed")])
        self.slots.verticalHeader().hide()
        self.slots.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.slots.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.slots.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.slots.setColumnWidth(1, 90)
        self.slots.setMinimumHeight(140)
        self.slots.setAccessibleName(self.tr("Slots"))
        self.slots.currentCellChanged.connect(self._on_current_cell)
        box.addWidget(self.slots, 1)
        slot_buttons = QHBoxLayout()
        self.add_slot_button = QPushButton(icons.icon("add"), self.tr("Add a role"))
        self.add_slot_button.setObjectName("addSlot")
        self.add_slot_button.clicked.connect(lambda: self.add_slot("", 1, focus=True))
        self.remove_slot_button = QPushButton(icons.icon("remove"), self.tr("Remove role"))
        self.remove_slot_button.setObjectName("removeSlot")
        self.remove_slot_button.clicked.connect(self.remove_current_slot)
        slot_buttons.addWidget(self.add_slot_button)
        slot_buttons.addWidget(self.remove_slot_button)
        slot_buttons.addStretch(1)
        box.addLayout(slot_buttons)

        self.error = QLabel()
        self.error.setObjectName("editorError")
        self.error.setWordWrap(True)
        self.error.hide()
        box.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Save") if editing else self.tr("Create goal group")
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)

        for slot in values.slots:
            self.add_slot(slot.role, slot.needed, slot.id)
        self.set_colour(values.colour)
        self.name.setFocus()
        self.resize(520, 540)

    # -- colour -------------------------------------------------------------------------------------------------

    def colour(self) -> str:
        return self._colour

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour).name().upper()
        for swatch in self.swatches:
            swatch.setChecked(swatch.colour.upper() == self._colour)
        custom = not any(s.isChecked() for s in self.swatches)
        other = self.tr("Other: {colour}").format(colour=self._colour) if custom else self.tr("Other…")
        self.other_colour.setText(other)
        self.other_colour.setIcon(colour_swatch(self._colour) if custom else QIcon())

    def _pick_colour(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._colour), self, self.tr("Colour of the goal group"))
        if chosen.isValid():
            self.set_colour(chosen.name())

    # -- slots --------------------------------------------------------------------------------------------------

    def add_slot(self, role: str, needed: int, slot_id: int | None = None, focus: bool = False) -> int:
        row = self.slots.rowCount()
        self.slots.insertRow(row)
        item = QTableWidgetItem(role)
        item.setData(SLOT_ID_ROLE, slot_id)
        self.slots.setItem(row, 0, item)
        spin = QSpinBox()
        spin.setRange(1, groups_core.NEEDED_MAX)
        spin.setValue(int(needed))
        spin.setFrame(False)
        spin.setAccessibleName(self.tr("Needed"))
        spin.installEventFilter(self._select_on_focus)
        self.slots.setCellWidget(row, 1, spin)
        if focus:
            self.slots.setCurrentCell(row, 0)
            self.slots.setFocus()
            self.slots.editItem(item)
        return row

    def _on_current_cell(self, row: int, column: int, _old_row: int, _old_column: int) -> None:
        # Needed is a spin box over the cell: arriving on the cell (Tab, arrows) is arriving in it, value selected
        # so that typing replaces it.
        if column == 1 and self.slots.hasFocus():
            spin = self.slots.cellWidget(row, 1)
            if isinstance(spin, QSpinBox):
                spin.setFocus(Qt.FocusReason.TabFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in the roles table ends what is typed there (or starts typing a role): it never submits the
        # dialog half filled in. Everywhere else it presses the default button, as in every dialog.
        focus = self.focusWidget()
        in_table = focus is not None and (focus is self.slots or self.slots.isAncestorOf(focus))
        if in_table and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            if focus is self.slots:
                item = self.slots.currentItem()
                if item is not None and self.slots.currentColumn() == 0:
                    self.slots.editItem(item)
            elif isinstance(focus.parentWidget(), QSpinBox) or isinstance(focus, QSpinBox):
                spin = focus if isinstance(focus, QSpinBox) else focus.parentWidget()
                assert isinstance(spin, QSpinBox)
                spin.selectAll()
            return
        super().keyPressEvent(event)

    def remove_current_slot(self) -> None:
        row = self.slots.currentRow()
        if row >= 0:
            self.slots.removeRow(row)

    def slot_specs(self) -> tuple[SlotSpec, ...]:
        specs = []
        for row in range(self.slots.rowCount()):
            item = self.slots.item(row, 0)
            role = " ".join((item.text() if item else "").split())
            if not role:
                continue  # an empty row is a role never written: ignore it rather than refuse the dialog
            slot_id = item.data(SLOT_ID_ROLE)
            spin = self.slots.cellWidget(row, 1)
            needed = spin.value() if isinstance(spin, QSpinBox) else 1
            specs.append(SlotSpec(int(slot_id) if slot_id is not None else None, role, needed))
        return tuple(specs)

    # -- result -------------------------------------------------------------------------------------------------

    def values(self) -> GroupValues:
        return GroupValues(
            " ".join(self.name.text().split()),
            self.purpose.toPlainText().strip(),
            self._colour,
            self.slot_specs(),
            self.deadline.date().toPython() if self.has_deadline.isChecked() else None,
        )

    def problem(self) -> str | None:
        """Why the dialog cannot be accepted as filled in, or None."""
        values = self.values()
        if not values.name:
            return self.tr("Give the goal a name.")
        key = values.name.casefold()
        for group in board_core.group_names():
            if group.id != self.group_id and group.name.casefold() == key:
                return self.tr("There is already a goal group called “{name}”.").format(name=group.name)
        return None

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error.setText(problem)
            self.error.show()
            self.name.setFocus()
            return
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, values: GroupValues | None = None, group_id: int | None = None
    ) -> GroupValues | None:
        """The values entered, or None when cancelled. *values* None: a new group."""
        dialog = cls(values, group_id, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()
