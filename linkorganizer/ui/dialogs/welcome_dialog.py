"""The first-run welcome: the method in a few lines, then how to start — before any file is created.

Shown when the network to open does not exist yet. Closing it (Esc or the window's close button) creates nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from linkorganizer import APP_NAME
from linkorganizer.ui import icons

IMPORT_LINKEDIN: Final = "import-linkedin"
IMPORT_OTHER: Final = "import-other"
OPEN_DEMO: Final = "demo"
START_EMPTY: Final = "empty"
CHOICES: Final = (IMPORT_LINKEDIN, IMPORT_OTHER, OPEN_DEMO, START_EMPTY)


class _ChoiceButton(QPushButton):
    """A large button: an icon, a title in bold and a line saying what happens."""

    def __init__(self, icon_name: str, title: str, description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeChoice")
        self.setAccessibleName(title)
        self.setAccessibleDescription(description)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 12, 14, 12)
        row.setSpacing(12)
        glyph = QLabel()
        glyph.setPixmap(icons.icon(icon_name).pixmap(QSize(26, 26)))
        glyph.setAlignment(Qt.AlignmentFlag.AlignTop)
        glyph.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        row.addWidget(glyph)
        text = QVBoxLayout()
        text.setSpacing(3)
        head = QLabel(title)
        head.setObjectName("welcomeChoiceTitle")
        body = QLabel(description)
        body.setObjectName("welcomeChoiceText")
        body.setWordWrap(True)
        for label in (head, body):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            text.addWidget(label)
        text.addStretch(1)
        row.addLayout(text, 1)
        self._layout = row

    def sizeHint(self) -> QSize:
        return self._layout.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self._layout.minimumSize()


class WelcomeDialog(QDialog):
    def __init__(self, db_path: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("Welcome to {app}").format(app=APP_NAME))
        self.choice: str | None = None
        box = QVBoxLayout(self)
        box.setContentsMargins(28, 24, 28, 20)
        box.setSpacing(10)

        head = QHBoxLayout()
        head.setSpacing(14)
        logo = QLabel()
        logo.setPixmap(QApplication.windowIcon().pixmap(QSize(52, 52)))
        logo.setAlignment(Qt.AlignmentFlag.AlignTop)
        head.addWidget(logo)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        title = QLabel(self.tr("Welcome to {app}").format(app=APP_NAME))
        title.setObjectName("welcomeTitle")
        titles.addWidget(title)
        subtitle = QLabel(
            self.tr("A deliberate network: quality over quantity, every connection with a purpose.")
        )
        subtitle.setObjectName("welcomeSubtitle")
        subtitle.setWordWrap(True)
        titles.addWidget(subtitle)
        head.addLayout(titles, 1)
        box.addLayout(head)

        method = QLabel(self.tr("The method"))
        method.setObjectName("welcomeSection")
        box.addWidget(method)
        steps = QGridLayout()
        steps.setHorizontalSpacing(10)
        steps.setVerticalSpacing(6)
        lines = (
            ("invitation", self.tr("Invitation"), self.tr("ask “How may I help you?” before you accept.")),
            ("introductions", self.tr("Introduction"), self.tr("a short call before you connect.")),
            ("interactions", self.tr("Interaction"), self.tr("keep it reciprocal: give as often as you ask.")),
            ("puzzle", self.tr("The board"), self.tr("name your goals, then place the people who help you reach each.")),
        )
        for row, (icon_name, word, text) in enumerate(lines):
            glyph = QLabel()
            glyph.setPixmap(icons.icon(icon_name).pixmap(QSize(20, 20)))
            steps.addWidget(glyph, row, 0)
            line = QLabel(f"<b>{word}</b> — {text}")
            line.setObjectName("welcomeStep")
            line.setWordWrap(True)
            steps.addWidget(line, row, 1)
        steps.setColumnStretch(1, 1)
        box.addLayout(steps)

        start = QLabel(self.tr("How would you like to start?"))
        start.setObjectName("welcomeSection")
        box.addWidget(start)
        grid = QGridLayout()
        grid.setSpacing(10)
        self.buttons: dict[str, QPushButton] = {}
        options = (
            (
                IMPORT_LINKEDIN,
                "linkedin",
                self.tr("Import LinkedIn connections…"),
                self.tr("The Connections.csv from LinkedIn's “Get a copy of your data”."),
            ),
            (
                IMPORT_OTHER,
                "import",
                self.tr("Import another file…"),
                self.tr("Google or Outlook CSV, vCard, a LinkOrganizer archive, or any spreadsheet."),
            ),
            (
                OPEN_DEMO,
                "demo",
                self.tr("Open the demo network"),
                self.tr("Sixty invented people and five goals to explore, in a file of its own."),
            ),
            (
                START_EMPTY,
                "start_empty",
                self.tr("Start empty"),
                self.tr("Add people by hand, import later from File ▸ Import."),
            ),
        )
        for index, (key, icon_name, text, description) in enumerate(options):
            button = _ChoiceButton(icon_name, text, description)
            button.setObjectName("welcomeChoice")
            button.setProperty("choice", key)
            button.clicked.connect(lambda _checked=False, key=key: self.choose(key))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[key] = button
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        box.addLayout(grid)

        where = self.tr("Your network will be saved in {path}.").format(path=db_path) if db_path else ""
        footer = QLabel(
            (where + "\n" if where else "")
            + self.tr("Close this window to quit without creating anything.")
        )
        footer.setObjectName("welcomeFooter")
        footer.setWordWrap(True)
        footer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(footer)
        self.buttons[IMPORT_LINKEDIN].setFocus()
        self.resize(720, self.sizeHint().height())

    def choose(self, key: str) -> None:
        if key not in CHOICES:
            raise ValueError(f"unknown welcome choice {key!r}")
        self.choice = key
        self.accept()

    def reject(self) -> None:
        self.choice = None
        super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, db_path: Path | None = None) -> str | None:
        """One of :data:`CHOICES`, or None when the user closed the welcome (nothing is to be created)."""
        dialog = cls(db_path, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice


__all__ = ["CHOICES", "IMPORT_LINKEDIN", "IMPORT_OTHER", "OPEN_DEMO", "START_EMPTY", "WelcomeDialog"]
