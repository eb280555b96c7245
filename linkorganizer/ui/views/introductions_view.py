"""Introductions: the calls before deciding to connect — upcoming and held, the weekly goal, the calendar export.

The method grows the number of calls each week, so the page opens with this week's progress against the goal
and the last eight weeks. Scheduling, rescheduling, cancelling and recording a call are undoable commands;
recording moves the contact's stage and logs the call as an interaction (the core does both).
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from pathlib import Path

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSettings,
    QSize,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QPainter,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.core import introductions as core
from linkorganizer.core import settings as settings_core
from linkorganizer.core.contacts import fetch_rows
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.formats import ics
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.three_is import (
    CancelCallCommand,
    RecordCallCommand,
    RescheduleCallCommand,
    ScheduleCallCommand,
    SetSettingsCommand,
)
from linkorganizer.ui.dialogs.record_call_dialog import RecordCallDialog
from linkorganizer.ui.dialogs.schedule_dialog import ScheduleDialog
from linkorganizer.ui.localtime import (
    format_day,
    format_local,
    plural,
    utc_now,
    utc_today,
)
from linkorganizer.ui.models.introduction_table import (
    IntroductionRole,
    IntroductionTableModel,
)
from linkorganizer.ui.tables import list_table
from linkorganizer.ui.views.lazy_view import (
    OUTCOME_COLOURS,
    LazyView,
    make_pill,
    section_label,
    set_pill,
)

ICS_FILTER = "iCalendar (*.ics);;All files (*)"
GOAL_COLOUR = "#2F855A"


class WeeklyBars(QWidget):
    """Calls held per week, the last eight weeks, with the goal as a dashed line: the number should grow.

    Each bar is labelled with its week ("12 Oct", "this week") and its count; resting on a bar says that week's
    count in a short tooltip beside it (one long tooltip for the whole chart would run off the screen).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("weeklyBars")
        self.counts: list[tuple[_dt.date, int]] = []
        self.goal = 0
        self.setMinimumSize(QSize(240, 100))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def set_data(self, counts: list[tuple[_dt.date, int]], goal: int) -> None:
        self.counts = counts
        self.goal = goal
        labels = ", ".join(f"{format_day(monday)}: {count}" for monday, count in counts)
        self.setAccessibleDescription(self.tr("Calls held per week (week starting): {weeks}").format(weeks=labels))
        self.update()

    def week_label(self, index: int) -> str:
        monday = self.counts[index][0]
        if index == len(self.counts) - 1:
            return self.tr("this week")
        return QLocale().toString(QDate(monday.year, monday.month, monday.day), "d MMM")

    def bar_tooltip(self, index: int) -> str:
        monday, count = self.counts[index]
        calls = plural(count, self.tr("1 call held"), self.tr("{n} calls held"))
        if index == len(self.counts) - 1:
            return self.tr("This week: {calls}").format(calls=calls)
        return self.tr("Week of {day}: {calls}").format(day=format_day(monday), calls=calls)

    def _geometry(self) -> tuple[QRect, float, float]:
        label_height = self.fontMetrics().height()
        goal_text = self.tr("goal {n}").format(n=self.goal) if self.goal else ""
        goal_width = self.fontMetrics().horizontalAdvance(goal_text) + 8 if goal_text else 0
        # Room above for the counts, below for the weeks.
        area = self.rect().adjusted(2, label_height + 2, -2 - goal_width, -label_height - 4)
        slot = area.width() / max(1, len(self.counts))
        return area, slot, min(slot * 0.62, 22)

    def index_at(self, x: int) -> int | None:
        if not self.counts:
            return None
        area, slot, _bar = self._geometry()
        index = int((x - area.left()) // slot) if slot > 0 else -1
        return index if 0 <= index < len(self.counts) else None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.index_at(event.pos().x())
            if index is None:
                QToolTip.hideText()
            else:
                area, slot, _bar = self._geometry()
                centre = QPoint(int(area.left() + (index + 0.5) * slot), area.top())
                # Shown at the bar, inside the widget's own rectangle: Qt keeps it on the screen from there.
                QToolTip.showText(self.mapToGlobal(centre), self.bar_tooltip(index), self, self.rect())
            return True
        return super().event(event)

    def paintEvent(self, _event: object) -> None:
        if not self.counts:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        label_height = self.fontMetrics().height()
        goal_text = self.tr("goal {n}").format(n=self.goal) if self.goal else ""
        goal_width = self.fontMetrics().horizontalAdvance(goal_text) + 8 if goal_text else 0
        area, slot, bar = self._geometry()
        top = max(self.goal, max(count for _, count in self.counts), 1)
        n = len(self.counts)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        accent = palette.color(QPalette.ColorRole.Highlight)
        small = QFont(self.font())
        small.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.85))
        # A label every week if they fit, else every other one (the last, this week, always).
        step = 1 if slot >= QFontMetrics(small).horizontalAdvance(" 30 Sep ") else 2
        for i, (_monday, count) in enumerate(self.counts):
            x = area.left() + i * slot + (slot - bar) / 2
            height = area.height() * count / top
            colour = QColor(GOAL_COLOUR) if self.goal and count >= self.goal else QColor(accent)
            if i < n - 1:
                colour.setAlpha(150)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            if count:
                painter.drawRoundedRect(QRectF(x, area.bottom() - height, bar, max(height, 2)), 2, 2)
            else:
                empty = QColor(muted)
                empty.setAlpha(90)
                painter.setBrush(empty)
                painter.drawRoundedRect(QRectF(x, area.bottom() - 2, bar, 2), 1, 1)
            painter.setPen(palette.color(QPalette.ColorRole.Text) if count else muted)
            painter.setFont(self.font())
            painter.drawText(QRectF(x - 10, area.bottom() - max(height, 2) - label_height - 1, bar + 20, label_height),
                             Qt.AlignmentFlag.AlignCenter, str(count))
            if (n - 1 - i) % step == 0:
                painter.setPen(muted)
                painter.setFont(small)
                cell = QRectF(area.left() + i * slot - slot / 2, area.bottom() + 3, slot * 2, label_height)
                painter.drawText(cell, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, self.week_label(i))
        painter.setFont(self.font())
        if self.goal:
            y = area.bottom() - area.height() * self.goal / top
            pen = painter.pen()
            goal_colour = QColor(GOAL_COLOUR)
            pen.setColor(goal_colour)
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.2)
            painter.setPen(pen)
            painter.drawLine(int(area.left()), int(y), int(area.right()), int(y))
            painter.setPen(goal_colour)
            painter.drawText(QRectF(area.right() + 6, y - label_height / 2, goal_width, label_height),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, goal_text)
        painter.end()


