"""Reading and writing text files the way contact exports need: encoding, dialect, streaming, exact errors.

Encoding: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise the *whole* file is read once, in blocks (memory stays
bounded), and decides: strict UTF-8 when every byte fits; otherwise the code page charset-normalizer finds in the
lines that are not UTF-8 (Windows-1252 when that reads them the same, as most Western exports are). A file that is
partly UTF-8 and partly a code page is read line by line in whichever fits. Every guess leaves a warning naming the
encoding chosen and the first line it applied to (:attr:`TextFile.warnings`), which the import report shows.
The file is then decoded as a stream, line by line, with the byte position known for progress. A decoding error
becomes a :class:`FormatError` naming the exact line. A NUL byte is binary data, which no text export holds: a
file that is binary as a whole (NUL bytes in more than 0.1 % of its start, or on :data:`MAX_NUL_LINES` lines) is
refused;
a stray one damages only its row, which :meth:`TextFile.csv_rows` leaves out and lists (:meth:`FileReader.left_out`).

Dialect: :func:`sniff_dialect` is the one delimiter sniffer every CSV reader and the format detection use. It
looks at the header line only (data rows may hold anything inside quotes) and honours Excel's ``sep=;`` hint.

Writing: into a temporary file next to the target, renamed over it only when complete, so an export that fails
never leaves half a file.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import errno
import io
import os
import re
import stat
import unicodedata
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from linkorganizer.core.records import MAX_FIELD, FormatError, RowWarning, Skipped
from linkorganizer.paths import new_part

SAMPLE_SIZE = 64 * 1024  # the start of a file that format detection looks at
BLOCK_SIZE = 1024 * 1024  # how much of a file the encoding pass holds at a time
LONGEST_LINE = 4 * 1024 * 1024  # a "line" longer than this is cut into blocks by the encoding pass
EVIDENCE_SIZE = 256 * 1024  # bytes of non-UTF-8 lines handed to charset-normalizer
csv.field_size_limit(MAX_FIELD)  # core.records: one limit for every format
MAX_COLUMNS = 5000  # Outlook writes about 90, Google about 60 plus 2 per extra value: thousands mean no export
MAX_NUL_LINES = 1000  # lines with a NUL byte a text file may have before it counts as binary as a whole
NUL_ROW = "holds binary data (a NUL byte): the row is damaged and was left out"

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "cp1250": "Windows-1250 (Central European)",
    "cp1251": "Windows-1251 (Cyrillic)",
    "cp1252": "Windows-1252 (Western European)",
    "cp1253": "Windows-1253 (Greek)",
    "cp1254": "Windows-1254 (Turkish)",
    "cp1255": "Windows-1255 (Hebrew)",
    "cp1256": "Windows-1256 (Arabic)",
    "cp1257": "Windows-1257 (Baltic)",
    "cp1258": "Windows-1258 (Vietnamese)",
    "latin_1": "ISO-8859-1 (Latin-1)",
    "koi8_r": "KOI8-R (Cyrillic)",
    "big5": "Big5 (Traditional Chinese)",
    "gb2312": "GB2312 (Simplified Chinese)",
    "gb18030": "GB18030 (Chinese)",
    "shift_jis": "Shift JIS (Japanese)",
    "cp932": "Windows-932 (Japanese)",
    "euc_kr": "EUC-KR (Korean)",
}


def encoding_name(codec: str) -> str:
    """A codec as people know it: ``cp1251`` → ``Windows-1251 (Cyrillic)``."""
    key = codecs.lookup(codec).name.replace("-", "_") if codec else ""
    for name, shown in ENCODING_NAMES.items():
        if codecs.lookup(name).name.replace("-", "_") == key:
            return shown
    return codec.upper().replace("_", "-")


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


@dataclass(slots=True)
class EncodingWarning(RowWarning):
    """A warning about the whole file rather than one row: the encoding it was read in is a guess."""


@dataclass(frozen=True, slots=True)
class Encoding:
    """How a file's bytes become text.

    ``fallback``: a file mixing UTF-8 lines with lines in a code page; each line is read as UTF-8 when it is
    valid UTF-8 and in *fallback* otherwise. ``warnings``: what the guess was, for the import report.
    """

    codec: str
    bom_length: int = 0
    fallback: str = ""
    warnings: tuple[RowWarning, ...] = ()


def sniff_encoding(path: Path, head: bytes) -> tuple[str, int]:
    """Return (codec, BOM length) from a file's start alone, or "" when the whole file must decide; raise
    FormatError for binary data."""
    for bom, codec in BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    if b"\x00" in head:
        # UTF-16 without a BOM: every other byte of ASCII text is zero.
        even, odd = head[0::2], head[1::2]
        if len(head) >= 4 and odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "utf-16-le", 0
        if len(head) >= 4 and even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "utf-16-be", 0
        nuls = head.count(0)
        if nuls > 1 and nuls * 1000 > len(head):  # binary data has one in 256 bytes; text a stray one or two
            raise FormatError(
                str(path), _line_of(head, head.index(b"\x00")), "contains binary data (a NUL byte), not a text export"
            )
    return "", 0


@dataclass(slots=True)
class _Survey:
    """What one pass over a file's bytes found out about its encoding."""

    lines: int = 0
    first_utf8: int = 0  # first line with (valid) non-ASCII UTF-8
    first_other: int = 0  # first line that is not valid UTF-8
    other_lines: int = 0
    cut_off: bool = False  # the last line ends inside a UTF-8 character (and is otherwise UTF-8)
    evidence: bytearray = field(default_factory=bytearray)

    def piece(self, data: bytes, at_end: bool) -> None:
        if data.isascii():
            self.lines += data.count(b"\n")
            return
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not self.first_utf8:
                first = next(i for i, byte in enumerate(data) if byte > 0x7F)
                self.first_utf8 = self.lines + _line_of(data, first)
            self.lines += data.count(b"\n")
            return
        raw_lines = data.split(b"\n")
        for index, raw in enumerate(raw_lines):
            number = self.lines + index + 1
            if raw.isascii():
                continue
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                last = at_end and index == len(raw_lines) - 1
                # A UTF-8 file cut off inside its last character (refused when read, with "cut off" and this
                # line), not a code page: only when the file holds UTF-8 beyond ASCII before it.
                cut = last and exc.reason == "unexpected end of data" and _is_utf8(raw[: exc.start])
                if cut and (self.first_utf8 or not raw[: exc.start].isascii()):
                    self.cut_off = True
                    continue
                self.other_lines += 1
                self.first_other = self.first_other or number
                if len(self.evidence) < EVIDENCE_SIZE:
                    self.evidence += raw[:4096] + b"\n"
            else:
                self.first_utf8 = self.first_utf8 or number
        self.lines += data.count(b"\n")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _survey(path: Path, offset: int) -> _Survey:
    """Read the file once, a block at a time, noting which lines are UTF-8 and which are not."""
    survey = _Survey()
    carry = b""
    with open(path, "rb") as fh:
        fh.seek(offset)
        while True:
            block = fh.read(BLOCK_SIZE)
            data = carry + block
            if not block:
                if data:
                    survey.piece(data, at_end=True)
                return survey
            cut = data.rfind(b"\n")
            if cut < 0 and len(data) < LONGEST_LINE:
                carry = data
                continue
            if cut < 0:
                cut = len(data) - 1
            survey.piece(data[: cut + 1], at_end=False)
            carry = data[cut + 1 :]


