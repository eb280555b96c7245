"""The base of the Three I's pages: reload when what they show changed — at once while the page is the one shown,
otherwise the next time it is shown — and the signals the main window listens to."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus


class LazyView(QWidget):
    """A page of the main window's stack. Subclasses implement :meth:`reload`; bus slots call
    :meth:`request_reload`; the window calls :meth:`activate` when the page becomes the current one."""

    message = Signal(str)  # a sentence for the status bar
    contact_requested = Signal(int)  # "show this contact in the contact table"

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = undo_stack
        self.bus = bus
        self._dirty = True
        self._icon_widgets: list[tuple[QObject, str]] = []
        self._combo_icons: list[tuple[QComboBox, int, str]] = []

    def page_head(self, title: str, action: QWidget | None = None, right: int = 16) -> QHBoxLayout:
        """The page's title with ``self.summary`` (a line the page fills) under it, and *action*, a button, at
        the top right: the head every page with a title has."""
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("editorSubtitle")
        self.summary.setWordWrap(True)
        head = QHBoxLayout()
        head.setContentsMargins(16, 12, right, 8)
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(heading)
        words.addWidget(self.summary)
        head.addLayout(words, 1)
        if action is not None:
            head.addWidget(action, 0, Qt.AlignmentFlag.AlignTop)
        return head

    def themed_icon(self, widget: QObject, name: str) -> None:
        """Give a button (or action) an icon that is drawn again when the palette changes."""
        widget.setIcon(icons.icon(name))  # type: ignore[attr-defined]
        self._icon_widgets.append((widget, name))

    def themed_combo_icon(self, combo: QComboBox, index: int, name: str) -> None:
        combo.setItemIcon(index, icons.icon(name))
        self._combo_icons.append((combo, index, name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            # Icons and pills are drawn in the palette's colours: draw them again (once the palette settled).
            QTimer.singleShot(0, self, self._on_palette_changed)
        super().changeEvent(event)

    def _on_palette_changed(self) -> None:
        for widget, name in self._icon_widgets:
            widget.setIcon(icons.icon(name))  # type: ignore[attr-defined]
        for combo, index, name in self._combo_icons:
            combo.setItemIcon(index, icons.icon(name))
        self._dirty = True
        self.request_reload()

    def is_current(self) -> bool:
        """Whether this page is the one its stack shows (also while the window itself is hidden, as in tests)."""
        top = self.window()
        return top is self or self.isVisibleTo(top)

    def concerns(self, changes: Changes) -> bool:
        """Whether a change is one this page shows (pages say which); a page that is not shown marks itself
        out of date and reads itself again when it is shown."""
        return changes.reload

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if self.concerns(changes):
            self.request_reload()

    def request_reload(self, *_args: object) -> None:
        if self.is_current():
            self.reload()
        else:
            self._dirty = True

    def is_dirty(self) -> bool:
        """Whether what the page shows is out of date (it reads itself again when it is shown)."""
        return self._dirty

    def activate(self) -> None:
        if self._dirty:
            self.reload()

    def reload(self) -> None:  # pragma: no cover - every page overrides it
        self._dirty = False

    def report(self, text: str) -> None:
        """A refusal or a result, in a sentence, for the status bar."""
        self.message.emit(text)

    def current_contact_id(self) -> int | None:
        """The contact the page's selection is about (for Log interaction… and Schedule call…), if any."""
        return None


def section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("editorSection")
    return label