class GoalCard(QFrame):
    """This week's calls against the weekly goal; the goal itself is edited here."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goalCard")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 12, 16, 12)
        row.setSpacing(24)
        left = QVBoxLayout()
        left.setSpacing(4)
        caption = QLabel(self.tr("This week"))
        caption.setObjectName("editorSubtitle")
        left.addWidget(caption)
        self.headline = QLabel()
        self.headline.setObjectName("goalHeadline")
        left.addWidget(self.headline)
        self.progress = QProgressBar()
        self.progress.setObjectName("goalProgress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(8)
        self.progress.setMinimumWidth(260)
        left.addWidget(self.progress)
        self.detail = QLabel()
        self.detail.setObjectName("editorSubtitle")
        left.addWidget(self.detail)
        row.addLayout(left, 2)
        bars_box = QVBoxLayout()
        bars_box.setSpacing(2)
        bars_caption = QLabel(self.tr("Calls held, last 8 weeks"))
        bars_caption.setObjectName("editorSubtitle")
        bars_box.addWidget(bars_caption)
        self.bars = WeeklyBars()
        bars_box.addWidget(self.bars)
        row.addLayout(bars_box, 2)
        goal_box = QVBoxLayout()
        goal_box.setSpacing(4)
        goal_caption = QLabel(self.tr("Weekly goal"))
        goal_caption.setObjectName("editorSubtitle")
        goal_box.addWidget(goal_caption)
        self.goal = QSpinBox()
        self.goal.setObjectName("weeklyGoal")
        self.goal.setRange(0, 100)
        self.goal.setSuffix(self.tr(" calls"))
        self.goal.setSpecialValueText(self.tr("No goal"))
        self.goal.setToolTip(self.tr("How many introduction calls you aim for each week (stored with this network)"))
        self.goal.setAccessibleName(self.tr("Weekly call goal"))
        goal_box.addWidget(self.goal)
        goal_box.addStretch(1)
        row.addLayout(goal_box)

    def show_progress(self, progress: core.WeekProgress, counts: list[tuple[_dt.date, int]]) -> None:
        held, goal = progress.held, progress.goal
        if goal:
            self.headline.setText(self.tr("{held} of {goal} calls this week").format(held=held, goal=goal))
        else:
            self.headline.setText(plural(held, self.tr("{n} call this week"), self.tr("{n} calls this week")))
        self.progress.setRange(0, max(goal, 1))
        self.progress.setValue(min(held, max(goal, 1)) if goal else 0)
        self.progress.setProperty("reached", bool(goal) and progress.reached)
        self.progress.style().unpolish(self.progress)
        self.progress.style().polish(self.progress)
        parts = []
        if progress.scheduled:
            parts.append(self.tr("{n} more scheduled this week").format(n=progress.scheduled))
        if goal and progress.reached:
            parts.append(self.tr("goal reached"))
        elif goal:
            parts.append(self.tr("{n} to go").format(n=progress.remaining))
        self.detail.setText(" · ".join(parts))
        self.goal.blockSignals(True)
        self.goal.setValue(goal)
        self.goal.blockSignals(False)
        self.bars.set_data(counts, goal)


class IntroductionDetail(QWidget):
    """The selected call, in full."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("introductionDetail")
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(6)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setWordWrap(True)
        head.addWidget(self.title, 1)
        self.outcome = make_pill()
        head.addWidget(self.outcome, 0, Qt.AlignmentFlag.AlignTop)
        box.addLayout(head)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("editorSubtitle")
        self.subtitle.setWordWrap(True)
        box.addWidget(self.subtitle)
        self.links = QLabel()
        self.links.setOpenExternalLinks(False)
        box.addWidget(self.links)
        self.sections: dict[str, tuple[QLabel, QLabel]] = {}
        for key, title in (("agenda", "Agenda"), ("notes", "Notes"), ("their_needs", "What they need"),
                           ("my_offer", "What I can offer")):
            label = section_label(self.tr(title))
            text = QLabel()
            text.setObjectName(f"introduction_{key}")
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            box.addWidget(label)
            box.addWidget(text)
            self.sections[key] = (label, text)
        box.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def show_introduction(self, row: core.IntroductionRow) -> None:
        self.title.setText(self.tr("Call with {name}").format(name=row.contact_name))
        if row.is_held:
            when = self.tr("Held {when}").format(when=format_local(row.held_at))
        elif row.scheduled_at is not None:
            when = self.tr("{when} · {minutes} min").format(when=format_local(row.scheduled_at),
                                                           minutes=row.duration_minutes)
        else:
            when = self.tr("No date yet")
        stage = self.tr(STAGE_LABELS.get(row.contact_stage, row.contact_stage))
        self.subtitle.setText(self.tr("{when} · stage {stage}").format(when=when, stage=stage))
        links = [f'<a href="contact:{row.contact_id}">{html.escape(self.tr("Open contact"))}</a>']
        if row.profile_url:
            links.append(f'<a href="{html.escape(row.profile_url)}">{html.escape(self.tr("Profile"))}</a>')
        self.links.setText(" &nbsp;·&nbsp; ".join(links))
        if row.outcome:
            set_pill(self.outcome, self.tr(core.OUTCOME_LABELS[row.outcome]), OUTCOME_COLOURS.get(row.outcome, "#718096"))
        elif row.awaiting_record:
            set_pill(self.outcome, self.tr("Record the call"), "#B7791F")
        elif row.is_held:
            set_pill(self.outcome, self.tr("Undecided"), "#718096")
        else:
            set_pill(self.outcome, self.tr("Upcoming"), "#2B6CB0")
        for key, (label, text) in self.sections.items():
            value = getattr(row, key)
            label.setVisible(bool(value))
            text.setVisible(bool(value))
            text.setText(value)


