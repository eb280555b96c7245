"""The command line: import, export, stats, check, backup, install-desktop. Thin over core and formats; never loads Qt.

Exit status: 0 done, 1 refused (a message on stderr names the file, line and reason; nothing was written),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from peewee import DatabaseError as PeeweeDatabaseError

from linkorganizer import __version__, cli_duplicates, cli_sharing, cli_snapshots
from linkorganizer.core import snapshots
from linkorganizer.core.records import FormatError
from linkorganizer.core.network import (
    HISTORY_CHANGES,
    HISTORY_DAYS,
    DatabaseError,
    Network,
    UndoBlocked,
    environment_problem,
    error_name,
    resolve_database_path,
)
from linkorganizer.formats import registry
from linkorganizer.formats.textio import WriteError, file_problem
from linkorganizer.log import redacted_traceback, setup_logging

log = logging.getLogger("linkorganizer.cli")

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # the shell's convention for Ctrl-C
COMMANDS = (
    "import", "export", "stats", "check", "backup", "snapshots", "restore", "history", "undo-import", "install-desktop",
    "duplicates", "merge", "copy", "server-setup",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="linkorganizer",
        description="Organise a deliberate professional network. Without a command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db", metavar="PATH", help="network database (default: $LINKORGANIZER_DB, else the user data folder)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("import", help="import contacts from a file", description="Import contacts from a file.")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--format",
        choices=registry.IMPORT_FORMATS,
        default="auto",
        help="file format (default auto: detect from the content); "
        + "; ".join(f"{s.name}: {s.title}" for s in registry.IMPORT_SPECS),
    )
    p.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    p.add_argument(
        "--map",
        metavar="COLUMN=FIELD,…",
        help="for a CSV LinkOrganizer does not know: which contact field each column fills "
        "(e.g. \"Name=full_name,Mail=email\"); unnamed columns are guessed from their header",
    )
    p.add_argument("--owner", metavar="NAME", help="LinkedIn messages or data archive: your own name or profile URL")

    p = sub.add_parser("export", help="export contacts to a file", description="Export contacts to a file.")
    p.add_argument("file", type=Path)
    p.add_argument(
        "--format",
        choices=registry.EXPORT_FORMATS,
        required=True,
        help="; ".join(f"{s.name}: {s.title}" for s in registry.EXPORT_SPECS),
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument("--group", metavar="NAME", help="only the members of this goal group")
    which.add_argument("--tag", metavar="NAME", help="only the contacts with this tag")
    p.add_argument("--excel-bom", action="store_true", help="CSV: start with a UTF-8 BOM so Excel shows accents")
    p.add_argument("--vcard-version", choices=("3.0", "4.0"), default="3.0", help="vCard version (default 3.0)")

    p = sub.add_parser("stats", help="counts of contacts, stages, groups …")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("check", help="check the database's integrity")
    p.add_argument("--repair", action="store_true", help="rebuild the search index when it is what is damaged")

    p = sub.add_parser("history", help="the imports, newest first", description="List the imports, newest first.")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser(
        "undo-import",
        help="take one import back",
        description="Take one import back (an id from `history`), as long as nothing it touched changed since.",
    )
    p.add_argument("id", type=int, help="the import's id, as `history` lists it")

    cli_snapshots.add_parsers(sub)  # backup, snapshots, restore

    p = sub.add_parser(
        "install-desktop",
        help="add LinkOrganizer to the application menu (Linux, BSD)",
        description="Add LinkOrganizer to this user's application menu: the menu entry (starting this "
        "installation), the icons and the software-centre description, under $XDG_DATA_HOME "
        "(default ~/.local/share). Needs no network database.",
    )
    p.add_argument("--uninstall", action="store_true", help="remove them again")
    cli_duplicates.add_parsers(sub)
    cli_sharing.add_parsers(sub)
    return parser


class UsageError(Exception):
    """Arguments that do not fit together (exit status 2, like argparse's own errors)."""


def _refuse(message: str) -> int:
    print(f"linkorganizer: {message}", file=sys.stderr)
    return EXIT_REFUSED


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits with 2 on a usage error
    if args.command is None:
        parser.error("a command is needed (or none at all to open the app)")
    setup_logging("command line")
    _tolerant_output()
    log.info("command %s", args.command)
    try:
        status = _run(parser, args)
    except Exception as exc:
        log.error("unexpected error: %s\n%s", error_name(exc), redacted_traceback(exc))
        raise
    log.info("command %s ended with exit status %d", args.command, status)
    return status


def _tolerant_output() -> None:
    """A console that cannot show a character ("→" on a cp1252 redirect) gets "?" instead of a crash: by the
    time a command prints, its change may already be saved, and the exit status must say so."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _interrupted(args: argparse.Namespace, mark: int) -> int:
    """Ctrl-C: say what the database holds. A change committed before the interrupt is in (exit 0)."""
    try:
        saved = args.network.committed_since(mark)
    except Exception:  # the interrupt may have cut the connection's work short: then nothing was committed
        saved = []
    if not saved:
        print("linkorganizer: interrupted; nothing was changed by the unfinished command.", file=sys.stderr)
        return EXIT_INTERRUPTED
    done = "; ".join(saved)
    print(f"linkorganizer: interrupted after the change was saved ({done}); it is in the network.", file=sys.stderr)
    return EXIT_OK


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "install-desktop":
        # Before any database is opened: adding the app to the menu must not create an empty network.
        return _install_desktop(args)
    if args.command == "copy":
        return cli_sharing.copy(args)  # names both networks itself; --db is not one of them
    if args.command == "server-setup":
        return cli_sharing.server_setup(args)
    db_path = resolve_database_path(args.db)
    try:
        args.network = Network.open(db_path)
    except DatabaseError as exc:
        return _refuse(str(exc))
    snapshots.daily(args.network)  # once a day, whatever the command
    mark = args.network.last_op_id()
    try:
        return COMMAND_HANDLERS[args.command](args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"linkorganizer: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except FormatError as exc:
        return _refuse(f"{exc}. Nothing was imported.")
    except LookupError as exc:
        return _refuse(str(exc))
    except BrokenPipeError:
        # The reader of our output went away (`… | head`); the command itself has finished.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except WriteError as exc:
        return _refuse(f"{exc}. Nothing was written.")
    except OSError as exc:
        target = exc.filename or ""
        reason = file_problem(exc)
        return _refuse(f"{target}: {reason}" if target else str(exc))
    except DatabaseError as exc:
        return _refuse(str(exc))
    except KeyboardInterrupt:
        return _interrupted(args, mark)
    except (sqlite3.DatabaseError, PeeweeDatabaseError) as exc:
        # Locked, disk full, damaged: the environment, said plainly (by SQLite's error code). Anything else is
        # a bug and keeps its traceback (and the log has it too).
        problem = environment_problem(exc)
        if problem is None:
            raise
        log.info("refused: %s", error_name(exc))
        return _refuse(f"{db_path}: {problem}")


def _import(args: argparse.Namespace) -> int:
    options: dict[str, object] = {"owner": args.owner}
    fmt = args.format
    if args.map:
        if fmt == "auto":
            fmt = "generic-csv"
        if fmt != "generic-csv":
            raise UsageError("--map applies to a CSV read with --format generic-csv (or detected as one)")
        from linkorganizer.formats import csv_generic

        header, _rows = csv_generic.preview_rows(args.file, 0)
        try:
            options["mapping"] = {**csv_generic.guess_mapping(header), **csv_generic.parse_map_option(args.map, header)}
        except ValueError as exc:
            raise UsageError(f"--map: {exc}") from None
    report = registry.import_file(args.file, fmt, dry_run=args.dry_run, options=options, network=args.network)
    print("\n".join(report.summary_lines()))
    if args.dry_run:
        print("Dry run: nothing was written.")
    return EXIT_OK


def _count(n: int, noun: str) -> str:
    """"1 contact", "5 contacts"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _export(args: argparse.Namespace) -> int:
    fmt = "vcard4" if args.format == "vcard" and args.vcard_version == "4.0" else args.format
    count = registry.export_file(args.file, fmt, group_name=args.group, tag=args.tag, excel_bom=args.excel_bom)
    print(f"Exported {_count(count, 'contact')} to {args.file} ({fmt}).")
    return EXIT_OK


def _stats(args: argparse.Namespace) -> int:
    from linkorganizer.core import maintenance

    data = maintenance.stats()
    if args.json:
        from linkorganizer.core import insights

        data["insights"] = insights.compute().as_json()  # the measures of the Insights page, explained
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{_count(data['contacts'], 'contact')} ({data['in_trash']} in the trash)")
    print(f"  {data['with_email']} with an e-mail, {data['with_profile_url']} with a profile URL")
    print("  stages: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in data["by_stage"].items() if v))
    if data["by_source"]:
        print("  sources: " + ", ".join(f"{k} {v}" for k, v in data["by_source"].items()))
    print(
        f"{_count(data['groups'], 'goal group')}, {_count(data['placed_contacts'], 'contact')} placed in them;"
        f" {_count(data['tags'], 'tag')}"
    )
    invitations = sum(data["invitations"].values())
    print(
        f"{_count(invitations, 'invitation')}, {_count(data['introductions'], 'introduction')},"
        f" {_count(data['interactions'], 'interaction')}"
    )
    print(f"{_count(data['imports'], 'import')}; schema version {data['schema_version']}")
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    from linkorganizer.core import maintenance

    result = maintenance.check()
    for item in result.checked:
        print(f"checked: {item}")
    if result.ok:
        print("No problems found.")
        return EXIT_OK
    for problem in result.problems:
        print(f"problem: {problem}", file=sys.stderr)
    only_index = result.repairable and all(p.startswith("search index:") for p in result.problems)
    if only_index and args.repair:
        count = maintenance.rebuild_search_index()
        print(f"Rebuilt the search index from the contacts ({count} indexed).")
        return EXIT_OK if maintenance.check().ok else EXIT_REFUSED
    if only_index:
        print("linkorganizer: the contacts are intact; `linkorganizer check --repair` rebuilds the search index.",
              file=sys.stderr)
    return EXIT_REFUSED


def _install_desktop(args: argparse.Namespace) -> int:
    from linkorganizer import desktop

    try:
        changed = desktop.uninstall() if args.uninstall else desktop.install()
    except desktop.DesktopError as exc:
        return _refuse(str(exc))
    verb = "removed" if args.uninstall else "installed"
    for path in changed:
        print(f"{verb} {path}")
    if not changed:
        print(f"Nothing to remove: LinkOrganizer is not in the menu of {desktop.data_home()}.")
        return EXIT_OK
    for tool in desktop.refresh_caches():
        print(f"ran {tool}")
    if not args.uninstall:
        print("LinkOrganizer is in the application menu (a desktop may take a moment to show it).")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    imports = args.network.imports()
    if args.json:
        print(json.dumps([info.as_json() for info in imports], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not imports:
        print("No imports yet.")
    for info in imports:
        state = "  (undone)" if info.undone else ""
        print(
            f"{info.id:>4}  {info.started_at}  {info.file_name} ({info.format}): {info.created} new, "
            f"{info.updated} updated, {info.unchanged} unchanged, {info.skipped} skipped{state}"
        )
    return EXIT_OK


def _undo_import(args: argparse.Namespace) -> int:
    network: Network = args.network
    info = next((i for i in network.imports() if i.id == args.id), None)
    if info is None:
        return _refuse(f"there is no import {args.id} (`linkorganizer history` lists them)")
    if info.op_id is None:
        return _refuse(
            f"import {args.id} ({info.file_name}) is too old to undo: a network keeps the undo history of the last "
            f"{HISTORY_DAYS} days and at least its last {HISTORY_CHANGES} changes"
        )
    if info.undone:
        return _refuse(f"import {args.id} ({info.file_name}) is already undone")
    try:
        changes = network.undo(info.op_id)
    except UndoBlocked as exc:
        return _refuse(f"import {args.id} ({info.file_name}) can't be undone: {exc}. Nothing was changed.")
    count = len(changes.contacts)
    print(f"Undid import {args.id} ({info.file_name}): {count} contact{'s' * (count != 1)} as before it.")
    return EXIT_OK


COMMAND_HANDLERS = {
    "import": _import,
    "export": _export,
    "stats": _stats,
    "check": _check,
    **cli_snapshots.HANDLERS,
    "history": _history,
    "undo-import": _undo_import,
    **cli_duplicates.HANDLERS,
}
