"""The detail panel: every field of one contact, each edit one undoable command.

A field is committed when it loses focus or Return is pressed (text areas: on losing focus). A value the core
refuses is shown under the form in red and the field goes back to the stored value.

Each save carries the value the field showed when the edit began (``_stored``): when someone else changed the
field meanwhile (another window, another program, another person on a shared network), the core refuses the save
and the conflict dialog asks whose value to keep; nothing is overwritten unseen. A reload while a field is being
edited (another change of the contact announced) leaves that field's text and its starting value alone.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.matches import Match
from linkorganizer.core.network import Changes
from linkorganizer.core import contacts as core
from linkorganizer.core.fields import DETAIL_KINDS as KIND_OF_DETAIL
from linkorganizer.core.fields import FIELDS
from linkorganizer.core.records import STAGE_LABELS, STAGES, Labeled
from linkorganizer.ui import icons
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands import EditContactCommand, SetDetailsCommand, TagContactsCommand
from linkorganizer.ui.dialogs.conflict_dialog import ConflictDialog
from linkorganizer.ui.dialogs.namesake_dialog import MatchList, question_text
from linkorganizer.ui.views.contact_history import ContactHistory

# From core.fields: one-line fields (the name parts first), free texts, the detail lists, and their hints.
LINE_FIELDS = tuple((spec.name, spec.label) for spec in FIELDS if spec.editor == "line")
TEXT_FIELDS = tuple((spec.name, spec.label) for spec in FIELDS if spec.editor == "text")
DETAIL_KINDS = tuple((KIND_OF_DETAIL[spec.name], spec.label) for spec in FIELDS if spec.editor == "details")
PLACEHOLDERS = {spec.name: spec.placeholder for spec in FIELDS if spec.placeholder}


class DetailList(QWidget):
    """Labelled values (e-mails, phones …) in a small two-column table with add/remove buttons."""

    edited = Signal()

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.table = QTableWidget(0, 2, self)
        self.table.setObjectName(f"details_{kind}")
        self.table.setHorizontalHeaderLabels([self.tr("Label"), self.tr("Value")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 80)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setFrameShape(QFrame.Shape.StyledPanel)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QToolButton(self)
        self.add_button.setIcon(icons.icon("add"))
        self.add_button.setToolTip(self.tr("Add"))
        self.add_button.setAccessibleName(self.tr("Add"))
        self.remove_button = QToolButton(self)
        self.remove_button.setIcon(icons.icon("remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected entry"))
        self.remove_button.setAccessibleName(self.tr("Remove"))
        buttons = QVBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self._loading = False
        self.table.itemChanged.connect(self._on_item_changed)
        self.add_button.clicked.connect(self._on_add)
        self.remove_button.clicked.connect(self._on_remove)

    def set_items(self, items: list[Labeled]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for item in items:
            self._append(item.label, item.value)
        self._fit()
        self._loading = False

    def items(self) -> list[Labeled]:
        out = []
        for row in range(self.table.rowCount()):
            label = self.table.item(row, 0)
            value = self.table.item(row, 1)
            text = value.text().strip() if value else ""
            if text:
                out.append(Labeled(text, label.text().strip() if label else ""))
        return out

    def _append(self, label: str, value: str) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(label))
        self.table.setItem(row, 1, QTableWidgetItem(value))
        return row

    def _fit(self) -> None:
        rows = max(1, self.table.rowCount())
        height = self.table.horizontalHeader().height() + rows * self.table.verticalHeader().defaultSectionSize() + 4
        self.table.setFixedHeight(height)

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._loading:
            self.edited.emit()

    def _on_add(self) -> None:
        self._loading = True
        row = self._append("", "")
        self._fit()
        self._loading = False
        self.table.setCurrentCell(row, 1)
        self.table.editItem(self.table.item(row, 1))

    def _on_remove(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True)
        if not rows and self.table.currentRow() >= 0:
            rows = [self.table.currentRow()]
        if not rows:
            return
        self._loading = True
        for row in rows:
            self.table.removeRow(row)
        self._fit()
        self._loading = False
        self.edited.emit()


class _FocusOutCommitter(QObject):
    """Calls back when a watched text area loses focus."""

    def __init__(self, callback: Any, parent: QObject) -> None:
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._callback(watched)
        return False


class ContactEditor(QWidget):
    """Edits the contact shown; shows a bulk-action page when several are selected."""

    trash_requested = Signal()
    tag_requested = Signal()
    untag_requested = Signal()
    stage_requested = Signal()  # set the stage of every selected contact
    cadence_requested = Signal()
    group_requested = Signal()
    restore_requested = Signal()
    delete_forever_requested = Signal()
    existing_chosen = Signal(int)  # "the contact being added is this one": open it instead
    someone_new = Signal()  # "none of these people"

    def __init__(self, undo_stack: QUndoStack, bus: ChangeBus, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("contactEditor")
        self.undo_stack = undo_stack
        self.bus = bus
        self.contact_id: int | None = None
        self._stored: dict[str, Any] = {}  # per field, the value it showed when its edit began
        self._stored_details: dict[str, list[Labeled]] = {}
        self._loading = False
        self._asking = False  # the conflict dialog is open: nothing else is committed meanwhile
        self.read_only = False  # a contact in the trash is shown, not edited
        self.trash_mode = False
        self.setMinimumWidth(340)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_nothing_page())
        self.pages.addWidget(self._build_contact_page())
        self.pages.addWidget(self._build_many_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        bus.changed.connect(self._on_changed)

    # -- building -----------------------------------------------------------------------------------------------

    def _build_nothing_page(self) -> QWidget:
        page = QLabel(self.tr("Select a contact to see and edit everything about them."))
        page.setObjectName("editorHint")
        page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page.setWordWrap(True)
        page.setMargin(24)
        return page

    def _build_many_page(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        box.setContentsMargins(24, 24, 24, 24)
        self.many_label = QLabel()
        self.many_label.setObjectName("editorTitle")
        box.addWidget(self.many_label)
        hint = QLabel(self.tr("What you do here applies to every selected contact, in one undoable step."))
        hint.setWordWrap(True)
        hint.setObjectName("editorSubtitle")
        box.addWidget(hint)
        # (text, icon, signal, shown in the trash)
        self.bulk_buttons: list[tuple[QPushButton, bool]] = []
        for text, icon_name, signal, in_trash, name in (
            (self.tr("Set stage…"), "stage", self.stage_requested, False, "bulkStageButton"),
            (self.tr("Keep in touch…"), "cadence", self.cadence_requested, False, "bulkCadenceButton"),
            (self.tr("Add to goal group…"), "puzzle", self.group_requested, False, "bulkGroupButton"),
            (self.tr("Add tag…"), "tag", self.tag_requested, False, "bulkTagButton"),
            (self.tr("Remove tag…"), "untag", self.untag_requested, False, "bulkUntagButton"),
            (self.tr("Move to trash"), "delete", self.trash_requested, False, "bulkTrashButton"),
            (self.tr("Restore"), "restore", self.restore_requested, True, "bulkRestoreButton"),
            (self.tr("Delete forever…"), "delete_forever", self.delete_forever_requested, True, "bulkDeleteButton"),
        ):
            button = QPushButton(icons.icon(icon_name), text)
            button.setObjectName(name)
            button.clicked.connect(signal.emit)
            button.setVisible(not in_trash)
            box.addWidget(button)
            self.bulk_buttons.append((button, in_trash))
        box.addStretch(1)
        self.many_hint = hint
        return page

    def _build_contact_page(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setObjectName("editorScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll = scroll
        body = QWidget()
        body.setObjectName("editorBody")
        outer = QVBoxLayout(body)
        outer.setContentsMargins(16, 16, 16, 16)
        outer.setSpacing(8)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("editorTitle")
        self.title.setWordWrap(True)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("editorSubtitle")
        self.subtitle.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        header.addLayout(titles, 1)
        self.open_profile = QToolButton()
        self.open_profile.setIcon(icons.icon("open_link"))
        self.open_profile.setToolTip(self.tr("Open the profile in the browser"))
        self.open_profile.setAccessibleName(self.tr("Open profile"))
        self.open_profile.clicked.connect(self._on_open_profile)
        header.addWidget(self.open_profile, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(header)

        self.error = QLabel()
        self.error.setObjectName("editorError")
        self.error.setWordWrap(True)
        self.error.hide()
        outer.addWidget(self.error)
        outer.addWidget(self._build_namesakes())

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setHorizontalSpacing(10)
        form.setVerticalSpacing(6)
        self.lines: dict[str, QLineEdit] = {}
        for key, title in LINE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"field_{key}")
            edit.setPlaceholderText(self.tr(PLACEHOLDERS.get(key, "")))
            edit.setClearButtonEnabled(key not in ("first_name", "last_name"))
            edit.editingFinished.connect(lambda key=key: self._commit_line(key))
            self.lines[key] = edit
            form.addRow(self.tr(title), edit)

        self.stage = QComboBox()
        self.stage.setObjectName("field_stage")
        for stage in STAGES:
            self.stage.addItem(icons.stage_icon(stage), self.tr(STAGE_LABELS[stage]), stage)
        self.stage.activated.connect(lambda _i: self._commit_stage())
        form.addRow(self.tr("Stage"), self.stage)

        self.cadence = QSpinBox()
        self.cadence.setObjectName("field_cadence_days")
        self.cadence.setRange(0, 3650)
        self.cadence.setSpecialValueText(self.tr("Off"))
        self.cadence.setSuffix(self.tr(" days"))
        self.cadence.setToolTip(self.tr("Keep in touch at least this often (counted from the last interaction)"))
        self.cadence.editingFinished.connect(self._commit_cadence)
        form.addRow(self.tr("Keep in touch"), self.cadence)

        self.tags = QLineEdit()
        self.tags.setObjectName("field_tags")
        self.tags.setPlaceholderText(self.tr("comma-separated, e.g. fintech, recruiter"))
        self.tags.editingFinished.connect(self._commit_tags)
        form.addRow(self.tr("Tags"), self.tags)

        self.source = QLabel()
        self.source.setObjectName("field_source")
        form.addRow(self.tr("Source"), self.source)
        outer.addLayout(form)
        # The Three I's: the relationship's history (next to its stage and cadence), Log interaction…, Schedule call…
        self.history = ContactHistory(self.undo_stack, self.bus)
        outer.addWidget(self.history)

        self.details: dict[str, DetailList] = {}
        for kind, title in DETAIL_KINDS:
            label = QLabel(self.tr(title))
            label.setObjectName("editorSection")
            outer.addWidget(label)
            widget = DetailList(kind)
            widget.edited.connect(lambda kind=kind: self._commit_details(kind))
            self.details[kind] = widget
            outer.addWidget(widget)

        self.texts: dict[str, QPlainTextEdit] = {}
        committer = _FocusOutCommitter(self._commit_text_widget, self)
        for key, title in TEXT_FIELDS:
            label = QLabel(self.tr(title))
            label.setObjectName("editorSection")
            outer.addWidget(label)
            edit = QPlainTextEdit()
            edit.setObjectName(f"field_{key}")
            edit.setTabChangesFocus(True)
            edit.setFixedHeight(72 if key != "notes" else 110)
            edit.installEventFilter(committer)
            self.texts[key] = edit
            outer.addWidget(edit)
        outer.addStretch(1)
        body.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        scroll.setWidget(body)
        self._refresh_tag_completer()
        return scroll

    def _build_namesakes(self) -> QFrame:
        """"Is this one of these people?" for a contact being added by hand (shown by the contacts page)."""
        panel = QFrame()
        panel.setObjectName("namesakePanel")
        box = QVBoxLayout(panel)
        box.setContentsMargins(10, 8, 10, 8)
        box.setSpacing(6)
        title = QLabel(self.tr("Is this one of these people?"))
        title.setObjectName("editorSection")
        box.addWidget(title)
        self.namesake_text = QLabel()
        self.namesake_text.setObjectName("namesakeQuestion")
        self.namesake_text.setWordWrap(True)
        self.namesake_text.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(self.namesake_text)
        self.namesake_list = MatchList()
        self.namesake_list.itemDoubleClicked.connect(lambda _item: self._choose_existing())
        box.addWidget(self.namesake_list)
        row = QHBoxLayout()
        self.namesake_same = QPushButton(icons.icon("contact"), self.tr("Yes, open this one"))
        self.namesake_same.setObjectName("namesakeSame")
        self.namesake_same.setToolTip(self.tr("Drop the contact being added and open the one chosen"))
        self.namesake_same.clicked.connect(self._choose_existing)
        self.namesake_new = QPushButton(icons.icon("new_contact"), self.tr("No, someone new"))
        self.namesake_new.setObjectName("namesakeNew")
        self.namesake_new.clicked.connect(self._someone_new)
        row.addWidget(self.namesake_same)
        row.addWidget(self.namesake_new)
        row.addStretch(1)
        box.addLayout(row)
        panel.hide()
        self.namesakes = panel
        return panel

    def show_namesakes(self, matches: list[Match]) -> None:
        """List the contacts the one being added may be (hidden when there are none)."""
        if not matches:
            self.namesakes.hide()
            return
        self.namesake_text.setText(
            question_text(self.title.text(), matches) + " "
            + self.tr("If it is one of them, open that one: this new entry is dropped.")
        )
        self.namesake_list.set_matches(matches)
        self.namesakes.show()

    def _choose_existing(self) -> None:
        chosen = self.namesake_list.chosen()
        if chosen is not None:
            self.namesakes.hide()
            self.existing_chosen.emit(chosen)

    def _someone_new(self) -> None:
        self.namesakes.hide()
        self.someone_new.emit()

    # -- showing ------------------------------------------------------------------------------------------------

    def show_contacts(self, contact_ids: list[int]) -> None:
        """Show one contact, a summary of many, or a hint when nothing is selected."""
        self.commit_pending()
        if len(contact_ids) == 1:
            if contact_ids[0] != self.contact_id:
                self.scroll.verticalScrollBar().setValue(0)  # each contact opens at its name, not at Notes
                self.namesakes.hide()
            self._load(contact_ids[0])
            self.pages.setCurrentIndex(1)
        elif contact_ids:
            self.set_read_only(False)
            self.contact_id = None
            self.many_label.setText(self.tr("%n contacts selected", "", len(contact_ids)))
            self.pages.setCurrentIndex(2)
        else:
            self.set_read_only(False)
            self.contact_id = None
            self.pages.setCurrentIndex(0)

    def set_trash_mode(self, on: bool) -> None:
        """The table shows the trash: several selected contacts are restored or deleted, not edited."""
        self.trash_mode = on
        for button, in_trash in self.bulk_buttons:
            button.setVisible(in_trash == on)
        self.many_hint.setText(
            self.tr("Restore them, or delete them forever (Edit ▸ Undo still brings them back).")
            if on
            else self.tr("What you do here applies to every selected contact, in one undoable step.")
        )

    def set_read_only(self, read_only: bool) -> None:
        """A contact in the trash can be read, not changed: restore it first."""
        if read_only == self.read_only:
            return
        self.read_only = read_only
        for key, edit in self.lines.items():
            edit.setReadOnly(read_only)
            edit.setClearButtonEnabled(not read_only and key not in ("first_name", "last_name"))
        for edit in self.texts.values():
            edit.setReadOnly(read_only)
        self.tags.setReadOnly(read_only)
        for widget in (self.stage, self.cadence, *self.details.values(), self.history.log_button,
                       self.history.schedule_button):
            widget.setEnabled(not read_only)
        for widget in (*self.lines.values(), *self.texts.values(), self.tags):
            # The style sheet greys read-only fields; a property it reads is only looked at again on a re-polish.
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    @staticmethod
    def _line_text(value: Any) -> str:
        return value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))

    def _editing(self, contact_id: int) -> set[str]:
        """The fields of *contact_id* being edited now: typed into but not saved (their value when the edit began
        stays the one a save compares with)."""
        if contact_id != self.contact_id or not self._stored:
            return set()
        # Modified: typed into since the field was shown or last saved (a saved value the core normalised, a date
        # typed "2024-3-5", is not an edit in progress).
        found = {
            key for key, edit in self.lines.items()
            if edit.isModified() and edit.text().strip() != self._line_text(self._stored.get(key))
        }  # fmt: skip
        found |= {
            key for key, edit in self.texts.items()
            if edit.document().isModified() and edit.toPlainText() != self._stored.get(key, "")
        }  # fmt: skip
        if self.cadence.hasFocus() and (self.cadence.value() or None) != self._stored.get("cadence_days"):
            found.add("cadence_days")
        found |= {
            kind for kind, widget in self.details.items()
            if widget.table.state() == QAbstractItemView.State.EditingState
        }  # fmt: skip
        return found

    def _load(self, contact_id: int, refresh: Collection[str] = ()) -> None:
        """Show *contact_id* as stored; a field being edited keeps its text unless it is named in *refresh*."""
        detail = core.get_contact(contact_id)
        if detail is None:
            self.contact_id = None
            self.pages.setCurrentIndex(0)
            return
        editing = self._editing(contact_id) - set(refresh)
        kept = {key: self._stored[key] for key in editing if key in self._stored}
        self._loading = True
        self.contact_id = contact_id
        self.error.hide()
        values = detail.values
        self._stored = dict(values)
        self._stored["tags"] = list(detail.tags)
        self._stored.update(kept)
        for key, edit in self.lines.items():
            text = self._line_text(values.get(key))
            if key not in editing and edit.text() != text:
                edit.setText(text)
                edit.setCursorPosition(0)
        self.stage.setCurrentIndex(max(0, self.stage.findData(values["stage"])))
        if "cadence_days" not in editing:
            self.cadence.setValue(values["cadence_days"] or 0)
        self.tags.setText(", ".join(detail.tags))
        self.source.setText(values["source"] or "")
        for kind, widget in self.details.items():
            if kind not in editing:
                widget.set_items(detail.fields[kind])
                self._stored_details[kind] = list(detail.fields[kind])
        for key, edit in self.texts.items():
            if key not in editing and edit.toPlainText() != values[key]:
                edit.setPlainText(values[key])
                edit.document().setModified(False)
        self.title.setText(detail.full_name or self.tr("(no name yet)"))
        self.subtitle.setText(" · ".join(v for v in (values["position"], values["company"]) if v))
        self.subtitle.setVisible(bool(self.subtitle.text()))
        self.open_profile.setEnabled(bool(values["profile_url"]))
        self.history.show_contact(contact_id, detail.full_name)
        self.set_read_only(detail.deleted_at is not None)
        if detail.deleted_at is not None:
            self.subtitle.setText(
                self.tr("In the trash: restore it to edit")
                + (" · " + self.subtitle.text() if self.subtitle.text() else "")
            )
            self.subtitle.setVisible(True)
        self._loading = False

    def _on_changed(self, changes: Changes, _initiator: object = None) -> None:
        if self.contact_id is not None and self.contact_id in changes.contacts and self.pages.currentIndex() == 1:
            self._load(self.contact_id)
        if changes.tags:
            self._refresh_tag_completer()

    def _refresh_tag_completer(self) -> None:
        completer = QCompleter(core.all_tags(), self.tags)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tags.setCompleter(completer)

    def focus_first_field(self) -> None:
        self.lines["first_name"].setFocus()
        self.lines["first_name"].selectAll()

    # -- committing ---------------------------------------------------------------------------------------------

    def commit_pending(self) -> None:
        """Commit whatever is typed but not yet committed (before the panel shows another contact)."""
        if self.contact_id is None or self._loading or self.read_only or self._asking:
            return
        for key in self.lines:
            self._commit_line(key)
        for edit in self.texts.values():
            self._commit_text_widget(edit)
        self._commit_tags()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def _push_edit(self, changes: dict[str, Any]) -> bool:
        if self.contact_id is None or self._loading or self.read_only or self._asking:
            return False
        try:
            for key, value in changes.items():
                cleaned = core.clean_value(key, value)
                if key == "profile_url":
                    core.check_profile_url_free(cleaned, self.contact_id)
                changes[key] = cleaned
        except core.ValidationError as exc:
            self._show_error(str(exc))
            return False
        changes = {k: v for k, v in changes.items() if v != self._stored.get(k)}
        if not changes:
            return True
        self.error.hide()
        expected = {key: self._stored.get(key) for key in changes}
        self._stored.update(changes)
        command = EditContactCommand(self.bus, self.contact_id, changes, self.title.text(), expected=expected)
        self.undo_stack.push(command)
        if command.conflict is not None:
            self._resolve(command.conflict)
        return True

    def _resolve(self, conflict: core.EditConflict) -> None:
        """Someone else changed the field meanwhile: ask whose value it keeps (theirs unless the user says
        otherwise), then show what is stored."""
        contact_id, name, field = self.contact_id, self.title.text(), conflict.field
        self._asking = True
        try:
            while conflict is not None and contact_id is not None:
                if ConflictDialog.ask(self, conflict) != "mine":
                    break
                if conflict.field in KIND_OF_DETAIL:
                    command: EditContactCommand | SetDetailsCommand = SetDetailsCommand(
                        self.bus, contact_id, KIND_OF_DETAIL[conflict.field], conflict.yours, name,
                        expected=conflict.theirs,
                    )  # fmt: skip
                else:
                    command = EditContactCommand(
                        self.bus, contact_id, {conflict.field: conflict.yours}, name,
                        expected={conflict.field: conflict.theirs},
                    )  # fmt: skip
                self.undo_stack.push(command)
                conflict = command.conflict  # changed yet again meanwhile: asked again, with the newest value
        finally:
            self._asking = False
        if self.contact_id == contact_id and contact_id is not None:
            # Their value, or yours when it was saved: what is stored, in any case.
            self._load(contact_id, refresh={field, KIND_OF_DETAIL.get(field, field)})

    def _commit_line(self, key: str) -> None:
        if self.contact_id is None or self._loading or self._asking:
            return
        edit = self.lines[key]
        stored_text = self._line_text(self._stored.get(key))
        if edit.text().strip() == stored_text:
            return
        edit.setModified(False)  # saved (or refused) now: no longer an edit in progress
        if not self._push_edit({key: edit.text()}):
            self._loading = True
            edit.setText(stored_text)
            self._loading = False

    def _commit_text_widget(self, widget: QObject) -> None:
        for key, edit in self.texts.items():
            if edit is widget and self.contact_id is not None and not self._loading and not self._asking:
                if edit.toPlainText() != self._stored.get(key, ""):
                    edit.document().setModified(False)
                    self._push_edit({key: edit.toPlainText()})

    def _commit_stage(self) -> None:
        self._push_edit({"stage": self.stage.currentData()})

    def _commit_cadence(self) -> None:
        value = self.cadence.value() or None
        if value != self._stored.get("cadence_days"):
            self._push_edit({"cadence_days": value})

    def _commit_tags(self) -> None:
        if self.contact_id is None or self._loading or self.read_only or self._asking:
            return
        wanted = []
        for part in self.tags.text().split(","):
            part = part.strip()
            if part and part.casefold() not in {w.casefold() for w in wanted}:
                wanted.append(part)
        have = self._stored.get("tags", [])
        have_keys = {h.casefold() for h in have}
        wanted_keys = {w.casefold() for w in wanted}
        added = [w for w in wanted if w.casefold() not in have_keys]
        removed = [h for h in have if h.casefold() not in wanted_keys]
        if not added and not removed:
            return
        self._stored["tags"] = wanted
        self.undo_stack.beginMacro(self.tr("Edit tags of {name}").format(name=self.title.text()))
        for tag in added:
            self.undo_stack.push(TagContactsCommand(self.bus, [self.contact_id], tag))
        for tag in removed:
            self.undo_stack.push(TagContactsCommand(self.bus, [self.contact_id], tag, remove=True))
        self.undo_stack.endMacro()

    def _commit_details(self, kind: str) -> None:
        if self.contact_id is None or self._loading or self.read_only or self._asking:
            return
        items = self.details[kind].items()
        shown = self._stored_details.get(kind, [])
        if [(i.label, i.value) for i in items] == [(i.label, i.value) for i in shown]:
            return
        self._stored_details[kind] = list(items)
        command = SetDetailsCommand(self.bus, self.contact_id, kind, items, self.title.text(), expected=shown)
        self.undo_stack.push(command)
        if command.conflict is not None:
            self._resolve(command.conflict)

    def _on_open_profile(self) -> None:
        url = self._stored.get("profile_url")
        if url:
            QDesktopServices.openUrl(QUrl(url))

