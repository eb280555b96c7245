"""The benchmark runner: import, re-import, stats, export and search on a generated LinkedIn network.

Every figure is also given as a ratio to a baseline measured in the same run on the same machine: the wall time
of a Python subprocess that only reads the CSV with the standard ``csv`` module. A ratio says how much work the
app does beyond reading the file, and stays comparable between a laptop and a slow CI machine, where absolute
seconds do not.

    python bench/run.py            # 30 000 rows, best of 5; writes the results into docs/benchmarks.md
    python bench/run.py --quick    # 3 000 rows, a fast check; prints only

Run it with the interpreter of the environment the project is installed in (``python`` of an activated venv).
Files go to bench/out/ (git-ignored). Only the standard library and the project are used.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
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

BASELINE_CODE = "import csv,sys; n=sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8', newline='')))"

# Targets as "at most this many baselines". The issue's absolute target is a 30 000-row CLI import "well under
# 2 s on a 2-core machine". On the 2-core reference machine (docs/benchmarks.md) the baseline is about 0.065 s,
# so 2 s is ~31 baselines; "well under" is taken as 30 % under, 1.4 s, i.e. 21 baselines. The others follow the
# same idea: a re-import of a newer export should not cost more than the first import; stats is a handful of
# COUNTs and must feel instant; an export reads what the import wrote; a search runs at every keystroke, so it
# must cost less than merely reading the file once.
TARGETS: dict[str, float] = {
    "import": 21.0,
    "reimport": 21.0,
    "stats": 4.0,
    "export_json": 16.0,
    "export_csv": 16.0,
    # The archive of the same 30 000 contacts is 23 MB, seven times the CSV: twice the CSV import's budget.
    "import_json": 32.0,
    "search": 1.0,
    "search_company": 1.0,
    "sort_company": 1.0,
    "first_screen": 0.25,
    # The board: 5 000 placed contacts in 50 goal groups (issue #5). Reading it is a few queries; building it
    # is what opening the page costs; a drop is what every drag costs and must feel immediate.
    "board_snapshot": 1.0,
    "board_build": 8.0,
    "board_drop": 1.0,
    # Undo and redo of the whole 30 000-contact import, each at most 1.5 times the import itself (issue #9).
    "undo_import": 1.5,
    "redo_import": 1.5,
}
# Measurements held against another measurement of the same run instead of the baseline.
RELATIVE_TO: dict[str, str] = {"undo_import": "import", "redo_import": "import"}
LABELS: dict[str, str] = {
    "baseline": "baseline: read the CSV with Python's csv module (subprocess)",
    "import": "`import` into a fresh database",
    "reimport": "`import` of the newer export into the filled database",
    "stats": "`stats --json`",
    "export_json": "`export --format json`",
    "export_csv": "`export --format csv`",
    "import_json": "`import` of that JSON export into a fresh database",
    "search": 'search "an", sorted by name (in-process `query_contact_ids`)',
    "search_company": 'search "an", sorted by company (in-process `query_contact_ids`)',
    "sort_company": "no search text, all contacts sorted by company (in-process `query_contact_ids`)",
    "first_screen": "rows of the first screen, 50 contacts (in-process `fetch_rows`)",
    "board_snapshot": "board with 5 000 pieces in 50 goal groups: read it (in-process `board_snapshot`)",
    "board_build": "board with 5 000 pieces in 50 goal groups: build and lay out the page (offscreen Qt)",
    "board_drop": "board with 5 000 pieces: move one piece to another goal, redraw the two cards (offscreen Qt)",
    "undo_import": "`undo-import` of that import (whole process; target ÷ the import)",
    "redo_import": "redo of the undone import (in-process `Network.redo`; target ÷ the import)",
}


@dataclass
class Measurement:
    key: str
    times: list[float]
    peak_rss_mb: float | None = None
    note: str = ""

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)


@dataclass
class Run:
    rows: int
    repeat: int
    machine: dict[str, str]
    command: list[str]
    measurements: dict[str, Measurement] = field(default_factory=dict)
    reports: dict[str, str] = field(default_factory=dict)

    def ratio(self, key: str) -> float:
        return self.measurements[key].best / self.measurements[RELATIVE_TO.get(key, "baseline")].best


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
    import peewee  # the project's dependency; imported here only to report its version

    return {
        "CPU": cpu_model(),
        "nproc": str(usable) if usable == nproc else f"{usable} usable of {nproc}",
        "Python": f"{platform.python_version()} ({platform.python_implementation()})",
        "SQLite": sqlite3.sqlite_version,
        "Peewee": peewee.__version__,
        "OS": f"{platform.system()} {platform.release()}",
        # Other work on the machine skews every figure; the load at the start says how quiet it was.
        "load average (1, 5, 15 min) at start": (
            " ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"
        ),
        "commit": git_revision(),
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# ---------------------------------------------------------------------------------------------------- timing


def run_timed(argv: Sequence[str], stdout_path: Path) -> tuple[float, float | None, str]:
    """Run *argv*; return (wall seconds, peak RSS in MB or None, stdout). Raises on a non-zero exit."""
    with open(stdout_path, "w+b") as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        rss: float | None = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            # ru_maxrss is in KiB on Linux, bytes on macOS.
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # pragma: no cover - Windows
            proc.wait()
            elapsed = time.perf_counter() - start
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        if proc.returncode != 0:
            err.seek(0)
            raise SystemExit(
                f"bench: {' '.join(map(str, argv))} exited with {proc.returncode}\n"
                f"{err.read().decode('utf-8', 'replace')}{text}"
            )
    return elapsed, rss, text


def measure_subprocess(
    key: str,
    repeat: int,
    argv_for: Callable[[int], Sequence[str]],
    before: Callable[[int], None] | None = None,
    budget: float | None = None,
) -> tuple[Measurement, str]:
    """Time *repeat* runs, or fewer once *budget* seconds are spent (a pathologically slow case)."""
    times: list[float] = []
    peaks: list[float] = []
    text = ""
    for i in range(repeat):
        if budget is not None and sum(times) > budget:
            print(f"  {key:15s} stopped after {i} runs: over the {budget:g} s budget", flush=True)
            break
        if before is not None:
            before(i)  # untimed preparation (a fresh copy of a database)
        elapsed, rss, text = run_timed(argv_for(i), OUT / f"{key}.stdout")
        times.append(elapsed)
        if rss is not None:
            peaks.append(rss)
        print(f"  {key:15s} run {i + 1}/{repeat}: {elapsed:.3f} s", flush=True)
    note = f"{len(times)} run{'s' if len(times) > 1 else ''} only" if len(times) < repeat else ""
    return Measurement(key, times, max(peaks) if peaks else None, note), text


def measure_call(key: str, repeat: int, call: Callable[[], object]) -> tuple[Measurement, object]:
    times: list[float] = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    print(f"  {key:15s} best of {repeat}: {min(times) * 1000:.1f} ms", flush=True)
    return Measurement(key, times), result


def copy_database(source: Path, target: Path) -> None:
    """A consistent copy (WAL included) through SQLite's backup API."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
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


