"""Choosing one contact: a search box over the contact table's own SQL search, and the first matches."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from linkorganizer.core.contacts import ContactQuery, fetch_rows, query_contact_ids
from linkorganizer.ui import icons
from linkorganizer.ui.people import person_text

SHOWN = 60


class ContactPicker(QWidget):
    """Type to search; the list shows the first matches (name, position and company); one is chosen."""

    contact_chosen = Signal(int)

    def __init__(self, contact_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setObjectName("contactPickerSearch")
        self.search.setPlaceholderText(self.tr("Search contacts…"))
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Search contacts"))
        self.list = QListWidget()
        self.list.setObjectName("contactPickerList")
        self.list.setAccessibleName(self.tr("Contacts"))
        self.list.setUniformItemSizes(True)
        self.more = QLabel()
        self.more.setObjectName("editorHint")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.search)
        box.addWidget(self.list, 1)
        box.addWidget(self.more)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.refresh)
        self.list.currentItemChanged.connect(self._on_current)
        self._wanted = contact_id
        self.refresh()

    def refresh(self, keep: int | None = None) -> None:
        self._timer.stop()
        if keep is None:
            keep = self.contact_id() or self._wanted
        ids = query_contact_ids(ContactQuery(text=self.search.text().strip()))
        shown = ids[:SHOWN]
        if keep is not None and keep not in shown and not self.search.text().strip():
            shown = [keep, *shown[: SHOWN - 1]]
        rows = fetch_rows(shown)
        self.list.blockSignals(True)
        self.list.clear()
        for cid in shown:
            row = rows.get(cid)
            if row is None:
                continue
            item = QListWidgetItem(icons.stage_icon(row.stage), person_text(row.name, row.position, row.company))
            item.setData(Qt.ItemDataRole.UserRole, cid)
            self.list.addItem(item)
            if cid == keep:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        if self.list.currentItem() is not None:
            self.list.scrollToItem(self.list.currentItem(), QListWidget.ScrollHint.PositionAtCenter)
        if self.list.currentItem() is None and self.list.count() == 1:
            self.list.setCurrentRow(0)
        extra = len(ids) - len(shown)
        self.more.setText(self.tr("{n} more — type to narrow the list").format(n=extra) if extra > 0 else "")
        self.more.setVisible(extra > 0)
        self._on_current(self.list.currentItem())

    def contact_id(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def set_contact_id(self, contact_id: int) -> None:
        self._wanted = contact_id
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == contact_id:
                self.list.setCurrentRow(row)
                return
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.refresh(contact_id)

    def _on_current(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._wanted = int(item.data(Qt.ItemDataRole.UserRole))
            self.contact_chosen.emit(self._wanted)
