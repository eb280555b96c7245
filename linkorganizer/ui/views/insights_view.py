"""The Insights page: "are you creating a database or developing a network?" in numbers and small charts.

Every measure comes from core/insights.py with its one-sentence explanation. The charts are drawn with QPainter
(a chart library would not fit the frozen build's size budget); clicking a bar or a segment that stands for
people shows exactly those people in the contact table.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPalette, QPen, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import insights as core
from linkorganizer.core.contacts import ContactQuery
from linkorganizer.core.network import Changes
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.localtime import utc_today
from linkorganizer.ui.views.lazy_view import LazyView

ACTIVE_COLOUR = "#2F855A"
CLUTTER_COLOUR = "#C05621"
OTHER_COLOUR = "#718096"
GIVEN_COLOUR = "#2B6CB0"
RECEIVED_COLOUR = "#6B46C1"
DUE_COLOUR = "#B7791F"
OVERDUE_COLOUR = "#C53030"
EMPTY_COLOUR = "#A0AEC0"
UNCLEAR_COLOUR = "#805AD5"


@dataclass
class Segment:
    value: int
    colour: str
    tip: str
    query: ContactQuery | None = None  # the people it stands for, when it stands for people


@dataclass
class Bar:
    label: str
    segments: list[Segment] = field(default_factory=list)
    text: str = ""  # the numbers written after (or above) the bar

    @property
    def total(self) -> int:
        return sum(s.value for s in self.segments)


class _Chart(QWidget):
    """Bars made of segments; a click on a segment that stands for people asks to show them."""

    segment_clicked = Signal(object)  # ContactQuery

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.bars: list[Bar] = []
        self.scale_max = 0  # the value a full-length bar stands for (0: the largest bar)
        self._rects: list[tuple[QRectF, int, int]] = []  # (where, bar, segment), as last drawn

    def set_bars(self, bars: list[Bar], scale_max: int = 0) -> None:
        self.bars = bars
        self.scale_max = scale_max
        self.updateGeometry()
        self.update()

    def _top(self) -> int:
        return max([self.scale_max] + [bar.total for bar in self.bars] + [1])

    def segment_rect(self, bar: int, segment: int) -> QRect:
        """Where a segment was drawn (empty when it was too small to draw)."""
        self._layout()
        for rect, b, s in self._rects:
            if (b, s) == (bar, segment):
                return rect.toRect()
        return QRect()

    def _layout(self) -> None:  # pragma: no cover - each chart lays itself out
        raise NotImplementedError

    def _hit(self, pos: QPoint) -> tuple[int, int] | None:
        self._layout()
        for rect, b, s in self._rects:
            if rect.adjusted(-1, -1, 1, 1).contains(pos.toPointF()):
                return b, s
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position().toPoint())
        if hit is None:
            self.setToolTip("")
            self.unsetCursor()
        else:
            segment = self.bars[hit[0]].segments[hit[1]]
            self.setToolTip(segment.tip)
            if segment.query is not None:
                self.setCursor(Qt.CursorShape.PointingHandCursor)
            else:
                self.unsetCursor()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self._hit(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and hit is not None:
            query = self.bars[hit[0]].segments[hit[1]].query
            if query is not None:
                self.segment_clicked.emit(query)
                return
        super().mousePressEvent(event)

    def _ink(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.WindowText)

    def _faint(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.PlaceholderText)

    def _track(self) -> QColor:
        colour = QColor(self._faint())
        colour.setAlpha(40)
        return colour


class RowChart(_Chart):
    """One horizontal stacked bar per row: its label on the left, its numbers on the right."""

    ROW = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.show_labels = True

    def sizeHint(self) -> QSize:
        return QSize(320, max(1, len(self.bars)) * self.ROW + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self.sizeHint().height())

    def _columns(self) -> tuple[int, int]:
        metrics = QFontMetrics(self.font())
        label = max([metrics.horizontalAdvance(b.label) for b in self.bars] + [0]) + 10 if self.show_labels else 0
        label = min(label, self.width() // 3)
        text = max([metrics.horizontalAdvance(b.text) for b in self.bars] + [0]) + 10
        return label, text

    def _layout(self) -> None:
        self._rects = []
        label_w, text_w = self._columns()
        width = max(10, self.width() - label_w - text_w)
        top = self._top()
        for b, bar in enumerate(self.bars):
            y = 2 + b * self.ROW + 4
            x = float(label_w)
            for s, segment in enumerate(bar.segments):
                w = width * segment.value / top
                if w > 0:
                    self._rects.append((QRectF(x, y, w, self.ROW - 8), b, s))
                x += w

    def paintEvent(self, _event: object) -> None:
        self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        label_w, text_w = self._columns()
        width = max(10, self.width() - label_w - text_w)
        for b, bar in enumerate(self.bars):
            y = 2 + b * self.ROW
            if self.show_labels:
                painter.setPen(self._ink())
                label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, label_w - 6)
                painter.drawText(QRect(0, y, label_w - 6, self.ROW), Qt.AlignmentFlag.AlignVCenter, label)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(self._track())
            painter.drawRoundedRect(QRectF(label_w, y + 4, width, self.ROW - 8), 3, 3)
            painter.setPen(self._faint())
            painter.drawText(
                QRect(label_w + width + 8, y, text_w, self.ROW), Qt.AlignmentFlag.AlignVCenter, bar.text
            )
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, b, s in self._rects:
            painter.setBrush(QColor(self.bars[b].segments[s].colour))
            painter.drawRect(rect)
        painter.end()


class ColumnChart(_Chart):
    """Vertical stacked columns with their labels under them, and a dashed goal line if there is a goal."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(170)
        self.goal = 0

    def sizeHint(self) -> QSize:
        return QSize(320, 170)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 170)

    def _top(self) -> int:
        return max(super()._top(), self.goal)

    def _geometry(self) -> tuple[int, int, float, float]:
        metrics = QFontMetrics(self.font())
        axis = metrics.horizontalAdvance(str(self._top())) + 8
        bottom = self.height() - metrics.height() - 6
        plot_top = metrics.height() + 4
        step = (self.width() - axis) / max(1, len(self.bars))
        return axis, bottom, plot_top, step

    def _layout(self) -> None:
        self._rects = []
        axis, bottom, plot_top, step = self._geometry()
        top = self._top()
        gap = min(step * 0.25, 10.0)
        for b, bar in enumerate(self.bars):
            x = axis + b * step + gap / 2
            y = float(bottom)
            for s, segment in enumerate(bar.segments):
                h = (bottom - plot_top) * segment.value / top
                if h > 0:
                    self._rects.append((QRectF(x, y - h, step - gap, h), b, s))
                y -= h

    def paintEvent(self, _event: object) -> None:
        self._layout()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        axis, bottom, plot_top, step = self._geometry()
        top = self._top()
        painter.setPen(QPen(self._track(), 1))
        painter.drawLine(axis, bottom, self.width(), bottom)
        painter.setPen(self._faint())
        painter.drawText(QRect(0, int(plot_top) - metrics.height() // 2, axis - 6, metrics.height()),
                         Qt.AlignmentFlag.AlignRight, str(top))
        painter.drawText(QRect(0, bottom - metrics.height() // 2, axis - 6, metrics.height()),
                         Qt.AlignmentFlag.AlignRight, "0")
        painter.setPen(Qt.PenStyle.NoPen)
        for rect, b, s in self._rects:
            painter.setBrush(QColor(self.bars[b].segments[s].colour))
            painter.drawRect(rect)
        # Labels under the columns, as many as fit without touching.
        widest = max([metrics.horizontalAdvance(bar.label) for bar in self.bars] + [1]) + 8
        every = max(1, int(widest // max(step, 1)) + (1 if widest % max(step, 1) else 0))
        painter.setPen(self._faint())
        for b, bar in enumerate(self.bars):
            if b % every == 0:
                centre = axis + b * step + step / 2
                painter.drawText(QRectF(centre - widest / 2, bottom + 3, widest, metrics.height() + 2),
                                 Qt.AlignmentFlag.AlignHCenter, bar.label)
            if bar.text:
                centre = axis + b * step + step / 2
                h = (bottom - plot_top) * bar.total / top
                painter.drawText(QRectF(centre - step / 2, bottom - h - metrics.height() - 1, step, metrics.height()),
                                 Qt.AlignmentFlag.AlignHCenter, bar.text)
        if self.goal:
            y = bottom - (bottom - plot_top) * self.goal / top
            pen = QPen(QColor(OVERDUE_COLOUR), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(axis, int(y), self.width(), int(y))
        painter.end()


class InsightCard(QFrame):
    """A measure: its title, its one-sentence explanation, its numbers and its chart."""

    def __init__(self, key: str, title: str, chart: QWidget | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insightsCard")
        self.setFrameShape(QFrame.Shape.NoFrame)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 12)
        box.setSpacing(4)
        heading = QLabel(title)
        heading.setObjectName("insightsTitle")
        box.addWidget(heading)
        self.explanation = QLabel(core.EXPLANATIONS[key])
        self.explanation.setObjectName("insightsExplanation")
        self.explanation.setWordWrap(True)
        box.addWidget(self.explanation)
        self.numbers = QLabel()
        self.numbers.setObjectName(f"insights_{key}")
        self.numbers.setWordWrap(True)
        self.numbers.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.numbers)
        self.legend = QLabel()
        self.legend.setObjectName("insightsLegend")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(self.legend)
        if chart is not None:
            box.addWidget(chart)
        box.addStretch(1)

    def set_legend(self, items: list[tuple[str, str]]) -> None:
        self.legend.setText(
            "&nbsp;&nbsp;&nbsp;".join(f"<span style='color:{colour}'>■</span>&nbsp;{text}" for colour, text in items)
        )


def _month_range(month: str) -> tuple[str, str]:
    year, number = int(month[:4]), int(month[5:7])
    last = calendar.monthrange(year, number)[1]
    return f"{month}-01", f"{month}-{last:02d}"


def _month_label(month: str) -> str:
    return _dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%b %y")


class InsightsView(LazyView):
    """The Insights page (objectName ``insightsView``)."""

    filter_requested = Signal(object)  # ContactQuery: "show these people in the contact table"

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(undo_stack, bus, parent)
        self.setObjectName("insightsView")
        self.insights: core.Insights | None = None
        self.export_button = QPushButton(self.tr("Export chart as PNG…"))
        self.export_button.setObjectName("exportInsights")
        self.themed_icon(self.export_button, "export_image")
        self.export_button.clicked.connect(lambda: self.export_png())
        head = self.page_head(self.tr("Insights"), self.export_button)

        self.network_chart = RowChart()
        self.network_chart.show_labels = False
        self.keep_chart = RowChart()
        self.keep_chart.show_labels = False
        self.invitations_chart = RowChart()
        self.calls_chart = ColumnChart()
        self.coverage_chart = RowChart()
        self.reciprocity_chart = RowChart()
        self.growth_chart = ColumnChart()
        self.cards = {
            "active": InsightCard("active", self.tr("Active relationships and clutter"), self.network_chart),
            "keep_in_touch": InsightCard("keep_in_touch", self.tr("Keep in touch"), self.keep_chart),
            "invitations": InsightCard("invitations", self.tr("Invitation decisions"), self.invitations_chart),
            "calls": InsightCard("calls", self.tr("Calls per week"), self.calls_chart),
            "coverage": InsightCard("coverage", self.tr("Goal coverage"), self.coverage_chart),
            "reciprocity": InsightCard("reciprocity", self.tr("Reciprocity"), self.reciprocity_chart),
            "growth": InsightCard("growth", self.tr("Growth"), self.growth_chart),
        }
        # The clutter sentence belongs with the active one: both halves of the same bar.
        self.cards["active"].explanation.setText(core.EXPLANATIONS["active"] + " " + core.EXPLANATIONS["clutter"])
        for chart in (self.network_chart, self.keep_chart, self.coverage_chart, self.reciprocity_chart,
                      self.growth_chart):
            chart.segment_clicked.connect(self.filter_requested)

        self.content = QWidget()
        self.content.setObjectName("insightsContent")
        page = QVBoxLayout(self.content)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addLayout(head)
        grid = QGridLayout()
        grid.setContentsMargins(16, 0, 16, 16)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        order = [("active", "keep_in_touch"), ("invitations", "calls"), ("coverage", "reciprocity")]
        for row, (left, right) in enumerate(order):
            grid.addWidget(self.cards[left], row, 0)
            grid.addWidget(self.cards[right], row, 1)
        grid.addWidget(self.cards["growth"], len(order), 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        page.addLayout(grid)
        page.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("insightsScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll, 1)
        bus.changed.connect(self._on_changed)

    # -- showing ------------------------------------------------------------------------------------------------

    def concerns(self, changes: Changes) -> bool:
        return changes.reload or bool(
            changes.contacts or changes.interactions or changes.invitations or changes.introductions
            or changes.groups or changes.groups_added_or_removed or changes.settings
        )  # fmt: skip

    def reload(self) -> None:
        self._dirty = False
        data = core.compute(utc_today())
        self.insights = data
        self.summary.setText(
            self.tr("{n} people in the network, as of {day}. Click a bar to see those people.").format(
                n=data.contacts, day=data.today.isoformat()
            )
        )
        self._show_network(data)
        self._show_keep_in_touch(data)
        self._show_invitations(data)
        self._show_calls(data)
        self._show_coverage(data)
        self._show_reciprocity(data)
        self._show_growth(data)

    def _show_network(self, data: core.Insights) -> None:
        others = max(0, data.contacts - data.active - data.clutter)
        card = self.cards["active"]
        card.numbers.setText(
            self.tr("Active: {active}   Clutter: {clutter}   Neither: {others}   of {n}").format(
                active=data.active, clutter=data.clutter, others=others, n=data.contacts
            )
        )
        card.set_legend([(ACTIVE_COLOUR, self.tr("active")), (CLUTTER_COLOUR, self.tr("clutter")),
                         (OTHER_COLOUR, self.tr("neither"))])
        self.network_chart.set_bars([Bar("", [
            Segment(data.active, ACTIVE_COLOUR, self.tr("{n} active: click to see them").format(n=data.active),
                    ContactQuery(active=True)),
            Segment(data.clutter, CLUTTER_COLOUR, self.tr("{n} clutter: click to see them").format(n=data.clutter),
                    ContactQuery(clutter=True)),
            Segment(others, OTHER_COLOUR, self.tr("{n} neither active nor clutter").format(n=others)),
        ], f"{data.contacts}")])

    def _show_keep_in_touch(self, data: core.Insights) -> None:
        card = self.cards["keep_in_touch"]
        card.numbers.setText(
            self.tr("On time: {on_time}   Due today: {due}   Overdue: {overdue}").format(
                on_time=data.on_time, due=data.due_today, overdue=data.overdue
            )
        )
        card.set_legend([(ACTIVE_COLOUR, self.tr("on time")), (DUE_COLOUR, self.tr("due today")),
                         (OVERDUE_COLOUR, self.tr("overdue"))])
        due = ContactQuery(due=True)
        self.keep_chart.set_bars([Bar("", [
            Segment(data.on_time, ACTIVE_COLOUR, self.tr("{n} on time").format(n=data.on_time)),
            Segment(data.due_today, DUE_COLOUR,
                    self.tr("{n} due today: click to see everyone due or overdue").format(n=data.due_today), due),
            Segment(data.overdue, OVERDUE_COLOUR,
                    self.tr("{n} overdue: click to see everyone due or overdue").format(n=data.overdue), due),
        ], str(data.on_time + data.due_today + data.overdue))])

    def _show_invitations(self, data: core.Insights) -> None:
        card = self.cards["invitations"]
        others = max(0, data.invitations_received - data.accepted - data.declined - data.open)
        card.numbers.setText(
            self.tr("Received: {n}   Accepted: {accepted}   Asked: {asked}   Declined: {declined}   Open: {open}"
                    "   Unclear: {unclear} ({share:.0%})").format(
                n=data.invitations_received, accepted=data.accepted, asked=data.asked, declined=data.declined,
                open=data.open, unclear=data.unclear, share=data.unclear_share,
            )
        )
        card.set_legend([(ACTIVE_COLOUR, self.tr("accepted")), (OVERDUE_COLOUR, self.tr("declined")),
                         (DUE_COLOUR, self.tr("open")), (OTHER_COLOUR, self.tr("ignored or withdrawn"))])
        n = data.invitations_received
        clear = n - data.unclear
        self.invitations_chart.set_bars([
            Bar(self.tr("Decided"), [
                Segment(data.accepted, ACTIVE_COLOUR, self.tr("{n} accepted").format(n=data.accepted)),
                Segment(data.declined, OVERDUE_COLOUR, self.tr("{n} declined").format(n=data.declined)),
                Segment(data.open, DUE_COLOUR, self.tr("{n} still open").format(n=data.open)),
                Segment(others, OTHER_COLOUR, self.tr("{n} ignored or withdrawn").format(n=others)),
            ], str(n)),
            Bar(self.tr("Asked"), [
                Segment(data.asked, GIVEN_COLOUR, self.tr("{n} asked “How may I help you?”").format(n=data.asked)),
            ], f"{data.asked}/{n}"),
            Bar(self.tr("Unclear"), [
                Segment(data.unclear, UNCLEAR_COLOUR,
                        self.tr("{n} said nothing clear ({share:.0%})").format(n=data.unclear, share=data.unclear_share)),
                Segment(clear, ACTIVE_COLOUR, self.tr("{n} said clearly what they wanted").format(n=clear)),
            ], f"{data.unclear_share:.0%}"),
        ], scale_max=n)

    def _show_calls(self, data: core.Insights) -> None:
        card = self.cards["calls"]
        held = sum(n for _week, n in data.calls_per_week)
        goal = data.weekly_call_goal
        weeks_met = sum(1 for _week, n in data.calls_per_week if goal and n >= goal)
        card.numbers.setText(
            self.tr("{held} calls in {weeks} weeks   Weekly goal: {goal}   Weeks on goal: {met}").format(
                held=held, weeks=len(data.calls_per_week), goal=goal or "—", met=weeks_met
            )
        )
        card.set_legend([(GIVEN_COLOUR, self.tr("calls held")), (OVERDUE_COLOUR, self.tr("- - weekly goal"))])
        self.calls_chart.goal = goal
        self.calls_chart.set_bars([
            Bar(week.strftime("%d %b"),
                [Segment(n, GIVEN_COLOUR, self.tr("Week of {week}: {n} held").format(week=week.isoformat(), n=n))],
                str(n) if n else "")
            for week, n in data.calls_per_week
        ])

    def _show_coverage(self, data: core.Insights) -> None:
        card = self.cards["coverage"]
        filled = sum(g.filled for g in data.goals)
        needed = sum(g.needed for g in data.goals)
        card.numbers.setText(
            self.tr("{filled} of {needed} places filled in {n} goals").format(filled=filled, needed=needed,
                                                                                n=len(data.goals))
            if data.goals else self.tr("No goals yet: Board ▸ New goal… sets one up.")
        )
        card.set_legend([(ACTIVE_COLOUR, self.tr("filled")), (EMPTY_COLOUR, self.tr("still needed"))])
        bars = []
        for goal in data.goals:
            members = ContactQuery(group_id=goal.id)
            tip = self.tr("{name}: {filled} of {needed} places filled, {members} people; click to see them").format(
                name=goal.name, filled=goal.filled, needed=goal.needed, members=goal.members
            )
            bars.append(Bar(goal.name, [
                Segment(goal.filled, ACTIVE_COLOUR, tip, members),
                Segment(max(0, goal.needed - goal.filled), EMPTY_COLOUR, tip, members),
            ], f"{goal.filled}/{goal.needed}"))
        self.coverage_chart.set_bars(bars)
        self.coverage_chart.setVisible(bool(bars))

    def _show_reciprocity(self, data: core.Insights) -> None:
        card = self.cards["reciprocity"]
        card.numbers.setText(self.tr("Given: {given}   Received: {received}").format(
            given=data.given, received=data.received))
        card.set_legend([(GIVEN_COLOUR, self.tr("given")), (RECEIVED_COLOUR, self.tr("received"))])
        bars = [Bar(self.tr("All"), [
            Segment(data.given, GIVEN_COLOUR, self.tr("{n} given in all").format(n=data.given)),
            Segment(data.received, RECEIVED_COLOUR, self.tr("{n} received in all").format(n=data.received)),
        ], f"{data.given} / {data.received}")]
        for goal in data.goals:
            members = ContactQuery(group_id=goal.id)
            bars.append(Bar(goal.name, [
                Segment(goal.given, GIVEN_COLOUR, self.tr("{name}: {n} given; click to see its people").format(
                    name=goal.name, n=goal.given), members),
                Segment(goal.received, RECEIVED_COLOUR, self.tr("{name}: {n} received; click to see its people")
                        .format(name=goal.name, n=goal.received), members),
            ], f"{goal.given} / {goal.received}"))
        self.reciprocity_chart.set_bars(bars)

    def _show_growth(self, data: core.Insights) -> None:
        card = self.cards["growth"]
        active = sum(a for _m, a, _c in data.growth)
        clutter = sum(c for _m, _a, c in data.growth)
        card.numbers.setText(
            self.tr("{months} months   Active: {active}   Clutter: {clutter}").format(
                months=len(data.growth), active=active, clutter=clutter
            ) if data.growth else self.tr("Nobody has a connected-on date yet.")
        )
        card.set_legend([(ACTIVE_COLOUR, self.tr("active")), (CLUTTER_COLOUR, self.tr("clutter")),
                         (OTHER_COLOUR, self.tr("neither"))])
        totals = self._connected_per_month()
        bars = []
        for month, a, c in data.growth:
            span = _month_range(month)
            others = max(0, totals.get(month, a + c) - a - c)
            bars.append(Bar(_month_label(month), [
                Segment(a, ACTIVE_COLOUR, self.tr("{month}: {n} active; click to see them").format(month=month, n=a),
                        ContactQuery(connected=span, active=True)),
                Segment(c, CLUTTER_COLOUR, self.tr("{month}: {n} clutter; click to see them").format(month=month, n=c),
                        ContactQuery(connected=span, clutter=True)),
                Segment(others, OTHER_COLOUR,
                        self.tr("{month}: {n} neither; click to see everyone who connected then").format(
                            month=month, n=others), ContactQuery(connected=span)),
            ]))
        self.growth_chart.set_bars(bars)

    def _connected_per_month(self) -> dict[str, int]:
        data = self.insights
        return dict(data.connected_per_month) if data is not None else {}

    # -- export -------------------------------------------------------------------------------------------------

    @classmethod
    def ask_png_path(cls, parent: QWidget) -> Path | None:
        """Where to save the picture of the page, or None when the person cancels."""
        name, _filter = QFileDialog.getSaveFileName(
            parent, parent.tr("Export chart as PNG"), "insights.png", parent.tr("PNG image (*.png)")
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".png" else path.with_suffix(".png")

    def export_png(self) -> Path | None:
        """Save a picture of the whole page (every chart) as a PNG."""
        path = self.ask_png_path(self)
        if path is None:
            return None
        if self._dirty:
            self.reload()
        if not self.content.grab().save(str(path), "PNG"):
            self.report(self.tr("Could not save {file}: the folder is missing or not writable.").format(file=str(path)))
            return None
        self.report(self.tr("Saved the insights as {file}.").format(file=str(path)))
        return path
