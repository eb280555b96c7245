"""The benchmark runner: every figure of issue #12, each against its baseline measured in the same run.

The import is held against the floor (``bench/floor.py``: the CSV read with ``csv`` and written with one
``executemany`` into a plain SQLite table), the other commands against the import of the same contacts, the
window at 100 000 contacts against the window on an empty network, and the interactive figures against the
issue's absolute budgets. App and baseline run in turn (A B A B …) as whole processes; figures are medians. A
ratio stays comparable between a laptop and a slow CI machine, where absolute seconds do not.

    python bench/run.py            # 30 000 / 100 000 / 1 000 000 rows; writes the results into docs/benchmarks.md
    python bench/run.py --quick    # small sizes, 1–2 runs each, about a minute; prints only
    python bench/run.py --check    # exit 1 when a target is missed (noisy machines: not for CI)

Run it with the interpreter of the environment the project is installed in (``python`` of an activated venv).
Files go to bench/out/ (git-ignored). Only the standard library and the project (with its Qt) are used. The exit
status is not 0 when a measurement fails (a command exits with an error, the window never paints); a missed
target alone changes it only with --check.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DOCS = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- bench/run.py results: start (generated; edit bench/run.py, not this block) -->"
END_MARK = "<!-- bench/run.py results: end -->"

# Reading the CSV and nothing else: the baseline of the peak-memory figures (what holding the interpreter and
# one row at a time costs) and of the in-process figures kept from the first benchmark.
READ_CODE = "import csv,sys; n=sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))"
TIME = "/usr/bin/time"


class MeasurementError(Exception):
    """A measurement that could not be taken: a command failed, the window never painted."""


# ---------------------------------------------------------------------------------------------------- results


@dataclass
class Sample:
    """The runs of one command: wall seconds and peak resident memory (MB) of each."""

    times: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    output: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def peak(self) -> float | None:
        return max(self.rss) if self.rss else None


@dataclass
class Row:
    """One line of the results: a value, what it is held against, and the target."""

    label: str
    value: float | None  # None: not available (the app has no such page yet, the build is missing …)
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    ratio_max: float | None = None  # target on value ÷ baseline
    value_max: float | None = None  # target on the value itself
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        if self.ratio_max is not None:
            return self.ratio is not None and self.ratio <= self.ratio_max
        if self.value_max is not None:
            return self.value <= self.value_max
        return None

    @property
    def status(self) -> str:
        if self.value is None:
            return "not available"
        return {True: "PASS", False: "MISS", None: "—"}[self.met]

    @property
    def target(self) -> str:
        if self.ratio_max is not None:
            return f"≤ {self.ratio_max:g}×"
        if self.value_max is not None:
            return f"≤ {self.value_max:g} {self.unit}"
        return "—"


@dataclass
class Run:
    sizes: dict[str, int]
    repeat: int
    quick: bool
    machine: dict[str, str]
    command: list[str]
    rows: dict[str, Row] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, key: str, row: Row) -> None:
        self.rows[key] = row
        print(f"  → {row.label}: {fmt_value(row.value, row.unit)}"
              + (f" ({fmt_ratio(row.ratio)} of {row.baseline_label})" if row.ratio is not None else "")
              + f" [{row.target}: {row.status}]", flush=True)


# ---------------------------------------------------------------------------------------------------- machine


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith(("model name", "hardware", "cpu model")):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def git_revision() -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no", "--", "linkorganizer"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head} + uncommitted changes in linkorganizer/" if dirty else head


def machine_info() -> dict[str, str]:
    nproc = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else nproc
    versions = subprocess.run(  # in a child: the runner itself stays small (see run_timed)
        [sys.executable, "-c", "import peewee, PySide6; print(peewee.__version__, PySide6.__version__)"],
        capture_output=True, text=True,
    ).stdout.split() or ["?", "?"]
    try:
        memory = next(
            f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
            for line in Path("/proc/meminfo").read_text(encoding="ascii").splitlines()
            if line.startswith("MemTotal:")
        )
    except (OSError, StopIteration, ValueError):
        memory = "unknown"
    return {
        "CPU": cpu_model(),
        "nproc": str(usable) if usable == nproc else f"{usable} usable of {nproc}",
        "memory": memory,
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "SQLite": sqlite3.sqlite_version,
        "Peewee / PySide6": " / ".join(versions[:2]),
        "OS": f"{platform.system()} {platform.release()}",
        # Other work on the machine skews every figure; the load at the start says how quiet it was.
        "load average (1, 5, 15 min) at start": (
            " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
        ),
        "commit": git_revision(),
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# ---------------------------------------------------------------------------------------------------- timing


def run_timed(argv: Sequence[object], env: dict[str, str] | None = None) -> tuple[float, float | None, str]:
    """Run *argv*; return (wall seconds, peak RSS in MB or None, stdout). Raises MeasurementError on failure.

    The peak comes from ``/usr/bin/time`` when there is one: a child forked straight from this runner would
    start its count at the runner's own peak (Linux keeps it across exec), which the in-process figures at the
    end raise. Without it, ``wait4``'s figure is used, and the runner does its own heavy work last.
    """
    argv = [str(a) for a in argv]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile(
        "r", suffix=".rss", delete=False
    ) as rss_file:
        use_time = os.path.exists(TIME) and sys.platform.startswith("linux")
        full = [TIME, "-f", "%M", "-o", rss_file.name, *argv] if use_time else argv
        start = time.perf_counter()
        proc = subprocess.Popen(full, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        rss: float | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # pragma: no cover - Windows
            proc.wait()
            elapsed = time.perf_counter() - start
        if use_time:
            text = Path(rss_file.name).read_text(encoding="ascii", errors="replace").split()
            rss = int(text[-1]) / 1024 if text and text[-1].isdigit() else None
        Path(rss_file.name).unlink(missing_ok=True)
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            err.seek(0)
            raise MeasurementError(
                f"{' '.join(argv)} exited with {proc.returncode}\n{err.read().decode('utf-8', 'replace')[-4000:]}"
                f"{stdout[-2000:]}"
            )
    return elapsed, rss, stdout


@dataclass
class Spec:
    """One command of an alternation: its argv for run *i*, and untimed preparation before it."""

    key: str
    argv: Callable[[int], Sequence[object]]
    before: Callable[[int], None] | None = None
    budget: float | None = None  # seconds: no further run once this much is spent


def alternate(specs: Sequence[Spec], repeat: int) -> dict[str, Sample]:
    """Run the commands in turn, A B A B …, *repeat* rounds; a command over its budget sits the rest out."""
    samples = {s.key: Sample() for s in specs}
    for i in range(repeat):
        for spec in specs:
            sample = samples[spec.key]
            if spec.budget is not None and sum(sample.times) > spec.budget:
                continue
            if spec.before is not None:
                spec.before(i)
            elapsed, rss, text = run_timed(spec.argv(i))
            sample.times.append(elapsed)
            if rss is not None:
                sample.rss.append(rss)
            sample.output = text
            peak = f", {rss:.0f} MB" if rss is not None else ""
            print(f"  {spec.key:22s} run {i + 1}/{repeat}: {elapsed:.3f} s{peak}", flush=True)
    return samples


def runs_note(sample: Sample, repeat: int, default: int | None = None) -> str:
    """Say how many runs a figure has when it is not the run's usual number (a size measured fewer times, or a
    command that went over its time budget)."""
    runs = len(sample.times)
    text = f"median of {runs} run{'s' if runs != 1 else ''}"
    if runs < repeat:
        return f"{text} (over its time budget)"
    return text if default is not None and runs != default else ""


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy (WAL included) through SQLite's backup API."""
    fresh(target)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def linkorganizer_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    script = Path(sys.executable).with_name("linkorganizer.exe" if os.name == "nt" else "linkorganizer")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "linkorganizer"]


