"""The saved views in the navigation, under the pages: a click shows the Contacts page through that view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QMenu, QVBoxLayout, QWidget

from linkorganizer.core import saved_views as views_core
from linkorganizer.core.contacts import ContactQuery
from linkorganizer.core.network import Changes
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus

NAME_ROLE = Qt.ItemDataRole.UserRole + 1


class SavedViewsList(QWidget):
    """A title and the list of views; hidden while there are none."""

    view_chosen = Signal(str)
    delete_requested = Signal(str)

    def __init__(self, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("savedViewsPanel")
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.title = QLabel(self.tr("Contact views"))
        self.title.setObjectName("savedViewsTitle")
        box.addWidget(self.title)
        self.list = QListWidget()
        self.list.setObjectName("savedViews")
        self.list.setIconSize(QSize(16, 16))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setAccessibleName(self.tr("Saved views of the contacts"))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._on_menu)
        self.list.itemClicked.connect(lambda item: self.view_chosen.emit(item.data(NAME_ROLE)))
        self.list.itemActivated.connect(lambda item: self.view_chosen.emit(item.data(NAME_ROLE)))
        box.addWidget(self.list, 1)
        bus.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if changes.settings:
            self.reload()

    def reload(self) -> None:
        current = self.current_name()
        self.list.clear()
        for view in views_core.saved_views():
            item = QListWidgetItem(icons.icon("saved_view"), view.name)
            item.setData(NAME_ROLE, view.name)
            item.setToolTip(self.tr("Contacts: {name}").format(name=view.name))
            self.list.addItem(item)
        self.setVisible(self.list.count() > 0)
        if current:
            self.mark(current)

    def names(self) -> list[str]:
        return [self.list.item(row).data(NAME_ROLE) for row in range(self.list.count())]

    def current_name(self) -> str | None:
        item = self.list.currentItem()
        return item.data(NAME_ROLE) if item is not None and item.isSelected() else None

    def mark(self, name: str | None) -> None:
        """Show *name* as the view in front (None: the table shows no saved view)."""
        self.list.blockSignals(True)
        self.list.clearSelection()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if name is not None and item.data(NAME_ROLE).casefold() == name.casefold():
                self.list.setCurrentItem(item)
                item.setSelected(True)
        self.list.blockSignals(False)

    def mark_query(self, query: ContactQuery | None) -> None:
        """Mark the saved view that gives exactly *query* (None: the Contacts page is not in front)."""
        if query is None:
            self.mark(None)
            return
        wanted = views_core.query_to_json(query)
        match = next((v.name for v in views_core.saved_views() if views_core.query_to_json(v.query) == wanted), None)
        self.mark(match)

    def refresh_icons(self) -> None:
        for row in range(self.list.count()):
            self.list.item(row).setIcon(icons.icon("saved_view"))

    def _on_menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        name = item.data(NAME_ROLE)
        menu.addAction(icons.icon("delete"), self.tr("Delete view “{name}”").format(name=name)).triggered.connect(
            lambda: self.delete_requested.emit(name)
        )
        menu.exec(self.list.viewport().mapToGlobal(pos))
