"""The app's own archive: everything in the network, one JSON document, importable again.

``{"format": "linkorganizer", "version": 1, "contacts": [...], "groups": [...], "invitations": [...],
"introductions": [...], "interactions": [...], "tags": [...], "settings": {...}}``

A hand-written file may leave out any key (defaults apply); a contact may even be ``{"first_name": "Ann"}``.
Read as a stream, one element of the top-level lists at a time; errors name the line of the item at fault.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import json
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from linkorganizer.core import normalize
from linkorganizer.core.contacts import ContactDetail
from linkorganizer.core.export import NetworkContent, read_network, snapshot, stream_network
from linkorganizer.core.fields import DETAIL_KINDS, FIELDS as CONTACT_FIELDS, FieldSpec
from linkorganizer.core.records import (
    MAX_FIELD,
    MAX_PHOTO,
    STAGES,
    ContactRecord,
    ContactsComplete,
    FormatError,
    GroupRecord,
    InteractionRecord,
    IntroductionRecord,
    InvitationEventRecord,
    InvitationRecord,
    Labeled,
    SettingRecord,
    SlotRecord,
    TagRecord,
)
from linkorganizer.formats.textio import FileReader, Head, atomic_write

FORMAT = "linkorganizer"
VERSION = 1
LIST_KEYS = ("contacts", "groups", "invitations", "introductions", "interactions")
MAX_JSON_BYTES = 512 * 1024 * 1024


def looks_like_archive(text: str) -> bool:
    """JSON, which only the archive reader can read (and refuse with a precise reason when it is not ours)."""
    return text.lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


# ------------------------------------------------------------------------------------------------------ reading


class _Stream:
    """The document's text read a block of whole lines at a time; what has been decoded is dropped.

    Every value is decoded with json's C decoder from the position it starts at. A value that runs past the lines
    read so far fails at the end of them, on the last line: then more lines are read (twice as many each time, so
    a long value costs linear time) and it is decoded again. No token of JSON spans a line break, so a value cut
    at the end of a whole line is never taken for a whole one. The text held is about one block, whatever the size
    of the file; a file written on one line is held whole, as it has to be.
    """

    BLOCK = 64 * 1024

    def __init__(self, path: Path, lines: Iterator[str]) -> None:
        self.path = path
        self._lines = lines
        self._decoder = json.JSONDecoder()
        self.text = ""
        self.pos = 0
        self._first_line = 1  # the line self.text starts on (it always starts at the start of a line)
        self._counted_to = 0
        self._lines_before = 0  # line breaks in self.text before self._counted_to
        self._ended = False

    def _more(self, wanted: int) -> bool:
        """Read at least *wanted* more characters (whole lines); False at the end of the file."""
        if self._ended:
            return False
        cut = self.text.rfind("\n", 0, self.pos) + 1
        if cut:
            dropped = self.text.count("\n", 0, cut)
            self._first_line += dropped
            if self._counted_to >= cut:
                self._counted_to -= cut
                self._lines_before -= dropped
            else:
                self._counted_to, self._lines_before = 0, 0
            self.text, self.pos = self.text[cut:], self.pos - cut
        block: list[str] = []
        size = 0
        for line in self._lines:
            block.append(line)
            size += len(line)
            if size >= wanted:
                break
        else:
            self._ended = True
        if not block:
            return False
        self.text += "".join(block)
        return True

    def line(self, index: int | None = None) -> int:
        """The line of a position in self.text (the current one by default)."""
        index = self.pos if index is None else index
        # Positions are asked about in order, so count line breaks only since the last one (linear in the file).
        if index < self._counted_to:
            self._counted_to, self._lines_before = 0, 0
        self._lines_before += self.text.count("\n", self._counted_to, index)
        self._counted_to = index
        return self._first_line + self._lines_before

    def fail(self, reason: str) -> FormatError:
        return FormatError(str(self.path), self.line(), reason)

    def peek(self) -> str:
        """The next character that is not white space ("" at the end of the file), without taking it."""
        while True:
            text, i = self.text, self.pos
            n = len(text)
            while i < n and text[i] in " \t\r\n":
                i += 1
            self.pos = i
            if i < n:
                return text[i]
            if not self._more(self.BLOCK):
                return ""

    def value(self) -> Any:
        """Decode the value at the next position that is not white space and move past it."""
        self.peek()
        while True:
            try:
                value, self.pos = self._decoder.raw_decode(self.text, self.pos)
                return value
            except json.JSONDecodeError as exc:
                last_line = self.text.rfind("\n", 0, len(self.text) - 1) + 1
                if exc.pos >= last_line and self._more(max(self.BLOCK, len(self.text))):
                    continue  # cut short by the end of what was read: read more, decode again
                line = self._first_line + exc.lineno - 1
                raise FormatError(str(self.path), line, f"is not valid JSON: {exc.msg} (column {exc.colno})") from None
            except RecursionError:
                raise self.fail("is nested too deeply to be a LinkOrganizer archive") from None


class _Item:
    """Typed access to one object of the archive, with errors naming the file, line and key."""

    def __init__(self, path: Path, line: int, what: str, data: Any) -> None:
        self.path, self.line, self.what = path, line, what
        if not isinstance(data, dict):
            raise self.fail(f"{what} must be a JSON object")
        self.data = data

    def fail(self, reason: str) -> FormatError:
        return FormatError(str(self.path), self.line, reason)

    def checked(self, key: str, value: str, limit: int = MAX_FIELD) -> str:
        """Text that can be stored: not longer than a field can be, and without the lone surrogates JSON's
        \\ud800 escapes decode to (no file can hold them)."""
        if len(value) > limit:
            raise self.fail(f"{self.what}: “{key}” is longer than a field can be ({limit // (1024 * 1024)} MB)")
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise self.fail(f"{self.what}: “{key}” holds an invalid character (a lone surrogate)") from None
        return value

    def text(self, key: str, default: str = "", limit: int = MAX_FIELD) -> str:
        value = self.data.get(key, default)
        if value is None:
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise self.fail(f"{self.what}: “{key}” must be text")
        return self.checked(key, value, limit)

    def entries(self, key: str) -> list[Any]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            raise self.fail(f"{self.what}: “{key}” must be a list")
        return value

    def integer(self, key: str, default: int | None = None) -> int | None:
        value = self.data.get(key, default)
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise self.fail(f"{self.what}: “{key}” must be a whole number")
        try:
            number = int(value)
        except ValueError:
            raise self.fail(f"{self.what}: “{key}” must be a whole number, not “{value}”") from None
        if not -(2**63) <= number < 2**63:  # what SQLite can store
            raise self.fail(f"{self.what}: “{key}” is too large a number ({str(number)[:12]}…)")
        return number

    def boolean(self, key: str) -> bool:
        value = self.data.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(f"{self.what}: “{key}” must be true or false")
        return value

    def date(self, key: str) -> _dt.date | None:
        value = self.text(key)
        if not value:
            return None
        parsed = normalize.parse_date(value)
        if parsed is None:
            raise self.fail(f"{self.what}: “{key}” must be a date (YYYY-MM-DD), not “{value}”")
        return parsed

    def moment(self, key: str) -> _dt.datetime | None:
        value = self.text(key)
        if not value:
            return None
        parsed = normalize.parse_datetime(value)
        if parsed is None:
            raise self.fail(f"{self.what}: “{key}” must be a date and time (YYYY-MM-DD HH:MM:SS), not “{value}”")
        return parsed

    def labeled(self, key: str) -> list[Labeled]:
        value = self.data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise self.fail(f"{self.what}: “{key}” must be a list")
        out = []
        for entry in value:
            if isinstance(entry, str):
                out.append(Labeled(self.checked(key, entry), ""))
            elif isinstance(entry, dict) and isinstance(entry.get("value", ""), str):
                label = entry.get("label") or ""
                if not isinstance(label, str):
                    raise self.fail(f"{self.what}: a label in “{key}” must be text")
                out.append(Labeled(self.checked(key, entry.get("value", "")), self.checked(key, label)))
            else:
                raise self.fail(f"{self.what}: each entry of “{key}” must be text or {{\"label\": …, \"value\": …}}")
        return out

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{self.what}: “{key}” must be a list of text")
        return [self.checked(key, v) for v in value]

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.data.get(key) or {}
        if not isinstance(value, dict):
            raise self.fail(f"{self.what}: “{key}” must be a JSON object")
        self.checked(key, json.dumps(value, ensure_ascii=False), MAX_FIELD * 4)
        return value


def _contact_value(item: _Item, spec: FieldSpec) -> Any:
    """One field of a contact item, read and checked by its kind (core.fields)."""
    key = spec.name
    if spec.kind == "stage":
        stage = item.text(key)
        if stage and stage not in STAGES:
            raise item.fail(f"{item.what}: unknown stage “{stage}” (one of {', '.join(STAGES)})")
        return stage
    if spec.kind == "birthday":
        text = item.text(key)
        birthday = normalize.birthday(text)
        if text and not birthday:
            raise item.fail(f"{item.what}: “{key}” must be YYYY-MM-DD or --MM-DD, not “{text}”")
        return birthday
    if spec.kind == "blob":
        text = item.text(key, limit=MAX_PHOTO * 4 // 3 + 4)  # base64
        try:
            return base64.b64decode(text, validate=True) if text else None
        except (binascii.Error, ValueError):
            raise item.fail(f"{item.what}: “{key}” must be base64 data") from None
    if spec.kind == "days":
        days = item.integer(key)
        if days is not None and days < 1:
            raise item.fail(f"{item.what}: “{key}” must be at least 1")
        return days
    if spec.kind == "date":
        return item.date(key)
    if spec.kind == "moment":
        return item.moment(key)
    if spec.kind == "labeled":
        return item.labeled(key)
    if spec.kind == "names":
        return item.strings(key)
    if spec.kind == "mapping":
        return item.mapping(key)
    return item.text(key)


def _contact(item: _Item) -> ContactRecord:
    values = {spec.name: _contact_value(item, spec) for spec in CONTACT_FIELDS if spec.json}
    values["source"] = values["source"] or "json"
    return ContactRecord(**values, ref=item.integer("id"), line=item.line)


def _group(item: _Item) -> GroupRecord:
    name = item.text("name").strip()
    if not name:
        raise item.fail(f"{item.what} needs a “name”")
    slots = []
    for entry in item.entries("slots"):
        slot = _Item(item.path, item.line, f"a slot of group “{name}”", entry)
        role = slot.text("role").strip()
        if not role:
            raise slot.fail(f"{slot.what} needs a “role”")
        slots.append(SlotRecord(role, slot.integer("needed", 1) or 1))
    members = []
    for entry in item.entries("members"):
        if isinstance(entry, int) and not isinstance(entry, bool):
            members.append((_Item(item.path, item.line, item.what, {"contact": entry}).integer("contact") or 0, ""))
            continue
        member = _Item(item.path, item.line, f"a member of group “{name}”", entry)
        ref = member.integer("contact")
        if ref is None:
            raise member.fail(f"{member.what} needs a “contact” id")
        members.append((ref, member.text("slot")))
    return GroupRecord(
        name=name,
        purpose=item.text("purpose"),
        colour=item.text("colour"),
        position=item.integer("position"),
        collapsed=item.boolean("collapsed"),
        slots=slots,
        members=members,
        created_at=item.moment("created_at"),
        updated_at=item.moment("updated_at"),
        line=item.line,
    )


def _invitation(item: _Item) -> InvitationRecord:
    direction = item.text("direction", "incoming").lower()
    if direction not in ("incoming", "outgoing"):
        raise item.fail(f"{item.what}: “direction” must be incoming or outgoing, not “{direction}”")
    events = []
    for entry in item.entries("events"):
        event = _Item(item.path, item.line, "an invitation event", entry)
        at = event.moment("at")
        if at is None:
            raise event.fail("an invitation event needs “at”")
        events.append(InvitationEventRecord(event.text("from"), event.text("to"), at, event.text("note")))
    return InvitationRecord(
        direction=direction,
        name=item.text("name"),
        profile_url=item.text("profile_url"),
        message=item.text("message"),
        sent_at=item.moment("sent_at"),
        state=item.text("state", "new") or "new",
        reply=item.text("reply"),
        note=item.text("note"),
        contact_ref=item.integer("contact"),
        events=events,
        state_changed_at=item.moment("state_changed_at"),
        created_at=item.moment("created_at"),
        updated_at=item.moment("updated_at"),
        ref=item.integer("id"),
        line=item.line,
    )


def _introduction(item: _Item) -> IntroductionRecord:
    ref = item.integer("contact")
    if ref is None:
        raise item.fail(f"{item.what} needs a “contact” id")
    return IntroductionRecord(
        contact_ref=ref,
        scheduled_at=item.moment("scheduled_at"),
        duration_minutes=item.integer("duration_minutes", 30) or 30,
        agenda=item.text("agenda"),
        notes=item.text("notes"),
        their_needs=item.text("their_needs"),
        my_offer=item.text("my_offer"),
        outcome=item.text("outcome") or None,
        held_at=item.moment("held_at"),
        created_at=item.moment("created_at"),
        updated_at=item.moment("updated_at"),
        ref=item.integer("id"),
        line=item.line,
    )


def _interaction(item: _Item) -> InteractionRecord:
    ref = item.integer("contact")
    if ref is None:
        raise item.fail(f"{item.what} needs a “contact” id")
    kind = item.text("kind").strip()
    if not kind:
        raise item.fail(f"{item.what} needs a “kind”")
    occurred = item.moment("occurred_at")
    if occurred is None:
        raise item.fail(f"{item.what} needs “occurred_at”")
    return InteractionRecord(
        contact_ref=ref,
        kind=kind,
        occurred_at=occurred,
        note=item.text("note"),
        introduction_ref=item.integer("introduction"),
        created_at=item.moment("created_at"),
        line=item.line,
        private=item.boolean("private"),
    )


_BUILDERS = {
    "contacts": ("contact", _contact),
    "groups": ("group", _group),
    "invitations": ("invitation", _invitation),
    "introductions": ("introduction", _introduction),
    "interactions": ("interaction", _interaction),
}


class JsonArchive(FileReader):
    """Reads a LinkOrganizer JSON archive as records."""

    format_name = "json"

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self._done = 0.0

    def fraction(self) -> float:
        return self._done

    def items(self) -> Iterator[Any]:
        if self._file.size > MAX_JSON_BYTES:
            raise FormatError(str(self.path), None, "is larger than 512 MB; that is not a contact archive")
        # Streamed: each record is decoded, checked and given to the importer before the next is read, so
        # memory does not grow with the file (the writer puts one record on a line; any layout reads).
        doc = _Stream(self.path, self._file.lines())
        if doc.peek() != "{":
            raise doc.fail("is not a LinkOrganizer archive: it does not start with a JSON object")
        doc.pos += 1
        numbers = dict.fromkeys(LIST_KEYS, 0)
        following = doc.peek()
        if following == "}":
            doc.pos += 1
        else:
            while True:
                if following != '"':
                    raise doc.fail("is not valid JSON: a key in double quotes was expected")
                key = doc.value()
                if doc.peek() != ":":
                    raise doc.fail("is not valid JSON: “:” expected after a key")
                doc.pos += 1
                if doc.peek() == "[" and key in LIST_KEYS:
                    doc.pos += 1
                    yield from self._list(doc, key, numbers)
                    if key == "contacts":
                        yield ContactsComplete()
                else:
                    yield from self._scalar(key, doc.value())
                following = doc.peek()
                if following == ",":
                    doc.pos += 1
                    following = doc.peek()
                    continue
                if following == "}":
                    doc.pos += 1
                    break
                raise doc.fail("is not valid JSON: “,” or “}” expected")
        if doc.peek() != "":
            raise doc.fail("is not valid JSON: there is more text after the end of the document")
        self._done = 1.0

    def _list(self, doc: _Stream, key: str, numbers: dict[str, int]) -> Iterator[Any]:
        noun, build = _BUILDERS[key]
        if doc.peek() == "]":
            doc.pos += 1
            return
        while True:
            doc.peek()
            line = doc.line()
            data = doc.value()
            numbers[key] += 1
            self._done = self._file.fraction()
            yield build(_Item(self.path, line, f"{noun} #{numbers[key]}", data))
            following = doc.peek()
            if following == ",":
                doc.pos += 1
                continue
            if following == "]":
                doc.pos += 1
                return
            raise doc.fail("is not valid JSON: “,” or “]” expected in a list")

    def _scalar(self, key: str, value: Any) -> Iterator[Any]:
        """A top-level value that is not a list of records, checked (and given) as soon as it is read."""
        path = str(self.path)
        if key == "format" and value != FORMAT:
            raise FormatError(path, 1, f"is a “{value}” file, not a LinkOrganizer archive")
        if key == "version":
            if not isinstance(value, int) or isinstance(value, bool):
                raise FormatError(path, 1, "“version” must be a whole number")
            if value > VERSION:
                raise FormatError(
                    path, 1, f"was written by a newer LinkOrganizer (archive version {value}); update to import it"
                )
        if key in LIST_KEYS:
            raise FormatError(path, 1, f"“{key}” must be a list")
        if key == "tags":
            if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
                raise FormatError(path, 1, "“tags” must be a list of text")
            for name in value:
                yield TagRecord(name)
        if key == "settings":
            if not isinstance(value, dict):
                raise FormatError(path, 1, "“settings” must be a JSON object")
            checker = _Item(self.path, 1, "“settings”", value)
            for name, setting in value.items():
                checker.checked(name, name + json.dumps(setting, ensure_ascii=False))
                yield SettingRecord(name, setting)


# ------------------------------------------------------------------------------------------------------ writing


def _moment(value: _dt.datetime | None) -> str | None:
    return value.isoformat(" ", "seconds") if value else None  # str() of it without the microseconds


JSON_FIELDS = tuple(spec for spec in CONTACT_FIELDS if spec.json)


def _contact_json(spec: FieldSpec) -> Callable[[ContactDetail], Any]:
    """How the archive writes one field of a contact, by its kind (core.fields); chosen once, not per contact."""
    name = spec.name
    if spec.kind == "labeled":
        kind = DETAIL_KINDS[name]
        return lambda detail: [{"label": e.label, "value": e.value} for e in detail.fields[kind]]
    if spec.kind == "names":
        return lambda detail: list(getattr(detail, name))
    if spec.kind == "mapping":
        return lambda detail: detail.extra
    if spec.kind == "blob":
        return lambda detail: base64.b64encode(detail.photo).decode("ascii") if detail.photo else None
    if spec.kind == "moment":
        return lambda detail: _moment(getattr(detail, name))
    if spec.kind == "url":
        return lambda detail: detail.values[name] or ""
    if spec.kind == "date":
        return lambda detail: value.isoformat() if (value := detail.values[name]) else None
    return lambda detail: detail.values[name]


# (name, True) for a field written as it is held, else (name, how it is written).
_PLAIN_KINDS = frozenset({"text", "verbatim", "birthday", "days", "stage"})
_CONTACT_JSON: tuple[tuple[str, Callable[[ContactDetail], Any] | bool], ...] = tuple(
    (spec.name, True if spec.kind in _PLAIN_KINDS else _contact_json(spec)) for spec in JSON_FIELDS
)


def _document(content: NetworkContent) -> dict[str, Any]:
    """The archive's top-level values in the order they are written; the lists are iterators when the content
    is streamed (each item turned into JSON as it is taken)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "contacts": (_contact_item(detail) for detail in content.contacts),
        "groups": (_group_json(group) for group in content.groups),
        "invitations": (_invitation_json(inv) for inv in content.invitations),
        "introductions": (_introduction_json(intro) for intro in content.introductions),
        "interactions": (_interaction_json(i) for i in content.interactions),
    }
    if content.tags is not None:
        document["tags"] = content.tags
    if content.settings is not None:
        document["settings"] = content.settings
    return document