class IntroductionsView(LazyView):
    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(undo_stack, bus, parent)
        self.setObjectName("introductionsView")
        self.settings = settings
        self.goal_card = GoalCard()
        self.goal_card.goal.valueChanged.connect(self._on_goal_changed)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.schedule_button = self._button("Schedule call…", "schedule", "scheduleCall", buttons)
        self.record_button = self._button("Record call…", "record_call", "recordCall", buttons)
        self.reschedule_button = self._button("Reschedule…", "scheduled", "rescheduleCall", buttons)
        self.calendar_button = self._button("Add to calendar…", "calendar_export", "addToCalendar", buttons)
        self.cancel_button = self._button("Cancel call", "cancel_call", "cancelCall", buttons)
        buttons.addStretch(1)
        self.schedule_button.clicked.connect(lambda: self.schedule_call())
        self.record_button.clicked.connect(self.record_selected)
        self.reschedule_button.clicked.connect(self.reschedule_selected)
        self.calendar_button.clicked.connect(self.add_to_calendar)
        self.cancel_button.clicked.connect(self.cancel_selected)

        self.upcoming = IntroductionTableModel("upcoming", self)
        self.to_record = IntroductionTableModel("to_record", self)
        self.held = IntroductionTableModel("held", self)
        self.upcoming_table = self._table(self.upcoming, "upcomingCalls")
        self.to_record_table = self._table(self.to_record, "callsToRecord")
        self.held_table = self._table(self.held, "heldCalls")
        self.upcoming_label = section_label("")
        self.to_record_label = section_label("")
        self.held_label = section_label("")
        lists = QWidget()
        lists_box = QVBoxLayout(lists)
        lists_box.setContentsMargins(12, 0, 0, 8)
        lists_box.setSpacing(4)
        # Calls whose time has passed first: they wait for their record, and they are not "upcoming".
        lists_box.addWidget(self.to_record_label)
        lists_box.addWidget(self.to_record_table, 1)
        lists_box.addWidget(self.upcoming_label)
        lists_box.addWidget(self.upcoming_table, 2)
        lists_box.addWidget(self.held_label)
        lists_box.addWidget(self.held_table, 3)

        self.detail = IntroductionDetail()
        self.detail.links.linkActivated.connect(self._on_link)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        self.nothing = QLabel()
        self.nothing.setObjectName("editorHint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setWordWrap(True)
        self.nothing.setMargin(24)
        self.detail_pages = QStackedWidget()
        self.detail_pages.addWidget(self.nothing)
        self.detail_pages.addWidget(scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("introductionsSplitter")
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.detail_pages)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([760, 340])  # the lists fit 1024 px without scrolling sideways

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        top = QVBoxLayout()
        top.setContentsMargins(12, 10, 12, 0)
        top.setSpacing(10)
        top.addWidget(self.goal_card)
        top.addLayout(buttons)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        bus.changed.connect(self._on_changed)
        state = settings.value("introductions/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        self._update_buttons()

    def _button(self, text: str, icon: str, name: str, box: QHBoxLayout) -> QPushButton:
        button = QPushButton(self.tr(text))
        button.setObjectName(name)
        self.themed_icon(button, icon)
        box.addWidget(button)
        return button

    def _table(self, model: IntroductionTableModel, name: str) -> QTableView:
        # Narrow enough that the lists fit a 1024 px window without a sideways scroll bar.
        widths = {"when": 232, "held": 170, "contact": 150, "duration": 64, "outcome": 150}
        table = list_table(model, name, {i: widths[c] for i, c in enumerate(model.columns) if c in widths})
        # The last column (agenda, notes) takes what is left and elides; it never pushes the list sideways.
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.selectionModel().currentRowChanged.connect(lambda current, _prev, t=table: self._on_current(t, current))
        table.doubleClicked.connect(lambda _index: self.record_selected())
        return table

    def save_settings(self) -> None:
        self.settings.setValue("introductions/splitter", self.splitter.saveState())

    # -- showing ------------------------------------------------------------------------------------------------

    def concerns(self, changes: Changes) -> bool:
        # Names and stages of the people called, and the weekly goal (a setting).
        return changes.reload or bool(changes.introductions or changes.contacts) or changes.settings

    def reload(self) -> None:
        self._dirty = False
        keep = self.selected_introduction_id()
        now = utc_now()
        self.upcoming.reload(now)
        self.to_record.reload(now)
        self.held.reload(now)
        today = utc_today()
        self.goal_card.show_progress(core.week_progress(today), core.weekly_counts(today, 8))
        self.upcoming_label.setText(self.tr("Upcoming ({n})").format(n=self.upcoming.rowCount()))
        self.to_record_label.setText(self.tr("To record ({n}): their time has passed").format(
            n=self.to_record.rowCount()))
        for widget in (self.to_record_label, self.to_record_table):
            widget.setVisible(self.to_record.rowCount() > 0)
        # As tall as its few rows (three at most, then it scrolls): the upcoming and held lists keep the room.
        table = self.to_record_table
        rows = max(1, min(3, self.to_record.rowCount()))
        table.setMaximumHeight(
            table.horizontalHeader().sizeHint().height() + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth() + 2
        )
        self.held_label.setText(self.tr("Held ({n})").format(n=self.held.rowCount()))
        if keep is None or not self.select_introduction(keep):
            # Something is always shown: the next call, else the latest one held.
            ids = self.upcoming.introduction_ids() or self.to_record.introduction_ids() or self.held.introduction_ids()
            if ids:
                self.select_introduction(ids[0])
        self._show_selected()

    def select_introduction(self, introduction_id: int) -> bool:
        for table, model in self._lists():
            row = model.row_of(introduction_id)
            if row is not None:
                index = model.index(row, 0)
                table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                table.scrollTo(index)
                return True
        return False

    def _on_current(self, table: QTableView, current: QModelIndex) -> None:
        if current.isValid():
            for other, _model in self._lists():
                if other is not table:
                    other.selectionModel().clearSelection()
                    other.selectionModel().setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate)
        self._show_selected()

    def _lists(self) -> tuple[tuple[QTableView, IntroductionTableModel], ...]:
        return (
            (self.to_record_table, self.to_record),
            (self.upcoming_table, self.upcoming),
            (self.held_table, self.held),
        )

    def selected_row(self) -> core.IntroductionRow | None:
        for table, _model in self._lists():
            index = table.selectionModel().currentIndex()
            if index.isValid() and table.selectionModel().isRowSelected(index.row(), QModelIndex()):
                return index.data(IntroductionRole.Row)
        return None

    def selected_introduction_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row is not None else None

    def current_contact_id(self) -> int | None:
        row = self.selected_row()
        return row.contact_id if row is not None else None

    def _show_selected(self) -> None:
        row = self.selected_row()
        if row is None:
            if self.upcoming.rowCount() or self.to_record.rowCount() or self.held.rowCount():
                self.nothing.setText(self.tr("Select a call to see its agenda and what it brought."))
            else:
                self.nothing.setText(self.tr("No introduction calls yet.\n\nBefore you connect with someone, have a "
                                             "call: introduce yourself, learn about them, discuss how you can help "
                                             "one another. “Schedule call…” plans one."))
            self.detail_pages.setCurrentIndex(0)
        else:
            self.detail.show_introduction(row)
            self.detail_pages.setCurrentIndex(1)
        self._update_buttons()

    def _update_buttons(self) -> None:
        row = self.selected_row()
        upcoming = row is not None and not row.is_held
        self.record_button.setEnabled(row is not None)
        self.record_button.setText(self.tr("Edit record…") if row is not None and row.is_held else self.tr("Record call…"))
        self.reschedule_button.setEnabled(upcoming)
        self.cancel_button.setEnabled(upcoming)
        self.calendar_button.setEnabled(self.upcoming.rowCount() > 0)
        self.calendar_button.setToolTip(
            self.tr("Save this call as an .ics file for your calendar") if upcoming
            else self.tr("Save every upcoming call as an .ics file for your calendar")
        )

    def _on_link(self, href: str) -> None:
        if href.startswith("contact:"):
            self.contact_requested.emit(int(href.removeprefix("contact:")))
        else:
            QDesktopServices.openUrl(QUrl(href))

    # -- commands -----------------------------------------------------------------------------------------------

    def _push(self, command: object) -> bool:
        self.undo_stack.push(command)  # type: ignore[arg-type]
        error = getattr(command, "error", None)
        if error:
            self.report(error)
            return False
        return True

    def schedule_call(self, contact_id: int | None = None, person: str | None = None) -> int | None:
        """Ask for a call (with *contact_id* preselected, or fixed when *person* names them) and schedule it."""
        plan = ScheduleDialog.ask(self, contact_id=contact_id, person=person)
        if plan is None or plan.contact_id is None:
            return None
        name = person or ""
        if not name:
            found = fetch_rows([plan.contact_id]).get(plan.contact_id)
            name = found.name if found else ""
        command = ScheduleCallCommand(self.bus, plan.contact_id, plan.when, plan.duration_minutes, plan.agenda,
                                      name=name)
        if not self._push(command):
            return None
        self.report(self.tr("Call with {name} scheduled for {when}.").format(name=name, when=format_local(plan.when)))
        if command.introduction_id is not None:
            self.select_introduction(command.introduction_id)
        return command.introduction_id

    def record_selected(self) -> bool:
        row = self.selected_row()
        if row is None:
            return False
        outcome = RecordCallDialog.ask(self, row)
        if outcome is None:
            return False
        command = RecordCallCommand(
            self.bus, row.id, notes=outcome.notes, their_needs=outcome.their_needs, my_offer=outcome.my_offer,
            outcome=outcome.outcome, held_at=outcome.held_at, name=row.contact_name,
        )
        if not self._push(command):
            return False
        record = command.record
        if record is not None and record.stage_after != record.stage_before:
            self.report(self.tr("Call recorded. {name} is now “{stage}”.").format(
                name=row.contact_name, stage=self.tr(STAGE_LABELS.get(record.stage_after, record.stage_after))))
        else:
            self.report(self.tr("Call recorded."))
        self.select_introduction(row.id)
        return True

    def reschedule_selected(self) -> bool:
        row = self.selected_row()
        if row is None or row.is_held:
            return False
        plan = ScheduleDialog.ask(self, existing=row)
        if plan is None:
            return False
        command = RescheduleCallCommand(self.bus, row.id, plan.when, plan.duration_minutes, plan.agenda,
                                        name=row.contact_name, contact_id=row.contact_id)
        if self._push(command):
            self.report(self.tr("Call with {name} moved to {when}.").format(name=row.contact_name,
                                                                          when=format_local(plan.when)))
            return True
        return False

    def cancel_selected(self) -> bool:
        row = self.selected_row()
        if row is None or row.is_held:
            return False
        command = CancelCallCommand(self.bus, row.id, name=row.contact_name, contact_id=row.contact_id)
        if self._push(command):
            self.report(self.tr("Call with {name} cancelled. Edit ▸ Undo brings it back.").format(name=row.contact_name))
            return True
        return False

    def _on_goal_changed(self, value: int) -> None:
        if value == settings_core.weekly_call_goal():
            return
        command = SetSettingsCommand(self.bus, {settings_core.WEEKLY_CALL_GOAL: value}, self.tr("Change the weekly goal"), merge=True)
        self._push(command)

    # -- calendar -----------------------------------------------------------------------------------------------

    def calendar_ids(self) -> list[int]:
        row = self.selected_row()
        if row is not None and not row.is_held:
            return [row.id]
        return self.upcoming.introduction_ids()

    def add_to_calendar(self) -> Path | None:
        ids = self.calendar_ids()
        if not ids:
            self.report(self.tr("There is no upcoming call to put in a calendar."))
            return None
        row = self.selected_row()
        stem = "introduction-calls"
        if row is not None and len(ids) == 1 and ids[0] == row.id:
            slug = re.sub(r"[^\w]+", "-", row.contact_name.casefold()).strip("-")
            stem = f"call-{slug}" if slug else "introduction-call"
        start = Path(str(self.settings.value("files/last_dir", str(Path.home()))))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Add to calendar"), str(start / f"{stem}.ics"),
                                              self.tr(ICS_FILTER))
        if not path:
            return None
        self.settings.setValue("files/last_dir", str(Path(path).parent))
        return self.export_calendar(path, ids)

    def export_calendar(self, path: str | Path, ids: list[int]) -> Path | None:
        """Write the calls *ids* to an .ics file; a refusal or a disk error is a sentence, not a traceback."""
        try:
            count = ics.write_ics(path, ids)
        except (ics.IcsError, core.IntroductionError) as exc:
            self.report(str(exc))
            return None
        except OSError as exc:
            self.report(self.tr("{path}: {reason}. Nothing was written.").format(path=path, reason=exc.strerror or exc))
            return None
        text = plural(
            count,
            self.tr("Saved the call to {path}: open it to add it to your calendar."),
            self.tr("Saved {n} calls to {path}: open it to add them to your calendar."),
        )
        self.report(text.replace("{path}", str(path)))
        return Path(path)


__all__ = ["GoalCard", "IntroductionDetail", "IntroductionsView", "WeeklyBars"]
