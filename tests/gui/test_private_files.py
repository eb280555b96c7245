"""The app's own files, as the real app (run_gui, in a process of its own) leaves them: the user's alone."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from test_error_dialog import run_app

CONNECTIONS = Path(__file__).parent.parent / "fixtures" / "linkedin" / "connections_2024.csv"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_the_app_writes_its_settings_network_and_snapshots_privately(tmp_path: Path) -> None:
    home = tmp_path / "home"
    db = tmp_path / "net.db"
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state")}
    previous = os.umask(0o022)  # the usual one: what the app creates must be private whatever it is
    try:
        made = subprocess.run(
            [sys.executable, "-m", "linkorganizer", "--db", str(db), "import", str(CONNECTIONS)],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        # The day's snapshot is taken when the window opens the network; the preferences are written at close.
        result = run_app(tmp_path, "from PySide6.QtCore import QTimer\nQTimer.singleShot(500, app.quit)\n", db)
    finally:
        os.umask(previous)
    assert result.returncode == 0, result.stderr
    ini = home / "config" / "LinkOrganizer" / "linkorganizer.ini"
    assert "database" in ini.read_text(encoding="utf-8")  # the app wrote it (the last network)
    assert mode(ini) == 0o600 and mode(ini.parent) == 0o700
    assert mode(db) == 0o600
    snapshot_root = home / "data" / "linkorganizer" / "snapshots"
    (folder,) = snapshot_root.iterdir()
    descriptions = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("*.json")]
    assert [(d["reason"], d["contacts"]) for d in descriptions] == [("daily", 6)]
    for path in [snapshot_root, folder, *folder.iterdir()]:
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path
