"""LinkedIn's whole data archive: ``Basic_LinkedInDataExport_*.zip`` / ``Complete_LinkedInDataExport_*.zip``, or the
folder it was unpacked into, read as one import.

Each member is recognised by its header, never by its file name (LinkedIn renames and re-cases them, users rename
them too); columns are found by name. What is used, in the order it is imported:

- ``Profile.csv``: the owner of the archive. Their name, with the profile URL that is the same side of every row of
  ``Invitations.csv``, is the ``owner`` the messages reader needs to tell what you sent from what you received;
- ``Connections.csv`` (every era): the contacts;
- ``Notes.csv`` (2026): your private notes on connections, appended to each contact's notes;
- ``Invitations.csv`` and ``messages.csv`` (every era): invitations, and message interactions;
- ``Endorsement_Received_Info.csv`` / ``Endorsement_Given_Info.csv``: one interaction of kind
  ``endorsement_received`` / ``endorsement`` per endorsement, the skill (and a status other than ACCEPTED) in
  the note;
- ``Recommendations_Received.csv`` / ``Recommendations_Given.csv``: kind ``recommendation_received`` /
  ``recommendation``, the text in the note. Both files have one header, so which of the two a member is — and only
  that — is told by its name ("given" or "received" in it); a member whose name says neither is not used.

Everything else (your positions, skills, shares, ads …) is about you, not your contacts, and is listed as not used,
one warning per member. Interactions name people by profile URL and name; a name without a URL (recommendations,
pre-2023 archives) is completed from the archive's own connections when exactly one connection has it.

A zip is read without trusting it: at most :data:`MAX_MEMBERS` members and :data:`MAX_TOTAL` bytes unpacked, no
member packed tighter than :data:`MAX_RATIO` to 1 (a zip bomb), each used member unpacked (never by its own name)
into a private temporary folder that is removed afterwards. A member that cannot be read before it yields anything
(an empty Invitations.csv, a table whose header is not LinkedIn's) is listed and passed over; one that is damaged
after some of its records were read refuses the whole archive, naming the member and the line, as a single file
would be refused.
"""

from __future__ import annotations

import codecs
import datetime as dt
import os
import shutil
import tempfile
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from linkorganizer.core.normalize import parse_datetime, profile_url
from linkorganizer.core.records import (
    ContactRecord,
    FormatError,
    InteractionRecord,
    PartStart,
    RowWarning,
    Skipped,
)
from linkorganizer.formats.linkedin import (
    LinkedInConnections,
    LinkedInInvitations,
    LinkedInMessages,
    _header_key,
    _NamedColumnsFile,
    message_note,
    sniff_connections,
    sniff_invitations,
    sniff_messages,
)
from linkorganizer.formats.textio import SAMPLE_SIZE, Head, TextFile, file_problem, is_container, with_left_out

MAX_MEMBERS = 2000  # a Complete archive has about 42
MAX_TOTAL = 4 * 1024**3  # unpacked, all members together
MAX_RATIO = 100  # CSV text packs about 5-20 to 1; a zip bomb about 1000 to 1
RATIO_FROM = 16 * 1024 * 1024  # small members may pack tighter (a file of one repeated line)
FOLDER_DEPTH = 2  # an unpacked archive holds its members at the top, perhaps in one folder of its own

# What each kind of member is called in the report, in the order they are imported.
KINDS: dict[str, str] = {
    "profile": "your profile",
    "connections": "connections",
    "notes": "your notes on connections",
    "invitations": "invitations",
    "messages": "messages",
    "endorsements_received": "endorsements you received",
    "endorsements_given": "endorsements you gave",
    "recommendations_received": "recommendations you received",
    "recommendations_given": "recommendations you gave",
}
INTERACTION_KINDS = {
    "endorsements_received": "endorsement_received",
    "endorsements_given": "endorsement",
    "recommendations_received": "recommendation_received",
    "recommendations_given": "recommendation",
}


# ------------------------------------------------------------------------------------------ the container


@dataclass(slots=True)
class Member:
    """One file of the archive: its name inside it, its unpacked size, and what it was recognised as."""

    name: str
    size: int
    kind: str = ""  # a key of KINDS, or "" for a member that is not used
    reason: str = ""  # why it is not used

    @property
    def base(self) -> str:
        return PurePosixPath(self.name).name