# What contact exports are written in when not in UTF-8: the Windows code pages (Outlook and Excel write the
# system's), KOI8-R, and the East Asian ones. Rarer code pages only make a short file's guess worse.
CODE_PAGES = (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "koi8_r", "big5", "gb18030", "shift_jis", "cp932", "euc_kr", "cp949",
)  # fmt: skip
FEW_LETTERS = 16


def _code_page(evidence: bytes) -> str:
    """The code page of bytes that are not UTF-8: charset-normalizer's answer, but Windows-1252 (what most
    Western exports are) when that reads the bytes too and the answer is no better: a neighbouring Latin code
    page, a script charset-normalizer cannot name a language for, or Windows-1252 among its candidates."""
    from charset_normalizer import from_bytes

    try:
        western = evidence.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and sum(1 for byte in evidence if byte > 0x7F) < FEW_LETTERS:
        return "cp1252"  # a word or two: too little for any guess to beat the usual one
    results = from_bytes(evidence, cp_isolation=list(CODE_PAGES))
    best = results.best()
    if best is None:
        return "cp1252" if western is not None else "latin_1"
    if western is None:
        return best.encoding
    candidates = {codecs.lookup(match.encoding).name for match in results}
    guessed = evidence.decode(best.encoding, "replace")
    if (
        codecs.lookup("cp1252").name in candidates
        or guessed == western
        or best.language in ("", "Unknown")
        or all(unicodedata.name(ch, "").startswith("LATIN") for ch in guessed if not ch.isascii() and ch.isalpha())
    ):
        return "cp1252"
    return best.encoding


