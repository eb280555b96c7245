"""File ▸ Recent networks (newest first, at most eight, missing files dropped, Clear list) and the window title."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from linkorganizer.db.models import Contact
from linkorganizer.ui import recent
from tests.gui.driving import add_named_contact


def shown_paths(window) -> list[Path]:
    """What the menu lists when it opens: the network files of its entries, top to bottom."""
    window.recent_menu.aboutToShow.emit()
    return [Path(a.data()) for a in window.recent_menu.actions() if a.data()]


def entry(window, path: Path):
    window.recent_menu.aboutToShow.emit()
    return next(a for a in window.recent_menu.actions() if a.data() == str(path))


def test_the_title_names_the_open_network(window, tmp_path):
    assert window.windowTitle() == "net — LinkOrganizer"
    assert window.windowFilePath() == str(tmp_path / "net.db")


def test_recent_networks_are_newest_first_and_the_open_one_is_not_a_choice(make_window, tmp_path):
    for name in ("a.db", "b.db", "c.db"):
        window = make_window(name)
    assert shown_paths(window) == [tmp_path / "c.db", tmp_path / "b.db", tmp_path / "a.db"]
    assert not entry(window, tmp_path / "c.db").isEnabled()
    assert entry(window, tmp_path / "a.db").isEnabled()
    assert entry(window, tmp_path / "a.db").text().startswith("&3  a  —  ")
    assert window.actions.clear_recent in window.recent_menu.actions()
    file_menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "&File")
    assert window.recent_menu.menuAction() in file_menu.actions()


def test_the_list_keeps_the_last_eight(make_window, tmp_path, settings):
    for number in range(10):
        window = make_window(f"n{number}.db")
    assert shown_paths(window) == [tmp_path / f"n{number}.db" for number in range(9, 1, -1)]
    assert len(recent.recent_networks(settings)) == recent.LIMIT == 8


def test_missing_files_leave_the_list(make_window, tmp_path, settings):
    for name in ("a.db", "b.db", "c.db"):
        window = make_window(name)
    (tmp_path / "b.db").unlink()
    assert shown_paths(window) == [tmp_path / "c.db", tmp_path / "a.db"]
    assert tmp_path / "b.db" not in recent.recent_networks(settings)
    assert str(tmp_path / "b.db") not in [str(v) for v in (settings.value(recent.KEY) or [])]


def test_clear_list_empties_the_menu(make_window, tmp_path, settings):
    for name in ("a.db", "b.db"):
        window = make_window(name)
    window.recent_menu.aboutToShow.emit()
    assert window.actions.clear_recent.isEnabled()
    window.actions.clear_recent.trigger()
    assert shown_paths(window) == []
    texts = [a.text() for a in window.recent_menu.actions()]
    assert "No recent networks" in texts and not window.actions.clear_recent.isEnabled()
    assert settings.value(recent.KEY) is None


def test_choosing_one_switches_like_open_network(qtbot, make_window, tmp_path):
    first = make_window("first.db")
    add_named_contact(first)
    first.close()  # one window per network: the recent one is not open anywhere else
    second = make_window("second.db")
    assert Contact.select().count() == 0
    entry(second, tmp_path / "first.db").trigger()
    replacement = second.replacement
    assert replacement is not None and not second.isVisible()
    try:
        assert replacement.db_path == tmp_path / "first.db"
        assert replacement.windowTitle() == "first — LinkOrganizer"
        assert Contact.select().count() == 1
        assert shown_paths(replacement)[:2] == [tmp_path / "first.db", tmp_path / "second.db"]
    finally:
        replacement.close()
        replacement.deleteLater()


def test_a_file_gone_since_the_menu_opened_is_refused_in_a_sentence(make_window, tmp_path, monkeypatch):
    window = make_window("a.db")
    window = make_window("b.db")
    action = entry(window, tmp_path / "a.db")
    (tmp_path / "a.db").unlink()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: said.append(text)))
    action.trigger()
    assert window.replacement is None
    assert said == [f"{tmp_path / 'a.db'} no longer exists (moved or deleted); it was taken off the list."]
    assert shown_paths(window) == [tmp_path / "b.db"]
