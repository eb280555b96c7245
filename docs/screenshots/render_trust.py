"""Render the "no silent edits" screenshots offscreen: `python docs/screenshots/render_trust.py [folder]`.

On the demo network with three Shira Cohens added: the "is this one of these people?" question when an invitation
from a fourth is accepted (namesakes.png) and the inbox after D was pressed twice (inbox-undo.png), written beside
this file. With a folder, every page touched is also rendered there at 1024×700 and 1600×1000, light and dark,
for looking at.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import contacts, interactions, invitations, matches  # noqa: E402
from linkorganizer.core.network import Changes  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui import localtime  # noqa: E402
from linkorganizer.ui.dialogs.group_dialog import GroupDialog  # noqa: E402
from linkorganizer.ui.dialogs.namesake_dialog import NamesakeDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo-network.json"
DEMO_NOW = _dt.datetime(2026, 11, 25, 11, 30)
SIZES = ((1024, 700), (1600, 1000))
SHIRAS = (("Acme Robotics", "CTO", "Tel Aviv"), ("Globex", "Product designer", "Haifa"), ("Initech", "", "Berlin"))


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()


def key(widget: QWidget, k: Qt.Key) -> None:
    for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, k, Qt.KeyboardModifier.NoModifier))


def build(app: QApplication, tmp: Path, theme: str, settings: QSettings):
    apply_theme(app, theme)
    window = create_main_window(tmp / f"trust-{theme}.db", settings)
    window.resize(1280, 780)
    registry.import_file(DEMO)
    for company, position, location in SHIRAS:
        cid = contacts.create_contact({"first_name": "Shira", "last_name": "Cohen", "company": company,
                                       "position": position, "location": location, "cadence_days": 30,
                                       "connected_on": _dt.date(2024, 3, 1)})  # fmt: skip
        interactions.log_interaction(cid, "call", DEMO_NOW - _dt.timedelta(days=60), "Catch-up")
    invitations.create_invitation("incoming", "Shira Cohen", message="We met at the design-systems meetup; "
                                  "would love to compare notes on hiring designers.", sent_at=DEMO_NOW)
    invitations.create_invitation("incoming", "Dana Levi", message="Your talk on data contracts was great.",
                                  sent_at=DEMO_NOW - _dt.timedelta(hours=3))
    window.bus.publish(Changes.everything())
    window.update_badges()
    window.show()
    settle(app)
    return window


def shoot(app: QApplication, widget: QWidget, path: Path) -> None:
    settle(app)
    widget.grab().save(str(path))


def main(folder: str | None = None) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    localtime.freeze(DEMO_NOW)
    tmp = Path(tempfile.mkdtemp(prefix="lo-trust-"))
    looks = Path(folder) if folder else None
    if looks:
        looks.mkdir(parents=True, exist_ok=True)
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    for theme in ("light", "dark"):
        window = build(app, tmp, theme, settings)
        inbox = window.inbox_view
        shira_invitation = next(r.id for r in invitations.list_invitations("all") if r.name == "Shira Cohen")
        # The question accepting asks.
        found = matches.invitation_matches(shira_invitation)
        dialog = NamesakeDialog("Shira Cohen", found, inbox.tr("Accepting connects the one you choose."), window)
        dialog.show()
        shoot(app, dialog, (OUT if theme == "light" else tmp) / "namesakes.png")
        if looks:
            shoot(app, dialog, looks / f"namesakes-dialog-{theme}.png")
        dialog.close()

        for width, height in SIZES:
            window.resize(width, height)
            settle(app)
            # The inbox after D pressed twice: what happened, in place, with Undo.
            window.navigation.setCurrentRow(window.views.indexOf(inbox))
            inbox.select_invitation(shira_invitation)
            inbox.list.setFocus()
            settle(app)
            key(inbox.list, Qt.Key.Key_D)
            key(inbox.list, Qt.Key.Key_D)
            settle(app)
            if theme == "light" and width == 1600:
                shoot(app, window, OUT / "inbox-undo.png")
            if looks:
                shoot(app, window, looks / f"inbox-undo-{theme}-{width}.png")
            window.undo_stack.undo()
            window.undo_stack.undo()
            settle(app)
            if not looks:
                continue
            # A contact added by hand that has namesakes.
            window.new_contact()
            editor = window.contacts_view.editor
            for field, text in (("first_name", "Shira"), ("last_name", "Cohen")):
                editor.lines[field].setText(text)
                editor.commit_pending()
            settle(app)
            shoot(app, window, looks / f"contact-namesakes-{theme}-{width}.png")
            window.undo_stack.undo()  # the new entry goes again
            for page, name in ((window.due_view, "due"), (window.interactions_view, "interactions"),
                               (window.introductions_view, "introductions")):
                window.navigation.setCurrentRow(window.views.indexOf(page))
                shoot(app, window, looks / f"{name}-{theme}-{width}.png")
        if looks:
            goal = GroupDialog(parent=window)
            goal.name.setText("Land a product role in fintech")
            goal.add_slot("Recruiter", 2)
            goal.add_slot("Hiring manager at a fintech", 1, focus=True)
            goal.show()
            shoot(app, goal, looks / f"goal-dialog-{theme}.png")
            goal.close()
        window.close()
        settle(app)
    localtime.freeze(None)
    print(f"wrote screenshots to {OUT}" + (f" and {looks}" if looks else ""))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
