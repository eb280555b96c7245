"""The frozen build's lists of what it keeps agree with what the code imports (build.spec leaves out the rest)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def spec_constant(name: str) -> object:
    tree = ast.parse((ROOT / "build.spec").read_text("utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"build.spec has no {name}")


def qt_modules_imported() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "linkorganizer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6"):
                if node.module == "PySide6":
                    found.update(alias.name for alias in node.names)
                else:
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6."))
    return found


def test_every_qt_module_the_code_imports_is_bundled() -> None:
    imported = qt_modules_imported()
    assert {"QtCore", "QtGui", "QtWidgets"} <= imported  # the scan does find imports
    assert imported <= spec_constant("QT_MODULES_USED")


def test_the_svg_app_icon_can_be_drawn_by_the_bundle() -> None:
    plugins = spec_constant("QT_PLUGINS_KEPT")
    assert isinstance(plugins, dict)
    assert "qsvgicon" in plugins["iconengines"] and "qsvg" in plugins["imageformats"]
    assert {"qxcb", "qwayland", "qoffscreen"} <= plugins["platforms"]


def modules_imported() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "linkorganizer").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_the_code_imports_nothing_the_build_leaves_out() -> None:
    left_out = set(spec_constant("UNUSED_STDLIB")) | set(spec_constant("TEST_AND_TOOL_PACKAGES"))
    imported = {name.split(".")[0] for name in modules_imported()}
    assert "hashlib" in imported  # the scan does find imports (hashlib stays: only its OpenSSL half is left out)
    assert not imported & left_out, f"build.spec leaves out {sorted(imported & left_out)}, which the app imports"
