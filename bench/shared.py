"""The shared network's benchmark: a network on a real PostgreSQL server against the same network in a file.

Every figure is a ratio against the SQLite backend measured in the same run, or an absolute budget where the
issue gives one (issue #14):

- search at 100 000 contacts (``query_contact_ids`` with a typed word, the contact table's query): ≤ 3× SQLite
  and ≤ 30 ms;
- import of 30 000 LinkedIn connections (the CLI, whole process): ≤ 3× the import into a file;
- a change committed by one client, seen by another (commit to the other's feed): ≤ 1 s;
- 10 clients editing at once for a minute: no write lost or duplicated.

    python bench/shared.py            # 30 000 / 100 000 contacts, 10 clients for 60 s
    python bench/shared.py --quick    # 2 000 / 5 000 contacts, 10 clients for 5 s
    python bench/shared.py --docs     # … and write the results into docs/benchmarks.md

The server is started for the run (``tests/pg_server.py``: the system's PostgreSQL binaries, a cluster in a
temporary folder). The data is bench/generate.py's, as for bench/run.py.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import select
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
DOCS = ROOT / "docs" / "benchmarks.md"
START_MARK = "<!-- bench/shared.py results: start (generated; edit bench/shared.py, not this block) -->"
END_MARK = "<!-- bench/shared.py results: end -->"
sys.path.insert(0, str(ROOT))

from tests.pg_server import PostgresServer  # noqa: E402

WORDS = ["emi", "an", "mar", "o'b", "sa", "li", "jo", "chen", "eng", "dir"]


def generate(rows: int) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"shared-connections-{rows}.csv"
    if not path.exists():  # the generator is deterministic: a file made once is reused
        part = path.with_suffix(".part")
        subprocess.run([sys.executable, str(BENCH / "generate.py"), "connections", str(rows), str(part)], check=True,
                       stdout=subprocess.DEVNULL)
        part.replace(path)
    return path


def cli(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "linkorganizer", *args], env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def private_env(work: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_DATA_HOME": str(work / "data"),
        "XDG_STATE_HOME": str(work / "state"),
        "XDG_CONFIG_HOME": str(work / "config"),
        "LINKORGANIZER_DB": str(work / "unused.db"),
    }


def num(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def search_times(target: str, repeat: int) -> list[float]:
    """The contact table's search, typed words, on the network at *target* (in this process)."""
    from linkorganizer.core.contacts import ContactQuery, query_contact_ids
    from linkorganizer.db import close_database, open_database

    open_database(target)
    try:
        for word in WORDS:  # warm: the first query of each word reads the index from disk
            query_contact_ids(ContactQuery(text=word))
        times = []
        for _ in range(repeat):
            for word in WORDS:
                started = time.perf_counter()
                query_contact_ids(ContactQuery(text=word))
                times.append(time.perf_counter() - started)
        return times
    finally:
        close_database()


def seen_latency(url: str, repeat: int) -> list[float]:
    """Commit in one session to the other session's feed announcing it, *repeat* times."""
    from linkorganizer.core.network import Network
    from linkorganizer.db import open_database

    mine = Network(url, open_database(url, bind=False))
    theirs = Network(url, open_database(url, bind=False))
    feed = mine.listen()
    (contact,) = theirs.db.execute_sql("SELECT min(id) FROM contact").fetchone()
    times = []
    try:
        for n in range(repeat):
            started = time.perf_counter()
            with theirs.op(f"Edit {n}"):
                theirs.db.execute_sql("UPDATE contact SET notes = ? WHERE id = ?", (f"seen {n}", contact))
            while True:
                ready, _, _ = select.select([feed.fileno()], [], [], 5)
                if not ready:
                    raise RuntimeError("the other client never heard of the change")
                if feed.poll():
                    break
            times.append(time.perf_counter() - started)
    finally:
        feed.close()
        mine.close()
        theirs.close()
    return times


def _editor(url: str, client: int, seconds: float, contacts: list[int], done: multiprocessing.Queue) -> None:
    """One client: for *seconds*, append a token of its own to a random contact's notes, one operation each."""
    from linkorganizer.core.network import Network
    from linkorganizer.db import open_database

    network = Network(url, open_database(url, bind=False))
    rng = random.Random(client)
    written = []
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        token = f"[c{client}-{n}]"
        contact = rng.choice(contacts)
        with network.op(f"Client {client} edit {n}"):
            network.db.execute_sql("UPDATE contact SET notes = notes || ? WHERE id = ?", (token, contact))
        written.append(token)
        n += 1
    network.close()
    done.put(written)


