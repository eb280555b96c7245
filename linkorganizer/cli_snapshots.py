"""The command line's care of the network file: ``backup``, ``snapshots`` and ``restore``. No Qt here.

Each handler takes the parsed arguments (with the open network in ``args.network``) and returns the exit status;
a refusal prints one sentence naming the file and the reason, and changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from linkorganizer.core import snapshots
from linkorganizer.core.network import Network

EXIT_OK, EXIT_REFUSED = 0, 1


def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "backup",
        help="copy the database to a safe place, checked",
        description="Copy the network to a file, check the copy (SQLite's integrity check) and say so. "
        "A damaged network is refused: no backup that looks good is written from it.",
    )
    p.add_argument("destination", nargs="?", type=Path, help="file or folder (default: backups/ beside the database)")

    p = sub.add_parser(
        "snapshots",
        help="list the automatic snapshots of the network",
        description="List the snapshots taken before imports, restores, bulk deletions and schema upgrades, "
        "and once a day, newest first.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser(
        "restore",
        help="go back to a snapshot (the current state is snapshotted first)",
        description="Replace the network with a snapshot (an id from `snapshots`) or a backup file. The "
        "network as it is now is snapshotted first, so a restore can itself be undone by restoring that. "
        "Close the LinkOrganizer window that has the network open first.",
    )
    p.add_argument("snapshot", help="a snapshot's id, as `snapshots` lists it, or the path of a snapshot or backup")


def count(n: int, one: str, many: str | None = None) -> str:
    """"1 234 contacts": thousands set apart by a space (plain ASCII, for any terminal's encoding)."""
    word = one if n == 1 else (many or one + "s")
    return f"{n:,}".replace(",", " ") + f" {word}"


def _refuse(message: str) -> int:
    print(f"linkorganizer: {message}", file=sys.stderr)
    return EXIT_REFUSED


def backup(args: argparse.Namespace) -> int:
    from linkorganizer.core import maintenance

    try:
        copied = maintenance.backup_checked(args.destination)
    except snapshots.SnapshotError as exc:
        return _refuse(f"{exc}. No backup was written.")
    print(f"Backed up to {copied.path} (checked: {count(copied.contacts, 'contact')}, integrity ok)")
    return EXIT_OK


def list_snapshots(args: argparse.Namespace) -> int:
    network: Network = args.network
    found = snapshots.list_snapshots(network.path)
    if args.json:
        print(json.dumps([s.as_json() for s in found], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not found:
        print(f"No snapshots of {network.path} yet.")
        return EXIT_OK
    print(f"Snapshots of {network.path}, newest first (in {snapshots.folder_for(network.path)}):")
    for s in found:
        print(f"  {s.id:<17}  {s.local_time}  {count(s.contacts, 'contact'):>14}  {s.description}")
    print("Restore one with: linkorganizer restore ID")
    return EXIT_OK


def restore(args: argparse.Namespace) -> int:
    network: Network = args.network
    if snapshots.window_holding(network.path):
        return _refuse(
            f"{network.path} is open in a LinkOrganizer window. Close that window (or restore from its "
            "File menu), then try again. Nothing was changed."
        )
    try:
        done = snapshots.restore(network, args.snapshot)
    except snapshots.SnapshotError as exc:
        return _refuse(f"{exc}. Nothing was changed.")
    what = done.snapshot
    if isinstance(what, snapshots.Snapshot):
        source = f"snapshot {what.id} ({what.local_time}, {what.description})"
    else:
        source = str(what.path)
    print(f"Restored {source}: the network holds {count(done.contacts, 'contact')}.")
    if done.before is not None:
        print(f"The network as it was before is snapshot {done.before.id} (linkorganizer restore {done.before.id}).")
    return EXIT_OK


HANDLERS = {"backup": backup, "snapshots": list_snapshots, "restore": restore}
