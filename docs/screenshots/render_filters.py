"""Render the contact table's filter bar (with chips and a saved view) and the trash view, with the demo network:
`python docs/screenshots/render_filters.py [--all]` writes filters.png and trash.png beside this file; --all also
writes every size and palette (1024×700 and 1600×1000, light and dark) to a temporary folder to look at.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEvent, QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import contacts as core  # noqa: E402
from linkorganizer.core.contacts import ContactQuery  # noqa: E402
from linkorganizer.core.network import Changes  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui import localtime  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo-network.json"
DEMO_NOW = _dt.datetime(2026, 11, 25, 11, 30)
SIZES = {"small": (1024, 700), "large": (1600, 1000)}


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def main(everything: bool) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="lo-filters-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    localtime.freeze(DEMO_NOW)
    themes = ("light", "dark") if everything else ("light",)
    for theme in themes:
        apply_theme(app, theme)
        window = create_main_window(tmp / f"demo-{theme}.db", settings)
        registry.import_file(DEMO)
        window.bus.publish(Changes.everything())
        view = window.contacts_view
        shown = ContactQuery(tag="fintech", stage="keep_in_touch", connected=("2023-01-01", ""))
        window.save_view("Fintech, due", ContactQuery(tag="fintech", due=True))
        window.save_view("Recruiters", ContactQuery(tag="recruiter"))
        window.save_view("Fintech friends", shown)
        window.show_saved_view("Fintech friends")
        window.statusBar().clearMessage()
        window.show()
        sizes = SIZES.items() if everything else [("shot", (1280, 800))]
        for size_name, (width, height) in sizes:
            window.resize(width, height)
            view.select_ids([view.model.contact_id(0)] if view.model.rowCount() else [])
            settle(app)
            name = f"filters-{theme}-{size_name}.png" if everything else "filters.png"
            window.grab().save(str((tmp if everything else OUT) / name))
        # The trash: three people moved there, one of them selected.
        ids = core.query_contact_ids(ContactQuery(tag="recruiter"))[:3]
        core.trash_contacts(ids)
        window.bus.publish(Changes.everything())
        window.actions.show_trash.setChecked(True)
        for size_name, (width, height) in sizes:
            window.resize(width, height)
            view.select_ids(ids[:1])
            settle(app)
            name = f"trash-{theme}-{size_name}.png" if everything else "trash.png"
            window.grab().save(str((tmp if everything else OUT) / name))
        window.close()
        settle(app)
    localtime.freeze(None)
    print(f"wrote screenshots to {tmp if everything else OUT}")


if __name__ == "__main__":
    main("--all" in sys.argv)
