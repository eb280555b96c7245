"""Reading and writing text files the way contact exports need: encoding sniffing, streaming, exact errors.

Reading: a BOM decides (UTF-8, UTF-16 LE/BE); otherwise the first 64 KiB decide between strict UTF-8 and
Windows-1252. The file is then decoded as a stream, line by line, with the byte position known for progress.
A decoding error or a NUL byte becomes a :class:`FormatError` naming the exact line.

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
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from linkorganizer.core.records import FormatError

SAMPLE_SIZE = 64 * 1024
MAX_FIELD = 1024 * 1024  # no contact field is a megabyte long; a longer one means a broken quote or a wrong file
csv.field_size_limit(MAX_FIELD)

BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def sniff_encoding(path: Path, head: bytes) -> tuple[str, int]:
    """Return (codec, BOM length) for a file starting with *head*; raise FormatError for binary data."""
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
        raise FormatError(
            str(path), _line_of(head, head.index(b"\x00")), "contains binary data (a NUL byte), not a text export"
        )
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(head, final=False)  # a character cut at the end of the sample is fine
        return "utf-8", 0
    except UnicodeDecodeError:
        return "cp1252", 0


DELIMITERS = (",", ";", "\t")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


def sniff_delimiter(text: str) -> str:
    """Pick the separator that splits the widest line among the first few into the most fields."""
    best, best_count = ",", 0
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    for delimiter in DELIMITERS:
        count = max((_count_outside_quotes(line, delimiter) for line in lines), default=0)
        if count > best_count:
            best, best_count = delimiter, count
    return best


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
            self.size = self.path.stat().st_size
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
        self.encoding, self.bom_length = sniff_encoding(self.path, head)
        self._counter: _CountingReader | None = None
        self.line = 0

    def head_text(self) -> str:
        """The decoded start of the file (for format detection)."""
        data = self.head[self.bom_length :]
        if self.encoding.startswith("utf-16") and len(data) % 2:
            data = data[:-1]
        return codecs.getincrementaldecoder(self.encoding)("replace").decode(data, final=False)

    def fraction(self) -> float:
        if not self.size or self._counter is None:
            return 0.0
        return min(1.0, self._counter.count / self.size)

    def lines(self) -> Iterator[str]:
        """Decoded physical lines (with their line ends), streaming; ``self.line`` is the current line number."""
        counter = _CountingReader(open(self.path, "rb"))  # noqa: SIM115 - closed below
        self._counter = counter
        text = io.TextIOWrapper(io.BufferedReader(counter), encoding=self.encoding, errors="strict", newline="")
        try:
            if self.bom_length:
                first = text.read(1)
                if first not in ("\ufeff", ""):
                    raise AssertionError("BOM expected")  # pragma: no cover
            self.line = 0
            try:
                for line in text:  # the wrapper's own iterator: C speed
                    self.line += 1
                    if "\x00" in line:
                        raise FormatError(
                            str(self.path), self.line, "contains binary data (a NUL byte), not a text export"
                        )
                    yield line
            except UnicodeDecodeError as exc:
                raise self._decode_error(exc) from None
        finally:
            text.close()

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
        return {"utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16-le": "UTF-16", "utf-16-be": "UTF-16"}.get(
            self.encoding, self.encoding
        )

    def delimiter(self) -> str:
        """The field separator: ``,``, ``;`` (Excel in comma-decimal locales) or a tab (UTF-16 exports)."""
        return sniff_delimiter(self.head_text())

    def csv_rows(self, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
        """Rows as (line number where the row starts, cells); RFC 4180 quoting; errors name the line.

        Without a *delimiter* it is sniffed from the start of the file.
        """
        reader = csv.reader(self.lines(), delimiter=delimiter or self.delimiter(), strict=True)
        start = 1
        try:
            for row in reader:
                if row and row[0].startswith("\ufeff"):
                    row[0] = row[0][1:]
                yield start, row
                start = self.line + 1
        except csv.Error as exc:
            message = str(exc)
            if "field larger than field limit" in message:
                reason = "a field is longer than 1 MB: a quote is probably missing, or this is not a contact export"
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

    def error(self, line: int | None, reason: str) -> FormatError:
        return FormatError(str(self.path), line, reason)


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], encoding: str = "utf-8", newline: str | None = None):
    """Open *path* for writing text; the file appears, complete, only if the block succeeds."""
    target = Path(path)
    if target.is_dir():
        raise WriteError(target, IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target)))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise WriteError(target, exc) from exc
    try:
        with open(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an export should look like any saved file
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteError) and exc.filename in (tmp, str(target), None):
            raise WriteError(target, exc) from exc
        raise