def concurrent_edits(url: str, clients: int, seconds: float) -> tuple[int, int, int]:
    """(writes committed, tokens found once, tokens lost or doubled) after *clients* edited at once."""
    from linkorganizer.db import open_database

    db = open_database(url, bind=False)
    contacts = [cid for (cid,) in db.execute_sql("SELECT id FROM contact ORDER BY id LIMIT 50").fetchall()]
    db.execute_sql("UPDATE contact SET notes = '' WHERE id IN (" + ",".join(map(str, contacts)) + ")")
    db.close()
    done: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_editor, args=(url, c, seconds, contacts, done)) for c in range(clients)
    ]
    for worker in workers:
        worker.start()
    written = [token for _ in workers for token in done.get(timeout=seconds + 120)]
    for worker in workers:
        worker.join()
    db = open_database(url, bind=False)
    notes = "".join(n for (n,) in db.execute_sql("SELECT notes FROM contact WHERE id IN (" + ",".join(map(str, contacts)) + ")"))
    db.close()
    found = sum(1 for token in written if notes.count(token) == 1)
    return len(written), found, len(written) - found


def alternate(a: Callable[[], float], b: Callable[[], float], repeat: int) -> tuple[list[float], list[float]]:
    first, second = [], []
    for _ in range(repeat):
        first.append(a())
        second.append(b())
    return first, second


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds of editing")
    parser.add_argument("--docs", action="store_true", help="write the results into docs/benchmarks.md")
    args = parser.parse_args(argv)
    import_rows, search_rows = (2000, 5000) if args.quick else (30000, 100000)
    edit_seconds, repeat = (5.0, 2) if args.quick else (60.0, 5)
    server = PostgresServer().start()
    rows: list[tuple[str, str, str, str, str]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="lo-shared-bench-") as folder:
            work = Path(folder)
            env = private_env(work)
            csv_small, csv_big = generate(import_rows), generate(search_rows)
            # Import: a new file and a new server database each time, in turn.
            n = iter(range(1000))

            def into_file() -> float:
                target = work / f"import-{next(n)}.db"
                return cli(env, "--db", str(target), "import", str(csv_small))

            def into_server() -> float:
                url = server.new_database(f"import_{next(n)}")
                return cli(env, "--db", url, "import", str(csv_small))

            file_times, server_times = alternate(into_file, into_server, repeat)
            ratio = statistics.median(server_times) / statistics.median(file_times)
            rows.append((f"`import` of {num(import_rows)} connections (CLI, whole process)",
                         f"{statistics.median(server_times):.2f} s", f"{statistics.median(file_times):.2f} s (a file)",
                         f"{ratio:.1f}×", "≤ 3×"))
            # Search: the big network in a file, copied to the server.
            big_file = work / "big.db"
            cli(env, "--db", str(big_file), "import", str(csv_big))
            big_url = server.new_database("big")
            cli(env, "copy", str(big_file), big_url)
            file_search = search_times(str(big_file), repeat)
            server_search = search_times(big_url, repeat)
            ratio = statistics.median(server_search) / statistics.median(file_search)
            rows.append((f"search at {num(search_rows)} contacts, median of {len(server_search)} queries",
                         f"{median_ms(server_search):.1f} ms", f"{median_ms(file_search):.1f} ms (a file)",
                         f"{ratio:.1f}×", "≤ 3× and ≤ 30 ms"))
            latency = seen_latency(big_url, 10 * repeat)
            rows.append(("a change committed by one client, seen by another (median / worst)",
                         f"{median_ms(latency):.0f} / {max(latency) * 1000:.0f} ms", "—", "—", "≤ 1 s"))
            written, found, wrong = concurrent_edits(big_url, 10, edit_seconds)
            rows.append((f"10 clients editing at once for {edit_seconds:.0f} s: writes lost or doubled",
                         f"{wrong} of {written}", "—", "—", "0"))
    finally:
        server.stop()
    table = ["| measurement | server | baseline (same run) | ratio | target |", "|---|---:|---:|---:|---:|"]
    table += ["| " + " | ".join(row) + " |" for row in rows]
    print("\n".join(table))
    if args.docs:
        text = DOCS.read_text(encoding="utf-8")
        block = f"{START_MARK}\nProduced by `python bench/shared.py{' --quick' if args.quick else ''}`.\n\n" + "\n".join(table) + f"\n{END_MARK}"
        if START_MARK in text:
            head, rest = text.split(START_MARK, 1)
            text = head + block + rest.split(END_MARK, 1)[1]
        else:
            text = text.rstrip("\n") + "\n\n## A network on a server (issue #14)\n\n" + block + "\n"
        DOCS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
