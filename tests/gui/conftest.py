from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from linkorganizer.app import create_main_window
from linkorganizer.db import close_database
from linkorganizer.ui.main_window import MainWindow
from linkorganizer.ui.theme import apply_theme


def delete_now(widgets) -> None:
    """Close and destroy windows at once (deleteLater alone waits for an event loop that tests rarely run)."""
    for widget in widgets:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def _no_window_outlives_its_test(qapp):
    """A window left alive keeps its network open and is restyled by every later test: each test cleans up."""
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    left = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if left:
        titles = [w.windowTitle() for w in left]
        delete_now(left)
        pytest.fail(f"{len(left)} main window(s) outlived the test: {titles}")


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A modal message box nobody answers would hang the suite: one a test did not expect fails it instead.

    Tests that expect a message patch the function themselves (after this), as they always have.
    """

    def unexpected(kind: str):
        def fail(parent, title, text, *args, **kwargs):
            raise AssertionError(f"an unexpected {kind} message box opened: {title}: {text}")

        return staticmethod(fail)

    for kind in ("information", "warning", "critical", "question"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))


@pytest.fixture
def message_boxes(monkeypatch) -> list[tuple[str, str, str]]:
    """Warnings and notices a test expects: recorded as (kind, title, text) and answered with OK."""
    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str):
        def record(parent, title, text, *args, **kwargs):
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return staticmethod(record)

    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, qapp, tmp_path: Path, settings: QSettings):
    """Build the real main window on a database file in tmp_path."""
    apply_theme(qapp, "light")
    built = []

    def make(db_name: str = "net.db"):
        # A name is a file in tmp_path; a URL is a network on the test's PostgreSQL server.
        window = create_main_window(db_name if "://" in db_name else tmp_path / db_name, settings)
        qtbot.addWidget(window)
        built.append(window)
        # The window reads its network once the event loop runs (after its first paint when shown), as in the app.
        qtbot.waitUntil(lambda: window.loaded)
        return window

    yield make
    # Destroy the windows now, not at the end of the session: a live window would be restyled by every later
    # test's theme, and keeps its database's models busy.
    delete_now(built)
    close_database()


@pytest.fixture
def window(make_window):
    built = make_window()
    built.resize(1280, 780)
    return built


@pytest.fixture(params=["file", "server"])
def either_window(request, make_window):
    """The window on a network file, then on a network on the test's PostgreSQL server: a module that does
    what works the same on both asks for this (as ``window``) and runs twice."""
    target = "net.db" if request.param == "file" else request.getfixturevalue("pg_network_url")
    built = make_window(target)
    built.resize(1280, 780)
    return built
