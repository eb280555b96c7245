"""Choosing a goal group from the keyboard: type to filter, arrows to move, Enter to choose — and, for a group
with roles to fill, which role the people take (roles already filled are not offered)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import board as board_core
from linkorganizer.ui import icons

GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class Placement(NamedTuple):
    """Where the picker puts people: a group, and the slot they fill there (None: no particular role)."""

    group_id: int
    slot_id: int | None = None


def colour_swatch(colour: str, size: int = 14) -> QIcon:
    """A small rounded square in a group's colour (the picker's and menus' icon for a group)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A light ring keeps the colour readable on a selected (highlighted) row.
    painter.setPen(QPen(QColor(255, 255, 255, 200), 1.2))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(QRectF(1, 1, size - 2, size - 2), 3, 3)
    painter.end()
    return QIcon(pixmap)


class GroupPicker(QDialog):
    def __init__(
        self, title: str, prompt: str, exclude: Iterable[int] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("groupPicker")
        self.setWindowTitle(title)
        self.exclude = {int(g) for g in exclude}
        box = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        box.addWidget(label)
        self.search = QLineEdit()
        self.search.setObjectName("groupSearch")
        self.search.setPlaceholderText(self.tr("Type to filter goal groups…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Filter goal groups"))
        box.addWidget(self.search)
        self.list = QListWidget()
        self.list.setObjectName("groupList")
        self.list.setAccessibleName(self.tr("Goal groups"))
        self.list.setUniformItemSizes(True)
        box.addWidget(self.list, 1)
        self.none_label = QLabel()
        self.none_label.setObjectName("noMatch")
        self.none_label.setWordWrap(True)
        self.none_label.hide()
        box.addWidget(self.none_label)
        self.slot_form = QWidget()
        slot_row = QFormLayout(self.slot_form)
        slot_row.setContentsMargins(0, 0, 0, 0)
        self.slot = QComboBox()
        self.slot.setObjectName("slotChoice")
        self.slot.setAccessibleName(self.tr("Role in the goal"))
        self.slot_label = QLabel(self.tr("&Role:"))
        self.slot_label.setBuddy(self.slot)
        slot_row.addRow(self.slot_label, self.slot)
        self.slot_form.hide()
        box.addWidget(self.slot_form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.search.textChanged.connect(self.filter)
        self.search.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(self._update_ok)
        self.list.currentRowChanged.connect(lambda _row: self._fill_slots())
        self.filter("")
        self.resize(380, 420)

    def filter(self, text: str) -> None:
        self.list.clear()
        for group in board_core.group_names(text):
            if group.id in self.exclude:
                continue
            item = QListWidgetItem(colour_swatch(group.colour), group.name)
            item.setData(GROUP_ID_ROLE, group.id)
            self.list.addItem(item)
        empty = self.list.count() == 0
        self.none_label.setVisible(empty)
        if empty:
            if text:
                self.none_label.setText(self.tr("No goal group matches “{text}”.").format(text=text))
            else:
                self.none_label.setText(self.tr("No other goal group."))
        else:
            self.list.setCurrentRow(0)
        self._update_ok()

    def _update_ok(self, *_args: object) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.group_id() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Up and Down in the search field move through the list, so the hands never leave the keys.
        if watched is self.search and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self.list.event(event)
                return True
        return super().eventFilter(watched, event)

    def group_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(GROUP_ID_ROLE)) if item is not None else None

    def _fill_slots(self) -> None:
        """The roles of the chosen group that still need someone; a group without roles asks nothing."""
        gid = self.group_id()
        card = board_core.group_card(gid) if gid is not None else None
        group_has_slots = card is not None and bool(card.slots)
        self.slot.clear()
        self.slot.addItem(self.tr("No particular role"), None)
        for slot in card.slots if card is not None else ():
            if slot.missing:  # a role already filled is not offered
                self.slot.addItem(
                    icons.icon("puzzle"),
                    self.tr("{role} ({filled} of {needed} filled)").format(
                        role=slot.role, filled=slot.filled, needed=slot.needed
                    ),
                    slot.id,
                )
        if group_has_slots and self.slot.count() == 1:
            self.slot.setItemText(0, self.tr("No particular role (every role is filled)"))
        self.slot_form.setVisible(group_has_slots)

    def slot_id(self) -> int | None:
        """The slot chosen for the people (None: no particular role)."""
        if not self.slot_form.isVisibleTo(self):
            return None
        value = self.slot.currentData()
        return int(value) if value is not None else None

    def placement(self) -> Placement | None:
        gid = self.group_id()
        return Placement(gid, self.slot_id()) if gid is not None else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str,
        prompt: str,
        exclude: Iterable[int] = (),
    ) -> int | None:
        """The chosen group's id, or None when cancelled."""
        dialog = cls(title, prompt, exclude, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.group_id()

    @classmethod
    def ask_place(
        cls,
        parent: QWidget | None,
        title: str,
        prompt: str,
        exclude: Iterable[int] = (),
    ) -> Placement | None:
        """The chosen group and role, or None when cancelled."""
        dialog = cls(title, prompt, exclude, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.placement()