def generate(mode: str, rows: int, path: Path, seed: int) -> None:
    # In a child process, so the runner stays small for the peak-memory figures.
    if path.exists() and path.with_suffix(".seed").exists() and path.with_suffix(".seed").read_text() == f"{seed}":
        return  # bench/out/ keeps generated files between runs; the generator is deterministic
    path.with_suffix(".seed").unlink(missing_ok=True)  # a file cut short by an interrupted run is not reused
    subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), mode, str(rows), str(path), "--seed", str(seed)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    path.with_suffix(".seed").write_text(f"{seed}")


def add_history(db: Path, count: int, seed: int) -> tuple[int, int]:
    """Give a network a past: *count* interactions with random contacts over three years, and a
    keep-in-touch cadence on one contact in twenty, so the due list has work. Written with sqlite3 directly, as
    a migration or another program would (outside any operation, so the undo log stays empty)."""
    rng = random.Random(f"history:{seed}")
    con = sqlite3.connect(db)
    try:
        ids = [cid for (cid,) in con.execute("SELECT id FROM contact ORDER BY id")]
        kinds = ("call", "meeting", "message", "help_given", "help_received")
        now = _dt.datetime(2026, 11, 25, 12, 0)

        def rows():
            for n in range(count):
                when = now - _dt.timedelta(minutes=rng.randrange(3 * 365 * 24 * 60))
                text = when.strftime("%Y-%m-%d %H:%M:%S.000000")
                yield (rng.choice(ids), rng.choice(kinds), text, f"bench note {n}", text)

        with con:
            con.executemany(
                'INSERT INTO interaction (contact_id, kind, occurred_at, note, created_at) VALUES (?, ?, ?, ?, ?)',
                rows(),
            )
            cadenced = con.execute("UPDATE contact SET cadence_days = 30 WHERE id % 20 = 0").rowcount
    finally:
        con.close()
    return count, cadenced


# ---------------------------------------------------------------------------------------------------- the run


