"""Keep in touch: who is due — contacts whose cadence has lapsed, asked invitations awaiting a follow-up — most
overdue first, each with its one-click next step."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QFontMetrics,
    QGuiApplication,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleFactory,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.core import interactions as core
from linkorganizer.core import invitations as invitations_core
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.three_is import (
    LogInteractionCommand,
    TransitionInvitationCommand,
)
from linkorganizer.ui.localtime import plural, utc_today
from linkorganizer.ui.models.due_list import COLUMNS, DueListModel, DueRole
from linkorganizer.ui.tables import list_table
from linkorganizer.ui.views.interactions_view import ask_and_log
from linkorganizer.ui.views.lazy_view import LazyView

ACTIONS = {
    "keep_in_touch": (("log", "Log interaction…", "log_interaction"), ("contact", "Open contact", "contact")),
    "follow_up": (("follow_up", "Follow up", "follow_up"), ("invitation", "Open invitation", "inbox")),
}


COMPACT_BELOW = 960  # px of list width under which the steps are drawn as icons


class _Probe(NamedTuple):
    """Stands in for a row of *kind* when measuring the buttons."""

    kind: str


class DueActionsDelegate(QStyledItemDelegate):
    """Paints each row's one-click steps as buttons and reports clicks: a Due list of thousands of people stays as
    cheap as a table (no widget per row)."""

    clicked = Signal(int, str)  # row, action key

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # The app's style sheet draws nothing for a button without a widget: paint them with the plain style.
        self._button_style = QStyleFactory.create("Fusion")
        # On a narrow window the steps are icons (their words in the tooltip), so the list never scrolls sideways.
        self.compact = False

    def buttons(self, option_rect: QRect, item: core.DueItem, metrics: QFontMetrics) -> list[tuple[str, str, str, QRect]]:
        out = []
        x = option_rect.left() + 4
        height = min(option_rect.height() - 6, metrics.height() + 12)
        top = option_rect.top() + (option_rect.height() - height) // 2
        for key, text, icon_name in ACTIONS[item.kind]:
            label = self.tr(text)
            width = 34 if self.compact else metrics.horizontalAdvance(label) + 16 + 40
            out.append((key, label, icon_name, QRect(x, top, width, height)))
            x += width + 6
        return out

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item = index.data(DueRole.Item)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        base = QStyleOptionViewItem(option)
        self.initStyleOption(base, index)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, base, painter, widget)
        if item is None:
            return
        for _key, label, icon_name, rect in self.buttons(option.rect, item, option.fontMetrics):
            button = QStyleOptionButton()
            button.rect = rect
            button.text = "" if self.compact else label
            button.icon = icons.drawn(icons.icon(icon_name))
            button.iconSize = QSize(16, 16)
            button.palette = option.palette
            button.fontMetrics = option.fontMetrics
            button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
            self._button_style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, None)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        item = index.data(DueRole.Item)
        if item is None:
            return super().sizeHint(option, index)
        rects = self.buttons(QRect(0, 0, 1000, 40), item, option.fontMetrics)
        return QSize(rects[-1][3].right() + 8, option.fontMetrics.height() + 20)

    def helpEvent(self, event: QHelpEvent, view: QAbstractItemView, option: QStyleOptionViewItem,
                  index: QModelIndex) -> bool:
        item = index.data(DueRole.Item)
        if item is not None and event.type() == QEvent.Type.ToolTip:
            for _key, label, _icon, rect in self.buttons(option.rect, item, option.fontMetrics):
                if rect.contains(event.pos()):
                    QToolTip.showText(event.globalPos(), label, view)
                    return True
        return super().helpEvent(event, view, option, index)

    def editorEvent(self, event: QEvent, model: QAbstractItemModel, option: QStyleOptionViewItem,
                    index: QModelIndex) -> bool:
        if event.type() == QEvent.Type.MouseButtonRelease and isinstance(event, QMouseEvent) \
                and event.button() == Qt.MouseButton.LeftButton:
            item = index.data(DueRole.Item)
            if item is not None:
                for key, _label, _icon, rect in self.buttons(option.rect, item, option.fontMetrics):
                    if rect.contains(event.position().toPoint()):
                        self.clicked.emit(index.row(), key)
                        return True
        return super().editorEvent(event, model, option, index)


class DueView(LazyView):
    invitation_requested = Signal(int)  # "show this invitation in the inbox"

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(undo_stack, bus, parent)
        self.setObjectName("dueView")
        self.model = DueListModel(self)
        head = self.page_head(self.tr("Keep in touch"))

        self.table = list_table(
            self.model, "dueList", dict(enumerate((280, 310, 140, 130))), row_padding=20
        )
        self.table.doubleClicked.connect(self._on_double_click)
        self.actions_delegate = DueActionsDelegate(self.table)
        self.actions_delegate.clicked.connect(self.run_action)
        self.table.setItemDelegateForColumn(COLUMNS.index("actions"), self.actions_delegate)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COLUMNS.index("why"), QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COLUMNS.index("actions"), QHeaderView.ResizeMode.Fixed)
        self._fit_actions()
        self.table.installEventFilter(self)
        self.empty = QLabel()
        self.empty.setObjectName("noMatch")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(head)
        layout.addWidget(self.pages, 1)

        bus.changed.connect(self._on_changed)

    # -- showing ------------------------------------------------------------------------------------------------

    def concerns(self, changes: Changes) -> bool:
        # Who is due follows interactions, the contacts' cadences, invitations and the follow-up delay.
        return changes.reload or bool(changes.interactions or changes.contacts or changes.invitations) or changes.settings

    def reload(self) -> None:
        self._dirty = False
        self.model.reload(utc_today())
        items = self.model.items()
        contacts = sum(1 for item in items if item.kind == "keep_in_touch")
        follow_ups = len(items) - contacts
        if items:
            self.summary.setText(
                plural(contacts, self.tr("{n} contact to get back in touch with"),
                       self.tr("{n} contacts to get back in touch with"))
                + " · "
                + plural(follow_ups, self.tr("{n} invitation to follow up"), self.tr("{n} invitations to follow up"))
                + ". "
                + self.tr("Logging anything with someone starts their clock again.")
            )
            self.pages.setCurrentIndex(0)
        else:
            self.summary.setText(self.tr("Nobody is due."))
            self.empty.setText(
                self.tr("Everyone is up to date.\n\nGive a contact a keep-in-touch cadence (in its details) to be "
                        "reminded when it has been too long; asked invitations show up here when they need a "
                        "follow-up.")
            )
            self.pages.setCurrentIndex(1)

    def run_action(self, row: int, key: str) -> None:
        """One of a row's buttons: log, follow up, or show the contact or the invitation."""
        if not 0 <= row < self.model.rowCount():
            return
        item = self.model.item(row)
        if key == "log":
            self.log_for(item)
        elif key == "follow_up":
            self.follow_up(item)
        elif key == "contact" and item.contact_id is not None:
            self.contact_requested.emit(item.contact_id)
        elif key == "invitation" and item.invitation_id is not None:
            self.invitation_requested.emit(item.invitation_id)

    def button_rect(self, row: int, key: str) -> QRect:
        """Where a row's button is drawn, in viewport coordinates (for tests and accessibility tools)."""
        index = self.model.index(row, COLUMNS.index("actions"))
        rect = self.table.visualRect(index)
        for found, _label, _icon, button in self.actions_delegate.buttons(rect, self.model.item(row),
                                                                          self.table.fontMetrics()):
            if found == key:
                return button
        return QRect()

    def _fit_actions(self) -> None:
        """Full buttons when the list has room, icons when it has not; the actions column as wide as they are."""
        self.actions_delegate.compact = self.table.width() < COMPACT_BELOW
        widest = max(
            self.actions_delegate.buttons(
                QRect(0, 0, 1000, 40), _Probe(kind), self.table.fontMetrics()  # type: ignore[arg-type]
            )[-1][3].right()
            for kind in ACTIONS
        )
        self.table.setColumnWidth(COLUMNS.index("actions"), widest + 12)
        self.table.viewport().update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            self._fit_actions()
        # Return on a row runs its first step (Log interaction…, or Follow up).
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.table.currentIndex()
            if index.isValid():
                item = self.model.item(index.row())
                self.run_action(index.row(), ACTIONS[item.kind][0][0])
                return True
        return super().eventFilter(watched, event)

    def items(self) -> list[core.DueItem]:
        return self.model.items()

    def selected_item(self) -> core.DueItem | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.item(rows[0].row()) if rows else None

    def current_contact_id(self) -> int | None:
        item = self.selected_item()
        return item.contact_id if item is not None else None

    def _on_double_click(self, index) -> None:
        item = self.model.item(index.row())
        if item.kind == "follow_up" and item.invitation_id is not None:
            self.invitation_requested.emit(item.invitation_id)
        elif item.contact_id is not None:
            self.contact_requested.emit(item.contact_id)

    # -- the one-click steps ------------------------------------------------------------------------------------

    def log_for(self, item: core.DueItem) -> LogInteractionCommand | None:
        if item.contact_id is None:
            return None
        return ask_and_log(self, self.undo_stack, self.bus, item.contact_id, item.name, self.report)

    def follow_up(self, item: core.DueItem) -> bool:
        """Record that I followed up (asked → asked) and put the follow-up template on the clipboard."""
        if item.invitation_id is None:
            return False
        command = TransitionInvitationCommand(self.bus, item.invitation_id, "asked", name=item.name)
        self.undo_stack.push(command)
        if command.error:
            self.report(command.error)
            return False
        QGuiApplication.clipboard().setText(invitations_core.render_template("follow_up", item.invitation_id))
        self.report(self.tr("Followed up with {name}: the follow-up is on the clipboard.").format(name=item.name))
        return True
