"""Small pure functions that put values in one canonical shape (URLs, names, dates)."""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from urllib.parse import urlsplit, urlunsplit

MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
MONTHS["sept"] = 9


_CANONICAL_LINKEDIN = re.compile(r"^https://www\.linkedin\.com/in/[^/?#\s]+$")


def profile_url(url: str) -> str:
    """Canonical form of a profile URL: https, lower-case host, no query or fragment, no trailing slash.

    LinkedIn's country hosts (``de.linkedin.com``) and the bare ``linkedin.com`` all become ``www.linkedin.com``,
    so one person's profile has one spelling. Returns "" for an empty value.
    """
    url = url.strip()
    if not url:
        return ""
    if _CANONICAL_LINKEDIN.match(url):
        return url  # already canonical: what LinkedIn's own export writes for every row
    if "://" not in url:
        url = "https://" + url.lstrip("/")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url  # not a URL we can take apart (e.g. "http://[" or a bad port): keep it as written
    host = (parts.hostname or "").lower()
    if host == "linkedin.com" or host.endswith(".linkedin.com"):
        host = "www.linkedin.com"
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    netloc = host if port is None else f"{host}:{port}"
    path = parts.path.rstrip("/")
    return urlunsplit((scheme, netloc, path, "", ""))


_LINKEDIN_PROFILE = re.compile(r"^(?:https?://)?(?:[a-z0-9-]+\.)?linkedin\.com/(?:in|pub)/[^/?#\s]+", re.IGNORECASE)


def is_linkedin_profile(url: str) -> bool:
    """Whether *url* is a LinkedIn member profile (``…linkedin.com/in/<slug>``, any host spelling)."""
    return bool(_LINKEDIN_PROFILE.match(url.strip()))


def is_web_url(url: str) -> bool:
    """Whether *url* can be taken apart as a web address with a host (``http://[`` or ``x:port`` cannot)."""
    text = url.strip()
    try:
        parts = urlsplit(text if "://" in text else "https://" + text)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return False
    return bool(parts.hostname)


def compose_name(first: str, middle: str, last: str, suffix: str = "") -> str:
    """``Kwame Boateng, PhD``: the name parts, and the suffix after a comma (a suffix alone names nobody)."""
    name = " ".join(part for part in (first.strip(), middle.strip(), last.strip()) if part)
    return f"{name}, {suffix.strip()}" if name and suffix.strip() else name


def split_name_suffix(last: str) -> tuple[str, str]:
    """``Boateng, PhD, MBA`` → (``Boateng``, ``PhD, MBA``): what follows the first comma of a last name is the
    credentials after the name (LinkedIn puts them there). A last name without a comma has no suffix."""
    head, comma, tail = last.partition(",")
    if not comma or not head.strip() or not tail.strip():
        return last.strip(), ""
    return head.strip(), ", ".join(part.strip() for part in tail.split(",") if part.strip())


# Credentials and generational suffixes written after a name; an all-capitals word of two to five letters
# ("PMP", "FRSA") counts too, so "Lee, Ann" stays a reversed name while "Lee, PMP" is a suffix.
CREDENTIALS = frozenset(
    {"jr", "sr", "ii", "iii", "iv", "phd", "md", "mba", "esq", "dds", "cpa", "pe", "msc", "bsc", "cfa", "ma",
     "ba", "mphil", "dphil", "llm", "jd", "rn", "pmp", "cfp", "acca", "cima", "frm", "shrm-cp", "shrm-scp",
     "mfa", "meng", "beng", "edd", "dba", "mpa", "mph", "obe", "mbe", "cbe"}
)


def is_credential(word: str) -> bool:
    """Whether *word* reads as a credential after a name: "PhD", "MBA", "CFA", "Jr.", "III", "PMP"."""
    text = word.strip()
    key = text.casefold().replace(".", "")
    if key in CREDENTIALS:
        return True
    letters = text.replace(".", "").replace("-", "")
    return 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()


def split_credentials(name: str) -> tuple[str, str]:
    """``Ana Lima, CFA`` → (``Ana Lima``, ``CFA``); ``Kwame Boateng, PhD, MBA`` → (``Kwame Boateng``,
    ``PhD, MBA``). Only when every part after the first comma reads as a credential: ``Lee, Ann`` (a reversed
    name) and ``Acme, Inc`` are left whole."""
    head, comma, tail = name.partition(",")
    parts = [part.strip() for part in tail.split(",")]
    if not comma or not head.strip() or not all(parts) or not all(is_credential(p) for p in parts):
        return name.strip(), ""
    return head.strip(), ", ".join(parts)


def full_name(
    display_name: str, first: str, middle: str, last: str, company: str = "", email: str = "", *, suffix: str = ""
) -> str:
    """The name shown for a contact: the chosen display name, else the composed name, else a fallback."""
    return display_name.strip() or compose_name(first, middle, last, suffix) or email.strip() or company.strip()


