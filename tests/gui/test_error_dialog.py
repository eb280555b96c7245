"""Unexpected errors in the real window: logged, shown on the GUI thread with Copy details, and the app goes on.
Known environment problems (a full disk) are one plain sentence instead; unreadable files are named."""

from __future__ import annotations

import faulthandler
import os
import shlex
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from linkorganizer import __version__
from linkorganizer.db import current_database
from linkorganizer.db.models import Contact
from linkorganizer.formats import linkedin
from linkorganizer.log import LogFiles, setup_logging, shutdown_logging
from linkorganizer.ui.commands import CreateContactCommand
from linkorganizer.ui.crash import CrashHandler, ErrorDialog, ErrorReport, build_report

LINKEDIN = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin"
CONNECTIONS = LINKEDIN / "connections_2024.csv"

# The tests install the app's own exception hook, which pytest-qt's capture would replace.
pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[LogFiles]:
    files = setup_logging("app", tmp_path / "log")
    assert files is not None
    yield files
    shutdown_logging()
    faulthandler.enable(file=sys.__stderr__)  # pytest's own, which the crash file replaced


@pytest.fixture
def crash(qapp, logs: LogFiles) -> Iterator[CrashHandler]:
    handler = CrashHandler.install(qapp)
    yield handler
    handler.uninstall()
    if handler.dialog is not None:
        handler.dialog.close()
    handler.setParent(None)
    handler.deleteLater()
    qapp.processEvents()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch, qapp) -> list[tuple[ErrorReport, bool]]:
    """Every report the dialog shows, and whether it was built on the GUI thread (the real dialog still opens)."""
    seen: list[tuple[ErrorReport, bool]] = []
    real = ErrorDialog.show_report.__func__

    def record(cls, parent, report):
        seen.append((report, QThread.currentThread() is qapp.thread()))
        return real(cls, parent, report)

    monkeypatch.setattr(ErrorDialog, "show_report", classmethod(record))
    return seen


def test_an_error_in_a_slot_shows_the_dialog_and_the_window_goes_on(qtbot, window, crash, shown, logs):
    secret = "Ada Quill's notes"

    def broken_slot() -> None:
        raise ZeroDivisionError(secret)

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    report, on_gui_thread = shown[0]
    assert on_gui_thread
    assert report.title == "Something went wrong"
    assert "Traceback" not in report.message and "ZeroDivisionError" not in report.message
    assert report.details is not None and "ZeroDivisionError" in report.details and secret in report.details
    dialog = crash.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.where.text() == f"The details were saved to {logs.log_file}."
    text = logs.log_file.read_text(encoding="utf-8")
    assert "unexpected error: ZeroDivisionError" in text and "broken_slot" in text
    assert secret not in text
    dialog.reject()
    # The app goes on: the window still does its work.
    window.new_contact()
    assert Contact.select().count() == 1
    assert crash.dialog is None


def test_an_error_on_a_worker_thread_is_shown_on_the_gui_thread(qtbot, window, crash, shown):
    def work() -> None:
        raise LookupError("in a thread")

    thread = threading.Thread(target=work, name="worker")
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    report, on_gui_thread = shown[0]
    assert on_gui_thread and "LookupError" in (report.details or "")
    crash.dialog.reject()