class _Container:
    """A zip file or a folder, as a list of members whose start and whole bytes can be had."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.members: list[Member] = []

    def head(self, member: Member) -> bytes:
        raise NotImplementedError

    def file(self, member: Member, folder: Path) -> Path:
        """A path to the member's bytes (unpacked into *folder* when it is inside a zip)."""
        raise NotImplementedError

    def close(self) -> None:
        pass

    def fail(self, reason: str) -> FormatError:
        return FormatError(str(self.path), None, reason)


def _ignored(name: str) -> bool:
    """macOS's resource forks and hidden files are no part of an export."""
    parts = PurePosixPath(name).parts
    return any((part.startswith(".") and part not in (".", "..")) or part == "__MACOSX" for part in parts)


class _Folder(_Container):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        found: list[Member] = []
        for root, dirs, files in os.walk(path):
            depth = len(Path(root).relative_to(path).parts)
            dirs[:] = sorted(d for d in dirs if depth + 1 < FOLDER_DEPTH and not d.startswith("."))
            for name in sorted(files):
                relative = (Path(root) / name).relative_to(path).as_posix()
                full = Path(root) / name
                if _ignored(relative) or not full.is_file():
                    continue
                found.append(Member(relative, full.stat().st_size))
                if len(found) > MAX_MEMBERS:
                    raise self.fail(f"holds more than {MAX_MEMBERS:,} files; a LinkedIn archive has about 40")
        self.members = found

    def head(self, member: Member) -> bytes:
        with open(self.path / member.name, "rb") as fh:
            return fh.read(SAMPLE_SIZE)

    def file(self, member: Member, folder: Path) -> Path:
        return self.path / member.name


class _Zip(_Container):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._zip = zipfile.ZipFile(path)
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            raise self.fail(f"is not a readable zip file ({exc}); download the archive again") from None
        except OSError as exc:
            raise self.fail(file_problem(exc)) from None
        files = [info for info in infos if not info.is_dir() and not _ignored(info.filename)]
        if len(files) > MAX_MEMBERS:
            self._zip.close()
            raise self.fail(f"holds {len(files):,} files; a LinkedIn archive has about 40 (at most {MAX_MEMBERS:,})")
        total = sum(info.file_size for info in files)
        if total > MAX_TOTAL:
            self._zip.close()
            raise self.fail(
                f"would unpack to {total / 1024**3:.1f} GB; a LinkedIn archive is far smaller "
                f"(at most {MAX_TOTAL // 1024**3} GB are read)"
            )
        for info in files:
            if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                self._zip.close()
                raise self.fail(
                    f"“{info.filename}” is packed {info.file_size // max(info.compress_size, 1):,} to 1: "
                    "no export packs that tight (a zip bomb?); nothing was unpacked"
                )
        self._infos = {info.filename: info for info in files}
        self.members = [Member(info.filename, info.file_size) for info in files]

    def _open(self, member: Member) -> Any:
        info = self._infos[member.name]
        if info.flag_bits & 0x1:
            raise self._member_error(member, "is encrypted; LinkedIn's archives are not")
        try:
            return self._zip.open(info)
        except NotImplementedError:
            raise self._member_error(member, "is packed in a way this app cannot unpack") from None
        except (zipfile.BadZipFile, EOFError, ValueError, RuntimeError) as exc:
            raise self._member_error(member, f"is damaged in the zip file ({exc})") from None

    def _member_error(self, member: Member, reason: str) -> FormatError:
        return FormatError(f"{self.path} › {member.name}", None, reason)

    def head(self, member: Member) -> bytes:
        with self._open(member) as fh:
            try:
                return fh.read(SAMPLE_SIZE)
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise self._member_error(member, f"is damaged in the zip file ({exc})") from None

    def file(self, member: Member, folder: Path) -> Path:
        # Unpacked under a number and the member's base name, never its path: a name with "../" writes nowhere else.
        target = folder / str(len(list(folder.iterdir())))
        target.mkdir()
        target = target / (member.base or "member.csv")
        written = 0
        limit = self._infos[member.name].file_size
        with self._open(member) as source, open(target, "wb") as out:
            try:
                while block := source.read(1024 * 1024):
                    written += len(block)
                    if written > limit:  # zipfile stops at the declared size; this says so should it not
                        raise self._member_error(member, "unpacks to more than its declared size")
                    out.write(block)
            except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
                raise self._member_error(member, f"is damaged in the zip file ({exc})") from None
            except OSError as exc:
                raise self._member_error(member, f"cannot be unpacked: {file_problem(exc, writing=True)}") from None
        return target

    def close(self) -> None:
        self._zip.close()


