"""The package list in pyproject.toml is written out (to ship resources/ inside the package); it must be whole."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_package_directory_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "linkorganizer").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert set(config["packages"]) == found | {"linkorganizer.resources"}
    assert config["package-dir"] == {"linkorganizer.resources": "resources"}


def test_the_lock_pins_every_declared_dependency_exactly_with_hashes():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(spec) for spec in config["dependencies"] + config["optional-dependencies"]["test"]}
    blocks: dict[str, list[str]] = {}  # one entry per pin: its "name==version" line and the indented lines below
    for line in (ROOT / ".ci" / "requirements-lock.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#")):
            current = blocks.setdefault(_name(line), [line])
        elif line.startswith(" ") and blocks:
            current.append(line)
    assert declared <= set(blocks), f"not in the lock: {sorted(declared - set(blocks))}"
    for name, lines in blocks.items():
        assert "==" in lines[0], f"{name} is not pinned to one version: {lines[0]}"
        assert any("--hash=sha256:" in line for line in lines), f"{name} has no hash in the lock"


def _name(spec: str) -> str:
    for stop in "<>=!~;[ ":
        spec = spec.split(stop)[0]
    return spec.strip().lower().replace("_", "-")