class _CombiningMarks(dict[int, "str | None"]):
    """A str.translate table that drops combining marks (accents once decomposed) and keeps every other
    character, filled in as characters are met: after the first few names it is a dictionary look-up in C."""

    def __missing__(self, codepoint: int) -> str | None:
        char = chr(codepoint)
        kept = None if unicodedata.combining(char) else char
        self[codepoint] = kept
        return kept


_NO_COMBINING = _CombiningMarks()


def sort_key(text: str) -> str:
    """A key that sorts names as people expect: accents and case ignored (Émile with the Es)."""
    if text.isascii():
        return text.casefold().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.translate(_NO_COMBINING).casefold().strip()


def email_key(email: str) -> str:
    return email.strip().lower()


_DMY_WORD = re.compile(r"^(\d{1,2})[ -]([A-Za-z]{3,4})[ -](\d{2}|\d{4})$")
_MDY_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years come from LinkedIn and Excel exports of recent connections: 00-69 → 2000s.
        year += 2000 if year < 70 else 1900
    return year


@functools.lru_cache(maxsize=8192)  # an export repeats the same few thousand dates
def parse_date(text: str) -> _dt.date | None:
    """Read the date shapes contact exports use; None when the text is not one of them.

    ``08 Aug 2012`` (LinkedIn), ``12-Mar-24`` (Excel re-save), ``9/14/18, 3:05 PM`` (LinkedIn 2018, US order),
    ``2012-08-08`` (ISO). Month names are English whatever the locale, as LinkedIn writes them.
    """
    text = text.strip()
    if not text:
        return None
    try:
        if m := _DMY_WORD.match(text):
            month = MONTHS.get(m.group(2).lower())
            if month is None:
                return None
            return _dt.date(_year(m.group(3)), month, int(m.group(1)))
        if m := _MDY_SLASH.match(text):
            return _dt.date(_year(m.group(3)), int(m.group(1)), int(m.group(2)))
        if m := _ISO_DATE.match(text):
            return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def parse_datetime(text: str) -> _dt.datetime | None:
    """Read ``5/21/24, 8:51 PM`` (LinkedIn) or ISO ``2024-05-21 20:51:00`` / ``2024-05-21T20:51:00``."""
    text = text.strip().replace("\u202f", " ")
    if not text:
        return None
    try:
        if m := _MDY_SLASH.match(text):
            hour = int(m.group(4) or 0)
            minute = int(m.group(5) or 0)
            second = int(m.group(6) or 0)
            meridiem = (m.group(7) or "").lower()
            if meridiem == "pm" and hour != 12:
                hour += 12
            elif meridiem == "am" and hour == 12:
                hour = 0
            return _dt.datetime(_year(m.group(3)), int(m.group(1)), int(m.group(2)), hour, minute, second)
        cleaned = text.removesuffix(" UTC").removesuffix("Z")
        value = _dt.datetime.fromisoformat(cleaned)
        if value.tzinfo is not None:
            value = value.astimezone(_dt.UTC).replace(tzinfo=None)
        return value
    except ValueError:
        return None


def as_utc(value: _dt.datetime | _dt.date | None) -> _dt.datetime | None:
    """The naive-UTC form the database stores: an aware datetime is converted, a naive one is taken as UTC
    already, a date becomes its midnight."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            return value.astimezone(_dt.UTC).replace(tzinfo=None)
        return value
    return _dt.datetime.combine(value, _dt.time())


def moment(value: object) -> _dt.datetime | None:
    """A stored timestamp (whatever its text shape: an archive's ``2024-05-21T20:51:00`` reads as well as
    Peewee's ``2024-05-21 20:51:00``) as a naive-UTC datetime; None when empty or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime.combine(value, _dt.time())
    return parse_datetime(str(value))


def day(value: object) -> _dt.date | None:
    """The calendar day of a stored timestamp or date."""
    found = moment(value)
    return found.date() if found is not None else None


_BIRTHDAY_FULL = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
_BIRTHDAY_NO_YEAR = re.compile(r"^--(\d{2})-?(\d{2})$")


def birthday(text: str) -> str:
    """Canonical birthday text: ``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown; "" if unreadable."""
    text = text.strip()
    if not text:
        return ""
    if m := _BIRTHDAY_NO_YEAR.match(text):
        month, day = int(m.group(1)), int(m.group(2))
        try:
            _dt.date(2000, month, day)  # a leap year, so --02-29 is valid
        except ValueError:
            return ""
        return f"--{month:02d}-{day:02d}"
    if m := _BIRTHDAY_FULL.match(text):
        try:
            value = _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return ""
        return value.isoformat()
    parsed = parse_date(text)
    return parsed.isoformat() if parsed else ""
