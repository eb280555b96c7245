"""File ▸ Recent networks: the last network files opened, newest first, kept in QSettings."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

KEY = "recent/networks"
LIMIT = 8


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b


def _stored(settings: QSettings) -> list[Path]:
    raw = settings.value(KEY)
    if raw is None:
        return []
    # An INI file gives a one-item list back as a plain string.
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, (list, tuple)) else []
    return [Path(str(item)) for item in items if str(item)]


def _store(settings: QSettings, paths: list[Path]) -> None:
    if paths:
        settings.setValue(KEY, [str(path) for path in paths])
    else:
        settings.remove(KEY)


def recent_networks(settings: QSettings) -> list[Path]:
    """The recently opened network files that still exist, newest first (the missing ones are forgotten)."""
    stored = _stored(settings)
    existing = [path for path in stored if path.is_file()][:LIMIT]
    if existing != stored:
        _store(settings, existing)
    return existing


def remember_network(settings: QSettings, path: str | os.PathLike[str]) -> None:
    """Put *path* first (once) and keep the list to its limit."""
    new = Path(path).absolute()
    others = [old for old in _stored(settings) if not _same(old, new)]
    _store(settings, [new, *others][:LIMIT])


def forget_network(settings: QSettings, path: str | os.PathLike[str]) -> None:
    gone = Path(path)
    _store(settings, [old for old in _stored(settings) if not _same(old, gone)])


def clear_recent(settings: QSettings) -> None:
    _store(settings, [])


__all__ = ["LIMIT", "clear_recent", "forget_network", "recent_networks", "remember_network"]
