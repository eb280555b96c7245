"""Render the first-run welcome and the Preferences dialog offscreen: `python docs/screenshots/render_welcome.py`.

Writes welcome-light.png and welcome-dark.png beside this file (the README shows them); with `--all`, also the
Preferences tabs and the demo window at 1024x700 and 1600x1000 into a temporary folder, to look at.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtGui import QIcon  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.demo import ensure_demo_database  # noqa: E402
from linkorganizer.paths import resources_dir  # noqa: E402
from linkorganizer.ui.dialogs.preferences_dialog import PreferencesDialog  # noqa: E402
from linkorganizer.ui.dialogs.welcome_dialog import WelcomeDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402
from render import settle  # noqa: E402 - the sibling script's (this folder is on sys.path when run)


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setWindowIcon(QIcon(str(resources_dir() / "linkorganizer.svg")))
    everything = "--all" in sys.argv
    tmp = Path(tempfile.mkdtemp(prefix="lo-welcome-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        welcome = WelcomeDialog(Path.home() / ".local/share/linkorganizer/network.db")
        welcome.show()
        settle(app)
        welcome.grab().save(str(OUT / f"welcome-{theme}.png"))
        welcome.close()
        if not everything:
            continue
        window = create_main_window(ensure_demo_database(tmp / theme), settings)
        for width, height in ((1024, 700), (1600, 1000)):
            window.resize(width, height)
            window.show()
            settle(app)
            window.grab().save(str(tmp / f"demo-{theme}-{width}.png"))
        dialog = PreferencesDialog(settings, window.db_path, window)
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            dialog.show()
            settle(app)
            dialog.grab().save(str(tmp / f"preferences-{index}-{theme}.png"))
        dialog.close()
        window.close()
        settle(app)
    print(tmp if everything else OUT)


if __name__ == "__main__":
    main()
