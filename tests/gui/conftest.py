from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from linkorganizer.app import create_main_window
from linkorganizer.db import close_database
from linkorganizer.ui.theme import apply_theme


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
