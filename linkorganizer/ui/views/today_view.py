"""Today: the first page — who is due, follow-ups waiting, calls, job changes, birthdays and reminders, each with
its next step in place (log, open, put off, done), every step undoable."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import introductions as introductions_core
from linkorganizer.core import invitations as invitations_core
from linkorganizer.core import today as core
from linkorganizer.core.network import Changes
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.three_is import RecordCallCommand, TransitionInvitationCommand
from linkorganizer.ui.commands.today import (
    CompleteReminderCommand,
    CreateReminderCommand,
    DismissJobChangeCommand,
    SnoozeCommand,
)
from linkorganizer.ui.dialogs.record_call_dialog import RecordCallDialog
from linkorganizer.ui.dialogs.reminder_dialog import ReminderDialog
from linkorganizer.ui.keep_in_touch import due_text, every_text, since_text
from linkorganizer.ui.localtime import format_day, format_local, overdue_text, plural, relative_days, utc_now, utc_today
from linkorganizer.ui.views.interactions_view import ask_and_log
from linkorganizer.ui.views.lazy_view import LazyView, section_label

SHOWN_PER_SECTION = 12
SECTION_TITLES = {
    "reminder": "Reminders",
    "call": "Calls today",
    "unrecorded_call": "Calls to record",
    "follow_up": "Invitations to follow up",
    "keep_in_touch": "Due to keep in touch",
    "job_change": "Job changes to congratulate",
    "birthday": "Birthdays",
}
SECTION_ICONS = {
    "reminder": "reminder", "call": "phone", "unrecorded_call": "record_call", "follow_up": "follow_up",
    "keep_in_touch": "due", "job_change": "job_change", "birthday": "birthday",
}
# A row's first step, then the others; "snooze" becomes a menu of days.
ACTIONS: dict[str, tuple[str, ...]] = {
    "reminder": ("done", "contact", "snooze"),
    "call": ("record", "contact", "snooze"),
    "unrecorded_call": ("record", "contact", "snooze"),
    "follow_up": ("follow_up", "invitation", "snooze"),
    "keep_in_touch": ("log", "contact", "snooze"),
    "job_change": ("congratulate", "contact", "dismiss"),
    "birthday": ("log", "contact", "done"),
}
ACTION_LABELS = {
    "done": "Done", "contact": "Open", "snooze": "Later", "record": "Record call…", "follow_up": "Follow up",
    "invitation": "Open invitation", "log": "Log…", "congratulate": "Congratulate", "dismiss": "Dismiss",
}
ACTION_ICONS = {
    "done": "done", "contact": "contact", "snooze": "snooze", "record": "record_call", "follow_up": "follow_up",
    "invitation": "inbox", "log": "log_interaction", "congratulate": "accept", "dismiss": "decline",
}
SNOOZE_DAYS = ((1, "Until tomorrow"), (3, "For 3 days"), (7, "For a week"))


class TodayRow(QFrame):
    """One entry: what it is, who, why, and its buttons."""

    def __init__(self, entry: core.TodayEntry, text: str, detail: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entry = entry
        self.setObjectName("todayRow")
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 8, 6)
        row.setSpacing(10)
        texts = QVBoxLayout()
        texts.setSpacing(1)
        self.title = QLabel(text)
        self.title.setObjectName("todayTitle")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        texts.addWidget(self.title)
        self.detail = QLabel(detail)
        self.detail.setObjectName("todayDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setVisible(bool(detail))
        texts.addWidget(self.detail)
        row.addLayout(texts, 1)
        self.buttons: dict[str, QPushButton | QToolButton] = {}
        self.button_row = QHBoxLayout()
        self.button_row.setSpacing(6)
        row.addLayout(self.button_row)

    def add_button(self, key: str, button: QPushButton | QToolButton) -> None:
        button.setObjectName(f"today_{key}")
        self.buttons[key] = button
        self.button_row.addWidget(button)


class TodayView(LazyView):
    invitation_requested = Signal(int)  # "show this invitation in the inbox"

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(undo_stack, bus, parent)
        self.setObjectName("todayView")
        self._entries: list[core.TodayEntry] = []
        self._read_on: _dt.date | None = None  # the day the entries were gathered for
        self.rows: list[TodayRow] = []
        self.new_reminder_button = QPushButton(self.tr("New reminder…"))
        self.new_reminder_button.setObjectName("newReminder")
        self.themed_icon(self.new_reminder_button, "reminder")
        self.new_reminder_button.clicked.connect(lambda: self.new_reminder())
        head = self.page_head(self.tr("Today"), self.new_reminder_button, right=24)  # the rows' buttons' edge

        self.content = QWidget()
        self.content.setObjectName("todayContent")
        # On a wide window the steps stay within reach of the names they act on.
        self.content.setMaximumWidth(1080)
        page = QVBoxLayout(self.content)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addLayout(head)  # inside the page's width, so the button lines up with the rows' steps
        self.sections = QVBoxLayout()
        self.sections.setContentsMargins(16, 0, 16, 16)
        self.sections.setSpacing(4)
        self.sections.addStretch(1)  # until the entries are read (after the window's first paint): head at the top
        page.addLayout(self.sections, 1)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("todayScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.scroll, 1)
        bus.changed.connect(self._on_changed)

    # -- showing ------------------------------------------------------------------------------------------------

    def concerns(self, changes: Changes) -> bool:
        return changes.reload or bool(
            changes.contact_rows or changes.interactions or changes.invitations or changes.introductions
            or changes.job_changes or changes.reminders or changes.snoozes or changes.settings
        )  # fmt: skip

    def entries(self) -> list[core.TodayEntry]:
        return list(self._entries)

    def is_fresh(self) -> bool:
        """Whether the entries shown are today's and nothing they show changed since they were gathered."""
        return not self._dirty and self._read_on == utc_today()

    def reload(self) -> None:
        self._dirty = False
        self._read_on = utc_today()
        self._entries = core.gather(self._read_on)
        while self.sections.count():
            item = self.sections.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.rows = []
        by_kind: dict[str, list[core.TodayEntry]] = {}
        for entry in self._entries:
            by_kind.setdefault(entry.kind, []).append(entry)
        for kind in core.KINDS:
            found = by_kind.get(kind, [])
            if not found:
                continue
            header = section_label(f"{self.tr(SECTION_TITLES[kind])}  ·  {len(found)}")
            header.setObjectName("todaySection")
            self.sections.addWidget(header)
            for entry in found[:SHOWN_PER_SECTION]:
                row = self._row(entry)
                self.rows.append(row)
                self.sections.addWidget(row)
            if len(found) > SHOWN_PER_SECTION:
                more = QLabel(plural(len(found) - SHOWN_PER_SECTION, self.tr("… and {n} more"),
                                     self.tr("… and {n} more")))
                more.setObjectName("todayMore")
                self.sections.addWidget(more)
        if not self._entries:
            empty = QLabel(self.tr("Nothing asks for you today.\n\nPeople due to keep in touch, follow-ups, calls, "
                                   "job changes from your imports, birthdays and your reminders show up here."))
            empty.setObjectName("noMatch")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty.setWordWrap(True)
            self.sections.addWidget(empty)
        self.sections.addStretch(1)
        self.summary.setText(self._summary())

    def _summary(self) -> str:
        if not self._entries:
            return self.tr("All clear.")
        return plural(len(self._entries), self.tr("{n} thing to see to"), self.tr("{n} things to see to")) + ". " + \
            self.tr("Every step here can be undone with Edit ▸ Undo.")

    def _words(self, entry: core.TodayEntry) -> tuple[str, str]:
        """The row's two lines."""
        name = entry.name or self.tr("Just for you")
        kind = entry.kind
        if kind == "reminder":
            when = self.tr("today") if entry.days == 0 else overdue_text(entry.days)
            return entry.text, (f"{name} · " if entry.contact_id else "") + when
        if kind in ("call", "unrecorded_call"):
            when = format_local(entry.at) if kind == "unrecorded_call" else format_local(entry.at)[-5:]
            state = self.tr("call at {time}") if kind == "call" else self.tr("call on {time}, not recorded yet")
            return name, state.format(time=when) + (f" · {entry.text}" if entry.text else "")
        if kind == "follow_up":
            return name, self.tr("asked “How may I help you?”, no answer yet") + " · " + overdue_text(entry.days)
        if kind == "keep_in_touch":
            status = entry.detail
            return name, f"{due_text(status)} · {self.tr('last in touch')} {since_text(status)} · " \
                         f"{every_text(status.cadence_days or 0)}"
        if kind == "job_change":
            return name, f"{entry.text} · {self.tr('seen')} {format_day(entry.on)}"
        if kind == "birthday":
            when = relative_days(entry.days)
            age = self.tr(", turns {n}").format(n=entry.text) if entry.text else ""
            return name, self.tr("birthday {when} ({day}{age})").format(when=when, day=format_day(entry.on), age=age)
        return name, ""

    def _row(self, entry: core.TodayEntry) -> TodayRow:
        title, detail = self._words(entry)
        row = TodayRow(entry, title, detail)
        icon = QLabel()
        icon.setPixmap(icons.icon(SECTION_ICONS[entry.kind]).pixmap(18, 18))
        row.layout().insertWidget(0, icon, 0, Qt.AlignmentFlag.AlignTop)
        for key in ACTIONS[entry.kind]:
            if key == "snooze":
                button = QToolButton()
                button.setText(self.tr(ACTION_LABELS[key]))
                button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
                button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                menu = QMenu(button)
                for days, label in SNOOZE_DAYS:
                    menu.addAction(self.tr(label)).triggered.connect(
                        lambda _c=False, e=entry, d=days: self.snooze(e, d))
                button.setMenu(menu)
                button.setToolTip(self.tr("Put this off; it comes back on the day you choose"))
            else:
                button = QPushButton(self.tr(ACTION_LABELS[key]))
                button.clicked.connect(lambda _c=False, e=entry, k=key: self.run_action(e, k))
            button.setIcon(icons.icon(ACTION_ICONS[key]))
            policy = QSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            policy.setRetainSizeWhenHidden(True)  # a reminder about nobody keeps its buttons in line with the others
            button.setSizePolicy(policy)
            row.add_button(key, button)
            if key == "contact" and entry.contact_id is None:
                button.hide()
        return row

    def row_for(self, kind: str, ref: int) -> TodayRow | None:
        return next((r for r in self.rows if r.entry.kind == kind and r.entry.ref == ref), None)

    def current_contact_id(self) -> int | None:
        return None

    # -- the steps ----------------------------------------------------------------------------------------------

    def _push(self, command, done: str) -> bool:
        self.undo_stack.push(command)
        if getattr(command, "error", None):
            self.report(command.error)
            return False
        self.report(done + " " + self.tr("Edit ▸ Undo takes it back."))
        return True

    def run_action(self, entry: core.TodayEntry, key: str) -> bool:
        steps: dict[str, Callable[[core.TodayEntry], bool]] = {
            "done": self.done, "contact": self._open_contact, "record": self.record_call,
            "follow_up": self.follow_up, "invitation": self._open_invitation, "log": self.log,
            "congratulate": self.congratulate, "dismiss": self.dismiss,
        }
        step = steps.get(key)
        return step(entry) if step is not None else False

    def _open_contact(self, entry: core.TodayEntry) -> bool:
        if entry.contact_id is None:
            return False
        self.contact_requested.emit(entry.contact_id)
        return True

    def _open_invitation(self, entry: core.TodayEntry) -> bool:
        self.invitation_requested.emit(entry.ref)
        return True

    def snooze(self, entry: core.TodayEntry, days: int) -> bool:
        until = utc_today() + _dt.timedelta(days=days)
        command = SnoozeCommand(self.bus, entry.kind, entry.ref, until, entry.name or entry.text)
        return self._push(command, self.tr("Put off until {day}.").format(day=format_day(until)))

    def done(self, entry: core.TodayEntry) -> bool:
        if entry.kind == "reminder":
            return self._push(CompleteReminderCommand(self.bus, entry.ref, entry.text), self.tr("Done."))
        if entry.kind == "birthday":  # wished: back next year
            until = entry.on + _dt.timedelta(days=1)
            return self._push(SnoozeCommand(self.bus, entry.kind, entry.ref, until, entry.name),
                              self.tr("Birthday of {name} done.").format(name=entry.name))
        return False

    def log(self, entry: core.TodayEntry) -> bool:
        if entry.contact_id is None:
            return False
        return ask_and_log(self, self.undo_stack, self.bus, entry.contact_id, entry.name, self.report) is not None

    def congratulate(self, entry: core.TodayEntry) -> bool:
        """Log the congratulations and take the job change off Today, in one step."""
        command = DismissJobChangeCommand(self.bus, [entry.ref], entry.name, entry.contact_id, utc_now())
        return self._push(command, self.tr("Congratulated {name}: logged as a message.").format(name=entry.name))

    def dismiss(self, entry: core.TodayEntry) -> bool:
        command = DismissJobChangeCommand(self.bus, [entry.ref], entry.name)
        return self._push(command, self.tr("Job change of {name} dismissed; it stays on the contact.").format(
            name=entry.name))

    def follow_up(self, entry: core.TodayEntry) -> bool:
        """Record that I followed up (asked → asked) and put "How may I help you?" on the clipboard again."""
        command = TransitionInvitationCommand(self.bus, entry.ref, "asked", name=entry.name)
        if not self._push(command, self.tr("Followed up with {name}: the question is on the clipboard again.").format(
                name=entry.name)):
            return False
        QGuiApplication.clipboard().setText(invitations_core.render_template("ask", entry.ref))
        return True

    def record_call(self, entry: core.TodayEntry) -> bool:
        try:
            row = introductions_core.get_introduction(entry.ref)
        except introductions_core.IntroductionError as exc:
            self.report(str(exc))
            return False
        outcome = RecordCallDialog.ask(self, row)
        if outcome is None:
            return False
        command = RecordCallCommand(
            self.bus, row.id, notes=outcome.notes, their_needs=outcome.their_needs, my_offer=outcome.my_offer,
            outcome=outcome.outcome, held_at=outcome.held_at, name=row.contact_name,
        )
        return self._push(command, self.tr("Call with {name} recorded.").format(name=row.contact_name))

    def new_reminder(self, contact_id: int | None = None, person: str | None = None) -> int | None:
        """Ask for a reminder (about *contact_id* when *person* names them) and add it; its id, or None."""
        entry = ReminderDialog.ask(self, contact_id, person)
        if entry is None:
            return None
        command = CreateReminderCommand(self.bus, entry.text, entry.due_on, entry.contact_id, person or "")
        if not self._push(command, self.tr("Reminder set for {day}.").format(day=format_day(entry.due_on))):
            return None
        return command.reminder_id


__all__ = ["TodayView"]
