"""Fail unless the environment holds exactly the locked versions (after the README's install command ran).

`pip install -e '.[test]'` keeps what the lock installed, but a new dependency or a widened bound in
pyproject.toml would make it fetch something unlocked; this says so instead of testing it silently.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

LOCK = Path(__file__).with_name("requirements-lock.txt")
PROJECT = "linkorganizer"
# Tools of the environment itself, not dependencies of the project.
IGNORED = {"pip", "setuptools", "wheel"}


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$", line)
        if match and (match[3] is None or Marker(match[3]).evaluate()):
            pins[canonicalize_name(match[1])] = match[2]
    return pins


def installed() -> dict[str, str]:
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def main() -> int:
    pins, have = locked(), installed()
    problems = [f"{name} {pins[name]} is locked but not installed" for name in pins if name not in have]
    problems += [
        f"{name} {version} is installed but the lock says {pins[name]}"
        for name, version in have.items()
        if name in pins and pins[name] != version
    ]
    problems += [
        f"{name} {version} is installed but not in the lock"
        for name, version in have.items()
        if name not in pins and name not in IGNORED and name != PROJECT
    ]
    for problem in problems:
        print(f"check_lock: {problem}", file=sys.stderr)
    if problems:
        print(f"check_lock: regenerate {LOCK.name} (its first lines say how)", file=sys.stderr)
        return 1
    print(f"check_lock: {len(pins)} locked packages installed at their locked versions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
