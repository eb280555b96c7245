"""Imports point one way: db ← core ← formats ← ui / cli. Only core speaks to the storage directly."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "linkorganizer"


def imports_of(path: Path) -> set[str]:
    """The modules *path* imports, relative imports (``from ..db import x``) spelled out in full."""
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1]
            found.add(".".join([*base, node.module] if node.module else base))
            found.update(".".join([*base, alias.name]) for alias in node.names if not node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def modules_importing(prefix: str, files: list[Path]) -> set[str]:
    return {
        str(path.relative_to(PACKAGE.parent))
        for path in files
        if any(name == prefix or name.startswith(prefix + ".") for name in imports_of(path))
    }


def test_nothing_above_the_session_reaches_the_storage():
    # The formats read what they export through core (core.export), the window and the command line everything.
    files = [
        *sorted((PACKAGE / "ui").rglob("*.py")),
        *sorted((PACKAGE / "formats").rglob("*.py")),
        PACKAGE / "cli.py",
        PACKAGE / "app.py",
    ]
    assert modules_importing("linkorganizer.db", files) == set()


def test_nothing_below_the_window_imports_qt():
    files = [p for layer in ("db", "core", "formats") for p in sorted((PACKAGE / layer).rglob("*.py"))]
    assert modules_importing("PySide6", files) == set()
    assert modules_importing("qtawesome", files) == set()


def test_storage_imports_nothing_above_it():
    files = sorted((PACKAGE / "db").rglob("*.py"))
    for upper in ("linkorganizer.core", "linkorganizer.formats", "linkorganizer.ui", "linkorganizer.cli"):
        assert modules_importing(upper, files) == set(), upper