# ---------------------------------------------------------------------------------------------------- the run


def benchmark(rows: int, repeat: int, seed: int, command: list[str]) -> Run:
    OUT.mkdir(parents=True, exist_ok=True)
    run = Run(rows=rows, repeat=repeat, machine=machine_info(), command=command)
    first = OUT / f"connections-{rows}.csv"
    newer = OUT / f"connections-{rows}-newer.csv"
    # In a child process: a forked child starts with its parent's peak RSS on Linux, so the runner stays small
    # for the peak-memory column to mean something.
    for mode, path in (("connections", first), ("newer", newer)):
        subprocess.run(
            [sys.executable, str(BENCH / "generate.py"), mode, str(rows), str(path), "--seed", str(seed)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(f"generated {first.relative_to(ROOT)} and {newer.relative_to(ROOT)} (seed {seed})")
    work = Path(tempfile.mkdtemp(prefix="linkorganizer-bench-"))
    try:
        _measure_all(run, first, newer, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return run


def _measure_all(run: Run, first: Path, newer: Path, work: Path) -> None:
    lo, repeat = run.command, run.repeat
    m = run.measurements

    m["baseline"], _ = measure_subprocess("baseline", repeat, lambda i: [sys.executable, "-c", BASELINE_CODE, first])

    def fresh(i: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / f'import-{i}.db'}{suffix}").unlink(missing_ok=True)

    m["import"], run.reports["import"] = measure_subprocess(
        "import", repeat, lambda i: [*lo, "--db", work / f"import-{i}.db", "import", first], before=fresh
    )
    filled = work / "filled.db"
    copy_database(work / "import-0.db", filled)

    m["reimport"], run.reports["reimport"] = measure_subprocess(
        "reimport",
        repeat,
        lambda i: [*lo, "--db", work / f"reimport-{i}.db", "import", newer],
        before=lambda i: copy_database(filled, work / f"reimport-{i}.db"),
    )
    m["stats"], stats_text = measure_subprocess("stats", repeat, lambda i: [*lo, "--db", filled, "stats", "--json"])
    run.reports["stats"] = stats_text
    for fmt in ("json", "csv"):
        target = OUT / f"export.{fmt}"
        m[f"export_{fmt}"], _ = measure_subprocess(
            f"export_{fmt}", repeat, lambda i, t=target, f=fmt: [*lo, "--db", filled, "export", t, "--format", f]
        )

    archive = OUT / "export.json"

    def fresh_json(i: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / f'json-{i}.db'}{suffix}").unlink(missing_ok=True)

    m["import_json"], run.reports["import_json"] = measure_subprocess(
        "import_json",
        repeat,
        lambda i: [*lo, "--db", work / f"json-{i}.db", "import", archive],
        before=fresh_json,
        budget=120.0,
    )

    # Undo of the whole import and its redo: a few statements per table from the database's undo log.
    def undone_copy(i: int) -> None:
        copy_database(filled, work / f"undo-{i}.db")

    m["undo_import"], _ = measure_subprocess(
        "undo_import", repeat, lambda i: [*lo, "--db", work / f"undo-{i}.db", "undo-import", "1"], before=undone_copy
    )
    from linkorganizer.core.network import Network

    def redo_once(i: int) -> float:
        network = Network.open(work / f"undo-{i}.db")
        try:
            op = network.import_op(1)
            started = time.perf_counter()
            network.redo(op)
            return time.perf_counter() - started
        finally:
            network.close()

    m["redo_import"] = Measurement("redo_import", [redo_once(i) for i in range(repeat)])
    from linkorganizer.db import close_database as _close

    _close()

    # In-process: what the contact table does at every keystroke.
    from linkorganizer.core.contacts import ContactQuery, fetch_rows, query_contact_ids
    from linkorganizer.db import close_database, open_database

    open_database(filled)
    try:
        m["search"], ids = measure_call("search", repeat, lambda: query_contact_ids(ContactQuery(text="an")))
        m["search"].note = f"{len(ids)} matches"  # type: ignore[arg-type]
        m["search_company"], ids = measure_call(
            "search_company", repeat, lambda: query_contact_ids(ContactQuery(text="an", sort="company"))
        )
        m["search_company"].note = f"{len(ids)} matches"  # type: ignore[arg-type]
        m["sort_company"], every = measure_call(
            "sort_company", repeat, lambda: query_contact_ids(ContactQuery(sort="company"))
        )
        m["sort_company"].note = f"{len(every)} contacts"  # type: ignore[arg-type]
        screen = list(ids[:50])  # type: ignore[index]
        m["first_screen"], _ = measure_call("first_screen", repeat, lambda: fetch_rows(screen))
    finally:
        close_database()
    _measure_board(run, filled, work)


def _measure_board(run: Run, filled: Path, work: Path) -> None:
    """The puzzle board at issue #5's scale: 5 000 contacts of the filled network placed in 50 goal groups."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QUndoStack
    from PySide6.QtWidgets import QApplication

    from linkorganizer.core import board, groups
    from linkorganizer.core.network import Network
    from linkorganizer.db import close_database
    from linkorganizer.db.models import Contact
    from linkorganizer.ui.bus import ChangeBus
    from linkorganizer.ui.commands.groups import MoveContactsCommand
    from linkorganizer.ui.views.board_view import BoardView

    m, repeat = run.measurements, run.repeat
    board_db = work / "board.db"
    copy_database(filled, board_db)
    network = Network.open(board_db)
    app = QApplication.instance() or QApplication([])
    try:
        ids = [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).limit(5000).tuples()]
        group_ids = [
            groups.create_group(f"Goal {g:02}", slots=[("Recruiter", 2), ("Mentor", 1)] if g % 2 else [])
            for g in range(50)
        ]
        for g, gid in enumerate(group_ids):
            groups.place(ids[g * 100 : (g + 1) * 100], gid)
        m["board_snapshot"], cards = measure_call("board_snapshot", repeat, board.board_snapshot)
        m["board_snapshot"].note = f"{sum(len(c.members) for c in cards)} pieces"  # type: ignore[union-attr]

        built: list[BoardView] = []

        def build() -> BoardView:
            for old in built:
                old.close()
                old.deleteLater()
            built.clear()
            settings = QSettings(str(work / "bench.ini"), QSettings.Format.IniFormat)
            view = BoardView(QUndoStack(), ChangeBus(network), settings)
            view.resize(1400, 900)
            view.show()
            app.processEvents()
            built.append(view)
            return view

        m["board_build"], view = measure_call("board_build", repeat, build)
        stack, bus = view.undo_stack, view.bus
        moves = iter(range(repeat * 2))

        def drop() -> None:
            i = next(moves)
            source, target = group_ids[i % 50], group_ids[(i + 1) % 50]
            piece = ids[(i % 50) * 100 + i // 50]
            stack.push(MoveContactsCommand(bus, [piece], source, target, to_name="bench"))
            app.processEvents()

        before = view.card_refreshes
        m["board_drop"], _ = measure_call("board_drop", repeat, drop)
        m["board_drop"].note = f"{(view.card_refreshes - before) / repeat:g} cards redrawn per drop"
        view.close()
    finally:
        close_database()


# ---------------------------------------------------------------------------------------------------- output


def _seconds(value: float) -> str:
    return f"{value:.3f}" if value >= 0.01 else f"{value:.4f}"


def _ratio(value: float) -> str:
    return f"{value:.1f}" if value >= 10 else f"{value:.2g}"


def summary_line(report: str) -> str:
    """The "N new, M updated, …" line of the CLI's import report."""
    for line in report.splitlines():
        if re.search(r"\d+ new, \d+ updated", line):
            return line.strip()
    return ""


def results_markdown(run: Run, invocation: str) -> str:
    m = run.measurements
    lines = [
        f"Produced by `{invocation}` on {run.rows:,} rows (best and median of {run.repeat} runs each)."
        .replace(f"{run.rows:,}", f"{run.rows:,}".replace(",", "\u202f")),
        "",
        "| machine | |",
        "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in run.machine.items()]
    lines += [
        "",
        "| measurement | best (s) | median (s) | best ÷ baseline (or as said) | target | met | peak RSS (MB) |",
        "|---|---:|---:|---:|---:|:---:|---:|",
    ]
    for key, meas in m.items():
        label = LABELS[key] + (f" — {meas.note}" if meas.note else "")
        rss = f"{meas.peak_rss_mb:.0f}" if meas.peak_rss_mb is not None else "—"
        if key == "baseline":
            lines.append(f"| {label} | {_seconds(meas.best)} | {_seconds(meas.median)} | 1 | — | — | {rss} |")
            continue
        ratio = run.ratio(key)
        target = TARGETS[key]
        met = "yes" if ratio <= target else "**no**"
        lines.append(
            f"| {label} | {_seconds(meas.best)} | {_seconds(meas.median)} | {_ratio(ratio)} | ≤ {target:g} | {met} | {rss} |"
        )
    imp, reimp = summary_line(run.reports.get("import", "")), summary_line(run.reports.get("reimport", ""))
    lines += [
        "",
        f"Import report: {imp or '—'}. Re-import report: {reimp or '—'}.",
        f"Absolute target of issue #2: 30 000 rows imported from the CLI in well under 2 s on a 2-core machine — "
        f"import best here: {_seconds(m['import'].best)} s.",
    ]
    return "\n".join(lines)


def print_table(run: Run) -> None:
    m = run.measurements
    print()
    for k, v in run.machine.items():
        print(f"{k:>8}: {v}" if len(k) <= 8 else f"{k}: {v}")
    print(f"command: {' '.join(run.command)}")
    print()
    print(f"{'measurement':16} {'best s':>9} {'median s':>9} {'÷ base':>8} {'target':>7}  met  {'RSS MB':>6}  note")
    for key, meas in m.items():
        ratio = run.ratio(key)
        target = TARGETS.get(key)
        met = "" if target is None else ("yes" if ratio <= target else "NO")
        rss = f"{meas.peak_rss_mb:.0f}" if meas.peak_rss_mb is not None else ""
        tgt = f"{target:g}" if target is not None else ""
        print(f"{key:16} {meas.best:9.4f} {meas.median:9.4f} {_ratio(ratio):>8} {tgt:>7}  {met:3}  {rss:>6}  {meas.note}")
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 000 rows, a fast check (docs are not updated)")
    parser.add_argument("--rows", type=int, help="rows of the generated export (default 30 000, or 3 000 with --quick)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (default 5)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--linkorganizer", metavar="EXE", help="the command to time (default: the one beside python)")
    docs = parser.add_mutually_exclusive_group()
    docs.add_argument("--docs", action="store_true", help="update docs/benchmarks.md even with --quick or --rows")
    docs.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    rows = args.rows or (3_000 if args.quick else 30_000)
    if rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")
    command = linkorganizer_command(args.linkorganizer)
    print(f"timing {' '.join(command)} on {rows} rows, {args.repeat} runs each")
    run = benchmark(rows, args.repeat, args.seed, command)
    print_table(run)
    standard = not args.quick and args.rows is None and args.repeat == 5 and args.seed == 7 and not args.linkorganizer
    if args.docs or (standard and not args.no_docs):
        invocation = "python " + " ".join(["bench/run.py", *(argv if argv is not None else sys.argv[1:])])
        update_docs(results_markdown(run, invocation.replace(" --docs", "")))
    missed = [k for k, t in TARGETS.items() if k in run.measurements and run.ratio(k) > t]
    if missed:
        print("targets missed: " + ", ".join(missed))
    if rows != 30_000:
        print("(the targets are set for 30 000 rows; at other sizes fixed costs such as start-up weigh differently)")
    return 1 if (args.check and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
