"""The shared network's benchmark: a network on a real PostgreSQL server against the same network in a file.

Every figure is a ratio against the SQLite backend measured in the same run, or an absolute budget where the
issue gives one (issue #14):

- search at 100 000 contacts (``query_contact_ids`` with a typed word, the contact table's query): ≤ 3× SQLite
  and ≤ 30 ms;
- import of 30 000 LinkedIn connections (the CLI, whole process): ≤ 3× the import into a file;
- a change committed by one client, seen by another (commit to the other's feed): ≤ 1 s;
- 10 clients editing at once for a minute (each a process with its own connection making real changes: field
  updates, tags, board placements, interactions): no acknowledged write lost or duplicated, the undo log
  holding exactly what each operation wrote, and undo working afterwards (the exit status is 1 otherwise).

    python bench/shared.py            # 30 000 / 100 000 contacts, 10 clients for 60 s
    python bench/shared.py --quick    # 2 000 / 5 000 contacts, 10 clients for 5 s (CI: under ~30 s)
    python bench/shared.py --docs     # … and write the results into docs/benchmarks.md

The server is started for the run (``tests/pg_server.py``: the system's PostgreSQL binaries, a cluster in a
temporary folder). The data is bench/generate.py's, as for bench/run.py.
"""

from __future__ import annotations

import argparse
import datetime as _dt
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

from linkorganizer.demo import ensure_demo_database  # noqa: E402
from tests.pg_server import PostgresServer  # noqa: E402

CLIENTS = 10
FIRST_SCREEN = 200  # the contact table's first screen of a search (ui/models/contact_table.py)
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


def search_times(target: str) -> tuple[list[float], list[float]]:
    """The contact table's search as the window runs it, for each typed word, on the network at *target* (in
    this process): the first screen a keystroke shows (``query_contact_ids`` with a limit of 200, two statements
    at most), and the whole list of ids read once typing pauses (``query_contact_ids_at_once``)."""
    from linkorganizer.core.contacts import ContactQuery, query_contact_ids, query_contact_ids_at_once
    from linkorganizer.db import close_database, open_database

    open_database(target)
    try:
        for word in WORDS:  # warm: the first query of each word reads the index from disk
            query_contact_ids(ContactQuery(text=word), limit=FIRST_SCREEN)
            query_contact_ids_at_once(ContactQuery(text=word))
        first, whole = [], []
        for word in WORDS:
            query = ContactQuery(text=word)
            started = time.perf_counter()
            query_contact_ids(query, limit=FIRST_SCREEN)
            first.append(time.perf_counter() - started)
            started = time.perf_counter()
            query_contact_ids_at_once(query)
            whole.append(time.perf_counter() - started)
        return first, whole
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


