"""Render the conflict dialog offscreen: `python docs/screenshots/render_conflict.py` (writes conflict.png
beside this file; with --all FOLDER, the light and dark palettes at 1024x700 and 1600x1000, and the dialog alone, into FOLDER).

The window shows a contact being edited; a second connection to its network file changes the same field, as
another program would, and the save opens the dialog over the window.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtGui import QColor, QPainter, QPalette  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core import contacts as core  # noqa: E402
from linkorganizer.core.network import Changes, Network  # noqa: E402
from linkorganizer.db import open_database  # noqa: E402
from linkorganizer.db.models import MODELS  # noqa: E402
from linkorganizer.ui.dialogs.conflict_dialog import ConflictDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def shot(app: QApplication, theme: str, size: tuple[int, int], path: Path, crop: bool = False) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="lo-conflict-"))
    apply_theme(app, theme)
    window = create_main_window(tmp / "net.db", QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.resize(*size)
    window.show()
    settle(app)
    with window.network.op("Add"):
        cid = core.create_contact({"first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Engines",
                                   "position": "Analyst", "location": "London"})
    window.bus.publish(Changes.everything())
    window.contacts_view.select_ids([cid])
    settle(app)
    editor = window.contacts_view.editor
    field = editor.lines["position"]
    field.setFocus()
    field.setText("Head of computing")
    field.setModified(True)
    other = Network(tmp / "net.db", open_database(tmp / "net.db", bind=False))
    with other.db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False), other.op("Edit position"):
        core.update_contact(cid, {"position": "Director of research"})
    # A change made a few minutes ago, as the dialog says it.
    other.db.execute_sql("UPDATE op SET created_at = ? WHERE title = 'Edit position'",
                         ((_dt.datetime.now(_dt.UTC).replace(tzinfo=None) - _dt.timedelta(minutes=3)).isoformat(sep=" "),))
    other.close()

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ConflictDialog):
            QTimer.singleShot(20, grab)
            return
        settle(app)
        picture = window.grab()
        painter = QPainter(picture)
        # The dialog centred over the window, as a window manager places it.
        dialog_picture = dialog.grab()
        x, y = (window.width() - dialog_picture.width()) // 2, (window.height() - dialog_picture.height()) // 3
        painter.fillRect(x + 4, y + 4, dialog_picture.width(), dialog_picture.height(), QColor(0, 0, 0, 60))
        painter.drawPixmap(x, y, dialog_picture)
        painter.setPen(dialog.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(x - 1, y - 1, dialog_picture.width() + 1, dialog_picture.height() + 1)
        painter.end()
        picture.save(str(path))
        if crop:
            dialog.grab().save(str(path.with_name(path.stem + "-dialog.png")))
        dialog.keep_theirs.click()

    QTimer.singleShot(0, grab)
    field.editingFinished.emit()
    settle(app)
    window.close()
    window.deleteLater()
    settle(app)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    if "--all" in sys.argv:
        folder = Path(sys.argv[-1]) if sys.argv[-1] != "--all" else OUT
        for theme in ("light", "dark"):
            for size in ((1024, 700), (1600, 1000)):
                shot(app, theme, size, folder / f"conflict-{theme}-{size[0]}.png", crop=True)
        return
    shot(app, "light", (1024, 700), OUT / "conflict.png")


if __name__ == "__main__":
    main()
