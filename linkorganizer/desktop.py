"""LinkOrganizer in a Linux or BSD desktop's application menu: the desktop entry, the icons and the AppStream
metainfo, installed for the current user under ``$XDG_DATA_HOME`` (freedesktop's Desktop Entry, Icon Theme and
AppStream specifications). No Qt here, so the command line installs them without loading a GUI library.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from linkorganizer.paths import resources_dir

# One id everywhere: the .desktop and metainfo file names, the icon name, Qt's desktop file name (which Wayland
# compositors use as the window's app id to find its entry and icon) and the AppStream component id.
APP_ID = "io.github.linkorganizer.LinkOrganizer"
PROGRAM = "linkorganizer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# An ICO directory entry stores width and height in one byte each (0 meaning 256): nothing larger fits.
ICO_SIZES = tuple(size for size in ICON_SIZES if size <= 256)
DESKTOP_FILE = f"{APP_ID}.desktop"
METAINFO_FILE = f"{APP_ID}.metainfo.xml"
SUPPORTED_PLATFORMS = ("linux", "freebsd", "openbsd", "netbsd", "dragonfly")


class DesktopError(Exception):
    """A refusal in plain words (the command line exits with status 1)."""


@dataclass(frozen=True)
class Placement:
    """One file of the desktop integration: where it comes from among the resources, where it goes."""

    source: Path
    target: Path


def supported(platform: str = sys.platform) -> bool:
    return platform.startswith(SUPPORTED_PLATFORMS)


def data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """``$XDG_DATA_HOME``, else ``~/.local/share``; the spec says a relative value is invalid and is ignored."""
    value = environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    home = environ.get("HOME") or str(Path.home())
    return Path(home) / ".local" / "share"


def icon_relpath(size: int | None) -> Path:
    """The icon's place in the hicolor theme; ``None`` is the scalable SVG."""
    if size is None:
        return Path("icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg")
    return Path("icons", "hicolor", f"{size}x{size}", "apps", f"{APP_ID}.png")


def placements(resources: Path, home: Path) -> list[Placement]:
    """Every file the integration consists of, in the order it is installed (the menu entry last, so the
    launcher never shows an entry whose icon is not there yet)."""
    items = [Placement(resources / icon_relpath(size), home / icon_relpath(size)) for size in ICON_SIZES]
    items.append(Placement(resources / icon_relpath(None), home / icon_relpath(None)))
    items.append(Placement(resources / METAINFO_FILE, home / "metainfo" / METAINFO_FILE))
    items.append(Placement(resources / DESKTOP_FILE, home / "applications" / DESKTOP_FILE))
    return items


def launch_command(
    executable: str | None = None,
    frozen: bool | None = None,
    search_path: str | None = None,
) -> list[str]:
    """The absolute command that starts the app from this installation.

    Frozen: the ``linkorganizer`` program in the bundle's folder (the command line may be running as
    ``linkorganizer-cli`` beside it). Installed: the ``linkorganizer`` script beside the interpreter (a virtual
    environment's ``bin``), else the one on ``PATH``. Otherwise, a checkout: the interpreter with ``-m``.
    """
    executable = executable if executable is not None else sys.executable
    frozen = frozen if frozen is not None else bool(getattr(sys, "frozen", False))
    running = Path(os.path.abspath(executable))  # not resolve(): a venv's python is a symlink out of the venv
    if frozen:
        app = running.with_name(PROGRAM)
        return [str(app if _runnable(app) else running)]
    beside = running.with_name(PROGRAM)
    if _runnable(beside):
        return [str(beside)]
    found = shutil.which(PROGRAM, path=search_path)
    if found:
        return [os.path.abspath(found)]
    return [str(running), "-m", PROGRAM]


def _runnable(path: Path) -> bool:
    return path.is_file() and os.access(path, os.X_OK)


# The Desktop Entry spec's reserved characters: an argument holding any of them is double-quoted, and inside
# the quotes these four are backslash-escaped.
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = re.compile(r'(["`$\\])')


def exec_value(argv: Sequence[str]) -> str:
    """*argv* as the value of an ``Exec`` key: field-code ``%`` doubled, reserved characters quoted, and then
    the string-level backslash escape applied to the whole value (so a literal backslash becomes four)."""
    words = []
    for arg in argv:
        _refuse_control_characters(arg)
        word = arg.replace("%", "%%")
        if not word or _RESERVED.intersection(word):
            word = '"' + _ESCAPED_IN_QUOTES.sub(r"\\\1", word) + '"'
        words.append(word)
    return _escape_string(" ".join(words))


