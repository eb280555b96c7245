"""Where the app's own files are: bundled resources, and the per-user folders for data and logs. No Qt here."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "linkorganizer"


def resources_dir() -> Path:
    """The resources folder: in the frozen bundle, in the installed package, or at the top of a checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    here = Path(__file__).resolve().parent
    candidates = [Path(frozen) / "resources"] if frozen else []
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if (candidate / "linkorganizer.svg").exists():
            return candidate
    return candidates[-1]


def user_data_dir() -> Path:
    """The per-user folder that holds the default network (``~/.local/share/linkorganizer`` on Linux)."""
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def user_log_dir() -> Path:
    """The per-user folder for the log and the crash report (``~/.local/state/linkorganizer/log`` on Linux)."""
    return platformdirs.user_log_path(APP_DIR_NAME, appauthor=False)