class InfoBar(QFrame):
    """A non-modal message across the top of a page, with buttons and a close cross."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("infoBar")
        self.setFrameShape(QFrame.Shape.NoFrame)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 8, 8)
        row.setSpacing(8)
        self.icon = QLabel()
        self.icon.setPixmap(icons.icon("accept", "#2F855A").pixmap(18, 18))
        row.addWidget(self.icon)
        self.text = QLabel()
        self.text.setObjectName("infoBarText")
        self.text.setWordWrap(True)
        row.addWidget(self.text, 1)
        self._buttons = QHBoxLayout()
        self._buttons.setSpacing(6)
        row.addLayout(self._buttons)
        self.close_button = QToolButton()
        self.close_button.setIcon(icons.icon("decline"))
        self.close_button.setAutoRaise(True)
        self.close_button.setToolTip(self.tr("Close"))
        self.close_button.setAccessibleName(self.tr("Close"))
        self.close_button.clicked.connect(self.hide)
        row.addWidget(self.close_button)
        self.hide()

    def show_message(self, text: str, buttons: list[QPushButton]) -> None:
        while self._buttons.count():
            item = self._buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # at once: out of the layout, it would otherwise stay where it was until deleted
                widget.deleteLater()
        for button in buttons:
            self._buttons.addWidget(button)
        self.text.setText(text)
        self.show()


def vbox(widget: QWidget, margins: tuple[int, int, int, int] = (0, 0, 0, 0), spacing: int = 6) -> QVBoxLayout:
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(*margins)
    layout.setSpacing(spacing)
    return layout


# ------------------------------------------------------------------------------------------------------- pills

STATE_COLOURS = {
    "new": "#2B6CB0",
    "asked": "#B7791F",
    "replied": "#6B46C1",
    "accepted": "#2F855A",
    "declined": "#C53030",
    "ignored": "#718096",
    "withdrawn": "#718096",
}
UNCLEAR_COLOUR = "#C05621"
DUE_COLOUR = "#C53030"
OUTCOME_COLOURS = {"connect": "#2F855A", "keep_in_touch": "#6B46C1", "not_a_fit": "#C53030"}


def pill_colours(colour: str, dark: bool) -> tuple[QColor, QColor]:
    """(background, text) of a pill in *colour*: a tint of it, and the colour itself (lighter on dark)."""
    base = QColor(colour)
    fill = QColor(base)
    fill.setAlpha(70 if dark else 34)
    text = base.lighter(165) if dark else base.darker(115)
    return fill, text


class Pill(QWidget):
    """A small rounded label in a state's colour (the same drawing as the inbox list's pills)."""

    def __init__(self, text: str = "", colour: str = "#718096", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pill")
        self._text = ""
        self._colour = colour
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set(text, colour)

    def _font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF() - 1, 7.0))
        font.setWeight(QFont.Weight.DemiBold)
        return font

    def text(self) -> str:
        return self._text

    def set(self, text: str, colour: str) -> None:
        self._text, self._colour = text, colour
        self.setAccessibleName(text)
        self.setVisible(bool(text))
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        metrics = QFontMetrics(self._font())
        return QSize(metrics.horizontalAdvance(self._text) + 18, metrics.height() + 6)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event: object) -> None:
        painter = QPainter(self)
        paint_pill(painter, 1, 1, self._text, self._colour, False, self._font())
        painter.end()


def make_pill(text: str = "", colour: str = "#718096") -> Pill:
    return Pill(text, colour)


def set_pill(pill: Pill, text: str, colour: str) -> None:
    pill.set(text, colour)


def is_dark_palette() -> bool:
    app = QApplication.instance()
    palette = app.palette() if isinstance(app, QApplication) else QPalette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def paint_pill(painter: QPainter, x: int, y: int, text: str, colour: str, selected: bool, font: QFont) -> int:
    """Draw a pill whose top-left is (x, y); returns its width."""
    metrics = QFontMetrics(font)
    width = metrics.horizontalAdvance(text) + 16
    height = metrics.height() + 4
    if selected:
        fill, ink = QColor(255, 255, 255, 60), QColor("#FFFFFF")
    else:
        fill, ink = pill_colours(colour, is_dark_palette())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(fill)
    painter.drawRoundedRect(QRectF(x, y, width, height), height / 2, height / 2)
    painter.setPen(ink)
    painter.setFont(font)
    painter.drawText(QRect(x, y, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
    return width
