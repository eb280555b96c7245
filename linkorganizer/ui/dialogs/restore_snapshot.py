"""File ▸ Restore snapshot…: the network's automatic snapshots, newest first; restoring one asks once.

The list shows when each was taken, why, and how many contacts it holds. Restoring replaces the whole network;
its state just before is snapshotted first, so a restore is itself restorable. The window then forgets its undo
steps (they describe a network that is no longer there) and every view reads the network again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
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

from linkorganizer.core import snapshots
from linkorganizer.core.network import Changes
from linkorganizer.core.snapshots import Snapshot, SnapshotError

_REASONS = {
    snapshots.IMPORT: "Before an import",
    snapshots.MERGE: "Before a merge",
    snapshots.EMPTY_TRASH: "Before emptying the trash",
    snapshots.DELETE_FOREVER: "Before deleting for ever",
    snapshots.RESTORE: "Before a restore",
    snapshots.UPGRADE: "Before a schema upgrade",
    snapshots.DAILY: "Daily",
}
WHEN, REASON, CONTACTS = range(3)


def _count(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")  # a narrow space between thousands: "1 234"


class RestoreSnapshotDialog(QDialog):
    def __init__(self, found: list[Snapshot], folder: str, current_contacts: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("restoreSnapshot")
        self.setWindowTitle(self.tr("Restore snapshot"))
        self.current_contacts = current_contacts
        self.chosen: Snapshot | None = None
        box = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "LinkOrganizer keeps a copy of this network before every import, restore and bulk deletion, and "
                "once a day. Restoring one replaces the whole network; the network as it is now is kept as a "
                "snapshot first, so you can come back to it."
            )
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setObjectName("snapshotList")
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHeaderLabels([self.tr("Taken"), self.tr("Why"), self.tr("Contacts")])
        self.tree.headerItem().setTextAlignment(CONTACTS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for snapshot in found:
            item = QTreeWidgetItem([snapshot.local_time, self.describe(snapshot), _count(snapshot.contacts)])
            item.setTextAlignment(CONTACTS, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(WHEN, Qt.ItemDataRole.UserRole, snapshot)
            item.setToolTip(WHEN, snapshot.id)
            self.tree.addTopLevelItem(item)
        self.tree.setColumnWidth(WHEN, self.tree.sizeHintForColumn(WHEN) + 20)
        self.tree.setColumnWidth(REASON, max(self.tree.sizeHintForColumn(REASON) + 24, 320))
        box.addWidget(self.tree, 1)
        self.empty = QLabel(
            self.tr("No snapshots yet. The first is taken before the first import, or tomorrow when you open this network.")
        )
        self.empty.setObjectName("noSnapshots")
        self.empty.setWordWrap(True)
        self.empty.setVisible(not found)
        self.tree.setVisible(bool(found))
        box.addWidget(self.empty)
        where = QLabel(self.tr("Kept in {folder}").format(folder=folder))
        where.setObjectName("snapshotFolder")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        where.setEnabled(False)  # quieter, like a caption
        box.addWidget(where)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setObjectName("restoreSnapshotButton")
        self.restore_button.setAutoDefault(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.restore_button.clicked.connect(self._on_restore)
        self.tree.currentItemChanged.connect(self._on_current)
        self.tree.itemDoubleClicked.connect(lambda *_: self._on_restore())
        if found:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._on_current()
        self.resize(640, 420)

    def describe(self, snapshot: Snapshot) -> str:
        text = self.tr(_REASONS.get(snapshot.reason, snapshot.reason))
        return f"{text} ({snapshot.detail})" if snapshot.detail else text

    def current(self) -> Snapshot | None:
        item = self.tree.currentItem()
        return None if item is None else item.data(WHEN, Qt.ItemDataRole.UserRole)

    def _on_current(self, *_args: object) -> None:
        self.restore_button.setEnabled(self.current() is not None)

    def confirm(self, snapshot: Snapshot) -> bool:
        """The one question before a restore."""
        answer = QMessageBox.question(
            self,
            self.tr("Restore snapshot"),
            self.tr(
                "Replace the network with the snapshot of {when} ({why}, {n} contacts)?\n\n"
                "The network as it is now ({current} contacts) is kept as a snapshot first. "
                "Undo starts afresh."
            ).format(
                when=snapshot.local_time,
                why=self.describe(snapshot).lower(),
                n=_count(snapshot.contacts),
                current=_count(self.current_contacts),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _on_restore(self) -> None:
        snapshot = self.current()
        if snapshot is not None and self.confirm(snapshot):
            self.chosen = snapshot
            self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, db_path, current_contacts: int) -> Snapshot | None:
        """The snapshot to restore (the user confirmed it), or None."""
        found = snapshots.list_snapshots(db_path)
        dialog = cls(found, str(snapshots.folder_for(db_path)), current_contacts, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.chosen


def restore_in_window(window, snapshot: Snapshot) -> bool:
    """Restore *snapshot* into the network *window* holds, then reload it: the undo steps go (they describe a
    network that is no longer there) and every view reads the network again. A refusal is said in a message."""
    window.contacts_view.editor.commit_pending()
    try:
        done = snapshots.restore(window.network, snapshot)
    except SnapshotError as exc:
        QMessageBox.warning(
            window,
            window.tr("Restore snapshot"),
            window.tr("{reason}.\n\nThe network was not changed.").format(reason=exc),
        )
        return False
    window.undo_stack.clear()
    window.bus.publish(Changes.everything())
    window.statusBar().showMessage(
        window.tr("Restored the snapshot of {when}: {n} contacts. The network as it was is kept as a snapshot.").format(
            when=snapshot.local_time, n=_count(done.contacts)
        ),
        15000,
    )
    return True
