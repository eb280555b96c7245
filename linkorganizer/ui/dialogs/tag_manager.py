"""Edit ▸ Manage tags…: every tag with how many contacts carry it; rename, merge and delete, each one step of
Undo."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import contacts as contacts_core
from linkorganizer.core import tags as tags_core
from linkorganizer.core.network import Changes
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands import DeleteTagsCommand, MergeTagsCommand, RenameTagCommand
from linkorganizer.ui.dialogs.tag_dialog import TagDialog


def _contacts(widget: QWidget, count: int) -> str:
    return widget.tr("1 contact") if count == 1 else widget.tr("{n} contacts").format(n=count)


class TagManagerDialog(QDialog):
    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagManager")
        self.setWindowTitle(self.tr("Manage tags"))
        self.undo_stack = undo_stack
        self.bus = bus
        box = QVBoxLayout(self)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("tagTable")
        self.table.setHorizontalHeaderLabels([self.tr("Tag"), self.tr("Contacts")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _item: self._on_rename())
        box.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setObjectName("editorError")
        self.message.setWordWrap(True)
        self.message.hide()
        box.addWidget(self.message)
        row = QHBoxLayout()
        self.rename_button = QPushButton(icons.icon("edit"), self.tr("Rename…"))
        self.rename_button.clicked.connect(self._on_rename)
        self.merge_button = QPushButton(icons.icon("tags"), self.tr("Merge into…"))
        self.merge_button.setToolTip(self.tr("Put the contacts of the selected tags under one tag"))
        self.merge_button.clicked.connect(self._on_merge)
        self.delete_button = QPushButton(icons.icon("delete"), self.tr("Delete…"))
        self.delete_button.clicked.connect(self._on_delete)
        for button in (self.rename_button, self.merge_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        box.addLayout(row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        bus.changed.connect(self._on_changed)
        self.reload()
        self.resize(460, 480)

    # -- reading --------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        selected = set(self.selected_tags())
        self.counts = tags_core.tag_counts()
        self.table.setRowCount(len(self.counts))
        for row, tag in enumerate(self.counts):
            name = QTableWidgetItem(icons.icon("tag"), tag.name)
            count = QTableWidgetItem(str(tag.contacts))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 0, name)
            self.table.setItem(row, 1, count)
            if tag.name in selected:
                self.table.selectRow(row)
        if not selected:
            self.table.setCurrentItem(None)
        self._update_buttons()

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if changes.tags or changes.reload:
            self.reload()

    def tags(self) -> list[tuple[str, int]]:
        return [(t.name, t.contacts) for t in self.counts]

    def selected_tags(self) -> list[str]:
        if not hasattr(self, "counts"):
            return []
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.counts[r].name for r in rows if r < len(self.counts)]

    def select_tags(self, names: list[str]) -> None:
        self.table.clearSelection()
        for row, tag in enumerate(self.counts):
            if tag.name in names:
                for column in range(2):
                    self.table.item(row, column).setSelected(True)

    def _update_buttons(self) -> None:
        count = len(self.selected_tags())
        self.rename_button.setEnabled(count == 1)
        self.merge_button.setEnabled(count >= 1)
        self.delete_button.setEnabled(count >= 1)

    # -- changing (each one undoable step) --------------------------------------------------------------------------

    def _push(self, command) -> bool:
        self.undo_stack.push(command)
        if command.error:
            self.message.setText(command.error)
            self.message.show()
            return False
        self.message.hide()
        return True

    def rename(self, old: str, new: str) -> bool:
        return self._push(RenameTagCommand(self.bus, old, new.strip()))

    def merge(self, sources: list[str], target: str) -> bool:
        sources = [s for s in sources if s.casefold() != target.strip().casefold()]
        if not sources:
            return False
        return self._push(MergeTagsCommand(self.bus, sources, target.strip()))

    def delete(self, names: list[str]) -> bool:
        return self._push(DeleteTagsCommand(self.bus, names))

    @staticmethod
    def ask_name(parent: QWidget, old: str) -> str | None:
        text, ok = QInputDialog.getText(
            parent, parent.tr("Rename tag"), parent.tr("New name for “{tag}”:").format(tag=old), QLineEdit.EchoMode.Normal, old
        )
        return text.strip() if ok and text.strip() else None

    def _on_rename(self) -> None:
        selected = self.selected_tags()
        if len(selected) != 1:
            return
        new = self.ask_name(self, selected[0])
        if new and new != selected[0]:
            if contacts_core.tag_id(new, create=False) not in (None, contacts_core.tag_id(selected[0], create=False)):
                self.merge(selected, new)  # the name is taken: renaming onto it is merging into it
            else:
                self.rename(selected[0], new)

    def _on_merge(self) -> None:
        selected = self.selected_tags()
        if not selected:
            return
        target = TagDialog.ask(
            self, self.tr("Merge tags"),
            self.tr("Put the contacts of {tags} under the tag:").format(tags=", ".join(f"“{t}”" for t in selected)),
            [t.name for t in self.counts],
        )
        if target:
            self.merge(selected, target)

    def _on_delete(self) -> None:
        selected = self.selected_tags()
        if not selected:
            return
        carriers = sum(t.contacts for t in self.counts if t.name in selected)
        what = f"“{selected[0]}”" if len(selected) == 1 else self.tr("these {n} tags").format(n=len(selected))
        answer = QMessageBox.question(
            self, self.tr("Delete tags"),
            self.tr("Delete {what}? {contacts} lose it; the contacts themselves stay. Edit ▸ Undo brings it back.").format(
                what=what, contacts=_contacts(self, carriers)
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(selected)
