"""Imports point one way: db ← core ← formats ← ui / cli. Only core speaks to the storage directly."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "linkorganizer"


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def modules_importing(prefix: str, files: list[Path]) -> set[str]:
    return {
        str(path.relative_to(PACKAGE.parent))
        for path in files
        if any(name == prefix or name.startswith(prefix + ".") for name in imports_of(path))
    }


def test_the_window_and_the_command_line_reach_the_storage_only_through_the_session():
    files = [*sorted((PACKAGE / "ui").rglob("*.py")), PACKAGE / "cli.py", PACKAGE / "app.py"]
    assert modules_importing("linkorganizer.db", files) == set()


def test_no_format_gains_a_new_way_around_the_session():
    # These three still read the storage for what they export; none may join them.
    known = {"linkorganizer/formats/csv_table.py", "linkorganizer/formats/json_archive.py", "linkorganizer/formats/registry.py"}
    assert modules_importing("linkorganizer.db", sorted((PACKAGE / "formats").rglob("*.py"))) <= known


def test_nothing_below_the_window_imports_qt():
    files = [p for layer in ("db", "core", "formats") for p in sorted((PACKAGE / layer).rglob("*.py"))]
    assert modules_importing("PySide6", files) == set()
    assert modules_importing("qtawesome", files) == set()


def test_storage_imports_nothing_above_it():
    files = sorted((PACKAGE / "db").rglob("*.py"))
    for upper in ("linkorganizer.core", "linkorganizer.formats", "linkorganizer.ui", "linkorganizer.cli"):
        assert modules_importing(upper, files) == set(), upper
