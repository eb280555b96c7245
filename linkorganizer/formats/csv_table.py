"""The app's own CSV layout: one row per contact, every field in its own column, spreadsheet-safe.

Repeating details get numbered column groups sized to the contact with the most of them
(``E-mail 1 - Label``, ``E-mail 1 - Value``, ``E-mail 2 - Label`` …), so every value has a cell of its own and
nothing needs splitting on the way back in. Tags and goal groups are joined with `` ::: `` as Google does.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence

from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.records import STAGE_LABELS
from linkorganizer.db import current_database
from linkorganizer.formats.spreadsheet import neutralise
from linkorganizer.formats.textio import atomic_write

LIST_SEPARATOR = " ::: "
DETAIL_GROUPS = (("email", "E-mail"), ("phone", "Phone"), ("address", "Address"), ("url", "Website"))
LEADING = (
    ("first_name", "First Name"),
    ("middle_name", "Middle Name"),
    ("last_name", "Last Name"),
    ("display_name", "Display Name"),
    ("company", "Company"),
    ("position", "Position"),
    ("location", "Location"),
    ("profile_url", "Profile URL"),
)
TRAILING = (
    ("birthday", "Birthday"),
    ("connected_on", "Connected On"),
    ("stage", "Stage"),
    ("source", "Source"),
    ("tags", "Tags"),
    ("groups", "Goal Groups"),
    ("notes", "Notes"),
    ("help_them", "How I Can Help"),
    ("help_me", "How They Can Help"),
    ("cadence_days", "Keep In Touch Days"),
)
EXPORT_CHUNK = 1000


def _detail_counts(contact_ids: Sequence[int]) -> dict[str, int]:
    counts = {kind: 0 for kind, _ in DETAIL_GROUPS}
    db = current_database()
    for start in range(0, len(contact_ids), 900):
        chunk = list(contact_ids[start : start + 900])
        marks = ",".join("?" * len(chunk))
        rows = db.execute_sql(
            f"SELECT kind, max(n) FROM (SELECT kind, count(*) AS n FROM contact_field WHERE contact_id IN ({marks})"
            " GROUP BY contact_id, kind) GROUP BY kind",
            chunk,
        )
        for kind, n in rows:
            counts[kind] = max(counts[kind], n)
    return counts


def header(counts: dict[str, int]) -> list[str]:
    columns = [title for _, title in LEADING]
    for kind, title in DETAIL_GROUPS:
        for n in range(1, counts[kind] + 1):
            columns += [f"{title} {n} - Label", f"{title} {n} - Value"]
    columns += [title for _, title in TRAILING]
    return columns


def row(detail: ContactDetail, counts: dict[str, int]) -> list[str]:
    values = detail.values
    cells = [str(values[name] or "") for name, _ in LEADING]
    for kind, _ in DETAIL_GROUPS:
        items = detail.fields[kind]
        for n in range(counts[kind]):
            if n < len(items):
                cells += [items[n].label, items[n].value]
            else:
                cells += ["", ""]
    for name, _ in TRAILING:
        if name == "tags":
            cells.append(LIST_SEPARATOR.join(detail.tags))
        elif name == "groups":
            cells.append(LIST_SEPARATOR.join(detail.groups))
        elif name == "stage":
            cells.append(STAGE_LABELS.get(values["stage"], values["stage"]))
        elif name == "connected_on":
            cells.append(values["connected_on"].isoformat() if values["connected_on"] else "")
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
            for detail in get_contacts(ids[start : start + EXPORT_CHUNK]):
                writer.writerow([neutralise(cell) for cell in row(detail, counts)])
    return len(ids)
