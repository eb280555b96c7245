"""Drag and drop payloads: contact ids (never row numbers) in a MIME type of our own.

Pure functions over QMimeData, so they are tested without a drag. A drag that starts on a goal group's card
also says which group it left, so a drop elsewhere can be a move (or, with Ctrl, a copy).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QMimeData

CONTACT_IDS = "application/x-linkorganizer-contact-ids"
GROUP_ID = "application/x-linkorganizer-group-id"


@dataclass(frozen=True, slots=True)
class ContactDrag:
    contact_ids: tuple[int, ...]
    source_group_id: int | None = None


def encode_contacts(contact_ids: Iterable[int], source_group_id: int | None = None) -> QMimeData:
    ids = [int(i) for i in contact_ids]
    data = QMimeData()
    payload = {"contacts": ids, "from_group": source_group_id}
    data.setData(CONTACT_IDS, json.dumps(payload).encode("utf-8"))
    data.setText("\n".join(str(i) for i in ids))  # something sensible for other applications
    return data


def decode_contacts(data: QMimeData | None) -> ContactDrag | None:
    """The contacts a drag carries, or None when it carries none of ours (or garbage)."""
    if data is None or not data.hasFormat(CONTACT_IDS):
        return None
    try:
        payload = json.loads(bytes(data.data(CONTACT_IDS)).decode("utf-8"))
        ids = tuple(int(i) for i in payload["contacts"])
        source = payload.get("from_group")
        source_id = int(source) if source is not None else None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        return None
    if not ids or any(i <= 0 for i in ids):
        return None
    return ContactDrag(tuple(dict.fromkeys(ids)), source_id)


def encode_group(group_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(GROUP_ID, str(int(group_id)).encode("ascii"))
    return data


def decode_group(data: QMimeData | None) -> int | None:
    if data is None or not data.hasFormat(GROUP_ID):
        return None
    try:
        value = int(bytes(data.data(GROUP_ID)).decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    return value if value > 0 else None
