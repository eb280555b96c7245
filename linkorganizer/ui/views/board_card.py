"""One goal group's card on the board: colour, name, purpose, progress, the slots with their gaps, the pieces.

The pieces are cheap: a :class:`MemberChip` is a bare QWidget that paints itself (no child labels or layouts),
laid out by hand, and a card shows at most :data:`CHIP_LIMIT` of them until "+N more" is pressed. Widgets are
reused when a card is redrawn, so a drop costs a few repaints, not a rebuild; a piece's picture is kept, so most
repaints are copies. A card whose pieces were never on screen has no widgets for them yet (its height comes from
its sections): they are made when it comes into view or when anything asks for them.

The card is a drop target that never touches the database beyond reading what a drop would do
(:func:`~linkorganizer.core.groups.placement_effect`): it emits :attr:`GroupCard.contacts_dropped` or
:attr:`GroupCard.group_dropped` and the board turns them into undoable commands.
"""

from __future__ import annotations

import html
import math
from collections import OrderedDict, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QDrag,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import board as board_core
from linkorganizer.core import contacts as contacts_core
from linkorganizer.core import groups as groups_core
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.ui import icons, mime
from linkorganizer.ui.localtime import format_day, utc_today

CHIP_HEIGHT = 40
CHIP_GAP = 6
SLOT_ROW_HEIGHT = 26
MORE_HEIGHT = 28
SECTION_GAP = 8
CHIP_MIN_WIDTH = 190  # narrower, and a name like "Ana Beatriz Souza" would be cut: one column fewer
STAGE_TEXT_WIDTH = 230  # from this chip width on, the stage is written beside the name, not only drawn
CHIP_LIMIT = 30  # pieces a card shows before "+N more"
GAPS_SHOWN = 3  # empty places drawn per slot; the slot row counts the rest
CARD_RADIUS = 8
REFUSAL_MS = 3000  # a refused drop's outline goes after this long without news of the drag (a safety net)
STRIP = 5  # the colour strip along the top of a card

_stage_pixmaps: dict[tuple[str, float], QPixmap] = {}
_CHIP_ROLES = (
    QPalette.ColorRole.Highlight,
    QPalette.ColorRole.Base,
    QPalette.ColorRole.Window,
    QPalette.ColorRole.Midlight,
    QPalette.ColorRole.Text,
    QPalette.ColorRole.PlaceholderText,
)


class _Pictures:
    """Pieces as drawn, by everything their look depends on, the least recently used dropped past a budget.

    A drop shifts the pieces of the two cards it touched by one place, and a search rings a few: each piece then
    shows what another widget (or itself) showed a moment ago, so most repaints are a copy, not a drawing."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget = budget_bytes
        self.used = 0
        self.pictures: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()

    def get(self, key: tuple[object, ...]) -> QPixmap | None:
        picture = self.pictures.get(key)
        if picture is not None:
            self.pictures.move_to_end(key)
        return picture

    def clear(self) -> None:
        self.pictures.clear()
        self.used = 0

    def put(self, key: tuple[object, ...], picture: QPixmap) -> None:
        self.pictures[key] = picture
        self.used += picture.width() * picture.height() * 4
        while self.used > self.budget and len(self.pictures) > 1:
            _, old = self.pictures.popitem(last=False)
            self.used -= old.width() * old.height() * 4


_chip_pictures = _Pictures(12 * 1024 * 1024)  # some 300 pieces at 1×: a few screens of them


def forget_pictures() -> None:
    """Drop the kept pictures of pieces (after a change of theme none of them is shown again)."""
    _chip_pictures.clear()


def stage_pixmap(stage: str, ratio: float) -> QPixmap:
    """The stage icon at 16 px, drawn once per stage and screen ratio (chips paint it, they do not own it)."""
    key = (stage, ratio)
    found = _stage_pixmaps.get(key)
    if found is None:
        found = icons.stage_icon(stage).pixmap(QSize(16, 16), ratio)
        _stage_pixmaps[key] = found
    return found


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """*a* moved *amount* (0..1) of the way towards *b*."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def counted(owner: QObject, count: int, one: str, many: str) -> str:
    """"1 piece" / "3 pieces": both forms through tr(), so a translation can say them its own way."""
    return owner.tr(one) if count == 1 else owner.tr(many).format(n=count)


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(word) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


_HEAD_ENDS = {"at", "in", "for", "from", "with", "of", "on", "to", "who", "that"}


def role_phrase(role: str, count: int) -> str:
    """"1 hiring manager at a fintech", "2 recruiters", "2 podcasts or newsletters" (English only; a role the
    rules cannot read is shown as written)."""
    words = role.split()
    if not words:
        return str(count)
    if len(words[0]) > 1 and not words[0][:2].isupper():
        words[0] = words[0][0].lower() + words[0][1:]
    if count != 1:
        # The head noun is the word before "at", "for", … (or the last word); "podcast or newsletter" has two.
        end = next((i for i, w in enumerate(words) if i and w.lower() in _HEAD_ENDS), len(words))
        heads = {end - 1} | {i - 1 for i in range(1, end) if words[i].lower() == "or"}
        for i in sorted(heads):
            if i >= 0 and words[i].lower() != "or":
                words[i] = _plural_word(words[i])
    return f"{count} {' '.join(words)}"


def chip_subtitle(chip: board_core.Chip) -> str:
    """The line under a piece's name: "Head of Talent · Northwind", or whichever of the two is known."""
    return " · ".join(part for part in (chip.position, chip.company) if part)


class SlotTarget(NamedTuple):
    """Where on a card a drop lands: a slot row (``slot_id``, None for "Other pieces") or the card as a whole."""

    explicit: bool
    slot_id: int | None = None


ANYWHERE = SlotTarget(False, None)


# ---------------------------------------------------------------------------------------------------- pieces


