"""The invitation inbox: triage invitations the way the method says — ask "How may I help you?" when a message
isn't clear, decide once they have answered.

A list (``invitationList``) painted by a delegate, filters and search above it, the selected invitation in a
detail pane with exactly the moves its state allows. Keyboard: A accept, H ask ("How may I help you?"), D decline,
arrows move; the list keeps the focus, and after a move the next invitation is selected. Every move is one
undoable command; a refused one is a sentence in the pane and the status bar, never a traceback.
"""

from __future__ import annotations

import datetime as _dt
import html

import shiboken6

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSettings,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QPainter,
    QPalette,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.network import Changes
from linkorganizer.core import invitations as core
from linkorganizer.core import matches
from linkorganizer.core import settings as settings_core
from linkorganizer.core.contacts import ValidationError
from linkorganizer.ui import icons, preferences
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.three_is import (
    CreateInvitationCommand,
    ScheduleCallCommand,
    SetSettingsCommand,
    TransitionInvitationCommand,
)
from linkorganizer.ui.dialogs.invitation_dialog import InvitationDialog
from linkorganizer.ui.dialogs.namesake_dialog import NamesakeDialog
from linkorganizer.ui.flow_layout import FlowLayout
from linkorganizer.ui.dialogs.schedule_dialog import ScheduleDialog
from linkorganizer.ui.dialogs.template_dialog import TemplateDialog
from linkorganizer.ui.localtime import format_day, format_local, format_short, plural, relative_days, utc_today
from linkorganizer.ui.models.invitation_list import FILTERS, InvitationListModel, InvitationRole
from linkorganizer.ui.views.lazy_view import (
    DUE_COLOUR,
    STATE_COLOURS,
    UNCLEAR_COLOUR,
    InfoBar,
    LazyView,
    make_pill,
    paint_pill,
    section_label,
    set_pill,
)

SEARCH_DELAY_MS = 150
KEYS = {Qt.Key.Key_A: "accepted", Qt.Key.Key_H: "asked", Qt.Key.Key_D: "declined"}
MOVE_ICONS = {
    "asked": "ask",
    "replied": "reply",
    "accepted": "accept",
    "declined": "decline",
    "ignored": "ignore",
    "withdrawn": "withdraw",
}
MOVE_KEYS = {"accepted": "A", "asked": "H", "declined": "D"}
Index = QModelIndex | QPersistentModelIndex


def move_text(direction: str, state: str, to_state: str) -> str:
    """The label of the button that moves an invitation from *state* to *to_state* (untranslated)."""
    if to_state == "asked":
        return "Follow up" if state == "asked" else "Ask “How may I help you?”"
    if to_state == "replied":
        return "Record their reply"
    if to_state == "accepted":
        return "Accept" if direction == "incoming" else "They accepted"
    if to_state == "declined":
        return "Decline" if direction == "incoming" else "They declined"
    if to_state == "ignored":
        return "Ignore"
    if to_state == "withdrawn":
        return "Withdraw"
    return to_state.capitalize()


SUGGESTIONS = {
    "ask": "Their message doesn't say why they want to connect. Ask “How may I help you?” first (H): the text "
    "goes to the clipboard, ready to paste into LinkedIn.",
    "decide": "Decide: accept (A) if this is someone you want to work with and help, or decline politely (D).",
    "decide_replied": "They answered. Read their reasons, then accept (A) or decline (D).",
    "follow_up": "No reply for {days} days. Follow up once more (H), or let it go.",
    "wait": "Asked {when}; no reply yet. Record their reasons when they answer; after {delay} days without one it "
    "is due for a follow-up.",
    "wait_outgoing": "You sent it {when}. Record what they did when they answer, or withdraw it.",
    "none": "",
}


# ------------------------------------------------------------------------------------------------------- list


