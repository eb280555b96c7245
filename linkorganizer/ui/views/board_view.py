"""The puzzle board: goal groups as cards you fill with people, and the box of pieces not placed yet.

"Keeping hundreds of disconnected puzzle pieces in a box … the wise alternative is to carefully combine pieces to
create a cohesive picture of your personal network." Each goal group is a picture, each contact a piece; a
contact may serve several goals.

The board never rebuilds itself for a change: the one change signal says which groups changed (``bus.changed``),
and only those cards are read again (:func:`~linkorganizer.core.board.group_cards`) and redrawn — and only when
what they show changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QDragMoveEvent, QHideEvent, QKeyEvent, QShowEvent, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.core import board as board_core
from linkorganizer.core import groups as groups_core
from linkorganizer.formats.specs import EXPORT_SPECS, FormatSpec
from linkorganizer.ui import icons, mime
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.groups import (
    AssignSlotCommand,
    CreateGroupCommand,
    DeleteGroupCommand,
    EditGroupCommand,
    MoveContactsCommand,
    PlaceContactsCommand,
    RemoveFromGroupCommand,
    ReorderGroupCommand,
)
from linkorganizer.ui.dialogs.group_dialog import GroupDialog, GroupValues
from linkorganizer.ui.dialogs.group_picker import GroupPicker, Placement, colour_swatch
from linkorganizer.ui.views.board_box import BoxPanel
from linkorganizer.ui.views.board_card import GroupCard, MemberChip, counted, forget_pictures
from linkorganizer.ui.views.board_layout import MasonryLayout

# A goal group exports in every format the registry writes (the menu in the registry's order).
EXPORT_FORMATS: dict[str, FormatSpec] = {spec.name: spec for spec in EXPORT_SPECS}
SPRING_DELAY_MS = 350
# Cards whose pieces are made with the card, before any layout (the first row or two). The pieces of
# the others are made when a card comes into view (or something asks for them), so opening a board of fifty
# goals makes the widgets of the few it shows.
EAGER_CARDS = 4


class EmptyBoard(QWidget):
    """What a board without goal groups shows: the method in one sentence and the first step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("boardEmpty")
        box = QVBoxLayout(self)
        box.addStretch(2)
        self.art = QLabel()
        self.art.setPixmap(icons.icon("puzzle", "#4C78A8").pixmap(64, 64))
        self.art.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(self.art)
        title = QLabel(self.tr("From clutter to a picture"))
        title.setObjectName("emptyTitle")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(title)
        text = QLabel(self.tr("Name a goal, then place the people who help you reach it."))
        text.setObjectName("emptyText")
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        box.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.new_button = QPushButton(icons.icon("add", "#FFFFFF"), self.tr("New goal group…"))
        self.new_button.setObjectName("primaryButton")
        row.addWidget(self.new_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(3)


class NavigationDropSwitcher(QObject):
    """Lets a drag from the contact table reach the board: resting over "Board" in the navigation opens it."""

    def __init__(self, navigation: QListWidget, board_row: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.navigation = navigation
        self.board_row = board_row
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SPRING_DELAY_MS)
        self.timer.timeout.connect(self.open_board)
        navigation.setAcceptDrops(True)
        navigation.viewport().setAcceptDrops(True)
        navigation.installEventFilter(self)
        navigation.viewport().installEventFilter(self)

    def open_board(self) -> None:
        self.navigation.setCurrentRow(self.board_row())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(event, QDragMoveEvent):
            if mime.decode_contacts(event.mimeData()) is None:
                return False
            pos = event.position().toPoint()
            viewport = self.navigation.viewport()
            if watched is not viewport:
                pos = viewport.mapFrom(self.navigation, pos)
            item = self.navigation.itemAt(pos)
            over_board = item is not None and self.navigation.row(item) == self.board_row()
            if over_board and self.navigation.currentRow() != self.board_row():
                if not self.timer.isActive():
                    self.timer.start()
            elif not over_board:
                self.timer.stop()
            # Accept the enter so the moves keep coming; nothing can be dropped here, so refuse each move.
            if kind == QEvent.Type.DragEnter:
                event.accept()
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragLeave:
            self.timer.stop()
            return False
        if kind == QEvent.Type.Drop:
            self.timer.stop()
            event.ignore()
            return True
        return False


class BoardView(QWidget):
    """Cards in a reflowing grid, the box beside them. Turns what is dropped or chosen into undo commands."""

    contact_open_requested = Signal(int)
    export_requested = Signal(str, str, str)  # path, format, group name
    status_message = Signal(str, int)
    chip_selection_changed = Signal()

    def __init__(
        self, undo_stack: QUndoStack, bus: ChangeBus, settings: QSettings, parent: QWidget | None = None,
        load: bool = True,
    ) -> None:
        """*load* False leaves the board unread until :meth:`reload` (the window reads it after its first paint)."""
        super().__init__(parent)
        self.setObjectName("board")
        self.undo_stack = undo_stack
        self.bus = bus
        self.settings = settings
        self._cards: dict[int, GroupCard] = {}
        self._groups_of: dict[int, set[int]] = {}  # contact id → groups whose cards show it (never empty)
        self._members_of: dict[int, set[int]] = {}  # group id → contact ids on its card
        self.new_group_action: QAction | None = None
        self.add_to_group_action: QAction | None = None
        self.move_to_group_action: QAction | None = None
        self.remove_from_group_action: QAction | None = None
        self.switcher: NavigationDropSwitcher | None = None

        # the board
        self.title = QLabel(self.tr("Goal board"))
        self.title.setObjectName("boardTitle")
        self.summary = QLabel()
        self.summary.setObjectName("boardSummary")
        self.new_button = QPushButton(icons.icon("add"), self.tr("New goal group…"))
        self.new_button.setObjectName("secondaryButton")
        self.new_button.clicked.connect(self.new_group)
        top = QHBoxLayout()
        top.setContentsMargins(18, 12, 16, 4)
        top.setSpacing(12)
        top.addWidget(self.title)
        top.addWidget(self.summary, 1, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.new_button)

        # the board search: where is this person placed?
        self.search = QLineEdit()
        self.search.setObjectName("boardSearch")
        self.search.setPlaceholderText(self.tr("Find a person on the board…"))
        self.search.setClearButtonEnabled(True)
        self.search_icon = self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition)
        self.search.setAccessibleName(self.tr("Find a person on the board"))
        self.search.setMinimumWidth(230)
        self.search.setMaximumWidth(340)
        self.search.textChanged.connect(lambda _text: self.apply_search())
        self.only_matching = QCheckBox(self.tr("Only goals with a match"))
        self.only_matching.setObjectName("boardFilter")
        self.only_matching.toggled.connect(lambda _on: self.apply_search())
        self.search_result = QLabel()
        self.search_result.setObjectName("boardSearchResult")
        self.search_result.setWordWrap(True)
        finder = QHBoxLayout()
        finder.setContentsMargins(18, 0, 16, 4)
        finder.setSpacing(12)
        finder.addWidget(self.search, 2)
        finder.addWidget(self.only_matching)
        finder.addWidget(self.search_result, 1)
        self.matches: set[int] | None = None  # the board search's finds; None without a search

        self.canvas = QWidget()
        self.canvas.setObjectName("boardCanvas")
        self.canvas.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        # Wide columns: a piece needs some 190 px for a name, and a card fits two pieces side by side.
        self.flow = MasonryLayout(self.canvas, column_width=400)
        self.flow.setContentsMargins(16, 8, 16, 16)
        self.flow.placed = self._bring_into_view
        self.scroll = QScrollArea()
        self.scroll.setObjectName("boardScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.canvas)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _value: self._bring_into_view())
        self.empty = EmptyBoard()
        self.empty.new_button.clicked.connect(self.new_group)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.scroll)
        left = QWidget()
        left.setObjectName("boardArea")
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(0)
        left_box.addLayout(top)
        left_box.addLayout(finder)
        left_box.addWidget(self.pages, 1)

        # the box
        self.box = BoxPanel(load=load)
        self.tray = self.box.tray
        self.tray.contacts_dropped.connect(
            lambda ids, source: self._on_contacts_dropped(ids, source, None, False, None)
        )
        self.tray.drop_refused.connect(self._on_drop_refused)
        self.tray.doubleClicked.connect(
            lambda index: self.contact_open_requested.emit(self.box.model.contact_id(index.row()))
        )
        self.tray.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.box.model.modelReset.connect(self._update_summary)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("boardSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([900, 290])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        bus.changed.connect(self._on_changed)
        self.restore_settings()
        if load:
            self._sync(board_core.board_snapshot(), complete=True)  # the box read itself when it was made

    # -- wiring (set by the window) -------------------------------------------------------------------------------

    def use_actions(self, new_group: QAction, add_to_group: QAction, move_to_group: QAction, remove: QAction) -> None:
        self.new_group_action = new_group
        self.add_to_group_action = add_to_group
        self.move_to_group_action = move_to_group
        self.remove_from_group_action = remove
        move_to_group.triggered.connect(self.move_selected_chips)
        remove.triggered.connect(self.remove_selected_chips)
        new_group.triggered.connect(self.new_group)
        open_action = QAction(icons.icon("contact"), self.tr("Open contact"), self.tray)
        open_action.triggered.connect(self._open_tray_current)
        self.tray.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tray.addAction(add_to_group)
        self.tray.addAction(open_action)
        self._update_actions()

    def attach_navigation(self, navigation: QListWidget, board_row: Callable[[], int]) -> None:
        """Let drags from elsewhere (the contact table) open the board by resting on its navigation entry."""
        self.switcher = NavigationDropSwitcher(navigation, board_row, self)

    # -- reading the board ----------------------------------------------------------------------------------------

    def cards(self) -> list[GroupCard]:
        """The cards in board order."""
        return [w for w in self.flow.widgets() if isinstance(w, GroupCard)]

    def card(self, group_id: int) -> GroupCard | None:
        return self._cards.get(group_id)

    def _pieces(self, count: int) -> str:
        return counted(self, count, "1 person", "{n} people")

    def _name(self, group_id: int | None) -> str:
        card = self._cards.get(group_id) if group_id is not None else None
        return card.data.name if card else ""

    def reload(self) -> None:
        """Read every card again (after an import or a trash); redraws only the cards whose content changed."""
        self._sync(board_core.board_snapshot(), complete=True)
        self.box.reload()

    def _apply(self, card: GroupCard | None, data: board_core.GroupCard) -> GroupCard:
        if card is None:
            card = GroupCard(data, live=len(self._cards) < EAGER_CARDS)
            card.contacts_dropped.connect(self._on_contacts_dropped)
            card.group_dropped.connect(self._on_group_dropped)
            card.drop_refused.connect(self._on_drop_refused)
            card.menu_requested.connect(self._on_card_menu_requested)
            card.collapse_requested.connect(self.set_collapsed)
            card.chip_menu_requested.connect(self._on_chip_menu_requested)
            card.chip_activated.connect(self.contact_open_requested.emit)
            card.remove_requested.connect(self.remove_chips)
            card.selection_changed.connect(self._on_chip_selection_changed)
            self._cards[data.id] = card
            self.flow.insert_widget(self.flow.count(), card)
        else:
            card.set_data(data)
        members = {chip.contact_id for chip in data.members}
        before = self._members_of.get(data.id, set())
        for cid in before - members:
            self._unlink(cid, data.id)
        for cid in members - before:
            self._link(cid, data.id)
        self._members_of[data.id] = members
        return card

    def _link(self, contact_id: int, group_id: int) -> None:
        self._groups_of.setdefault(contact_id, set()).add(group_id)

    def _unlink(self, contact_id: int, group_id: int) -> None:
        groups = self._groups_of[contact_id]
        groups.discard(group_id)
        if not groups:
            del self._groups_of[contact_id]  # the keys are the people on the board

    def _bring_into_view(self) -> None:
        """Make the pieces of the cards in view, and of those half a screen below (the next scroll), before they
        are painted."""
        viewport = self.scroll.viewport().height()
        top = self.scroll.verticalScrollBar().value()
        for card in self._cards.values():
            pieces = card.pieces
            if pieces.live or card.isHidden() or card.collapsed:
                continue
            geometry = card.geometry()
            if geometry.bottom() >= top and geometry.top() <= top + viewport * 3 // 2:
                pieces.go_live()

    def _drop_card(self, group_id: int) -> None:
        card = self._cards.pop(group_id, None)
        if card is None:
            return
        for cid in self._members_of.pop(group_id, set()):
            self._unlink(cid, group_id)
        index = self.flow.indexOf(card)
        if index >= 0:
            self.flow.takeAt(index)
        card.hide()
        card.deleteLater()  # not at once: a drag that started on this card may still be running

    def _sync(self, cards: Sequence[board_core.GroupCard], complete: bool) -> None:
        """Bring the cards in line with *cards* (every card when *complete*), redrawing only what differs."""
        seen = set()
        for data in cards:
            seen.add(data.id)
            card = self._cards.get(data.id)
            if card is None or card.data != data:
                self._apply(card, data)
        if complete:
            for gid in [g for g in self._cards if g not in seen]:
                self._drop_card(gid)
            self.flow.set_order([self._cards[data.id] for data in cards])
        self.pages.setCurrentWidget(self.scroll if self._cards else self.empty)
        # The empty page has its own big button and nothing to sum up.
        self.summary.setVisible(bool(self._cards))
        self.new_button.setVisible(bool(self._cards))
        for widget in (self.search, self.only_matching, self.search_result):
            widget.setVisible(bool(self._cards))
        self._update_summary()
        if self.matches is not None:
            self.apply_search()  # a card came or changed while searching: ring its finds too

    def _refresh(self, group_ids: Sequence[int]) -> None:
        fetched = board_core.group_cards(group_ids)
        if any(gid not in self._cards for gid in fetched):
            self._sync(board_core.board_snapshot(), complete=True)  # a group appeared: find its place
            return
        for gid in group_ids:
            if gid not in fetched:
                self._drop_card(gid)
        self._sync([fetched[gid] for gid in group_ids if gid in fetched], complete=False)

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        """One change: read again the cards it concerns, and the box when its people may have come or gone —
        each once, whatever the change touched."""
        if changes.reload or changes.groups_added_or_removed:
            self.reload()
            return
        groups = set(changes.groups) | {g for cid in changes.contacts for g in self._groups_of.get(cid, ())}
        was_placed = {cid: cid in self._groups_of for cid in changes.contacts}
        if groups:
            self._refresh(sorted(groups))
        # The box holds the contacts on no card: it changes when one of them came onto the board or left it, or
        # when one it lists changed. A piece moved from one goal to another leaves it as it is (a drop's cost
        # was mostly the box read again for nothing).
        came_or_left = any((cid in self._groups_of) != was for cid, was in was_placed.items())
        if came_or_left or self.box.contains(sorted(changes.contacts | changes.interactions)):
            self.box.reload()

    def _update_summary(self) -> None:
        placed = len(self._groups_of)
        model = self.box.model
        in_box = board_core.count_unplaced() if model.show_everyone or model.search else model.total
        goals = len(self._cards)
        self.summary.setText(
            self.tr("{goals} · {placed} placed · {box} in the box").format(
                goals=counted(self, goals, "1 goal", "{n} goals"), placed=placed, box=in_box
            )
        )

    # -- the board search -----------------------------------------------------------------------------------------

    def find_person(self, text: str, only_matching: bool | None = None) -> None:
        """Search the board for *text* (as the search field would), optionally keeping only the goals with a find."""
        if only_matching is not None:
            self.only_matching.setChecked(only_matching)
        self.search.setText(text)

    def apply_search(self) -> None:
        """Ring the pieces (and cards) of the placed people the search finds; with "Only goals with a match",
        hide the other cards. One SQL statement, whatever the size of the board."""
        text = self.search.text().strip()
        before = self.matches
        # Whoever a card shows is placed and not in the trash: the index's finds are kept among them.
        self.matches = board_core.placed_matches(text, self._groups_of) if text else None
        hide_others = self.matches is not None and self.only_matching.isChecked()
        with_finds = 0
        first: GroupCard | None = None
        shown_or_hidden = False
        for card in self.cards():
            card.set_matches(self.matches)
            found = card.has_finds()
            with_finds += found
            if found and first is None:
                first = card
            visible = found or not hide_others
            if card.isVisibleTo(self.canvas) != visible:
                card.setVisible(visible)
                shown_or_hidden = True
        if self.matches is None:
            self.search_result.setText("")
        elif not self.matches:
            self.search_result.setText(self.tr("Nobody on the board matches “{text}”.").format(text=text))
        else:
            self.search_result.setText(
                self.tr("{who} found in {goals}.").format(
                    who=self._pieces(len(self.matches)),
                    goals=counted(self, with_finds, "1 goal", "{n} goals"),
                )
            )
        if shown_or_hidden:
            self.flow.invalidate()  # the other cards close up (a card whose pieces changed asks for itself)
        if first is not None and self.matches != before:
            # New finds: bring the first card that has one into view (after the layout placed it).
            group_id = first.group_id
            QTimer.singleShot(0, self, lambda: self._reveal(group_id))

    def _reveal(self, group_id: int) -> None:
        card = self._cards.get(group_id)
        if card is not None and card.isVisible():
            self.scroll.ensureWidgetVisible(card, 0, 16)

    # -- commands -------------------------------------------------------------------------------------------------

    def _push(self, command: QUndoCommand, done: str | Callable[[], str] = "") -> bool:
        """Push a command; say what it did (*done*, or a function of the command's result) or why it could not."""
        self.undo_stack.push(command)
        error = getattr(command, "error", None)
        if error:
            self.status_message.emit(error, 8000)
            return False
        if not getattr(command, "changed", True):
            return False
        text = done() if callable(done) else done
        if text:
            self.status_message.emit(text, 5000)
        return True

    def _on_contacts_dropped(
        self, ids: list[int], source: int | None, target: int | None, copy: bool, slot_id: int | None
    ) -> None:
        if not ids:
            return
        count = len(ids)
        if target is None and source is not None:
            self._push(
                RemoveFromGroupCommand(self.bus, ids, source, self._name(source)),
                self.tr("Took {who} out of “{group}”; back in the box unless in another goal.").format(
                    who=self._pieces(count), group=self._name(source)
                ),
            )
        elif target is not None and source == target:
            role = next((s.role for s in self._cards[target].data.slots if s.id == slot_id), "")
            self._push(AssignSlotCommand(self.bus, target, ids, slot_id, role))
        elif target is not None and (source is None or copy):
            place = PlaceContactsCommand(self.bus, ids, target, slot_id, self._name(target), copy=source is not None)
            self._push(
                place,
                lambda: self.tr("Placed {who} in “{group}”.").format(
                    who=self._pieces(len(place.added)), group=self._name(target)
                ),
            )
        elif target is not None and source is not None:
            self._push(
                MoveContactsCommand(self.bus, ids, source, target, slot_id, self._name(target)),
                self.tr("Moved {who} to “{group}”.").format(who=self._pieces(count), group=self._name(target)),
            )

    def _on_drop_refused(self, message: str) -> None:
        self.status_message.emit(message, 3000)

    def _on_group_dropped(self, dragged: int, onto: int) -> None:
        order = groups_core.group_order()
        if dragged not in order or onto not in order or dragged == onto:
            return
        self.reorder_group(dragged, order.index(onto))

    def reorder_group(self, group_id: int, to_position: int) -> bool:
        return self._push(ReorderGroupCommand(self.bus, group_id, to_position, self._name(group_id)))

    def set_collapsed(self, group_id: int, collapsed: bool) -> bool:
        """Fold or unfold a card: how the board looks, not a change to the network, so not a step to undo."""
        if groups_core.set_collapsed(group_id, collapsed) == collapsed:
            return False  # it already was
        self._refresh([group_id])
        return True

    def new_group(self) -> int | None:
        values = GroupDialog.ask(self)
        if values is None:
            return None
        command = CreateGroupCommand(
            self.bus,
            values.name,
            values.purpose,
            values.colour,
            [(s.role, s.needed) for s in values.slots],
            values.deadline,
        )
        done = self.tr("Created “{name}”. Drag people onto it from the box.").format(name=values.name)
        if self._push(command, done):
            return command.group_id
        return None

    def edit_group(self, group_id: int) -> bool:
        card = self._cards.get(group_id)
        if card is None:
            return False
        before = GroupValues.of_card(card.data)
        values = GroupDialog.ask(self, before, group_id)
        if values is None:
            return False
        fields = values.field_changes(before)
        slots = values.slot_changes(before)
        if not fields and not slots:
            return False
        return self._push(EditGroupCommand(self.bus, group_id, fields, slots, before.name))

    def delete_group(self, group_id: int) -> bool:
        name = self._name(group_id)
        return self._push(
            DeleteGroupCommand(self.bus, group_id, name),
            self.tr(
                "Deleted “{name}”; its people are back in the box unless in another goal. Edit ▸ Undo brings it back."
            ).format(name=name),
        )

    def fill_slot(self, group_id: int, contact_ids: Sequence[int], slot_id: int | None) -> bool:
        card = self._cards.get(group_id)
        if card is None:
            return False
        role = next((s.role for s in card.data.slots if s.id == slot_id), "")
        return self._push(AssignSlotCommand(self.bus, group_id, list(contact_ids), slot_id, role))

    def remove_chips(self, group_id: int, contact_ids: Sequence[int]) -> bool:
        ids = list(contact_ids)
        if not ids:
            return False
        return self._push(
            RemoveFromGroupCommand(self.bus, ids, group_id, self._name(group_id)),
            self.tr("Took {who} out of “{group}”. Edit ▸ Undo puts them back.").format(
                who=self._pieces(len(ids)), group=self._name(group_id)
            ),
        )

    def export_group(self, group_id: int, fmt: str, path: str | None = None) -> str | None:
        """Export a group's members (CSV, vCard or JSON): asks where unless *path* is given; returns the path."""
        name = self._name(group_id)
        if not name or fmt not in EXPORT_FORMATS:
            return None
        if path is None:
            spec = EXPORT_FORMATS[fmt]
            slug = re.sub(r"[^\w-]+", "-", name).strip("-").lower() or "goal-group"
            start = Path(str(self.settings.value("files/last_dir", str(Path.home()))))
            title = self.tr("Export “{name}”").format(name=name)
            suggested = str(start / f"{slug}{spec.suggested_suffix}")
            path, _ = QFileDialog.getSaveFileName(self, title, suggested, self.tr(spec.dialog_filter))
            if not path:
                return None
        self.export_requested.emit(str(path), fmt, name)
        return str(path)

    # -- keyboard path --------------------------------------------------------------------------------------------

    def selected_chips(self) -> tuple[int, list[int]] | None:
        """The card whose pieces are selected, and those pieces' contact ids."""
        for gid, card in self._cards.items():
            if card.selected:
                return gid, card.selected_ids()
        return None

    def _on_chip_selection_changed(self, group_id: int) -> None:
        for gid, card in self._cards.items():
            if gid != group_id:
                card.clear_selection()
        if self._cards.get(group_id) is not None and self._cards[group_id].selected:
            self.tray.clearSelection()
        self._update_actions()
        self.chip_selection_changed.emit()

    def _update_actions(self, force: bool = False) -> None:
        has_chips = (force or self.isVisible()) and self.selected_chips() is not None
        for action in (self.move_to_group_action, self.remove_from_group_action):
            if action is not None:
                action.setEnabled(has_chips)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_actions()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._update_actions()

    def ask_group(self, title: str, prompt: str, exclude: Sequence[int] = ()) -> Placement | None:
        """A group (and the role to fill there) from the picker; when there is none yet, offer to create one."""
        if not board_core.group_names():
            created = self.new_group()
            return Placement(created) if created is not None else None
        return GroupPicker.ask_place(self, title, prompt, exclude)

    def add_to_group(self, contact_ids: Sequence[int], source_group: int | None = None) -> bool:
        """The keyboard path of a drop: choose a group, place the contacts there (copy when from a card)."""
        ids = list(dict.fromkeys(contact_ids))
        if not ids:
            self.status_message.emit(self.tr("Select the people to place first."), 4000)
            return False
        exclude = [source_group] if source_group is not None else []
        prompt = self.tr("Place {who} in which goal group?").format(who=self._pieces(len(ids)))
        chosen = self.ask_group(self.tr("Add to group"), prompt, exclude)
        if chosen is None:
            return False
        target, slot_id = chosen
        if groups_core.placement_effect(ids, target).is_noop:
            self.status_message.emit(self.tr("Already in this group."), 4000)
            return False
        place = PlaceContactsCommand(
            self.bus, ids, target, slot_id, self._name(target), copy=source_group is not None
        )
        return self._push(
            place,
            lambda: self.tr("Placed {who} in “{group}”.").format(
                who=self._pieces(len(place.added)), group=self._name(target)
            ),
        )

    def add_current_to_group(self) -> bool:
        """Ctrl+G on the board: the focused piece(s) on a card, else the people selected in the box."""
        focus = QApplication.focusWidget()
        chips = self.selected_chips()
        if isinstance(focus, MemberChip) and chips is not None:
            return self.add_to_group(chips[1], chips[0])
        box_ids = self.tray.selected_ids()
        if box_ids:
            return self.add_to_group(box_ids)
        if chips is not None:
            return self.add_to_group(chips[1], chips[0])
        return self.add_to_group([])

    def move_selected_chips(self) -> bool:
        chips = self.selected_chips()
        if chips is None:
            return False
        source, ids = chips
        chosen = self.ask_group(
            self.tr("Move to group"),
            self.tr("Move {who} from “{group}” to which goal group?").format(
                who=self._pieces(len(ids)), group=self._name(source)
            ),
            [source],
        )
        if chosen is None or chosen.group_id == source:
            return False
        target = chosen.group_id
        return self._push(
            MoveContactsCommand(self.bus, ids, source, target, chosen.slot_id, self._name(target)),
            self.tr("Moved {who} to “{group}”.").format(who=self._pieces(len(ids)), group=self._name(target)),
        )

    def remove_selected_chips(self) -> bool:
        chips = self.selected_chips()
        return self.remove_chips(*chips) if chips is not None else False

    def _open_tray_current(self) -> None:
        index = self.tray.currentIndex()
        if index.isValid():
            self.contact_open_requested.emit(self.box.model.contact_id(index.row()))

    # -- menus ----------------------------------------------------------------------------------------------------

    def build_card_menu(self, group_id: int) -> QMenu:
        card = self._cards[group_id]
        menu = QMenu(self)
        menu.setObjectName("cardMenu")
        menu.addAction(icons.icon("add"), self.tr("New goal group…"), self.new_group)
        menu.addAction(self.tr("Edit…"), lambda: self.edit_group(group_id)).setObjectName("editGroup")
        collapse = menu.addAction(
            self.tr("Expand") if card.collapsed else self.tr("Collapse"),
            lambda: self.set_collapsed(group_id, not card.collapsed),
        )
        collapse.setObjectName("collapseGroup")
        export = menu.addMenu(icons.icon("export"), self.tr("Export this group"))
        export.setObjectName("exportGroup")
        for fmt, spec in EXPORT_FORMATS.items():
            text = spec.menu_text or f"{spec.title}…"  # as File ▸ Export says it
            action = export.addAction(self.tr(text), lambda fmt=fmt: self.export_group(group_id, fmt))
            action.setObjectName(f"export_{fmt}")
        menu.addSeparator()
        delete = menu.addAction(icons.icon("delete"), self.tr("Delete goal group"), lambda: self.delete_group(group_id))
        delete.setObjectName("deleteGroup")
        return menu

    def _on_card_menu_requested(self, group_id: int, pos: QPoint) -> None:
        if group_id in self._cards:
            menu = self.build_card_menu(group_id)
            menu.exec(pos)
            menu.deleteLater()

    def build_chip_menu(self, group_id: int, contact_id: int) -> QMenu:
        card = self._cards[group_id]
        if contact_id not in card.selected:
            card.select_ids([contact_id])  # the menu's actions act on the selected pieces: this one
        self._update_actions(force=True)
        menu = QMenu(self)
        menu.setObjectName("chipMenu")
        menu.addAction(
            icons.icon("contact"), self.tr("Open contact"), lambda: self.contact_open_requested.emit(contact_id)
        )
        menu.addSeparator()
        if self.move_to_group_action is not None:
            menu.addAction(self.move_to_group_action)
        add = menu.addAction(icons.icon("add"), self.tr("Add to another group…"))
        add.triggered.connect(lambda: self.add_to_group(card.selected_ids() or [contact_id], group_id))
        if card.data.slots:
            ids = card.selected_ids() or [contact_id]
            current = {chip.contact_id: chip.slot_id for chip in card.data.members}
            fill = menu.addMenu(self.tr("Fill slot"))
            fill.setObjectName("fillSlotMenu")
            for slot in card.data.slots:
                action = fill.addAction(
                    colour_swatch(card.colour) if all(current.get(i) == slot.id for i in ids) else icons.icon("puzzle"),
                    self.tr("{role} ({filled} of {needed})").format(
                        role=slot.role, filled=slot.filled, needed=slot.needed
                    ),
                    lambda sid=slot.id: self.fill_slot(group_id, ids, sid),
                )
                action.setData(slot.id)
                action.setCheckable(True)
                action.setChecked(all(current.get(i) == slot.id for i in ids))
            fill.addSeparator()
            none = fill.addAction(self.tr("No slot"), lambda: self.fill_slot(group_id, ids, None))
            none.setData(None)
            none.setCheckable(True)
            none.setChecked(all(current.get(i) is None for i in ids))
        menu.addSeparator()
        if self.remove_from_group_action is not None:
            menu.addAction(self.remove_from_group_action)
        return menu

    def _on_chip_menu_requested(self, group_id: int, contact_id: int, pos: QPoint) -> None:
        if group_id in self._cards:
            menu = self.build_chip_menu(group_id, contact_id)
            menu.exec(pos)
            menu.deleteLater()

    # -- settings, palette ----------------------------------------------------------------------------------------

    def restore_settings(self) -> None:
        state = self.settings.value("board/splitter")
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.splitter.restoreState(state)

    def save_settings(self) -> None:
        self.settings.setValue("board/splitter", self.splitter.saveState())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # On the board, Delete takes a focused piece out of its group (MemberChip.keyPressEvent) and does
            # nothing elsewhere: it must never reach the window's "Move to trash", which acts on the table.
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not event.modifiers():
                event.accept()
                return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            forget_pictures()
            QTimer.singleShot(0, self, self._refresh_icons)
        super().changeEvent(event)

    def _refresh_icons(self) -> None:
        self.new_button.setIcon(icons.icon("add"))
        self.box.search_icon.setIcon(icons.icon("find"))
        self.search_icon.setIcon(icons.icon("find"))

    def sizeHint(self) -> QSize:
        return QSize(1100, 700)
