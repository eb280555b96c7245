"""The app as pip installs it from a wheel, not the checkout: its resources and its commands must be there.

A wheel once shipped none of resources/ (the icon, the demo network): the source tree worked, the installed app
did not. Here the wheel is built from this checkout, installed into a folder of its own, and run from there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", work, ROOT],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = work.glob("linkorganizer-*.whl")
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target


def run_installed(target: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed copy: its folder first on the path, started from a folder outside the checkout."""
    env = {**os.environ, "PYTHONPATH": str(target), "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    env.pop("LINKORGANIZER_DB", None)
    return subprocess.run(
        [sys.executable, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_wheel_ships_the_resources_inside_the_package(installed, tmp_path):
    probe = run_installed(
        installed,
        tmp_path,
        "-c",
        "import linkorganizer, linkorganizer.paths as p; print(linkorganizer.__file__); print(p.resources_dir())",
    )
    assert probe.returncode == 0, probe.stderr
    package_file, resources = probe.stdout.split()
    assert Path(package_file).is_relative_to(installed)
    assert Path(resources) == installed / "linkorganizer" / "resources"
    wanted = {"linkorganizer.svg", "demo/demo-network.json"}
    shipped = {str(path.relative_to(resources)) for path in Path(resources).rglob("*") if path.is_file()}
    assert wanted <= shipped
    expected = {str(p.relative_to(ROOT / "resources")) for p in (ROOT / "resources").rglob("*") if p.is_file()}
    assert {name for name in expected if "__pycache__" not in name} <= shipped


def test_the_installed_command_line_imports_the_bundled_demo_network(installed, tmp_path):
    db = tmp_path / "net.db"
    demo = installed / "linkorganizer" / "resources" / "demo" / "demo-network.json"
    done = run_installed(installed, tmp_path, "-m", "linkorganizer", "--db", str(db), "import", str(demo))
    assert done.returncode == 0, done.stderr
    stats = run_installed(installed, tmp_path, "-m", "linkorganizer", "--db", str(db), "stats", "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["contacts"] > 0


def test_the_wheel_holds_no_tests_or_build_scripts_outside_resources(installed):
    names = {path.relative_to(installed).parts[0] for path in installed.iterdir()}
    assert "tests" not in names and "bench" not in names


def test_the_installed_app_passes_its_self_test(installed, tmp_path):
    """Every reader on its bundled sample, every writer, every page of the window: from the installed copy."""
    done = run_installed(installed, tmp_path, "-m", "linkorganizer", "--self-test")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FAIL" not in done.stdout
    assert f"ok    resources: {installed / 'linkorganizer' / 'resources'}" in done.stdout
    from linkorganizer.formats import registry

    for fmt in registry.READ_FORMATS:
        assert f"ok    reader {fmt}:" in done.stdout
    for fmt in registry.EXPORT_FORMATS:
        assert f"ok    writer {fmt}:" in done.stdout
