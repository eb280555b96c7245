"""The command line's ``copy``: a whole network between a file and a PostgreSQL server. No Qt here."""

from __future__ import annotations

import argparse
import sys

from linkorganizer.core.network import DatabaseError
from linkorganizer.core.sharing import copy_network, set_up_server

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

    p = sub.add_parser(
        "server-setup",
        help="prepare a network on a PostgreSQL server for a team",
        description="Create the network's schema in an (empty) PostgreSQL database, with the row-level "
        "security that keeps private interactions to their owner, and grant a team role (<database>_team) "
        "what the app needs. Each --member gets that role (a role that does not exist yet is created, able to "
        "log in, without a password: set one with ALTER ROLE … PASSWORD). Run it as the database's owner. "
        "docs/shared-network.md explains a small server and a managed one.",
    )
    p.add_argument("url", metavar="URL", help="postgresql://owner@host/network")
    p.add_argument("--member", action="append", default=[], metavar="ROLE", help="a person's role (repeatable)")


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


def server_setup(args: argparse.Namespace) -> int:
    try:
        done = set_up_server(args.url, args.member)
    except DatabaseError as exc:
        print(f"linkorganizer: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print(f"{done.network} is ready for a team: its members get the role {done.team}.")
    for member in done.members:
        note = " (new role: set its password with ALTER ROLE … PASSWORD)" if member in done.made else ""
        print(f"  {member}{note}")
    return EXIT_OK
