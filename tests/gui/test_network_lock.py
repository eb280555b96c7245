"""One window per network: a second window on an open network is refused, in this process or from another;
the lock goes with the window that held it, and a crashed holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from linkorganizer.app import create_main_window
from linkorganizer.db import current_database
from linkorganizer.db.models import Contact
from linkorganizer.ui.network_lock import NetworkInUseError, lock_path
from tests.gui.driving import add_named_contact

HOLDER = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QLockFile
    lock = QLockFile(sys.argv[1])
    lock.setStaleLockTime(0)
    assert lock.tryLock(0)
    print("locked", flush=True)
    sys.stdin.read()  # held until the test closes our stdin (or kills us)
    """
)


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock of tmp_path/net.db, as another LinkOrganizer would."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock_path(tmp_path / "net.db"))],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout.readline().strip() == "locked"
        yield process
    finally:
        if not process.stdin.closed:
            process.stdin.close()
        process.wait(timeout=30)
        process.stdout.close()


def expected(path: Path, pid: int) -> str:
    return f"{path} is already open in another LinkOrganizer window (process {pid})."


def test_a_second_window_on_the_same_network_is_refused_until_the_first_closes(make_window, tmp_path, settings):
    first = make_window()
    add_named_contact(first)
    with pytest.raises(NetworkInUseError) as info:
        create_main_window(tmp_path / "net.db", settings)
    assert str(info.value).startswith(expected(tmp_path / "net.db", os.getpid()))
    # Refused before anything was opened: the first window still works on its network.
    assert current_database().database == str(tmp_path / "net.db")
    add_named_contact(first)
    assert Contact.select().count() == 2
    first.close()
    assert not lock_path(tmp_path / "net.db").exists()
    second = make_window()
    assert second.contacts_view.model.total == 2


def test_another_process_holding_the_network_refuses_it(qtbot, tmp_path, settings, holder):
    with pytest.raises(NetworkInUseError) as info:
        create_main_window(tmp_path / "net.db", settings)
    assert str(info.value).startswith(expected(tmp_path / "net.db", holder.pid))
    assert info.value.pid == holder.pid
    holder.stdin.close()
    holder.wait(timeout=30)
    window = create_main_window(tmp_path / "net.db", settings)
    qtbot.addWidget(window)
    window.close()


def test_the_lock_of_a_crashed_process_is_taken_over(qtbot, tmp_path, settings, holder):
    holder.send_signal(signal.SIGKILL)  # a crash: no chance to remove the lock file
    holder.wait(timeout=30)
    lock = lock_path(tmp_path / "net.db")
    assert lock.read_text().splitlines()[0] == str(holder.pid)
    window = create_main_window(tmp_path / "net.db", settings)
    qtbot.addWidget(window)
    assert lock.read_text().splitlines()[0] == str(os.getpid())
    window.close()
    assert not lock.exists()


def test_switching_to_a_network_open_elsewhere_stays_on_this_one(make_window, tmp_path, monkeypatch, holder):
    # The holder has tmp_path/net.db; this window has another network.
    window = make_window("mine.db")
    window.new_contact()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warnings.append(text))
    assert window.switch_database(tmp_path / "net.db") is None
    assert len(warnings) == 1 and warnings[0].startswith(expected(tmp_path / "net.db", holder.pid))
    assert current_database().database == str(tmp_path / "mine.db")
    assert window.replacement is None and Contact.select().count() == 1


def test_opening_the_network_this_window_has_says_so(window, tmp_path, monkeypatch):
    notes: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: notes.append(text))
    assert window.switch_database(tmp_path / "net.db") is None
    assert window.switch_database(tmp_path / "." / "net.db") is None
    assert notes == [f"{tmp_path / 'net.db'} is already open in this window."] + [
        f"{tmp_path / '.' / 'net.db'} is already open in this window."
    ]
    assert window.network_lock is not None and window.network_lock.held


def test_the_app_refuses_to_start_on_a_network_open_elsewhere(tmp_path, holder):
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    # An existing network (a new one would open on the first-run welcome); the command line ignores the lock.
    made = subprocess.run([sys.executable, "-m", "linkorganizer", "--db", str(tmp_path / "net.db"), "stats"], env=env)
    assert made.returncode == 0
    # The app's start-up refusal is a message box; a timer reads it out and closes it, as a user would.
    program = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication(sys.argv)

        def answer():
            box = QApplication.activeModalWidget()
            if box is None:
                QTimer.singleShot(50, answer)
                return
            print("shown:", box.text(), flush=True)
            box.close()

        QTimer.singleShot(50, answer)
        from linkorganizer.app import run_gui
        sys.exit(run_gui({str(tmp_path / "net.db")!r}))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120
    )
    assert result.returncode == 1, result.stderr
    assert f"shown: {expected(tmp_path / 'net.db', holder.pid)}" in result.stdout
    log = (home / "state" / "linkorganizer" / "log" / "linkorganizer.log").read_text(encoding="utf-8")
    assert f"network refused: already open in process {holder.pid}" in log
