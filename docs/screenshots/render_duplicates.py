"""Render the duplicate finder and the merge dialog offscreen: `python docs/screenshots/render_duplicates.py`.

Imports the demo network (resources/demo/demo-network.json, which holds three people who came in twice) and
grabs Edit ▸ Find duplicates… and the merge dialog of its first pair, at 1024x700, beside this file. With
``--all DIR`` it also writes both at 1600x1000 and in the dark theme into DIR, to look at.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from linkorganizer.app import create_main_window  # noqa: E402
from linkorganizer.core.merge import preview  # noqa: E402
from linkorganizer.core.network import Network  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402
from linkorganizer.ui.dialogs.duplicates_dialog import DuplicatesDialog  # noqa: E402
from linkorganizer.ui.dialogs.merge_dialog import MergeDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402

DEMO = ROOT / "resources" / "demo" / "demo-network.json"
REGION = "GB"  # the demo's phone numbers are British


def grab(app: QApplication, dialog: QDialog, size: tuple[int, int], path: Path) -> None:
    dialog.resize(*size)
    dialog.show()
    for _ in range(6):
        app.processEvents()
    dialog.grab().save(str(path))
    dialog.close()
    dialog.deleteLater()


def main(argv: list[str]) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    work = Path(tempfile.mkdtemp())
    network = Network.open(work / "demo.db")
    registry.import_file(DEMO, "json", network=network)
    network.close()
    window = create_main_window(work / "demo.db", QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    finder = lambda: DuplicatesDialog(window.undo_stack, window.bus, REGION, window)  # noqa: E731
    first = finder().pairs[0]
    merger = lambda: MergeDialog(preview(first.a, first.b, REGION), REGION, window)  # noqa: E731
    apply_theme(app, "light")
    grab(app, finder(), (1024, 700), OUT / "duplicates.png")
    grab(app, merger(), (1024, 700), OUT / "merge.png")
    if len(argv) == 2 and argv[0] == "--all":
        folder = Path(argv[1])
        folder.mkdir(parents=True, exist_ok=True)
        for theme in ("light", "dark"):
            apply_theme(app, theme)
            for size in ((1024, 700), (1600, 1000)):
                grab(app, finder(), size, folder / f"duplicates-{theme}-{size[0]}.png")
                grab(app, merger(), size, folder / f"merge-{theme}-{size[0]}.png")
    window.close()
    print(f"wrote {OUT / 'duplicates.png'} and {OUT / 'merge.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