def test_a_bug_in_a_reader_during_an_import_is_reported_and_the_app_goes_on(
    qtbot, window, crash, shown, monkeypatch, logs
):
    real_items = linkedin.LinkedInConnections.items

    def items_then_bug(self):
        for n, item in enumerate(real_items(self)):
            if n == 3:
                raise IndexError("a reader bug")
            yield item

    monkeypatch.setattr(linkedin.LinkedInConnections, "items", items_then_bug)
    task = window.import_file(CONNECTIONS, preview=False)
    with qtbot.waitSignal(task.crashed, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    report, on_gui_thread = shown[0]
    assert on_gui_thread  # built there, never on the import thread (which used to end the app: exit 139)
    assert report.details is not None and "IndexError" in report.details and "items_then_bug" in report.details
    assert Contact.select().count() == 0  # rolled back
    assert "nothing was imported" in window.statusBar().currentMessage()
    assert "IndexError" in logs.log_file.read_text(encoding="utf-8")
    crash.dialog.reject()
    # The app goes on: the same import, with the reader mended, works.
    monkeypatch.setattr(linkedin.LinkedInConnections, "items", real_items)
    task = window.import_file(CONNECTIONS, preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert Contact.select().count() > 0


def test_copy_details_fills_the_clipboard(qtbot, qapp):
    try:
        raise RuntimeError("what broke")
    except RuntimeError as exc:
        report = build_report(exc)
    dialog = ErrorDialog(report)
    qtbot.addWidget(dialog)
    assert dialog.copy_button is not None
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == report.details
    assert "Traceback (most recent call last)" in copied and "RuntimeError: what broke" in copied
    assert f"LinkOrganizer {__version__}" in copied
    assert f"Python {sys.version.split()[0]}" in copied and "Qt 6." in copied and "PySide6 6." in copied
    assert dialog.copy_button.text() == "Copied"


def limit_growth(pages_more: int = 0) -> None:
    """SQLite's SQLITE_FULL for real: every connection to the network may not grow the file any further."""
    db = current_database()
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.pragma("max_page_count", pages + pages_more, permanent=True)


def test_a_full_disk_in_a_slot_is_a_plain_sentence(qtbot, window, crash, shown):
    limit_growth()
    big = {"first_name": "Big", "notes": "n" * 200_000}
    QTimer.singleShot(0, lambda: window.undo_stack.push(CreateContactCommand(window.bus, big)))
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    report, _ = shown[0]
    assert report.message == "The disk is full: your last change was not saved.\nFree some space and try again."
    assert report.details is None
    assert crash.dialog.copy_button is None and not crash.dialog.where.isVisible()
    crash.dialog.reject()
    assert Contact.select().where(Contact.first_name == "Big").count() == 0


def test_a_full_disk_during_an_import_is_a_plain_refusal(qtbot, window, tmp_path, message_boxes):
    limit_growth()
    many = tmp_path / "many.csv"
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    lines += [f"P{i},Q{i},https://www.linkedin.com/in/p{i},,Co,{'Role ' * 20},08 Aug 2012" for i in range(2000)]
    many.write_text("\n".join(lines) + "\n", encoding="utf-8")
    task = window.import_file(many, preview=False)
    with qtbot.waitSignal(task.failed, timeout=20_000):
        pass
    [(kind, _title, text)] = message_boxes
    assert kind == "warning" and text.startswith(f"{window.db_path}: the disk is full; free some space and try again\n")
    assert Contact.select().count() == 0


@pytest.mark.parametrize(("name", "reason"), [("a-folder", "is a folder, not a file"), ("missing.csv", "no such file")])
def test_a_file_to_import_that_is_not_a_file_is_named(window, tmp_path, name, reason, message_boxes):
    (tmp_path / "a-folder").mkdir()
    assert window.import_file(tmp_path / name) is None
    assert [text for _kind, _title, text in message_boxes] == [f"{tmp_path / name}: {reason}.\n\nNothing was imported."]


@pytest.mark.parametrize(
    ("name", "reason"), [("a-folder", "is a folder, not a file"), ("no/such/out.csv", "its folder does not exist")]
)
def test_an_export_that_cannot_be_written_names_the_file(window, tmp_path, monkeypatch, name, reason):
    (tmp_path / "a-folder").mkdir()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    window.new_contact()
    assert window.export_to(tmp_path / name, "csv") is None
    assert warnings == [f"{tmp_path / name}: {reason}. Nothing was written."]


def run_app(tmp_path: Path, script: str, db: Path, as_ordinary_user: bool = False) -> subprocess.CompletedProcess[str]:
    """The real app (run_gui) in a process of its own, with a private home and the script's timers."""
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    if not db.exists():
        # An existing network, so the app opens straight into its window rather than the first-run welcome.
        made = subprocess.run([sys.executable, "-m", "linkorganizer", "--db", str(db), "stats"], env=env, capture_output=True)
        assert made.returncode == 0, made.stderr
    body = textwrap.dedent(script)
    program = f"import sys\nfrom PySide6.QtWidgets import QApplication\napp = QApplication(sys.argv)\n{body}\n"
    program += f"from linkorganizer.app import run_gui\nsys.exit(run_gui({str(db)!r}))\n"
    command = [sys.executable, "-c", program]
    if as_ordinary_user and os.name == "posix" and os.geteuid() == 0:
        # Root reads any file whatever its mode; without these two capabilities it is held to the modes.
        capsh = shutil.which("capsh")
        if capsh is None:
            if os.environ.get("CI"):  # CI installs it (.ci/run): there the check must run
                pytest.fail("capsh is missing (Debian package libcap2-bin)")
            pytest.skip("running as root, which ignores file modes, and capsh (to give up that power) is missing")
        command = [capsh, "--drop=cap_dac_override,cap_dac_read_search", "--", "-c", shlex.join(command)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)


def test_an_unreadable_file_to_import_is_named(tmp_path):
    secret = tmp_path / "secret.csv"
    secret.write_bytes(CONNECTIONS.read_bytes())
    secret.chmod(0)
    result = run_app(
        tmp_path,
        f"""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QMessageBox
        from linkorganizer.ui.main_window import MainWindow

        def import_unreadable():
            window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
            QMessageBox.warning = lambda parent, title, text, *rest: print("last error:", text.splitlines()[0])
            window.import_file({str(secret)!r})
            window.close()

        QTimer.singleShot(200, import_unreadable)
        """,
        tmp_path / "net.db",
        as_ordinary_user=True,
    )
    assert result.returncode == 0, result.stderr
    assert f"last error: {secret}: cannot be read: permission denied." in result.stdout


def test_a_hard_crash_in_the_app_leaves_a_trace(tmp_path):
    result = run_app(
        tmp_path,
        """
        import faulthandler
        from PySide6.QtCore import QTimer
        QTimer.singleShot(300, faulthandler._sigsegv)
        """,
        tmp_path / "net.db",
    )
    assert result.returncode != 0
    folder = tmp_path / "home" / "state" / "linkorganizer" / "log"
    crash = (folder / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash
    log = (folder / "linkorganizer.log").read_text(encoding="utf-8")
    assert f"app {__version__} started" in log and "network opened" in log
    if os.name == "posix":
        assert oct((folder / "crash.log").stat().st_mode & 0o777) == "0o600"
        assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_qt_messages_go_to_the_log(tmp_path):
    result = run_app(
        tmp_path,
        """
        from PySide6.QtCore import QTimer, qWarning

        def warn_and_quit():
            qWarning("a warning from Qt itself")
            for widget in QApplication.topLevelWidgets():
                widget.close()

        QTimer.singleShot(200, warn_and_quit)
        """,
        tmp_path / "net.db",
    )
    assert result.returncode == 0, result.stderr
    assert "a warning from Qt itself" not in result.stderr
    log = (tmp_path / "home" / "state" / "linkorganizer" / "log" / "linkorganizer.log").read_text(encoding="utf-8")
    assert "WARNING linkorganizer.ui.qt [MainThread] a warning from Qt itself" in log
