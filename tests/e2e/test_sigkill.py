"""A large import killed at random points (SIGKILL: no handler runs, no rollback code) leaves the network either
exactly as it was or with the whole import in; `check` and SQLite's integrity check pass after every kill."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.test_cli import LINKEDIN, Cli, dump

pytestmark = [pytest.mark.slow, pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")]

ROWS = 12_000
KILLS = 20
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def big_export(path: Path) -> None:
    lines = [HEADER] + [
        f"P{i},Q{i},https://www.linkedin.com/in/p-{i},p{i}@example.org,Company {i % 97},Role {i % 13},08 Aug 2019"
        for i in range(ROWS)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def contacts_in(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return con.execute("SELECT count(*) FROM contact").fetchone()[0]
    finally:
        con.close()


def cli_in(folder: Path) -> Cli:
    folder.mkdir()
    return Cli(folder)


def test_an_import_killed_anywhere_is_all_or_nothing(tmp_path: Path) -> None:
    seed = cli_in(tmp_path / "seed")
    seed.ok("import", LINKEDIN / "connections_2024.csv")
    before_count = contacts_in(seed.db)
    before = dump(seed.db)
    export = tmp_path / "Connections.csv"
    big_export(export)

    # How long the whole import takes here, so the kill points spread over it (start-up included).
    timing = cli_in(tmp_path / "timing")
    shutil.copyfile(seed.db, timing.db)
    started = time.monotonic()
    timing.ok("import", export)
    duration = time.monotonic() - started
    assert contacts_in(timing.db) == before_count + ROWS

    rng = random.Random(20261201)
    outcomes = []
    for n in range(KILLS):
        run = cli_in(tmp_path / f"kill{n}")
        shutil.copyfile(seed.db, run.db)
        delay = rng.uniform(0.15, 1.05) * duration
        process = subprocess.Popen(
            [sys.executable, "-m", "linkorganizer", "import", str(export)],
            env=run.env, cwd=run.tmp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        checked = run("check")
        assert checked.returncode == 0, f"kill {n} after {delay:.2f} s: {checked.stdout}{checked.stderr}"
        count = contacts_in(run.db)
        if count == before_count:
            assert dump(run.db) == before, f"kill {n} after {delay:.2f} s left a changed network with no import"
            outcomes.append("before")
        else:
            assert count == before_count + ROWS, f"kill {n} after {delay:.2f} s: {count} contacts"
            outcomes.append("after")
    print(f"{KILLS} kills over {duration:.2f} s: {outcomes.count('before')} before the commit, "
          f"{outcomes.count('after')} after")
    assert "before" in outcomes  # the harness really cut imports short
