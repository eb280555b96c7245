"""The desktop integration's file logic: the launch command, Exec quoting, where files go, and the packaged icons."""

from __future__ import annotations

import os
import stat
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from linkorganizer import desktop
from linkorganizer.desktop import APP_ID, ICO_SIZES, ICON_SIZES, DesktopError
from linkorganizer.paths import resources_dir

RESOURCES = resources_dir()
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def make_program(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# ------------------------------------------------------------------------------------------ launch command


def test_frozen_build_starts_the_app_program_beside_the_command_line(tmp_path: Path) -> None:
    cli = make_program(tmp_path / "bundle" / "linkorganizer-cli")
    app = make_program(tmp_path / "bundle" / "linkorganizer")
    assert desktop.launch_command(str(cli), frozen=True, search_path="") == [str(app)]


def test_frozen_build_without_the_app_program_starts_itself(tmp_path: Path) -> None:
    cli = make_program(tmp_path / "bundle" / "linkorganizer-cli")
    assert desktop.launch_command(str(cli), frozen=True, search_path="") == [str(cli)]


def test_installed_script_beside_the_interpreter_wins_over_path(tmp_path: Path) -> None:
    python = make_program(tmp_path / "venv" / "bin" / "python")
    script = make_program(tmp_path / "venv" / "bin" / "linkorganizer")
    elsewhere = make_program(tmp_path / "elsewhere" / "linkorganizer")
    assert desktop.launch_command(str(python), frozen=False, search_path=str(elsewhere.parent)) == [str(script)]


def test_a_script_on_path_is_used_when_none_is_beside_the_interpreter(tmp_path: Path) -> None:
    python = make_program(tmp_path / "usr" / "bin" / "python3")
    script = make_program(tmp_path / "home" / ".local" / "bin" / "linkorganizer")
    assert desktop.launch_command(str(python), frozen=False, search_path=str(script.parent)) == [str(script)]


def test_a_checkout_runs_the_module_with_this_interpreter(tmp_path: Path) -> None:
    python = make_program(tmp_path / "bin" / "python3")
    not_runnable = tmp_path / "bin" / "linkorganizer"
    not_runnable.write_text("not a program", encoding="utf-8")
    assert desktop.launch_command(str(python), frozen=False, search_path="") == [str(python), "-m", "linkorganizer"]


def test_the_interpreter_path_is_made_absolute_but_not_resolved(tmp_path: Path, monkeypatch) -> None:
    real = make_program(tmp_path / "real" / "python3")
    venv_bin = tmp_path / "venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").symlink_to(real)  # a venv's interpreter: resolving it would leave the venv
    monkeypatch.chdir(tmp_path)
    command = desktop.launch_command("venv/bin/python", frozen=False, search_path="")
    assert command == [str(venv_bin / "python"), "-m", "linkorganizer"]


# ----------------------------------------------------------------------------------------- desktop entry


def test_a_plain_path_goes_into_exec_as_it_is() -> None:
    assert desktop.exec_value(["/opt/linkorganizer/linkorganizer"]) == "/opt/linkorganizer/linkorganizer"


def test_reserved_characters_are_quoted_and_escaped_as_the_spec_says() -> None:
    value = desktop.exec_value(["/home/zoë/My Apps/lo$1/python", "-m", "linkorganizer"])
    # Inside quotes `$` takes a backslash; the string escape then doubles that backslash in the file.
    assert value == '"/home/zoë/My Apps/lo\\\\$1/python" -m linkorganizer'
    assert desktop.exec_value(['/opt/a"b\\c']) == '"/opt/a\\\\"b\\\\\\\\c"'


def test_percent_signs_are_not_taken_for_field_codes() -> None:
    assert desktop.exec_value(["/opt/100%/linkorganizer"]) == "/opt/100%%/linkorganizer"


def test_control_characters_are_refused() -> None:
    with pytest.raises(DesktopError, match="control characters"):
        desktop.exec_value(["/tmp/evil\nName=Other"])


