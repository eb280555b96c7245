"""The app's own CSV layout: one row per contact, every field in its own column, spreadsheet-safe.

Repeating details get numbered column groups sized to the contact with the most of them
(``E-mail 1 - Label``, ``E-mail 1 - Value``, ``E-mail 2 - Label`` …), so every value has a cell of its own and
nothing needs splitting on the way back in. Tags and goal groups are joined with `` ::: `` as Google does.

:class:`OwnCsvReader` reads it back, columns found by name, the spreadsheet guard taken off every cell, so
export → import gives back exactly what was exported (a tag or group name containing `` ::: `` is the one
thing that cannot survive). Columns someone added in a spreadsheet are kept in the contact's ``extra``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from linkorganizer.core import normalize
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.export import max_detail_counts
from linkorganizer.core.fields import BY_NAME, DETAIL_KINDS, VERBATIM_FIELDS, own_csv_fields
from linkorganizer.core.records import STAGE_LABELS, ContactRecord, Labeled, RowWarning
from linkorganizer.formats.csv_generic import (
    CsvContactReader,
    distinct_columns,
    repeated_column_warnings,
    extra_key,
    header_key,
    header_keys,
    split_multi,
    stage_from_text,
)
from linkorganizer.formats.spreadsheet import neutralise_row
from linkorganizer.formats.textio import Head, atomic_write

LIST_SEPARATOR = " ::: "
# The layout, left to right, from core.fields: the scalar fields before the first detail group, the numbered
# detail groups (e-mails, phones, addresses, web addresses), the rest after them.
_LAYOUT = own_csv_fields()
_FIRST_GROUP = next(i for i, f in enumerate(_LAYOUT) if f.kind == "labeled")
LEADING = tuple((f.name, f.csv or "") for f in _LAYOUT[:_FIRST_GROUP])
DETAIL_GROUPS = tuple((DETAIL_KINDS[f.name], f.csv or "") for f in _LAYOUT if f.kind == "labeled")
TRAILING = tuple((f.name, f.csv or "") for f in _LAYOUT[_FIRST_GROUP:] if f.kind != "labeled")
EXPORT_CHUNK = 1000


def _detail_counts(contact_ids: Sequence[int]) -> dict[str, int]:
    found = max_detail_counts(contact_ids)
    return {kind: found.get(kind, 0) for kind, _ in DETAIL_GROUPS}


def header(counts: dict[str, int]) -> list[str]:
    columns = [title for _, title in LEADING]
    for kind, title in DETAIL_GROUPS:
        for n in range(1, counts[kind] + 1):
            columns += [f"{title} {n} - Label", f"{title} {n} - Value"]
    columns += [title for _, title in TRAILING]
    return columns


_TRAILING_KINDS = tuple((name, BY_NAME[name].kind) for name, _ in TRAILING)


def row(detail: ContactDetail, counts: dict[str, int]) -> list[str]:
    values = detail.values
    cells = [str(values[name] or "") for name, _ in LEADING]
    for kind, _ in DETAIL_GROUPS:
        wanted = counts[kind]
        if not wanted:
            continue
        items = detail.fields[kind][:wanted]
        for item in items:
            cells += (item.label, item.value)
        cells += ("", "") * (wanted - len(items))
    for name, kind in _TRAILING_KINDS:
        if kind == "names":
            cells.append(LIST_SEPARATOR.join(getattr(detail, name)))
        elif kind == "stage":
            cells.append(STAGE_LABELS.get(values[name], values[name]))
        elif kind == "date":
            cells.append(values[name].isoformat() if values[name] else "")
        else:
            value = values[name]
            cells.append("" if value is None else str(value))
    return cells


def write_csv(path: str | os.PathLike[str], contact_ids: Sequence[int], excel_bom: bool = False) -> int:
    """Write the contacts as CSV (RFC 4180, CRLF); return how many were written."""
    ids = list(contact_ids)
    counts = _detail_counts(ids)
    with atomic_write(path, encoding="utf-8-sig" if excel_bom else "utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(header(counts))
        for start in range(0, len(ids), EXPORT_CHUNK):
            writer.writerows([neutralise_row(row(d, counts)) for d in get_contacts(ids[start : start + EXPORT_CHUNK])])
    return len(ids)


# ------------------------------------------------------------------------------------------------ reading

FORMAT_NAME = "csv"
_SCALARS = {header_key(title): name for name, title in (*LEADING, *TRAILING)}
_GROUP = re.compile(r"^(e-mail|phone|address|website) (\d+) - (label|value)$")
_GROUP_KINDS = {header_key(title): kind for kind, title in DETAIL_GROUPS}
_LIST_ATTRS = {kind: attr for attr, kind in DETAIL_KINDS.items()}
# Free text kept exactly as written (spaces and line breaks included); the other fields are trimmed.
_VERBATIM = VERBATIM_FIELDS


def looks_like_own(header_cells: list[str]) -> bool:
    """Whether a first row is the header :func:`write_csv` writes."""
    keys = set(header_keys(header_cells))
    return {"first name", "last name", "display name", "profile url", "stage", "tags"} <= keys


class OwnCsvReader(CsvContactReader):
    """Reads back what :func:`write_csv` writes (and the same file after a trip through a spreadsheet)."""

    format_name = FORMAT_NAME

    def _read_header(self, line: int, header: list[str]) -> Iterator[Any]:
        if not looks_like_own(header):
            raise self.error(
                line,
                "is not a LinkOrganizer CSV export: the header lacks “Display Name”, “Profile URL”, “Stage” or “Tags”",
            )
        self._header = header
        self._scalars: list[tuple[int, str]] = []
        self._groups: dict[tuple[str, int], dict[str, int]] = {}
        self._extra: list[tuple[int, str]] = []
        columns, repeated = distinct_columns(header)
        yield from repeated_column_warnings(line, repeated)
        for index, key, cell in columns:
            if key in _SCALARS:
                self._scalars.append((index, _SCALARS[key]))
            elif m := _GROUP.match(key):
                self._groups.setdefault((_GROUP_KINDS[m.group(1)], int(m.group(2))), {})[m.group(3)] = index
            else:
                self._extra.append((index, extra_key(cell)))
                yield RowWarning(line, f"column “{cell}” is not part of LinkOrganizer's layout; kept as extra data")

    def _record(self, line: int, cells: list[str]) -> ContactRecord:
        rec = ContactRecord(source=self.format_name, line=line)
        for index, name in self._scalars:
            cell = cells[index]
            if name in _VERBATIM:
                setattr(rec, name, cell)
                continue
            text = cell.strip()
            if not text:
                continue
            column = self._header[index]
            kind = BY_NAME[name].kind
            if kind == "names":
                setattr(rec, name, split_multi(cell))
            elif kind == "stage":
                stage = stage_from_text(text)
                if stage is None:
                    self.warn(line, f"stage “{text}” is not one of {', '.join(STAGE_LABELS.values())}; ignored")
                else:
                    rec.stage = stage
            elif kind == "birthday":
                setattr(rec, name, self.birthday_of(line, text, column))
            elif kind == "date":
                setattr(rec, name, _date(text))
                if getattr(rec, name) is None:
                    self.warn(line, f"“{column}” value “{text}” is not a date; left empty")
            elif kind == "days":
                if text.isdigit() and 1 <= int(text) <= 3650:
                    setattr(rec, name, int(text))
                else:
                    self.warn(line, f"“{column}” value “{text}” is not a number of days between 1 and 3650; ignored")
            else:
                setattr(rec, name, text)
        for (kind, _n), parts in sorted(self._groups.items(), key=lambda item: (item[0][0], item[0][1])):
            value = cells[parts["value"]].strip() if "value" in parts else ""
            if value:
                label = cells[parts["label"]].strip() if "label" in parts else ""
                getattr(rec, _LIST_ATTRS[kind]).append(Labeled(value, label))
        for index, key in self._extra:
            if cells[index].strip():
                rec.extra.setdefault(key, cells[index].strip())
        return rec


def _date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return normalize.parse_date(text)


# Format detection: a score for how much of the header this format knows (0: not this format).
def sniff_own(head: Head) -> int:
    """The number of header columns :func:`write_csv` writes; 0 when the header is not ours.

    Every column of our header counts, so our own file outscores a layout that shares some of its names
    (LinkedIn's "First Name" and "Connected On", Google's "E-mail 1 - Value").
    """
    header = head.header
    if not looks_like_own(header):
        return 0
    return sum(1 for key in header_keys(header) if key in _SCALARS or _GROUP.match(key))
