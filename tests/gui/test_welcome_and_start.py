"""First run: the welcome before anything is created, each of its four ways to start, and the demo network in a
file of its own (also from Help ▸ Open the demo network)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMessageBox

from linkorganizer import demo
from linkorganizer.app import open_start_window
from linkorganizer.db import DatabaseError, close_database
from linkorganizer.db.models import Contact, GoalGroup
from linkorganizer.ui.dialogs.welcome_dialog import (
    CHOICES,
    IMPORT_LINKEDIN,
    IMPORT_OTHER,
    OPEN_DEMO,
    START_EMPTY,
    WelcomeDialog,
)
from linkorganizer.ui.theme import apply_theme
from tests.gui.driving import add_named_contact

DEMO_CONTACTS = len(json.loads(demo.demo_archive_path().read_text(encoding="utf-8"))["contacts"])

LINKEDIN = Path(__file__).parent.parent / "fixtures" / "linkedin"


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary user data folder, for the start-up flow and for telling the demo file apart."""
    folder = tmp_path / "data"
    monkeypatch.setattr(demo, "user_data_dir", lambda: folder)
    return folder


@pytest.fixture
def start(qtbot, qapp, settings, data_dir):
    """Run the start-up flow as run_gui does (without the event loop) on the temporary data folder."""
    apply_theme(qapp, "light")
    opened = []

    def run(db_argument: str | None = None):
        window = open_start_window(db_argument, settings, data_dir)
        if window is not None:
            qtbot.addWidget(window)
            opened.append(window)
        return window

    yield run
    for window in opened:
        for each in (window, window.replacement):
            if each is not None:
                each.close()
                each.deleteLater()
    qapp.processEvents()
    close_database()


def choose(monkeypatch: pytest.MonkeyPatch, choice: str | None) -> list[Path | None]:
    asked: list[Path | None] = []

    def ask(cls, parent, db_path=None):
        asked.append(db_path)
        return choice

    monkeypatch.setattr(WelcomeDialog, "ask", classmethod(ask))
    return asked


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


# -------------------------------------------------------------------------------------------- the dialog


def test_the_welcome_says_the_method_and_offers_four_ways_to_start(qtbot, qapp):
    apply_theme(qapp, "light")
    dialog = WelcomeDialog(Path("/somewhere/network.db"))
    qtbot.addWidget(dialog)
    texts = "\n".join(label.text() for label in dialog.findChildren(QLabel))
    assert "How may I help you?" in texts
    assert "Invitation" in texts and "Introduction" in texts and "Interaction" in texts and "The board" in texts
    assert "/somewhere/network.db" in texts
    assert list(dialog.buttons) == list(CHOICES)
    titles = [dialog.buttons[key].accessibleName() for key in CHOICES]
    assert titles == ["Import LinkedIn connections…", "Import another file…", "Open the demo network", "Start empty"]


@pytest.mark.parametrize("choice", CHOICES)
def test_each_button_is_its_choice(qtbot, qapp, choice):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.buttons[choice], Qt.MouseButton.LeftButton)
    assert dialog.choice == choice and dialog.result() == WelcomeDialog.DialogCode.Accepted


def test_ask_returns_the_click_and_escape_returns_none(qtbot, qapp):
    def later(action) -> None:
        def run() -> None:
            dialog = QApplication.activeModalWidget()
            assert isinstance(dialog, WelcomeDialog)
            action(dialog)

        QTimer.singleShot(0, run)

    later(lambda d: qtbot.mouseClick(d.buttons[OPEN_DEMO], Qt.MouseButton.LeftButton))
    assert WelcomeDialog.ask(None) == OPEN_DEMO
    later(lambda d: qtbot.keyClick(d, Qt.Key.Key_Escape))
    assert WelcomeDialog.ask(None) is None
    later(lambda d: d.close())  # the title bar's ✕
    assert WelcomeDialog.ask(None) is None


# ---------------------------------------------------------------------------------------- the start-up flow


def test_closing_the_welcome_quits_without_creating_any_file(start, monkeypatch, data_dir, tmp_path):
    asked = choose(monkeypatch, None)
    assert start() is None
    assert asked == [data_dir / "network.db"]
    assert files_in(data_dir) == []
    assert start(str(tmp_path / "elsewhere.db")) is None
    assert not (tmp_path / "elsewhere.db").exists()


def test_an_existing_network_opens_without_the_welcome(start, monkeypatch, data_dir):
    asked = choose(monkeypatch, START_EMPTY)
    first = start()
    assert asked == [data_dir / "network.db"] and (data_dir / "network.db").exists()
    first.close()
    second = start()
    assert asked == [data_dir / "network.db"]  # not asked again
    assert second.db_path == data_dir / "network.db"


def test_start_empty_creates_the_network_and_opens_it(start, monkeypatch, data_dir):
    choose(monkeypatch, START_EMPTY)
    window = start()
    assert window.db_path == data_dir / "network.db" and window.db_path.exists()
    assert Contact.select().count() == 0
    assert window.windowTitle() == "network — LinkOrganizer"
    assert not (data_dir / "demo.db").exists()