def _contact_item(detail: ContactDetail) -> dict[str, Any]:
    item: dict[str, Any] = {"id": detail.id}
    values = detail.values
    for name, written in _CONTACT_JSON:
        item[name] = values[name] if written is True else written(detail)
    return item


def archive_document(contact_ids: Sequence[int] | None = None, group_name: str | None = None) -> dict[str, Any]:
    """Build the archive for all of the network, or for some contacts (and what concerns only them), whole."""
    document = _document(read_network(contact_ids, group_name))
    for key in LIST_KEYS:
        document[key] = list(document[key])
    return document


def _group_json(group: GroupRecord) -> dict[str, Any]:
    return {
        "name": group.name,
        "purpose": group.purpose,
        "colour": group.colour,
        "position": group.position,
        "collapsed": group.collapsed,
        "slots": [{"role": s.role, "needed": s.needed} for s in group.slots],
        "members": [{"contact": ref, "slot": slot} for ref, slot in group.members],
        "created_at": _moment(group.created_at),
        "updated_at": _moment(group.updated_at),
    }


def _invitation_json(inv: InvitationRecord) -> dict[str, Any]:
    return {
        "id": inv.ref,
        "direction": inv.direction,
        "name": inv.name,
        "profile_url": inv.profile_url,
        "message": inv.message,
        "sent_at": _moment(inv.sent_at),
        "state": inv.state,
        "reply": inv.reply,
        "note": inv.note,
        "contact": inv.contact_ref,
        "events": [{"from": e.from_state, "to": e.to_state, "at": _moment(e.at), "note": e.note} for e in inv.events],
        "state_changed_at": _moment(inv.state_changed_at),
        "created_at": _moment(inv.created_at),
        "updated_at": _moment(inv.updated_at),
    }


