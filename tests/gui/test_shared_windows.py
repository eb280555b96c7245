"""Windows on a network on a real PostgreSQL server: what another person does in their window appears in this
one, and a network whose server cannot be reached is offered as the copy kept on this computer, read-only."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox

from linkorganizer.app import create_main_window, open_network_window
from linkorganizer.core import board as board_core
from linkorganizer.core.network import DatabaseError
from linkorganizer.core.sharing import Place, copy_network, set_up_server
from linkorganizer.demo import ensure_demo_database
from linkorganizer.ui import offline
from linkorganizer.ui.dialogs.server_dialog import ServerDialog
from linkorganizer.ui.views.board_card import GroupCard, MemberChip

PEER = Path(__file__).with_name("shared_peer.py")


@pytest.fixture
def team_urls(pg_server, pg_url: str, tmp_path: Path) -> tuple[str, str]:
    """The demo network on the server, shared by two people with roles of their own: alice's URL, carol's."""
    copy_network(ensure_demo_database(tmp_path / "demo"), pg_url)
    set_up_server(pg_url, ["lo_alice", "lo_carol"])
    database = pg_url.rsplit("/", 1)[1]
    return pg_server.url(database, user="lo_alice"), pg_server.url(database, user="lo_carol")


@pytest.fixture
def open_window(qtbot, qapp, settings) -> Iterator:
    built = []

    def make(target: str):
        window = create_main_window(target, settings)
        qtbot.addWidget(window)
        built.append(window)
        window.resize(1280, 780)
        qtbot.waitUntil(lambda: window.loaded)
        return window

    yield make
    for window in built:
        window.close()
        window.deleteLater()


class Peer:
    """Carol's window, in a process of its own."""

    def __init__(self, url: str, folder: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(PEER), url, str(folder / "peer.ini")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.answer() == "ready"

    def answer(self) -> str:
        assert self.process.stdout is not None
        return self.process.stdout.readline().strip()

    def ask(self, request: str) -> str:
        assert self.process.stdin is not None
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        return self.answer()

    def close(self) -> None:
        try:
            self.ask("quit")
        except (BrokenPipeError, AssertionError):
            pass
        self.process.wait(30)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


def the_board(window):
    """The window's board in front; its first goal, and someone in the box, not placed yet."""
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    return board_core.board_snapshot()[0], board_core.unplaced_contacts(limit=1)[0]


def chips_on(window, goal: str) -> list[str]:
    card = next(c for c in window.board_view.findChildren(GroupCard, "groupCard") if c.accessibleName() == goal)
    return [chip.accessibleName() for chip in card.findChildren(MemberChip, "memberChip") if chip.chip is not None]


def test_the_window_opens_a_network_on_a_server(open_window, team_urls) -> None:
    alice_url, _ = team_urls
    window = open_window(alice_url)
    database = alice_url.rsplit("/", 1)[1]
    assert window.windowTitle().startswith(f"{database} on 127.0.0.1")
    assert window.findChild(type(window.place_label), "placeLabel").text().startswith("Shared")
    assert window.contacts_view.model.total > 0
    assert window.live_feed is not None and window.live_feed.listening
    # No lock file is made for a server, and the settings keep where it is without a password.
    window.save_settings()
    assert window.settings.value("database/last") == Place.of(alice_url).target


def test_a_contact_placed_by_another_role_appears_on_this_board(open_window, team_urls, qtbot, tmp_path) -> None:
    alice_url, carol_url = team_urls
    window = open_window(alice_url)
    first, newcomer = the_board(window)
    assert newcomer.name not in chips_on(window, first.name)
    peer = Peer(carol_url, tmp_path)
    try:
        assert peer.ask(f"place {newcomer.contact_id} {first.id}") == "done"
    finally:
        peer.close()
    # The server's announcement wakes the window (nothing polls): the piece is drawn on the card. How fast is
    # measured by bench/shared.py; here, that it comes at all.
    qtbot.waitUntil(lambda: newcomer.name in chips_on(window, first.name), timeout=10000)
    assert window.live_feed is not None and window.live_feed.received == 1
    # Carol's change, recorded as hers; it is not on Alice's undo stack.
    author = window.network.db.execute_sql("SELECT author FROM op ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert author == "lo_carol"
    assert window.undo_stack.count() == 0


def test_undo_is_refused_naming_the_other_person_when_they_changed_it_since(
    open_window, team_urls, qtbot, tmp_path
) -> None:
    from linkorganizer.ui.commands.groups import PlaceContactsCommand

    alice_url, carol_url = team_urls
    window = open_window(alice_url)
    first, newcomer = the_board(window)
    window.undo_stack.push(PlaceContactsCommand(window.bus, [newcomer.contact_id], first.id, group_name=first.name))
    assert newcomer.name in chips_on(window, first.name)
    peer = Peer(carol_url, tmp_path)
    try:
        assert peer.ask(f"remove {newcomer.contact_id} {first.id}") == "done"
    finally:
        peer.close()
    qtbot.waitUntil(lambda: newcomer.name not in chips_on(window, first.name), timeout=10000)
    with qtbot.waitSignal(window.bus.failed) as said:
        window.actions.undo.trigger()
    assert said.args[0].startswith(f"“Place a contact in “{first.name}”” can no longer be undone: it was changed since by")
    assert said.args[0].endswith("(lo_carol).")
    assert newcomer.name not in chips_on(window, first.name)  # nothing was written


def test_one_field_edited_in_two_windows_at_once_is_shown_as_a_conflict(
    open_window, team_urls, qtbot, tmp_path
) -> None:
    from linkorganizer.core import contacts
    from tests.gui.test_editor_conflicts import Answer, start_typing

    alice_url, carol_url = team_urls
    window = open_window(alice_url)
    window.show()
    someone = board_core.unplaced_contacts(limit=1)[0]
    window.navigation.setCurrentRow(window.views.indexOf(window.contacts_view))
    window.contacts_view.select_ids([someone.contact_id])
    before = contacts.get_contact(someone.contact_id).values["position"]
    field = start_typing(qtbot, window, "position", "Head of Partnerships")
    peer = Peer(carol_url, tmp_path)
    try:
        assert peer.ask(f"edit {someone.contact_id} position Chief of Staff") == "done"
    finally:
        peer.close()
    # Carol's save reaches this window while Alice is still typing: her typing stays.
    qtbot.waitUntil(lambda: window.live_feed.received == 1, timeout=10000)
    assert field.text() == "Head of Partnerships"
    steps = window.undo_stack.count()
    answer = Answer("keep")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert answer.shown, "the conflict dialog did not open"
    assert answer.shown["message"].startswith("lo_carol changed Position at ")
    assert (answer.shown["theirs"], answer.shown["yours"]) == ("Chief of Staff", "Head of Partnerships")
    assert contacts.get_contact(someone.contact_id).values["position"] == "Chief of Staff" != before
    assert field.text() == "Chief of Staff" and window.undo_stack.count() == steps


def test_a_private_note_in_one_window_is_not_in_the_other_roles_window(open_window, team_urls, qtbot, tmp_path) -> None:
    from PySide6.QtWidgets import QApplication, QDialogButtonBox

    from linkorganizer.core import interactions
    from linkorganizer.ui.dialogs.interaction_dialog import InteractionDialog
    from linkorganizer.ui.views.contact_history import HistoryEntryWidget

    alice_url, carol_url = team_urls
    window = open_window(alice_url)
    window.show()
    someone = board_core.unplaced_contacts(limit=1)[0]
    window.navigation.setCurrentRow(window.views.indexOf(window.contacts_view))
    window.contacts_view.select_ids([someone.contact_id])
    history = window.contacts_view.editor.history
    for text, private in (("Open to a move in spring", False), ("Salary expectation: 95k", True)):
        def fill(text=text, private=private) -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, InteractionDialog):
                QTimer.singleShot(10, fill)
                return
            assert not dialog.private.isHidden()  # a shared network asks
            dialog.note.setPlainText(text)
            dialog.private.setChecked(private)
            dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()

        QTimer.singleShot(0, fill)
        assert history.add_note()
    shown = {w.entry.text for w in history.findChildren(HistoryEntryWidget, "historyEntry")}
    assert {"Open to a move in spring", "Salary expectation: 95k"} <= shown
    assert [e.text for e in interactions.history(someone.contact_id) if e.private] == ["Salary expectation: 95k"]
    peer = Peer(carol_url, tmp_path)
    try:
        answer = peer.ask(f"history {someone.contact_id}")
    finally:
        peer.close()
    assert answer.startswith("history: ") and "Open to a move in spring" in answer
    assert "Salary" not in answer  # the database kept it from carol's role


def test_live_changes_come_back_after_their_connection_was_cut(
    open_window, team_urls, qtbot, pg_server, tmp_path
) -> None:
    alice_url, carol_url = team_urls
    window = open_window(alice_url)
    first, newcomer = the_board(window)
    database = alice_url.rsplit("/", 1)[1]
    pg_server.admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{database}' AND query LIKE 'LISTEN%'"
    )
    qtbot.waitUntil(lambda: window.place_label.text() == "Shared: not live", timeout=10000)
    assert window.live_feed is not None and not window.live_feed.listening
    with qtbot.waitSignal(window.live_feed.resumed, timeout=20000):
        pass
    assert window.live_feed.listening and window.place_label.text().startswith("Shared · ")
    # Heard again: another person's placement reaches this board.
    peer = Peer(carol_url, tmp_path)
    try:
        assert peer.ask(f"place {newcomer.contact_id} {first.id}") == "done"
    finally:
        peer.close()
    qtbot.waitUntil(lambda: newcomer.name in chips_on(window, first.name), timeout=10000)


