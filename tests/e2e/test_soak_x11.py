"""The app as a person runs it: the installed `linkorganizer` program in a real X server, real input events.

A thousand and more events from xdotool over the demo network — page switches from the navigation, searches
typed into the contact table, the mouse wheel over the puzzle board — and the process must still be alive, then
quit cleanly on Ctrl+Q with nothing on stderr that speaks of a crash. Needs Xvfb and xdotool (Debian's xvfb and
xdotool; .ci/run installs them): without them the test is skipped on a developer's machine and fails under CI.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linkorganizer.paths import resources_dir

pytestmark = pytest.mark.slow
EVENTS = 1200
NAV_X, NAV_FIRST_Y, NAV_STEP = 95, 79, 36  # the navigation list's items in a window at (0, 0)
PAGES = 6


def _tools() -> tuple[str, str]:
    xvfb, xdotool = shutil.which("Xvfb"), shutil.which("xdotool")
    if not (xvfb and xdotool):
        if os.environ.get("CI"):
            pytest.fail("Xvfb and xdotool are needed for the real-input soak (apt-get install xvfb xdotool)")
        pytest.skip("Xvfb and xdotool are not installed")
    return xvfb, xdotool


def _program() -> Path:
    """The `linkorganizer` command the README's install put beside this Python."""
    program = Path(sys.executable).parent / "linkorganizer"
    assert program.exists(), f"{program} is missing: install the project (pip install -e .) first"
    return program


class X:
    """An Xvfb server of our own and xdotool pointed at it; counts the input events it sends."""

    def __init__(self, xvfb: str, xdotool: str) -> None:
        read, write = os.pipe()
        self.server = subprocess.Popen(
            [xvfb, "-displayfd", str(write), "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(write)
        with os.fdopen(read) as pipe:
            self.display = ":" + pipe.readline().strip()
        self.xdotool = xdotool
        self.events = 0

    def run(self, *args: str, events: int = 0, timeout: float = 30) -> str:
        env = {**os.environ, "DISPLAY": self.display}
        result = subprocess.run([self.xdotool, *args], env=env, capture_output=True, text=True, timeout=timeout)
        self.events += events
        return result.stdout

    def click(self, x: int, y: int, button: int = 1) -> None:
        self.run("mousemove", str(x), str(y), "click", str(button), events=2)

    def wheel(self, x: int, y: int, down: int, up: int) -> None:
        self.run("mousemove", str(x), str(y), events=1)
        self.run("click", "--repeat", str(down), "--delay", "8", "5", events=down)
        self.run("click", "--repeat", str(up), "--delay", "8", "4", events=up)

    def keys(self, *keys: str) -> None:
        self.run("key", "--delay", "8", *keys, events=len(keys))

    def type(self, text: str) -> None:
        self.run("type", "--delay", "8", text, events=len(text))

    def close(self) -> None:
        self.server.terminate()
        self.server.wait(timeout=10)


@pytest.fixture
def x_server():
    server = X(*_tools())
    yield server
    server.close()


def test_a_thousand_real_input_events_over_the_demo_network(tmp_path, x_server):
    program = _program()
    home = tmp_path / "home"
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "DISPLAY": x_server.display,
        "QT_QPA_PLATFORM": "xcb",
    }
    env.pop("LINKORGANIZER_DB", None)
    db = tmp_path / "demo.db"
    demo = resources_dir() / "demo" / "demo-network.json"
    subprocess.run([program, "--db", db, "import", demo], env=env, check=True, capture_output=True, timeout=120)

    app = subprocess.Popen([program, "--db", db], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        found = x_server.run("search", "--sync", "--onlyvisible", "--name", "LinkOrganizer", timeout=60)
        assert found.strip(), "the window never appeared"
        time.sleep(1.0)
        x_server.click(NAV_X, NAV_FIRST_Y)  # Contacts; the pointer stays over the window, so it has the keyboard
        rounds = 0
        while x_server.events < EVENTS:
            rounds += 1
            for word in ("ada", "fintech", "émile", "zz"):
                x_server.keys("ctrl+f")
                x_server.type(word)
                x_server.keys("ctrl+a", "BackSpace")
            x_server.click(NAV_X, NAV_FIRST_Y + NAV_STEP)  # Board
            x_server.wheel(800, 450, down=25, up=25)
            for page in range(PAGES):  # every page from the navigation, by mouse, then back by keyboard
                x_server.click(NAV_X, NAV_FIRST_Y + page * NAV_STEP)
            x_server.keys(*(["Up"] * (PAGES - 1)), *(["Down"] * 2))
            assert app.poll() is None, f"the app died after {x_server.events} events: {app.stderr.read()[-3000:]}"
        time.sleep(0.5)
        assert app.poll() is None, f"the app died after {x_server.events} events: {app.stderr.read()[-3000:]}"
        x_server.keys("Escape", "ctrl+q")
        out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
    assert x_server.events >= EVENTS and rounds >= 1
    assert app.returncode == 0, err[-3000:]
    assert "Fatal Python error" not in err and "Traceback" not in err, err[-3000:]
