"""LinkedIn's own data export: ``Connections.csv`` in every era, ``Invitations.csv`` and ``messages.csv``.

Facts the Connections reader relies on (see the format reference): since 2021 the file starts with a three-line
``Notes:`` preamble, so the header is found by its content, not by a line count; the ``URL`` column appeared in
2023; ``Connected On`` is ``08 Aug 2012``, or ``12-Mar-24`` after an Excel re-save, or ``9/14/18, 3:05 PM`` in 2018;
members who hide their profile appear as a row holding only the date.

Invitations.csv and messages.csv are described where their readers are (:class:`LinkedInInvitations`,
:class:`LinkedInMessages`). All three map columns by name, never by position: LinkedIn has added, renamed and
re-cased columns over the years.
"""

from __future__ import annotations

import datetime as dt
import operator
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from linkorganizer.core.normalize import (
    parse_date,
    parse_datetime,
    profile_url,
    split_credentials,
    split_name_suffix,
)
from linkorganizer.core.records import (
    ContactRecord,
    FormatError,
    InteractionRecord,
    InvitationRecord,
    Labeled,
    RowWarning,
    Skipped,
)
from linkorganizer.formats.csv_generic import parse_local_date, split_full_name
from linkorganizer.formats.textio import FileReader, Head

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
    """Whether the start of a file (decoded) looks like a Connections.csv, preamble or not, in any dialect."""
    return sniff_connections(Head.of(text)) > 0


def sniff_connections(head: Head) -> int:
    """The number of LinkedIn columns in the first row that has "First Name" and "Connected On" (after a
    preamble, in whatever dialect a spreadsheet saved it); 0 when there is none."""
    for row in head.rows:
        if is_connections_header(list(row)):
            return len({_header_key(c) for c in row} & COLUMNS.keys())
    return 0


_SPREADSHEET_DATE = re.compile(r"^\d{1,2}[./]\d{1,2}[./]\d{4}$")


def _spreadsheet_date(text: str, day_first: bool) -> dt.date | None:
    """``12.03.2024`` (always day first), ``12/03/2024`` (day first in a ";" file, else month first): what
    Excel writes over "Connected On" when it re-saves the file in the user's locale."""
    if not _SPREADSHEET_DATE.match(text.strip()):
        return parse_date(text) if day_first else None
    value = parse_local_date(text, day_first=day_first)
    if not value or value.startswith("--"):
        return None
    return dt.date.fromisoformat(value)


def _cut_short(fields: int, width: int) -> str:
    return (
        f"has {fields} of the header's {width} fields: the row is cut short (the file may be cut off); "
        "check what was imported from it"
    )