def decide_encoding(path: Path, head: bytes) -> Encoding:
    """The encoding of the file at *path* that starts with *head* (see the module's description)."""
    codec, bom = sniff_encoding(path, head)
    if codec:
        return Encoding(codec, bom)
    survey = _survey(path, 0)
    if not survey.other_lines:
        return Encoding("utf-8")
    page = _code_page(bytes(survey.evidence))
    name = encoding_name(page)
    if survey.first_utf8:
        one = survey.other_lines == 1
        lines = f"{survey.other_lines} line{'' if one else 's'} {'is' if one else 'are'}"
        message = (
            f"the file mixes encodings: from here on, {lines} not UTF-8 (line {survey.first_utf8} is) and "
            f"{'was' if one else 'were'} read as {name}; check that the names look right"
        )
        return Encoding("utf-8", 0, page, (EncodingWarning(survey.first_other, message),))
    message = f"the file is not UTF-8; it was read as {name}: check that the names look right"
    return Encoding(page, 0, "", (EncodingWarning(survey.first_other, message),))


# Opening a file for detection and again for reading must not read a large file twice for its encoding.
_DECIDED: OrderedDict[tuple[str, int, int], Encoding] = OrderedDict()


def _decided(path: Path, head: bytes) -> Encoding:
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    if key in _DECIDED:
        _DECIDED.move_to_end(key)
        return _DECIDED[key]
    encoding = decide_encoding(path, head)
    _DECIDED[key] = encoding
    while len(_DECIDED) > 8:
        _DECIDED.popitem(last=False)
    return encoding


DELIMITERS = (",", ";", "\t")
HEADER_SEARCH_LINES = 25  # LinkedIn's Connections.csv has a preamble of three lines; nobody has twenty-five
_SEP_HINT = re.compile(r'"?sep=(.)"?', re.IGNORECASE)
PROSE_CELL = 80  # a header cell is a column name; a longer one is a sentence of a preamble


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


@dataclass(frozen=True, slots=True)
class Dialect:
    """How a CSV file separates its fields: the delimiter, and whether its first line is Excel's ``sep=`` hint
    (which is not a row of the table)."""

    delimiter: str = ","
    sep_hint: bool = False


def sniff_dialect(text: str) -> Dialect:
    """The dialect of a CSV file from its start (decoded), judged on the header line alone.

    The header is the first line, among the first few, that splits into column names (a preamble such as
    LinkedIn's ``Notes:`` and its quoted sentence is passed over); the delimiter is the one of ``,`` ``;`` and
    tab that splits it most often outside quotes. Excel's ``sep=;`` first line says it outright.
    """
    lines = [line for line in text.lstrip("\ufeff").splitlines()[:HEADER_SEARCH_LINES] if line.strip()]
    if not lines:
        return Dialect()
    if m := _SEP_HINT.fullmatch(lines[0].strip()):
        return Dialect(m.group(1), True)
    fallback: str | None = None
    for line in lines:
        counts = {d: _count_outside_quotes(line, d) for d in DELIMITERS}
        best = max(DELIMITERS, key=lambda d: counts[d])  # ties: the earlier in DELIMITERS
        if counts[best] == 0:
            continue
        fallback = fallback or best
        cells = next(csv.reader([line], delimiter=best))
        if all(len(cell.strip()) <= PROSE_CELL for cell in cells):
            return Dialect(best)
    return Dialect(fallback or ",")


def sniff_delimiter(text: str) -> str:
    """The delimiter of :func:`sniff_dialect`."""
    return sniff_dialect(text).delimiter


