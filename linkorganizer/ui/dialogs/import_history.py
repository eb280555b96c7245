"""Past imports, newest first, each undoable as a whole while nothing it touched was edited since."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import batches


class ImportHistoryDialog(QDialog):
    undo_requested = Signal(int)  # batch id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importHistory")
        self.setWindowTitle(self.tr("Import history"))
        box = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setObjectName("batchList")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels(
            [self.tr("When"), self.tr("File"), self.tr("Format"), self.tr("New"), self.tr("Updated"), self.tr("Status")]
        )
        box.addWidget(self.tree, 1)
        self.message = QLabel()
        self.message.setObjectName("historyMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.undo_button = QPushButton(self.tr("Undo import…"))
        self.undo_button.setObjectName("undoImport")
        buttons.addButton(self.undo_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.undo_button.clicked.connect(self._on_undo)
        self.tree.currentItemChanged.connect(self._on_current)
        self.refresh()
        self.resize(720, 360)

    def refresh(self) -> None:
        self.tree.clear()
        for info in batches.list_batches():
            item = QTreeWidgetItem(
                [
                    info.started_at.strftime("%Y-%m-%d %H:%M"),
                    info.file_name,
                    info.format,
                    str(info.created),
                    str(info.updated),
                    self.tr("undone") if info.undone else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            item.setData(5, Qt.ItemDataRole.UserRole, info.undone)
            self.tree.addTopLevelItem(item)
        for column in range(5):
            self.tree.resizeColumnToContents(column)
        if self.tree.topLevelItemCount():
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._on_current()

    def _on_current(self, *_args: object) -> None:
        item = self.tree.currentItem()
        self.undo_button.setEnabled(item is not None and not item.data(5, Qt.ItemDataRole.UserRole))
        self.message.clear()
        if item is None:
            return
        blockers = batches.undo_blockers(item.data(0, Qt.ItemDataRole.UserRole))
        if blockers and not item.data(5, Qt.ItemDataRole.UserRole):
            names = ", ".join(name for _, name in blockers[:8]) + (" …" if len(blockers) > 8 else "")
            self.message.setText(
                self.tr("Can't be undone: %n contact(s) were edited after this import: ", "", len(blockers)) + names
            )
            self.undo_button.setEnabled(False)

    def _on_undo(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.undo_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))
            self.refresh()
