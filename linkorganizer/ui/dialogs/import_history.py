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

from linkorganizer.core.network import Network


class ImportHistoryDialog(QDialog):
    undo_requested = Signal(int)  # batch id

    def __init__(self, network: Network, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.network = network
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
        for info in self.network.imports():
            item = QTreeWidgetItem(
                [
                    info.started_at[:16],
                    info.file_name,
                    info.format,
                    str(info.created),
                    str(info.updated),
                    self.tr("undone") if info.undone else self.tr("too old to undo") if info.op_id is None else "",
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            item.setData(1, Qt.ItemDataRole.UserRole, info.op_id)
            item.setData(5, Qt.ItemDataRole.UserRole, info.undone or info.op_id is None)
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
        op_id = item.data(1, Qt.ItemDataRole.UserRole)
        blockers = self.network.blockers(op_id) if op_id is not None else []
        if blockers and not item.data(5, Qt.ItemDataRole.UserRole):
            titles = ", ".join(f"“{title}”" for _, title in blockers[:5]) + (" …" if len(blockers) > 5 else "")
            self.message.setText(self.tr("Can't be undone: it was changed since by {titles}.").format(titles=titles))
            self.undo_button.setEnabled(False)

    def _on_undo(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.undo_requested.emit(item.data(0, Qt.ItemDataRole.UserRole))
            self.refresh()
