"""LinkedIn's own data export: ``Connections.csv`` in every era.

Facts the reader relies on (see the format reference): since 2021 the file starts with a three-line ``Notes:``
preamble, so the header is found by its content, not by a line count; the ``URL`` column appeared in 2023;
``Connected On`` is ``08 Aug 2012``, or ``12-Mar-24`` after an Excel re-save, or ``9/14/18, 3:05 PM`` in 2018;
members who hide their profile appear as a row holding only the date.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from linkorganizer.core.normalize import parse_date
from linkorganizer.core.records import ContactRecord, FormatError, Labeled, RowWarning, Skipped
from linkorganizer.formats.textio import TextFile

HEADER_SEARCH_LINES = 25
COLUMNS = {
    "first name": "first_name",
    "last name": "last_name",
    "url": "profile_url",
    "email address": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected_on",
}
REQUIRED = ("first name", "connected on")


def _header_key(cell: str) -> str:
    return cell.replace("\ufeff", "").strip().strip('"').strip().lower()


def is_connections_header(cells: list[str]) -> bool:
    keys = {_header_key(c) for c in cells}
    return all(name in keys for name in REQUIRED)


def looks_like_connections(text: str) -> bool:
    """Whether the start of a file (decoded) looks like a Connections.csv, preamble or not."""
    for line in text.splitlines()[:HEADER_SEARCH_LINES]:
        if is_connections_header(line.split(",")):
            return True
    return False


class LinkedInConnections:
    """Streams the contacts of a Connections.csv as records (plus skipped rows and warnings)."""

    format_name = "linkedin"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.display_name = self.path.name
        self._file = TextFile(self.path)

    def fraction(self) -> float:
        return self._file.fraction()

    def items(self) -> Iterator[Any]:
        rows = self._file.csv_rows()
        header_line, header = self._find_header(rows)
        index: dict[str, int] = {}
        for position, cell in enumerate(header):
            key = _header_key(cell)
            if key in COLUMNS and COLUMNS[key] not in index:
                index[COLUMNS[key]] = position
            elif key:
                yield RowWarning(header_line, f"column “{cell.strip()}” is not part of a LinkedIn export; ignored")
        width = len(header)
        seen_rows = 0
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue  # blank line
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise FormatError(
                    str(self.path),
                    line,
                    f"has {len(row)} fields where the header has {width}: the file is damaged or a field lost its quotes",
                )
            seen_rows += 1
            values = {name: (row[pos].strip() if pos < len(row) else "") for name, pos in index.items()}
            if not any(values.get(k) for k in ("first_name", "last_name", "profile_url", "email", "company", "position")):
                yield Skipped(line, "hidden member: LinkedIn exports only the connection date")
                continue
            connected_text = values.get("connected_on", "")
            connected = parse_date(connected_text)
            if connected is None and connected_text:
                yield RowWarning(line, f"“Connected On” value “{connected_text}” is not a date; left empty")
            email = values.get("email", "")
            yield ContactRecord(
                first_name=values.get("first_name", ""),
                last_name=values.get("last_name", ""),
                company=values.get("company", ""),
                position=values.get("position", ""),
                profile_url=values.get("profile_url", ""),
                emails=[Labeled(email, "")] if email else [],
                connected_on=connected,
                source="linkedin",
                stage="connected",
                line=line,
            )
        if seen_rows == 0:
            raise FormatError(str(self.path), header_line, "has a header but no connections below it")

    def _find_header(self, rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
        looked = 0
        for line, row in rows:
            if is_connections_header(row):
                return line, row
            looked = line
            if line >= HEADER_SEARCH_LINES:
                break
        raise FormatError(
            str(self.path),
            None,
            "is not a LinkedIn Connections export: no header with “First Name” and “Connected On” "
            f"in the first {max(looked, 1)} lines",
        )
