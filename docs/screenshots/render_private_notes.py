"""Render notes and private interactions offscreen: `python docs/screenshots/render_private_notes.py [folder]`.

On a network on a PostgreSQL server (started for the purpose, as the tests do: Debian's postgresql package), with
two members, ana and ben: the "Add note…" dialog with "Private" ticked, and the contact's history as ana sees it
(her private note locked, every entry saying who logged it), light and dark. The window opens network files only
so far, so for the window at 1024×700 and 1600×1000 a file is used, with a note in the contact's history (no lock
and no "logged by" on a file). Everything goes to *folder* (default: a temporary one); private-note.png (light:
the history beside the dialog) beside this file.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPixmap, QUndoStack  # noqa: E402
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import contacts  # noqa: E402
from linkorganizer.core import interactions as ia  # noqa: E402
from linkorganizer.core.network import Changes, Network  # noqa: E402
from linkorganizer.core.sharing import set_up_server  # noqa: E402
from linkorganizer.db import close_database  # noqa: E402
from linkorganizer.ui import localtime  # noqa: E402
from linkorganizer.ui.bus import ChangeBus  # noqa: E402
from linkorganizer.ui.dialogs.interaction_dialog import InteractionDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402
from linkorganizer.ui.views.contact_history import ContactHistory  # noqa: E402
from tests.pg_server import PostgresServer  # noqa: E402

NOW = _dt.datetime(2026, 12, 1, 10, 30)
PRIVATE = "Told me in confidence she is talking to two other firms; don't mention it to the team yet."


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()


def fill(network: Network, ada: int | None = None) -> int:
    """Mei Lin's history, as ana logs it."""
    with network.op("Mei Lin's history"):
        if ada is None:
            ada = contacts.create_contact({"first_name": "Mei", "last_name": "Lin", "company": "Northwind Bank",
                                           "position": "Head of Data", "cadence_days": 30})
        ia.log_interaction(ada, "meeting", NOW - _dt.timedelta(days=6, hours=2), "Coffee at the conference")
        ia.log_interaction(ada, "help_given", NOW - _dt.timedelta(days=20), "Reviewed her team's hiring plan")
        ia.log_interaction(ada, "note", NOW - _dt.timedelta(hours=1), PRIVATE, private=True)
    return ada


def server_shots(app: QApplication, folder: Path) -> None:
    server = PostgresServer().start()
    try:
        url = server.new_database("network")
        set_up_server(url, ["ana", "ben"])
        close_database()
        ana = Network.open(server.url("network", "ana"))
        mei = fill(ana)
        ana.close()
        close_database()
        ben = Network.open(server.url("network", "ben"))
        with ben.op("Ben's note"):
            ia.log_interaction(mei, "note", NOW - _dt.timedelta(days=2), "Prefers e-mail before 9; mornings are "
                               "for her team.")
            ia.log_interaction(mei, "note", NOW - _dt.timedelta(days=1), "Ben's own reminder", private=True)
        ben.close()
        close_database()

        network = Network.open(server.url("network", "ana"))
        try:
            for theme in ("light", "dark"):
                apply_theme(app, theme)
                bus = ChangeBus(network)
                stack = QUndoStack()
                panel = QFrame()
                panel.setObjectName("editorPanel")
                box = QVBoxLayout(panel)
                box.setContentsMargins(16, 12, 16, 12)
                history = ContactHistory(stack, bus)
                history.show_contact(mei, "Mei Lin")
                box.addWidget(history)
                box.addStretch(1)
                for width, height in ((420, 640), (560, 700)):
                    panel.resize(width, height)
                    panel.show()
                    settle(app)
                    panel.grab().save(str(folder / f"history-shared-{theme}-{width}.png"))
                dialog = InteractionDialog(None, mei, "Mei Lin", kind="note", shared=True)
                dialog.note.setPlainText(PRIVATE)
                dialog.private.setChecked(True)
                dialog.show()
                settle(app)
                dialog.grab().save(str(folder / f"note-dialog-{theme}.png"))
                if theme == "light":
                    panel.resize(460, 400)  # the entries and a little room: the dialog is 320 high
                    settle(app)
                    left = panel.grab()
                    right = dialog.grab()
                    canvas = QPixmap(left.width() + right.width() + 24, max(left.height(), right.height()))
                    canvas.fill(QColor(app.palette().window().color()))
                    painter = QPainter(canvas)
                    painter.drawPixmap(0, 0, left)
                    painter.drawPixmap(left.width() + 24, 0, right)
                    painter.end()
                    canvas.save(str(OUT / "private-note.png"))
                dialog.close()
                panel.close()
                panel.deleteLater()
                settle(app)
        finally:
            network.close()
            close_database()
    finally:
        server.stop()


def window_shots(app: QApplication, folder: Path) -> None:
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        tmp = Path(tempfile.mkdtemp())
        settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
        window = create_main_window(tmp / "net.db", settings)
        mei = fill(window.network)
        window.bus.publish(Changes.everything())
        for width, height in ((1024, 700), (1600, 1000)):
            window.resize(width, height)
            window.show()
            settle(app)
            window.contacts_view.select_ids([mei])
            settle(app)
            editor = window.contacts_view.editor
            editor.scroll.ensureWidgetVisible(editor.history, 0, 0)  # the history's head at the panel's top
            editor.scroll.verticalScrollBar().setValue(editor.history.y())
            settle(app)
            window.grab().save(str(folder / f"window-note-{theme}-{width}.png"))
        window.close()
        window.deleteLater()
        settle(app)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="lo-private-notes-"))
    folder.mkdir(parents=True, exist_ok=True)
    localtime.freeze(NOW)
    app = QApplication.instance() or QApplication(sys.argv)
    server_shots(app, folder)
    window_shots(app, folder)
    print(folder)


if __name__ == "__main__":
    main()