def test_an_unreachable_server_offers_the_copy_kept_on_this_computer(
    open_window, settings, qtbot, monkeypatch, tmp_path
) -> None:
    from tests.pg_server import PostgresServer

    server = PostgresServer().start()  # a server of this test's own, to stop
    try:
        url = server.new_database("team")
        copy_network(ensure_demo_database(tmp_path / "demo"), url)
        window = open_window(url)
        qtbot.waitUntil(lambda: window.offline_copy is not None and not window.offline_copy.running, timeout=60000)
        copy = offline.copy_path(Place.of(url))
        assert copy.is_file() and not Path(f"{copy}.part").exists()
        contacts = window.contacts_view.model.total
        window.close()
    finally:
        server.stop()
    asked = []

    def answer(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    reader = open_network_window(url, settings)
    assert reader is not None
    qtbot.addWidget(reader)
    qtbot.waitUntil(lambda: reader.loaded)
    assert "Cannot reach" in asked[0] and "read-only" in asked[0]
    assert reader.network.read_only and reader.contacts_view.model.total == contacts
    assert "read-only" in reader.windowTitle()
    assert reader.place_label.text().startswith("Offline copy")
    assert reader.live_feed is None and reader.offline_copy is None
    # Declined: no window; the reason the server gave is what is said.
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Cancel)
    with pytest.raises(DatabaseError, match="^Cannot reach the network"):
        open_network_window(url, settings)
    reader.close()


