"""The frozen (PyInstaller onedir) build does what the source does.

Builds build.spec once for the module (~1 minute), then: the folder's size and its two programs; the frozen
self-test of both programs; every fixture file imported by the frozen command line and by the source one, on fresh
networks, with the same exit status and the same words; every export format written by both from one network,
byte for byte the same; and the frozen command line on a real PostgreSQL server (tests/pg_server.py): a network
copied there and read back, an unreachable server named in plain words. Without PyInstaller the module is skipped
on a developer's machine, and fails on CI (where $CI is set), so the build can never silently stop being tested.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from linkorganizer.formats import registry

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
DEMO = ROOT / "resources" / "demo" / "demo-network.json"
MAX_MB = 120
PROGRAMS = ("linkorganizer", "linkorganizer-cli")


@dataclass(frozen=True)
class Bundle:
    folder: Path
    home: Path

    @property
    def cli(self) -> Path:
        return self.folder / "linkorganizer-cli"


def private_env(home: Path, **extra: str) -> dict[str, str]:
    """The user's own network, settings and logs are never touched: a home of its own, no $LINKORGANIZER_DB."""
    env = {k: v for k, v in os.environ.items() if k not in ("LINKORGANIZER_DB", "QT_QPA_PLATFORM")}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONIOENCODING="utf-8",
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Bundle:
    if importlib.util.find_spec("PyInstaller") is None:
        if os.environ.get("CI"):
            pytest.fail("PyInstaller is not installed, so the frozen build cannot be tested (pip install pyinstaller)")
        pytest.skip("PyInstaller is not installed: the frozen build is not tested on this machine")
    tmp = tmp_path_factory.mktemp("frozen")
    home = tmp / "home"
    home.mkdir()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--distpath", str(tmp / "dist")]
    command += ["--workpath", str(tmp / "build"), str(ROOT / "build.spec")]
    build = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=private_env(home), timeout=900)
    assert build.returncode == 0, build.stderr[-4000:]
    return Bundle(tmp / "dist" / "linkorganizer", home)