def _open_container(path: Path) -> _Container:
    try:
        if path.is_dir():
            return _Folder(path)
    except OSError as exc:
        raise FormatError(str(path), None, file_problem(exc)) from None
    if not is_container(path):
        raise FormatError(str(path), None, "is neither a zip file nor a folder: not a LinkedIn data archive")
    return _Zip(path)


# ------------------------------------------------------------------------------------------ recognising members


def _keys(head: Head) -> set[str]:
    return {_header_key(cell) for cell in head.header}


def _head_of(data: bytes) -> Head | None:
    """The start of a member as the sniffers see it; None for one that is not text."""
    nuls = data.count(0)
    if not data.strip() or (nuls > 1 and nuls * 1000 > len(data)):  # the text reader's rule for binary data
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(data, final=False)
    return Head.of(text)


def _recommendation_side(name: str) -> str:
    lowered = PurePosixPath(name).name.casefold()
    if "given" in lowered:
        return "recommendations_given"
    if "received" in lowered:
        return "recommendations_received"
    return ""


def recognise(name: str, head: Head | None) -> tuple[str, str]:
    """(kind, reason not used) of a member from its header."""
    if head is None:
        return "", "not a text table"
    keys = _keys(head)
    if sniff_connections(head):
        return "connections", ""
    if sniff_messages(head):
        return "messages", ""
    if sniff_invitations(head):
        return "invitations", ""
    if {"endorsement date", "skill name"} <= keys:
        if "endorser first name" in keys or "endorser public url" in keys:
            return "endorsements_received", ""
        if "endorsee first name" in keys or "endorsee public url" in keys:
            return "endorsements_given", ""
    if "note" in keys and ({"connection first name", "connection last name"} <= keys or "connection profile url" in keys):
        return "notes", ""
    if {"first name", "last name"} <= keys and keys & {"text", "body"} and keys & {"creation date", "created date"}:
        side = _recommendation_side(name)
        if side:
            return side, ""
        return "", "recommendations, but the name does not say whether given or received"
    if {"first name", "last name"} <= keys and keys & {"headline", "maiden name", "geo location"}:
        return "profile", ""
    base = PurePosixPath(name).name.casefold()
    if base in ("contacts.csv", "importedcontacts.csv"):
        return "", "address-book contacts you uploaded, not your LinkedIn connections (import the file on its own)"
    return "", "your own LinkedIn data, not about your contacts"


def sniff_archive(path: str | os.PathLike[str]) -> int:
    """How many members of the zip or folder at *path* are LinkedIn tables this reader uses (0: none, or not a
    zip or folder at all). A zip that is damaged or hostile (a zip bomb) raises FormatError saying so."""
    if not is_container(path):
        return 0
    container = _open_container(Path(path))
    try:
        score = 0
        for member in container.members:
            try:
                kind, _ = recognise(member.name, _head_of(container.head(member)))
            except (FormatError, OSError):
                continue
            score += bool(kind) and kind != "profile"
        return score
    finally:
        container.close()


# ------------------------------------------------------------------------------------------ the members' readers


