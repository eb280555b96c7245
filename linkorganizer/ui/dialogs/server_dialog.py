"""Where a network on a PostgreSQL server is: File ▸ Open shared network… and File ▸ Share this network….

The server, port, database and role are remembered in the settings; the password never is. It is either typed
here (and, when asked, kept in the system keyring), or found by the driver in ``~/.pgpass``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from linkorganizer.core import credentials
from linkorganizer.core.sharing import Place, with_password

OPEN, SHARE = "open", "share"
DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerChoice:
    url: str  # what connects: with the password typed here, if any (kept in memory only)
    place: Place  # where it is, without a password
    remember: bool  # keep the typed password in the keyring once the connection has worked
    password: str


class ServerDialog(QDialog):
    def __init__(self, mode: str, settings: QSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serverDialog")
        self.mode = mode
        self.settings = settings
        sharing = mode == SHARE
        self.setWindowTitle(self.tr("Share this network") if sharing else self.tr("Open shared network"))
        box = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Copy this network to a new, empty database on a PostgreSQL server, where your team or your other "
                "computers open it. The copy is checked table by table; this file stays as it is. To let your "
                "team in afterwards, the database's owner runs: linkorganizer server-setup URL --member ROLE"
            ) if sharing else self.tr(
                "A network on a PostgreSQL server, shared with your team or your other computers. Everyone signs "
                "in with a role of their own: whoever runs the server gives you yours."
            )
        )
        intro.setWordWrap(True)
        box.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(str(settings.value("server/host", "") or ""))
        self.host.setObjectName("serverHost")
        self.host.setPlaceholderText(self.tr("db.example.com"))
        self.port = QSpinBox()
        self.port.setObjectName("serverPort")
        self.port.setRange(1, 65535)
        self.port.setValue(_int(settings.value("server/port"), DEFAULT_PORT))
        self.database = QLineEdit("" if sharing else str(settings.value("server/database", "") or ""))
        self.database.setObjectName("serverDatabase")
        self.database.setPlaceholderText(self.tr("network"))
        self.user = QLineEdit(str(settings.value("server/user", "") or ""))
        self.user.setObjectName("serverUser")
        self.user.setPlaceholderText(self.tr("your role on the server"))
        self.password = QLineEdit()
        self.password.setObjectName("serverPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("&Server:"), self.host)
        form.addRow(self.tr("&Port:"), self.port)
        form.addRow(self.tr("&Database:"), self.database)
        form.addRow(self.tr("&Role:"), self.user)
        form.addRow(self.tr("Pass&word:"), self.password)
        box.addLayout(form)
        box.addSpacing(4)
        self.remember = QCheckBox(self.tr("Keep the password in this computer's keyring"))
        self.remember.setObjectName("rememberPassword")
        available = self.keyring = credentials.keyring_available()
        self.password.setPlaceholderText(
            self.tr("left empty: from the keyring or ~/.pgpass") if available else self.tr("left empty: from ~/.pgpass")
        )
        self.remember.setVisible(available)
        self.remember.setChecked(available)
        box.addWidget(self.remember)
        hint = QLabel(
            self.tr("The password is never kept in LinkOrganizer's settings.")
            + ("" if available else " " + self.tr("This computer has no keyring: put it in ~/.pgpass to skip "
                                                  "typing it."))
        )
        hint.setObjectName("passwordHint")
        hint.setWordWrap(True)
        box.addWidget(hint)
        self.problem = QLabel()
        self.problem.setObjectName("serverProblem")
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        box.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Copy and share") if sharing else self.tr("Connect")
        )
        self.buttons.accepted.connect(self._accept_if_complete)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)
        for field in (self.host, self.database, self.user):
            field.textChanged.connect(self._update_ok)
        self._update_ok()
        first_empty = next((f for f in (self.host, self.database, self.user) if not f.text()), self.password)
        first_empty.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setMinimumWidth(460)

    def _complete(self) -> bool:
        return all(field.text().strip() for field in (self.host, self.database, self.user))

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._complete())

    def _accept_if_complete(self) -> None:
        if self._complete():
            self.accept()

    def show_problem(self, text: str) -> None:
        """Say why the last attempt failed (the dialog stays open to correct it)."""
        self.problem.setText(text)
        self.problem.setVisible(True)

    def choice(self) -> ServerChoice:
        host = self.host.text().strip()
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        user = quote(self.user.text().strip(), safe="")
        database = quote(self.database.text().strip(), safe="")
        port = f":{self.port.value()}" if self.port.value() != DEFAULT_PORT else ""
        url = f"postgresql://{user}@{host}{port}/{database}"
        password = self.password.text()
        return ServerChoice(
            with_password(url, password) if password else credentials.url_to_open(url),
            Place.of(url),
            self.keyring and self.remember.isChecked() and bool(password),
            password,
        )

    def remember_fields(self) -> None:
        """Keep what was typed for next time (never the password)."""
        self.settings.setValue("server/host", self.host.text().strip())
        self.settings.setValue("server/port", self.port.value())
        self.settings.setValue("server/user", self.user.text().strip())
        if self.mode == OPEN:
            self.settings.setValue("server/database", self.database.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, mode: str, settings: QSettings, problem: str = "") -> ServerChoice | None:
        dialog = cls(mode, settings, parent)
        if problem:
            dialog.show_problem(problem)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        dialog.remember_fields()
        return dialog.choice()


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
