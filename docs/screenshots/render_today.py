"""Render the Today page offscreen: `python docs/screenshots/render_today.py [folder]`.

Imports the demo network (resources/demo/demo-network.json, dates relative to 25 Nov 2026) with "now" pinned to
that day, adds what a week of use brings (a job change a newer export saw, reminders, a call, a birthday), then grabs
Today at 1024×700 and 1600×1000 in light and dark into *folder* (default: a temporary one) and today.png (light,
1280×780) beside this file.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import contacts, introductions, job_changes, reminders  # noqa: E402
from linkorganizer.core.network import Changes  # noqa: E402
from linkorganizer.db.models import Contact  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui import localtime  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo-network.json"
DEMO_NOW = _dt.datetime(2026, 11, 25, 11, 30)


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()


def build(app: QApplication, tmp: Path, theme: str, settings: QSettings):
    apply_theme(app, theme)
    window = create_main_window(tmp / f"demo-{theme}.db", settings)
    registry.import_file(DEMO)
    today = DEMO_NOW.date()
    with window.network.op("A week of use"):
        ana = Contact.get(Contact.full_name == "Mei Lin")
        cursor = window.network.db.cursor()
        job_changes.record(cursor, ana.id, {"company": (ana.company, "Northwind Bank"),
                                            "position": (ana.position, "Head of Data")}, today.isoformat(), None)
        first = Contact.select().where(Contact.deleted_at.is_null()).order_by(Contact.sort_name).first()
        reminders.add_reminder(f"Send {first.first_name} the intro to the payments team", today, first.id)
        reminders.add_reminder("Update the coaching cohort list", today - _dt.timedelta(days=1))
        caller = Contact.get(Contact.full_name == "Kofi Boateng")
        introductions.schedule_call(caller.id, DEMO_NOW + _dt.timedelta(hours=4), 30, "His fellowship's hiring plans")
        other = Contact.select().where(Contact.deleted_at.is_null()).order_by(Contact.sort_name.desc()).first()
        contacts.update_contact(other.id, {"birthday": f"--{(today + _dt.timedelta(days=2)).strftime('%m-%d')}"})
    window.bus.publish(Changes.everything())
    window.update_badges()
    window.navigation.setCurrentRow(window.views.indexOf(window.today_view))
    window.show()
    settle(app)
    return window


def main(folder: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    localtime.freeze(DEMO_NOW)
    tmp = Path(tempfile.mkdtemp(prefix="lo-today-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    folder.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        window = build(app, tmp, theme, settings)
        for width, height in ((1024, 700), (1600, 1000), (1280, 780)):
            window.resize(width, height)
            settle(app)
            image = window.grab()
            image.save(str(folder / f"today-{width}x{height}-{theme}.png"))
            if theme == "light" and width == 1280:
                image.save(str(OUT / "today.png"))
        window.close()
        settle(app)
    localtime.freeze(None)
    print(f"wrote screenshots to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="lo-today-shots-")))