def benchmark(run: Run, seed: int) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="linkorganizer-bench-"))
    try:
        _measure_all(run, seed, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _measure_all(run: Run, seed: int, work: Path) -> None:
    lo, repeat, quick, sizes = run.command, run.repeat, run.quick, run.sizes
    n, big = sizes["rows"], sizes["big"]
    floor_py, probe = BENCH / "floor.py", BENCH / "gui_probe.py"
    first, newer = OUT / f"connections-{n}.csv", OUT / f"connections-{n}-newer.csv"
    generate("connections", n, first, seed)
    generate("newer", n, newer, seed)
    print(f"generated {first.relative_to(ROOT)} and {newer.relative_to(ROOT)} (seed {seed})", flush=True)

    # -- import of N rows vs the floor; the re-import of a newer export vs the import ----------------------------
    print(f"import of {n} rows, floor and app in turn", flush=True)
    s = alternate(
        [
            Spec("floor", lambda i: [sys.executable, floor_py, first, work / f"floor-{i}.db"]),
            Spec("read", lambda i: [sys.executable, "-c", READ_CODE, first]),
            Spec("import", lambda i: [*lo, "--db", work / f"import-{i}.db", "import", first],
                 before=lambda i: fresh(work / f"import-{i}.db")),
            Spec("reimport", lambda i: [*lo, "--db", work / f"reimport-{i}.db", "import", newer],
                 before=lambda i: copy_database(work / f"import-{i}.db", work / f"reimport-{i}.db")),
        ],
        repeat,
    )
    floor, read, imp = s["floor"], s["read"], s["import"]
    run.reports["import"], run.reports["reimport"] = imp.output, s["reimport"].output
    run.add("import", Row(f"`import` of {num(n)} rows of Connections.csv into a new database", imp.median, "s",
                          floor.median, "the floor", ratio_max=1.8))
    run.add("import_rss", Row(f"`import` of {num(n)} rows: peak memory", imp.peak, "MB", floor.peak, "the floor"))
    run.add("reimport", Row("`import` of a newer export of the same network into it", s["reimport"].median, "s",
                            imp.median, "the first import", ratio_max=1.0))
    filled = work / "filled.db"
    copy_database(work / "import-0.db", filled)

    # -- stats, exports of N and the import of the JSON archive -------------------------------------------------
    print(f"exports of {n} contacts", flush=True)
    exports = {fmt: OUT / f"export-{n}.{ext}" for fmt, ext in (("csv", "csv"), ("vcard", "vcf"), ("json", "json"))}
    s = alternate(
        [Spec("stats", lambda i: [*lo, "--db", filled, "stats", "--json"])]
        + [Spec(f"export_{fmt}", lambda i, f=fmt, p=path: [*lo, "--db", filled, "export", p, "--format", f])
           for fmt, path in exports.items()],
        repeat,
    )
    run.reports["stats"] = s["stats"].output
    run.add("stats", Row("`stats --json`", s["stats"].median, "s", read.median, "reading the CSV", ratio_max=4.0))
    for fmt in exports:
        e = s[f"export_{fmt}"]
        run.add(f"export_{fmt}", Row(f"`export --format {fmt}`, {num(n)} contacts", e.median, "s", imp.median,
                                     "their import", ratio_max=0.5))
        run.add(f"export_{fmt}_rss", Row(f"`export --format {fmt}`, {num(n)} contacts: peak memory", e.peak, "MB",
                                         read.peak, "reading the CSV", value_max=60.0 if fmt == "json" else None))
    s = alternate(
        [Spec("import_json", lambda i: [*lo, "--db", work / f"json-{i}.db", "import", exports["json"]],
              before=lambda i: fresh(work / f"json-{i}.db"), budget=120.0)],
        repeat,
    )
    j = s["import_json"]
    run.reports["import_json"] = j.output
    run.add("import_json", Row(f"`import` of that JSON archive ({num(n)} contacts) into a new database", j.median, "s",
                               imp.median, "the CSV import", note=runs_note(j, repeat)))
    run.add("import_json_rss", Row("`import` of that JSON archive: peak memory", j.peak, "MB", read.peak,
                                   "reading the CSV", value_max=60.0))

    # -- undo of the whole import (redo is measured in-process at the end) ---------------------------------------
    s = alternate(
        [Spec("undo_import", lambda i: [*lo, "--db", work / f"undo-{i}.db", "undo-import", "1"],
              before=lambda i: copy_database(filled, work / f"undo-{i}.db"))],
        repeat,
    )
    run.add("undo_import", Row("`undo-import` of that import (whole process)", s["undo_import"].median, "s",
                               imp.median, "the import", ratio_max=1.5))

    # -- the large network: 100 000 contacts with two interactions each ------------------------------------------
    big_repeat = 1 if quick else max(1, min(repeat, 3))
    if big == n:
        big_csv, big_db = first, work / "import-0.db"
        big_import = imp
        big_floor = floor
    else:
        big_csv = OUT / f"connections-{big}.csv"
        generate("connections", big, big_csv, seed)
        print(f"import of {big} rows, floor and app in turn", flush=True)
        s = alternate(
            [
                Spec("floor_big", lambda i: [sys.executable, floor_py, big_csv, work / "floor-big.db"]),
                Spec("import_big", lambda i: [*lo, "--db", work / f"big-{i}.db", "import", big_csv],
                     before=lambda i: fresh(work / f"big-{i}.db")),
            ],
            big_repeat,
        )
        big_import, big_floor, big_db = s["import_big"], s["floor_big"], work / "big-0.db"
        run.add("import_big", Row(f"`import` of {num(big)} rows into a new database", big_import.median, "s",
                                  big_floor.median, "the floor", ratio_max=1.8,
                                  note=runs_note(big_import, big_repeat, repeat)))
    history = work / "history.db"
    copy_database(big_db, history)
    interactions, cadenced = add_history(history, 2 * big, seed)  # the 200 000 at 100 000
    run.notes.append(
        f"The large network: {num(big)} rows imported, then {num(interactions)} interactions over three years and a "
        f"30-day keep-in-touch cadence on {num(cadenced)} contacts, written with sqlite3 (bench/run.py, `add_history`)."
    )
    print(f"exports of the large network ({big} rows, {interactions} interactions)", flush=True)
    big_exports = {fmt: work / f"big-export.{ext}" for fmt, ext in (("csv", "csv"), ("vcard", "vcf"), ("json", "json"))}
    s = alternate(
        [Spec(f"export_big_{fmt}", lambda i, f=fmt, p=path: [*lo, "--db", history, "export", p, "--format", f])
         for fmt, path in big_exports.items()],
        big_repeat,
    )
    for fmt in big_exports:
        e = s[f"export_big_{fmt}"]
        run.add(f"export_big_{fmt}", Row(f"`export --format {fmt}`, {num(big)} contacts with their history", e.median,
                                         "s", big_import.median, "their import", ratio_max=0.5,
                                         note=runs_note(e, big_repeat, repeat)))
        run.add(f"export_big_{fmt}_rss", Row(f"`export --format {fmt}`, {num(big)} contacts: peak memory", e.peak, "MB",
                                             big_floor.peak, "the floor", value_max=80.0))
    s = alternate(
        [Spec("import_archive", lambda i: [*lo, "--db", work / f"archive-{i}.db", "import", big_exports["json"]],
              before=lambda i: fresh(work / f"archive-{i}.db"), budget=120.0)],
        big_repeat,
    )
    a = s["import_archive"]
    size_mb = big_exports["json"].stat().st_size / 1e6
    run.add("import_archive_rss", Row(f"`import` of the JSON archive of {num(big)} contacts with their history "
                                      f"({size_mb:.0f} MB): peak memory", a.peak, "MB", big_floor.peak, "the floor",
                                      value_max=100.0, note=f"{a.median:.1f} s, {len(a.times)} run{'s' if len(a.times) != 1 else ''}"))

    # -- the window -----------------------------------------------------------------------------------------------
    _measure_window(run, work, history, probe, 2 if quick else repeat, interactions)

    # -- a million rows --------------------------------------------------------------------------------------------
    huge = sizes.get("huge")
    if huge:
        huge_csv = OUT / f"connections-{huge}.csv"
        generate("connections", huge, huge_csv, seed)
        print(f"import of {huge} rows, floor and app in turn", flush=True)
        s = alternate(
            [
                Spec("floor_huge", lambda i: [sys.executable, floor_py, huge_csv, work / "floor-huge.db"]),
                Spec("import_huge", lambda i: [*lo, "--db", work / "huge.db", "import", huge_csv],
                     before=lambda i: fresh(work / "huge.db"), budget=sizes.get("huge_budget", 600)),
            ],
            2,
        )
        fresh(work / "huge.db")
        h, hf = s["import_huge"], s["floor_huge"]
        note = runs_note(h, 2, repeat)
        run.add("import_huge", Row(f"`import` of {num(huge)} rows into a new database", h.median, "s", hf.median,
                                   "the floor", ratio_max=2.0, note=note))
        run.add("import_huge_rss", Row(f"`import` of {num(huge)} rows: peak memory", h.peak, "MB", hf.peak, "the floor",
                                       value_max=150.0, note=note.replace("median", "highest")))

    # -- the frozen build ---------------------------------------------------------------------------------------
    exe = ".exe" if os.name == "nt" else ""
    folder = ROOT / "dist" / "linkorganizer"
    if not folder.exists() and not quick:
        folder = build_frozen(work)  # a clean clone has no build: the full run makes one (about two minutes)
    # The console program of the build where there is one (docs/packaging.md): the command line runs through it.
    frozen = next((p for p in (folder / f"linkorganizer-cli{exe}", folder / f"linkorganizer{exe}") if p.exists()),
                  folder / f"linkorganizer{exe}")
    label = "frozen app start-up (`stats --json`, whole process) vs running from source"
    if frozen.exists():
        s = alternate(
            [Spec("source", lambda i: [sys.executable, "-m", "linkorganizer", "--db", filled, "stats", "--json"]),
             Spec("frozen", lambda i: [frozen, "--db", filled, "stats", "--json"])],
            repeat,
        )
        run.add("frozen", Row(label, s["frozen"].median, "s", s["source"].median, "from source", ratio_max=1.2))
    else:
        run.add("frozen", Row(label, None, "s", ratio_max=1.2,
                              note="no frozen build (--quick does not make one; a full run builds it)"))

    # -- in-process figures last: they load Qt and the network into the runner itself ---------------------------
    _measure_in_process(run, work, filled, imp, read, repeat)


def build_frozen(work: Path) -> Path:
    """``pyinstaller build.spec`` into the run's own folders (the checkout's dist/ and build/ stay as they are);
    the folder of the build, or one that does not exist when PyInstaller is missing or the build fails."""
    target = work / "frozen"
    print("building the frozen app (pyinstaller build.spec) for its start-up figure", flush=True)
    result = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(ROOT / "build.spec"), "--noconfirm",
         "--distpath", str(target / "dist"), "--workpath", str(target / "build")],
        cwd=ROOT, capture_output=True, text=True,
    )
    if result.returncode != 0:
        print(f"  the frozen build failed: {result.stderr.strip().splitlines()[-1:]}", flush=True)
    return target / "dist" / "linkorganizer"


