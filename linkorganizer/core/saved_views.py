"""Saved views: named searches and filters of the contact table, kept in the network's settings.

They live in the ``setting`` table (key :data:`~linkorganizer.core.settings.SAVED_VIEWS`), so they travel with
the network file and its JSON archive. A view keeps the search text and the filters, not the sort or the trash.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from linkorganizer.core.contacts import CONTACT_FILTERS, ContactQuery, ValidationError, active_filters
from linkorganizer.core.settings import SAVED_VIEWS, get_setting

NAME_MAX = 80


@dataclass(frozen=True, slots=True)
class SavedView:
    name: str
    query: ContactQuery


_FIELD_TYPES = {f.name: f.type for f in fields(ContactQuery)}


def query_to_json(query: ContactQuery) -> dict[str, Any]:
    """What a saved view stores of *query*: the search text and the active filters."""
    out: dict[str, Any] = {"text": query.text} if query.text.strip() else {}
    for key, value in active_filters(query).items():
        out[key] = list(value) if isinstance(value, tuple) else value
    return out


def query_from_json(data: Any) -> ContactQuery:
    """The query a stored view describes; unknown keys and unusable values are left out (a hand-edited
    file or an archive from a later version must not stop the window from opening)."""
    if not isinstance(data, dict):
        return ContactQuery()
    changes: dict[str, Any] = {}
    text = data.get("text")
    if isinstance(text, str):
        changes["text"] = text
    for kind in CONTACT_FILTERS:
        value = data.get(kind.key)
        if value is None:
            continue
        if kind.editor == "flag":
            if value is True:
                changes[kind.key] = True
        elif kind.editor == "date_range":
            if isinstance(value, list) and len(value) == 2 and all(isinstance(v, str) for v in value):
                changes[kind.key] = (value[0], value[1])
        elif kind.key == "group_id":
            if isinstance(value, int) and not isinstance(value, bool):
                changes[kind.key] = value
        elif isinstance(value, str) and value:
            changes[kind.key] = value
    return replace(ContactQuery(), **changes)


def saved_views() -> list[SavedView]:
    """The saved views, in the order they were saved."""
    stored = get_setting(SAVED_VIEWS)
    out = []
    for item in stored if isinstance(stored, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            out.append(SavedView(item["name"], query_from_json(item.get("query"))))
    return out


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError("A saved view needs a name.")
    if len(name) > NAME_MAX:
        raise ValidationError(f"A view's name can be at most {NAME_MAX} characters long.")
    return name


def with_view(name: str, query: ContactQuery) -> list[dict[str, Any]]:
    """The saved views with *name* saved as *query* (replacing a view of that name, in its place): the value to
    store under SAVED_VIEWS."""
    name = clean_name(name)
    entry = {"name": name, "query": query_to_json(query)}
    views = [{"name": v.name, "query": query_to_json(v.query)} for v in saved_views()]
    for i, view in enumerate(views):
        if view["name"].casefold() == name.casefold():
            views[i] = entry
            return views
    return [*views, entry]


def without_view(name: str) -> list[dict[str, Any]]:
    """The saved views without *name*."""
    return [
        {"name": v.name, "query": query_to_json(v.query)}
        for v in saved_views()
        if v.name.casefold() != name.casefold()
    ]


def find_view(name: str) -> SavedView | None:
    return next((v for v in saved_views() if v.name.casefold() == name.casefold()), None)


__all__ = [
    "SavedView",
    "clean_name",
    "find_view",
    "query_from_json",
    "query_to_json",
    "saved_views",
    "with_view",
    "without_view",
]