def _introduction_json(intro: IntroductionRecord) -> dict[str, Any]:
    return {
        "id": intro.ref,
        "contact": intro.contact_ref,
        "scheduled_at": _moment(intro.scheduled_at),
        "duration_minutes": intro.duration_minutes,
        "agenda": intro.agenda,
        "notes": intro.notes,
        "their_needs": intro.their_needs,
        "my_offer": intro.my_offer,
        "outcome": intro.outcome,
        "held_at": _moment(intro.held_at),
        "created_at": _moment(intro.created_at),
        "updated_at": _moment(intro.updated_at),
    }


def _interaction_json(i: InteractionRecord) -> dict[str, Any]:
    return {
        "contact": i.contact_ref,
        "kind": i.kind,
        "occurred_at": _moment(i.occurred_at),
        "note": i.note,
        "introduction": i.introduction_ref,
        "created_at": _moment(i.created_at),
        # Only when set: an archive of a network nobody marks anything private in reads as before.
        **({"private": True} if i.private else {}),
    }


def write_archive(path: str | os.PathLike[str], contact_ids: Sequence[int] | None = None, group_name: str | None = None) -> int:
    """Write the archive, a page of records at a time as they are read (in one read transaction); return the
    number of contacts in it."""
    with snapshot():
        content = stream_network(contact_ids, group_name)
        with atomic_write(path) as fh:
            dump(_document(content), fh)
    return content.count