def test_the_entry_gets_this_installation_s_command_and_tryexec() -> None:
    template = (RESOURCES / desktop.DESKTOP_FILE).read_text(encoding="utf-8")
    entry = desktop.desktop_entry(template, ["/opt/My Apps/linkorganizer"])
    lines = entry.splitlines()
    assert 'Exec="/opt/My Apps/linkorganizer"' in lines
    assert "TryExec=/opt/My Apps/linkorganizer" in lines
    assert sum(line.startswith(("Exec=", "TryExec=")) for line in lines) == 2
    # Everything else is the packaged entry unchanged.
    assert [line for line in lines if not line.startswith(("Exec=", "TryExec="))] == [
        line for line in template.splitlines() if not line.startswith("Exec=")
    ]


# --------------------------------------------------------------------------------------------- locations


def test_data_home_follows_the_xdg_base_directory_spec(tmp_path: Path) -> None:
    home = str(tmp_path / "home")
    assert desktop.data_home({"XDG_DATA_HOME": "/data", "HOME": home}) == Path("/data")
    assert desktop.data_home({"XDG_DATA_HOME": "", "HOME": home}) == Path(home, ".local", "share")
    assert desktop.data_home({"XDG_DATA_HOME": "relative/share", "HOME": home}) == Path(home, ".local", "share")
    assert desktop.data_home({"HOME": home}) == Path(home, ".local", "share")


def test_every_file_goes_to_its_freedesktop_place(tmp_path: Path) -> None:
    targets = {item.target.relative_to(tmp_path).as_posix() for item in desktop.placements(RESOURCES, tmp_path)}
    assert targets == {
        f"applications/{APP_ID}.desktop",
        f"metainfo/{APP_ID}.metainfo.xml",
        f"icons/hicolor/scalable/apps/{APP_ID}.svg",
        *(f"icons/hicolor/{n}x{n}/apps/{APP_ID}.png" for n in ICON_SIZES),
    }


@pytest.mark.parametrize("platform", ["win32", "darwin", "cygwin"])
def test_other_systems_are_refused_and_nothing_is_written(tmp_path: Path, platform: str) -> None:
    with pytest.raises(DesktopError, match="Linux and BSD"):
        desktop.install(home=tmp_path, platform=platform)
    with pytest.raises(DesktopError, match="Linux and BSD"):
        desktop.uninstall(home=tmp_path, platform=platform)
    assert list(tmp_path.iterdir()) == []


def test_bsd_is_a_freedesktop_system() -> None:
    assert desktop.supported("freebsd14") and desktop.supported("openbsd7") and desktop.supported("linux")


def test_an_installation_missing_a_resource_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    partial = tmp_path / "resources"
    partial.mkdir()
    (partial / desktop.DESKTOP_FILE).write_text("[Desktop Entry]\nExec=x\n", encoding="utf-8")
    home = tmp_path / "share"
    with pytest.raises(DesktopError, match=r"16x16.*lacks the file \(and 9 more\); reinstall"):
        desktop.install(home=home, resources=partial, command=["/bin/true"], platform="linux")
    assert not home.exists()


def test_no_temporary_file_is_left_beside_what_was_written(tmp_path: Path) -> None:
    written = desktop.install(home=tmp_path, command=["/bin/true"], platform="linux")
    files = {path for path in tmp_path.rglob("*") if path.is_file()}
    assert files == set(written)
    assert all(stat.S_IMODE(os.stat(path).st_mode) == 0o644 for path in written)


# ------------------------------------------------------------------------------------------ packaged icons


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_png_has_the_size_its_folder_names(size: int) -> None:
    data = (RESOURCES / desktop.icon_relpath(size)).read_bytes()
    assert png_size(data) == (size, size)


def test_the_scalable_icon_is_the_app_svg() -> None:
    scalable = RESOURCES / desktop.icon_relpath(None)
    assert scalable.read_bytes() == (RESOURCES / "linkorganizer.svg").read_bytes()
    root = ET.parse(scalable).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox") == "0 0 256 256"


def test_the_windows_ico_holds_every_size_as_png() -> None:
    data = (RESOURCES / "linkorganizer.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data, 0)
    assert (reserved, kind, count) == (0, 1, len(ICO_SIZES))
    sizes = []
    for index in range(count):
        width, height, colours, _, planes, bits, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * index)
        payload = data[offset : offset + length]
        assert len(payload) == length and (colours, planes, bits) == (0, 1, 32)
        edge = width or 256
        assert (width, height) == (edge % 256, edge % 256)
        assert png_size(payload) == (edge, edge)
        sizes.append(edge)
    assert sizes == list(ICO_SIZES)
