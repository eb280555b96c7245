"""Which reader reads a file, found from its content (never its name); and the writers by format name.

The formats themselves are described once, in :mod:`linkorganizer.formats.specs`; this module loads their
readers, writers and sniffers by name and runs them.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from linkorganizer.core import snapshots
from linkorganizer.core.contacts import ContactQuery, query_contact_ids
from linkorganizer.core.export import group_contact_ids, snapshot
from linkorganizer.core.importing import ImportReport, Importer, ImportSource, storable_name
from linkorganizer.core.network import Network, error_name
from linkorganizer.core.records import FormatError, ImportCancelled
from linkorganizer.formats.specs import (
    BY_NAME,
    EXPORT_FORMATS,
    EXPORT_SPECS,
    FORMAT_TITLES,
    FORMATS,
    IMPORT_FORMATS,
    IMPORT_SPECS,
    PACKAGE,
    READ_FORMATS,
    FormatSpec,
    import_filter,
    spec,
)
from linkorganizer.formats.textio import Head, TextFile, is_container, with_left_out

log = logging.getLogger("linkorganizer.formats")

__all__ = [
    "EXPORT_FORMATS",
    "EXPORT_SPECS",
    "FORMATS",
    "FORMAT_TITLES",
    "IMPORT_FORMATS",
    "IMPORT_SPECS",
    "READ_FORMATS",
    "FormatSpec",
    "detect_format",
    "dynamic_modules",
    "export_file",
    "import_file",
    "import_filter",
    "open_source",
    "scores",
    "spec",
]


def references() -> frozenset[str]:
    """Every "module:attribute" the format specs name: the only names :func:`_load` accepts."""
    return frozenset(ref for s in FORMATS for ref in s.references)


def dynamic_modules() -> list[str]:
    """The fully qualified modules the registry loads by name (the frozen build bundles each of them)."""
    return sorted({f"{PACKAGE}.{reference.partition(':')[0]}" for reference in references()})


def _load(reference: str) -> Any:
    if reference not in references():
        raise ValueError(f"{reference!r} is not in the format registry's specs")
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(f"{PACKAGE}.{module}"), name)


def scores(path: str | os.PathLike[str]) -> dict[str, int]:
    """Every sniffer's score for *path* (0: not that format). Raises FormatError for an unreadable file.

    A folder or a zip file is for the formats made of several files; a zip none of them claims (an .xlsx is a
    zip too) is refused saying so, a folder as the text reader refuses it."""
    if is_container(path):
        found = {s.name: int(_load(s.sniffer)(Path(path))) for s in IMPORT_SPECS if s.sniffer and s.container}
        if any(found.values()):
            return found
        if not Path(path).is_dir():
            raise FormatError(
                str(path), None,
                "is a zip file without a LinkedIn table in it; unpack it and import the contact file inside "
                "(a spreadsheet: save it as CSV first)",
            )  # fmt: skip
    head = TextFile(path).head_of()
    return _scores(head)


def _scores(head: Head) -> dict[str, int]:
    return {s.name: int(_load(s.sniffer)(head)) for s in IMPORT_SPECS if s.sniffer and not s.container}


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of *path* from its content: the best-scoring sniffer, ties broken by priority. A file no
    sniffer claims is read as a CSV through a column mapping (the fallback format)."""
    found = {name: score for name, score in scores(path).items() if score > 0}
    if not found:
        return next(s.name for s in FORMATS if s.fallback)
    return max(found, key=lambda name: (found[name], BY_NAME[name].priority))


class _Source:
    """A reader with the warnings reading its file as text produced (the encoding guessed) put first."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.format_name: str = reader.format_name
        self.display_name: str = storable_name(reader.display_name)

    def fraction(self) -> float:
        return float(self._reader.fraction())

    def items(self) -> Iterator[Any]:
        file_warnings = getattr(self._reader, "file_warnings", None)
        if file_warnings is not None:
            yield from file_warnings()
        yield from with_left_out(self._reader.items(), self._reader)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def open_source(path: str | os.PathLike[str], fmt: str = "auto", options: dict[str, Any] | None = None) -> ImportSource:
    """The reader for *path*. *options*: ``mapping`` ({column: field}) for a generic CSV, ``owner`` (your name
    or profile URL) for LinkedIn messages; options a format does not use are ignored."""
    if fmt == "auto":
        fmt = detect_format(path)
    found = BY_NAME.get(fmt)
    if found is None or not found.reader:
        raise FormatError(str(path), None, f"unknown format “{fmt}” (one of {', '.join(IMPORT_FORMATS)})")
    kwargs = {k: v for k, v in (options or {}).items() if k in found.reader_options and v is not None}
    return _Source(_load(found.reader)(Path(path), **kwargs))


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
            snapshots.take(network, snapshots.IMPORT, FORMAT_TITLES.get(source.format_name, ""))  # the one place every import passes
            with network.op(f"Import {source.display_name}") as op:
                report = importer.run(source)
                # Its index of the network is let go before the operation, closing, lists what it changed:
                # the two would otherwise be in memory together at the end of a large import.
                del importer
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
        kind, report.format_name, report.created, report.updated, report.unchanged, report.skipped_count,
        report.batch_id,
    )
    return report


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

    Returns the number of contacts written. ``excel_bom=True`` starts CSV files with a UTF-8 BOM. Everything is
    read in one read transaction, so the file is the network as it was at one moment, whatever is saved meanwhile.
    """
    log.info("export started (format %s)", fmt)
    try:
        with snapshot():
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
        if contact_ids is None and not (fmt in BY_NAME and BY_NAME[fmt].whole_network):
            contact_ids = group_ids
    if tag is not None and contact_ids is None:
        contact_ids = tag_contact_ids(tag)
    found = BY_NAME.get(fmt)
    if found is None or not found.writer:
        raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")
    write = _load(found.writer)
    if found.whole_network:
        return write(path, contact_ids, group_name)
    ids = list(contact_ids) if contact_ids is not None else active_contact_ids()
    kwargs = dict(found.writer_defaults)
    kwargs.update({k: v for k, v in options.items() if k in found.writer_options and v is not None})
    return write(path, ids, **kwargs)
