from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from linkorganizer.app import create_main_window
from linkorganizer.db import close_database
from linkorganizer.ui.theme import apply_theme


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
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, qapp, tmp_path: Path, settings: QSettings):
    """Build the real main window on a database file in tmp_path."""
    apply_theme(qapp, "light")
    built = []

    def make(db_name: str = "net.db"):
        window = create_main_window(tmp_path / db_name, settings)
        window.setProperty("quietImports", True)
        qtbot.addWidget(window)
        built.append(window)
        return window

    yield make
    # Destroy the windows now, not at the end of the session: a live window would be restyled by every later
    # test's theme, and keeps its database's models busy.
    for window in built:
        window.close()
        window.deleteLater()
    qapp.processEvents()
    close_database()


@pytest.fixture
def window(make_window):
    built = make_window()
    built.resize(1280, 780)
    return built