def _escape_string(value: str) -> str:
    return value.replace("\\", "\\\\")


def _refuse_control_characters(text: str) -> None:
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in text):
        raise DesktopError(f"{text!r}: a program path with control characters cannot go into a desktop entry")


def desktop_entry(template: str, command: Sequence[str]) -> str:
    """The packaged desktop entry with ``Exec`` set to *command* and ``TryExec`` to its program, so the menu
    hides the entry by itself if this installation is removed."""
    _refuse_control_characters(command[0])
    lines: list[str] = []
    in_main_group = False
    for line in template.splitlines():
        if line.startswith("["):
            in_main_group = line.strip() == "[Desktop Entry]"
        elif in_main_group and line.startswith("TryExec="):
            continue
        elif in_main_group and line.startswith("Exec="):
            lines.append(f"TryExec={_escape_string(command[0])}")
            line = f"Exec={exec_value(command)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(
    home: Path | None = None,
    resources: Path | None = None,
    command: Sequence[str] | None = None,
    platform: str = sys.platform,
) -> list[Path]:
    """Install the integration for the current user; return the files written. Raises :class:`DesktopError`."""
    _check_platform(platform)
    home = home if home is not None else data_home()
    resources = resources if resources is not None else resources_dir()
    command = list(command) if command is not None else launch_command()
    items = placements(resources, home)
    missing = [item.source for item in items if not item.source.is_file()]
    if missing:
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        raise DesktopError(f"{missing[0]}: this installation lacks the file{more}; reinstall LinkOrganizer")
    entry = desktop_entry(items[-1].source.read_text(encoding="utf-8"), command)
    # Every folder first, so a refusal leaves nothing half-installed.
    for folder in sorted({item.target.parent for item in items}):
        _make_folder(folder)
    written = []
    for item in items:
        data = entry.encode("utf-8") if item.target.name == DESKTOP_FILE else item.source.read_bytes()
        _write(item.target, data)
        written.append(item.target)
    _touch(home / "icons" / "hicolor")
    return written


def uninstall(home: Path | None = None, platform: str = sys.platform) -> list[Path]:
    """Remove what :func:`install` writes; return the files removed (none if it was not installed)."""
    _check_platform(platform)
    home = home if home is not None else data_home()
    removed = []
    for item in reversed(placements(Path(), home)):  # the menu entry first: never an entry without its icon
        if item.target.is_file() or item.target.is_symlink():
            try:
                item.target.unlink()
            except OSError as exc:
                raise DesktopError(f"{item.target}: cannot remove it: {exc.strerror or exc}") from exc
            removed.append(item.target)
    if removed:
        _touch(home / "icons" / "hicolor")
    return removed


def refresh_caches(home: Path | None = None) -> list[str]:
    """Let the desktop notice the change now; return the tools that ran. Neither tool is required."""
    home = home if home is not None else data_home()
    ran = []
    tool = shutil.which("update-desktop-database")
    if tool and (home / "applications").is_dir():
        if _run([tool, "--quiet", str(home / "applications")]):
            ran.append("update-desktop-database")
    hicolor = home / "icons" / "hicolor"
    tool = shutil.which("gtk-update-icon-cache")
    # Only refresh a cache that exists: a new one in the user's folder would have to be kept up to date by
    # every other program that puts icons there, and GTK reads the folder fine without one.
    if tool and (hicolor / "icon-theme.cache").is_file():
        if _run([tool, "--force", "--ignore-theme-index", "--quiet", str(hicolor)]):
            ran.append("gtk-update-icon-cache")
    return ran


def _run(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=60, check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _check_platform(platform: str) -> None:
    if not supported(platform):
        raise DesktopError(
            "install-desktop is for Linux and BSD desktops (freedesktop.org menus); "
            f"this system is {platform!r}, where LinkOrganizer needs no installing into a menu"
        )


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DesktopError(f"{folder}: cannot create the folder: {exc.strerror or exc}") from exc
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DesktopError(f"{folder}: the folder is not writable")


def _write(target: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, so a launcher never reads half a file."""
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(temp, 0o644)
            os.replace(temp, target)
        except BaseException:
            os.unlink(temp)
            raise
    except OSError as exc:
        raise DesktopError(f"{target}: cannot write it: {exc.strerror or exc}") from exc


def _touch(folder: Path) -> None:
    # The Icon Theme spec has implementations notice new icons by the theme folder's modification time.
    try:
        os.utime(folder)
    except OSError:
        pass
