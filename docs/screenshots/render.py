"""Render the README screenshots offscreen: `python docs/screenshots/render.py` (writes PNGs beside this file;
render_three_is.py renders the inbox, introductions and contact history).

Builds a network from a generated 50-person LinkedIn export (bench/generate.py), re-imports a newer export of it
to show job changes, and grabs each view in the light and the dark palette.
"""

from __future__ import annotations

import os
import subprocess
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
from linkorganizer.core import contacts as core  # noqa: E402
from linkorganizer.core.records import Labeled  # noqa: E402
from linkorganizer.formats import csv_generic, registry  # noqa: E402
from linkorganizer.ui.dialogs.import_preview import ImportPreviewDialog  # noqa: E402
from linkorganizer.ui.dialogs.import_report import ImportReportDialog  # noqa: E402
from linkorganizer.ui.dialogs.mapping_dialog import MappingDialog  # noqa: E402
from linkorganizer.ui.theme import apply_theme  # noqa: E402


def settle(app: QApplication, rounds: int = 10) -> None:
    for _ in range(rounds):
        app.processEvents()


def generate(kind: str, rows: int, path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), kind, str(rows), str(path), "--seed", "7"],
        check=True,
        capture_output=True,
    )


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv)
    tmp = Path(tempfile.mkdtemp(prefix="lo-shots-"))
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    first, newer = tmp / "Connections.csv", tmp / "Connections-2026.csv"
    generate("connections", 52, first)
    generate("newer", 52, newer)
    newer2 = tmp / "Connections-2027.csv"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate.py"), "newer", "52", str(newer2), "--seed", "7",
         "--job-changes", "0.15"],
        check=True,
        capture_output=True,
    )
    sheet = tmp / "event-attendees.csv"
    sheet.write_text(
        "Full Name;Organisation;Role;Mail;Mobile;Met at;Shoe size\n"
        "Priya Raman;Kestrel Pay;Head of Talent;priya@example.com;+44 20 7946 0011;Fintech Summit;\n"
        "Tomás Ferreira;Lumen Bank;Staff Engineer;tomas@example.org;+351 21 555 0192;Fintech Summit;\n"
        "Grace Mwangi;Open Ledger;Product Director;grace@example.net;;Women in Fintech breakfast;\n"
        "Lars Nilsson;Nordic Capital Tech;Recruiter;lars@example.se;+46 8 555 013;Fintech Summit;\n",
        encoding="utf-8",
    )

    for theme in ("light", "dark"):
        apply_theme(app, theme)
        empty = create_main_window(tmp / f"empty-{theme}.db", settings)
        empty.resize(1280, 760)
        empty.show()
        settle(app)
        empty.grab().save(str(OUT / f"empty-{theme}.png"))
        empty.close()

        window = create_main_window(tmp / f"net-{theme}.db", settings)
        window.setProperty("quietImports", True)
        window.resize(1280, 760)
        window.show()
        registry.import_file(first)
        report = registry.import_file(newer)
        window.bus.publish(Changes.everything())
        view = window.contacts_view
        cid = view.model.contact_id(3)
        core.update_contact(
            cid,
            {
                "location": "Amsterdam",
                "stage": "keep_in_touch",
                "cadence_days": 30,
                "notes": "Met at the fintech meetup. Hiring a product lead in Q1.",
                "help_them": "Intro to two payments PMs; review their job post.",
                "help_me": "Knows the hiring managers at three neobanks.",
            },
        )
        core.set_contact_fields(cid, "email", [Labeled("hello@example.com", "work")])
        core.set_contact_fields(cid, "phone", [Labeled("+31 20 555 0100", "mobile")])
        for tag in ("fintech", "hiring"):
            core.add_tag([cid], tag)
        core.add_tag([view.model.contact_id(1), view.model.contact_id(7)], "fintech")
        window.bus.publish(Changes.everything())
        view.select_ids([cid])
        settle(app)
        window.grab().save(str(OUT / f"contacts-{theme}.png"))
        if theme == "light":
            dialog = ImportReportDialog(report, window)
            dialog.show()
            settle(app)
            dialog.grab().save(str(OUT / f"import-report-{theme}.png"))
            dialog.close()
            # The preview a user confirms before a re-import writes anything.
            preview = ImportPreviewDialog(registry.import_file(newer2, dry_run=True), window)
            preview.tabs.setCurrentIndex(1)
            preview.show()
            settle(app)
            preview.grab().save(str(OUT / "import-preview-light.png"))
            preview.close()
            # The column mapping of a spreadsheet LinkOrganizer does not know.
            header, rows = csv_generic.preview_rows(sheet, 6)
            mapping = MappingDialog(sheet.name, header, rows, csv_generic.guess_mapping(header), window)
            mapping.show()
            settle(app)
            mapping.grab().save(str(OUT / "mapping-dialog-light.png"))
            mapping.close()
        window.close()
        settle(app)
    render_board(app, tmp, settings)
    print(f"wrote screenshots to {OUT}")


def render_board(app: QApplication, tmp: Path, settings: QSettings) -> None:
    """The puzzle board with the demo network, light and dark (resources/demo/demo-network.json)."""
    for theme in ("light", "dark"):
        apply_theme(app, theme)
        window = create_main_window(tmp / f"board-{theme}.db", settings)
        registry.import_file(ROOT / "resources" / "demo" / "demo-network.json")
        window.bus.publish(Changes.everything())
        window.resize(1280, 800)
        window.show()
        window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
        settle(app, 20)
        window.grab().save(str(OUT / f"board-{theme}.png"))
        window.close()
        settle(app)


if __name__ == "__main__":
    main()
