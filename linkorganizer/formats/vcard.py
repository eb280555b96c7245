"""vCard 2.1, 3.0 and 4.0: a tolerant reader of what phones and address books really write, and a strict writer.

Reading uses a line parser of our own rather than vobject, because vobject loses data on exactly the files people
have (reference/formats.md §6.3: unescaped commas cut values, quoted-printable soft breaks and BOMs abort the
file, 4.0 data-URI photos lose their payload, one bad line stops every card after it). The parser:

* unfolds lines (CRLF, LF or CR, mixed; a continuation loses exactly ONE leading space or tab), after joining
  quoted-printable soft breaks, whose continuation lines are not indented, and 2.1 base64 blocks, which end with
  a blank line;
* reads ``group.NAME;params:value`` with bare 2.1 parameters (``TEL;WORK;VOICE``), repeated ``type=`` (Apple),
  quoted lists (``TYPE="work,voice"``), ``PREF=1``, ``CHARSET`` and ``ENCODING``;
* unescapes ``\\,`` ``\\;`` ``\\\\`` ``\\n`` ``\\N`` and the non-standard ``\\:`` and ``\\"`` (Google); an unescaped
  comma in a single-valued text property is text, never a list separator (2.1 never escapes them);
* maps ``itemN.X-ABLabel`` onto the property of the same group, so a URL labelled "LinkedIn" (or any URL on
  ``linkedin.com/in/``, or ``X-SOCIALPROFILE;type=linkedin``) becomes the profile URL.

Where values go (ContactRecord has no field for some of them; they live in ``extra``):

* ``N`` → first/middle/last name and the name suffix (honorific suffixes, ``PhD, MBA``); honorific prefixes →
  ``extra["name_prefix"]``. ``FN`` becomes the display name only when it differs from the name the app would
  show anyway (composed name, else first e-mail, else company).
* ``ORG`` → company is the organisation name only; its units (``ORG:Acme;Sales``) are kept as
  ``extra["org"] = {"name": "Acme", "units": ["Sales"]}`` and written back only while the company is unchanged.
  (Joining them into the company would break matching against LinkedIn, whose company has no units.)
* ``ADR`` → one readable multi-line address; when its structure is more than a street, the seven fields are
  kept in ``extra["vcard_adr"][<that text>]`` so the writer puts them back exactly.
* ``BDAY`` in every form of reference §6.2; year-less birthdays stay year-less (``--MM-DD``), including Apple's
  ``X-APPLE-OMIT-YEAR=1604`` and the year ``0000``. Text birthdays (``VALUE=text``) and unreadable dates are
  kept in ``extra["birthday_text"]`` with a warning.
* ``PHOTO`` inline (2.1 BASE64 block, 3.0 ``ENCODING=b``, Apple ``BASE64``, 4.0 ``data:`` URI) → photo bytes.
  A photo that is a web link (Google) is **never fetched** (that needs the user's Google login and tells Google
  who opens the file): the link is kept in ``extra["photo_url"]`` and written back, and one warning per file
  says how many cards had one. A photo that is not valid base64 is left out with a warning.
* ``CATEGORIES`` → tags, without Google's and Android's system groups (``myContacts``, ``starred``,
  ``My Contacts``, ``Starred in Android``).
* The app's own fields travel as ``X-LINKORGANIZER-*`` properties (location, how I can help, how they can help,
  stage, cadence, connected on, goal groups), so our own export → import keeps every field.
* Every other property (``NICKNAME``, ``X-ABDATE``, ``IMPP``, ``UID``, a second ``TITLE`` …) is kept as its
  unfolded line in ``extra["vcard"]`` and written back on export.

Dropped knowingly: ``VERSION``, ``PRODID`` and ``REV`` (they describe the exporting program and the export, not
the person), Apple's ``X-ABADR`` (a country-code hint for address layout), ``X-MS-OL-DESIGN`` when larger than
4 KB (Outlook's business-card layout XML, on every Outlook card; no other program uses it), and any other single
property over 4 KB (``LOGO``, ``SOUND``, ``KEY`` blobs, a second photo) — those with a warning. Capability types
(``voice``, ``text``, ``video``, ``internet`` …) are not labels and are not kept.

A malformed card (a line that is not ``NAME:value``, or no ``END:VCARD`` before the next ``BEGIN:VCARD`` or the
end of the file) is skipped with its line and the reason; the other cards import, and a record's ``line`` is the
line of its ``BEGIN:VCARD``. A card describing nobody (only tags, stage or cadence) is skipped too. Text between
cards is a warning. A file whose first non-blank line is not ``BEGIN:VCARD``, or without any card, is a
:class:`FormatError`.

Writing: 3.0 by default (what Google, Apple, Outlook and vobject all read), 4.0 on request. UTF-8, CRLF, folded
at 75 octets without splitting a UTF-8 character, text escaped per RFC 6350 §3.4 (URIs only for backslashes and
line breaks, plus commas in 3.0, which vobject would otherwise split on). N and FN are always present; FN is the
name the app shows (display name, composed name, first e-mail, company). Labels that are plain vCard types
(``home``, ``work``, ``mobile``, ``fax``, ``pager`` and their combinations) become ``TYPE=``; any other label goes
into an ``itemN.X-ABLabel`` (Apple's system form for ``other``, ``homepage``, ``main`` …), so every label comes
back exactly. The profile URL is ``itemN.URL`` + ``itemN.X-ABLabel:LinkedIn`` (Apple and Google both show that
label). Year-less birthdays are ``BDAY:--MMDD`` in both versions; full dates are ``YYYY-MM-DD`` in 3.0 and
``YYYYMMDD`` in 4.0. The first e-mail and phone carry ``PREF`` when there are several.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import os
import quopri
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_to_bytes

from linkorganizer.core import normalize
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.fields import FieldSpec, vcard_extensions, vcard_n_components
from linkorganizer.core.records import (
    MAX_FIELD,
    MAX_PHOTO,
    STAGES,
    ContactRecord,
    FormatError,
    Labeled,
    RowWarning,
    Skipped,
)
from linkorganizer.formats.textio import FileReader, Head, atomic_write

MAX_KEPT_LINE = 4096  # characters; a longer unknown property is a blob, not something a person typed
EXPORT_CHUNK = 1000
WRITE_VERSIONS = ("3.0", "4.0")
FOLD_OCTETS = 75

# Property names a quoted-printable soft break can be followed by (the value ended with a dangling "=").
KNOWN_PROPERTIES = frozenset(
    {
        "BEGIN", "END", "VERSION", "N", "FN", "ORG", "TITLE", "ROLE", "TEL", "EMAIL", "ADR", "LABEL", "URL",
        "NOTE", "BDAY", "PHOTO", "CATEGORIES", "REV", "UID", "NICKNAME", "PRODID", "LOGO", "SOUND", "KEY",
        "AGENT", "GEO", "TZ", "MAILER", "CLASS", "SORT-STRING", "SOURCE", "NAME", "IMPP", "KIND", "GENDER",
        "LANG", "ANNIVERSARY", "RELATED", "MEMBER", "XML", "FBURL", "CALADRURI", "CALURI", "CLIENTPIDMAP",
        "SOCIALPROFILE",
    }
)
DROPPED = frozenset({"VERSION", "PRODID", "REV", "X-ABADR"})
SILENTLY_DROPPED_IF_LARGE = frozenset({"X-MS-OL-DESIGN"})
# TYPE values that say what a number or address can do, not which one it is.
NOT_LABELS = frozenset(
    {
        "pref", "internet", "x400", "voice", "video", "text", "textphone", "msg", "bbs", "modem", "isdn", "pcs",
        "dom", "intl", "postal", "parcel", "encoding",
    }
)
SYSTEM_CATEGORIES = frozenset({"mycontacts", "starred", "my contacts", "starred in android"})
APPLE_LABELS = {"homepage": "homepage", "homefax": "home fax", "workfax": "work fax", "otherfax": "other fax"}
# Labels written in Apple's system form, which Apple shows in the user's language and Google understands.
APPLE_SYSTEM_LABELS = {"other": "Other", "homepage": "HomePage", "main": "Main", "iphone": "iPhone", "school": "School"}
# Labels the writer expresses as TYPE words (the reader gives exactly these words back); any other label
# goes into an itemN.X-ABLabel, which Apple and Google both read and which keeps any text.
TYPE_WORDS = {
    "EMAIL": {"home": "HOME", "work": "WORK"},
    "TEL": {"home": "HOME", "work": "WORK", "mobile": "CELL", "fax": "FAX", "pager": "PAGER"},
    "ADR": {"home": "HOME", "work": "WORK"},
    "URL": {"home": "HOME", "work": "WORK"},
}
LINKEDIN_LABEL = "LinkedIn"
APP_PREFIX = "X-LINKORGANIZER-"
# From core.fields: the N components that are fields (0 family, 1 given, 2 additional, 4 honorific suffixes), and
# the app's own fields carried as X-LINKORGANIZER-* properties, in the order the writer puts them.
N_COMPONENTS: dict[int, str] = vcard_n_components()
APP_FIELDS: dict[str, FieldSpec] = {spec.vcard.property: spec for spec in vcard_extensions() if spec.vcard}

_NAME = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*")
_PROPERTY_START = re.compile(r"(?:[A-Za-z0-9_-]+\.)?([A-Z][A-Z0-9_-]*)(?:;[^:]*)?:")
_BASE64_TEXT = re.compile(r"[A-Za-z0-9+/=]+")
_GROUP = re.compile(r"([A-Za-z0-9_-]+)\.(?=[A-Za-z0-9_-]+[;:])")
_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:[T ].*)?")
_NO_YEAR = re.compile(r"--(\d{2})-?(\d{2})")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\", ":": ":", '"': '"'}


def looks_like_vcard(head_text: str) -> bool:
    """Whether the start of a file (decoded) is a vCard: BEGIN:VCARD after an optional BOM and blank lines."""
    for line in head_text.lstrip("\ufeff").splitlines():
        if line.strip():
            return line.strip().upper().replace(" ", "") == "BEGIN:VCARD"
    return False


# ------------------------------------------------------------------------------------------------ line level


class _BadLine(Exception):
    pass


@dataclass(slots=True)
class _Property:
    line: int
    group: str  # lower-case, "" when none
    name: str  # upper-case
    params: dict[str, list[str]]
    value: str
    raw: str  # the unfolded line as read
    encoding: str = ""  # "qp" (value already decoded) or "b" (value is base64 text)

    def param(self, key: str) -> str:
        values = self.params.get(key)
        return values[0] if values else ""

    @property
    def types(self) -> list[str]:
        return self.params.get("TYPE", [])


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _encoding_flags(line: str) -> tuple[bool, bool]:
    """(quoted-printable, base64) from the parameters on the first physical line of a property."""
    if ":" not in line:
        return False, False
    params = {p.strip().upper() for p in line.split(":", 1)[0].split(";")[1:]}
    qp = bool(params & {"QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE"})
    b64 = bool(params & {"BASE64", "B", "ENCODING=BASE64", "ENCODING=B"})
    return qp, b64


def _starts_property(line: str) -> bool:
    if not line:
        return True
    m = _PROPERTY_START.match(line)
    return bool(m) and (m.group(1) in KNOWN_PROPERTIES or m.group(1).startswith("X-"))


def _logical_lines(physical: Iterator[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """Join folded lines, quoted-printable soft breaks and 2.1 base64 blocks; yield (first line number, text)."""
    start = 0
    parts: list[str] = []
    qp = b64 = False
    for number, line in physical:
        if parts and qp and parts[-1].rstrip(" \t").endswith("="):
            # A soft break: the value goes on, on a line that is usually NOT indented. Decoding happens later,
            # on the joined value, so a break inside a multi-byte character is harmless.
            parts[-1] = parts[-1].rstrip(" \t")[:-1]
            if line and not _starts_property(line):
                parts.append(line[1:] if line[:1] in " \t" else line)
                continue
            # A dangling "=" before the next property or a blank line (Outlook writes both): the value ends.
        if parts and line[:1] in (" ", "\t"):
            parts.append(line[1:])
            continue
        if parts and b64 and _BASE64_TEXT.fullmatch(line.strip() or "-"):
            parts.append(line.strip())  # a 2.1 base64 block: unindented lines until a blank line
            continue
        if parts:
            yield start, "".join(parts)
            parts = []
        if not line.strip():
            continue
        start = number
        line = line.lstrip(" \t")
        parts = [line]
        qp, b64 = _encoding_flags(line)
    if parts:
        yield start, "".join(parts)


def _split_quoted(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    buf: list[str] = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif ch == sep and not quoted:
            parts.append("".join(buf))
            buf = []
            continue
        buf.append(ch)
    parts.append("".join(buf))
    return parts


def _add_param(params: dict[str, list[str]], token: str) -> None:
    token = token.strip()
    if not token:
        return
    key, eq, value = token.partition("=")
    if not eq:  # a bare 2.1 parameter: an encoding or a type
        upper = token.upper()
        if upper in ("QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"):
            params.setdefault("ENCODING", []).append(upper)
        else:
            params.setdefault("TYPE", []).append(token.lower())
        return
    key = key.strip().upper()
    values = [v.strip().strip('"').strip() for v in _split_quoted(value, ",")]
    if key == "TYPE":
        # TYPE="work,voice" (4.0) is one quoted value holding a list.
        values = [t.strip().lower() for v in values for t in v.split(",")]
    params.setdefault(key, []).extend(v for v in values if v)


def _parse_property(number: int, text: str) -> _Property:
    m = _NAME.match(text)
    if not m:
        raise _BadLine(f"line {number} (“{_short(text)}”) is not a vCard property (NAME:value)")
    names = m.group(0).split(".")
    params: dict[str, list[str]] = {}
    i, n = m.end(), len(text)
    while i < n and text[i] == ";":
        j = i + 1
        quoted = False
        while j < n and (quoted or text[j] not in ";:"):
            if text[j] == '"':
                quoted = not quoted
            j += 1
        _add_param(params, text[i + 1 : j])
        i = j
    if i >= n or text[i] != ":":
        raise _BadLine(f"line {number} (“{_short(text)}”) is not a vCard property (NAME:value)")
    return _Property(
        line=number,
        group=".".join(names[:-1]).lower(),
        name=names[-1].upper(),
        params=params,
        value=text[i + 1 :],
        raw=text,
    )


# ------------------------------------------------------------------------------------------------ value level


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in _ESCAPES:
            out.append(_ESCAPES[text[i + 1]])
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _split(text: str, sep: str) -> list[str]:
    """Split on *sep* where it is not escaped; the parts keep their escapes."""
    if sep not in text:
        return [text]
    parts: list[str] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n:
            buf.append(text[i : i + 2])
            i += 2
            continue
        if ch == sep:
            parts.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _usable_as_profile(url: str) -> bool:
    """Whether *url* is a web address the importer can use as a profile (not ``[`` or ``x:port``)."""
    return normalize.is_web_url(url)


def _is_linkedin_profile(url: str) -> bool:
    return normalize.is_linkedin_profile(url) and normalize.is_web_url(url)


def _apple_label(text: str) -> str:
    m = _APPLE_LABEL.fullmatch(text)
    if not m:
        return text
    inner = m.group(1).strip()
    return APPLE_LABELS.get(inner.lower(), inner.lower())


def _decode_base64(text: str) -> bytes | None:
    cleaned = re.sub(r"\s+", "", text)
    if not cleaned:
        return None
    cleaned = cleaned.rstrip("=")
    cleaned += "=" * (-len(cleaned) % 4)
    try:
        return base64.b64decode(cleaned, validate=True) or None
    except (binascii.Error, ValueError):
        return None


def _format_address(fields: list[str]) -> str:
    pobox, extended, street, locality, region, code, country = fields
    city = locality
    tail = " ".join(part for part in (region, code) if part)
    if city and tail:
        city = f"{city}, {tail}"
    else:
        city = city or tail
    return "\n".join(part for part in (pobox, extended, street, city, country) if part)


@dataclass(slots=True)
class _Card:
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Url:
    value: str
    label: str
    linkedin: bool  # labelled or typed as the LinkedIn profile


# ----------------------------------------------------------------------------------------------------- reader


def has_content(rec: ContactRecord) -> bool:
    """Whether a card describes someone. Tags, goal groups, stage and cadence alone do not (Android writes cards
    holding nothing but ``CATEGORIES:My Contacts``)."""
    return bool(
        rec.first_name or rec.middle_name or rec.last_name or rec.display_name or rec.company or rec.position
        or rec.location or rec.profile_url or rec.emails or rec.phones or rec.addresses or rec.urls
        or rec.birthday or rec.connected_on or rec.photo or rec.notes.strip() or rec.help_them.strip()
        or rec.help_me.strip()
    )



class VCardReader(FileReader):
    """Streams the cards of a .vcf file (2.1, 3.0, 4.0; any number of cards) as contact records."""

    format_name = "vcard"

    # -- cards -------------------------------------------------------------------------------------------------

    def _physical(self) -> Iterator[tuple[int, str]]:
        for number, line in enumerate(self._file.lines(), start=1):
            yield number, line.rstrip("\r\n")

    def items(self) -> Iterator[Any]:
        self._photo_links: list[int] = []
        card: _Card | None = None
        seen_card = False
        for number, text in _logical_lines(self._physical()):
            if len(text) > MAX_FIELD and (len(text) > MAX_PHOTO * 4 // 3 + 100 or text[:5].upper() != "PHOTO"):
                raise self.error(
                    number, f"holds a value longer than a field can be ({MAX_FIELD // (1024 * 1024)} MB; a photo "
                    f"{MAX_PHOTO // (1024 * 1024)} MB): the file is damaged or not a contact export",
                )
            word = text.strip().upper().replace(" ", "") if text[:6].upper() in ("BEGIN:", "END:VC") else ""
            if word == "BEGIN:VCARD":
                if card is not None:
                    yield Skipped(card.line, f"the card has no END:VCARD before the next card starts (line {number})")
                card = _Card(number)
                seen_card = True
                continue
            if word == "END:VCARD":
                if card is None:
                    yield RowWarning(number, "END:VCARD without a BEGIN:VCARD; ignored")
                else:
                    yield from self._convert(card)
                    card = None
                continue
            if card is not None:
                card.lines.append((number, text))
            elif not seen_card:
                raise FormatError(
                    str(self.path), number, f"is not a vCard file: it starts with “{_short(text.strip())}”, not BEGIN:VCARD"
                )
            else:
                yield RowWarning(number, f"text between two cards ignored: “{_short(text.strip())}”")
        if card is not None:
            yield Skipped(card.line, "the card has no END:VCARD: the file ends first (is it cut off?)")
        if not seen_card:
            raise FormatError(str(self.path), None, "is not a vCard file: there is no BEGIN:VCARD in it")
        if self._photo_links:
            count = len(self._photo_links)
            yield RowWarning(
                self._photo_links[0],
                f"{count} card{'s link' if count != 1 else ' links'} to a photo on the web instead of including it; "
                "the link is kept, the photo is not downloaded",
            )

    # -- decoding ----------------------------------------------------------------------------------------------

    def _decode_qp(self, value: str, charset: str) -> str:
        codec = "utf-8" if self._file.encoding.startswith("utf-16") else self._file.encoding
        data = quopri.decodestring(value.encode(codec, errors="replace"))
        for name in (charset, "utf-8", "cp1252"):
            if not name:
                continue
            try:
                return _one_line(data.decode(name))
            except (LookupError, UnicodeDecodeError):
                continue
        return _one_line(data.decode("cp1252", errors="replace"))  # pragma: no cover - cp1252 decodes nearly all

    def _decode(self, prop: _Property) -> None:
        encoding = prop.param("ENCODING").upper()
        charset = prop.param("CHARSET")
        if encoding == "QUOTED-PRINTABLE":
            prop.value = self._decode_qp(prop.value, charset)
            prop.encoding = "qp"
        elif encoding in ("B", "BASE64"):
            prop.encoding = "b"
        elif charset and self._file.encoding == "cp1252" and charset.lower().replace("_", "-") in ("utf-8", "utf8"):
            # The file as a whole is not UTF-8, but this line says it is: undo the wrong decoding if possible.
            try:
                prop.value = prop.value.encode("cp1252").decode("utf-8")
            except UnicodeError:
                pass

    # -- one card ----------------------------------------------------------------------------------------------

    def _convert(self, card: _Card) -> Iterator[Any]:
        props: list[_Property] = []
        for number, text in card.lines:
            if "\x00" in text:
                yield Skipped(card.line, f"the card is damaged: line {number} holds binary data (a NUL byte)")
                return
            try:
                prop = _parse_property(number, text)
            except _BadLine as exc:
                yield Skipped(card.line, f"the card is damaged: {exc}")
                return
            self._decode(prop)
            props.append(prop)
        version = next((p.value.strip() for p in props if p.name == "VERSION"), "3.0")
        v21 = version.startswith("2")
        group_labels = {
            p.group: _apple_label(_unescape(p.value).strip()) for p in props if p.name == "X-ABLABEL" and p.group
        }
        consumed_groups: set[str] = set()
        rec = ContactRecord(source="vcard", line=card.line)
        extra: dict[str, Any] = {}
        kept: list[_Property] = []
        fn = ""
        have = set()
        notes: list[str] = []
        labelled: dict[str, list[tuple[int, int, Labeled]]] = {"email": [], "phone": [], "address": [], "url": []}
        urls: list[_Url] = []
        address_labels: list[tuple[int, int, Labeled]] = []
        structured_addresses: dict[str, list[str]] = {}

        def label_of(prop: _Property) -> str:
            if prop.group and prop.group in group_labels:
                consumed_groups.add(prop.group)
                return group_labels[prop.group]
            words: list[str] = []
            for word in prop.types:
                word = "mobile" if word == "cell" else word
                if word and word not in NOT_LABELS and word not in words:
                    words.append(word)
            return " ".join(words)

        def rank(prop: _Property) -> int:
            pref = prop.param("PREF")
            if pref.isdigit():
                return int(pref)
            return 1 if "pref" in prop.types else 101

        def text_of(prop: _Property) -> str:
            return _unescape(prop.value)

        for prop in props:
            name = prop.name
            first = name not in have
            have.add(name)
            if name in DROPPED or name == "X-ABLABEL":
                continue
            if name == "N" and first:
                fields = _split(prop.value, ";") + [""] * 5
                parts: list[str] = []
                for index, component in enumerate(fields[:5]):
                    if v21:
                        parts.append(_unescape(component).strip())
                        continue
                    items = [_unescape(item).strip() for item in _split(component, ",")]
                    joiner = ", " if index >= 3 else " "
                    parts.append(joiner.join(item for item in items if item))
                for index, field_name in N_COMPONENTS.items():
                    setattr(rec, field_name, parts[index])
                if parts[3]:
                    extra["name_prefix"] = parts[3]  # no field of its own: "Dr." is not part of the name shown
            elif name == "FN" and first:
                fn = text_of(prop).strip()
            elif name == "ORG" and first:
                components = [_unescape(c).strip() for c in _split(prop.value, ";")]
                rec.company = components[0]
                units = [c for c in components[1:] if c]
                if units:
                    extra["org"] = {"name": rec.company, "units": units}
            elif name == "TITLE" and first:
                rec.position = text_of(prop).strip()
            elif name == "EMAIL":
                value = text_of(prop).strip()
                if value:
                    labelled["email"].append((rank(prop), prop.line, Labeled(value, label_of(prop))))
            elif name == "TEL":
                if prop.param("VALUE").lower() == "uri":
                    value = prop.value.strip()
                    if value.lower().startswith("tel:"):
                        value = value[4:]
                    value = re.sub(r";ext=", " ext. ", value, flags=re.IGNORECASE)
                else:
                    value = text_of(prop).strip()
                if value:
                    labelled["phone"].append((rank(prop), prop.line, Labeled(value, label_of(prop))))
            elif name == "ADR":
                fields = [_unescape(c).strip() for c in _split(prop.value, ";")]
                fields = (fields + [""] * 7)[:7] if len(fields) <= 7 else fields[:6] + [", ".join(fields[6:])]
                value = _format_address(fields)
                if value:
                    labelled["address"].append((rank(prop), prop.line, Labeled(value, label_of(prop))))
                    if fields != ["", "", value, "", "", "", ""]:
                        structured_addresses[value] = fields
            elif name == "LABEL":
                value = text_of(prop).strip()
                if value:
                    address_labels.append((rank(prop), prop.line, Labeled(value, label_of(prop))))
                kept.append(prop)
            elif name == "URL":
                value = text_of(prop).strip()
                if value:
                    label = label_of(prop)
                    urls.append(_Url(value, label, label.casefold() == "linkedin" or "linkedin" in prop.types))
            elif name in ("X-SOCIALPROFILE", "SOCIALPROFILE"):
                value = text_of(prop).strip()
                service = next((t for t in prop.types if t not in NOT_LABELS), "")
                user = prop.param("X-USER")
                if service == "linkedin" and user and not _is_linkedin_profile(value):
                    value = f"https://www.linkedin.com/in/{user}"
                if value:
                    urls.append(_Url(value, service, service == "linkedin"))
            elif name == "NOTE":
                notes.append(text_of(prop))
            elif name == "BDAY" and first:
                yield from self._birthday(prop, rec, extra)
            elif name == "CATEGORIES":
                for piece in _split(prop.value, ","):
                    tag = _unescape(piece).strip()
                    if tag and tag.casefold() not in SYSTEM_CATEGORIES and tag not in rec.tags:
                        rec.tags.append(tag)
            elif name == "PHOTO" and rec.photo is None and "photo_url" not in extra:
                yield from self._photo(prop, rec, extra)
            elif name.startswith(APP_PREFIX) and first:
                yield from self._app_field(prop, rec)
            else:
                kept.append(prop)

        rec.notes = "\n\n".join(notes)
        for kind, attr in (("email", "emails"), ("phone", "phones"), ("address", "addresses")):
            entries = labelled[kind]
            if kind == "address" and not entries:
                entries = address_labels  # a card with only a formatted LABEL still has an address
            entries.sort(key=lambda e: (e[0], e[1]))  # preferred first, then file order
            setattr(rec, attr, [e[2] for e in entries])
        profile = next((u for u in urls if u.linkedin and _usable_as_profile(u.value)), None) or next(
            (u for u in urls if _is_linkedin_profile(u.value)), None
        )
        if profile is not None:
            rec.profile_url = profile.value
        rec.urls = [Labeled(u.value, u.label) for u in urls if u is not profile]
        first_email = rec.emails[0].value if rec.emails else ""
        # Most programs write FN without the honorific suffixes N has; that name says nothing more either.
        composed = {
            normalize.full_name("", rec.first_name, rec.middle_name, rec.last_name, rec.company, first_email, suffix=suffix)
            for suffix in ("", rec.name_suffix)
        }
        if fn and fn not in composed:
            rec.display_name = fn
        if structured_addresses:
            extra["vcard_adr"] = structured_addresses
        raw_lines: list[str] = []
        for prop in kept:
            if prop.name == "X-ABLABEL":
                continue
            line = self._keep_line(prop, v21)
            if len(line) > MAX_KEPT_LINE:
                if prop.name not in SILENTLY_DROPPED_IF_LARGE:
                    yield RowWarning(
                        prop.line, f"{prop.name} ({len(line) // 1024} KB) is too large to keep; left out"
                    )
                continue
            raw_lines.append(line)
        # Labels of groups nothing else used (Google's anniversary, a related name) stay with their property.
        for prop in props:
            if prop.name == "X-ABLABEL" and prop.group not in consumed_groups:
                raw_lines.append(self._keep_line(prop, v21))
        if raw_lines:
            extra["vcard"] = raw_lines
        rec.extra = extra
        if not has_content(rec):
            yield Skipped(card.line, "the card is empty: no name, e-mail address, phone number or other detail")
            return
        yield rec

    def _keep_line(self, prop: _Property, v21: bool) -> str:
        """The property as a line a 3.0/4.0 writer can put back: decoded from QP, base64 on one line."""
        if not prop.encoding and not v21:
            return prop.raw
        params = [
            (key, values) for key, values in prop.params.items() if key not in ("ENCODING", "CHARSET") and values
        ]
        value = prop.value
        if prop.encoding == "b":
            params.append(("ENCODING", ["b"]))
            value = re.sub(r"\s+", "", value)
        else:
            if v21:  # 2.1 never escapes commas; 3.0 readers would take them as list separators
                value = re.sub(r"(?<!\\),", r"\\,", value)
            value = value.replace("\n", "\\n")
        head = f"{prop.group}.{prop.name}" if prop.group else prop.name
        for key, values in params:
            quoted = [f'"{v}"' if any(c in v for c in ",;:") else v for v in values]
            head += f";{key}={','.join(quoted)}"
        return f"{head}:{value}"

    def _birthday(self, prop: _Property, rec: ContactRecord, extra: dict[str, Any]) -> Iterator[RowWarning]:
        text = _unescape(prop.value).strip()
        if not text:
            return
        if prop.param("VALUE").lower() == "text":
            extra["birthday_text"] = text
            yield RowWarning(prop.line, f"the birthday “{text}” is text, not a date; kept as a note in the contact's data")
            return
        candidate = text
        if m := _DATE.fullmatch(text):
            year, month, day = m.groups()
            omit = prop.param("X-APPLE-OMIT-YEAR")
            # Apple writes year-less birthdays as 1604 plus this parameter; some tools write the year 0000.
            if (omit and year == omit) or year == "0000":
                candidate = f"--{month}-{day}"
            else:
                candidate = f"{year}-{month}-{day}"
        elif m := _NO_YEAR.fullmatch(text):
            candidate = f"--{m.group(1)}-{m.group(2)}"
        value = normalize.birthday(candidate)
        if value:
            rec.birthday = value
            return
        extra["birthday_text"] = text
        yield RowWarning(prop.line, f"the birthday “{text}” is not a date; kept as text in the contact's data")

    def _photo(self, prop: _Property, rec: ContactRecord, extra: dict[str, Any]) -> Iterator[RowWarning]:
        value = prop.value.strip()
        if not value:
            return
        if prop.encoding != "b":
            value = _unescape(value)  # Google writes https\://
            if value[:5].lower() == "data:":
                header, _, payload = value.partition(",")
                if ";base64" in header.lower():
                    value = payload
                else:
                    rec.photo = unquote_to_bytes(payload) or None
                    return
            elif prop.param("VALUE").lower() in ("uri", "url") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
                extra["photo_url"] = value
                if value[:4].lower() == "http":
                    self._photo_links.append(prop.line)
                return
        data = _decode_base64(value)
        if data is None:
            yield RowWarning(prop.line, "the photo is not valid base64 data; left out")
            return
        rec.photo = data

    def _app_field(self, prop: _Property, rec: ContactRecord) -> Iterator[RowWarning]:
        spec = APP_FIELDS.get(prop.name)
        if spec is None:
            yield RowWarning(prop.line, f"{prop.name} is not a LinkOrganizer field this version knows; ignored")
            return
        name = spec.name
        text = _unescape(prop.value)
        if spec.kind == "verbatim":
            setattr(rec, name, text)
        elif spec.kind == "stage":
            if text.strip() in STAGES:
                setattr(rec, name, text.strip())
            elif text.strip():
                yield RowWarning(prop.line, f"unknown stage “{text.strip()}”; the default stage is used")
        elif spec.kind == "days":
            if text.strip().isdigit() and int(text.strip()) >= 1:
                setattr(rec, name, int(text.strip()))
            elif text.strip():
                yield RowWarning(prop.line, f"the keep-in-touch cadence “{text.strip()}” is not a number of days; ignored")
        elif spec.kind == "date":
            parsed = normalize.parse_date(text)
            if parsed is not None:
                setattr(rec, name, parsed)
            elif text.strip():
                yield RowWarning(prop.line, f"“{spec.label.lower()}” date “{text.strip()}” is not a date; ignored")
        elif spec.kind == "names":
            names = getattr(rec, name)
            for piece in _split(prop.value, ","):
                item = _unescape(piece).strip()
                if item and item not in names:
                    names.append(item)
        else:
            setattr(rec, name, text.strip())


# ----------------------------------------------------------------------------------------------------- writer


_ESCAPED = re.compile(r"[\x00\\,;\r\n]")


def escape_text(text: str) -> str:
    """RFC 6350 §3.4 text escaping: backslash, comma, semicolon, newline (any line break becomes \\n)."""
    if not text or _ESCAPED.search(text) is None:  # most values: nothing to escape, one scan instead of seven
        return text
    return (
        text.replace("\x00", "")
        .replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def _escape_uri(text: str, v4: bool) -> str:
    """A URI is not text (RFC 6350), but a backslash or a line break must still not reach the file raw; 3.0
    readers such as vobject also split URLs on unescaped commas."""
    text = text.replace("\x00", "").replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return text if v4 else text.replace(",", "\\,")


def fold(line: str, limit: int = FOLD_OCTETS) -> str:
    """Fold one content line at *limit* octets (CRLF + space), never inside a UTF-8 character."""
    if line.isascii():
        if len(line) <= limit:
            return line
        pieces = [line[:limit]] + [line[i : i + limit - 1] for i in range(limit, len(line), limit - 1)]
        return "\r\n ".join(pieces)
    if len(line.encode("utf-8")) <= limit:
        return line
    pieces: list[str] = []
    current: list[str] = []
    size, cap = 0, limit
    for ch in line:
        width = len(ch.encode("utf-8", errors="surrogatepass"))
        if size + width > cap:
            pieces.append("".join(current))
            current, size, cap = [], 0, limit - 1  # continuation lines carry the leading space
        current.append(ch)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _photo_type(data: bytes) -> str:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return ""


class _CardWriter:
    def __init__(self, version: str) -> None:
        self.v4 = version == "4.0"
        self.version = version
        self.lines: list[str] = []
        self.groups = 0

    def add(self, line: str) -> None:
        self.lines.append(line)

    def group(self) -> str:
        self.groups += 1
        return f"item{self.groups}"

    def labelled(self, name: str, value: str, label: str, *, pref: bool, internet: bool = False) -> None:
        words = label.split(" ") if label else []
        vocabulary = TYPE_WORDS[name]
        typed = bool(words) and len(set(words)) == len(words) and all(w in vocabulary for w in words)
        types = ["INTERNET"] if internet and not self.v4 else []
        if typed:
            types += [vocabulary[w] for w in words]
        params = ""
        if types:
            params += ";TYPE=" + ",".join(t.lower() if self.v4 else t for t in types)
        if pref:
            params += ";PREF=1" if self.v4 else (",PREF" if types else ";TYPE=PREF")
        if label and not typed:
            group = self.group()
            self.add(f"{group}.{name}{params}:{value}")
            system = APPLE_SYSTEM_LABELS.get(label)
            self.add(f"{group}.X-ABLabel:{'_$!<' + system + '>!$_' if system else escape_text(label)}")
        else:
            self.add(f"{name}{params}:{value}")

    def text(self) -> str:
        text = "\r\n".join(self.lines) + "\r\n"
        if text.isascii() and max(map(len, self.lines)) <= FOLD_OCTETS:
            return text  # most cards: no line to fold
        return "".join(fold(line) + "\r\n" for line in self.lines)


def card_text(detail: ContactDetail, version: str = "3.0") -> str:
    """One contact as a vCard (CRLF line ends, folded)."""
    if version not in WRITE_VERSIONS:
        raise ValueError(f"vCard version {version!r} cannot be written (one of {', '.join(WRITE_VERSIONS)})")
    values = detail.values
    extra = detail.extra if isinstance(detail.extra, dict) else {}
    out = _CardWriter(version)
    v4 = out.v4
    first, middle, last = values["first_name"] or "", values["middle_name"] or "", values["last_name"] or ""
    company = values["company"] or ""
    emails, phones = detail.fields["email"], detail.fields["phone"]
    prefix = extra.get("name_prefix") if isinstance(extra.get("name_prefix"), str) else ""
    # A suffix imported before it had a field of its own is still in extra.
    suffix = values["name_suffix"] or (extra.get("name_suffix") if isinstance(extra.get("name_suffix"), str) else "")
    out.add("BEGIN:VCARD")
    out.add(f"VERSION:{version}")
    out.add("PRODID:-//LinkOrganizer//vCard export//EN")
    n_parts = ["", "", "", prefix, ""]
    for index, field_name in N_COMPONENTS.items():
        n_parts[index] = values[field_name] or ""
    n_parts[4] = n_parts[4] or suffix
    # One value per component: a suffix "PhD, MBA" is written escaped (PhD\, MBA) and read back as one text.
    out.add("N:" + ";".join(escape_text(part) for part in n_parts))
    first_email = emails[0].value if emails else ""
    full = normalize.full_name(
        values["display_name"] or "", first, middle, last, company, first_email, suffix=values["name_suffix"] or ""
    )
    out.add("FN:" + escape_text(full))
    org = extra.get("org")
    units: list[str] = []
    if isinstance(org, dict) and org.get("name") == company and isinstance(org.get("units"), list):
        units = [u for u in org["units"] if isinstance(u, str) and u]
    if company or units:
        out.add("ORG:" + ";".join(escape_text(part) for part in (company, *units)))
    if values["position"]:
        out.add("TITLE:" + escape_text(values["position"]))
    for i, item in enumerate(emails):
        out.labelled("EMAIL", escape_text(item.value), item.label, pref=i == 0 and len(emails) > 1, internet=True)
    for i, item in enumerate(phones):
        out.labelled("TEL", escape_text(item.value), item.label, pref=i == 0 and len(phones) > 1)
    structured = extra.get("vcard_adr") if isinstance(extra.get("vcard_adr"), dict) else {}
    for item in detail.fields["address"]:
        fields = structured.get(item.value)
        if not (isinstance(fields, list) and len(fields) == 7 and all(isinstance(f, str) for f in fields)):
            fields = ["", "", item.value, "", "", "", ""]
        out.labelled("ADR", ";".join(escape_text(f) for f in fields), item.label, pref=False)
    if values["profile_url"]:
        group = out.group()
        out.add(f"{group}.URL:{_escape_uri(values['profile_url'], v4)}")
        out.add(f"{group}.X-ABLabel:{LINKEDIN_LABEL}")
    for item in detail.fields["url"]:
        out.labelled("URL", _escape_uri(item.value, v4), item.label, pref=False)
    birthday = values["birthday"] or ""
    if birthday.startswith("--"):
        out.add("BDAY:--" + birthday[2:].replace("-", ""))
    elif birthday:
        out.add("BDAY:" + (birthday.replace("-", "") if v4 else birthday))
    elif isinstance(extra.get("birthday_text"), str) and extra["birthday_text"]:
        out.add("BDAY;VALUE=text:" + escape_text(extra["birthday_text"]))
    if values["notes"]:
        out.add("NOTE:" + escape_text(values["notes"]))
    if detail.tags:
        out.add("CATEGORIES:" + ",".join(escape_text(tag) for tag in detail.tags))
    if detail.photo:
        kind = _photo_type(detail.photo)
        data = base64.b64encode(detail.photo).decode("ascii")
        if v4:
            out.add(f"PHOTO:data:{'image/' + kind if kind else 'application/octet-stream'};base64,{data}")
        else:
            out.add(f"PHOTO;ENCODING=b{';TYPE=' + kind.upper() if kind else ''}:{data}")
    elif isinstance(extra.get("photo_url"), str) and extra["photo_url"]:
        url = _escape_uri(extra["photo_url"], v4)
        out.add(f"PHOTO:{url}" if v4 else f"PHOTO;VALUE=uri:{url}")
    for prop_name, spec in APP_FIELDS.items():
        if spec.kind == "names":
            names = getattr(detail, spec.name)
            if names:
                out.add(f"{prop_name}:" + ",".join(escape_text(n) for n in names))
            continue
        value = values[spec.name]
        if spec.kind == "date":
            text = value.isoformat() if isinstance(value, _dt.date) else str(value or "")
        else:
            text = str(value) if value else ""
        if text:
            out.add(f"{prop_name}:{escape_text(text)}")
    kept = extra.get("vcard")
    if isinstance(kept, list):
        renamed: dict[str, str] = {}
        for line in kept:
            if not isinstance(line, str) or "\n" in line or "\r" in line or not _NAME.match(line):
                continue
            m = _GROUP.match(line)
            if m:  # our own itemN groups took the numbers; keep lines of one old group together
                old = m.group(1).lower()
                if old not in renamed:
                    renamed[old] = out.group()
                line = renamed[old] + "." + line[m.end() :]
            out.add(line.replace("\x00", ""))
    out.add("END:VCARD")
    return out.text()


def write_vcard(path: str | os.PathLike[str], contact_ids: Sequence[int], version: str = "3.0") -> int:
    """Write the contacts as one .vcf file (UTF-8, CRLF); return how many were written."""
    if version not in WRITE_VERSIONS:
        raise ValueError(f"vCard version {version!r} cannot be written (one of {', '.join(WRITE_VERSIONS)})")
    ids = list(contact_ids)
    count = 0
    with atomic_write(path, encoding="utf-8", newline="") as fh:
        for start in range(0, len(ids), EXPORT_CHUNK):
            for detail in get_contacts(ids[start : start + EXPORT_CHUNK]):
                fh.write(card_text(detail, version))
                count += 1
    return count


# Format detection: a score for how much of the header this format knows (0: not this format).
SIGNATURE_SCORE = 1000  # BEGIN:VCARD says it outright; no CSV header scores near this


def sniff_vcard(head: Head) -> int:
    return SIGNATURE_SCORE if looks_like_vcard(head.text) else 0