def run(command: Sequence[str | Path], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=120
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    return result


def test_the_folder_is_lean_and_holds_both_programs(bundle: Bundle) -> None:
    for name in PROGRAMS:
        program = bundle.folder / name
        assert program.is_file() and os.access(program, os.X_OK), f"{program} is missing"
    size = subprocess.run(["du", "-sm", str(bundle.folder)], capture_output=True, text=True, check=True)
    megabytes = int(size.stdout.split()[0])
    assert megabytes <= MAX_MB, f"dist/linkorganizer is {megabytes} MB (at most {MAX_MB})"
    internal = bundle.folder / "_internal"
    assert (internal / "resources" / "linkorganizer.svg").is_file()
    samples = {path.stem for path in (internal / "resources" / "samples").iterdir()}
    assert set(registry.READ_FORMATS) <= samples
    assert not [p for p in internal.rglob("*") if p.is_symlink() and not p.exists()], "dangling symbolic links"


@pytest.mark.parametrize("name", PROGRAMS)
def test_frozen_self_test_passes(bundle: Bundle, name: str, tmp_path: Path) -> None:
    # The app is started as a desktop user would start it, offscreen; the command line finds offscreen on its own.
    extra = {"QT_QPA_PLATFORM": "offscreen"} if name == "linkorganizer" else {}
    result = run([bundle.folder / name, "--self-test"], private_env(bundle.home, **extra), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for fmt in registry.READ_FORMATS:
        assert any(line.startswith(f"ok    reader {fmt}: ") for line in lines), fmt
    for fmt in registry.EXPORT_FORMATS:
        assert any(line.startswith(f"ok    writer {fmt}: ") for line in lines), fmt
    assert "ok    window: built on self-test.db with the offscreen platform" in lines
    # The server driver is in the bundle: psycopg's binary build with its libpq, Python's ssl on that libpq's
    # OpenSSL, and every keyring backend found by its entry point (with SecretStorage, Linux's keyring library).
    driver = re.compile(
        r"ok    server driver: psycopg 3\.\S+ \(binary\), libpq \d+\.\d+, OpenSSL 3\.\S+ .*; keyring backends (.+)"
    )
    found = [match for line in lines if (match := driver.fullmatch(line))]
    assert found, [line for line in lines if "server driver" in line]
    backends = set(found[0].group(1).split(", "))
    assert {"SecretService", "KWallet", "Windows", "macOS", "chainer"} <= backends
    # What is left of ICU's data still sorts names (the file dialog sorts with it).
    assert "ok    collation: German and Swedish names sort as their languages do" in lines
    assert lines[-1].startswith("self-test passed: all ")
    assert not [line for line in lines if line.startswith("FAIL")]
    assert result.stderr == ""  # no Qt warning either (a plugin left out would say so here)


def fixture_files() -> list[Path]:
    return sorted(path for path in FIXTURES.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def normalised(result: subprocess.CompletedProcess[str], *paths: Path) -> tuple[int, str, str]:
    """Exit status, stdout and stderr with this run's own folders (database, export) named the same for both."""
    out, err = result.stdout, result.stderr
    for path, name in zip(paths, ("<DB>", "<OUT>")):
        out, err = out.replace(str(path), name), err.replace(str(path), name)
    return result.returncode, out, err


def source_cli() -> list[str]:
    return [sys.executable, "-m", "linkorganizer"]


def test_every_fixture_imports_the_same(bundle: Bundle, tmp_path: Path) -> None:
    env = private_env(bundle.home)
    files = fixture_files()
    assert len(files) > 40
    differences = []
    for number, path in enumerate(files):
        frozen_db, source_db = tmp_path / f"frozen-{number}.db", tmp_path / f"source-{number}.db"
        frozen = normalised(run([bundle.cli, "--db", frozen_db, "import", path], env, tmp_path), frozen_db)
        source = normalised(run([*source_cli(), "--db", source_db, "import", path], env, tmp_path), source_db)
        if frozen != source:
            differences.append(f"{path.relative_to(FIXTURES)}:\n  frozen {frozen}\n  source {source}")
    assert not differences, "\n".join(differences)


def test_every_export_is_byte_for_byte_the_same(bundle: Bundle, tmp_path: Path) -> None:
    env = private_env(bundle.home)
    network = tmp_path / "network.db"
    imported = 0
    for path in fixture_files():
        result = run([*source_cli(), "--db", network, "import", path], env, tmp_path)
        if result.returncode == 1:
            continue  # a file the importer refuses (the bad fixtures) writes nothing
        assert result.returncode == 0, f"{path}: {result.stderr}"
        imported += 1
    assert imported > 25
    # Both programs export from the very same network file, so nothing time-dependent can differ.
    for fmt in registry.EXPORT_FORMATS:
        outputs = {}
        for side, program in (("frozen", [bundle.cli]), ("source", source_cli())):
            folder = tmp_path / side
            folder.mkdir(exist_ok=True)
            target = folder / f"export-{fmt}"
            result = run([*program, "--db", network, "export", "--format", fmt, target], env, tmp_path)
            assert result.returncode == 0, f"{side} {fmt}: {result.stderr}"
            outputs[side] = (normalised(result, network, folder), target.read_bytes())
        assert outputs["frozen"][0] == outputs["source"][0], fmt
        assert outputs["frozen"][1] == outputs["source"][1], f"the {fmt} exports differ"
        assert len(outputs["source"][1]) > 1000, fmt


def stats(program: Sequence[str | Path], db: str | Path, env: dict[str, str], cwd: Path) -> dict:
    result = run([*program, "--db", db, "stats", "--json"], env, cwd)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_frozen_command_line_copies_a_network_to_a_server_and_reads_it_there(
    bundle: Bundle, tmp_path: Path, pg_url: str
) -> None:
    env = private_env(bundle.home)
    network = tmp_path / "demo.db"
    imported = run([bundle.cli, "--db", network, "import", DEMO], env, tmp_path)
    assert imported.returncode == 0, imported.stderr
    copied = run([bundle.cli, "copy", network, pg_url], env, tmp_path)
    assert copied.returncode == 0, copied.stderr
    assert "63 contacts" in copied.stdout and "checked" in copied.stdout
    on_server = stats([bundle.cli], pg_url, env, tmp_path)
    assert on_server["contacts"] == 63
    assert on_server == stats([bundle.cli], network, env, tmp_path)
    # The source command line reads the same network on the server the same way.
    assert stats(source_cli(), pg_url, env, tmp_path) == on_server


def test_the_frozen_command_line_names_an_unreachable_server_in_plain_words(
    bundle: Bundle, tmp_path: Path, pg_server
) -> None:
    port = pg_server.port + 1 if pg_server.port < 65535 else 1
    down = f"postgresql://nobody:secret@127.0.0.1:{port}/x"
    result = run([bundle.cli, "--db", down, "stats", "--json"], private_env(bundle.home), tmp_path)
    assert result.returncode == 1
    assert "Cannot reach the network postgresql://nobody@127.0.0.1" in result.stderr
    assert "secret" not in result.stdout + result.stderr
    assert "needs LinkOrganizer installed" not in result.stderr  # the driver is in the bundle
