"""``linkorganizer --self-test``: prove that this installation can do everything the app does.

On a temporary network (the user's own is never opened) it reads a bundled sample with every reader the format
registry has, writes every export format and reads each file back, writes a calendar file, builds the main
window offscreen and renders each of its pages. The list of readers and writers comes from the registry, so a
format added without a sample fails here. Made for the frozen build above all, where a module, a plugin or a data
file left out of the bundle shows up only when it is used.

One line per check (``ok    …`` or ``FAIL  …: reason``), then a summary; exit status 0 only if every check
passed. A failing check prints its exception on its one line, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from linkorganizer.paths import resources_dir

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Where each export goes; detection reads the content, the suffix only helps a person looking at the folder.
# What the offscreen platform says about itself (it cannot do these), not about the app.
OFFSCREEN_NOISE = (
    "This plugin does not support propagateSizeHints",
    "This plugin does not support raise",
    "This plugin does not support grabbing the keyboard",
)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _quiet_offscreen_noise() -> None:
    """Qt's messages still reach stderr, except the offscreen platform's remarks about itself."""
    from PySide6.QtCore import qInstallMessageHandler

    def handle(_kind: object, _context: object, message: str) -> None:
        if not message.startswith(OFFSCREEN_NOISE):
            print(message, file=sys.stderr)

    qInstallMessageHandler(handle)


class CheckFailed(Exception):
    """A check that ran but found something wrong; the message says what."""


class SelfTest:
    def __init__(self, samples: Path, work: Path, out: Callable[[str], None] = print) -> None:
        self.samples = samples
        self.work = work
        self.out = out
        self.passed = 0
        self.failed = 0

    def check(self, name: str, action: Callable[[], str]) -> bool:
        """Run one check; *action* returns what it saw (printed after ``ok``) or raises."""
        try:
            seen = action()
        except Exception as exc:  # every failure is one line of the report, whatever raised it
            self.failed += 1
            reason = str(exc) if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {exc}"
            self.out(f"FAIL  {name}: {' '.join(reason.split())}")
            return False
        self.passed += 1
        self.out(f"ok    {name}: {seen}")
        return True

    # -- the checks ---------------------------------------------------------------------------------------------

    def run(self) -> int:
        from linkorganizer.formats import registry

        self.check("resources", self._resources)
        if not self.check("database", self._database):
            return self._summary()
        for fmt in registry.READ_FORMATS:
            self.check(f"reader {fmt}", lambda fmt=fmt: self._reader(fmt))
        for fmt in registry.EXPORT_FORMATS:
            self.check(f"writer {fmt}", lambda fmt=fmt: self._writer(fmt))
        self.check("calendar", self._calendar)
        self.check("duplicates", self._duplicates)
        self.check("server driver", self._server_driver)
        self.check("collation", self._collation)
        window: list[Any] = []
        if self.check("window", lambda: self._window(window)):
            self._pages(window[0])
        return self._summary()

    def _summary(self) -> int:
        total = self.passed + self.failed
        if self.failed:
            self.out(f"self-test FAILED: {self.failed} of {total} checks failed")
            return EXIT_FAILED
        self.out(f"self-test passed: all {total} checks")
        return EXIT_OK

    def _resources(self) -> str:
        folder = resources_dir()
        icon = folder / "linkorganizer.svg"
        if not icon.is_file():
            raise CheckFailed(f"{icon} is missing")
        return str(folder)

    def _database(self) -> str:
        from linkorganizer.db import open_database

        self.db_path = self.work / "self-test.db"
        open_database(self.db_path)
        return f"a new network at {self.db_path}"

    def _sample(self, fmt: str) -> Path:
        if not self.samples.is_dir():
            raise CheckFailed(f"the samples folder {self.samples} is missing")
        found = sorted(p for p in self.samples.iterdir() if p.is_file() and p.stem == fmt)
        if not found:
            raise CheckFailed(f"no sample for this reader in {self.samples} (expected a file named {fmt}.*)")
        if len(found) > 1:
            raise CheckFailed(f"more than one sample: {', '.join(p.name for p in found)}")
        return found[0]

    def _shown(self, path: Path) -> str:
        return f"{self.samples.name}/{path.name}"

    def _reader(self, fmt: str) -> str:
        from linkorganizer.formats import registry

        sample = self._sample(fmt)
        detected = registry.detect_format(sample)
        if detected != fmt:
            raise CheckFailed(f"{self._shown(sample)} is detected as {detected}, not {fmt}")
        from linkorganizer.formats.textio import TextFile, encoding_name, is_container

        report = registry.import_file(sample, fmt)
        # A sample in a code page (Outlook's) is read with a warning naming it: that is the reader working.
        text = None if is_container(sample) else TextFile(sample)  # a zip (LinkedIn's archive) is no text
        expected = list(text.warnings) if text is not None else []
        problems = [f"line {s.line}: {s.reason}" for s in report.skipped]
        problems += [f"line {w.line}: {w.message}" for w in report.warnings if w not in expected]
        if problems:
            raise CheckFailed(f"{self._shown(sample)}: " + "; ".join(problems[:3]))
        counts = [
            (report.total, "contact"),
            (report.groups_created, "goal group"),
            (report.invitations_created + report.invitations_updated, "invitation"),
            (report.introductions_created, "introduction"),
            (report.interactions_created, "interaction"),
        ]
        read = [plural(n, what) for n, what in counts if n]
        if expected and text is not None:
            read.append(f"read as {encoding_name(text.fallback or text.encoding)}")
        if not read:
            raise CheckFailed(f"nothing was read from {self._shown(sample)}")
        return f"{', '.join(read)} from {self._shown(sample)}"

    def _writer(self, fmt: str) -> str:
        from linkorganizer.core.records import ContactRecord, Skipped
        from linkorganizer.formats import registry

        folder = self.work / "export"
        folder.mkdir(exist_ok=True)
        path = folder / f"export-{fmt}{registry.spec(fmt).suffixes[0]}"
        expected = len(registry.active_contact_ids())
        written = registry.export_file(path, fmt)
        if written != expected or written == 0:
            raise CheckFailed(f"{written} contacts written to {path.name}, the network has {expected}")
        reader = registry.spec(fmt).read_back
        if not reader:
            return f"{plural(written, 'contact')} to {path.name}"
        detected = registry.detect_format(path)
        if detected != reader:
            raise CheckFailed(f"{path.name} is detected as {detected}, not {reader}")
        items = list(registry.open_source(path, detected).items())
        skipped = [item for item in items if isinstance(item, Skipped)]
        if skipped:
            raise CheckFailed(f"reading {path.name} back skipped line {skipped[0].line}: {skipped[0].reason}")
        back = sum(1 for item in items if isinstance(item, ContactRecord))
        if back != written:
            raise CheckFailed(f"{written} contacts written to {path.name}, {back} read back")
        return f"{plural(written, 'contact')} to {path.name}, read back as {detected}"

    def _calendar(self) -> str:
        import icalendar

        from linkorganizer.db.models import Introduction
        from linkorganizer.formats import ics

        ids = [iid for (iid,) in Introduction.select(Introduction.id).tuples()]
        if not ids:
            raise CheckFailed("no sample holds an introduction call to put in a calendar")
        path = self.work / "export" / "calls.ics"
        count = ics.write_ics(path, ids)
        events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        if len(events) != count:
            raise CheckFailed(f"{count} calls written to {path.name}, {len(events)} read back")
        return f"{plural(count, 'introduction call')} to {path.name}, read back"

    def _duplicates(self) -> str:
        import phonenumbers

        from linkorganizer.core.duplicates import find_duplicates, name_similarity, phone_key

        # The numbering plans are loaded by name, one country at a time: every one must be in the build.
        regions = sorted(phonenumbers.SUPPORTED_REGIONS)
        missing = [r for r in regions if phonenumbers.PhoneMetadata.metadata_for_region(r) is None]
        if missing:
            raise CheckFailed(f"no phone numbering plan for {', '.join(missing[:5])}")
        if phone_key("030 1234567", "DE") != "+49301234567" or name_similarity(("lukasz",), ("lukas",))[0] < 80:
            raise CheckFailed("phone numbers or names do not compare as they should")
        pairs = find_duplicates("US")
        return f"{len(regions)} phone numbering plans; {plural(len(pairs), 'pair')} in the samples"

    def _server_driver(self) -> str:
        import importlib
        import importlib.util
        from importlib.metadata import entry_points

        if importlib.util.find_spec("psycopg") is None:
            return "not installed (a network on a server needs pip install 'linkorganizer[server]')"
        import ssl  # psycopg imports it too; its OpenSSL is the one libpq uses in the frozen build

        import psycopg
        from psycopg import pq
        from psycopg.conninfo import conninfo_to_dict

        # libpq itself parses the URL: the driver's own library, and those it links to, are loaded.
        if conninfo_to_dict("postgresql://someone@example.org:5433/network").get("port") != "5433":
            raise CheckFailed("libpq does not read a server's URL")
        # keyring finds its backends by their entry points: each must load, and this platform's keyring library.
        backends = sorted(entry_points(group="keyring.backends"), key=lambda point: point.name)
        if not backends:
            raise CheckFailed("keyring lists no backends (its entry points are missing)")
        for point in backends:
            point.load()
        platform_library = {"linux": "secretstorage", "win32": "win32ctypes.pywin32.win32cred"}.get(sys.platform)
        if platform_library is not None:
            importlib.import_module(platform_library)
        version = pq.version()
        return (
            f"psycopg {psycopg.__version__} ({pq.__impl__}), libpq {version // 10000}.{version % 10000}, "
            f"{ssl.OPENSSL_VERSION}; "
            f"keyring backends {', '.join(point.name for point in backends)}"
        )

    def _collation(self) -> str:
        # Qt sorts with ICU's collation data (the file dialog, completers), which the frozen build keeps.
        from PySide6.QtCore import QCollator, QLocale

        german, swedish = QCollator(QLocale("de_DE")), QCollator(QLocale("sv_SE"))
        if not german.compare("Äpfel", "Birnen") < 0 < german.compare("Zander", "Äpfel"):
            raise CheckFailed("German names do not sort as they should (Ä with A)")
        if not swedish.compare("Äpple", "Zebra") > 0:
            raise CheckFailed("Swedish names do not sort as they should (Ä after Z): the collation data is missing")
        return "German and Swedish names sort as their languages do"

    def _window(self, window: list[Any]) -> str:
        # Before Qt is loaded: the self-test never needs (nor opens) a screen.
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtCore import QEventLoop, QSettings
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication

        from linkorganizer.app import create_main_window
        from linkorganizer.ui import icons

        if os.environ["QT_QPA_PLATFORM"] == "offscreen":
            _quiet_offscreen_noise()
        app = QApplication.instance() or QApplication([sys.argv[0]])
        self.app = app
        svg = QIcon(str(resources_dir() / "linkorganizer.svg")).pixmap(64, 64)
        if svg.isNull():
            raise CheckFailed("the app icon (SVG) cannot be drawn: Qt's SVG support is missing")
        if icons.icon("contacts").pixmap(32, 32).isNull():
            raise CheckFailed("the icon font cannot be drawn")
        settings = QSettings(str(self.work / "settings.ini"), QSettings.Format.IniFormat)
        built = create_main_window(self.db_path, settings)
        built.resize(1024, 700)
        built.show()
        # The window paints first and reads its network just after: the pages are checked once they hold it.
        deadline = time.monotonic() + 60
        while not built.loaded and time.monotonic() < deadline:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        window.append(built)
        if not built.loaded:
            raise CheckFailed("the window did not finish reading the network within a minute")
        return f"built on {self.db_path.name} with the {app.platformName()} platform"

    def _pages(self, window: Any) -> None:
        for index in range(window.views.count()):
            item = window.navigation.item(index)
            # The navigation shows a count beside some titles ("Inbox  2"); the check is named by the title.
            title = re.sub(r"\s+\d+$", "", item.text()) if item is not None else str(index + 1)
            self.check(f"page {title}", lambda index=index: self._page(window, index))
        window.close()
        self.app.processEvents()

    def _page(self, window: Any, index: int) -> str:
        window.navigation.setCurrentRow(index)
        self.app.processEvents()
        page = window.views.widget(index)
        if window.views.currentWidget() is not page:
            raise CheckFailed("the page could not be shown")
        image = page.grab()
        if image.isNull() or image.width() == 0 or image.height() == 0:
            raise CheckFailed("the page rendered as an empty image")
        return f"{type(page).__name__} rendered at {image.width()}x{image.height()}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkorganizer --self-test",
        description="Check that this installation can read, write and show everything, on a temporary network.",
    )
    parser.add_argument(
        "--samples",
        metavar="DIR",
        type=Path,
        help="the folder holding one sample file per reader, named after its format "
        "(default: the samples bundled with the app)",
    )
    return parser


def main(argv: Sequence[str]) -> int:
    """``linkorganizer --self-test [--samples DIR]`` (the ``--self-test`` flag itself already taken off)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")  # a console without UTF-8 still gets every line
    try:
        args = build_parser().parse_args(list(argv))
    except SystemExit as exc:
        return EXIT_USAGE if exc.code else EXIT_OK
    samples = args.samples if args.samples is not None else resources_dir() / "samples"
    try:
        with tempfile.TemporaryDirectory(prefix="linkorganizer-self-test-", ignore_cleanup_errors=True) as work:
            test = SelfTest(samples.resolve(), Path(work))
            # The snapshots its imports and its window take belong to its temporary network, not the user's data.
            snapshots_before = os.environ.get("LINKORGANIZER_SNAPSHOTS")
            os.environ["LINKORGANIZER_SNAPSHOTS"] = str(Path(work) / "snapshots")
            try:
                return test.run()
            finally:
                from linkorganizer.db import close_database

                close_database()
                if snapshots_before is None:
                    os.environ.pop("LINKORGANIZER_SNAPSHOTS", None)
                else:
                    os.environ["LINKORGANIZER_SNAPSHOTS"] = snapshots_before
    except KeyboardInterrupt:
        print("self-test interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of the report went away (`… | head`): nothing more to say, and nothing to say it to.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except Exception as exc:  # a failure outside any one check (the temporary folder, say): still one line
        print(f"FAIL  self-test: {type(exc).__name__}: {' '.join(str(exc).split())}")
        print("self-test FAILED")
        return EXIT_FAILED