def test_import_linkedin_opens_the_linkedin_file_dialog_then_imports(qtbot, start, monkeypatch, data_dir):
    choose(monkeypatch, IMPORT_LINKEDIN)
    titles: list[str] = []

    def pick(parent, title, directory, filter_):
        titles.append(title)
        return str(LINKEDIN / "connections_2024.csv"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window = start()
    assert (data_dir / "network.db").exists()
    qtbot.waitUntil(lambda: titles == ["Import LinkedIn connections"])
    qtbot.waitUntil(lambda: window.preview_dialog is not None and window.preview_dialog.isVisible(), timeout=20_000)
    assert window.preview_dialog.report.created == 6
    with qtbot.waitSignal(window.undo_stack.indexChanged, timeout=20_000):
        qtbot.mouseClick(window.preview_dialog.import_button, Qt.MouseButton.LeftButton)
    assert Contact.select().count() == 6


def test_import_another_file_opens_the_general_import_dialog(qtbot, start, monkeypatch, data_dir):
    choose(monkeypatch, IMPORT_OTHER)
    calls: list[tuple[str, str]] = []

    def pick(parent, title, directory, filter_):
        calls.append((title, filter_))
        return "", ""  # the user cancels the file dialog: the empty network stays, nothing imported

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(pick))
    window = start()
    qtbot.waitUntil(lambda: len(calls) == 1)
    title, filter_ = calls[0]
    assert title == "Import contacts" and "*.vcf" in filter_
    assert window.db_path.exists() and Contact.select().count() == 0


def test_the_demo_opens_in_its_own_file_and_the_title_says_so(start, monkeypatch, data_dir):
    choose(monkeypatch, OPEN_DEMO)
    window = start()
    assert window.db_path == data_dir / "demo.db"
    assert not (data_dir / "network.db").exists()  # the user's own network is not created by the demo
    assert Contact.select().count() == DEMO_CONTACTS and GoalGroup.select().count() == 5
    assert window.windowTitle() == "Demo network (sample data) — LinkOrganizer"
    assert window.windowFilePath() == str(data_dir / "demo.db")
    assert "demo network" in window.statusBar().currentMessage()
    # No half-built leftovers (the lock is the open window's: one window per network).
    assert set(files_in(data_dir)) <= {"demo.db", "demo.db-wal", "demo.db-shm", "demo.db.lock"}


def test_the_demo_is_rebuilt_when_its_file_is_gone_and_kept_when_it_is_there(start, monkeypatch, data_dir, qapp):
    choose(monkeypatch, OPEN_DEMO)
    window = start()
    cid = Contact.select().first().id
    Contact.delete_by_id(cid)  # the user tried things in the demo: they stay while the file does
    window.close()
    close_database()
    again = start()
    assert Contact.select().count() == DEMO_CONTACTS - 1
    again.close()
    close_database()
    for name in ("demo.db", "demo.db-wal", "demo.db-shm"):
        (data_dir / name).unlink(missing_ok=True)
    rebuilt = start()
    assert rebuilt.db_path == data_dir / "demo.db" and Contact.select().count() == DEMO_CONTACTS


def test_help_opens_the_demo_from_a_running_window(qtbot, start, monkeypatch, data_dir):
    choose(monkeypatch, START_EMPTY)
    window = start()
    window.new_contact()
    assert Contact.select().count() == 1
    window.actions.open_demo.trigger()
    demo_window = window.replacement
    assert demo_window is not None and demo_window.db_path == data_dir / "demo.db"
    assert demo_window.windowTitle().startswith("Demo network")
    assert Contact.select().count() == DEMO_CONTACTS
    # Back to the user's network: it kept its one contact and none of the demo's people.
    back = demo_window.switch_database(data_dir / "network.db")
    assert back is not None and Contact.select().count() == 1
    back.close()
    back.deleteLater()
    demo_window.deleteLater()


def test_a_demo_that_cannot_be_built_is_refused_and_the_open_network_stays(qtbot, start, monkeypatch, data_dir, tmp_path):
    choose(monkeypatch, START_EMPTY)
    window = start()
    add_named_contact(window)
    broken = tmp_path / "demo-network.json"
    broken.write_text('{"format": "linkorganizer", "contacts": [', encoding="utf-8")
    monkeypatch.setattr(demo, "demo_archive_path", lambda: broken)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    window.actions.open_demo.trigger()
    assert window.replacement is None and len(said) == 1
    assert said[0].startswith(f"The demo network {data_dir / 'demo.db'} cannot be built: ") and str(broken) in said[0]
    assert files_in(data_dir) == [n for n in files_in(data_dir) if n.startswith("network.db")]  # no half demo
    # The window still works on its own network.
    add_named_contact(window, "Bo")
    assert Contact.select().count() == 2 and window.contacts_view.model.rowCount() == 2


def test_a_server_that_cannot_be_reached_is_a_plain_refusal_and_makes_no_file(
    start, monkeypatch, data_dir, tmp_path
) -> None:
    asked = choose(monkeypatch, None)
    # Nothing listens on port 1; no copy of that network was ever kept here, so there is nothing to offer.
    with pytest.raises(DatabaseError, match=r"^Cannot reach the network postgresql://ana@127\.0\.0\.1:1/network: "):
        start("postgresql://ana@127.0.0.1:1/network")
    assert asked == []  # no welcome for a network that is not a file
    assert not any("postgres" in name for name in files_in(tmp_path))


def test_the_server_opened_last_not_answering_starts_the_app_on_this_computers_file(
    start, monkeypatch, data_dir, settings, message_boxes
) -> None:
    asked = choose(monkeypatch, START_EMPTY)
    settings.setValue("database/last", "postgresql://ana@127.0.0.1:1/network")
    window = start()
    assert window is not None and window.place.file == data_dir / "network.db"
    ((kind, _title, text),) = message_boxes
    assert kind == "warning" and text.startswith("Cannot reach the network postgresql://ana@127.0.0.1:1/network")
    assert text.endswith(f"The network file of this computer opens instead: {data_dir / 'network.db'}")
    assert asked == [data_dir / "network.db"]  # a first start there: the welcome, as always
