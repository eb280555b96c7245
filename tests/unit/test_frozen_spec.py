"""The frozen build's lists of what it keeps agree with what the code imports (build.spec leaves out the rest), and
its rewrite of ICU's data keeps, byte for byte, what Qt reads."""

from __future__ import annotations

import ast
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

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


def spec_functions(*names: str) -> dict[str, object]:
    """The named functions of build.spec, with the constants they read (the spec itself needs PyInstaller to run)."""
    tree = ast.parse((ROOT / "build.spec").read_text("utf-8"))

    def wanted(node: ast.stmt) -> bool:
        if isinstance(node, ast.FunctionDef):
            return node.name in names
        targets = node.targets if isinstance(node, ast.Assign) else []
        return any(isinstance(target, ast.Name) and target.id.startswith("ICU_") for target in targets)

    body = [node for node in tree.body if wanted(node)]
    namespace: dict[str, object] = {"re": re, "struct": struct, "Path": Path}
    exec(compile(ast.Module(body=body, type_ignores=[]), "build.spec", "exec"), namespace)  # noqa: S102
    return namespace


def icu_items(package: bytes) -> dict[str, bytes]:
    """ICU's common data package read back: each item's name and bytes, checking the table and the alignment."""
    toc = struct.unpack_from("<H", package, 0)[0]
    count = struct.unpack_from("<I", package, toc)[0]
    entries = [struct.unpack_from("<II", package, toc + 4 + 8 * i) for i in range(count)]
    items = {}
    for index, (name_offset, data_offset) in enumerate(entries):
        assert (toc + data_offset) % 16 == 0
        name = package[toc + name_offset : package.index(b"\0", toc + name_offset)].decode("ascii")
        end = toc + entries[index + 1][1] if index + 1 < count else len(package)
        items[name] = package[toc + data_offset : end]
    assert list(items) == sorted(items)  # ICU looks items up by a binary search
    return items


# Linux only: the spec trims PySide6's libicudata.so there (with binutils, which .ci/run installs and the build
# needs; a machine without them fails here, as its build would).
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the ICU data is trimmed on Linux only")
def test_the_trimmed_icu_data_keeps_what_qt_reads_byte_for_byte(tmp_path: Path) -> None:
    import PySide6

    (library,) = (Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*")
    dump = tmp_path / "package.dat"
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", str(library), str(dump)], check=True)
    package = dump.read_bytes()
    spec = spec_functions("icu_item_unused", "trimmed_icu_package")
    trimmed = spec["trimmed_icu_package"](package)  # type: ignore[operator]
    before, after = icu_items(package), icu_items(trimmed)
    assert trimmed[: struct.unpack_from("<H", package, 0)[0]] == package[: struct.unpack_from("<H", package, 0)[0]]
    for name, kept in after.items():  # the same bytes; only the zeros that align the next item may differ
        length = min(len(kept), len(before[name]))
        assert kept[:length] == before[name][:length] and not (kept[length:] + before[name][length:]).strip(b"\0")
    kinds = {name.split("/")[1] if name.count("/") > 1 else name.split("/")[-1] for name in after}
    # Collation, time-zone rules, supplemental data and the converter aliases stay; locale display data goes.
    assert {"coll", "zoneinfo64.res", "metaZones.res", "supplementalData.res", "root.res", "pool.res"} <= kinds
    assert "cnvalias.icu" in kinds and "res_index.res" in kinds
    assert [name for name in before if "/coll/" in name] == [name for name in after if "/coll/" in name]
    assert not kinds & {"brkitr", "lang", "region", "zone", "curr", "unit", "translit", "rbnf"}
    assert not [name for name in after if name.endswith(".cnv") or re.fullmatch(r"icudt\d+l/(en|de|sv)\.res", name)]
    assert len(trimmed) < len(package) / 3
