"""Render the Insights page offscreen: `python docs/screenshots/render_insights.py [folder]`.

Imports the demo network (resources/demo/demo-network.json, dates relative to 25 Nov 2026) with "now" pinned to
that day, then grabs the window on Insights at 1024×700 and 1600×1000 in light and dark into *folder* (default: a
temporary one), and insights.png beside this file: the whole page (as *Export chart as PNG…* saves it), light.
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
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui import localtime  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo-network.json"
DEMO_NOW = _dt.datetime(2026, 11, 25, 11, 30)


def settle(app: QApplication, rounds: int = 12) -> None:
    for _ in range(rounds):
        app.processEvents()


def main(folder: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    localtime.freeze(DEMO_NOW)
    tmp = Path(tempfile.mkdtemp(prefix="lo-insights-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    folder.mkdir(parents=True, exist_ok=True)
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        window = create_main_window(tmp / f"demo-{theme}.db", settings)
        registry.import_file(DEMO)
        window.bus.publish(Changes.everything())
        window.navigation.setCurrentRow(window.views.indexOf(window.insights_view))
        window.show()
        settle(app)
        for width, height in ((1024, 700), (1600, 1000), (1280, 780)):
            window.resize(width, height)
            settle(app)
            window.grab().save(str(folder / f"insights-{width}x{height}-{theme}.png"))
            if theme == "light" and width == 1280:
                window.insights_view.content.grab().save(str(OUT / "insights.png"))
        window.close()
        settle(app)
    localtime.freeze(None)
    print(f"wrote screenshots to {folder}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp(prefix="lo-insights-shots-")))
