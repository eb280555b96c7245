"""Which reader reads a file, found from its content; and the exporters by name."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from linkorganizer.core.importing import ImportReport, Importer, ImportSource
from linkorganizer.core.records import FormatError
from linkorganizer.db.models import Contact, GoalGroup, Membership
from linkorganizer.formats import csv_table, json_archive
from linkorganizer.formats.json_archive import JsonArchive
from linkorganizer.formats.linkedin import LinkedInConnections, looks_like_connections
from linkorganizer.formats.textio import TextFile

READERS: dict[str, type] = {
    "linkedin": LinkedInConnections,
    "json": JsonArchive,
}
IMPORT_FORMATS = ("auto", *READERS)
EXPORT_FORMATS = ("csv", "json")
SUPPORTED = "a LinkedIn Connections.csv or a LinkOrganizer JSON archive"


def detect_format(path: str | os.PathLike[str]) -> str:
    text = TextFile(path).head_text()
    if json_archive.looks_like_archive(text):
        return "json"
    if looks_like_connections(text):
        return "linkedin"
    raise FormatError(str(path), None, f"is not a file LinkOrganizer can import (it reads {SUPPORTED})")


def open_source(path: str | os.PathLike[str], fmt: str = "auto") -> ImportSource:
    if fmt == "auto":
        fmt = detect_format(path)
    try:
        reader = READERS[fmt]
    except KeyError:
        raise FormatError(str(path), None, f"unknown format “{fmt}” (one of {', '.join(IMPORT_FORMATS)})") from None
    return reader(Path(path))


def import_file(
    path: str | os.PathLike[str],
    fmt: str = "auto",
    *,
    dry_run: bool = False,
    progress: Callable[[float], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Read *path* and apply it in one transaction. Raises FormatError (nothing written) or ImportCancelled."""
    source = open_source(path, fmt)
    return Importer(dry_run=dry_run, progress=progress, cancelled=cancelled).run(source)


def group_contact_ids(group_name: str) -> list[int]:
    group = GoalGroup.get_or_none(GoalGroup.name == group_name)
    if group is None:
        raise LookupError(f"there is no goal group named “{group_name}”")
    return [
        cid
        for (cid,) in Membership.select(Membership.contact_id)
        .join(Contact)
        .where((Membership.group == group) & Contact.deleted_at.is_null())
        .order_by(Contact.full_name)
        .tuples()
    ]


def active_contact_ids() -> list[int]:
    return [
        cid
        for (cid,) in Contact.select(Contact.id)
        .where(Contact.deleted_at.is_null())
        .order_by(Contact.full_name, Contact.id)
        .tuples()
    ]


def export_file(
    path: str | os.PathLike[str],
    fmt: str,
    contact_ids: Sequence[int] | None = None,
    group_name: str | None = None,
    **options: Any,
) -> int:
    """Write contacts to *path*; all of them when neither ids nor a group are given. Returns the count."""
    if group_name is not None:
        group_ids = group_contact_ids(group_name)  # raises LookupError for an unknown group
        if contact_ids is None and fmt != "json":
            contact_ids = group_ids
    if fmt == "json":
        return json_archive.write_archive(path, contact_ids, group_name)
    if fmt == "csv":
        if contact_ids is None:
            contact_ids = active_contact_ids()
        return csv_table.write_csv(path, contact_ids, excel_bom=bool(options.get("excel_bom")))
    raise ValueError(f"unknown export format {fmt!r}")
