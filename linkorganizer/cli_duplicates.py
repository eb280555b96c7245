"""The command line's ``duplicates`` and ``merge``: thin over core.duplicates and core.merge (see cli.py)."""

from __future__ import annotations

import argparse
import json
import locale
import sys
from collections.abc import Callable

from linkorganizer.core import snapshots
from linkorganizer.core.contacts import ValidationError, get_contact

# core.duplicates and core.merge (with rapidfuzz and phonenumbers, a tenth of a second) are loaded by the two
# commands that use them, not by every command line: an import or an export does not wait for them.


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "duplicates",
        help="list contacts that look like one person, and why",
        description="List pairs of contacts that look like one person: the same profile URL, e-mail or phone "
        "(exact), or similar names at the same company or e-mail domain; with the reasons and a confidence. "
        "Pairs marked \"not a duplicate\" in the app are left out.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument(
        "--region",
        metavar="XX",
        help="country whose phone numbers are written without a country code (default: from the locale)",
    )
    p = sub.add_parser(
        "merge",
        help="merge one contact into another",
        description="Merge OTHER into KEEP: KEEP keeps the newest non-empty value per field, both contacts' "
        "e-mails, phones, tags and goals, both notes, and OTHER's invitations, calls and interactions; OTHER is "
        "deleted. One change, undoable in the app.",
    )
    p.add_argument("keep", type=int, metavar="KEEP", help="id of the contact that stays")
    p.add_argument("other", type=int, metavar="OTHER", help="id of the contact merged into it")
    p.add_argument("--region", metavar="XX", help="as for `duplicates`: how phone numbers are compared")


def _region(args: argparse.Namespace) -> str | None:
    from linkorganizer.core import duplicates

    if args.region:
        return args.region.strip().upper() or None
    return duplicates.region_from_locale(locale.getlocale()[0])


def _duplicates(args: argparse.Namespace) -> int:
    from linkorganizer.core import duplicates

    pairs = duplicates.find_duplicates(_region(args))
    if args.json:
        print(json.dumps([pair.as_json() for pair in pairs], indent=2, ensure_ascii=False))
        return 0
    if not pairs:
        print("No duplicates found.")
        return 0
    for pair in pairs:
        kind = "exact" if pair.exact else "similar"
        print(f"{pair.a} {pair.names[0]}  ~  {pair.b} {pair.names[1]}  ({kind}, {pair.confidence}%)")
        for reason in pair.reasons:
            print(f"    {reason}")
    exact = sum(pair.exact for pair in pairs)
    print(f"{len(pairs)} pairs, {exact} exact. `linkorganizer merge KEEP OTHER` merges one.")
    return 0


def _merge(args: argparse.Namespace) -> int:
    from linkorganizer.core import merge

    if args.keep == args.other:
        print(f"linkorganizer: contact {args.keep} cannot be merged with itself", file=sys.stderr)
        return 1
    keep, other = get_contact(args.keep), get_contact(args.other)
    for contact_id, found in ((args.keep, keep), (args.other, other)):
        if found is None:
            print(f"linkorganizer: there is no contact {contact_id}; nothing was merged", file=sys.stderr)
            return 1
    title = merge.merge_title(keep.full_name, other.full_name)
    snapshots.take(args.network, snapshots.MERGE, title)
    try:
        with args.network.op(title):
            result = merge.merge_contacts(args.keep, args.other, region=_region(args))
    except ValidationError as exc:
        print(f"linkorganizer: {exc} Nothing was merged.", file=sys.stderr)
        return 1
    moved = ", ".join(f"{count} {table.replace('_', ' ')}" for table, count in sorted(result.moved.items()))
    print(f"Merged {other.full_name} ({args.other}) into {keep.full_name} ({args.keep})" + (f"; moved {moved}." if moved else "."))
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {"duplicates": _duplicates, "merge": _merge}