def archive_datetime(text: str) -> dt.datetime | None:
    """``2024/05/21 18:51:00 UTC`` (endorsements), or anything :func:`parse_datetime` reads, or a date alone."""
    text = text.strip()
    if len(text) >= 10 and text[4:5] == "/" and text[:4].isdigit():
        text = text[:10].replace("/", "-") + text[10:]
    found = parse_datetime(text)
    if found is not None:
        return found
    for shape in ("%b %d, %Y", "%d %b %Y", "%B %d, %Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, shape)
        except ValueError:
            continue
    return None


class _People:
    """The connections of the archive by name, so a row naming someone without a URL finds their profile."""

    def __init__(self) -> None:
        self._by_name: dict[str, set[tuple[str, str]]] = {}

    @staticmethod
    def key(first: str, last: str) -> str:
        return " ".join(f"{first} {last}".split()).casefold()

    def add(self, rec: ContactRecord) -> None:
        if rec.profile_url and (rec.first_name or rec.last_name):
            entry = (profile_url(rec.profile_url), rec.company.strip())
            self._by_name.setdefault(self.key(rec.first_name, rec.last_name), set()).add(entry)

    def find(self, first: str, last: str, company: str = "") -> tuple[str, str] | None:
        """(profile URL, company) of the one connection with this name (at this company, when given)."""
        found = self._by_name.get(self.key(first, last), set())
        if company and len(found) > 1:
            found = {entry for entry in found if entry[1].casefold() == company.strip().casefold()}
        return next(iter(found)) if len(found) == 1 else None


class _Endorsements(_NamedColumnsFile):
    """``Endorsement Date,Skill Name,Endorser First Name,Endorser Last Name,Endorser Public Url,Endorsement
    Status`` (received), or the same with ``Endorsee`` (given)."""

    kind = "endorsements"
    columns = {
        "endorsement date": "date",
        "skill name": "skill",
        "endorser first name": "first",
        "endorser last name": "last",
        "endorser public url": "url",
        "endorsee first name": "first",
        "endorsee last name": "last",
        "endorsee public url": "url",
        "endorsement status": "status",
    }
    required = ("endorsement date", "skill name")

    def __init__(self, path: Path, interaction_kind: str, people: _People) -> None:
        super().__init__(path)
        self._kind = interaction_kind
        self._people = people

    def _records(self) -> Iterator[Any]:
        _, _, warnings, rows = self._table()
        yield from warnings
        for line, values in rows:
            skill, first, last = values.get("skill", ""), values.get("first", ""), values.get("last", "")
            url = profile_url(values.get("url", ""))
            if not url and (found := self._people.find(first, last)):
                url = found[0]
            if not (first or last or url):
                yield Skipped(line, "an endorsement that names no one")
                continue
            date_text = values.get("date", "")
            when = archive_datetime(date_text)
            if when is None:
                yield Skipped(line, f"the date “{date_text}” cannot be read" if date_text else "an endorsement without a date")
                continue
            status = values.get("status", "").strip()
            note = f"LinkedIn endorsement: {skill}" if skill else "LinkedIn endorsement"
            if status and status.upper() != "ACCEPTED":
                note += f" ({status.lower()})"
            yield InteractionRecord(
                kind=self._kind,
                occurred_at=when,
                note=note,
                contact_url=url,
                contact_name=" ".join(f"{first} {last}".split()),
                line=line,
            )


class _Recommendations(_NamedColumnsFile):
    """``First Name,Last Name,Company,Job Title,Text,Creation Date,Status`` (``Body`` / ``Created Date`` in some)."""

    kind = "recommendations"
    columns = {
        "first name": "first",
        "last name": "last",
        "company": "company",
        "job title": "title",
        "text": "text",
        "body": "text",
        "creation date": "date",
        "created date": "date",
        "status": "status",
    }
    required = ("first name", "last name")

    def __init__(self, path: Path, interaction_kind: str, people: _People) -> None:
        super().__init__(path)
        self._kind = interaction_kind
        self._people = people

    def _records(self) -> Iterator[Any]:
        _, _, warnings, rows = self._table()
        yield from warnings
        for line, values in rows:
            first, last, company = values.get("first", ""), values.get("last", ""), values.get("company", "")
            if not (first or last):
                yield Skipped(line, "a recommendation that names no one")
                continue
            date_text = values.get("date", "")
            when = archive_datetime(date_text)
            if when is None:
                yield Skipped(line, f"the date “{date_text}” cannot be read" if date_text else "a recommendation without a date")
                continue
            found = self._people.find(first, last, company)
            status = values.get("status", "").strip()
            subject = "LinkedIn recommendation"
            if status and status.upper() not in ("VISIBLE", "ACCEPTED"):
                subject += f" ({status.lower()})"
            yield InteractionRecord(
                kind=self._kind,
                occurred_at=when,
                note=message_note(subject, values.get("text", "")),
                contact_url=found[0] if found else "",
                contact_name=" ".join(f"{first} {last}".split()),
                line=line,
            )


class _Notes(_NamedColumnsFile):
    """``Connection First Name,Connection Last Name,Connection Profile URL,Note,Created On,Edited On``."""

    kind = "notes"
    columns = {
        "connection first name": "first",
        "connection last name": "last",
        "connection profile url": "url",
        "note": "note",
        "created on": "created",
    }
    known = frozenset({"edited on"})
    required = ("note",)

    def __init__(self, path: Path, people: _People) -> None:
        super().__init__(path)
        self._people = people

    def _records(self) -> Iterator[Any]:
        _, _, warnings, rows = self._table()
        yield from warnings
        for line, values in rows:
            first, last, text = values.get("first", ""), values.get("last", ""), values.get("note", "")
            url = profile_url(values.get("url", ""))
            if not text:
                yield Skipped(line, "an empty note")
                continue
            if not (first or last or url):
                yield Skipped(line, "a note on no one")
                continue
            company = ""
            if not url and (found := self._people.find(first, last)):
                url, company = found
            created = archive_datetime(values.get("created", ""))
            origin = f"LinkedIn note ({created.date().isoformat()})" if created else "LinkedIn note"
            # Matched to the contact like any import: profile URL, else name and company. Only the note is new.
            yield ContactRecord(
                first_name=first,
                last_name=last,
                company=company,
                profile_url=url,
                notes=f"{origin}: {text}",
                source="linkedin",
                line=line,
            )


def _profile_owner(path: Path) -> tuple[int, str]:
    """(line, "First Last") of the one row of Profile.csv; (0, "") when it has none."""
    rows = TextFile(path).csv_rows()
    header: dict[str, int] | None = None
    for line, row in rows:
        if header is None:
            if any(cell.strip() for cell in row):
                header = {_header_key(cell): i for i, cell in enumerate(row)}
            continue
        cell = {k: row[i].strip() for k, i in header.items() if i < len(row)}
        name = " ".join(f"{cell.get('first name', '')} {cell.get('last name', '')}".split())
        if name:
            return line, name
    return 0, ""


def _invitations_owner_url(path: Path) -> str:
    """The owner's profile URL: the inviter of what they sent, the invitee of what they received — the side that
    is the same on every row of Invitations.csv (since late 2023; "" before)."""
    rows = TextFile(path).csv_rows()
    index: dict[str, int] | None = None
    seen: Counter[str] = Counter()
    for _, row in rows:
        if index is None:
            if any(cell.strip() for cell in row):
                index = {_header_key(cell).replace(" ", ""): i for i, cell in enumerate(row)}
                if "inviterprofileurl" not in index or "direction" not in index:
                    return ""
            continue

        def cell(name: str, row: list[str] = row) -> str:
            position = index.get(name, len(row)) if index else len(row)
            return row[position].strip() if position < len(row) else ""

        direction = cell("direction").lower()
        url = cell("inviterprofileurl") if direction == "outgoing" else cell("inviteeprofileurl")
        if direction in ("incoming", "outgoing") and url:
            seen[profile_url(url)] += 1
    return seen.most_common(1)[0][0] if seen else ""


# ------------------------------------------------------------------------------------------ the archive


class LinkedInArchive:
    """Streams everything of a LinkedIn data archive that concerns your contacts as one import (see the module).

    *owner*: your name or profile URL, when Profile.csv is missing or wrong (the messages reader's option).
    """

    format_name = "linkedin-archive"

    def __init__(self, path: str | os.PathLike[str], owner: str = "") -> None:
        self.path = Path(path)
        self.display_name = self.path.name
        self._owner_option = owner.strip()
        self._container = _open_container(self.path)
        try:
            for member in self._container.members:
                try:
                    head = _head_of(self._container.head(member))
                except FormatError as exc:  # one damaged or encrypted member: listed, the others still read
                    member.reason = exc.reason
                    continue
                member.kind, member.reason = recognise(member.name, head)
        except BaseException:
            self._container.close()
            raise
        self.members: list[Member] = self._container.members
        used = [m for m in self.members if m.kind]
        if not any(m.kind not in ("profile", "") for m in used):
            self._container.close()
            raise FormatError(
                str(self.path), None,
                "holds no LinkedIn table this app reads (Connections, Invitations, messages, endorsements, "
                "recommendations, notes): is it LinkedIn's data archive?",
            )  # fmt: skip
        self._total = sum(m.size for m in used) or 1
        self._done = 0
        self._current: Any = None
        self._current_size = 0

    def fraction(self) -> float:
        current = 0.0
        if self._current is not None:
            try:
                current = float(self._current.fraction()) * self._current_size
            except (AttributeError, ValueError):
                current = 0.0
        return min(1.0, (self._done + current) / self._total)

    def _where(self, member: Member) -> str:
        return f"{self.path} › {member.name}"

    def _of(self, kind: str) -> list[Member]:
        return [m for m in self.members if m.kind == kind]

    def items(self) -> Iterator[Any]:
        folder = Path(tempfile.mkdtemp(prefix="linkorganizer-archive-"))  # 0700: the members hold people's data
        files: dict[str, Path] = {}

        def file_of(member: Member) -> Path:
            if member.name not in files:
                files[member.name] = self._container.file(member, folder)
            return files[member.name]

        try:
            yield from self._items(file_of)
        finally:
            self._container.close()
            shutil.rmtree(folder, ignore_errors=True)

    def _items(self, file_of: Callable[[Member], Path]) -> Iterator[Any]:
        people = _People()
        owner, owner_url = self._owner_option, ""
        for member in self._of("profile"):
            try:
                _, name = _profile_owner(file_of(member))
            except FormatError as exc:
                yield PartStart(member.name, KINDS["profile"])
                yield RowWarning(exc.line or 0, f"not read: {exc.reason}")
                continue
            finally:
                self._done += member.size
            owner = owner or name
            yield PartStart(member.name, f"{KINDS['profile']}: {name}" if name else KINDS["profile"])
        if not self._owner_option:
            for member in self._of("invitations"):
                try:
                    owner_url = owner_url or _invitations_owner_url(file_of(member))
                except FormatError:
                    pass  # read again below, where its error is reported

        def messages(path: Path) -> LinkedInMessages:
            return LinkedInMessages(path, owner=owner, owner_url=owner_url)

        def remember(item: Any) -> None:
            if isinstance(item, ContactRecord):
                people.add(item)

        readers: list[tuple[str, Callable[[Path], Any], Callable[[Any], None] | None]] = [
            ("connections", LinkedInConnections, remember),
            ("notes", lambda path: _Notes(path, people), None),
            ("invitations", LinkedInInvitations, None),
            ("messages", messages, None),
        ]
        for kind in ("endorsements_received", "endorsements_given"):
            readers.append((kind, lambda path, k=kind: _Endorsements(path, INTERACTION_KINDS[k], people), None))
        for kind in ("recommendations_received", "recommendations_given"):
            readers.append((kind, lambda path, k=kind: _Recommendations(path, INTERACTION_KINDS[k], people), None))
        for kind, make, watch in readers:
            for member in self._of(kind):
                yield PartStart(member.name, KINDS[kind])
                yield from self._member(member, file_of, make, watch)
        for member in self.members:
            if not member.kind:
                yield PartStart(member.name, "not used")
                yield RowWarning(0, f"not used: {member.reason}")

    def _member(
        self,
        member: Member,
        file_of: Callable[[Member], Path],
        make: Callable[[Path], Any],
        watch: Callable[[Any], None] | None,
    ) -> Iterator[Any]:
        """One member's records; its error becomes a listed line while nothing of it was read yet."""
        read_something = False
        try:
            reader = make(file_of(member))
            self._current, self._current_size = reader, member.size
            yield from reader.file_warnings()
            for item in with_left_out(reader.items(), reader):
                if not isinstance(item, (Skipped, RowWarning)):
                    read_something = True
                    if watch is not None:
                        watch(item)
                yield item
        except FormatError as exc:
            if read_something:
                raise FormatError(self._where(member), exc.line, exc.reason) from None
            yield RowWarning(exc.line or 0, f"not imported: {exc.reason}")
        finally:
            self._current = None
            self._done += member.size