class LinkedInConnections(FileReader):
    """Streams the contacts of a Connections.csv as records (plus skipped rows and warnings)."""

    format_name = "linkedin"

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
        # A spreadsheet in a comma-decimal locale saves with ";" and writes dates day first (12.03.2024,
        # 12/03/2024); LinkedIn itself and US Excel write month first.
        day_first = self._file.delimiter() == ";"
        # Column positions, or None for a column this era of the file does not have (the loop below is per row).
        first_i, last_i, url_i, email_i, company_i, position_i, connected_i = (
            index.get(name)
            for name in ("first_name", "last_name", "profile_url", "email", "company", "position", "connected_on")
        )

        def cell(row: list[str], position: int | None) -> str:
            return row[position].strip() if position is not None and position < len(row) else ""

        positions = (first_i, last_i, url_i, email_i, company_i, position_i, connected_i)
        # A row as wide as the header (nearly every row) has its seven cells taken in one call; the columns an
        # older export does not have are read as empty.
        take_cells = operator.itemgetter(*(0 if p is None else p for p in positions))
        absent = frozenset(i for i, p in enumerate(positions) if p is None)

        for line, row in rows:
            if len(row) == width:
                values = take_cells(row)
                if absent:
                    values = tuple("" if i in absent else value for i, value in enumerate(values))
                first, last, url, email, company, position, connected_text = values
                first, last, url, email = first.strip(), last.strip(), url.strip(), email.strip()
                company, position, connected_text = company.strip(), position.strip(), connected_text.strip()
                if not (first or last or url or email or company or position or connected_text):
                    if not any(c.strip() for c in row):
                        continue  # blank line
            else:
                if not any(row) or not any(c.strip() for c in row):
                    continue  # blank line
                first, last, url = cell(row, first_i), cell(row, last_i), cell(row, url_i)
                email, company, position = cell(row, email_i), cell(row, company_i), cell(row, position_i)
                connected_text = cell(row, connected_i)
            if len(row) > width and any(c.strip() for c in row[width:]):
                raise FormatError(
                    str(self.path),
                    line,
                    f"has {len(row)} fields where the header has {width}: the file is damaged or a field lost its quotes",
                )
            seen_rows += 1
            if len(row) < width:
                yield RowWarning(line, _cut_short(len(row), width))
            if not (first or last or url or email or company or position):
                yield Skipped(line, "hidden member: LinkedIn exports only the connection date")
                continue
            connected = parse_date(connected_text) if not day_first else None
            if connected is None:
                connected = _spreadsheet_date(connected_text, day_first)
            if connected is None and connected_text:
                yield RowWarning(line, f"“Connected On” value “{connected_text}” is not a date; left empty")
            # LinkedIn has no suffix column: credentials follow the last name after a comma ("Boateng, PhD, MBA"),
            # or the whole name when it was typed in the first-name field alone ("Ana Lima, CFA").
            last, suffix = split_name_suffix(last)
            if not last and "," in first:
                whole, suffix = split_credentials(first)
                if suffix:
                    first, last = split_full_name(whole)
            yield ContactRecord(
                first_name=first,
                last_name=last,
                name_suffix=suffix,
                company=company,
                position=position,
                profile_url=url,
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


# ------------------------------------------------------------------------ Invitations.csv and messages.csv


def _person_key(name: str) -> str:
    """A display name as a comparable key: spacing and case ignored."""
    return " ".join(name.split()).casefold()


class _NamedColumnsFile(FileReader):
    """A LinkedIn CSV whose first row is its header; columns are found by name (any case, quotes removed)."""

    format_name = ""
    kind = ""  # "Invitations" — what the error messages call the file
    columns: dict[str, str] = {}
    required: tuple[str, ...] = ()
    known: frozenset[str] = frozenset()  # columns LinkedIn writes that the reader does not need (no warning)

    def _fail(self, line: int | None, reason: str) -> FormatError:
        return FormatError(str(self.path), line, reason)

    def __init__(self, path: str | os.PathLike[str]) -> None:
        super().__init__(path)
        self._notes: list[RowWarning] = []  # rows cut short, read but not yet reported

    def items(self) -> Iterator[Any]:
        """The file's records (:meth:`_records`), each preceded by what its row left to say (cut short)."""
        self._notes.clear()
        for item in self._records():
            if self._notes:
                yield from self._notes
                self._notes.clear()
            yield item
        yield from self._notes

    def _records(self) -> Iterator[Any]:
        raise NotImplementedError

    def _table(
        self, quiet: bool = False
    ) -> tuple[int, dict[str, int], list[RowWarning], Iterator[tuple[int, dict[str, str]]]]:
        """(header line, column name → position, warnings about the header, the data rows as name → value).

        A row cut short is noted for :meth:`items` to report before the record made from it (not when *quiet*:
        a first pass that only looks)."""
        rows = self._file.csv_rows()  # the dialect of the header line: a message may hold any separator
        header_line, header = self._find_header(rows)
        index: dict[str, int] = {}
        warnings: list[RowWarning] = []
        for position, cell in enumerate(header):
            key = _header_key(cell)
            if key in self.columns and self.columns[key] not in index:
                index[self.columns[key]] = position
            elif key and key not in self.known:
                reason = f"column “{cell.strip()}” is not part of a LinkedIn {self.kind} export; ignored"
                warnings.append(RowWarning(header_line, reason))
        return header_line, index, warnings, self._values(rows, index, len(header), quiet)

    def _find_header(self, rows: Iterator[tuple[int, list[str]]]) -> tuple[int, list[str]]:
        for line, row in rows:
            keys = {_header_key(c) for c in row}
            if all(name in keys for name in self.required):
                return line, row
            if any(cell.strip() for cell in row) or line >= HEADER_SEARCH_LINES:
                break  # these files have no preamble: the first line that says anything is the header
        names = ", ".join(f"“{name.title()}”" for name in self.required)
        raise self._fail(None, f"is not a LinkedIn {self.kind} export: its header does not have the columns {names}")

    def _values(
        self, rows: Iterator[tuple[int, list[str]]], index: dict[str, int], width: int, quiet: bool
    ) -> Iterator[tuple[int, dict[str, str]]]:
        for line, row in rows:
            if not any(cell.strip() for cell in row):
                continue  # blank line
            if len(row) > width and any(cell.strip() for cell in row[width:]):
                raise self._fail(
                    line,
                    f"has {len(row)} fields where the header has {width}: the file is damaged or a field lost its quotes",
                )
            if len(row) < width and not quiet:
                self._notes.append(RowWarning(line, _cut_short(len(row), width)))
            yield line, {name: (row[pos].strip() if pos < len(row) else "") for name, pos in index.items()}


class LinkedInInvitations(_NamedColumnsFile):
    """Streams the invitations of an Invitations.csv as records (plus skipped rows and warnings).

    Header ``From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl`` since late 2023, the same
    without the two URL columns before. ``Direction`` is ``INCOMING`` (someone invited the user: the person is
    ``From``, their profile ``inviterProfileUrl``) or ``OUTGOING`` (the user invited them: ``To`` and
    ``inviteeProfileUrl``); any other value means the file is not what it claims, so the import stops at that line.
    ``Sent At`` is ``"5/21/24, 8:51 PM"``, local time without a zone; it is kept naive, as written (a narrow
    no-break space before AM/PM is read too). One that cannot be read leaves ``sent_at`` empty, with a warning.
    Every invitation arrives in state "new"; the importer keeps re-imports from duplicating them.
    """

    format_name = "linkedin-invitations"
    kind = "Invitations"
    columns = {
        "from": "from",
        "to": "to",
        "sent at": "sent_at",
        "message": "message",
        "direction": "direction",
        "inviterprofileurl": "inviter_url",
        "inviter profile url": "inviter_url",
        "inviteeprofileurl": "invitee_url",
        "invitee profile url": "invitee_url",
    }
    required = ("from", "to", "sent at", "direction")

    def _records(self) -> Iterator[Any]:
        header_line, _, warnings, rows = self._table()
        yield from warnings
        seen_rows = 0
        for line, values in rows:
            seen_rows += 1
            direction_text = values.get("direction", "")
            direction = direction_text.lower()
            if direction not in ("incoming", "outgoing"):
                shown = f"is “{direction_text}”" if direction_text else "is empty"
                raise self._fail(line, f"“Direction” {shown}: an invitation is INCOMING or OUTGOING")
            if direction == "incoming":
                name, url = values.get("from", ""), values.get("inviter_url", "")
            else:
                name, url = values.get("to", ""), values.get("invitee_url", "")
            if not (name or url):
                yield Skipped(line, "an invitation without a name or a profile URL")
                continue
            sent_text = values.get("sent_at", "")
            sent_at = parse_datetime(sent_text.replace("\u00a0", " "))
            if sent_at is None:
                yield RowWarning(
                    line,
                    f"“Sent At” value “{sent_text}” is not a date and time; left empty"
                    if sent_text
                    else "no “Sent At” date; left empty",
                )
            yield InvitationRecord(
                direction=direction,
                name=name,
                profile_url=url,
                message=values.get("message", ""),
                sent_at=sent_at,
                state="new",
                line=line,
            )
        if seen_rows == 0:
            raise self._fail(header_line, "has a header but no invitations below it")


def looks_like_invitations(header: list[str]) -> bool:
    """Whether a header row (cells) is an Invitations.csv header, with or without the profile-URL columns."""
    keys = {_header_key(c) for c in header}
    return all(name in keys for name in LinkedInInvitations.required)


def sniff_invitations(head: Head) -> int:
    """The number of Invitations.csv columns in the header; 0 when it is not one."""
    return _named_score(head.header, LinkedInInvitations)


def _named_score(header: list[str], reader: type[_NamedColumnsFile]) -> int:
    keys = {_header_key(c) for c in header}
    if not all(name in keys for name in reader.required):
        return 0
    return len(keys & (reader.columns.keys() | reader.known))


NOTE_CONTENT_CHARS = 500
TRUE_VALUES = frozenset({"yes", "true", "1", "y"})


@dataclass(frozen=True, slots=True)
class _Party:
    name: str
    url: str = ""


@dataclass(slots=True)
class _Owner:
    """Whose export it is: their name (as a key) and the profile URLs seen with it."""

    key: str
    urls: frozenset[str] = frozenset()

    def matches(self, party: _Party) -> bool:
        if party.url and profile_url(party.url) in self.urls:
            return True
        return bool(party.name) and _person_key(party.name) == self.key


def _recipients(names: str, urls: str) -> list[_Party]:
    """The TO side: one name and URL, or (group conversations) comma-separated URLs with as many names."""
    url_list = [u for u in urls.replace(";", ",").replace(" ", ",").split(",") if u]
    if len(url_list) > 1:
        name_list = [n.strip() for n in names.split(",")]
        if len(name_list) != len(url_list):
            name_list = [""] * len(url_list)  # a name with a comma in it: rely on the URLs alone
        return [_Party(n, u) for n, u in zip(name_list, url_list)]
    if not names and not url_list:
        return []
    return [_Party(names, url_list[0] if url_list else "")]


def message_note(subject: str, content: str) -> str:
    """Subject, a blank line, and the first ~500 characters of the content, cut at a word and marked as cut."""
    content = content.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(content) > NOTE_CONTENT_CHARS:
        cut = content[:NOTE_CONTENT_CHARS]
        space = max(cut.rfind(" "), cut.rfind("\n"))
        if space > NOTE_CONTENT_CHARS - 60:
            cut = cut[:space]
        content = f"{cut.rstrip()}… [shortened: the message has {len(content)} characters]"
    subject = " ".join(subject.split())
    return "\n\n".join(part for part in (subject, content) if part)


class LinkedInMessages(_NamedColumnsFile):
    """Streams a messages.csv as one ``message`` interaction per message, named by the other person.

    Three eras, all mapped by column name (any case, quotes removed), never by position:

    - 2018: ``From,To,Date,Subject,Content,Direction,Folder``; dates ``5/21/18, 8:51 PM`` (local, kept as written);
    - 2024: ``CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,
      CONTENT,FOLDER``; dates ``2024-05-21 18:51:00 UTC`` (kept in UTC, without the zone);
    - 2026: every field quoted, the header too; ``ATTACHMENTS``, ``IS MESSAGE DRAFT``, ``IS CONVERSATION DRAFT``
      added; CONTENT holds real line breaks.

    **Who is "the user".** An interaction belongs to the *other* person: the sender of a message the user received,
    the recipient(s) of one the user sent. A row says which it is when it has ``Direction`` (``INCOMING`` /
    ``OUTGOING``, 2018) or sits in the ``SENT`` folder. Otherwise (2024 on, where FOLDER is ``INBOX`` either way) the
    user is whoever the export belongs to, which the file never states — but they take part in *every* message,
    so the most frequent participant name (ties broken by the number of conversations) is the user, and a row
    sent from that name (or from a profile URL seen with it) is one the user sent. When no one stands out (a file
    holding one conversation), the reader does not guess: pass ``owner`` (the user's name or profile URL), or
    those rows are skipped with the reason. Working this out needs a first pass over the file that keeps only a
    count per name, so memory stays small.

    **What is kept.** ``occurred_at`` is the message date; the note is the subject and the first ~500 characters
    of the content — a longer message is shortened in the note, and the note says so; it is never rejected. The
    contact is named by profile URL and name; the importer resolves them against the network and reports a person
    who is not among the contacts as skipped. Drafts (``IS MESSAGE DRAFT`` / ``IS CONVERSATION DRAFT`` true, or
    a ``DRAFTS`` folder) were never sent and are skipped; so are rows whose date cannot be read. Re-importing the
    same file adds nothing (the importer matches contact, kind, time and note).
    """

    format_name = "linkedin-messages"
    kind = "messages"
    columns = {
        "conversation id": "conversation",
        "from": "from",
        "sender profile url": "sender_url",
        "to": "to",
        "recipient profile urls": "recipient_urls",
        "recipient profile url": "recipient_urls",
        "date": "date",
        "subject": "subject",
        "content": "content",
        "direction": "direction",
        "folder": "folder",
        "is message draft": "message_draft",
        "is conversation draft": "conversation_draft",
    }
    known = frozenset({"conversation title", "attachments"})
    required = ("from", "to", "date", "content")

    def __init__(self, path: str | os.PathLike[str], owner: str = "", owner_url: str = "") -> None:
        super().__init__(path)
        owner = owner.strip()
        self._owner: _Owner | None = None
        if owner:
            url = profile_url(owner) if "linkedin.com/" in owner.lower() else ""
            self._owner = _Owner("" if url else _person_key(owner), frozenset({url} if url else ()))
        if owner_url.strip():
            # The data archive knows both: the name from Profile.csv, the URL from Invitations.csv.
            known = self._owner or _Owner("")
            self._owner = _Owner(known.key, known.urls | {profile_url(owner_url)})

    def _records(self) -> Iterator[Any]:
        header_line, index, warnings, rows = self._table()
        owner = self._owner
        if owner is None and "direction" not in index:
            rows.close()  # the first pass below reads the file again from the start
            owner = self._guess_owner()
            header_line, index, warnings, rows = self._table()
        yield from warnings
        seen_rows = 0
        for line, values in rows:
            seen_rows += 1
            yield from self._message(line, values, owner)
        if seen_rows == 0:
            raise self._fail(header_line, "has a header but no messages below it")

    def _message(self, line: int, values: dict[str, str], owner: _Owner | None) -> Iterator[Any]:
        if _is_draft(values):
            yield Skipped(line, "a draft, never sent")
            return
        direction_text = values.get("direction", "")
        direction = direction_text.lower()
        if direction not in ("", "incoming", "outgoing"):
            raise self._fail(line, f"“Direction” is “{direction_text}”: a message is INCOMING or OUTGOING")
        date_text = values.get("date", "")
        occurred = parse_datetime(date_text)
        if occurred is None:
            reason = f"the date “{date_text}” cannot be read" if date_text else "a message without a date"
            yield Skipped(line, reason)
            return
        sender = _Party(values.get("from", ""), values.get("sender_url", ""))
        recipients = _recipients(values.get("to", ""), values.get("recipient_urls", ""))
        if direction:
            sent = direction == "outgoing"
        elif values.get("folder", "").lower() == "sent":
            sent = True
        elif owner is not None:
            sent = owner.matches(sender)
        else:
            yield Skipped(
                line,
                "cannot tell whether you sent or received this message: the file has no Direction and no one"
                " takes part in more messages than the others",
            )
            return
        others = recipients if sent else [sender]
        if owner is not None:
            others = [party for party in others if not owner.matches(party)]
        others = [party for party in others if party.name or party.url]
        if not others:
            yield Skipped(line, "a message you sent names no recipient" if sent else "a message without a sender")
            return
        note = message_note(values.get("subject", ""), values.get("content", ""))
        for party in others:
            yield InteractionRecord(
                kind="message",
                occurred_at=occurred,
                note=note,
                contact_url=party.url,
                contact_name=party.name,
                line=line,
            )

    def _guess_owner(self) -> _Owner | None:
        """The participant in most messages (then most conversations); None when two are level."""
        _, _, _, rows = self._table(quiet=True)
        messages: Counter[str] = Counter()
        conversations: dict[str, set[str]] = {}
        urls: dict[str, set[str]] = {}
        for line, values in rows:
            if _is_draft(values):
                continue
            conversation = values.get("conversation", "")
            parties = [_Party(values.get("from", ""), values.get("sender_url", ""))]
            parties += _recipients(values.get("to", ""), values.get("recipient_urls", ""))
            for key in {_person_key(p.name) for p in parties if p.name.strip()}:
                messages[key] += 1
                if conversation:
                    conversations.setdefault(key, set()).add(conversation)
            for party in parties:
                if party.name.strip() and party.url:
                    urls.setdefault(_person_key(party.name), set()).add(profile_url(party.url))
        ranked = sorted(messages, key=lambda key: (messages[key], len(conversations.get(key, ()))), reverse=True)
        if not ranked:
            return None
        best = ranked[0]
        if len(ranked) > 1:
            runner_up = ranked[1]
            if (messages[best], len(conversations.get(best, ()))) == (
                messages[runner_up],
                len(conversations.get(runner_up, ())),
            ):
                return None
        return _Owner(best, frozenset(urls.get(best, ())))


def _is_draft(values: dict[str, str]) -> bool:
    if values.get("message_draft", "").lower() in TRUE_VALUES:
        return True
    if values.get("conversation_draft", "").lower() in TRUE_VALUES:
        return True
    return values.get("folder", "").lower() in ("draft", "drafts")


def looks_like_messages(header: list[str]) -> bool:
    """Whether a header row (cells) is a messages.csv header of any era."""
    keys = {_header_key(c) for c in header}
    return all(name in keys for name in LinkedInMessages.required)


def sniff_messages(head: Head) -> int:
    """The number of messages.csv columns in the header; 0 when it is not one."""
    return _named_score(head.header, LinkedInMessages)
