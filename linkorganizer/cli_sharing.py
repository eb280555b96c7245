"""The command line's ``copy``: a whole network between a file and a PostgreSQL server. No Qt here."""

from __future__ import annotations

import argparse
import sys

from linkorganizer.core.network import DatabaseError
from linkorganizer.core.sharing import copy_network

EXIT_OK, EXIT_REFUSED = 0, 1


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "copy",
        help="copy a whole network between a file and a PostgreSQL server",
        description="Copy the whole network at SRC to DEST, each a network file or a PostgreSQL URL "
        "(postgresql://user@host/network), and check the copy: the rows and a checksum of every table. DEST "
        "must be new: a file that does not exist yet, or an empty database on the server. The copy starts with "
        "an empty undo history; the import history comes along. Passwords come from ~/.pgpass or PGPASSWORD.",
    )
    p.add_argument("source", metavar="SRC")
    p.add_argument("dest", metavar="DEST")


def copy(args: argparse.Namespace) -> int:
    try:
        result = copy_network(args.source, args.dest)
    except DatabaseError as exc:
        print(f"linkorganizer: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    contacts = result.count("contact")
    print(
        f"Copied {result.source} to {result.dest}: {contacts} contact{'s' if contacts != 1 else ''}, "
        f"{result.rows} rows in {len(result.tables)} tables, each checked (rows and checksum)."
    )
    return EXIT_OK
