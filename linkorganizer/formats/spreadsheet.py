"""Spreadsheet safety for CSV cells (OWASP "CSV injection").

A cell that starts with ``= + - @``, a tab, a carriage return or a line feed is run as a formula by Excel,
LibreOffice and Google Sheets. On export such a cell gets a leading apostrophe, which spreadsheets read as
"this is text". Phone numbers are no exception: ``+1-555-0100`` is arithmetic to a spreadsheet (it would show
``-654``), so the apostrophe protects the number as much as the user. A value that already starts with
apostrophes before one of those characters gets one more, so :func:`restore` (used by our own importer)
gives back exactly what was exported. A NUL character, which no text file may hold, is left out.
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r\n"
_NEEDS_GUARD = re.compile(r"^'*[=+\-@\t\r\n]")
_GUARDED = re.compile(r"^'+[=+\-@\t\r\n]")
# Whether any cell of a row, joined with a separator, may need the guard or holds a NUL: most rows have none,
# and one search over the row is much cheaper than one per cell. A false alarm only costs the per-cell look.
_ROW_SEPARATOR = "\x1f"
_ROW_MAY_NEED = re.compile(r"\x1f'*[=+\-@\t\r\n]")  # starts with a literal: the regex engine skips ahead fast


def neutralise(cell: str) -> str:
    if "\x00" in cell:  # no text file holds a NUL (a reader takes it for binary data): it is left out
        cell = cell.replace("\x00", "")
    return "'" + cell if _NEEDS_GUARD.match(cell) else cell


def neutralise_row(cells: list[str]) -> list[str]:
    """:func:`neutralise` on every cell of a row."""
    joined = _ROW_SEPARATOR + _ROW_SEPARATOR.join(cells)
    if "\x00" not in joined and _ROW_MAY_NEED.search(joined) is None:
        return cells
    return [neutralise(cell) for cell in cells]


def restore(cell: str) -> str:
    return cell[1:] if _GUARDED.match(cell) else cell
