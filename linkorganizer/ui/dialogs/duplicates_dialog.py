"""Edit ▸ Find duplicates…: the pairs that look like one person, why, and merging them."""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import snapshots
from linkorganizer.core import duplicates
from linkorganizer.core.duplicates import DuplicatePair
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.merge import MergeContactsCommand, MergeExactCommand, NotDuplicateCommand
from linkorganizer.ui.dialogs.merge_dialog import MergeDialog

PAIR_ROLE = Qt.ItemDataRole.UserRole


def locale_region() -> str | None:
    """The country phone numbers without a country code belong to: the user's locale's (``de_DE`` → ``DE``)."""
    return duplicates.region_from_locale(QLocale.system().name())


def _person(name: str, company: str) -> str:
    return f"{name}\n{company}" if company.strip() else name


class DuplicatesDialog(QDialog):
    def __init__(
        self, undo_stack: QUndoStack, bus: ChangeBus, region: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self.setWindowTitle(self.tr("Find duplicates"))
        self.undo_stack = undo_stack
        self.bus = bus
        self.region = region
        self.pairs: list[DuplicatePair] = []
        box = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("duplicatesSummary")
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.list = QTreeWidget()
        self.list.setObjectName("duplicatePairs")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setAllColumnsShowFocus(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        # Two-line names and reasons need air between the pairs to read as one pair per row.
        self.list.setStyleSheet("QTreeWidget#duplicatePairs::item { padding: 5px 2px; }")
        self.list.setHeaderLabels([self.tr("Contact"), self.tr("Possible duplicate"), self.tr("Why"), self.tr("Match")])
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setColumnWidth(0, 200)
        self.list.setColumnWidth(1, 200)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.list.itemDoubleClicked.connect(self._on_double_clicked)
        box.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.merge_exact_button = QPushButton()
        self.merge_exact_button.setObjectName("mergeExact")
        self.merge_exact_button.setToolTip(
            self.tr("Merge every pair with the same profile, e-mail or phone, each field by its newest value")
        )
        self.merge_exact_button.clicked.connect(self.merge_exact)
        self.merge_button = QPushButton(self.tr("Merge…"))
        self.merge_button.setObjectName("mergePair")
        self.merge_button.clicked.connect(self.merge_selected)
        self.dismiss_button = QPushButton(self.tr("Not a duplicate"))
        self.dismiss_button.setObjectName("notDuplicate")
        self.dismiss_button.setToolTip(self.tr("They are two people: do not offer this pair again"))
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        row.addWidget(self.merge_exact_button)
        row.addStretch(1)
        row.addWidget(self.dismiss_button)
        row.addWidget(self.merge_button)
        box.addLayout(row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        self.resize(900, 560)
        self.reload()

    # -- the list ------------------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Look for pairs again (after a merge, or after Undo in the window)."""
        selected = self.selected_pair()
        self.pairs = duplicates.find_duplicates(self.region)
        self.list.clear()
        keep_row = 0
        for index, pair in enumerate(self.pairs):
            match = self.tr("exact") if pair.exact else self.tr("similar")
            item = QTreeWidgetItem(
                [
                    _person(pair.names[0], pair.companies[0]),
                    _person(pair.names[1], pair.companies[1]),
                    "\n".join(pair.reasons),
                    f"{pair.confidence}%  {match}",
                ]
            )
            item.setData(0, PAIR_ROLE, (pair.a, pair.b))
            item.setToolTip(2, "\n".join(pair.reasons))
            item.setTextAlignment(3, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.list.addTopLevelItem(item)
            if selected is not None and (pair.a, pair.b) == (selected.a, selected.b):
                keep_row = index
        if self.pairs:
            self.list.setCurrentItem(self.list.topLevelItem(min(keep_row, len(self.pairs) - 1)))
        exact = self.exact_pairs()
        if self.pairs:
            self.summary.setText(
                self.tr(
                    "{count} possible duplicates, {exact} of them exact (the same profile, e-mail or phone). "
                    "Merging keeps the newest filled-in value of each field and puts details, tags, goals and "
                    "history together."
                ).format(count=len(self.pairs), exact=len(exact))
            )
        else:
            self.summary.setText(self.tr("No duplicates found: no two contacts look like one person."))
        self.merge_exact_button.setText(self.tr("Merge all exact matches ({})").format(len(exact)))
        self._update_buttons()

    def exact_pairs(self) -> list[tuple[int, int]]:
        return [(p.a, p.b) for p in self.pairs if p.exact]

    def selected_pair(self) -> DuplicatePair | None:
        items = self.list.selectedItems() if self.pairs else []
        if not items:
            return None
        key = items[0].data(0, PAIR_ROLE)
        return next((p for p in self.pairs if (p.a, p.b) == tuple(key)), None)

    def select_pair(self, a: int, b: int) -> None:
        for index in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(index)
            if tuple(item.data(0, PAIR_ROLE)) == (a, b):
                self.list.setCurrentItem(item)
                return
        raise LookupError(f"the pair {a}, {b} is not listed")

    def _update_buttons(self) -> None:
        chosen = self.selected_pair() is not None
        self.merge_button.setEnabled(chosen)
        self.dismiss_button.setEnabled(chosen)
        self.merge_exact_button.setEnabled(bool(self.exact_pairs()))

    # -- actions -------------------------------------------------------------------------------------------------

    def _on_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        self.list.setCurrentItem(item)
        self.merge_selected()

    def merge_selected(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        request = MergeDialog.ask(self, pair.a, pair.b, self.region)
        if request is None:
            return
        snapshots.take(self.bus.network, snapshots.MERGE, " + ".join(request.names))
        self._push(MergeContactsCommand(self.bus, request.keep, request.other, request.choices, request.names, self.region))

    def merge_exact(self) -> None:
        pairs = self.exact_pairs()
        if pairs:
            snapshots.take(self.bus.network, snapshots.MERGE, self.tr("{n} exact matches").format(n=len(pairs)))
            self._push(MergeExactCommand(self.bus, pairs))

    def dismiss_selected(self) -> None:
        pair = self.selected_pair()
        if pair is not None:
            self._push(NotDuplicateCommand(self.bus, pair.a, pair.b, pair.names))

    def _push(self, command) -> None:
        self.undo_stack.push(command)
        self.reload()

    @classmethod
    def show_for(
        cls, parent: QWidget | None, undo_stack: QUndoStack, bus: ChangeBus, region: str | None = None
    ) -> None:
        """Open the finder over the window's network (modal; every merge is its own step in Edit ▸ Undo)."""
        dialog = cls(undo_stack, bus, region if region is not None else locale_region(), parent)
        dialog.exec()


__all__ = ["DuplicatesDialog", "locale_region"]