def _measure_window(run: Run, work: Path, history: Path, probe: Path, repeat: int, interactions: int) -> None:
    """Start-up to the first painted window and memory, 100 000 contacts vs an empty network; then one session."""
    print("the window: start-up with the large network and with an empty one, in turn", flush=True)
    empty = work / "empty.db"
    fresh(empty)
    run_timed([*run.command, "--db", empty, "stats"])  # created and migrated by the app itself
    starts: dict[str, list[float]] = {"empty": [], "big": []}
    memory: dict[str, list[float]] = {"empty": [], "big": []}
    filled: dict[str, list[float]] = {"empty": [], "big": []}  # the window's last paint in the second after
    painted: dict[str, list[str]] = {}
    for i in range(repeat):
        for key, db in (("empty", empty), ("big", history)):
            ini = work / f"probe-{key}-{i}.ini"
            started = time.time()
            _, _, text = run_timed([sys.executable, probe, "startup", db, ini])
            result = _probe_json(text)
            starts[key].append(result["painted_at"] - started)
            if result.get("last_paint_at"):
                filled[key].append(result["last_paint_at"] - started)
            if "VmRSS" in result:
                memory[key].append(result["VmRSS"])
            painted[key] = result.get("painted", [])
            print(f"  startup_{key:14s} run {i + 1}/{repeat}: {starts[key][-1]:.3f} s, "
                  f"{result.get('VmRSS', 0):.0f} MB resident", flush=True)
    big = run.sizes["big"]
    run.add("startup", Row(f"start-up to the first painted window, {num(big)} contacts", statistics.median(starts["big"]),
                           "s", statistics.median(starts["empty"]), "an empty network", ratio_max=1.2,
                           note="; ".join(n for n in (
                               "" if "contactTable" in painted.get("big", []) else "the contact table was not in the first paint",
                               f"filled in (last paint) at {statistics.median(filled['big']):.3f} s against "
                               f"{statistics.median(filled['empty']):.3f} s" if filled["big"] and filled["empty"] else "",
                           ) if n)))
    if memory["big"] and memory["empty"]:
        run.add("memory", Row(f"resident memory with {num(big)} contacts open (1 s after the first paint)",
                              statistics.median(memory["big"]), "MB", statistics.median(memory["empty"]),
                              "an empty network", ratio_max=1.5))

    print("the window: a session at the large network (search, scroll, pages)", flush=True)
    _, _, text = run_timed([sys.executable, probe, "session", history, work / "probe-session.ini"])
    result = _probe_json(text)
    keys = result["filter_ms"]
    timeouts = f"; {result['filter_timeouts']} keystrokes got no repaint within 3 s" if result["filter_timeouts"] else ""
    run.add("filter", Row(f"type-to-filter at {num(big)} contacts, keystroke to repainted table: median of {len(keys)} "
                          "keystrokes (one session)",
                          statistics.median(keys), "ms", value_max=16.0, note=timeouts.lstrip("; ")))
    run.add("filter_worst", Row("type-to-filter: worst keystroke", max(keys), "ms", value_max=50.0))
    sc = result["scroll"]
    pages = max(sc["pages"], 1)
    fetched = sc["rows_fetched"] if sc["rows_fetched"] is not None else sc["rows_asked"]
    run.add("scroll", Row(
        f"scrolling the table: rows fetched from the database per page scrolled ({sc['pages']} pages)",
        fetched / pages, "rows", sc["visible_rows"], "the visible rows", ratio_max=2.0,
        note=f"{sc['data_calls'] / pages:.0f} data() calls per page for {sc['visible_rows']} rows × "
             f"{sc['visible_columns']} columns; {sc['fetches'] or 0} fetches; a page repaints in "
             f"{statistics.median(sc['page_ms']) if sc['page_ms'] else 0:.1f} ms (median)",
    ))
    run.add("due", Row(f"keep-in-touch list at {num(big)} contacts with {num(interactions)} interactions: click to first paint",
                       result["due_ms"], "ms", value_max=100.0,
                       note="" if result["due_ms"] is not None else "the window has no dueView"))
    cold = "today_cold_ms" in result
    today_note = ("the page the window opens on: from the window's first paint to its entries painted; "
                  f"clicked again later {result['today_click_ms']:.0f} ms") if cold and result.get("today_click_ms") \
        else ""
    run.add("today", Row(f"Today page at {num(big)} contacts with {num(interactions)} interactions: "
                         + ("first paint to its entries painted" if cold else "click to first paint"),
                         result["today_ms"], "ms", value_max=100.0,
                         note=today_note if result["today_ms"] is not None else "the window has no todayView yet"))