WRITE_PAGE = 1000  # records encoded before they are written together


def _record_encoder() -> Callable[[Any], str]:
    """``json.dumps(item, ensure_ascii=False)``, with json's C encoder made once: JSONEncoder.encode makes a new one
    for every call, which is most of the cost of encoding a small record. Where the C encoder is missing or
    does not write exactly what the standard encoder writes, the standard encoder."""
    standard = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:
        return standard.encode
    try:
        encoder = make(None, standard.default, json.encoder.encode_basestring, None, ": ", ", ", False, False, True)
        sample = {"id": 1, "text": 'é\n"\\\u2028', "list": [1.5, None, True, {"a": []}], "none": None}
        if "".join(encoder(sample, 0)) != standard.encode(sample):
            return standard.encode
    except (TypeError, ValueError):
        return standard.encode
    return lambda item: "".join(encoder(item, 0))


def dump(document: dict[str, Any], fh: Any) -> None:
    """Write the document with one record per line: readable, diffable, and written by json's fast C encoder
    (an ``indent`` would switch json to its pure-Python encoder, several times slower on a large network).

    A list may be any iterable: its items are encoded and written a page at a time, never all held at once."""
    encode = _record_encoder()
    keys = list(document)
    fh.write("{\n")
    for i, key in enumerate(keys):
        value = document[key]
        fh.write(f"  {json.dumps(key)}: ")
        if key in LIST_KEYS:
            page: list[str] = []
            written = False
            for item in value:
                page.append(encode(item))
                if len(page) >= WRITE_PAGE:
                    fh.write(("[\n    " if not written else ",\n    ") + ",\n    ".join(page))
                    page, written = [], True
            if page:
                fh.write(("[\n    " if not written else ",\n    ") + ",\n    ".join(page))
                written = True
            fh.write("\n  ]" if written else "[]")
        else:
            fh.write(json.dumps(value, ensure_ascii=False))
        fh.write(",\n" if i < len(keys) - 1 else "\n")
    fh.write("}\n")


# Format detection: a score for how much of the header this format knows (0: not this format).
SIGNATURE_SCORE = 1000


def sniff_archive(head: Head) -> int:
    """Any JSON: only the archive reader reads JSON (and says precisely why a JSON file is not an archive)."""
    return SIGNATURE_SCORE if looks_like_archive(head.text) else 0
