"""Where the app's own files are: bundled resources, and the per-user folders for data and logs. No Qt here."""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "linkorganizer"


def resources_dir() -> Path:
    """The resources folder: in the frozen bundle, in the installed package, or at the top of a checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    here = Path(__file__).resolve().parent
    candidates = [Path(frozen) / "resources"] if frozen else []
    candidates += [here / "resources", here.parent / "resources"]
    for candidate in candidates:
        if (candidate / "linkorganizer.svg").exists():
            return candidate
    return candidates[-1]


ICON_FONT_PREFIX = "mdi6"  # Material Design Icons 6: the one icon set the app draws with


def icon_font_files() -> tuple[Path, Path]:
    """The font and charmap of the one icon set the app uses, inside qtawesome (found without importing Qt).

    The window loads only these, and the frozen build collects only these (qtawesome ships eleven sets).
    """
    import importlib.util

    spec = importlib.util.find_spec("qtawesome")
    if spec is None or spec.origin is None:
        raise RuntimeError("qtawesome is not installed")
    fonts = Path(spec.origin).parent / "fonts"
    if not fonts.is_dir() and getattr(sys, "frozen", False):
        fonts = Path(getattr(sys, "_MEIPASS", "")) / "qtawesome" / "fonts"
    ttf = sorted(fonts.glob("materialdesignicons6-webfont-*.ttf"))[-1]
    charmap = ttf.with_name(ttf.name.replace("-webfont-", "-webfont-charmap-")).with_suffix(".json")
    return ttf, charmap


def user_data_dir() -> Path:
    """The per-user folder that holds the default network (``~/.local/share/linkorganizer`` on Linux)."""
    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def user_log_dir() -> Path:
    """The per-user folder for the log and the crash report (``~/.local/state/linkorganizer/log`` on Linux)."""
    return platformdirs.user_log_path(APP_DIR_NAME, appauthor=False)


# -- private files ----------------------------------------------------------------------------------------------
# A network is years of notes about people: every file the app writes is the user's alone (0600) and every
# folder it makes too (0700), on POSIX. Windows has no such modes; there a user's profile is private already.

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
_OTHERS = 0o077


def narrow(path: str | os.PathLike[str]) -> None:
    """Take the group's and others' access away from *path*, leaving the owner's as it is (a read-only file
    stays read-only). A file that is not ours to change (another owner, read-only media) is left alone."""
    if os.name != "posix":
        return
    try:
        mode = os.stat(path).st_mode
        if mode & _OTHERS:
            os.chmod(path, stat.S_IMODE(mode) & ~_OTHERS)
    except OSError:
        pass


def private_folder(path: str | os.PathLike[str]) -> Path:
    """Make *path* and any missing parents, each new folder 0700 (whatever the umask); return it.

    A folder that already exists keeps its mode: it may be the user's own (``~/Documents``), shared on purpose.
    """
    folder = Path(path)
    missing: list[Path] = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if os.name == "posix":
        for made in missing:
            try:
                os.chmod(made, PRIVATE_FOLDER)
            except OSError:
                pass
    return folder


def create_private(path: str | os.PathLike[str], exclusive: bool = True) -> int:
    """Create *path* 0600 from the first byte on and return a descriptor open for writing (the caller closes it)."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags, PRIVATE_FILE)
    if os.name == "posix":
        os.fchmod(fd, PRIVATE_FILE)  # an existing file (not exclusive) keeps its mode otherwise
    return fd


def part_name(target: str | os.PathLike[str]) -> Path:
    """The temporary file a write of *target* goes through: hidden, beside it, named after this process, so a
    later run knows whose it was (:func:`remove_stale_parts`)."""
    target = Path(target)
    return target.with_name(f".{target.name}.{os.getpid()}.part")


_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.part$")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process: not ours to judge
    return True


def remove_stale_parts(folder: str | os.PathLike[str], name: str | None = None) -> list[Path]:
    """Delete the temporary files a killed export, backup or snapshot left in *folder* (of *name* only, when
    given): those this app names after a process that no longer runs. Returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _PART.match(entry.name)
        if not found or (name is not None and found.group("name") != name):
            continue
        if _running(int(found.group("pid"))):
            continue
        try:
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def new_part(target: str | os.PathLike[str]) -> tuple[int, Path]:
    """Start writing *target* through its temporary file: stale ones of earlier, killed runs are removed first,
    the new one is created 0600. Returns its descriptor (open for writing) and its path."""
    part = part_name(target)
    remove_stale_parts(part.parent, Path(target).name)
    try:
        os.unlink(part)  # this process's own, left by a write that failed before it could clean up
    except FileNotFoundError:
        pass
    return create_private(part), part
