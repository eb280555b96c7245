""""Is this one of these people?" — the contacts a person being added may already be, told apart by position and
company, before a fourth "Shira Cohen" comes into being.

:class:`MatchList` is the list (also shown inline in the detail panel of a contact added by hand);
:class:`NamesakeDialog` asks with it when an invitation is accepted or entered.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core.matches import EMAIL, NAME, PROFILE, Match
from linkorganizer.ui import icons
from linkorganizer.ui.people import role_text

SOMEONE_NEW = 0  # the answer "none of them": a contact of their own (contact ids start at 1)


class MatchList(QListWidget):
    """The candidates, one per line: name, what they do, and why they are listed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchList")
        self.setAccessibleName(self.tr("Contacts this may be"))
        self.setIconSize(QSize(16, 16))
        # Two lines per person, each cut short rather than wrapped: every row is as tall as the next.
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setUniformItemSizes(True)
        self.setSpacing(2)

    def set_matches(self, matches: Sequence[Match]) -> None:
        self.clear()
        reasons = {PROFILE: self.tr("same profile"), EMAIL: self.tr("same e-mail"), NAME: self.tr("same name")}
        for match in matches:
            role = role_text(match.position, match.company) or self.tr("no position or company known")
            facts = [reasons[r] for r in match.reasons]
            if match.location:
                facts.insert(0, match.location)
            if match.in_trash:
                facts.append(self.tr("in the trash"))
            item = QListWidgetItem(icons.icon("contact"), f"{match.name} · {role}\n{' · '.join(facts)}")
            item.setData(Qt.ItemDataRole.UserRole, match.contact_id)
            item.setToolTip(f"{match.name}\n{role}")
            self.addItem(item)
        if self.count():
            self.setCurrentRow(0)
        rows = max(1, min(self.count(), 4))
        line = self.sizeHintForRow(0) if self.count() else 2 * self.fontMetrics().height() + 8
        self.setFixedHeight(rows * (line + 4) + 2 * self.frameWidth() + 4)

    def chosen(self) -> int | None:
        item = self.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None


def _tr(text: str) -> str:
    return QCoreApplication.translate("NamesakeDialog", text)


def question_text(name: str, matches: Sequence[Match]) -> str:
    """The sentence above the list (rich text)."""
    count = len(matches)
    same_name = all(m.reasons == (NAME,) for m in matches)
    person = html.escape(name) if name else _tr("this person")
    if same_name and count == 1:
        text = _tr("You already have a contact called <b>{name}</b>.")
    elif same_name:
        text = _tr("You already have {n} contacts called <b>{name}</b>.")
    elif count == 1:
        text = _tr("A contact looks like <b>{name}</b>.")
    else:
        text = _tr("{n} contacts look like <b>{name}</b>.")
    return text.format(n=count, name=person)


class NamesakeDialog(QDialog):
    """Asks which contact the person is; ``answer`` is a contact id, :data:`SOMEONE_NEW`, or None (cancelled)."""

    def __init__(self, name: str, matches: Sequence[Match], action: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("namesakeDialog")
        self.setWindowTitle(self.tr("Is this one of these people?"))
        self.answer: int | None = None
        box = QVBoxLayout(self)
        box.setSpacing(10)
        title = QLabel(self.tr("Is this one of these people?"))
        title.setObjectName("dialogTitle")
        box.addWidget(title)
        intro = QLabel(question_text(name, matches) + " " + html.escape(action))
        intro.setObjectName("namesakeQuestion")
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        box.addWidget(intro)
        self.list = MatchList()
        self.list.set_matches(matches)
        self.list.itemDoubleClicked.connect(lambda _item: self._choose())
        box.addWidget(self.list)
        buttons = QDialogButtonBox()
        self.same = QPushButton(icons.icon("contact"), self.tr("Yes, this one"))
        self.same.setObjectName("namesakeSame")
        self.same.setDefault(True)
        self.same.clicked.connect(self._choose)
        self.new = QPushButton(icons.icon("new_contact"), self.tr("No, someone new"))
        self.new.setObjectName("namesakeNew")
        self.new.setAutoDefault(False)
        self.new.clicked.connect(self._someone_new)
        buttons.addButton(self.same, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.new, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)
        self.list.setFocus()
        self.resize(max(520, self.sizeHint().width()), self.sizeHint().height())

    def _choose(self) -> None:
        chosen = self.list.chosen()
        if chosen is not None:
            self.answer = chosen
            self.accept()

    def _someone_new(self) -> None:
        self.answer = SOMEONE_NEW
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, name: str, matches: Sequence[Match], action: str = "") -> int | None:
        """The contact id chosen, :data:`SOMEONE_NEW`, or None when the user cancelled."""
        dialog = cls(name, matches, action, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer


__all__ = ["SOMEONE_NEW", "MatchList", "NamesakeDialog", "question_text"]