@dataclass(frozen=True, slots=True)
class Head:
    """What format sniffers look at: the decoded start of a file, its CSV dialect and its first rows.

    ``rows`` are parsed with the dialect (Excel's ``sep=`` line left out, blank rows kept as empty lists);
    ``header`` is the first row that says anything.
    """

    text: str
    dialect: Dialect
    rows: tuple[tuple[str, ...], ...]

    @classmethod
    def of(cls, text: str) -> Head:
        dialect = sniff_dialect(text)
        lines = text.lstrip("\ufeff").splitlines()[: HEADER_SEARCH_LINES * 4]
        if dialect.sep_hint:
            first = next(i for i, line in enumerate(lines) if line.strip())
            lines = lines[first + 1 :]
        rows: list[tuple[str, ...]] = []
        try:
            for row in csv.reader(lines, delimiter=dialect.delimiter):
                rows.append(tuple(cell.replace("\ufeff", "") for cell in row))
                if len(rows) >= HEADER_SEARCH_LINES:
                    break
        except csv.Error:
            pass  # the sample ends inside a quoted field: the rows before it are enough
        return cls(text, dialect, tuple(rows))

    @property
    def header(self) -> list[str]:
        return next((list(row) for row in self.rows if any(cell.strip() for cell in row)), [])


ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")


def is_container(path: str | os.PathLike[str]) -> bool:
    """Whether *path* is a folder or a zip file (by its signature: four bytes read), i.e. not one text file."""
    try:
        status = os.stat(path)
        if stat.S_ISDIR(status.st_mode):
            return True
        if not stat.S_ISREG(status.st_mode):
            return False  # a pipe would block; the text reader says what it is
        with open(path, "rb") as fh:
            return fh.read(4) in ZIP_SIGNATURES
    except OSError:
        return False


class _CountingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        self.count += n or 0
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


