"""`linkorganizer install-desktop` as a user runs it: a subprocess with its own $XDG_DATA_HOME and home folder."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linkorganizer import __version__
from linkorganizer.desktop import APP_ID, ICON_SIZES
from tests.e2e.test_cli import Cli

DESKTOP = f"applications/{APP_ID}.desktop"
METAINFO = f"metainfo/{APP_ID}.metainfo.xml"
EXPECTED = {
    DESKTOP,
    METAINFO,
    f"icons/hicolor/scalable/apps/{APP_ID}.svg",
    *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES),
}
# What the desktop's own tools may add when install-desktop runs them; they belong to the system, not to us.
SYSTEM_CACHES = {"applications/mimeinfo.cache", "icons/hicolor/icon-theme.cache"}


class Run(Cli):
    """The command line in a private home (see test_cli.Cli); *share* is its $XDG_DATA_HOME."""

    def __init__(self, tmp_path: Path) -> None:
        super().__init__(tmp_path)
        self.home = Path(self.env["HOME"])
        self.share = Path(self.env["XDG_DATA_HOME"])

    def files(self) -> set[str]:
        if not self.share.exists():
            return set()
        return {path.relative_to(self.share).as_posix() for path in self.share.rglob("*") if path.is_file()}


def reported(stdout: str, verb: str) -> list[Path]:
    return [Path(line.split(" ", 1)[1]) for line in stdout.splitlines() if line.startswith(f"{verb} /")]


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return Run(tmp_path)


@pytest.fixture
def installed(run: Run) -> Run:
    run.ok("install-desktop")
    return run


def read_entry(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return parser


def require_tool(name: str, package: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing on CI: install the Debian package {package}")
        pytest.skip(f"{name} is not installed (Debian package {package})")
    return tool


# ----------------------------------------------------------------------------------------------- install


def test_install_puts_every_file_in_its_place_and_says_so(run: Run) -> None:
    result = run.ok("install-desktop")
    written = reported(result.stdout, "installed")
    assert {path.relative_to(run.share).as_posix() for path in written} == EXPECTED
    assert EXPECTED <= run.files()
    assert run.files() - EXPECTED <= SYSTEM_CACHES
    assert "application menu" in result.stdout.splitlines()[-1]


def test_install_needs_no_network_and_creates_none(run: Run) -> None:
    run.ok("install-desktop")
    assert not run.db.exists()
    assert not (run.share / "linkorganizer").exists()  # the default network's folder


def test_installing_again_replaces_the_same_files(installed: Run) -> None:
    before = installed.files()
    result = installed.ok("install-desktop")
    assert len(reported(result.stdout, "installed")) == len(EXPECTED)
    assert installed.files() == before


def test_the_entry_parses_with_the_keys_a_launcher_needs(installed: Run) -> None:
    entry = read_entry(installed.share / DESKTOP)
    assert entry.sections() == ["Desktop Entry"]
    main = entry["Desktop Entry"]
    for key in ("Type", "Name", "GenericName", "Comment", "Exec", "TryExec", "Icon", "Categories", "Keywords"):
        assert main.get(key), key
    assert main["Type"] == "Application"
    assert main["Icon"] == APP_ID
    assert main["Terminal"] == "false"
    assert main["Categories"].split(";")[:2] == ["Office", "ContactManagement"]
    assert main["StartupWMClass"] == "LinkOrganizer"  # the window class Qt derives from the application name


def test_exec_starts_this_installation(installed: Run) -> None:
    main = read_entry(installed.share / DESKTOP)["Desktop Entry"]
    command = shlex.split(main["Exec"])
    program = Path(command[0])
    assert program.is_absolute() and program.is_file() and os.access(program, os.X_OK)
    assert main["TryExec"] == command[0]
    # Run exactly what the menu would run, from a folder and a PATH that do not help it find anything.
    result = subprocess.run(
        [*command, "--version"],
        capture_output=True,
        text=True,
        env={**installed.env, "PATH": "/nonexistent"},
        cwd=installed.home,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"linkorganizer {__version__}"


def test_the_metainfo_parses_with_the_elements_appstream_requires(installed: Run) -> None:
    root = ET.parse(installed.share / METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("name") == "LinkOrganizer"
    assert root.findtext("summary")
    description = " ".join(root.find("description").itertext())  # type: ignore[union-attr]
    for idea in ("Invitations", "Introductions", "Interactions", "puzzle board"):
        assert idea in description
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == f"{APP_ID}.desktop"
    assert [release.get("version") for release in root.iter("release")] == [__version__]
    assert root.find("content_rating").get("type") == "oars-1.1"  # type: ignore[union-attr]


def test_desktop_file_validate_accepts_the_entry(installed: Run) -> None:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    for path in (installed.share / DESKTOP, Path(__file__).parents[2] / "resources" / f"{APP_ID}.desktop"):
        result = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_appstreamcli_validates_the_metainfo(installed: Run) -> None:
    tool = require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", str(installed.share / METAINFO)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Errors and warnings fail; only pedantic remarks (the capital letters of the reverse-DNS id) may remain.
    assert "E:" not in result.stdout and "W:" not in result.stdout, result.stdout


# --------------------------------------------------------------------------------------------- uninstall


def test_uninstall_removes_exactly_what_install_wrote(run: Run) -> None:
    # Another program's entry and icon in the same folders must survive.
    other = {"applications/org.example.Other.desktop", "icons/hicolor/48x48/apps/org.example.Other.png"}
    for name in other:
        (run.share / name).parent.mkdir(parents=True, exist_ok=True)
        (run.share / name).write_text("other", encoding="utf-8")
    written = reported(run.ok("install-desktop").stdout, "installed")
    result = run.ok("install-desktop", "--uninstall")
    removed = reported(result.stdout, "removed")
    assert sorted(removed) == sorted(written)
    assert all(not path.exists() for path in removed)
    assert run.files() - SYSTEM_CACHES == other


def test_uninstall_when_not_installed_says_so(run: Run) -> None:
    result = run.ok("install-desktop", "--uninstall")
    assert result.stdout.startswith("Nothing to remove")
    assert run.files() == set()


# ------------------------------------------------------------------------------------------------ refusals


def test_a_folder_that_cannot_be_created_is_refused_plainly(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("install-desktop", env={**run.env, "XDG_DATA_HOME": str(blocker / "share")})
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"linkorganizer: {blocker / 'share'}")
    assert "cannot create the folder" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_unknown_arguments_are_a_usage_error(run: Run) -> None:
    result = run("install-desktop", "--everywhere")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert run.files() == set()
