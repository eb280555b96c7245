"""Render File ▸ Restore snapshot… offscreen: `python docs/screenshots/render_restore.py`.

Writes restore-snapshot.png (light) and restore-snapshot-dark.png beside this file: the dialog over the demo
window at 1024x700. With `--all`, also at 1600x1000 and the dialog alone, into a temporary folder, to look at.
Snapshots of the demo network are taken for real, into a temporary data folder; only their dates are spread
over a few days, as a network in use would have them.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
TMP = Path(tempfile.mkdtemp(prefix="lo-restore-"))
os.environ["XDG_DATA_HOME"] = str(TMP / "data")  # the snapshots of this run, never the real user's

from PySide6.QtCore import QPoint, QRect, QSettings  # noqa: E402
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPen  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import contacts, snapshots  # noqa: E402
from linkorganizer.core.network import Network  # noqa: E402
from linkorganizer.demo import ensure_demo_database  # noqa: E402
from linkorganizer.paths import resources_dir  # noqa: E402
from linkorganizer.ui.dialogs.restore_snapshot import RestoreSnapshotDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402
from render import settle  # noqa: E402 - the sibling script's (this folder is on sys.path when run)

# (days ago, hour, reason, detail, kind)
HISTORY = [
    (6, 9, snapshots.DAILY, "", "daily"),
    (5, 8, snapshots.DAILY, "", "daily"),
    (5, 14, snapshots.IMPORT, "LinkedIn connections", "event"),
    (3, 10, snapshots.DAILY, "", "daily"),
    (3, 16, snapshots.EMPTY_TRASH, "", "event"),
    (1, 9, snapshots.DAILY, "", "daily"),
    (1, 11, snapshots.IMPORT, "Google Contacts CSV", "event"),
    (0, 8, snapshots.DAILY, "", "daily"),
]


def take_history(db_path: Path) -> None:
    now = _dt.datetime.now(_dt.UTC).replace(minute=12, second=0, microsecond=0)
    network = Network.open(db_path)
    for step, (days, hour, reason, detail, kind) in enumerate(HISTORY):
        # The network grows between snapshots, as one in use does: each holds a few more people.
        for n in range(step * 3):
            contacts.create_contact({"first_name": f"Sample {step}-{n}", "last_name": "Person"})
        snapshot = snapshots.take_file(db_path, reason, detail, kind=kind, required=True)
        assert snapshot is not None
        description = snapshot.path.with_suffix(".json")
        data = json.loads(description.read_text(encoding="utf-8"))
        when = (now - _dt.timedelta(days=days)).replace(hour=hour)
        data["date"] = when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        description.write_text(json.dumps(data, indent=2), encoding="utf-8")
    network.close()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setWindowIcon(QIcon(str(resources_dir() / "linkorganizer.svg")))
    everything = "--all" in sys.argv
    settings = QSettings(str(TMP / "settings.ini"), QSettings.Format.IniFormat)
    sizes = ((1024, 700), (1600, 1000)) if everything else ((1024, 700),)
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        db_path = ensure_demo_database(TMP / theme)
        take_history(db_path)
        window = create_main_window(db_path, settings)
        found = snapshots.list_snapshots(db_path)
        for width, height in sizes:
            window.resize(width, height)
            window.show()
            dialog = RestoreSnapshotDialog(
                found, str(snapshots.folder_for(db_path)), window.contacts_view.model.total, window
            )
            dialog.show()
            settle(app)
            shot = window.grab()
            over = dialog.grab()
            # The dialog over its window, the window dimmed, as a desktop shows a modal dialog.
            painter = QPainter(shot)
            painter.fillRect(shot.rect(), QColor(0, 0, 0, 70))
            at = QPoint((shot.width() - over.width()) // 2, (shot.height() - over.height()) // 2)
            painter.drawPixmap(at, over)
            painter.setPen(QPen(dialog.palette().color(QPalette.ColorRole.Mid), 1))
            painter.drawRect(QRect(at, over.size()).adjusted(-1, -1, 0, 0))
            painter.end()
            name = "restore-snapshot" if theme == "light" else "restore-snapshot-dark"
            target = OUT / f"{name}.png" if width == 1024 else TMP / f"{name}-{width}.png"
            shot.save(str(target))
            if everything:
                over.save(str(TMP / f"dialog-{theme}-{width}.png"))
            dialog.close()
        window.close()
        settle(app)
    print(TMP if everything else OUT)


if __name__ == "__main__":
    main()
