"""Choosing a goal group from the keyboard: type to filter, arrows to move, Enter to choose."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.search.textChanged.connect(self.filter)
        self.search.installEventFilter(self)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(self._update_ok)
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
