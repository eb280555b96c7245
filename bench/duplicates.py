"""Benchmark of the duplicate finder on 30 000 contacts (the issue's target: at most 2 s).

The network is a generated LinkedIn export (bench/generate.py) imported as the app imports it, then given what a
network that also took in Google and Outlook contacts has: phone numbers for a third of the people, work e-mails
at their company's domain for a quarter, and planted duplicates of 1 % of them — the same e-mail, the same phone
written another way, the same profile URL among the web addresses, a name with an initial, without its accents
or with a typo, at the same company. Prints the best of five runs of ``find_duplicates`` and what it found.

    python bench/duplicates.py            # 30 000 contacts
    python bench/duplicates.py --rows 3000

Run it with the interpreter of the environment the project is installed in. Files go to bench/out/.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

import generate  # noqa: E402

from linkorganizer.core.contacts import create_contact  # noqa: E402
from linkorganizer.core.duplicates import company_key, find_duplicates  # noqa: E402
from linkorganizer.core.records import Labeled  # noqa: E402
from linkorganizer.core.network import Network  # noqa: E402
from linkorganizer.formats import registry  # noqa: E402

OUT = BENCH / "out"


def build(rows: int, seed: int) -> tuple[Path, int]:
    """A filled network file in bench/out/ and the number of planted duplicates."""
    csv_path = generate.write_connections(OUT / f"connections-{rows}.csv", generate.generate_people(rows, seed))
    db_path = OUT / f"duplicates-{rows}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    network = Network.open(db_path)
    registry.import_file(csv_path, "linkedin", network=network)
    db = network.db
    rng = random.Random(f"duplicates:{seed}")
    people = db.execute_sql("SELECT id, first_name, last_name, company, profile_url FROM contact").fetchall()
    fields: list[tuple[int, str, str]] = []
    for cid, first, last, company, _url in people:
        if rng.random() < 0.33:
            fields.append((cid, "phone", f"+49 30 {rng.randrange(10**6, 10**7)}"))
        domain = company_key(company).replace(" ", "")
        if domain and rng.random() < 0.25:
            fields.append((cid, "email", f"{first[:1].lower()}{cid}@{domain}.example"))
    planted = 0
    with network.op("Plant duplicates"):
        cursor = db.cursor()
        cursor.executemany(
            "INSERT INTO contact_field (contact_id, kind, label, value, position) VALUES (?, ?, '', ?, 0)", fields
        )
        phones = {cid: value for cid, kind, value in fields if kind == "phone"}
        for cid, first, last, company, url in rng.sample(people, len(people) // 100):
            if not first:
                continue
            shape = planted % 4
            name_first, details = first, {}
            if shape == 0:
                name_first = f"{first[:1]}."
            elif shape == 1 and cid in phones:
                details = {"phone": [Labeled(phones[cid].replace(" ", "").replace("+49", "0049"))]}
            elif shape == 2:
                details = {"url": [Labeled(url)]}
            else:
                name_first = first[:-1] + ("a" if first[-1:] != "a" else "e")
            create_contact({"first_name": name_first, "last_name": last, "company": company}, details)
            planted += 1
    network.close()
    return db_path, planted


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    db_path, planted = build(args.rows, args.seed)
    network = Network.open(db_path)
    contacts = network.db.execute_sql("SELECT count(*) FROM contact").fetchone()[0]
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        pairs = find_duplicates("DE")
        times.append(time.perf_counter() - start)
    network.close()
    exact = sum(p.exact for p in pairs)
    print(f"{contacts} contacts, {planted} planted duplicates")
    print(f"find_duplicates: best {min(times):.3f} s, worst {max(times):.3f} s of {args.repeat} (target 2 s)")
    print(f"found {len(pairs)} pairs, {exact} exact")
    return 0 if min(times) <= 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