def answering(monkeypatch, mode_fields: list[dict], problems: list[str]) -> None:
    """The server dialog, filled in as a person would, once per entry of *mode_fields* (then cancelled)."""

    def ask(cls, parent, mode, settings, problem=""):
        problems.append(problem)
        if not mode_fields:
            return None
        fields = mode_fields.pop(0)
        dialog = cls(mode, settings, parent)
        dialog.host.setText(fields["host"])
        dialog.port.setValue(fields["port"])
        dialog.database.setText(fields["database"])
        dialog.user.setText(fields["user"])
        dialog.password.setText(fields.get("password", ""))
        dialog.remember.setChecked(fields.get("remember", False))
        assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        dialog.remember_fields()
        choice = dialog.choice()
        dialog.deleteLater()
        return choice

    monkeypatch.setattr(ServerDialog, "ask", classmethod(ask))


def fields_of(url: str, **extra) -> dict:
    parts = urlsplit(url)
    return {"host": parts.hostname, "port": parts.port, "database": parts.path[1:], "user": parts.username, **extra}


def test_open_shared_network_asks_again_when_it_fails_and_never_keeps_the_password(
    make_window, team_urls, monkeypatch, settings, tmp_path, qtbot
) -> None:
    alice_url, _ = team_urls
    window = make_window()
    problems: list[str] = []
    wrong = fields_of(alice_url, database="no_such_network", password="typo")
    answering(monkeypatch, [wrong, fields_of(alice_url, password="s3cret word")], problems)
    opened = window.open_shared_network()
    assert opened is not None and window.replacement is opened
    qtbot.addWidget(opened)
    qtbot.waitUntil(lambda: opened.loaded)
    assert problems[0] == "" and "no_such_network" in problems[1]  # the second ask says why the first failed
    assert opened.place == Place.of(alice_url) and opened.network.shared
    assert opened.contacts_view.model.total > 0
    opened.save_settings()
    settings.sync()
    text = (tmp_path / "settings.ini").read_text()
    assert "s3cret" not in text and "typo" not in text
    assert settings.value("server/database") == alice_url.rsplit("/", 1)[1]
    assert settings.value("database/last") == Place.of(alice_url).target
    opened.close()


