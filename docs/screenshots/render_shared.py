"""Render the window on a shared network offscreen: `python docs/screenshots/render_shared.py` (writes
shared-window.png and open-shared.png beside this file; with --all FOLDER, light and dark at 1024x700 and
1600x1000 into FOLDER).

It starts a PostgreSQL server of its own (as the tests do), puts the demo network on it for two roles, logs a
note as each, and opens the window as one of them on a contact's history.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HOME = Path(tempfile.mkdtemp(prefix="lo-shots-"))
for name in ("DATA", "CONFIG", "STATE", "CACHE"):
    os.environ[f"XDG_{name}_HOME"] = str(HOME / name.lower())

from PySide6.QtCore import QPoint, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QScrollArea  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import interactions  # noqa: E402
from linkorganizer.core.network import Network  # noqa: E402
from linkorganizer.core.sharing import copy_network, set_up_server  # noqa: E402
from linkorganizer.db import close_database  # noqa: E402
from linkorganizer.demo import ensure_demo_database  # noqa: E402
from linkorganizer.ui.dialogs.server_dialog import OPEN, ServerDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402
from tests.pg_server import PostgresServer  # noqa: E402

CONTACT = "Priya Raman"


def _ancestors(widget):
    while widget is not None:
        widget = widget.parentWidget()
        yield widget


def settle(app: QApplication, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def prepare(server: PostgresServer) -> tuple[str, int]:
    url = server.new_database("agency")
    copy_network(ensure_demo_database(HOME / "demo"), url)
    set_up_server(url, ["ana", "ben"])
    contact = 0
    for role, text, private in (
        ("ben", "Prefers e-mail before 9; mornings are for her team.", False),
        ("ana", "Told me in confidence she is talking to two other firms.", True),
    ):
        network = Network.open(server.url("agency", user=role))
        try:
            (contact,) = network.db.execute_sql("SELECT id FROM contact WHERE full_name = ?", (CONTACT,)).fetchone()
            with network.op("Add a note"):
                interactions.log_interaction(contact, "note", _dt.datetime(2026, 11, 30, 9, 30), text, private=private)
        finally:
            network.close()
            close_database()
    return server.url("agency", user="ana"), contact


def render(folder: Path, every: bool) -> None:
    app = QApplication.instance() or QApplication([])
    server = PostgresServer().start()
    try:
        url, contact = prepare(server)
        settings = QSettings(str(HOME / "settings.ini"), QSettings.Format.IniFormat)
        settings.setValue("server/host", "db.agency.example")
        settings.setValue("server/user", "ana")
        settings.setValue("server/database", "agency")
        themes = ("light", "dark") if every else ("light",)
        sizes = ((1024, 700), (1600, 1000)) if every else ((1280, 780),)
        for theme in themes:
            apply_theme(app, theme)
            window = create_main_window(url, settings)
            window.show()
            while not window.loaded:
                app.processEvents()
            window.navigation.setCurrentRow(window.views.indexOf(window.contacts_view))
            window.contacts_view.select_ids([contact])
            for width, height in sizes:
                window.resize(width, height)
                settle(app)
                # The selected row and the contact's history in view, as a person would scroll to them.
                table = window.contacts_view.table
                table.scrollTo(table.currentIndex())
                history = window.contacts_view.editor.history
                scroller = next(w for w in _ancestors(history) if isinstance(w, QScrollArea))
                top = history.mapTo(scroller.widget(), QPoint(0, 0)).y()
                scroller.verticalScrollBar().setValue(top - 40)
                settle(app)
                name = f"shared-window-{theme}-{width}.png" if every else "shared-window.png"
                window.grab().save(str(folder / name))
            dialog = ServerDialog(OPEN, settings, window)
            dialog.show()
            settle(app, 0.2)
            dialog.grab().save(str(folder / (f"open-shared-{theme}.png" if every else "open-shared.png")))
            dialog.close()
            window.close()
            settle(app, 0.1)
    finally:
        server.stop()


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--all":
        render(Path(sys.argv[2]), True)
    else:
        render(OUT, False)
