"""Which reader reads a file, found from its content (never its name); and the writers by format name."""

from __future__ import annotations

import csv
import importlib
import io
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.importing import ImportReport, Importer, ImportSource
from linkorganizer.core.network import Network
from linkorganizer.core.records import FormatError, ImportCancelled
from linkorganizer.db.errors import error_name
from linkorganizer.db.models import Contact, GoalGroup, Membership
from linkorganizer.formats import linkedin
from linkorganizer.formats.textio import TextFile

log = logging.getLogger("linkorganizer.formats")

PACKAGE = "linkorganizer.formats"
# Every format module is named here as "module:attribute" and loaded when a file needs it, so a command starts
# without every format. These tables are the only names _load accepts, and dynamic_modules() lists their modules
# for the frozen build (which cannot see an import made by name).
READERS: dict[str, str] = {
    "linkedin": "linkedin:LinkedInConnections",
    "linkedin-invitations": "linkedin:LinkedInInvitations",
    "linkedin-messages": "linkedin:LinkedInMessages",
    "google": "google:GoogleCsvReader",
    "outlook": "outlook:OutlookCsvReader",
    "vcard": "vcard:VCardReader",
    "csv": "csv_table:OwnCsvReader",
    "generic-csv": "csv_generic:MappedCsvReader",
    "json": "json_archive:JsonArchive",
}
# Export format → the function that writes it.
WRITERS: dict[str, str] = {
    "csv": "csv_table:write_csv",
    "google": "google:write_google_csv",
    "outlook": "outlook:write_outlook_csv",
    "vcard": "vcard:write_vcard",
    "vcard4": "vcard:write_vcard",
    "json": "json_archive:write_archive",
}
# Export format → the reader that reads the written file back (what detection finds in it).
READ_BACK: dict[str, str] = {
    "csv": "csv",
    "google": "google",
    "outlook": "outlook",
    "vcard": "vcard",
    "vcard4": "vcard",
    "json": "json",
}
# Sniffers of a file's start for the formats that are not CSV (JSON is recognised by its first character).
TEXT_SNIFFERS: tuple[tuple[str, str], ...] = (("vcard", "vcard:looks_like_vcard"),)
# Header sniffers, most specific first; a CSV none of them claims is read through a column mapping.
CSV_SNIFFERS: tuple[tuple[str, str], ...] = (
    ("linkedin-invitations", "linkedin:looks_like_invitations"),
    ("linkedin-messages", "linkedin:looks_like_messages"),
    ("csv", "csv_table:looks_like_own"),
    ("google", "google:looks_like_google"),
    ("outlook", "outlook:looks_like_outlook"),
)
IMPORT_FORMATS = ("auto", *READERS)
EXPORT_FORMATS = tuple(WRITERS)
FORMAT_TITLES = {
    "linkedin": "LinkedIn connections",
    "linkedin-invitations": "LinkedIn invitations",
    "linkedin-messages": "LinkedIn messages",
    "google": "Google Contacts CSV",
    "outlook": "Outlook CSV",
    "vcard": "vCard",
    "csv": "LinkOrganizer CSV",
    "generic-csv": "CSV with matched columns",
    "json": "LinkOrganizer archive",
}


def references() -> frozenset[str]:
    """Every "module:attribute" the tables above name."""
    sniffers = (*TEXT_SNIFFERS, *CSV_SNIFFERS)
    return frozenset([*READERS.values(), *WRITERS.values(), *(reference for _, reference in sniffers)])


def dynamic_modules() -> list[str]:
    """The fully qualified modules the registry loads by name (the frozen build bundles each of them)."""
    return sorted({f"{PACKAGE}.{reference.partition(':')[0]}" for reference in references()})


def _load(reference: str) -> Any:
    if reference not in references():
        raise ValueError(f"{reference!r} is not in the format registry's tables")
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)


# Options a reader understands (the rest are ignored, so one options dict can serve every format).
READER_OPTIONS = {"generic-csv": ("mapping",), "linkedin-messages": ("owner",)}