def test_share_this_network_copies_the_file_to_the_server_and_opens_it(
    make_window, pg_url, monkeypatch, qtbot, tmp_path, message_boxes
) -> None:
    from tests.gui.driving import import_demo

    window = make_window()
    import_demo(window.db_path)
    window.contacts_view.reload()
    contacts = window.contacts_view.model.total
    assert contacts > 0
    problems: list[str] = []
    # First to a port where no server listens: refused, and the dialog asks again saying why.
    answering(monkeypatch, [fields_of(pg_url, port=1), fields_of(pg_url)], problems)
    asked = []

    def answer(parent, title, text, *rest):
        asked.append(text)
        return QMessageBox.StandardButton.Open

    monkeypatch.setattr(QMessageBox, "question", answer)
    assert window.share_network()
    assert problems[0] == "" and problems[1].startswith("Cannot reach the network")
    assert asked and asked[0].startswith("Copied ") and "each checked" in asked[0]
    shared = window.replacement
    assert shared is not None and shared.network.shared
    qtbot.addWidget(shared)
    qtbot.waitUntil(lambda: shared.loaded)
    assert shared.contacts_view.model.total == contacts
    assert window.db_path.is_file()  # the file stays
    # A shared network is shared already: a notice says how others open it.
    assert not shared.actions.share_network.isEnabled()
    assert shared.share_network() is False
    assert message_boxes[-1][2].endswith("is shared already: the people with a role on its server open it with "
                                         "File ▸ Open shared network….")
    shared.close()


class MemoryKeyring:
    """A keyring of this test's own, in place of the system's (which a test machine does not have)."""

    def __init__(self) -> None:
        import keyring.backend

        class Backend(keyring.backend.KeyringBackend):
            priority = 1  # type: ignore[assignment]
            kept: dict[tuple[str, str], str] = {}

            def get_password(self, service, username):
                return self.kept.get((service, username))

            def set_password(self, service, username, password):
                self.kept[(service, username)] = password

            def delete_password(self, service, username):
                self.kept.pop((service, username), None)

        self.backend = Backend()


@pytest.fixture
def memory_keyring() -> Iterator[dict]:
    import keyring

    previous = keyring.get_keyring()
    memory = MemoryKeyring().backend
    keyring.set_keyring(memory)
    yield memory.kept
    keyring.set_keyring(previous)


def test_a_password_asked_to_be_kept_goes_to_the_keyring_and_is_used_next_time(
    make_window, team_urls, monkeypatch, settings, tmp_path, qtbot, memory_keyring
) -> None:
    from linkorganizer.core import credentials

    alice_url, _ = team_urls
    window = make_window()
    problems: list[str] = []
    answering(monkeypatch, [fields_of(alice_url, password="p@ss:word/1", remember=True)], problems)
    opened = window.open_shared_network()
    assert opened is not None
    qtbot.addWidget(opened)
    qtbot.waitUntil(lambda: opened.loaded)
    place = Place.of(alice_url)
    assert memory_keyring == {("LinkOrganizer", place.target): "p@ss:word/1"}
    # Next time the field is left empty: the keyring's password is the one the connection carries.
    again = ServerDialog("open", settings)
    assert again.keyring and not again.remember.isHidden()
    assert again.host.text() == "127.0.0.1" and again.database.text() == alice_url.rsplit("/", 1)[1]
    choice = again.choice()
    assert urlsplit(choice.url).password == "p%40ss%3Aword%2F1" and choice.place == place
    assert credentials.url_to_open(alice_url) == choice.url
    again.deleteLater()
    settings.sync()
    kept = (tmp_path / "settings.ini").read_text()
    assert "p@ss" not in kept and "p%40ss" not in kept
    opened.close()
