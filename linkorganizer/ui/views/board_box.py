"""The box beside the board: the pieces not placed in any picture yet, with a search and "show everyone".

A drag source (contact ids) and a drop target: a piece dropped here from a card leaves that card's group.
Like the cards, it emits what was dropped and never writes to the database itself.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import board as board_core
from linkorganizer.core import groups as groups_core
from linkorganizer.ui import icons, mime
from linkorganizer.ui.models.unplaced_model import BoxRole, UnplacedModel
from linkorganizer.ui.views.board_card import REFUSAL_MS, counted, mix, stage_pixmap

SEARCH_DELAY_MS = 120
ROW_HEIGHT = 44


class BoxItemDelegate(QStyledItemDelegate):
    """A row of the box drawn like a piece on a card: stage icon, name, company; when it last happened."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return QSize(200, ROW_HEIGHT)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        rect = option.rect.adjusted(6, 3, -6, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hover = bool(option.state & QStyle.StateFlag.State_MouseOver)
        base = pal.color(QPalette.ColorRole.Base)
        highlight = pal.color(QPalette.ColorRole.Highlight)
        window = pal.color(QPalette.ColorRole.Window)
        background = mix(base, highlight, 0.16) if selected else mix(window, highlight, 0.06) if hover else window
        painter.setPen(QPen(highlight, 1.4) if selected else QPen(pal.color(QPalette.ColorRole.Midlight), 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 6, 6)
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.setPen(QPen(mix(highlight, base, 0.5), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2, 2, -2, -2), 4, 4)

        stage = index.data(BoxRole.Stage) or ""
        ratio = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.drawPixmap(rect.left() + 9, rect.top() + (rect.height() - 16) // 2, stage_pixmap(stage, ratio))
        left = rect.left() + 31
        right_text = ""
        count = index.data(BoxRole.GroupCount) or 0
        if count:
            right_text = "●" * min(count, 3) if count <= 3 else f"{count}"
        last = index.data(BoxRole.LastInteraction)
        small = QFont(option.font)
        small.setPointSizeF(max(6.0, option.font.pointSizeF() * 0.88))
        painter.setFont(small)
        small_metrics = painter.fontMetrics()
        date_text = last.strftime("%d %b") if last is not None else ""
        right_width = small_metrics.horizontalAdvance(date_text) + 8 if date_text else 0
        text_width = max(0, rect.right() - 8 - right_width - left)
        if date_text:
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                QRect(rect.right() - 8 - right_width, rect.top(), right_width, rect.height() // 2 + 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                date_text,
            )
        if right_text:
            painter.setPen(QColor("#6B46C1") if base.lightness() > 128 else QColor("#B794F4"))
            painter.drawText(
                QRect(rect.right() - 8 - 40, rect.top() + rect.height() // 2, 40, rect.height() // 2 - 2),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
                right_text,
            )
        name_font = QFont(option.font)
        name_font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(name_font)
        metrics = painter.fontMetrics()
        name = index.data(Qt.ItemDataRole.DisplayRole) or ""
        name = metrics.elidedText(name, Qt.TextElideMode.ElideRight, text_width)
        company = index.data(BoxRole.Company) or ""
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        middle = rect.top() + rect.height() // 2
        if not company:
            painter.drawText(QRect(left, rect.top(), text_width, rect.height()), Qt.AlignmentFlag.AlignVCenter, name)
        else:
            name_rect = QRect(left, middle - metrics.height() + 1, text_width, metrics.height())
            painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft, name)
            painter.setFont(small)
            painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            company_width = text_width - (44 if right_text else 0)
            painter.drawText(
                QRect(left, middle + 1, company_width, small_metrics.height()),
                Qt.AlignmentFlag.AlignLeft,
                small_metrics.elidedText(company, Qt.TextElideMode.ElideRight, company_width),
            )
        painter.restore()


class UnplacedTray(QListView):
    """The box's list (objectName ``unplacedTray``). Drop a piece from a card here to take it out of that group."""

    contacts_dropped = Signal(list, int)  # contact ids, the group they leave
    drop_refused = Signal(str)

    def __init__(self, model: UnplacedModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("unplacedTray")
        self.setModel(model)
        self.setItemDelegate(BoxItemDelegate(self))
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setAccessibleName(self.tr("The box: people not placed in any goal yet"))
        self.setProperty("dropState", "")
        self._refused = False
        self.empty_text = ""
        self._refusal = QTimer(self)  # see GroupCard: a refused drag gets no DragLeave
        self._refusal.setSingleShot(True)
        self._refusal.setInterval(REFUSAL_MS)
        self._refusal.timeout.connect(self._end_refusal)

    def _end_refusal(self) -> None:
        self._refused = False
        self._set_state("")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.model().rowCount() == 0 and self.empty_text:
            # Said inside the list, so the empty box still takes pieces dropped on it.
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                self.viewport().rect().adjusted(16, 16, -16, -16),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
                self.empty_text,
            )

    def selected_ids(self) -> list[int]:
        model = self.model()
        assert isinstance(model, UnplacedModel)
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [model.contact_id(r) for r in rows if r < model.rowCount()]

    def _set_state(self, state: str) -> None:
        if self.property("dropState") != state:
            self.setProperty("dropState", state)
            self.style().unpolish(self)
            self.style().polish(self)
            self.viewport().update()

    def evaluate_drop(self, event: QDragMoveEvent) -> tuple[list[int], int] | str | None:
        """(ids, source group) for a drop that takes pieces out of a group; a message to refuse it; None: not ours
        (or a drag that started here: moving within the box means nothing, and says nothing)."""
        drag = mime.decode_contacts(event.mimeData())
        if drag is None or event.source() in (self, self.viewport()):
            return None
        if drag.source_group_id is None:
            return self.tr("Already in the box.")
        effect = groups_core.placement_effect(drag.contact_ids, None, drag.source_group_id)
        if effect.is_noop:
            return self.tr("Not in that group any more.")
        return list(effect.removed), drag.source_group_id

    def _judge(self, event: QDragMoveEvent, entering: bool = False) -> tuple[list[int], int] | None:
        verdict = self.evaluate_drop(event)
        if isinstance(verdict, tuple):
            if event.possibleActions() & Qt.DropAction.MoveAction:
                event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
            self._set_state("accept")
            self._refused = False
            return verdict
        if isinstance(verdict, str):
            # Accept the enter (see GroupCard._judge), refuse the moves: the "no drop" cursor, a word why.
            if entering:
                event.accept()
            else:
                event.ignore()
            if not self._refused:
                QToolTip.showText(self.mapToGlobal(event.position().toPoint()), verdict, self)
                self.drop_refused.emit(verdict)
            self._refused = True
            self._set_state("refuse")
            self._refusal.start()
        else:
            event.ignore()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._judge(event, entering=True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._judge(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if self._refused:
            QToolTip.hideText()
        self._refused = False
        self._set_state("")
        event.accept()

    def dropEvent(self, event: QDropEvent) -> None:
        verdict = self._judge(event)
        if self._refused:
            QToolTip.hideText()
        self._refused = False
        self._set_state("")
        if verdict is not None:
            event.accept()
            self.contacts_dropped.emit(*verdict)


class BoxPanel(QWidget):
    """Title and count, the search field, "Show everyone", the list, a hint."""

    def __init__(self, parent: QWidget | None = None, load: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("boxPanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.model = UnplacedModel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 10)
        layout.setSpacing(8)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("The box"))
        self.title.setObjectName("boxTitle")
        top.addWidget(self.title)
        top.addStretch(1)
        self.count = QLabel()
        self.count.setObjectName("boxCount")
        top.addWidget(self.count)
        layout.addLayout(top)
        self.search = QLineEdit()
        self.search.setObjectName("boxSearch")
        self.search.setPlaceholderText(self.tr("Search the box…"))
        self.search.setClearButtonEnabled(True)
        self.search_icon = self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Search the box"))
        layout.addWidget(self.search)
        # A pill that stays pressed, rather than a check box: readable in both palettes, and it says what it does.
        self.show_everyone = QToolButton()
        self.show_everyone.setObjectName("showEveryone")
        self.show_everyone.setText(self.tr("Show everyone"))
        self.show_everyone.setCheckable(True)
        self.show_everyone.setToolTip(
            self.tr("List every contact, placed or not, so anyone can be dragged onto a goal")
        )
        toggle_row = QHBoxLayout()
        toggle_row.addWidget(self.show_everyone)
        toggle_row.addStretch(1)
        layout.addLayout(toggle_row)
        self.tray = UnplacedTray(self.model)
        layout.addWidget(self.tray, 1)
        self.hint = QLabel(self.tr("Drag people onto a goal, or select them and press Ctrl+G."))
        self.hint.setObjectName("boxHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.apply_search)
        self.show_everyone.toggled.connect(self._on_show_everyone)
        self.model.modelReset.connect(self._update_count)
        if load:
            self.reload()

    def apply_search(self) -> None:
        self._timer.stop()
        if self.search.text() != self.model.search:
            self.model.set_filter(search=self.search.text())

    def _on_show_everyone(self, on: bool) -> None:
        self.model.set_filter(show_everyone=on)
        self.title.setText(self.tr("Everyone") if on else self.tr("The box"))

    def reload(self) -> None:
        """Query again, keeping the selected contacts selected where they still are."""
        selected = self.tray.selected_ids()
        self.model.reload()
        if selected:
            view_model = self.tray.selectionModel()
            for cid in selected:
                row = self.model.row_of(cid)
                if row is not None:
                    view_model.select(self.model.index(row, 0), view_model.SelectionFlag.Select)

    def _update_count(self) -> None:
        total = self.model.total
        if self.model.show_everyone:
            self.count.setText(counted(self, total, "1 contact", "{n} contacts"))
        else:
            self.count.setText(self.tr("{n} not placed").format(n=total))
        if self.model.search:
            text = self.tr("Nobody here matches “{text}”.").format(text=self.model.search)
        elif self.model.show_everyone or total == 0 and board_core.count_unplaced(show_everyone=True) == 0:
            text = self.tr("No contacts yet. Import your connections, then place them on the board.")
        else:
            text = self.tr("The box is empty: every piece has its place in a picture.")
        self.tray.empty_text = text
        self.tray.viewport().update()

    def contains(self, contact_ids: list[int]) -> bool:
        return any(self.model.row_of(cid) is not None for cid in contact_ids)