def first_row(text: str) -> list[str]:
    """The first non-empty CSV row of a file's start (its header), with the separator the header uses."""
    from linkorganizer.formats.csv_generic import header_delimiter

    delimiter, has_hint = header_delimiter(text)
    lines = text.lstrip("\ufeff").splitlines()
    if has_hint:
        lines = lines[1:]
    for row in csv.reader(io.StringIO("\n".join(lines[:50])), delimiter=delimiter):
        if any(cell.strip() for cell in row):
            return row
    return []


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of *path* from its content. A CSV no sniffer recognises is "generic-csv"."""
    text = TextFile(path).head_text()
    if text.lstrip("\ufeff \t\r\n")[:1] in ("{", "["):
        return "json"  # only the archive reader reads JSON (and says precisely why a JSON file is not one)
    if linkedin.looks_like_connections(text):
        return "linkedin"
    for name, sniff in TEXT_SNIFFERS:
        if _load(sniff)(text):
            return name
    header = first_row(text)
    for name, sniff in CSV_SNIFFERS:
        if _load(sniff)(header):
            return name
    return "generic-csv"


def open_source(path: str | os.PathLike[str], fmt: str = "auto", options: dict[str, Any] | None = None) -> ImportSource:
    """The reader for *path*. *options*: ``mapping`` ({column: field}) for a generic CSV, ``owner`` (your name
    or profile URL) for LinkedIn messages; options a format does not use are ignored."""
    if fmt == "auto":
        fmt = detect_format(path)
    try:
        reader = _load(READERS[fmt])
    except KeyError:
        raise FormatError(str(path), None, f"unknown format “{fmt}” (one of {', '.join(IMPORT_FORMATS)})") from None
    wanted = READER_OPTIONS.get(fmt, ())
    kwargs = {k: v for k, v in (options or {}).items() if k in wanted and v is not None}
    return reader(Path(path), **kwargs)


def import_file(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    *,
    dry_run: bool = False,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    options: dict[str, Any] | None = None,
    network: Network | None = None,
) -> ImportReport:
    """Read *path* and apply it in one transaction (one undoable operation of *network*). Raises FormatError (nothing written) or ImportCancelled."""
    # Logged: the format and the counts, never the file's name or content (both can name people).
    kind = "dry run" if dry_run else "import"
    log.info("%s started (format %s)", kind, fmt)
    try:
        source = open_source(path, fmt, options)
        importer = Importer(dry_run=dry_run, progress=progress, cancelled=cancelled)
        if dry_run:
            report = importer.run(source)
        else:
            network = network if network is not None else Network.bound()
            with network.op(f"Import {source.display_name}") as op:
                report = importer.run(source)
                if report.batch_id is not None:
                    network.mark_import(op, report.batch_id)
            report.op_id, report.op_changes = op.id, op.changes
    except FormatError as exc:
        log.info("%s refused (format %s): the file is not importable (line %s)", kind, fmt, exc.line or "-")
        raise
    except ImportCancelled:
        log.info("%s cancelled (format %s); rolled back", kind, fmt)
        raise
    except Exception as exc:
        log.info("%s failed (format %s): %s", kind, fmt, error_name(exc))
        raise
    log.info(
        "%s finished (format %s): %d new, %d updated, %d unchanged, %d skipped, batch %s",
        kind, report.format_name, report.created, report.updated, report.unchanged, len(report.skipped),
        report.batch_id,
    )
    return report


def group_contact_ids(group_name: str) -> list[int]:
    group = GoalGroup.get_or_none(GoalGroup.name == group_name)
    if group is None:
        raise LookupError(f"there is no goal group named “{group_name}”")
    return [
        cid
        for (cid,) in Membership.select(Membership.contact_id)
        .join(Contact)
        .where((Membership.group == group) & Contact.deleted_at.is_null())
        .order_by(Contact.sort_name)
        .tuples()
    ]


def tag_contact_ids(tag: str) -> list[int]:
    ids = query_contact_ids(ContactQuery(tag=tag))
    if not ids:
        raise LookupError(f"no contact is tagged “{tag}”")
    return ids


def active_contact_ids() -> list[int]:
    return query_contact_ids(ContactQuery())


def export_file(
    path: str | os.PathLike[str],
    fmt: str,
    contact_ids: Sequence[int] | None = None,
    group_name: str | None = None,
    tag: str | None = None,
    **options: Any,
) -> int:
    """Write contacts to *path*: the given ids, a goal group's members, a tag's contacts, or (none of those) all.

    Returns the number of contacts written. ``excel_bom=True`` starts CSV files with a UTF-8 BOM.
    """
    log.info("export started (format %s)", fmt)
    try:
        count = _export(path, fmt, contact_ids, group_name, tag, **options)
    except Exception as exc:
        log.info("export refused (format %s): %s", fmt, error_name(exc))
        raise
    log.info("export finished (format %s): %d contacts", fmt, count)
    return count


def _export(
    path: str | os.PathLike[str],
    fmt: str,
    contact_ids: Sequence[int] | None,
    group_name: str | None,
    tag: str | None,
    **options: Any,
) -> int:
    if group_name is not None:
        group_ids = group_contact_ids(group_name)  # raises LookupError for an unknown group
        if contact_ids is None and fmt != "json":
            contact_ids = group_ids
    if tag is not None and contact_ids is None:
        contact_ids = tag_contact_ids(tag)
    if fmt not in WRITERS:
        raise ValueError(f"unknown export format {fmt!r}")
    write = _load(WRITERS[fmt])
    if fmt == "json":
        return write(path, contact_ids, group_name)
    ids = list(contact_ids) if contact_ids is not None else active_contact_ids()
    if fmt in ("vcard", "vcard4"):
        version = "4.0" if fmt == "vcard4" else str(options.get("vcard_version") or "3.0")
        return write(path, ids, version=version)
    return write(path, ids, excel_bom=bool(options.get("excel_bom")))