class TextFile:
    """A text file opened for streaming, with its encoding found and its progress known."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            status = self.path.stat()
            if stat.S_ISFIFO(status.st_mode) or stat.S_ISSOCK(status.st_mode) or stat.S_ISCHR(status.st_mode):
                # Reading one would wait for a writer forever (or read a device without end).
                raise FormatError(str(self.path), None, "is a pipe or a device, not a file; save the export as a file")
            self.size = status.st_size
            with open(self.path, "rb") as fh:
                head = fh.read(SAMPLE_SIZE)
        except FileNotFoundError:
            raise FormatError(str(self.path), None, "no such file") from None
        except IsADirectoryError:
            raise FormatError(str(self.path), None, "is a folder, not a file") from None
        except OSError as exc:
            raise FormatError(str(self.path), None, file_problem(exc)) from None
        if not head.strip(b" \t\r\n\xef\xbb\xbf\xff\xfe\x00"):
            raise FormatError(str(self.path), None, "the file is empty")
        self.head = head
        try:
            decided = _decided(self.path, head)
        except OSError as exc:
            raise FormatError(str(self.path), None, file_problem(exc)) from None
        self.encoding, self.bom_length, self.fallback = decided.codec, decided.bom_length, decided.fallback
        self.warnings: tuple[RowWarning, ...] = decided.warnings
        self._counter: _CountingReader | None = None
        self.line = 0
        self.nul_lines = 0
        # Rows csv_rows() left out (a NUL byte in them), until the reader's caller collects them.
        self.left_out: deque[Skipped] = deque()

    def head_text(self) -> str:
        """The decoded start of the file (for format detection)."""
        data = self.head[self.bom_length :]
        if self.encoding.startswith("utf-16") and len(data) % 2:
            data = data[:-1]
        if self.fallback:
            return "".join(self._mixed(raw, "replace") for raw in data.splitlines(keepends=True))
        return codecs.getincrementaldecoder(self.encoding)("replace").decode(data, final=False)

    def head_of(self) -> Head:
        """The start of the file as format sniffers see it."""
        return Head.of(self.head_text())

    def _mixed(self, raw: bytes, errors: str = "strict") -> str:
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode(self.fallback, errors)

    def fraction(self) -> float:
        if not self.size or self._counter is None:
            return 0.0
        return min(1.0, self._counter.count / self.size)

    def lines(self) -> Iterator[str]:
        """Decoded physical lines (with their line ends), streaming; ``self.line`` is the current line number."""
        counter = _CountingReader(open(self.path, "rb"))  # noqa: SIM115 - closed below
        self._counter = counter
        if self.fallback:
            yield from self._mixed_lines(counter)
            return
        text = io.TextIOWrapper(io.BufferedReader(counter), encoding=self.encoding, errors="strict", newline="")
        try:
            self.line = 0
            try:
                # Reading the BOM decodes the first block: a bad byte there is the file's fault like any other.
                if self.bom_length and text.read(1) not in ("\ufeff", ""):
                    raise AssertionError("BOM expected")  # pragma: no cover
                for line in text:  # the wrapper's own iterator: C speed
                    self.line += 1
                    if "\x00" in line:
                        self._nul_line()
                    yield line
            except UnicodeDecodeError as exc:
                raise self._decode_error(exc) from None
        finally:
            text.close()

    def _mixed_lines(self, counter: _CountingReader) -> Iterator[str]:
        """Lines of a file that mixes UTF-8 and a code page, each decoded in the one it is valid in."""
        raw_lines = io.BufferedReader(counter)
        try:
            self.line = 0
            for raw in raw_lines:
                self.line += 1
                try:
                    line = self._mixed(raw)
                except UnicodeDecodeError as exc:
                    bad = raw[exc.start : exc.start + 1]
                    raise FormatError(
                        str(self.path),
                        self.line,
                        f"is neither UTF-8 nor {encoding_name(self.fallback)} text (byte 0x{bad.hex().upper()})",
                    ) from None
                if "\x00" in line:
                    self._nul_line()
                # csv wants universal line ends kept as written; the text wrapper's newline="" does the same
                yield line
        finally:
            raw_lines.close()

    def _nul_line(self) -> None:
        self.nul_lines += 1
        if self.nul_lines >= MAX_NUL_LINES:
            raise FormatError(
                str(self.path), self.line,
                f"contains binary data (NUL bytes on {MAX_NUL_LINES:,} lines), not a text export",
            )  # fmt: skip

    def _decode_error(self, exc: UnicodeDecodeError) -> FormatError:
        """Find the exact line of the first undecodable byte (only on the error path)."""
        decoder = codecs.getincrementaldecoder(self.encoding)("strict")
        line = 1
        with open(self.path, "rb") as fh:
            fh.read(self.bom_length)
            for raw in fh:
                try:
                    decoder.decode(raw)
                except UnicodeDecodeError as inner:
                    bad = raw[inner.start : inner.start + 1]
                    return FormatError(
                        str(self.path),
                        line,
                        f"is not valid {self._encoding_name()} text (byte 0x{bad.hex().upper()}); "
                        "the file may be cut off or damaged",
                    )
                line += 1
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                return FormatError(
                    str(self.path), max(1, line - 1), "ends in the middle of a character: the file is cut off"
                )
        return FormatError(str(self.path), self.line + 1, f"is not valid {self._encoding_name()} text ({exc.reason})")

    def _encoding_name(self) -> str:
        return encoding_name(self.encoding)

    def dialect(self) -> Dialect:
        """The CSV dialect, from the header line (see :func:`sniff_dialect`)."""
        return sniff_dialect(self.head_text())

    def delimiter(self) -> str:
        """The field separator: ``,``, ``;`` (Excel in comma-decimal locales) or a tab (UTF-16 exports)."""
        return self.dialect().delimiter

    def csv_rows(self, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
        """Rows as (line number where the row starts, cells); RFC 4180 quoting; errors name the line.

        Without a *delimiter* the dialect is sniffed from the header line, and Excel's ``sep=`` hint line is
        left out of the rows.
        """
        dialect = Dialect(delimiter) if delimiter else self.dialect()
        skip_hint = dialect.sep_hint
        reader = csv.reader(self.lines(), delimiter=dialect.delimiter, strict=True)
        start = 1
        try:
            for row in reader:
                if row and row[0].startswith("\ufeff"):
                    row[0] = row[0][1:]
                if skip_hint and any(cell.strip() for cell in row):
                    skip_hint = False
                    start = self.line + 1
                    continue
                if len(row) > MAX_COLUMNS:
                    raise FormatError(
                        str(self.path), start, f"has {len(row):,} columns; a contact export has at most {MAX_COLUMNS:,}"
                    )
                if self.nul_lines and any("\x00" in cell for cell in row):
                    self.left_out.append(Skipped(start, NUL_ROW))
                    start = self.line + 1
                    continue
                yield start, row
                start = self.line + 1
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                reason = (
                    f"a field is longer than {MAX_FIELD // (1024 * 1024)} MB: a quote is probably missing, "
                    "or this is not a contact export"
                )
            elif "unexpected end of data" in message:
                # Name the row whose quote never closes (where to look), not the last line of the file.
                reason = "a quoted field in this row never ends: the file is cut off or a quote is missing"
            else:
                reason = f"is not valid CSV ({message})"
            raise FormatError(str(self.path), max(start, 1), reason) from None


class FileReader:
    """What every reader of a text file shares: the path, the name shown in reports, the opened file and how
    far through it the reading is. Subclasses set ``format_name`` and write ``items()``."""

    format_name = ""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.display_name = self.path.name
        self._file = TextFile(self.path)

    def fraction(self) -> float:
        return self._file.fraction()

    def file_warnings(self) -> tuple[RowWarning, ...]:
        """What reading the file as text had to guess (its encoding), for the import report."""
        return self._file.warnings

    def error(self, line: int | None, reason: str) -> FormatError:
        return FormatError(str(self.path), line, reason)

    def left_out(self) -> Iterable[Skipped]:
        """The rows reading has left out so far (damaged: a NUL byte in them), each once."""
        pending = self._file.left_out
        if not pending:
            return ()  # asked after every record: no generator for the usual nothing
        taken = list(pending)
        pending.clear()
        return taken


def with_left_out(items: Iterable[object], reader: object) -> Iterator[object]:
    """A reader's items with the damaged rows its file left out among them, as skipped lines, in about their
    place (the queue is emptied as the reading goes: memory stays small whatever the number)."""
    left_out = getattr(reader, "left_out", None)
    if left_out is None:
        yield from items
        return
    for item in items:
        yield from left_out()
        yield item
    yield from left_out()


_READ_PROBLEMS = {
    errno.ENOENT: "no such file",
    errno.EISDIR: "is a folder, not a file",
    errno.ENOTDIR: "part of the path is a file, not a folder",
    errno.EACCES: "cannot be read: permission denied",
    errno.EPERM: "cannot be read: permission denied",
    errno.EIO: "cannot be read: the disk reported an error",
}
_WRITE_PROBLEMS = {
    **_READ_PROBLEMS,
    errno.ENOENT: "its folder does not exist",
    errno.EACCES: "cannot be written: permission denied",
    errno.EPERM: "cannot be written: permission denied",
    errno.EIO: "cannot be written: the disk reported an error",
    errno.ENOSPC: "cannot be written: the disk is full",
    errno.EDQUOT: "cannot be written: the disk quota is used up",
    errno.EROFS: "cannot be written: the disk is read-only",
}


def file_problem(exc: OSError, writing: bool = False) -> str:
    """Why a file could not be read (or written), in plain words: "is a folder, not a file"."""
    known = (_WRITE_PROBLEMS if writing else _READ_PROBLEMS).get(exc.errno or 0)
    if known:
        return known
    action = "written" if writing else "read"
    return f"cannot be {action}: {(exc.strerror or str(exc)).lower()}"


class WriteError(OSError):
    """A file an export could not write, named as the user gave it (not the temporary file beside it)."""

    def __init__(self, path: str | os.PathLike[str], cause: OSError) -> None:
        super().__init__(cause.errno, cause.strerror, str(path))
        self.reason = file_problem(cause, writing=True)

    def __str__(self) -> str:
        return f"{self.filename}: {self.reason}"


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], encoding: str = "utf-8", newline: str | None = None):
    """Open *path* for writing text; the file appears, complete, only if the block succeeds.

    It is written through a hidden ``.part`` file beside it, created readable by the user alone (an export is a
    list of people), and so is the finished file. A ``.part`` file a killed export left behind is removed by the
    next export of that file.
    """
    target = Path(path)
    if target.is_dir():
        raise WriteError(target, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target)))
    try:
        fd, tmp = new_part(target)
    except OSError as exc:
        raise WriteError(target, exc) from exc
    try:
        with open(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError) and exc.filename in (str(tmp), str(target), None):
            raise WriteError(target, exc) from exc
        raise