def board_latency(url: str, repeat: int) -> list[float]:
    """Another person puts a contact on a goal; until this window's board draws its piece (the server's
    announcement, the window's socket notifier, the one change signal, the card's repaint), *repeat* times."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from linkorganizer.app import create_main_window
    from linkorganizer.core import board as board_core
    from linkorganizer.core.network import Network
    from linkorganizer.db import close_database, open_database
    from linkorganizer.ui.views.board_card import GroupCard, MemberChip

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = create_main_window(url, settings)
    window.resize(1600, 1000)
    window.show()
    while not window.loaded:
        app.processEvents()
    window.navigation.setCurrentRow(window.views.indexOf(window.board_view))
    goal = board_core.board_snapshot()[0]
    newcomers = board_core.unplaced_contacts(limit=repeat)
    theirs = Network(url, open_database(url, bind=False))

    def drawn(name: str) -> bool:
        cards = [c for c in window.board_view.findChildren(GroupCard, "groupCard") if c.accessibleName() == goal.name]
        return any(chip.accessibleName() == name for card in cards for chip in card.findChildren(MemberChip))

    times = []
    try:
        for person in newcomers:
            started = time.perf_counter()
            with theirs.op("Place a contact"):
                theirs.db.execute_sql(
                    "INSERT INTO membership (contact_id, group_id, role, added_at) VALUES (?, ?, '', ?)",
                    (person.contact_id, goal.id, "2026-12-01 12:00:00"),
                )
            while not drawn(person.name):
                if time.perf_counter() - started > 10:
                    raise RuntimeError("the window never drew the other person's piece")
                app.processEvents()
                time.sleep(0.0005)
            times.append(time.perf_counter() - started)
            # Taken off again (not timed), so the card keeps room for the next piece to be drawn.
            with theirs.op("Take the contact off"):
                theirs.db.execute_sql(
                    "DELETE FROM membership WHERE contact_id = ? AND group_id = ?", (person.contact_id, goal.id)
                )
            while drawn(person.name):
                if time.perf_counter() - started > 20:
                    raise RuntimeError("the window never took the other person's piece off")
                app.processEvents()
                time.sleep(0.0005)
    finally:
        theirs.close()
        window.close()
        close_database()
    return times


KINDS = ("field", "tag", "place", "interaction")


def _client(url: str, run: str, client: int, seconds: float, own: list[int], pool: list[int], group: int,
            done: multiprocessing.Queue) -> None:
    """One client with a connection of its own: for *seconds*, one real change after another, each one operation
    as the window makes it (``network.op`` around a core function). Reports every change the network
    acknowledged (its operation committed) and how many it refused (a conflict with another client)."""
    from linkorganizer.core.contacts import add_tag, update_contact
    from linkorganizer.core.groups import place
    from linkorganizer.core.interactions import log_interaction
    from linkorganizer.core.network import Network
    from linkorganizer.db import open_database

    network = Network(url, open_database(url))
    rng = random.Random(client)
    acknowledged: list[tuple[str, int, int, str]] = []  # (kind, operation, contact, what was written)
    refused = 0
    end = time.monotonic() + seconds
    n = 0
    while time.monotonic() < end:
        kind = KINDS[n % len(KINDS)]
        token = f"{run}.{client}.{n}"
        n += 1
        # Field updates go to the client's own contacts (the last one acknowledged must be the one kept);
        # tags, placements and interactions to contacts every client writes at once.
        contact = rng.choice(own if kind == "field" else pool)
        try:
            with network.op(f"{token} {kind}") as op:
                if kind == "field":
                    update_contact(contact, {"position": token})
                elif kind == "tag":
                    add_tag([contact], token)
                elif kind == "place":
                    if not place([contact], group):
                        continue  # already on the board: nothing written, no operation
                else:
                    log_interaction(contact, "call", _dt.datetime.now(_dt.UTC), note=token)
        except Exception:  # noqa: BLE001 - a conflict (two clients placing one contact): refused, not written
            refused += 1
            continue
        acknowledged.append((kind, op.id, contact, token))
    network.close()
    done.put((acknowledged, refused))


def concurrent_edits(url: str, clients: int, seconds: float) -> dict[str, int]:
    """*clients* processes edit the network at once for *seconds*; then every acknowledged change is looked for.

    ``written``: changes acknowledged; ``wrong``: those missing or present more than once (a field update: not
    the value last acknowledged for its contact), and changes present that no client was told were made;
    ``log``: undo-log entries that do not match their operation (each operation has exactly the entries of
    what it wrote: one image of the field's previous value, one inserted tag link, membership or interaction,
    and no entry belongs to an operation that is not in the log); ``undone``: each client's last interaction
    taken back with undo afterwards, checked gone."""
    from linkorganizer.core.groups import create_group
    from linkorganizer.core.network import Network
    from linkorganizer.db import open_database

    run = f"r{random.randrange(16**6):06x}"  # this run's changes, told from any earlier run's
    db = open_database(url)
    ids = [cid for (cid,) in db.execute_sql("SELECT id FROM contact ORDER BY id LIMIT ?", (clients * 5 + 200,))]
    own = {c: ids[c * 5 : c * 5 + 5] for c in range(clients)}
    pool = ids[clients * 5 :]
    network = Network(url, db)
    with network.op("Board for the clients"):
        group = create_group(f"Edited by {clients} clients at once, {_dt.datetime.now():%H:%M:%S.%f}")
    before = dict(db.execute_sql("SELECT id, position FROM contact WHERE id IN (" + ",".join(map(str, ids)) + ")"))
    network.close()
    done: multiprocessing.Queue = multiprocessing.Queue()
    workers = [
        multiprocessing.Process(target=_client, args=(url, run, c, seconds, own[c], pool, group, done))
        for c in range(clients)
    ]
    for worker in workers:
        worker.start()
    results = [done.get(timeout=seconds + 300) for _ in workers]
    for worker in workers:
        worker.join()
    acknowledged = [entry for result, _ in results for entry in result]
    refused = sum(r for _, r in results)
    db = open_database(url)
    q = lambda sql, *params: db.execute_sql(sql, params).fetchall()  # noqa: E731
    wrong = 0
    # The operations: every acknowledged one once, with its title; none that no client was told of.
    mark = f"{run}.%"
    ops = dict(q("SELECT id, title FROM op WHERE title LIKE ?", mark))
    titles = {op_id: f"{token} {kind}" for kind, op_id, _, token in acknowledged}
    wrong += sum(1 for op_id, title in titles.items() if ops.get(op_id) != title) + len(set(ops) - set(titles))
    tags = {(name, cid): n for name, cid, n in q(  # (a tag's name ignores case: no LIKE on a server)
        "SELECT t.name, ct.contact_id, count(*) FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id"
        " GROUP BY t.name, ct.contact_id") if name.startswith(f"{run}.")}
    notes = {(note, cid): n for note, cid, n in q(
        "SELECT note, contact_id, count(*) FROM interaction WHERE note LIKE ? GROUP BY note, contact_id", mark)}
    members = {cid: n for cid, n in q("SELECT contact_id, count(*) FROM membership WHERE group_id = ? GROUP BY contact_id", group)}
    last: dict[int, str] = {}
    for kind, op_id, cid, token in sorted(acknowledged, key=lambda e: e[1]):
        if kind == "tag":
            wrong += tags.pop((token, cid), 0) != 1
        elif kind == "interaction":
            wrong += notes.pop((token, cid), 0) != 1
        elif kind == "place":
            wrong += members.pop(cid, 0) != 1
        else:
            last[cid] = token
    wrong += len(tags) + len(notes) + len(members)  # present, never acknowledged
    final = dict(q("SELECT id, position FROM contact WHERE id IN (" + ",".join(map(str, last) or ["0"]) + ")"))
    wrong += sum(1 for cid, token in last.items() if final.get(cid) != token)
    # The undo log: each operation's entries are exactly what it wrote.
    log_wrong = 0
    shadow = {"field": "undo_contact", "tag": "undo_contact_tag", "place": "undo_membership",
              "interaction": "undo_interaction"}
    entries: dict[tuple[str, int], list[tuple[str, int, str | None]]] = {}
    for table in shadow.values():
        column = ", position" if table == "undo_contact" else ", NULL"
        for op_id, kind, row, value in q(f"SELECT _op, _kind, _row{column} FROM {table} WHERE _op IN (SELECT id FROM op WHERE title LIKE ?)", mark):
            entries.setdefault((table, op_id), []).append((kind, row, value))
        log_wrong += q(f"SELECT count(*) FROM {table} WHERE _op NOT IN (SELECT id FROM op)")[0][0]
    previous = {cid: before[cid] for cid in last}
    for kind, op_id, cid, token in sorted(acknowledged, key=lambda e: e[1]):
        got = entries.get((shadow[kind], op_id), [])
        if kind == "field":
            log_wrong += got != [("U", cid, previous[cid])]
            previous[cid] = token
        else:
            log_wrong += [k for k, _, _ in got] != ["I"]
    # Undo still works on what the clients wrote: each client's last interaction, taken back.
    network = Network(url, db)
    tried = undone = 0
    for c in range(clients):
        mine = [e for e in acknowledged if e[3].startswith(f"{run}.{c}.") and e[0] == "interaction"]
        if mine:
            _kind, op_id, _cid, token = max(mine, key=lambda e: e[1])
            network.undo(op_id)
            tried += 1
            undone += not q("SELECT 1 FROM interaction WHERE note = ?", token)
    network.close()
    return {"written": len(acknowledged), "wrong": wrong, "refused": refused, "log": log_wrong,
            "undo_failed": tried - undone}


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
    failures = 0
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
            # Search: the big network in a file, copied to the server; in turn, file then server, each round.
            big_file = work / "big.db"
            cli(env, "--db", str(big_file), "import", str(csv_big))
            big_url = server.new_database("big")
            cli(env, "copy", str(big_file), big_url)
            # What the server's autovacuum does by itself within a minute of a bulk load (the visibility map
            # that lets an index answer alone, the planner's statistics), done now rather than waited for.
            server.admin("VACUUM ANALYZE", "big")
            first = {"file": [], "server": []}
            whole = {"file": [], "server": []}
            for _ in range(repeat):
                for name, target in (("file", str(big_file)), ("server", big_url)):
                    a, b = search_times(target)
                    first[name] += a
                    whole[name] += b
            for label, times, target in (
                ("first screen (200 ids), each keystroke", first, "≤ 3× and ≤ 30 ms"),
                ("every matching id, once typing pauses", whole, "≤ 3×"),
            ):
                ratio = statistics.median(times["server"]) / statistics.median(times["file"])
                rows.append((f"search at {num(search_rows)} contacts, {label}: median of {len(times['server'])}",
                             f"{median_ms(times['server']):.1f} ms", f"{median_ms(times['file']):.1f} ms (a file)",
                             f"{ratio:.1f}×", target))
            latency = seen_latency(big_url, 10 * repeat)
            rows.append(("a change committed by one client, seen by another (median / worst)",
                         f"{median_ms(latency):.0f} / {max(latency) * 1000:.0f} ms", "—", "—", "≤ 1 s"))
            demo_url = server.new_database("demo")
            cli(env, "copy", str(ensure_demo_database(work / "demo")), demo_url)
            drawn = board_latency(demo_url, 5 * repeat)
            rows.append(("a piece another person puts on the board, drawn on this window's board (median / worst)",
                         f"{median_ms(drawn):.0f} / {max(drawn) * 1000:.0f} ms", "—", "—", "≤ 1 s"))
            edits = concurrent_edits(big_url, CLIENTS, edit_seconds)
            failures += edits["wrong"] + edits["log"] + edits["undo_failed"]
            rows.append((f"{CLIENTS} clients editing at once for {edit_seconds:.0f} s (field updates, tags, board "
                         "placements, interactions): acknowledged writes lost or doubled",
                         f"{edits['wrong']} of {edits['written']} ({edits['refused']} refused)", "—", "—", "0"))
            rows.append(("… their undo log: entries not matching their operation; undo afterwards failed",
                         f"{edits['log']}; {edits['undo_failed']} of {CLIENTS}", "—", "—", "0; 0"))
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
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