class InvitationDelegate(QStyledItemDelegate):
    """Paints one invitation: direction and name, date; the message's first line; state, unclear and due pills."""

    PAD_X, PAD_Y = 14, 9

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1.5, 7.0))
        small.setWeight(QFont.Weight.DemiBold)
        return base, bold, small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        base, bold, small = self._fonts(option)
        height = (
            self.PAD_Y * 2
            + QFontMetrics(bold).height()
            + 3
            + QFontMetrics(base).height()
            + 7
            + QFontMetrics(small).height()
            + 4
        )
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        row: core.InvitationRow | None = index.data(InvitationRole.Row)
        if row is None:
            return
        self.initStyleOption(option, index)
        widget = option.widget
        style = widget.style() if widget is not None else None
        painter.save()
        option.text = ""
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText)
        if selected:
            muted.setAlpha(215)
        base, bold, small = self._fonts(option)
        rect = option.rect.adjusted(self.PAD_X, self.PAD_Y, -self.PAD_X, -self.PAD_Y)
        y = rect.top()

        # Line 1: direction, name, date.
        bold_metrics = QFontMetrics(bold)
        line = bold_metrics.height()
        icon_size = 16
        icons.icon(row.direction, muted.name()).paint(
            painter, QRect(rect.left(), y + (line - icon_size) // 2, icon_size, icon_size)
        )
        date = format_short(row.sent_at or row.state_changed_at)
        painter.setFont(base)
        date_width = QFontMetrics(base).horizontalAdvance(date)
        painter.setPen(muted)
        painter.drawText(QRect(rect.right() - date_width, y, date_width, line),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, date)
        name_left = rect.left() + icon_size + 8
        name_width = rect.right() - date_width - 12 - name_left
        painter.setFont(bold)
        painter.setPen(ink)
        name = bold_metrics.elidedText(row.display_name or "?", Qt.TextElideMode.ElideRight, name_width)
        painter.drawText(QRect(name_left, y, name_width, line),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
        y += line + 3

        # Line 2: the message (or its absence).
        metrics = QFontMetrics(base)
        painter.setFont(base)
        message = " ".join(row.message.split())
        if message:
            painter.setPen(ink if selected else palette.color(QPalette.ColorRole.Text))
            text = metrics.elidedText(message, Qt.TextElideMode.ElideRight, rect.width() - (icon_size + 8))
        else:
            italic = QFont(base)
            italic.setItalic(True)
            painter.setFont(italic)
            painter.setPen(muted)
            text = self.tr("No message")
        painter.drawText(QRect(name_left, y, rect.width() - (icon_size + 8), metrics.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        y += metrics.height() + 7

        # Line 3: pills, and how long it has waited.
        x = name_left
        x += paint_pill(painter, x, y, self.tr(row.state_label), STATE_COLOURS.get(row.state, "#718096"), selected, small) + 6
        if row.unclear and row.state == "new":
            x += paint_pill(painter, x, y, self.tr("Unclear — ask first"), UNCLEAR_COLOUR, selected, small) + 6
        if row.due:
            x += paint_pill(painter, x, y, self.tr("Due for follow-up"), DUE_COLOUR, selected, small) + 6
        waited = _waiting_text(row)
        if waited:
            small_metrics = QFontMetrics(small)
            painter.setFont(base)
            painter.setPen(muted)
            width = rect.right() - x
            if width > 40:
                text = QFontMetrics(base).elidedText(waited, Qt.TextElideMode.ElideLeft, width)
                painter.drawText(QRect(x, y, width, small_metrics.height() + 4),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

        if not selected:
            separator = palette.color(QPalette.ColorRole.Mid)
            separator.setAlpha(110)
            painter.setPen(separator)
            painter.drawLine(option.rect.left() + self.PAD_X, option.rect.bottom(), option.rect.right() - self.PAD_X,
                             option.rect.bottom())
        painter.restore()


def _tr(text: str) -> str:
    return QGuiApplication.translate("InboxView", text)


def _waiting_text(row: core.InvitationRow) -> str:
    if row.days_waiting is None or row.state not in core.OPEN_STATES:
        return ""
    if row.state == "asked":
        return _tr("asked {when}").format(when=relative_days(-row.days_waiting))
    if row.state == "replied":
        return _tr("replied {when}").format(when=relative_days(-row.days_waiting))
    if row.days_waiting <= 0:
        return ""
    return _tr("waiting {n} days").format(n=row.days_waiting) if row.days_waiting > 1 else _tr("waiting 1 day")


class InvitationListView(QListView):
    """The list; A, H and D ask for a move (the selection and the focus stay here)."""

    move_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        to_state = KEYS.get(Qt.Key(event.key()))
        if to_state is not None and modifiers in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            event.accept()
            self.move_requested.emit(to_state)
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        # Typing letters must not jump around the list: letters are commands here.
        return


# ------------------------------------------------------------------------------------------------------ detail


class InvitationDetail(QWidget):
    """The selected invitation: who, the message, their reply, the suggested next step, the allowed moves, the
    timeline of its states."""

    move_requested = Signal(str)
    copy_requested = Signal(str)  # a template kind: "ask", "follow_up", "thanks" or "decline"
    schedule_requested = Signal()
    contact_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("invitationDetail")
        self.row: core.InvitationRow | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        outer.setSpacing(8)

        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.title, 1)
        self.state_pill = make_pill()
        self.state_pill.setObjectName("invitationState")
        head.addWidget(self.state_pill, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("editorSubtitle")
        self.subtitle.setWordWrap(True)
        outer.addWidget(self.subtitle)
        self.links = QLabel()
        self.links.setObjectName("invitationLinks")
        self.links.setWordWrap(True)
        self.links.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.links.linkActivated.connect(self._on_link)
        outer.addWidget(self.links)

        self.error = QLabel()
        self.error.setObjectName("editorError")
        self.error.setWordWrap(True)
        self.error.hide()
        outer.addWidget(self.error)

        self.suggestion = QFrame()
        self.suggestion.setObjectName("suggestion")
        suggestion_row = QHBoxLayout(self.suggestion)
        suggestion_row.setContentsMargins(10, 8, 10, 8)
        self.suggestion_icon = QLabel()
        suggestion_row.addWidget(self.suggestion_icon, 0, Qt.AlignmentFlag.AlignTop)
        self.suggestion_text = QLabel()
        self.suggestion_text.setObjectName("suggestionText")
        self.suggestion_text.setWordWrap(True)
        suggestion_row.addWidget(self.suggestion_text, 1)
        outer.addWidget(self.suggestion)

        self.buttons: dict[str, QPushButton] = {}
        # Both button rows wrap on a narrow window rather than push the detail sideways.
        moves = FlowLayout(spacing=6)
        for to_state in ("asked", "replied", "accepted", "declined", "ignored", "withdrawn"):
            button = QPushButton()
            button.setObjectName(f"move_{to_state}")
            button.clicked.connect(lambda _c=False, s=to_state: self.move_requested.emit(s))
            button.setAutoDefault(False)
            self.buttons[to_state] = button
            moves.addWidget(button)
        outer.addLayout(moves)
        extra = FlowLayout(spacing=6)
        self.schedule_button = QPushButton(self.tr("Schedule call…"))
        self.schedule_button.setObjectName("scheduleFromInvitation")
        self.schedule_button.setToolTip(self.tr("Have an introduction call before you decide"))
        self.schedule_button.clicked.connect(self.schedule_requested.emit)
        extra.addWidget(self.schedule_button)
        self.copy_ask = QPushButton(self.tr("Copy “How may I help you?”"))
        self.copy_ask.setObjectName("copyAsk")
        # The template the moment calls for: the question, a follow-up once the wait has passed, or thanks.
        self.copy_kind = "ask"
        self.copy_ask.clicked.connect(lambda: self.copy_requested.emit(self.copy_kind))
        extra.addWidget(self.copy_ask)
        self.copy_decline = QPushButton(self.tr("Copy polite decline"))
        self.copy_decline.setObjectName("copyDecline")
        self.copy_decline.clicked.connect(lambda: self.copy_requested.emit("decline"))
        extra.addWidget(self.copy_decline)
        outer.addLayout(extra)

        outer.addWidget(section_label(self.tr("Message")))
        self.message = QLabel()
        self.message.setObjectName("invitationMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.message)

        self.reply_label = section_label(self.tr("Their reply"))
        outer.addWidget(self.reply_label)
        self.reply_text = QLabel()
        self.reply_text.setObjectName("invitationReplyText")
        self.reply_text.setWordWrap(True)
        self.reply_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.reply_text)
        self.reply = QPlainTextEdit()
        self.reply.setObjectName("invitationReply")
        self.reply.setPlaceholderText(self.tr("When they answer, write down their reasons here, then “Record their reply”."))
        self.reply.setTabChangesFocus(True)
        self.reply.setFixedHeight(84)
        outer.addWidget(self.reply)

        self.note_label = section_label(self.tr("Note"))
        outer.addWidget(self.note_label)
        self.note = QLabel()
        self.note.setWordWrap(True)
        outer.addWidget(self.note)

        outer.addWidget(section_label(self.tr("Timeline")))
        self.timeline = QLabel()
        self.timeline.setObjectName("invitationTimeline")
        self.timeline.setWordWrap(True)
        self.timeline.setTextFormat(Qt.TextFormat.RichText)
        outer.addWidget(self.timeline)
        outer.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def refresh_icons(self) -> None:
        for to_state, button in self.buttons.items():
            button.setIcon(icons.icon(MOVE_ICONS[to_state]))
        self.schedule_button.setIcon(icons.icon("schedule"))
        self.copy_ask.setIcon(icons.icon("copy"))
        self.copy_decline.setIcon(icons.icon("copy"))

    def show_invitation(self, row: core.InvitationRow, keep_reply: bool = False) -> None:
        same = self.row is not None and self.row.id == row.id
        self.row = row
        self.refresh_icons()
        self.error.hide()
        self.title.setText(row.display_name or self.tr("(no name)"))
        set_pill(self.state_pill, self.tr(row.state_label), STATE_COLOURS.get(row.state, "#718096"))
        if row.direction == "incoming":
            what = self.tr("Invitation received {when}")
        else:
            what = self.tr("Invitation sent {when}")
        self.subtitle.setText(what.format(when=format_local(row.sent_at)) if row.sent_at else
                              what.format(when="").strip())
        links = []
        if row.profile_url:
            shown = row.profile_url.removeprefix("https://").removeprefix("www.")
            links.append(f'<a href="{html.escape(row.profile_url)}">{html.escape(shown)}</a>')
        if row.contact_id is not None:
            links.append(f'<a href="contact:{row.contact_id}">{html.escape(self.tr("Open contact"))}</a>')
        self.links.setText(" &nbsp;·&nbsp; ".join(links))
        self.links.setVisible(bool(links))

        suggestion = self._suggestion(row)
        self.suggestion_text.setText(suggestion)
        self.suggestion.setVisible(bool(suggestion))
        icon_name = {"ask": "ask", "follow_up": "follow_up", "decide": "accept"}.get(row.suggestion, "invitation")
        self.suggestion_icon.setPixmap(icons.icon(icon_name).pixmap(18, 18))

        allowed = set(row.allowed)
        if row.state == "asked" and not row.due:
            allowed.discard("asked")  # a follow-up is offered only once the follow-up delay has passed
        for to_state, button in self.buttons.items():
            button.setVisible(to_state in allowed)
            button.setText(self.tr(move_text(row.direction, row.state, to_state)))
            key = MOVE_KEYS.get(to_state)
            tip = self.tr(move_text(row.direction, row.state, to_state))
            button.setToolTip(f"{tip} ({key})" if key else tip)
            suggested = (
                (row.suggestion == "ask" and to_state == "asked")
                or (row.suggestion == "follow_up" and to_state == "asked")
                or (row.suggestion == "decide" and to_state == "accepted")
            )
            if button.property("suggested") != suggested:
                button.setProperty("suggested", suggested)
                button.style().unpolish(button)
                button.style().polish(button)
        incoming_open = row.direction == "incoming" and row.state in core.OPEN_STATES
        self.schedule_button.setVisible(incoming_open or (row.state == "accepted" and row.contact_id is not None))
        if row.state == "asked" and row.due:
            self.copy_kind, copy_text = "follow_up", self.tr("Copy follow-up")
        elif row.state == "accepted" and row.direction == "incoming":
            self.copy_kind, copy_text = "thanks", self.tr("Copy thank-you")
        else:
            self.copy_kind, copy_text = "ask", self.tr("Copy “How may I help you?”")
        self.copy_ask.setText(copy_text)
        self.copy_ask.setVisible(
            (incoming_open and row.state not in ("replied", "asked")) or self.copy_kind != "ask"
        )
        self.copy_decline.setVisible(incoming_open)

        if row.message:
            self.message.setText(html.escape(row.message).replace("\n", "<br>"))
            self.message.setTextFormat(Qt.TextFormat.RichText)
        else:
            self.message.setTextFormat(Qt.TextFormat.RichText)
            self.message.setText(f"<i>{html.escape(self.tr('No message.'))}</i>")
        if row.unclear and row.message:
            self.message.setToolTip(self.tr("LinkedIn's default text, or nothing that says why"))
        else:
            self.message.setToolTip("")

        asking = row.state == "asked" and row.direction == "incoming"
        self.reply_label.setVisible(asking or bool(row.reply))
        self.reply.setVisible(asking)
        self.reply_text.setVisible(not asking and bool(row.reply))
        self.reply_text.setText(row.reply)
        if not (keep_reply and same):
            self.reply.setPlainText(row.reply)
        self.note_label.setVisible(bool(row.note))
        self.note.setVisible(bool(row.note))
        self.note.setText(row.note)
        self._show_timeline(row)

    def _suggestion(self, row: core.InvitationRow) -> str:
        kind = row.suggestion
        if kind == "decide" and row.state == "replied":
            kind = "decide_replied"
        if kind == "wait" and row.direction == "outgoing":
            kind = "wait_outgoing"
        text = self.tr(SUGGESTIONS.get(kind, ""))
        when = relative_days(-(row.days_waiting or 0)) if row.days_waiting is not None else ""
        return text.format(days=row.days_waiting or 0, when=when, delay=settings_core.follow_up_days())

    def _show_timeline(self, row: core.InvitationRow) -> None:
        lines = []
        first = self.tr("Received") if row.direction == "incoming" else self.tr("Sent")
        lines.append((format_local(row.sent_at), first, ""))
        for from_state, to_state, at, note in core.invitation_events(row.id):
            if to_state == "asked" and from_state == "asked":
                label = self.tr("Followed up")
            elif to_state == "asked":
                label = self.tr("Asked “How may I help you?”")
            elif to_state == "replied":
                label = self.tr("They replied")
            else:
                label = self.tr(core.state_label(row.direction, to_state))
            lines.append((format_local(at), label, note))
        cells = []
        for when, label, note in lines:
            extra = f"<br><span>{html.escape(note)}</span>" if note else ""
            cells.append(
                f"<tr><td style='padding:2px 10px 2px 0; white-space:nowrap;'>{html.escape(when)}</td>"
                f"<td style='padding:2px 0;'><b>{html.escape(label)}</b>{extra}</td></tr>"
            )
        self.timeline.setText("<table cellspacing='0'>" + "".join(cells) + "</table>")

    def reply_value(self) -> str:
        return self.reply.toPlainText().strip()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _on_link(self, href: str) -> None:
        if href.startswith("contact:"):
            self.contact_requested.emit(int(href.removeprefix("contact:")))
        else:
            QDesktopServices.openUrl(QUrl(href))


# -------------------------------------------------------------------------------------------------------- view


class InboxView(LazyView):
    """Filters and search, the list, the detail pane; the moves as undoable commands."""

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(undo_stack, bus, parent)
        self.setObjectName("inboxView")
        self.settings = settings
        self.model = InvitationListModel(self)
        self._offer_invitation: int | None = None
        # The moves made here, newest last: the banner says what the one on top of the undo stack did, with Undo.
        self._moves: list[tuple[TransitionInvitationCommand, str]] = []

        # Filters, direction, search.
        self.filter_buttons: dict[str, QToolButton] = {}
        self.filter_group = QButtonGroup(self)
        self.filter_group.setExclusive(True)
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for key, label, _core in FILTERS:
            button = QToolButton()
            button.setObjectName("filterButton")
            button.setText(self.tr(label))
            button.setCheckable(True)
            button.setProperty("filter", key)
            button.setAccessibleName(self.tr("Show {what}").format(what=self.tr(label)))
            self.filter_group.addButton(button)
            self.filter_buttons[key] = button
            filters.addWidget(button)
        self.filter_buttons["open"].setChecked(True)
        self.filter_group.buttonClicked.connect(lambda button: self.set_filter(str(button.property("filter"))))
        self.direction = QComboBox()
        self.direction.setObjectName("invitationDirection")
        self.direction.addItem(self.tr("Both directions"), None)
        self.direction.addItem(self.tr("Received"), "incoming")
        self.direction.addItem(self.tr("Sent"), "outgoing")
        self.themed_combo_icon(self.direction, 1, "incoming")
        self.themed_combo_icon(self.direction, 2, "outgoing")
        self.direction.currentIndexChanged.connect(lambda _i: self._apply_filters())
        self.search = QLineEdit()
        self.search.setObjectName("invitationSearch")
        self.search.setPlaceholderText(self.tr("Search names, messages, replies…"))
        self.search.setClearButtonEnabled(True)
        self.themed_icon(self.search.addAction(icons.icon("find"), QLineEdit.ActionPosition.LeadingPosition), "find")
        self.search.setAccessibleName(self.tr("Search invitations"))
        self.new_button = QPushButton(self.tr("New invitation…"))
        self.new_button.setObjectName("newInvitation")
        self.themed_icon(self.new_button, "invitation_new")
        self.new_button.clicked.connect(self.new_invitation)
        self.templates_button = QPushButton(self.tr("Edit templates…"))
        self.templates_button.setObjectName("editTemplates")
        self.themed_icon(self.templates_button, "templates")
        self.templates_button.clicked.connect(self.edit_templates)
        top = QHBoxLayout()
        top.setContentsMargins(12, 10, 12, 6)
        top.setSpacing(8)
        top.addLayout(filters)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.templates_button)

        self.info_bar = InfoBar()

        # The list.
        self.list = InvitationListView()
        self.list.setObjectName("invitationList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(InvitationDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setAccessibleName(self.tr("Invitations"))
        self.list.setMinimumWidth(320)
        self.list.move_requested.connect(self.move_current)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._show_current())
        self.count_label = QLabel()
        self.count_label.setObjectName("scopeLabel")
        self.empty = QLabel()
        self.empty.setObjectName("noMatch")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.list_pages = QStackedWidget()
        self.list_pages.addWidget(self.list)
        self.list_pages.addWidget(self.empty)
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(0)
        search_row = QHBoxLayout()
        search_row.setContentsMargins(12, 2, 8, 8)
        search_row.setSpacing(6)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.direction)
        left_box.addLayout(search_row)
        left_box.addWidget(self.list_pages, 1)
        self.count_label.setContentsMargins(12, 4, 12, 4)
        left_box.addWidget(self.count_label)

        self.detail = InvitationDetail()
        self.detail.move_requested.connect(self.move_current)
        self.detail.copy_requested.connect(self.copy_template)
        self.detail.schedule_requested.connect(self.schedule_for_current)
        self.detail.contact_requested.connect(self.contact_requested.emit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.detail)
        self.nothing = QLabel(self.tr("Select an invitation to see its message and decide what to do."))
        self.nothing.setObjectName("editorHint")
        self.nothing.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.nothing.setWordWrap(True)
        self.detail_pages = QStackedWidget()
        self.detail_pages.addWidget(self.nothing)
        self.detail_pages.addWidget(scroll)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("inboxSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail_pages)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([440, 640])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(top)
        info_box = QVBoxLayout()
        info_box.setContentsMargins(12, 0, 12, 6)
        info_box.addWidget(self.info_bar)
        layout.addLayout(info_box)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filters)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_filters)
        bus.changed.connect(self._on_changed)
        undo_stack.indexChanged.connect(self._on_index_changed)
        splitter_state = settings.value("inbox/splitter")
        if splitter_state is not None:
            self.splitter.restoreState(splitter_state)

    # -- showing ------------------------------------------------------------------------------------------------

    def save_settings(self) -> None:
        self.settings.setValue("inbox/splitter", self.splitter.saveState())

    def set_filter(self, key: str) -> None:
        button = self.filter_buttons[key]
        if not button.isChecked():
            button.setChecked(True)
        self._apply_filters()

    def _apply_filters(self) -> None:
        self._search_timer.stop()
        self.reload()

    def current_filter(self) -> str:
        button = self.filter_group.checkedButton()
        return str(button.property("filter")) if button is not None else "open"

    def concerns(self, changes: Changes) -> bool:
        # Settings hold the reply templates and the follow-up delay the list shows.
        return changes.reload or bool(changes.invitations) or changes.settings

    def reload(self) -> None:
        self._dirty = False
        keep_id = self.current_invitation_id()
        keep_row = self.list.currentIndex().row()
        self.model.set_filter(
            self.current_filter(), self.search.text().strip(), self.direction.currentData(), today=utc_today()
        )
        count = self.model.rowCount()
        row = self.model.row_of(keep_id) if keep_id is not None else None
        if row is None and count:
            row = min(max(keep_row, 0), count - 1)
        if row is not None:
            index = self.model.index(row, 0)
            self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)
        self._show_current(keep_reply=True)
        self._update_empty()
        if self._offer_invitation is not None:
            try:
                still = core.get_invitation(self._offer_invitation).state == "accepted"
            except core.InvitationNotFound:
                still = False
            if not still:
                self.info_bar.hide()
                self._offer_invitation = None

    def _update_empty(self) -> None:
        count = self.model.rowCount()
        self.count_label.setText(plural(count, self.tr("{n} invitation"), self.tr("{n} invitations")))
        if count:
            self.list_pages.setCurrentIndex(0)
            return
        self.list_pages.setCurrentIndex(1)
        if self.search.text().strip():
            self.empty.setText(self.tr("No invitation matches “{text}”.").format(text=self.search.text().strip()))
        elif not core.list_invitations("all"):
            self.empty.setText(
                self.tr("No invitations yet.\n\nImport LinkedIn's Invitations.csv (File ▸ Import ▸ Contacts from "
                        "another app…) or add one with “New invitation…”.")
            )
        elif self.current_filter() == "open":
            self.empty.setText(self.tr("Inbox zero: every invitation has been decided."))
        else:
            self.empty.setText(self.tr("Nothing here."))

    def current_invitation_id(self) -> int | None:
        index = self.list.currentIndex()
        if not index.isValid():
            return None
        return int(index.data(InvitationRole.InvitationId))

    def current_row(self) -> core.InvitationRow | None:
        index = self.list.currentIndex()
        return index.data(InvitationRole.Row) if index.isValid() else None

    def current_contact_id(self) -> int | None:
        row = self.current_row()
        return row.contact_id if row is not None else None

    def select_invitation(self, invitation_id: int) -> bool:
        row = self.model.row_of(invitation_id)
        if row is None:
            self.search.clear()
            self.filter_buttons["all"].setChecked(True)
            self.reload()
            row = self.model.row_of(invitation_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.list.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.list.scrollTo(index)
        return True

    def _show_current(self, keep_reply: bool = False) -> None:
        row = self.current_row()
        if row is None:
            self.detail_pages.setCurrentIndex(0)
            self.detail.row = None
            return
        self.detail.show_invitation(row, keep_reply=keep_reply)
        self.detail_pages.setCurrentIndex(1)

    # -- moves --------------------------------------------------------------------------------------------------

    def move_current(self, to_state: str) -> bool:
        """Move the selected invitation to *to_state* as one undoable step; False (with a sentence shown) when the
        state machine refuses."""
        row = self.current_row()
        if row is None:
            return False
        refocus = not self.detail.reply.hasFocus()
        reply = None
        if to_state == "asked" and row.state == "asked" and not row.due:
            when = format_day(utc_today() + _dt.timedelta(days=settings_core.follow_up_days() - (row.days_waiting or 0)))
            self._refuse(
                self.tr("You asked {name} {ago}; follow up from {when}, once the wait is over.").format(
                    name=row.display_name, ago=relative_days(-(row.days_waiting or 0)), when=when
                )
            )
            return False
        if to_state == "replied":
            reply = self.detail.reply_value()
            if not reply and row.state == "asked":
                self._refuse(self.tr("Write down what they answered (their reasons) first, then record the reply."))
                self.detail.reply.setFocus()
                return False
        link_to = None
        if to_state == "accepted":
            asked, link_to = self._ask_who(row.id, row.display_name, self.tr("Accepting connects the one you choose."))
            if not asked:
                return False
        command = TransitionInvitationCommand(
            self.bus, row.id, to_state, name=row.display_name, reply=reply,
            new_contact_cadence=preferences.read(self.settings, preferences.NEW_CONTACT_CADENCE) or None,
            link_to=link_to,
        )
        self.undo_stack.push(command)
        if command.error:
            self._refuse(command.error)
            return False
        result = command.result
        assert result is not None
        first = core.first_name_for(row.id) or row.display_name
        done = self._done_text(row, to_state)
        if to_state == "asked" and row.state == "asked":
            self._copy(core.render_template("follow_up", row.id))
            self.report(self.tr("A follow-up for {name} is on the clipboard: paste it into LinkedIn.").format(
                name=first))
        elif to_state == "asked":
            self._copy(core.render_template("ask", row.id))
            self.report(self.tr("“How may I help you?” for {name} is on the clipboard: paste it into LinkedIn.").format(
                name=first))
        elif to_state == "declined" and row.direction == "incoming":
            self._copy(core.render_template("decline", row.id))
            self.report(self.tr("Declined. A polite note for {name} is on the clipboard, if you want to send one.").format(
                name=first))
        elif to_state != "accepted":  # an acceptance is said after the offer of a call, below
            self.report(self.tr("{name}: {state}.").format(
                name=row.display_name, state=self.tr(core.state_label(row.direction, to_state))))
        self._moves = [*self._moves[-19:], (command, done)]
        if to_state == "accepted":
            self._offer_call(row, result)
            if row.direction == "incoming":
                self._copy(core.render_template("thanks", row.id))
                self.report(self.tr("{name} is now a contact (Connected). A thank-you note is on the clipboard, if "
                                    "you want to send one.").format(name=row.display_name))
        else:
            self._update_done()
        if refocus:
            self.list.setFocus()
        return True

    def _ask_who(self, invitation_id: int, name: str, action: str) -> tuple[bool, int | None]:
        """Before an invitation gets a contact: when contacts share its person's name or e-mail (and none its
        profile URL), which one it is. (False, None) when the user cancelled; (True, None) when nobody had to be
        asked; else (True, the contact id or SOMEONE_NEW)."""
        found = matches.invitation_matches(invitation_id)
        if not matches.needs_asking(found):
            return True, None
        answer = NamesakeDialog.ask(self, name, found, action)
        if answer is None:
            self.report(self.tr("Nothing was changed."))
            return False, None
        return True, answer

    def _done_text(self, row: core.InvitationRow, to_state: str) -> str:
        """What a move did, in a sentence for the banner ("Declined <b>Shira Cohen</b>")."""
        name = html.escape(row.display_name)
        if to_state == "asked":
            text = self.tr("Followed up with <b>{name}</b>") if row.state == "asked" else \
                self.tr("Asked <b>{name}</b> “How may I help you?”")
        elif to_state == "replied":
            text = self.tr("Recorded the reply of <b>{name}</b>")
        elif to_state == "accepted":
            text = self.tr("Accepted <b>{name}</b>") if row.direction == "incoming" else \
                self.tr("<b>{name}</b> accepted")
        elif to_state == "declined":
            text = self.tr("Declined <b>{name}</b>") if row.direction == "incoming" else \
                self.tr("<b>{name}</b> declined")
        elif to_state == "ignored":
            text = self.tr("Ignored <b>{name}</b>")
        elif to_state == "withdrawn":
            text = self.tr("Withdrew the invitation to <b>{name}</b>")
        else:
            text = "<b>{name}</b>: " + html.escape(self.tr(core.state_label(row.direction, to_state)))
        return text.format(name=name)

    def _on_index_changed(self, _index: int) -> None:
        if shiboken6.isValid(self.undo_stack):  # the stack clears itself as it is destroyed with the window
            self._update_done()

    def _top_move(self) -> int | None:
        """Which of the moves made here is the step Edit ▸ Undo would take back, if any."""
        stack = self.undo_stack
        top = stack.command(stack.index() - 1) if stack.index() > 0 else None
        for position in range(len(self._moves) - 1, -1, -1):
            if self._moves[position][0] is top:
                return position
        return None

    def _undo_button(self) -> QPushButton:
        button = QPushButton(icons.icon("undo"), self.tr("Undo"))
        button.setObjectName("undoMove")
        button.setToolTip(self.tr("Take this back (Ctrl+Z)"))
        button.clicked.connect(self.undo_last_move)
        return button

    def undo_last_move(self) -> bool:
        """The banner's Undo: takes back the move it shows (only while it is the last step)."""
        if self._top_move() is None:
            return False
        self.undo_stack.undo()
        self.list.setFocus()
        return True

    def _update_done(self) -> None:
        """Show, in place, what the last move here did, with Undo; a move just before it is named too, so a key
        pressed twice is seen at once. Hidden once the move is no longer the step on top of the undo stack."""
        # Steps the stack dropped (a move no longer undoable, a redo branch pushed away) are gone for good.
        self._moves = [move for move in self._moves if shiboken6.isValid(move[0])]
        position = self._top_move()
        if position is None:
            if self._offer_invitation is None:
                self.info_bar.hide()
            else:  # the accept's offer of a call stays; its Undo no longer applies
                for button in self.info_bar.findChildren(QPushButton, "undoMove"):
                    button.hide()
            return
        if self._offer_invitation is not None and position == len(self._moves) - 1 and \
                self._moves[position][0].to_state == "accepted" and self.info_bar.isVisibleTo(self):
            return  # the accept's own banner (with the call to schedule) is up
        self._offer_invitation = None
        text = self._moves[position][1] + "."
        stack = self.undo_stack
        if position > 0 and stack.index() > 1 and stack.command(stack.index() - 2) is self._moves[position - 1][0]:
            before = self._moves[position - 1][1]
            if not before.startswith("<"):
                before = before[:1].lower() + before[1:]
            text += " " + self.tr("Before that: {what}.").format(what=before)
        move = self._moves[position][0]
        self.info_bar.icon.setPixmap(
            icons.icon(MOVE_ICONS.get(move.to_state, "undo"), STATE_COLOURS.get(move.to_state)).pixmap(18, 18)
        )
        self.info_bar.show_message(text, [self._undo_button()])

    def _refuse(self, text: str) -> None:
        self.detail.show_error(text)
        self.report(text)

    def _copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)

    def copy_template(self, kind: str) -> None:
        row = self.current_row()
        if row is None:
            return
        self._copy(core.render_template(kind, row.id))
        what = {
            "ask": self.tr("“How may I help you?”"),
            "follow_up": self.tr("The follow-up"),
            "thanks": self.tr("The thank-you note"),
        }.get(kind, self.tr("The polite decline"))
        self.report(self.tr("{what} is on the clipboard.").format(what=what))

    def _offer_call(self, row: core.InvitationRow, result: core.TransitionResult) -> None:
        name = row.display_name
        contact_id = result.contact_id
        self.report(self.tr("{name} is now a contact (Connected).").format(name=name))
        if contact_id is None:
            return
        buttons = []
        if result.offer_introduction:
            schedule = QPushButton(icons.icon("schedule"), self.tr("Schedule introduction call…"))
            schedule.setObjectName("offerSchedule")
            schedule.clicked.connect(lambda: self.schedule_call(contact_id, name, row.id))
            buttons.append(schedule)
            text = self.tr("<b>{name}</b> is now in your contacts. Next: an introduction call — introduce yourself, "
                           "learn about them, discuss how you can help one another.")
        else:
            text = self.tr("<b>{name}</b> is now in your contacts.")
        show = QPushButton(icons.icon("contact"), self.tr("Open contact"))
        show.setObjectName("offerOpenContact")
        show.clicked.connect(lambda: self.contact_requested.emit(contact_id))
        buttons.append(show)
        buttons.append(self._undo_button())
        self.info_bar.icon.setPixmap(icons.icon("accept", STATE_COLOURS["accepted"]).pixmap(18, 18))
        self._offer_invitation = row.id
        self.info_bar.show_message(text.format(name=html.escape(name)), buttons)

    # -- dialogs ------------------------------------------------------------------------------------------------

    def schedule_call(self, contact_id: int, name: str, invitation_id: int | None = None) -> bool:
        """An introduction call with *contact_id*. Given the invitation that made them a contact, the call follows
        the invitation's contact: a redo of the accept creates the contact again under a new id."""
        plan = ScheduleDialog.ask(self, contact_id=contact_id, person=name)
        if plan is None:
            return False
        command = ScheduleCallCommand(self.bus, None if invitation_id else contact_id, plan.when,
                                      plan.duration_minutes, plan.agenda, name=name, invitation_id=invitation_id)
        return self._push_schedule(command, name)

    def schedule_for_current(self) -> bool:
        """An introduction call with the selected invitation's person, before deciding (the method's order)."""
        row = self.current_row()
        if row is None:
            return False
        plan = ScheduleDialog.ask(self, contact_id=row.contact_id, person=row.display_name)
        if plan is None:
            return False
        if row.state not in (*core.OPEN_STATES, "accepted"):
            return False
        asked, link_to = self._ask_who(row.id, row.display_name, self.tr("The call is with the one you choose."))
        if not asked:
            return False
        # Through the invitation: it gets its contact first if it has none (the call comes before deciding).
        command = ScheduleCallCommand(self.bus, None, plan.when, plan.duration_minutes, plan.agenda,
                                      name=row.display_name, invitation_id=row.id, link_to=link_to)
        return self._push_schedule(command, row.display_name)

    def _push_schedule(self, command: ScheduleCallCommand, name: str) -> bool:
        self.undo_stack.push(command)
        if command.error:
            self._refuse(command.error)
            return False
        self.info_bar.hide()
        self.report(self.tr("Call with {name} scheduled for {when}. Introductions ▸ Add to calendar… puts it in "
                            "your calendar.").format(name=name, when=format_local(command.when)))
        return True

    def new_invitation(self) -> int | None:
        entry = InvitationDialog.ask(self)
        if entry is None:
            return None
        link_to = None
        found = matches.likely_matches(entry.name, entry.profile_url)
        if matches.needs_asking(found):
            link_to = NamesakeDialog.ask(
                self, entry.name, found, self.tr("Link the invitation to the one it comes from, or keep it apart.")
            )
            if link_to is None:
                return None
        command = CreateInvitationCommand(
            self.bus, entry.direction, entry.name, entry.profile_url, entry.message, entry.sent_at, entry.note,
            link_to=link_to,
        )
        self.undo_stack.push(command)
        if command.error or command.invitation_id is None:
            self.report(command.error or "")
            return None
        self.select_invitation(command.invitation_id)
        self.list.setFocus()
        return command.invitation_id

    def edit_templates(self) -> bool:
        try:
            changes = TemplateDialog.ask(self)
        except ValidationError as exc:  # pragma: no cover - the dialog reads settings only
            self.report(str(exc))
            return False
        if not changes:
            return False
        command = SetSettingsCommand(self.bus, changes, self.tr("Edit reply templates"))
        self.undo_stack.push(command)
        if command.error:
            self.report(command.error)
            return False
        self.report(self.tr("Reply templates saved."))
        return True
