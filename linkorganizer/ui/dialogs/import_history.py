"""Past imports, newest first, each undoable as a whole while nothing it touched was edited since."""

from __future__ import annotations

import datetime as _dt

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import ImportInfo, Network
from linkorganizer.ui.localtime import format_local, plural


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImportHistoryDialog", text)


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

    @staticmethod
    def undo_summary(info: ImportInfo) -> str:
        """What taking an import back does, in plain words: which file, when, what goes and what comes back."""
        try:
            when = format_local(_dt.datetime.fromisoformat(info.started_at))
        except ValueError:
            when = info.started_at
        tr = _tr
        parts = []
        if info.created:
            parts.append(plural(info.created, tr("the 1 contact it added is removed"),
                                tr("the {n} contacts it added are removed")))
        if info.updated:
            parts.append(plural(info.updated, tr("the 1 contact it updated gets its earlier values back"),
                                tr("the {n} contacts it updated get their earlier values back")))
        what = " " + (" " + tr("and") + " ").join(parts) if parts else " " + tr("nothing it changed is left")
        return tr("{file}, imported {when}:{what}. Edit ▸ Undo brings it back.").format(
            file=info.file_name, when=when, what=what
        )

    @classmethod
    def confirm_undo(cls, parent: QWidget | None, info: ImportInfo) -> bool:
        """Ask before an import is taken back; True when the user confirmed."""
        box = QMessageBox(parent)
        box.setObjectName("confirmUndoImport")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_tr("Undo import"))
        box.setText(_tr("Take back the import of {file}?").format(file=info.file_name))
        box.setInformativeText(cls.undo_summary(info))
        undo = box.addButton(_tr("Undo import"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is undo

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
