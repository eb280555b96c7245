"""Render the Three I's screenshots offscreen: `python docs/screenshots/render_three_is.py` (PNGs beside this file).

Imports the demo network (resources/demo/demo-network.json, whose dates are relative to 25 Nov 2026) with "now"
pinned to that day, then grabs the inbox (light and dark), the introductions and a contact's history.
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
from linkorganizer.core.network import Changes  # noqa: E402
from linkorganizer.core import introductions  # noqa: E402
from linkorganizer.db.models import Contact, Invitation  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui import localtime  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo-network.json"
DEMO_NOW = _dt.datetime(2026, 11, 25, 11, 30)  # the demo's TODAY, late morning


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()


def build(app: QApplication, tmp: Path, theme: str, settings: QSettings):
    apply_theme(app, theme)
    window = create_main_window(tmp / f"demo-{theme}.db", settings)
    window.setProperty("quietImports", True)
    window.resize(1280, 780)
    registry.import_file(DEMO)
    window.bus.publish(Changes.everything())
    window.update_badges()  # at once: the window counts them after a short pause otherwise
    window.show()
    settle(app)
    return window


def show_page(app: QApplication, window, page) -> None:
    window.navigation.setCurrentRow(window.views.indexOf(page))
    settle(app)


def main(only: str | None = None) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    localtime.freeze(DEMO_NOW)
    tmp = Path(tempfile.mkdtemp(prefix="lo-three-is-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    for theme in ("light", "dark"):
        window = build(app, tmp, theme, settings)
        inbox = window.inbox_view
        show_page(app, window, inbox)
        # A replied invitation shows the whole method: the message, their reasons, the timeline, the decision.
        replied = Invitation.get(Invitation.name == "Elena Popescu").id
        inbox.select_invitation(replied)
        inbox.list.setFocus()
        settle(app)
        window.grab().save(str(OUT / f"inbox-{theme}.png"))
        if theme == "light":
            # Two days later: the call with Jonas Becker has happened and is recorded, so the week shows progress.
            localtime.freeze(DEMO_NOW + _dt.timedelta(days=2, hours=6))
            jonas = Contact.get(Contact.full_name == "Jonas Becker").id
            [call] = introductions.list_introductions("upcoming", contact_id=jonas)
            introductions.record_call(
                call.id,
                notes="Finlo is growing the payments team; he liked the fintech case study.",
                their_needs="A senior PM who can talk to risk and compliance.",
                my_offer="My structured-interview rubric; two candidates from the coaching cohort.",
                outcome="connect",
                held_at=call.scheduled_at,
            )
            window.bus.publish(Changes.everything())
            window.update_badges()
            intro = window.introductions_view
            show_page(app, window, intro)
            intro.select_introduction(call.id)
            intro.held_table.setFocus()
            settle(app)
            window.grab().save(str(OUT / "introductions-light.png"))
            localtime.freeze(DEMO_NOW)
            contact = Contact.get(Contact.full_name == "Mei Lin").id
            window.open_contact(contact)
            view = window.contacts_view
            # Tall enough to show the person, their stage and cadence, and the history under them.
            window.resize(1280, 1000)
            view.splitter.setSizes([560, 620])
            settle(app)
            window.grab().save(str(OUT / "contact-history-light.png"))
        window.close()
        settle(app)
    localtime.freeze(None)
    print(f"wrote screenshots to {OUT}")


if __name__ == "__main__":
    main()
