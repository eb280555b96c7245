"""The History section of the contact panel: the relationship at a glance (last interaction, give/receive
balance, next due) and everything that happened — interactions, introduction calls, the invitation and its
moves — newest first, with "Log interaction…", "Schedule call…" and "Add note…" at hand. On a shared network each
interaction says who logged it, and a private one carries a lock (nobody else sees it)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.core import interactions as core
from linkorganizer.core import job_changes as job_changes_core
from linkorganizer.core import reminders as reminders_core
from linkorganizer.ui import icons
from linkorganizer.ui.keep_in_touch import next_due_text
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.three_is import ScheduleCallCommand
from linkorganizer.ui.commands.today import CreateReminderCommand
from linkorganizer.ui.dialogs.reminder_dialog import ReminderDialog
from linkorganizer.ui.dialogs.interaction_dialog import kind_icon_name
from linkorganizer.ui.dialogs.schedule_dialog import ScheduleDialog
from linkorganizer.ui.localtime import format_day, format_local, format_short, relative_days, utc_today
from linkorganizer.ui.views.interactions_view import ask_and_edit, ask_and_log

SHOWN = 8  # the latest entries; "Show all" expands the list in place
GIVE_COLOUR = "#2F855A"
RECEIVE_COLOUR = "#2B6CB0"
EVENT_ICONS = {
    "accepted": "accept",
    "declined": "decline",
    "asked": "ask",
    "replied": "reply",
    "ignored": "ignore",
    "withdrawn": "withdraw",
}


def entry_icon(entry: core.HistoryEntry) -> str:
    if entry.source == "interaction":
        return kind_icon_name(entry.kind)
    if entry.source == "introduction":
        return "scheduled" if entry.kind == "scheduled" else "introductions"
    if entry.source == "invitation":
        return "invitation"
    return EVENT_ICONS.get(entry.kind, "state_change")


class HistoryEntryWidget(QFrame):
    """One entry. An interaction can be edited from its context menu; on a *shared* network it names who logged
    it and a private one shows a lock."""

    edit_requested = Signal(int)  # the interaction's id

    def __init__(
        self, entry: core.HistoryEntry, parent: QWidget | None = None, shared: bool = False, me: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("historyEntry")
        self.entry = entry
        self.edit_action: QAction | None = None
        interaction_id = entry.interaction_id if entry.source == "interaction" else None
        if interaction_id is not None:
            self.edit_action = QAction(icons.icon("edit"), self.tr("Edit…"), self)
            self.edit_action.triggered.connect(lambda: self.edit_requested.emit(interaction_id))
            self.addAction(self.edit_action)
            self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 5, 0, 5)
        row.setSpacing(10)
        icon = QLabel()
        icon.setPixmap(icons.icon(entry_icon(entry)).pixmap(16, 16))
        icon.setFixedWidth(18)
        row.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        body = QVBoxLayout()
        body.setSpacing(1)
        head = QHBoxLayout()
        head.setSpacing(8)
        title = QLabel(html.escape(entry.title) + self._flow(entry))
        title.setObjectName("historyTitle")
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        head.addWidget(title, 1)
        self.lock: QLabel | None = None
        if shared and entry.private:
            self.lock = QLabel()
            self.lock.setObjectName("historyPrivate")
            self.lock.setPixmap(icons.icon("private").pixmap(14, 14))
            # The network's owner sees everyone's (as an administrator): then it is someone else's private entry.
            self.lock.setToolTip(self.tr("Private: only you can see it") if entry.logged_by in ("", me) else
                                 self.tr("Private to {name}: the others do not see it").format(name=entry.logged_by))
            self.lock.setAccessibleName(self.tr("Private"))
            head.addWidget(self.lock, 0, Qt.AlignmentFlag.AlignTop)
        when = QLabel(format_short(entry.at) if entry.at else "")
        when.setObjectName("historyWhen")
        when.setToolTip(format_local(entry.at))
        head.addWidget(when, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(head)
        if entry.text:
            text = QLabel(entry.text)
            text.setObjectName("historyText")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.addWidget(text)
        self.logged_by: QLabel | None = None
        if shared and entry.logged_by:
            self.logged_by = QLabel(self.tr("logged by {name}").format(name=entry.logged_by))
            self.logged_by.setObjectName("historyBy")
            self.logged_by.setTextFormat(Qt.TextFormat.PlainText)
            body.addWidget(self.logged_by)
        row.addLayout(body, 1)

    def _flow(self, entry: core.HistoryEntry) -> str:
        # The title already says "given" or "received": a coloured arrow makes the balance visible at a glance.
        if entry.flow == "give":
            return f" <span style='color:{GIVE_COLOUR}'>↗</span>"
        if entry.flow == "receive":
            return f" <span style='color:{RECEIVE_COLOUR}'>↙</span>"
        return ""


class ContactHistory(QWidget):
    """Shown in the contact panel for one contact; logs and schedules through undoable commands."""

    message = Signal(str)

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactHistory")
        self.undo_stack = undo_stack
        self.bus = bus
        self.contact_id: int | None = None
        self.name = ""
        self.expanded = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        head = QHBoxLayout()
        title = QLabel(self.tr("History"))
        title.setObjectName("editorSection")
        head.addWidget(title, 1)
        # Beside the title, not in the row below: a third button there would not fit a narrow panel.
        self.remind_button = QPushButton(self.tr("Remind me…"))
        self.remind_button.setObjectName("historyRemind")
        self.remind_button.setToolTip(self.tr("A dated reminder about this person; Today lists it on its day"))
        self.remind_button.clicked.connect(self.add_reminder)
        self.note_button = QPushButton(self.tr("Add note…"))
        self.note_button.setObjectName("historyNote")
        self.note_button.setToolTip(self.tr("A note about this person, in their history; it does not reset the "
                                            "keep-in-touch clock"))
        self.note_button.clicked.connect(self.add_note)
        head.addWidget(self.note_button)
        head.addWidget(self.remind_button)
        box.addLayout(head)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        self.log_button = QPushButton(self.tr("Log interaction…"))
        self.log_button.setObjectName("historyLog")
        self.log_button.setToolTip(self.tr("Log a call, meeting, message, help or a referral (Ctrl+L)"))
        self.log_button.clicked.connect(self.log_interaction)
        self.schedule_button = QPushButton(self.tr("Schedule call…"))
        self.schedule_button.setObjectName("historySchedule")
        self.schedule_button.clicked.connect(self.schedule_call)
        buttons.addWidget(self.log_button)
        buttons.addWidget(self.schedule_button)
        buttons.addStretch(1)
        box.addLayout(buttons)

        form = QFormLayout()
        # Flush left under the section title, like the sections below: a block of its own, not more form rows.
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(4)
        self.last = QLabel()
        self.last.setObjectName("historyLast")
        self.last.setWordWrap(True)
        self.balance = QLabel()
        self.balance.setObjectName("historyBalance")
        self.balance.setTextFormat(Qt.TextFormat.RichText)
        self.balance.setWordWrap(True)
        self.next_due = QLabel()
        self.next_due.setObjectName("historyNextDue")
        self.next_due.setWordWrap(True)
        for title, value in ((self.tr("Last interaction"), self.last), (self.tr("Give / receive"), self.balance),
                             (self.tr("Next due"), self.next_due)):
            key = QLabel(title)
            key.setObjectName("historyKey")
            form.addRow(key, value)
        # The marks that stay on the contact: job changes an import saw, reminders not done yet.
        self.job_change = QLabel()
        self.job_change.setObjectName("historyJobChange")
        self.job_change.setWordWrap(True)
        self.job_change_key = QLabel(self.tr("Changed job"))
        self.job_change_key.setObjectName("historyKey")
        form.addRow(self.job_change_key, self.job_change)
        self.reminders = QLabel()
        self.reminders.setObjectName("historyReminders")
        self.reminders.setWordWrap(True)
        self.reminders_key = QLabel(self.tr("Reminders"))
        self.reminders_key.setObjectName("historyKey")
        form.addRow(self.reminders_key, self.reminders)
        box.addLayout(form)

        self.entries = QVBoxLayout()
        self.entries.setSpacing(0)
        box.addLayout(self.entries)
        self.more = QLabel()
        self.more.setObjectName("editorHint")
        self.more.linkActivated.connect(self._toggle_all)
        box.addWidget(self.more)
        self.empty = QLabel(self.tr("Nothing yet. Log what you do together — help, referrals, calls — and the "
                                    "relationship stays reciprocal."))
        self.empty.setObjectName("editorHint")
        self.empty.setWordWrap(True)
        box.addWidget(self.empty)

        bus.changed.connect(self._on_changed)

    def refresh_icons(self) -> None:
        self.log_button.setIcon(icons.icon("log_interaction"))
        self.schedule_button.setIcon(icons.icon("schedule"))
        self.remind_button.setIcon(icons.icon("reminder"))
        self.note_button.setIcon(icons.icon("add_note"))

    def show_contact(self, contact_id: int | None, name: str = "") -> None:
        if contact_id != self.contact_id:
            self.expanded = False
        self.contact_id = contact_id
        self.name = name
        self.refresh()

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if self.contact_id is None:
            return
        if changes.reload or changes.introductions or changes.invitations or self.contact_id in changes.interactions \
                or self.contact_id in changes.job_changes or changes.reminders:
            self.refresh()

    def refresh(self) -> None:
        while self.entries.count():
            item = self.entries.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if self.contact_id is None:
            return
        self.refresh_icons()
        try:
            summary = core.contact_summary(self.contact_id, utc_today())
        except core.InteractionError:
            return
        self.name = summary.name or self.name
        last = summary.last_interaction
        if last is not None and last.occurred_at is not None:
            days = (last.occurred_at.date() - utc_today()).days
            self.last.setText(f"{self.tr(last.label)} · {relative_days(days)}")
        else:
            self.last.setText(self.tr("none yet"))
        self.balance.setText(self._balance(summary))
        self.next_due.setText(self._next_due(summary))
        self._show_marks()
        entries = core.history(self.contact_id)
        shown = entries if self.expanded else entries[:SHOWN]
        shared = self.bus.network.shared
        me = core.current_role() if shared else ""
        for entry in shown:
            widget = HistoryEntryWidget(entry, shared=shared, me=me)
            widget.edit_requested.connect(self.edit_interaction)
            self.entries.addWidget(widget)
        if len(entries) > SHOWN:
            text = self.tr("Show fewer") if self.expanded else self.tr("Show all {n} entries").format(n=len(entries))
            self.more.setText(f'<a href="toggle">{html.escape(text)}</a>')
        self.more.setVisible(len(entries) > SHOWN)
        self.empty.setVisible(not entries)

    def _show_marks(self) -> None:
        assert self.contact_id is not None
        changes = job_changes_core.of_contact(self.contact_id)
        self.job_change.setText("\n".join(
            f"★ {format_day(c.changed_on)}: {c.before or '—'} → {c.after or '—'}" for c in changes[:3]
        ))
        self.job_change.setVisible(bool(changes))
        self.job_change_key.setVisible(bool(changes))
        due = reminders_core.of_contact(self.contact_id)
        self.reminders.setText("\n".join(f"{format_day(r.due_on)}: {r.text}" for r in due[:5]))
        self.reminders.setVisible(bool(due))
        self.reminders_key.setVisible(bool(due))

    def _toggle_all(self, _href: str = "") -> None:
        self.expanded = not self.expanded
        self.refresh()

    def _balance(self, summary: core.ContactSummary) -> str:
        given, received = summary.given, summary.received
        text = (
            f"<span style='color:{GIVE_COLOUR}'>↗&nbsp;{html.escape(self.tr('gave {n}').format(n=given))}</span>"
            f" · <span style='color:{RECEIVE_COLOUR}'>↙&nbsp;{html.escape(self.tr('received {n}').format(n=received))}"
            "</span>"
        )
        if given or received:
            if summary.balance > 0:
                verdict = self.tr("you gave more")
            elif summary.balance < 0:
                verdict = self.tr("they gave more: time to give back")
            else:
                verdict = self.tr("even")
            text += f" ({html.escape(verdict)})"
        return text

    def _next_due(self, summary: core.ContactSummary) -> str:
        if summary.keep_in_touch is None:
            return self.tr("no cadence — set “Keep in touch” above to be reminded")
        return next_due_text(summary.keep_in_touch)

    # -- actions ------------------------------------------------------------------------------------------------

    def log_interaction(self) -> bool:
        if self.contact_id is None:
            return False
        return ask_and_log(self, self.undo_stack, self.bus, self.contact_id, self.name, self.message.emit) is not None

    def add_note(self) -> bool:
        """Write a note about this contact (an interaction of kind "note"; private on a shared network if asked)."""
        if self.contact_id is None:
            return False
        return ask_and_log(self, self.undo_stack, self.bus, self.contact_id, self.name, self.message.emit,
                           kind=core.NOTE) is not None

    def edit_interaction(self, interaction_id: int) -> bool:
        return ask_and_edit(self, self.undo_stack, self.bus, interaction_id, self.message.emit) is not None

    def entry_widgets(self) -> list[HistoryEntryWidget]:
        """The entries shown, newest first."""
        found = (self.entries.itemAt(i).widget() for i in range(self.entries.count()))
        return [w for w in found if isinstance(w, HistoryEntryWidget)]

    def add_reminder(self) -> int | None:
        """Ask for a reminder about this contact; Today lists it on its day. Its id, or None."""
        if self.contact_id is None:
            return None
        entry = ReminderDialog.ask(self, self.contact_id, self.name)
        if entry is None:
            return None
        command = CreateReminderCommand(self.bus, entry.text, entry.due_on, self.contact_id, self.name)
        self.undo_stack.push(command)
        if command.error:
            self.message.emit(command.error)
            return None
        self.message.emit(self.tr("Reminder set for {day}. Today lists it on that day.").format(
            day=format_day(entry.due_on)))
        return command.reminder_id

    def schedule_call(self) -> bool:
        if self.contact_id is None:
            return False
        plan = ScheduleDialog.ask(self, contact_id=self.contact_id, person=self.name)
        if plan is None:
            return False
        command = ScheduleCallCommand(self.bus, self.contact_id, plan.when, plan.duration_minutes, plan.agenda,
                                      name=self.name)
        self.undo_stack.push(command)
        if command.error:
            self.message.emit(command.error)
            return False
        self.message.emit(self.tr("Call with {name} scheduled for {when}.").format(name=self.name,
                                                                                   when=format_local(plan.when)))
        return True