class MemberChip(QWidget):
    """A piece on a card: stage icon, name, company. Focusable; drag to move (Ctrl: copy); Delete removes."""

    def __init__(self, card: GroupCard, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("memberChip")
        self.card = card
        self.chip: board_core.Chip | None = None
        self._press: QPoint | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)

    def set_chip(self, chip: board_core.Chip) -> None:
        if chip != self.chip:
            self.chip = chip
            self.setAccessibleName(chip.name)
            self.setAccessibleDescription(
                " · ".join(p for p in (chip_subtitle(chip), self.tr(STAGE_LABELS.get(chip.stage, chip.stage))) if p)
            )
            self.update()

    @property
    def contact_id(self) -> int:
        return self.chip.contact_id if self.chip else 0

    def is_selected(self) -> bool:
        return self.chip is not None and self.chip.contact_id in self.card.selected

    # -- painting -----------------------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        chip = self.chip
        if chip is None:
            return
        pal = self.palette()
        selected, focused, hovered = self.is_selected(), self.hasFocus(), self.underMouse()
        matched = self.card.matches is not None and chip.contact_id in self.card.matches
        backdrop = self.card.backdrop()
        ratio = self.devicePixelRatioF()
        colours = tuple(pal.color(role).rgba() for role in _CHIP_ROLES)
        key = (chip, self.width(), self.height(), ratio, selected, focused, hovered, backdrop.rgba(), colours,
               self.font().key(), self.tr(STAGE_LABELS.get(chip.stage, chip.stage)))
        picture = _chip_pictures.get(key)
        if picture is None:
            picture = QPixmap(math.ceil(self.width() * ratio), math.ceil(self.height() * ratio))
            picture.setDevicePixelRatio(ratio)
            picture.fill(backdrop)  # opaque, so text is smoothed as it is on the card
            painter = QPainter(picture)
            painter.setFont(self.font())
            self._draw(painter, chip, selected, focused, hovered)
            painter.end()
            _chip_pictures.put(key, picture)
        painter = QPainter(self)
        painter.drawPixmap(0, 0, picture)
        if matched:
            # A board search found this person: a ring in the highlight colour over whatever else is drawn (not
            # part of the kept picture, so a search that comes and goes repaints the pieces by copies).
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Highlight), 2.4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(1.2, 1.2, -1.2, -1.2), 6, 6)
        painter.end()

    def _draw(self, painter: QPainter, chip: board_core.Chip, selected: bool, focused: bool, hovered: bool) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        highlight = pal.color(QPalette.ColorRole.Highlight)
        base = pal.color(QPalette.ColorRole.Base)
        window = pal.color(QPalette.ColorRole.Window)
        if selected:
            background = mix(base, highlight, 0.16)
        elif hovered:
            background = mix(window, highlight, 0.06)
        else:
            background = window
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        if selected or focused:
            painter.setPen(QPen(highlight, 1.6))
        else:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Midlight), 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 6, 6)
        if focused:
            painter.setPen(QPen(mix(highlight, base, 0.5), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(2.5, 2.5, -2.5, -2.5), 4, 4)

        height = self.height()
        painter.drawPixmap(QPoint(9, (height - 16) // 2), stage_pixmap(chip.stage, self.devicePixelRatioF()))
        left, right = 31, 8
        text_width = max(0, self.width() - left - right)
        name_font = QFont(self.font())
        name_font.setWeight(QFont.Weight.DemiBold)
        small_font = QFont(self.font())
        small_font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.88))
        second = chip_subtitle(chip) or (chip.role if chip.slot_id is None else "")
        name_width = text_width
        if self.width() >= STAGE_TEXT_WIDTH:
            stage_text = self.tr(STAGE_LABELS.get(chip.stage, chip.stage))
            painter.setFont(small_font)
            stage_metrics = painter.fontMetrics()
            stage_width = stage_metrics.horizontalAdvance(stage_text)
            if stage_width < text_width // 3:
                painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
                line = QFontMetrics(name_font).height()
                top = (height // 2 - line + 1) if second else (height - line) // 2
                painter.drawText(
                    QRect(left + text_width - stage_width, top, stage_width, line),
                    Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    stage_text,
                )
                name_width = text_width - stage_width - 8
        painter.setPen(pal.color(QPalette.ColorRole.Text))
        painter.setFont(name_font)
        name_metrics = painter.fontMetrics()
        name = name_metrics.elidedText(chip.name, Qt.TextElideMode.ElideRight, name_width)
        if not second:
            painter.drawText(
                QRect(left, 0, name_width, height), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, name
            )
            return
        line = name_metrics.height()
        painter.drawText(QRect(left, height // 2 - line + 1, name_width, line), Qt.AlignmentFlag.AlignLeft, name)
        painter.setFont(small_font)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        small_metrics = painter.fontMetrics()
        company = small_metrics.elidedText(second, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(
            QRect(left, height // 2 + 1, text_width, small_metrics.height()), Qt.AlignmentFlag.AlignLeft, company
        )

    # -- input --------------------------------------------------------------------------------------------------

    # No event() override here: it would run Python for every event of every chip (measured: half the time of
    # building a 50-card board). Tooltips reach GroupCard.event instead, the Delete key's override BoardView.event.

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.card.chip_pressed(self, event.modifiers())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if (event.position().toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance():
                press, self._press = self._press, None
                self.card.start_chip_drag(self, press)
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.button() == Qt.MouseButton.LeftButton:
            self._press = None
            self.card.chip_clicked(self, event.modifiers())
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.chip is not None:
            self._press = None
            self.card.chip_activated.emit(self.chip.contact_id)
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.chip is None:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.card.remove_chips(self)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.card.chip_activated.emit(self.chip.contact_id)
        elif key == Qt.Key.Key_Space:
            self.card.toggle_chip(self)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.card.focus_neighbour(self, key, event.modifiers())
        elif key == Qt.Key.Key_A and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.card.select_all()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        if self.chip is not None:
            if not self.is_selected():
                self.card.select_only(self)
            self.card.chip_menu_requested.emit(self.card.group_id, self.chip.contact_id, event.globalPos())
            event.accept()

    def focusInEvent(self, event: QFocusEvent) -> None:
        reason = event.reason()
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.card.select_only(self)
        elif reason not in (Qt.FocusReason.MouseFocusReason, Qt.FocusReason.PopupFocusReason):
            if not self.card.selected:
                self.card.select_only(self)  # focus from the keyboard path or a redraw: act on the focused piece
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class GapChip(QWidget):
    """An empty place in the picture: a slot still short of a piece (a drop target for that slot)."""

    def __init__(self, card: GroupCard, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("missingPiece")
        self.card = card
        self.target = ANYWHERE
        self.text = ""

    def set_gap(self, target: SlotTarget, text: str) -> None:
        self.target = target
        self.text = text
        self.setAccessibleName(text)
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        hot = self.card.hot_target == self.target and self.card.drop_state == "accept"
        colour = QColor(self.card.colour)
        pen = QPen(colour if hot else mix(colour, pal.color(QPalette.ColorRole.Base), 0.35), 1.3, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(mix(pal.color(QPalette.ColorRole.Base), colour, 0.16 if hot else 0.05))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), 6, 6)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        text = painter.fontMetrics().elidedText(self.text, Qt.TextElideMode.ElideRight, max(0, self.width() - 20))
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        painter.drawText(self.rect().adjusted(10, 0, -10, 0), align, text)


class SlotRow(QWidget):
    """A slot's heading on a card ("Recruiter  1 / 2"); drop a piece of this card here to let it fill the slot."""

    def __init__(self, card: GroupCard, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("slotRow")
        self.card = card
        self.target = ANYWHERE
        self.role = ""
        self.filled = 0
        self.needed = 0

    def set_slot(self, target: SlotTarget, role: str, filled: int, needed: int) -> None:
        self.target = target
        self.role, self.filled, self.needed = role, filled, needed
        if target.slot_id is None:
            self.setAccessibleName(self.tr("Other pieces: {n}").format(n=filled))
        else:
            self.setAccessibleName(
                self.tr("{role}: {filled} of {needed}").format(role=role, filled=filled, needed=needed)
            )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        rect = self.rect()
        hot = self.card.hot_target == self.target and self.card.drop_state == "accept"
        if hot:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(mix(pal.color(QPalette.ColorRole.Base), QColor(self.card.colour), 0.22))
            painter.drawRoundedRect(QRectF(rect).adjusted(0, 1, 0, -1), 5, 5)
        font = QFont(self.font())
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.92))
        painter.setFont(font)
        metrics = painter.fontMetrics()
        if self.target.slot_id is None:
            badge = str(self.filled)
            badge_colour = pal.color(QPalette.ColorRole.PlaceholderText)
        else:
            badge = f"{self.filled} / {self.needed}"
            dark = pal.color(QPalette.ColorRole.Base).lightness() < 128
            if self.filled < self.needed:
                badge_colour = QColor("#E0A84A" if dark else "#B7791F")
            else:
                badge_colour = QColor("#68C08E" if dark else "#2F855A")
                if self.filled == self.needed:
                    badge += "  ✓"
        badge_width = metrics.horizontalAdvance(badge) + 14
        badge_rect = QRect(rect.right() - badge_width - 2, (rect.height() - 18) // 2, badge_width, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(mix(pal.color(QPalette.ColorRole.Base), badge_colour, 0.14))
        painter.drawRoundedRect(QRectF(badge_rect), 9, 9)
        painter.setPen(badge_colour)
        painter.drawText(badge_rect, Qt.AlignmentFlag.AlignCenter, badge)
        painter.setPen(pal.color(QPalette.ColorRole.Text) if self.target.slot_id is not None
                       else pal.color(QPalette.ColorRole.PlaceholderText))
        text_rect = QRect(4, 0, max(0, badge_rect.left() - 10), rect.height())
        painter.drawText(
            text_rect,
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(self.role, Qt.TextElideMode.ElideRight, text_rect.width()),
        )


@dataclass
class _Section:
    header: tuple[SlotTarget, str, int, int] | None  # target, role, filled, needed
    chips: list[board_core.Chip] = field(default_factory=list)
    gaps: list[tuple[SlotTarget, str]] = field(default_factory=list)


class PiecesArea(QWidget):
    """The lower part of a card: slot rows, chips in a grid, empty places, "+N more". Laid out by hand."""

    def __init__(self, card: GroupCard, live: bool = True) -> None:
        super().__init__(card)
        self.setObjectName("cardPieces")
        self.card = card
        # Without widgets until the card is first on screen: a card's height is worked out from its sections,
        # so a board of fifty cards makes the pieces of the few it shows (a piece is a widget; 1 500 of them were
        # half the time of opening a large board).
        self.live = live
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.rows: list[SlotRow] = []
        self.chips: list[MemberChip] = []
        self.gaps: list[GapChip] = []
        self.sections: list[_Section] = []
        self.hidden_count = 0
        self.more = QPushButton(self)
        self.more.setObjectName("moreButton")
        self.more.setFlat(True)
        self.more.setCursor(Qt.CursorShape.PointingHandCursor)
        self.more.clicked.connect(card.toggle_expanded)
        self.more.hide()
        self._used = (0, 0, 0)
        self._shape: tuple[object, ...] | None = None
        self._heights: dict[int, int] = {}  # width → height, until the pieces take another shape

    def set_sections(self, sections: list[_Section], hidden: int, expanded: bool) -> None:
        self.sections = sections
        self.hidden_count = hidden
        if hidden or expanded and sum(len(s.chips) for s in sections) > CHIP_LIMIT:
            self.more.setText(
                self.tr("+{n} more").format(n=hidden) if hidden else self.tr("Show fewer")
            )
            self.more.setAccessibleName(self.more.text())
            self.more.show()
        else:
            self.more.hide()
        # The card (and the board's columns) are laid out again only when the pieces take another height: the
        # same pieces redrawn, or others in the same places (a board search), leave the board where it is.
        shape = (tuple((s.header is not None, len(s.chips) + len(s.gaps)) for s in sections), self.more.isVisibleTo(self))
        if shape != self._shape:
            self._shape = shape
            self._heights.clear()
            self.updateGeometry()
        if self.live:
            self._place_widgets()

    def go_live(self) -> None:
        """Make the widgets of the pieces (once: the card is on screen, or something asks for its pieces)."""
        if not self.live:
            self.live = True
            if self.card.pieces_stale:
                self.card._fill_pieces()  # places the widgets
            else:
                self._place_widgets()

    def _place_widgets(self) -> None:
        sections = self.sections
        need_rows = sum(1 for s in sections if s.header is not None)
        need_chips = sum(len(s.chips) for s in sections)
        need_gaps = sum(len(s.gaps) for s in sections)
        focused = QApplication.focusWidget()
        focus_index = self.chips.index(focused) if isinstance(focused, MemberChip) and focused in self.chips else None
        self._grow(self.rows, need_rows, SlotRow)
        self._grow(self.chips, need_chips, MemberChip)
        self._grow(self.gaps, need_gaps, GapChip)
        r = c = g = 0
        for section in sections:
            if section.header is not None:
                target, role, filled, needed = section.header
                self.rows[r].set_slot(target, role, filled, needed)
                r += 1
            for chip in section.chips:
                self.chips[c].set_chip(chip)
                c += 1
            for target, text in section.gaps:
                self.gaps[g].set_gap(target, text)
                g += 1
        if focus_index is not None and focus_index >= need_chips and need_chips:
            self.chips[need_chips - 1].setFocus(Qt.FocusReason.OtherFocusReason)
        self._show(self.rows, need_rows)
        self._show(self.chips, need_chips)
        self._show(self.gaps, need_gaps)
        self._used = (need_rows, need_chips, need_gaps)
        self._arrange(self.width(), apply=True)

    def _grow(self, pool: list, count: int, kind: type) -> None:
        while len(pool) < count:
            widget = kind(self.card, self)
            if kind is MemberChip:
                # Tab goes through a card's pieces after its own buttons, however late the pieces were made.
                QWidget.setTabOrder(pool[-1] if pool else self.more, widget)
            pool.append(widget)

    @staticmethod
    def _show(pool: list, count: int) -> None:
        for i, widget in enumerate(pool):
            visible = i < count
            if widget.isVisibleTo(widget.parentWidget()) != visible:
                widget.setVisible(visible)
        # Keep a few spare widgets for the next redraw; let the rest go (after a "+N more" was folded again).
        spare = count + 8
        while len(pool) > max(spare, CHIP_LIMIT + 8):
            pool.pop().deleteLater()

    def visible_chips(self) -> list[MemberChip]:
        """The pieces the card shows, as widgets (made now if the card has not been on screen yet)."""
        self.go_live()
        return self.chips[: self._used[1]]

    def live_chips(self) -> list[MemberChip]:
        """The pieces' widgets that exist: what a repaint of the card's pieces concerns."""
        return self.chips[: self._used[1]]

    def columns(self, width: int | None = None) -> int:
        """As many columns as leave each piece room for a name (up to three)."""
        width = self.width() if width is None else width
        return max(1, min(3, (width + CHIP_GAP) // (CHIP_MIN_WIDTH + CHIP_GAP)))

    def _arrange(self, width: int, apply: bool) -> int:
        place = apply and self.live
        columns = self.columns(width)
        chip_width = max(1, (width - (columns - 1) * CHIP_GAP) // columns)
        y = 0
        r = c = g = 0
        for index, section in enumerate(self.sections):
            if index:
                y += SECTION_GAP
            if section.header is not None:
                if place:
                    self.rows[r].setGeometry(0, y, width, SLOT_ROW_HEIGHT)
                r += 1
                y += SLOT_ROW_HEIGHT + 4
            items: list[QWidget] = []
            if place:
                items = self.chips[c : c + len(section.chips)] + self.gaps[g : g + len(section.gaps)]
            count = len(section.chips) + len(section.gaps)
            c += len(section.chips)
            g += len(section.gaps)
            for i, widget in enumerate(items):
                row, column = divmod(i, columns)
                widget.setGeometry(
                    column * (chip_width + CHIP_GAP), y + row * (CHIP_HEIGHT + CHIP_GAP), chip_width, CHIP_HEIGHT
                )
            rows = (count + columns - 1) // columns
            if rows:
                y += rows * (CHIP_HEIGHT + CHIP_GAP) - CHIP_GAP
        if self.more.isVisibleTo(self):
            y += 4
            if apply:
                self.more.setGeometry(0, y, width, MORE_HEIGHT)
            y += MORE_HEIGHT
        return y

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        # Asked many times per layout pass of the board (each card, for each width the scroll area tries).
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._arrange(width, apply=False)
        return height

    def sizeHint(self) -> QSize:
        return QSize(300, self.heightForWidth(300))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width(), apply=True)

    def target_at(self, pos: QPoint) -> SlotTarget:
        """The slot under *pos* (in this widget's coordinates): a slot row or an empty place of it."""
        self.go_live()
        child = self.childAt(pos)
        if isinstance(child, (SlotRow, GapChip)):
            return child.target
        return ANYWHERE


# ------------------------------------------------------------------------------------------------------ card


class CardHeader(QWidget):
    """Name, collapse and menu buttons; dragging the header moves the card on the board."""

    def __init__(self, card: GroupCard) -> None:
        super().__init__(card)
        self.setObjectName("cardHeader")
        self.card = card
        self._press: QPoint | None = None
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.name = QLabel()
        self.name.setObjectName("cardName")
        self.name.setWordWrap(True)
        self.name.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.name, 1, Qt.AlignmentFlag.AlignTop)
        self.collapse = QToolButton()
        self.collapse.setObjectName("collapseButton")
        self.collapse.setAutoRaise(True)
        self.collapse.setCursor(Qt.CursorShape.ArrowCursor)
        self.collapse.clicked.connect(lambda: card.collapse_requested.emit(card.group_id, not card.collapsed))
        layout.addWidget(self.collapse, 0, Qt.AlignmentFlag.AlignTop)
        self.menu = QToolButton()
        self.menu.setObjectName("cardMenuButton")
        self.menu.setAutoRaise(True)
        self.menu.setText("⋯")
        self.menu.setCursor(Qt.CursorShape.ArrowCursor)
        self.menu.setToolTip(self.tr("Goal group menu"))
        self.menu.setAccessibleName(self.tr("Goal group menu"))
        self.menu.clicked.connect(
            lambda: card.menu_requested.emit(card.group_id, self.menu.mapToGlobal(QPoint(0, self.menu.height())))
        )
        layout.addWidget(self.menu, 0, Qt.AlignmentFlag.AlignTop)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            if (event.position().toPoint() - self._press).manhattanLength() >= QApplication.startDragDistance():
                press, self._press = self._press, None
                self.card.start_group_drag(press + self.pos())
                return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.card.collapse_requested.emit(self.card.group_id, not self.card.collapsed)
        event.accept()


class CardProgress(QWidget):
    """Filled / needed as a bar in the group's colour; the member count when the group has no slots."""

    def __init__(self, card: GroupCard) -> None:
        super().__init__(card)
        self.setObjectName("cardProgress")
        self.card = card
        self.progress: board_core.Progress | None = None
        self.setFixedHeight(18)

    def set_progress(self, progress: board_core.Progress) -> None:
        self.progress = progress
        if progress.has_slots:
            self.setAccessibleName(
                self.tr("{filled} of {needed} pieces in place").format(filled=progress.filled, needed=progress.needed)
            )
        else:
            self.setAccessibleName(counted(self, progress.members, "1 piece", "{n} pieces"))
        self.update()

    def text(self) -> str:
        p = self.progress
        if p is None:
            return ""
        if p.has_slots:
            return self.tr("{filled} of {needed}").format(filled=p.filled, needed=p.needed)
        return counted(self, p.members, "1 piece", "{n} pieces")

    def paintEvent(self, _event: QPaintEvent) -> None:
        p = self.progress
        if p is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = self.text()
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.9))
        painter.setFont(font)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        if not p.has_slots:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            return
        text_width = painter.fontMetrics().horizontalAdvance(text) + 2
        painter.drawText(
            QRect(self.width() - text_width, 0, text_width, self.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            text,
        )
        bar = QRectF(0, (self.height() - 6) / 2, max(10, self.width() - text_width - 10), 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.color(QPalette.ColorRole.Midlight))
        painter.drawRoundedRect(bar, 3, 3)
        fraction = p.fraction or 0.0
        if fraction > 0:
            filled = QRectF(bar.left(), bar.top(), max(6.0, bar.width() * min(1.0, fraction)), bar.height())
            painter.setBrush(QColor(self.card.colour))
            painter.drawRoundedRect(filled, 3, 3)


class GroupCard(QWidget):
    """A goal group on the board. Emits what the person did; the board turns it into commands."""

    # contact ids, source group id (None: the box or the table), target group id, copy (Ctrl), slot id or None
    contacts_dropped = Signal(list, object, int, bool, object)
    group_dropped = Signal(int, int)  # the card dragged, the card it was dropped on
    drop_refused = Signal(str)
    menu_requested = Signal(int, QPoint)
    collapse_requested = Signal(int, bool)
    chip_menu_requested = Signal(int, int, QPoint)  # group id, contact id, global position
    chip_activated = Signal(int)  # contact id: open it
    remove_requested = Signal(int, list)  # group id, contact ids (the Delete key on pieces)
    selection_changed = Signal(int)  # group id

    def __init__(self, data: board_core.GroupCard, parent: QWidget | None = None, live: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("groupCard")
        self.setAcceptDrops(True)
        self.setAttribute(Qt.WidgetAttribute.WA_Hover, False)
        self.data = data
        self.selected: set[int] = set()
        # The board search's finds among everyone (None: no search): their pieces and this card are ringed.
        self.matches: set[int] | None = None
        self.expanded = False
        self._member_ids: set[int] = set()
        self._shown: set[int] | None = None  # the members a folded card shows instead of its first ones
        self.pieces_stale = False  # the pieces to show changed while the card had no widgets for them
        self.drop_state = ""  # "", "accept", "refuse"
        self.hot_target: SlotTarget | None = None
        self._evaluation: tuple[object, ...] | None = None
        self._effect_cache: dict[tuple[object, ...], groups_core.Effect] = {}
        self._anchor: int | None = None
        # Should a drag end without a drop or a leave reaching the card, the red outline still goes by itself.
        self._refusal = QTimer(self)
        self._refusal.setSingleShot(True)
        self._refusal.setInterval(REFUSAL_MS)
        self._refusal.timeout.connect(lambda: self._set_drop_state("", None))
        self._refusal_message = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, STRIP + 10, 14, 12)
        layout.setSpacing(6)
        self.header = CardHeader(self)
        layout.addWidget(self.header)
        self.purpose = QLabel()
        self.purpose.setObjectName("cardPurpose")
        self.purpose.setWordWrap(True)
        layout.addWidget(self.purpose)
        self.deadline = QLabel()
        self.deadline.setObjectName("cardDeadline")
        self.deadline.setTextFormat(Qt.TextFormat.RichText)
        self._deadline = ("", "")
        layout.addWidget(self.deadline)
        self.progress = CardProgress(self)
        layout.addWidget(self.progress)
        self.missing = QLabel()
        self.missing.setObjectName("missingPieces")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.RichText)
        self._missing = ("", "")
        layout.addWidget(self.missing)
        self.pieces = PiecesArea(self, live)
        layout.addSpacing(2)
        layout.addWidget(self.pieces)
        self.set_data(data)

    # -- data ---------------------------------------------------------------------------------------------------

    @property
    def group_id(self) -> int:
        return self.data.id

    @property
    def colour(self) -> str:
        return self.data.colour

    @property
    def collapsed(self) -> bool:
        return self.data.collapsed

    def set_data(self, data: board_core.GroupCard) -> None:
        self.data = data
        self._effect_cache.clear()
        self.setAccessibleName(data.name)
        self.setAccessibleDescription(data.purpose)
        self.header.name.setText(data.name)
        self.header.collapse.setArrowType(Qt.ArrowType.RightArrow if data.collapsed else Qt.ArrowType.DownArrow)
        tip = self.tr("Expand") if data.collapsed else self.tr("Collapse")
        self.header.collapse.setToolTip(tip)
        self.header.collapse.setAccessibleName(tip)
        self.header.setToolTip(self.tr("Drag to move this goal on the board"))
        self.purpose.setText(data.purpose)
        self.purpose.setVisible(bool(data.purpose) and not data.collapsed)
        progress = data.progress
        self.progress.set_progress(progress)
        missing = data.missing
        if missing:
            text = self.tr("Still needed: {pieces}").format(
                pieces=" · ".join(role_phrase(piece.role, piece.missing) for piece in missing)
            )
            state = "missing"
        elif progress.has_slots:
            text, state = self.tr("Every piece is in place"), "complete"
        else:
            text, state = "", ""
        self._missing = (text, state)
        self._deadline = self.deadline_text(data, progress)
        self._colour_missing()
        self.deadline.setVisible(bool(self._deadline[0]))
        self.missing.setVisible(bool(text))
        members = {chip.contact_id for chip in data.members}
        self._member_ids = members
        self.selected &= members
        self.pieces.setVisible(not data.collapsed)
        if not data.collapsed:
            self._fill_pieces()
        self.update()

    def deadline_text(self, data: board_core.GroupCard, progress: board_core.Progress) -> tuple[str, str]:
        """"3 weeks left · by 5 Jan 2027", "Overdue · was due 5 Jan 2027" and how urgent it is ("", "soon",
        "overdue"); nothing for a goal without a deadline. A complete picture is never overdue."""
        status = board_core.deadline_status(data.deadline, utc_today())
        if status is None:
            return "", ""
        day = format_day(status.deadline)
        if progress.complete:
            return self.tr("Deadline {day}").format(day=day), ""
        if status.overdue:
            return self.tr("Overdue · was due {day}").format(day=day), "overdue"
        days = status.days_left
        if days == 0:
            left = self.tr("Due today")
        elif days == 1:
            left = self.tr("Due tomorrow")
        elif days < 14:
            left = self.tr("{n} days left").format(n=days)
        else:
            left = counted(self, status.weeks_left, "1 week left", "{n} weeks left")
        return self.tr("{left} · by {day}").format(left=left, day=day), "soon" if days < 7 else ""

    def _colour_missing(self) -> None:
        """Gaps in amber, a complete picture in green, readable on the light and the dark palette; the same for
        a deadline close (amber) or past (red).

        Said in rich text: a palette set on the label would not survive the application's style sheet.
        """
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        colours = {
            "missing": ("#975A16", "#E6B05C"),
            "complete": ("#276749", "#68C08E"),
            "soon": ("#975A16", "#E6B05C"),
            "overdue": ("#C53030", "#FC8181"),
        }
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        for label, (text, state) in ((self.missing, self._missing), (self.deadline, self._deadline)):
            colour = colours[state][dark] if state in colours else (muted if label is self.deadline else "")
            weight = ";font-weight:600" if state == "overdue" else ""
            if colour:
                label.setText(f'<span style="color:{colour}{weight}">{html.escape(text)}</span>')
            else:
                label.setText(html.escape(text))
            label.setAccessibleName(text)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._colour_missing()

    def _shown_ids(self) -> set[int] | None:
        """Which members a folded card shows when a board search has finds behind "+N more": the finds first (up
        to the limit), then the first others in card order. None: the usual first :data:`CHIP_LIMIT`.

        The finds come forward instead of the card unfolding: a search that finds someone on every card would
        otherwise lay out every member of every goal (5 000 pieces as widgets on a large board)."""
        members = self.data.members
        if self.expanded or not self.matches or len(members) <= CHIP_LIMIT:
            return None
        found = [chip.contact_id for chip in members if chip.contact_id in self.matches]
        first = {chip.contact_id for chip in members[:CHIP_LIMIT]}
        if all(cid in first for cid in found):
            return None  # nothing hidden: the finds are among the first pieces anyway
        chosen = set(found[:CHIP_LIMIT])
        for chip in members:
            if len(chosen) >= CHIP_LIMIT:
                break
            chosen.add(chip.contact_id)
        return chosen

    def _fill_pieces(self) -> None:
        self.pieces_stale = False
        data = self.data
        budget = None if self.expanded else CHIP_LIMIT
        chosen = self._shown_ids()
        self._shown = chosen
        shown = 0

        def take(chips: Sequence[board_core.Chip]) -> list[board_core.Chip]:
            nonlocal shown
            if budget is None:
                shown += len(chips)
                return list(chips)
            if chosen is not None:
                part = [chip for chip in chips if chip.contact_id in chosen]
            else:
                part = list(chips[: max(0, budget - shown)])
            shown += len(part)
            return part

        sections: list[_Section] = []
        if data.slots:
            by_slot: dict[int | None, list[board_core.Chip]] = defaultdict(list)
            for chip in data.members:
                by_slot[chip.slot_id].append(chip)
            for slot in data.slots:
                target = SlotTarget(True, slot.id)
                gaps = [(target, self.tr("+ {role}").format(role=slot.role))] * min(slot.missing, GAPS_SHOWN)
                sections.append(_Section((target, slot.role, slot.filled, slot.needed), take(by_slot[slot.id]), gaps))
            others = by_slot[None]
            if others:
                target = SlotTarget(True, None)
                sections.append(_Section((target, self.tr("Other pieces"), len(others), 0), take(others)))
        else:
            section = _Section(None, take(data.members))
            if not data.members:
                section.gaps.append((ANYWHERE, self.tr("Drop people here to start this picture")))
            sections.append(section)
        self.pieces.set_sections(sections, len(data.members) - shown, self.expanded)

    def toggle_expanded(self) -> None:
        self.expanded = not self.expanded
        self._fill_pieces()

    # -- the board search ---------------------------------------------------------------------------------------

    def matched_ids(self) -> list[int]:
        """The members the board search found, in card order."""
        return [] if self.matches is None else self._ordered(self.matches)

    def has_finds(self) -> bool:
        """Whether the board search found one of this card's members."""
        return bool(self.matches) and not self._member_ids.isdisjoint(self.matches)

    def set_matches(self, matches: set[int] | None) -> None:
        """Ring the pieces of the people a board search found (None: no search). Finds hidden behind "+N more"
        come forward among the pieces shown (see :meth:`_shown_ids`). Only the pieces whose ring comes or goes
        are repainted; the card is laid out again only when other pieces are to be shown."""
        before = self._member_ids & self.matches if self.matches else set()
        self.matches = matches
        after = self._member_ids & matches if matches else set()
        if before == after:
            return
        if not self.data.collapsed and (self._shown is not None or self._shown_ids() is not None):
            if self.pieces.live or self.data.slots:
                self._fill_pieces()
            else:
                # Without widgets and in one section, the pieces take the same room whoever they are: which
                # ones to show is worked out when the card comes into view.
                self.pieces_stale = True
        changed = before ^ after
        for chip in self.pieces.live_chips():
            if chip.contact_id in changed:
                chip.update()
        if bool(before) != bool(after):
            # The card's own ring, along its edge: the labels and pieces inside are not painted again.
            outline = QRegion(self.rect())
            self.update(outline.subtracted(QRegion(self.rect().adjusted(4, 4, -4, -4))))

    # -- painting -----------------------------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        rect = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        path = QPainterPath()
        path.addRoundedRect(rect, CARD_RADIUS, CARD_RADIUS)
        painter.fillPath(path, self.backdrop())
        painter.save()
        painter.setClipPath(path)
        painter.fillRect(QRectF(rect.left(), rect.top(), rect.width(), STRIP), QColor(self.colour))
        painter.restore()
        if self.drop_state == "accept":
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 2)
        elif self.drop_state == "refuse":
            pen = QPen(QColor("#C53030"), 2, Qt.PenStyle.DashLine)
        elif self.has_finds():
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 2.5)
        else:
            pen = QPen(pal.color(QPalette.ColorRole.Mid), 1)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, CARD_RADIUS, CARD_RADIUS)

    def backdrop(self) -> QColor:
        """The card's fill, behind its pieces (tinted while a drop here would be accepted)."""
        pal = self.palette()
        base = pal.color(QPalette.ColorRole.Base)
        if self.drop_state == "accept":
            return mix(base, pal.color(QPalette.ColorRole.Highlight), 0.06)
        return base

    # -- selection of pieces ------------------------------------------------------------------------------------

    def _ordered(self, ids: set[int]) -> list[int]:
        return [chip.contact_id for chip in self.data.members if chip.contact_id in ids]

    def selected_ids(self) -> list[int]:
        return self._ordered(self.selected)

    def _set_selection(self, ids: set[int]) -> None:
        if ids != self.selected:
            self.selected = ids
            for chip in self.pieces.live_chips():
                chip.update()
        self.selection_changed.emit(self.group_id)

    def clear_selection(self) -> None:
        if self.selected:
            self.selected = set()
            for chip in self.pieces.live_chips():
                chip.update()

    def select_ids(self, contact_ids: Sequence[int]) -> None:
        self._set_selection({cid for cid in contact_ids if cid in {c.contact_id for c in self.data.members}})

    def select_only(self, chip: MemberChip) -> None:
        self._anchor = chip.contact_id
        self._set_selection({chip.contact_id})

    def toggle_chip(self, chip: MemberChip) -> None:
        self._anchor = chip.contact_id
        self._set_selection(self.selected ^ {chip.contact_id})

    def select_all(self) -> None:
        self._set_selection({chip.contact_id for chip in self.data.members})

    def chip_pressed(self, chip: MemberChip, modifiers: Qt.KeyboardModifier) -> None:
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            self.toggle_chip(chip)
        elif modifiers & Qt.KeyboardModifier.ShiftModifier and self._anchor is not None:
            visible = [c.contact_id for c in self.pieces.visible_chips()]
            if self._anchor in visible:
                a, b = sorted((visible.index(self._anchor), visible.index(chip.contact_id)))
                self._set_selection(set(visible[a : b + 1]))
        elif not chip.is_selected():
            self.select_only(chip)

    def chip_clicked(self, chip: MemberChip, modifiers: Qt.KeyboardModifier) -> None:
        """A click without a drag on one of several selected pieces selects just that one."""
        plain = not modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        if plain and len(self.selected) > 1 and chip.is_selected():
            self.select_only(chip)

    def focus_neighbour(self, chip: MemberChip, key: int, modifiers: Qt.KeyboardModifier) -> None:
        visible = self.pieces.visible_chips()
        if chip not in visible:
            return
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(key, 0)
        if not step:
            step = self.pieces.columns() * (-1 if key == Qt.Key.Key_Up else 1)
        index = visible.index(chip) + step
        if 0 <= index < len(visible):
            target = visible[index]
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if modifiers & Qt.KeyboardModifier.ShiftModifier:
                self._set_selection(self.selected | {target.contact_id})
            elif not modifiers & Qt.KeyboardModifier.ControlModifier:
                self.select_only(target)

    def remove_chips(self, chip: MemberChip) -> None:
        ids = self.selected_ids() if chip.is_selected() else [chip.contact_id]
        self.remove_requested.emit(self.group_id, ids)

    def chip_tooltip(self, chip: board_core.Chip) -> str:
        """Details of a piece, read when the pointer rests on it (not when the card is drawn)."""
        row = contacts_core.fetch_rows([chip.contact_id]).get(chip.contact_id)
        name = html.escape(chip.name)
        lines = [f"<b>{name}</b>"]
        if row is not None and (row.position or row.company):
            at = self.tr("{position} at {company}") if row.position and row.company else "{position}{company}"
            lines.append(html.escape(at.format(position=row.position, company=row.company)))
        stage = self.tr(STAGE_LABELS.get(chip.stage, chip.stage))
        if chip.slot_id is not None:
            lines.append(self.tr("{stage} · fills “{role}”").format(stage=stage, role=html.escape(chip.role)))
        elif chip.role:
            lines.append(self.tr("{stage} · {role}").format(stage=stage, role=html.escape(chip.role)))
        else:
            lines.append(stage)
        others = [g.name for g in board_core.groups_of(chip.contact_id) if g.group_id != self.group_id]
        if others:
            lines.append(self.tr("Also serves: {groups}").format(groups=html.escape(", ".join(others))))
        if row is not None:
            if row.last_interaction:
                lines.append(self.tr("Last interaction: {date}").format(date=row.last_interaction[:10]))
        lines.append(
            "<i>" + self.tr("Double-click to open · drag to move, Ctrl+drag to copy · Delete removes") + "</i>"
        )
        return "<br>".join(lines)

    # -- dragging out -------------------------------------------------------------------------------------------

    def start_chip_drag(self, chip: MemberChip, hot_spot: QPoint) -> None:
        ids = self.selected_ids() if chip.is_selected() else [chip.contact_id]
        drag = QDrag(chip)
        drag.setMimeData(mime.encode_contacts(ids, self.group_id))
        pixmap = chip.grab()
        if len(ids) > 1:
            pixmap = _with_count(pixmap, len(ids), self.palette())
        drag.setPixmap(pixmap)
        drag.setHotSpot(hot_spot)
        drag.exec(Qt.DropAction.MoveAction | Qt.DropAction.CopyAction, Qt.DropAction.MoveAction)

    def start_group_drag(self, hot_spot: QPoint) -> None:
        drag = QDrag(self)
        drag.setMimeData(mime.encode_group(self.group_id))
        picture = self.grab(QRect(0, 0, self.width(), min(self.height(), 160)))
        scale = 0.6
        drag.setPixmap(picture.scaledToWidth(int(picture.width() * scale), Qt.TransformationMode.SmoothTransformation))
        drag.setHotSpot(QPoint(int(hot_spot.x() * scale), int(min(hot_spot.y(), 160) * scale)))
        drag.exec(Qt.DropAction.MoveAction, Qt.DropAction.MoveAction)

    # -- dropping in --------------------------------------------------------------------------------------------

    def target_at(self, pos: QPoint) -> SlotTarget:
        if not self.pieces.isHidden():
            local = self.pieces.mapFrom(self, pos)
            if self.pieces.rect().contains(local):
                return self.pieces.target_at(local)
        return ANYWHERE

    def _effect(self, ids: tuple[int, ...], source: int | None, copy: bool) -> groups_core.Effect:
        key = (ids, source, copy)
        found = self._effect_cache.get(key)
        if found is None:
            found = groups_core.placement_effect(ids, self.group_id, source, copy)
            self._effect_cache[key] = found
        return found

    def evaluate_drop(self, data: QMimeData | None, pos: QPoint, modifiers: Qt.KeyboardModifier) -> tuple:
        """What a drop here would do: ("group", dragged id) | ("contacts", ids, source, copy, slot) | ("assign", ids,
        slot) | ("refuse", message) | ("ignore",)."""
        dragged_group = mime.decode_group(data)
        if dragged_group is not None:
            return ("ignore",) if dragged_group == self.group_id else ("group", dragged_group)
        drag = mime.decode_contacts(data)
        if drag is None:
            return ("ignore",)
        target = self.target_at(pos)
        if drag.source_group_id == self.group_id:
            if not target.explicit:
                return ("refuse", self.tr("Already in this group. Drop it on a role to let it fill that role."))
            current = {chip.contact_id: chip.slot_id for chip in self.data.members}
            ids = [cid for cid in drag.contact_ids if cid in current and current[cid] != target.slot_id]
            if not ids:
                return ("refuse", self.tr("Already in this role."))
            return ("assign", ids, target)
        copy = bool(modifiers & Qt.KeyboardModifier.ControlModifier) and drag.source_group_id is not None
        effect = self._effect(drag.contact_ids, drag.source_group_id, copy)
        if effect.is_noop:
            return ("refuse", self.tr("Already in this group."))
        return ("contacts", list(drag.contact_ids), drag.source_group_id, copy, target)

    def _set_drop_state(self, state: str, target: SlotTarget | None) -> None:
        if (state, target) != (self.drop_state, self.hot_target):
            self.drop_state, self.hot_target = state, target
            self.update()
            for widget in self.pieces.rows + self.pieces.gaps:
                widget.update()

    def _judge(self, event: QDragMoveEvent, entering: bool = False) -> tuple:
        pos = event.position().toPoint()
        verdict = self.evaluate_drop(event.mimeData(), pos, event.modifiers())
        kind = verdict[0]
        if kind == "refuse":
            # The enter is accepted all the same: a widget that ignores it gets no more moves (and no leave), so
            # it could neither show the refusal while the drag is over it nor accept it on a slot row further on.
            # The moves are refused, so Qt shows the "no drop" cursor and never delivers the drop.
            if entering:
                event.accept()
            else:
                event.ignore()
            message = verdict[1]
            if self.drop_state != "refuse" or message != self._refusal_message:
                QToolTip.showText(self.mapToGlobal(pos), message, self)
                self.drop_refused.emit(message)
                self._refusal_message = message
            self._set_drop_state("refuse", None)
            self._refusal.start()
        elif kind == "ignore":
            event.ignore()
            self._set_drop_state("", None)
        else:
            if kind == "contacts":
                copy, source = verdict[3], verdict[2]
                action = Qt.DropAction.CopyAction if copy or source is None else Qt.DropAction.MoveAction
                target = verdict[4]
            else:
                action = Qt.DropAction.MoveAction
                target = verdict[2] if kind == "assign" else None
            if event.possibleActions() & action:
                event.setDropAction(action)
            event.accept()
            if self.drop_state == "refuse":
                QToolTip.hideText()
            self._refusal_message = ""
            self._set_drop_state("accept", target)
        return verdict

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._judge(event, entering=True)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._judge(event)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        if self.drop_state == "refuse":
            QToolTip.hideText()
        self._set_drop_state("", None)
        self._effect_cache.clear()
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        verdict = self._judge(event)
        if verdict[0] == "refuse":
            QToolTip.hideText()
        self._set_drop_state("", None)
        self._effect_cache.clear()
        kind = verdict[0]
        if kind == "group":
            event.accept()
            self.group_dropped.emit(verdict[1], self.group_id)
        elif kind == "assign":
            event.accept()
            self.contacts_dropped.emit(verdict[1], self.group_id, self.group_id, False, verdict[2].slot_id)
        elif kind == "contacts":
            event.accept()
            ids, source, copy, target = verdict[1:]
            self.contacts_dropped.emit(ids, source, self.group_id, copy, target.slot_id if target.explicit else None)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu_requested.emit(self.group_id, event.globalPos())
        event.accept()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            chip = self.childAt(event.pos())
            if isinstance(chip, MemberChip) and chip.chip is not None:
                QToolTip.showText(event.globalPos(), self.chip_tooltip(chip.chip), chip)
                return True
        return super().event(event)


def _with_count(pixmap: QPixmap, count: int, palette: QPalette) -> QPixmap:
    """A dragged piece with a badge saying how many pieces travel."""
    ratio = pixmap.devicePixelRatio()
    out = QPixmap(pixmap.size() + QSize(int(12 * ratio), int(12 * ratio)))
    out.setDevicePixelRatio(ratio)
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawPixmap(QPointF(0, 12), pixmap)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
    width = pixmap.width() / ratio
    painter.drawEllipse(QRectF(width - 12, 0, 24, 24))
    painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    painter.drawText(QRectF(width - 12, 0, 24, 24), Qt.AlignmentFlag.AlignCenter, str(count))
    painter.end()
    return out
