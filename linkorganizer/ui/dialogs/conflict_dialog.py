"""Someone else changed the field being edited: their value and yours side by side, and which one to keep.

Shown by the contact editor when a save meets :class:`~linkorganizer.core.contacts.EditConflict`. "Keep theirs"
is the default (and Escape): nothing of theirs is lost unless the user says so; "Use mine" saves theirs over
as one undoable step.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.contacts import EditConflict
from linkorganizer.core.fields import BY_NAME
from linkorganizer.core.records import STAGE_LABELS, Labeled
from linkorganizer.ui import icons
from linkorganizer.ui.localtime import to_qdatetime, utc_now

Choice = Literal["mine", "theirs"]


class ConflictDialog(QDialog):
    """Asks whose value a field keeps; ``answer`` is "mine", "theirs", or None (closed: theirs stays)."""

    def __init__(self, conflict: EditConflict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Changed while you were editing"))
        self.conflict = conflict
        self.answer: Choice | None = None
        box = QVBoxLayout(self)
        box.setSpacing(10)
        title = QLabel(self.tr("Someone else changed this field"))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        self.message = QLabel(self.sentence())
        self.message.setObjectName("conflictMessage")
        self.message.setWordWrap(True)
        box.addWidget(self.message)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(4)
        theirs_title = self.tr("Theirs ({who})").format(who=conflict.author) if conflict.author else self.tr("Theirs")
        for column, (heading, value, name) in enumerate(
            ((theirs_title, conflict.theirs, "theirsValue"), (self.tr("Yours"), conflict.yours, "yoursValue"))
        ):
            label = QLabel(heading)
            label.setObjectName("editorSection")
            grid.addWidget(label, 0, column)
            grid.addWidget(self._value_box(value, name), 1, column, Qt.AlignmentFlag.AlignTop)
            grid.setColumnStretch(column, 1)
        box.addLayout(grid)
        hint = QLabel(self.tr("“Use mine” saves yours over theirs; Edit ▸ Undo takes it back."))
        hint.setObjectName("editorSubtitle")
        hint.setWordWrap(True)
        box.addWidget(hint)

        buttons = QDialogButtonBox()
        self.keep_theirs = QPushButton(icons.icon("accept"), self.tr("Keep theirs"))
        self.keep_theirs.setObjectName("primaryButton")
        self.keep_theirs.setDefault(True)
        self.keep_theirs.clicked.connect(lambda: self._choose("theirs"))
        self.use_mine = QPushButton(icons.icon("edit"), self.tr("Use mine"))
        self.use_mine.setObjectName("secondaryButton")
        self.use_mine.setAutoDefault(False)
        self.use_mine.clicked.connect(lambda: self._choose("mine"))
        buttons.addButton(self.keep_theirs, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.use_mine, QDialogButtonBox.ButtonRole.ActionRole)
        box.addWidget(buttons)
        self.keep_theirs.setFocus()
        self.resize(max(540, self.sizeHint().width()), self.sizeHint().height())

    def sentence(self) -> str:
        """"alice changed Position at 14:02 while you were editing." (who and when as far as known; the field may
        be a list, such as E-mails, so the sentence does not say "it")."""
        conflict = self.conflict
        label = self.tr(conflict.label)
        when = self._when(conflict.changed_at)
        if conflict.author and when:
            text = self.tr("{who} changed {field} {when} while you were editing.")
        elif conflict.author:
            text = self.tr("{who} changed {field} while you were editing.")
        elif when:
            # On a file every change is the same user's: another window, another program, another computer.
            text = self.tr("Another window or program changed {field} {when} while you were editing.")
        else:
            text = self.tr("Another window or program changed {field} while you were editing.")
        return text.format(field=label, who=conflict.author, when=when)

    def _when(self, moment: _dt.datetime | None) -> str:
        if moment is None:
            return ""
        local = to_qdatetime(moment)
        if local.date() == to_qdatetime(utc_now()).date():
            return self.tr("at {time}").format(time=QLocale().toString(local, "HH:mm"))
        return self.tr("on {day} at {time}").format(
            day=QLocale().toString(local, "d MMM yyyy"), time=QLocale().toString(local, "HH:mm")
        )

    def shown(self, value: Any) -> str:
        """A value as the editor shows it; "" for none."""
        name = self.conflict.field
        if value is None or value == "" or value == []:
            return ""
        if isinstance(value, list):
            return "\n".join(
                f"{item.label}: {item.value}" if isinstance(item, Labeled) and item.label else str(getattr(item, "value", item))
                for item in value
            )
        if isinstance(value, _dt.date):
            return value.isoformat()
        if name == "cadence_days":
            return self.tr("every {n} days").format(n=value)
        if name == "stage":
            return self.tr(STAGE_LABELS.get(str(value), str(value)))
        return str(value)

    def _value_box(self, value: Any, name: str) -> QWidget:
        text = self.shown(value)
        spec = BY_NAME.get(self.conflict.field)
        if spec is not None and spec.kind == "verbatim" or text.count("\n") > 3:
            view = QPlainTextEdit(text or self.tr("(empty)"))
            view.setReadOnly(True)
            view.setObjectName(name)
            view.setFixedHeight(120)
            return view
        frame = QFrame()
        frame.setObjectName("conflictValue")
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(8, 6, 8, 6)
        label = QLabel(text or self.tr("(empty)"))
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setEnabled(bool(text))  # an empty value reads greyed, not as the word "empty" someone typed
        inner.addWidget(label)
        frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return frame

    def _choose(self, answer: Choice) -> None:
        self.answer = answer
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, conflict: EditConflict) -> Choice | None:
        """"mine", "theirs", or None when the user closed the dialog (Escape): theirs stays, as with "theirs"."""
        dialog = cls(conflict, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer


__all__ = ["ConflictDialog"]