def _probe_json(text: str) -> dict:
    for line in reversed(text.splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise MeasurementError(f"bench/gui_probe.py printed no result:\n{text[-2000:]}")


def _measure_in_process(run: Run, work: Path, filled: Path, imp: Sample, read: Sample, repeat: int) -> None:
    from linkorganizer.core.network import Network

    def redo_once(i: int) -> float:
        copy_database(filled, work / f"redo-{i}.db")
        network = Network.open(work / f"redo-{i}.db")
        try:
            network.undo(network.import_op(1))
            op = network.import_op(1)
            started = time.perf_counter()
            network.redo(op)
            return time.perf_counter() - started
        finally:
            network.close()

    try:
        redo = [redo_once(i) for i in range(repeat)]
        run.add("redo_import", Row("redo of the undone import (in-process `Network.redo`)", statistics.median(redo),
                                   "s", imp.median, "the import", ratio_max=1.5))
    except Exception as exc:  # an API that moved is a note, not a crash of the whole run
        run.add("redo_import", Row("redo of the undone import (in-process `Network.redo`)", None, "s",
                                   note=f"{type(exc).__name__}: {exc}"))

    from linkorganizer.core.contacts import ContactQuery, fetch_rows, query_contact_ids

    network = Network.open(filled)
    try:
        for key, label, query in (
            ("search", 'search "an", sorted by name (in-process `query_contact_ids`)', ContactQuery(text="an")),
            ("search_company", 'search "an", sorted by company', ContactQuery(text="an", sort="company")),
            ("sort_company", "no search text, all contacts sorted by company", ContactQuery(sort="company")),
        ):
            times, ids = timed_calls(repeat, lambda q=query: query_contact_ids(q))
            run.add(key, Row(label, statistics.median(times), "s", read.median, "reading the CSV", ratio_max=1.0,
                             note=f"{len(ids)} contacts"))
        screen = list(ids[:50])
        times, _ = timed_calls(repeat, lambda: fetch_rows(screen))
        run.add("first_screen", Row("rows of the first screen, 50 contacts (in-process `fetch_rows`)",
                                    statistics.median(times), "s", read.median, "reading the CSV", ratio_max=0.25))
    finally:
        network.close()
    _measure_board(run, filled, work, repeat, read)


def timed_calls(repeat: int, call: Callable[[], object]) -> tuple[list[float], object]:
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return times, result


def _measure_board(run: Run, filled: Path, work: Path, repeat: int, read: Sample) -> None:
    """The puzzle board: 5 000 contacts of the filled network placed in 50 goals (fewer in --quick).

    Each figure runs to the end of the repaint it causes: a watch on the board's window sees the paint pass (the
    window's UpdateRequest, or its first Paint when it opens) that comes after the change, and the time is taken
    once the events it set off have run. The search is timed per keystroke, as typed, with any debounce in it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QSettings, Qt
    from PySide6.QtGui import QUndoStack
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit

    from linkorganizer.core import board, groups
    from linkorganizer.core.network import Network
    from linkorganizer.db.models import Contact
    from linkorganizer.ui.bus import ChangeBus
    from linkorganizer.ui.commands.groups import MoveContactsCommand
    from linkorganizer.ui.views.board_view import BoardView

    try:
        from linkorganizer.ui.views.board_card import forget_pictures
    except ImportError:  # a board that keeps no pictures of its pieces (an older commit, measured for comparison)

        def forget_pictures() -> None:
            pass

    class Repaint(QObject):
        """Sees the paint passes of one window: ``seen`` once a pass starts after ``ready()`` says the change is
        in (a debounced search is not "in" until its timer ran)."""

        def __init__(self) -> None:
            super().__init__()
            self.seen = False
            self.ready: Callable[[], bool] = lambda: True

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() in (QEvent.Type.UpdateRequest, QEvent.Type.Paint) and not self.seen and self.ready():
                self.seen = True
            return False

        def wait(self, started: float, timeout: float = 3.0) -> float | None:
            """Run the events until a watched paint pass has run; milliseconds since *started* (None: none came)."""
            while not self.seen:
                if time.perf_counter() - started > timeout:
                    return None
                app.processEvents()
            app.processEvents()  # what the pass set off (a layout asking for one more paint) is part of it
            return (time.perf_counter() - started) * 1000

    board_db = work / "board.db"
    copy_database(filled, board_db)
    network = Network.open(board_db)
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    try:
        ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).limit(5000).tuples()]
        per = len(ids) // 50
        group_ids = [
            groups.create_group(f"Goal {g:02}", slots=[("Recruiter", 2), ("Mentor", 1)] if g % 2 else [])
            for g in range(50)
        ]
        for g, gid in enumerate(group_ids):
            groups.place(ids[g * per : (g + 1) * per], gid)
        placed = per * 50
        times, cards = timed_calls(repeat, board.board_snapshot)
        run.add("board_snapshot", Row(f"board with {num(placed)} pieces in 50 goals: read it (in-process `board_snapshot`)",
                                      statistics.median(times), "s", read.median, "reading the CSV", ratio_max=1.0))

        watch = Repaint()
        view: BoardView | None = None
        opened: list[float] = []
        for n in range(repeat + 1):  # the first, untimed, pays what the window's start-up pays in the app (fonts…)
            if view is not None:  # the last board goes before the clock starts
                view.close()
                view.deleteLater()
                QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            forget_pictures()  # every open draws its pieces: none is a copy kept from the board before
            watch.seen, watch.ready = False, lambda: True
            started = time.perf_counter()
            settings = QSettings(str(work / "bench.ini"), QSettings.Format.IniFormat)
            view = BoardView(QUndoStack(), ChangeBus(network), settings)
            view.installEventFilter(watch)
            view.resize(1400, 900)
            view.show()
            elapsed = watch.wait(started)
            if elapsed is None:
                raise MeasurementError("the board never painted")
            if n:
                opened.append(elapsed)
        assert view is not None
        run.add("board_open", Row(f"board with {num(placed)} pieces in 50 goals: build, lay out and show the page "
                                  "(to its first paint)", statistics.median(opened), "ms", value_max=300.0))
        stack, bus = view.undo_stack, view.bus
        dropped: list[float] = []
        for i in range(repeat * 2):
            # From the first goal to the second: both cards are on screen, so the drop repaints them.
            source, target, piece = group_ids[0], group_ids[1], ids[i]
            app.processEvents()
            watch.seen = False
            started = time.perf_counter()
            stack.push(MoveContactsCommand(bus, [piece], source, target, to_name="bench"))
            elapsed = watch.wait(started)
            dropped.append(elapsed if elapsed is not None else 3000.0)
        run.add("board_drop", Row("board: move one piece to another goal, redraw what changed",
                                  statistics.median(dropped), "ms", value_max=30.0,
                                  note=f"worst of {len(dropped)}: {fmt_value(max(dropped), 'ms')}"))

        label = "board: search highlight, keystroke to repainted board"
        box = view.findChild(QLineEdit, "boardSearch")
        if box is None:
            run.add("board_search", Row(label, None, "ms", value_max=50.0, note="the board has no search of its own"))
        else:
            keys: list[float] = []
            timeouts = 0
            for word in ("ma", "an", "er", "jo", "li"):
                box.clear()
                app.processEvents()
                for n in range(1, len(word) + 1):
                    expected = board.placed_matches(word[:n])
                    watch.seen = False
                    watch.ready = lambda e=expected: view.matches == e  # the highlight of this keystroke is in
                    started = time.perf_counter()
                    QTest.keyClick(box, Qt.Key(ord(word[n - 1].upper())), Qt.KeyboardModifier.NoModifier)
                    elapsed = watch.wait(started)
                    timeouts += elapsed is None
                    keys.append(elapsed if elapsed is not None else 3000.0)
            watch.ready = lambda: True
            note = f"median of {len(keys)} keystrokes, worst {fmt_value(max(keys), 'ms')}"
            if timeouts:
                note += f"; {timeouts} got no repaint within 3 s"
            run.add("board_search", Row(label, statistics.median(keys), "ms", value_max=50.0, note=note))
        view.close()
    finally:
        network.close()


# ---------------------------------------------------------------------------------------------------- output


def num(value: int) -> str:
    """30 000, as the docs write numbers (a narrow no-break space between thousands)."""
    return f"{value:,}".replace(",", "\u202f")


def fmt_value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.1f} {unit}"


def fmt_ratio(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}×" if value >= 10 else f"{value:.2g}×"


def summary_line(report: str) -> str:
    """The "N new, M updated, …" line of the CLI's import report."""
    for line in report.splitlines():
        if re.search(r"\d+ new, \d+ updated", line):
            return line.strip()
    return ""


def results_markdown(run: Run, invocation: str) -> str:
    sizes = " / ".join(num(v) for k, v in run.sizes.items() if k != "huge_budget")
    lines = [
        f"Produced by `{invocation}` ({sizes} rows; medians of {run.repeat} runs each unless the row says "
        f"otherwise; app and baseline in turn).",
        "",
        "| machine | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in run.machine.items()]
    lines += [
        "",
        "| measurement | measured | baseline (same run) | ratio | target | result |",
        "|---|---:|---:|---:|---:|:---:|",
    ]
    for row in run.rows.values():
        label = row.label + (f" — {row.note}" if row.note else "")
        base = f"{fmt_value(row.baseline, row.unit)} ({row.baseline_label})" if row.baseline is not None else "—"
        status = {"PASS": "PASS", "MISS": "**MISS**"}.get(row.status, row.status)
        lines.append(f"| {label} | {fmt_value(row.value, row.unit)} | {base} | {fmt_ratio(row.ratio)} | "
                     f"{row.target} | {status} |")
    imp, reimp = summary_line(run.reports.get("import", "")), summary_line(run.reports.get("reimport", ""))
    lines += ["", f"Import report: {imp or '—'}. Re-import report: {reimp or '—'}."]
    lines += ["", *run.notes] if run.notes else []
    return "\n".join(lines)


def print_table(run: Run) -> None:
    print()
    for k, v in run.machine.items():
        print(f"{k}: {v}")
    print(f"command: {' '.join(run.command)}")
    print()
    width = max(len(r.label) for r in run.rows.values())
    width = min(width, 78)
    print(f"{'measurement':{width}}  {'measured':>10}  {'baseline':>10}  {'ratio':>7}  {'target':>10}  result")
    for row in run.rows.values():
        label = row.label if len(row.label) <= width else row.label[: width - 1] + "…"
        base = fmt_value(row.baseline, row.unit) if row.baseline is not None else "—"
        print(f"{label:{width}}  {fmt_value(row.value, row.unit):>10}  {base:>10}  {fmt_ratio(row.ratio):>7}  "
              f"{row.target:>10}  {row.status}" + (f"  ({row.note})" if row.note else ""))
    print()
    print("import:  ", summary_line(run.reports.get("import", "")))
    print("reimport:", summary_line(run.reports.get("reimport", "")))


def update_docs(markdown: str, path: Path = DOCS) -> None:
    block = f"{START_MARK}\n{markdown}\n{END_MARK}"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START_MARK in text and END_MARK in text:
        head, rest = text.split(START_MARK, 1)
        _, tail = rest.split(END_MARK, 1)
        text = f"{head}{block}{tail}"
    else:
        text = (text.rstrip() + "\n\n" if text else "# Benchmarks\n\n") + f"## Results\n\n{block}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"updated {path.relative_to(ROOT)}")


def main(argv: Sequence[str] | None = None) -> int:
    # A user's Python keeps compiled modules; a machine that tells it not to would have every command of the
    # app (not the floor, a single script) compile the whole package again, ~0.2 s a run.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="2 000 rows, 1–2 runs each, no million-row import; docs are not updated")
    parser.add_argument("--rows", type=int, help="rows of the main export (default 30 000; 2 000 with --quick)")
    parser.add_argument("--big-rows", type=int,
                        help="contacts of the large network: window, exports, archive (default 100 000; --quick: --rows)")
    parser.add_argument("--huge-rows", type=int, help="rows of the million-row import (default 1 000 000; 0 skips it)")
    parser.add_argument("--huge-budget", type=float, default=600.0,
                        help="seconds the million-row import may take before its second run is skipped (default 600)")
    parser.add_argument("--repeat", type=int, help="runs per measurement (default 5; 2 with --quick)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--linkorganizer", metavar="EXE", help="the command to time (default: the one beside python)")
    docs = parser.add_mutually_exclusive_group()
    docs.add_argument("--docs", action="store_true", help="update docs/benchmarks.md even with --quick or other sizes")
    docs.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    rows = args.rows or (2_000 if args.quick else 30_000)
    big = args.big_rows or (rows if args.quick else 100_000)
    huge = args.huge_rows if args.huge_rows is not None else (0 if args.quick else 1_000_000)
    repeat = args.repeat or (2 if args.quick else 5)
    if rows < 100 or big < 100 or repeat < 1 or huge < 0:
        parser.error("--rows and --big-rows must be at least 100, --repeat at least 1")
    sizes = {"rows": rows, "big": big}
    if huge:
        sizes["huge"] = huge
        sizes["huge_budget"] = int(args.huge_budget)
    command = linkorganizer_command(args.linkorganizer)
    print(f"timing {' '.join(command)}: {rows} / {big} / {huge or 'no'} rows, {repeat} runs each", flush=True)
    run = Run(sizes=sizes, repeat=repeat, quick=args.quick, machine=machine_info(), command=command)
    started = time.perf_counter()
    try:
        benchmark(run, args.seed)
    except (MeasurementError, subprocess.CalledProcessError) as exc:
        print(f"bench: a measurement failed: {exc}", file=sys.stderr)
        return 2
    print_table(run)
    print(f"\n(the whole run took {time.perf_counter() - started:.0f} s)")
    if args.docs or (not args.quick and not args.no_docs):
        invocation = "python " + " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])])
        update_docs(results_markdown(run, invocation.replace(" --docs", "").strip()))
    missed = [k for k, r in run.rows.items() if r.met is False]
    if missed:
        print("targets missed: " + ", ".join(missed))
    if args.quick:
        print("(--quick: small sizes weigh fixed costs such as start-up differently; its ratios are a smoke check)")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
