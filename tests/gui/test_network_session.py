"""The window's network session: a failed write leaves no step, a refused file is never written to, and undoing
a large import keeps the window drawing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from linkorganizer.db import SCHEMA_VERSION
from linkorganizer.db.models import Contact
from linkorganizer.formats import registry
from linkorganizer.ui.commands import TagContactsCommand, TrashContactsCommand
from tests.gui.test_error_dialog import crash, logs, shown  # noqa: F401 - fixtures
from tests.gui.test_soak import _generator
from tests.gui.driving import add_named_contact


def test_a_write_that_fails_on_a_locked_database_leaves_no_step_and_one_plain_message(
    qtbot, window, tmp_path, crash, shown  # noqa: F811
):
    add_named_contact(window)
    steps, contacts = window.undo_stack.count(), Contact.select().count()
    window.network.db.execute_sql("PRAGMA busy_timeout = 50")  # the lock is real; only the wait is shortened
    other = sqlite3.connect(tmp_path / "net.db")
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        window.new_contact()
    finally:
        other.rollback()
        other.close()
    assert window.undo_stack.count() == steps
    assert window.actions.undo.text().endswith("New contact Ann") and Contact.select().count() == contacts
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    assert len(shown) == 1
    report, _on_gui_thread = shown[0]
    assert "in use by another program" in report.message and report.details is None


def test_a_refused_network_leaves_the_window_on_its_own_file(window, tmp_path, monkeypatch):
    newer = tmp_path / "newer.db"
    con = sqlite3.connect(newer)
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
    con.execute("INSERT INTO schema_version VALUES (?, '2030-01-01')", (SCHEMA_VERSION + 1,))
    con.commit()
    con.close()
    before = newer.read_bytes()
    refusals: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: refusals.append(text))
    assert window.switch_database(newer) is None
    assert refusals and "newer LinkOrganizer" in refusals[0]
    add_named_contact(window)  # writes go to the window's own network
    assert window.network.path == tmp_path / "net.db"
    assert Contact.select().count() == 1
    assert sqlite3.connect(tmp_path / "net.db").execute("SELECT count(*) FROM contact").fetchone() == (1,)
    assert newer.read_bytes() == before


@pytest.fixture
def big_import(tmp_path: Path) -> Path:
    generate = _generator()
    return generate.write_connections(tmp_path / "Connections.csv", generate.generate_people(5000))


def test_undoing_a_large_import_runs_off_the_gui_thread_while_the_window_draws(qtbot, window, big_import):
    task = window.import_file(big_import, "linkedin", preview=False)
    with qtbot.waitSignal(task.finished, timeout=60000):
        pass
    imported = Contact.select().count()
    assert imported > 4500 and window.actions.undo.text().startswith("&Undo Import")
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(len(ticks)))
    timer.start()
    window.actions.undo.trigger()  # returns once the worker is done; the timer ran meanwhile
    timer.stop()
    assert Contact.select().count() == 0
    assert len(ticks) >= 3, "the window's event loop did not run while the undo worked"
    window.actions.redo.trigger()
    assert Contact.select().count() == imported
    assert QApplication.activeModalWidget() is None


def test_every_command_undo_and_redo_give_back_the_database_byte_for_byte(window, tmp_path):
    """The undo log, through the window's own commands: a few steps, all undone, all redone."""

    def dump() -> dict[str, list[tuple]]:
        """Every row of the network, the search index's included (not its internal pages, nor the log)."""
        con = sqlite3.connect(tmp_path / "net.db")
        try:
            tables = [
                name
                for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not name.startswith(("undo_", "op", "contact_search_", "sqlite_"))
            ]
            return {t: con.execute(f'SELECT rowid, * FROM "{t}" ORDER BY rowid').fetchall() for t in tables}
        finally:
            con.close()

    registry.import_file(Path(__file__).parents[1] / "fixtures" / "linkedin" / "connections_2024.csv", network=window.network)
    start = dump()
    view = window.contacts_view
    window.new_contact()
    view.select_ids([view.model.contact_id(0)])
    window.undo_stack.push(TagContactsCommand(window.bus, [view.model.contact_id(0)], "mentor"))
    window.undo_stack.push(TrashContactsCommand(window.bus, [view.model.contact_id(1)]))
    final = dump()
    while window.undo_stack.canUndo() and window.undo_stack.index() > 0:
        window.undo_stack.undo()
    assert dump() == start
    while window.undo_stack.canRedo():
        window.undo_stack.redo()
    assert dump() == final
