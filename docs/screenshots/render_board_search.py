"""Render the board search of the README: `python docs/screenshots/render_board_search.py` (writes
board-search.png beside this file): the demo network, a search for Tomás Herrera ringing his two places."""

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
from linkorganizer.core import board as board_core  # noqa: E402
from linkorganizer.core import groups as groups_core  # noqa: E402
from linkorganizer.core.network import Changes  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui.localtime import utc_today  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="lo-board-search-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    apply_theme(app, "light")
    window = create_main_window(tmp / "demo.db", settings)
    window.setProperty("quietImports", True)
    registry.import_file(ROOT / "resources" / "demo" / "demo-network.json")
    cards = board_core.board_snapshot()
    with window.network.op("Deadlines"):
        groups_core.set_deadline(cards[3].id, utc_today() + _dt.timedelta(weeks=3, days=3))
        groups_core.set_deadline(cards[2].id, utc_today() - _dt.timedelta(days=4))
    window.bus.publish(Changes.everything())
    window.resize(1600, 1000)
    window.show()
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    window.board_view.find_person("Tomás Herrera", only_matching=True)
    for _ in range(20):
        app.processEvents()
    window.grab().save(str(OUT / "board-search.png"))
    window.close()


if __name__ == "__main__":
    main()
