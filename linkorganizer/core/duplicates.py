"""Finding people who are in the network twice, and saying why each pair looks like one person.

Never all pairs: contacts are grouped by *blocking keys* and only contacts sharing a key are compared.

* the same profile URL (normalised: ``de.linkedin.com/in/ada/`` is ``https://www.linkedin.com/in/ada``), also when
  one of them has it among its web addresses;
* the same e-mail address (case-folded);
* the same phone number, compared in E.164 (``030 1234567`` in Germany is ``+49301234567``); numbers written
  without a country code are read in the *region* the caller gives (the user's locale);
* similar names (rapidfuzz; initials, a left-out middle name and transliterations — "Łukasz"/"Lukasz",
  "Jørgen"/"Jorgen" — count) of people at the same company or sharing an e-mail domain that is not a public
  mail service (gmail.com …). Within such a group only names with the same initials are compared.

A pair with the same URL, e-mail or phone is *exact*, unless the two names say they are different people (a
shared office phone): such a pair is still listed, with the names as a reason against, but never merged in bulk.
Pairs the user marked "not a duplicate" are remembered in the network's settings and not offered again.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from rapidfuzz import fuzz

from linkorganizer.core import normalize
from linkorganizer.core.settings import get_setting, set_setting
from linkorganizer.db import current_database

DISMISSED_KEY = "duplicates_not_duplicates"
"""The setting that holds the pairs marked "not a duplicate": a JSON list of ``[smaller id, larger id]``."""

NAME_THRESHOLD = 85  # similar names below this score are not offered
CONTRADICTING_NAMES = 50  # an exact key between names this different is a shared detail, not one person
# More contacts than this share one e-mail, phone or web address: an office switchboard or info@ address, not a
# person (and comparing all pairs of a big group would be slow for nothing).
MAX_KEY_GROUP = 12
# A company or mail domain of more people than this is still compared, but only within groups of the same
# initials, which are small; this bounds a single initials group (a long list of "J. S." at one employer).
MAX_NAME_GROUP = 400

CONFIDENCE = {"url": 100, "email": 97, "phone": 93}

# Mail services anyone can sign up to: sharing one says nothing about working together.
PUBLIC_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.de yahoo.fr yahoo.es yahoo.it yahoo.co.jp ymail.com
    rocketmail.com hotmail.com hotmail.co.uk hotmail.de hotmail.fr hotmail.it hotmail.es outlook.com outlook.de
    outlook.fr live.com live.co.uk live.de live.fr msn.com icloud.com me.com mac.com aol.com aim.com gmx.de gmx.net
    gmx.at gmx.ch gmx.com web.de t-online.de freenet.de posteo.de mailbox.org proton.me protonmail.com pm.me
    tutanota.com tuta.io yandex.ru yandex.com mail.ru bk.ru inbox.ru list.ru rambler.ru qq.com 163.com 126.com
    sina.com foxmail.com naver.com daum.net hanmail.net orange.fr wanadoo.fr free.fr laposte.net sfr.fr libero.it
    virgilio.it tiscali.it wp.pl o2.pl onet.pl interia.pl seznam.cz centrum.cz zoho.com fastmail.com fastmail.fm
    hey.com btinternet.com sky.com virginmedia.com comcast.net verizon.net att.net sbcglobal.net cox.net
    bellsouth.net shaw.ca rogers.com sympatico.ca bigpond.com optusnet.com.au xtra.co.nz rediffmail.com
    uol.com.br bol.com.br terra.com.br telenet.be skynet.be ziggo.nl kpnmail.nl home.nl bluewin.ch
    example.com example.org""".split()
)

# Letters that NFKD does not take apart into a base letter and a mark.
_TRANSLITERATE = str.maketrans(
    {
        "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t",
        "Ŧ": "t", "ŋ": "n", "Ŋ": "n", "ĸ": "k", "ſ": "s",
    }
)  # fmt: skip
_NOT_WORD = re.compile(r"[\W_]+")
# Legal forms that one export writes and another leaves out: "Contoso Ltd" and "Contoso" are one employer.
_LEGAL_FORMS = frozenset(
    "inc incorporated ltd limited llc llp plc corp corporation co company gmbh ag kg se sa sas sarl srl spa bv nv "
    "oy ab as asa aps pty pte kk".split()
)


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """A name as it compares: transliterated to plain letters, case-folded, punctuation and emoji dropped."""
    text = text.translate(_TRANSLITERATE)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
        text = text.translate(_TRANSLITERATE)  # capitals NFKD produced from compatibility forms
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())


def company_key(company: str) -> str:
    """The employer as it compares: folded, the legal form left out ("Contoso Ltd." → "contoso")."""
    words = fold(company).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower() if "@" in email else ""


@functools.lru_cache(maxsize=65536)
def phone_key(phone: str, region: str | None) -> str:
    """The number in E.164 (``+49301234567``); "" when it cannot be read as a phone number. A number without a
    country code is read in *region* (``"DE"``); without a region it is compared by its digits alone."""
    text = phone.strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        digits = "".join(ch for ch in text if ch.isdigit())
        return f"digits:{digits}" if len(digits) >= 7 else ""
    if not phonenumbers.is_possible_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def region_from_locale(name: str | None) -> str | None:
    """``en_GB.UTF-8`` → ``GB``; None for ``C``, ``POSIX`` or a locale without a territory."""
    if not name:
        return None
    territory = name.split(".")[0].split("@")[0].replace("-", "_").partition("_")[2]
    territory = territory.split("_")[-1] if territory else ""
    return territory.upper() if len(territory) == 2 and territory.isalpha() else None


# ------------------------------------------------------------------------------------------------ the people


@dataclass(slots=True)
class _Person:
    id: int
    name: str  # as shown
    company: str
    tokens: tuple[str, ...]  # folded name words, suffix and emoji left out
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    @property
    def folded(self) -> str:
        return " ".join(self.tokens)


def _name_tokens(first: str, middle: str, last: str, full: str) -> tuple[str, ...]:
    composed = " ".join(part for part in (first, middle, last) if part and part.strip())
    if not composed:
        composed = full.partition(",")[0]  # credentials after a comma are not part of the name
        if "@" in composed:
            return ()  # a contact known by its e-mail only has no name to compare
    return tuple(fold(composed).split())


def _load_people() -> dict[int, _Person]:
    db = current_database()
    people: dict[int, _Person] = {}
    rows = db.execute_sql(
        "SELECT id, first_name, middle_name, last_name, full_name, company, profile_url FROM contact"
        " WHERE deleted_at IS NULL"
    )
    for cid, first, middle, last, full, company, url in rows:
        person = _Person(cid, full or "", company or "", _name_tokens(first, middle, last, full or ""))
        if url:
            person.urls.append(url)
        people[cid] = person
    fields = db.execute_sql(
        "SELECT f.contact_id, f.kind, f.value FROM contact_field f JOIN contact c ON c.id = f.contact_id"
        " WHERE c.deleted_at IS NULL AND f.kind IN ('email', 'phone', 'url')"
    )
    for cid, kind, value in fields:
        person = people[cid]
        if kind == "email":
            person.emails.append(value)
        elif kind == "phone":
            person.phones.append(value)
        elif normalize.is_linkedin_profile(value):
            person.urls.append(value)
    return people


# ------------------------------------------------------------------------------------------------- the names


def name_similarity(a: Sequence[str], b: Sequence[str]) -> tuple[int, str]:
    """How alike two folded names are (0–100), and how: "" (spelling), "initial" or "middle name"."""
    if not a or not b:
        return 0, ""
    score = int(round(fuzz.token_sort_ratio(" ".join(a), " ".join(b))))
    if score == 100:
        return 100, ""
    how = ""
    if len(a) >= 2 and len(b) >= 2:
        same_first, same_last = a[0] == b[0], a[-1] == b[-1]
        if same_first and same_last and len(a) != len(b):
            score, how = max(score, 95), "middle name"
        elif same_last and _initial_of(a[0], b[0]):
            score, how = max(score, 90), "initial"
        elif same_first and _initial_of(a[-1], b[-1]):
            score, how = max(score, 88), "initial"
    return score, how


def _initial_of(x: str, y: str) -> bool:
    """One is the other's initial ("a" and "ada")."""
    return x != y and ((len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)))


def _initials(tokens: Sequence[str]) -> tuple[str, str]:
    """The block inside a company: the initials of the first and last name, in either order."""
    first, last = tokens[0][:1], tokens[-1][:1]
    return (first, last) if first <= last else (last, first)


# -------------------------------------------------------------------------------------------------- the pairs


@dataclass(frozen=True, slots=True)
class DuplicatePair:
    """Two contacts that look like one person, why, and how sure the finder is."""

    a: int  # the smaller id
    b: int
    names: tuple[str, str]
    companies: tuple[str, str]
    reasons: tuple[str, ...]  # plain sentences: "same e-mail ada@x.org", "similar names (92%) at Northwind"
    confidence: int  # 0–100
    exact: bool  # the same URL, e-mail or phone, and names that do not contradict it

    def as_json(self) -> dict[str, Any]:
        return {
            "a": self.a,
            "b": self.b,
            "names": list(self.names),
            "reasons": list(self.reasons),
            "confidence": self.confidence,
            "exact": self.exact,
        }


@dataclass(slots=True)
class _Evidence:
    exact: list[tuple[str, str]] = field(default_factory=list)  # (kind, value)
    name_score: int = 0
    name_how: str = ""
    companies: set[str] = field(default_factory=set)  # shown company names both work at
    domains: set[str] = field(default_factory=set)


def pair_key(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def dismissed_pairs() -> set[tuple[int, int]]:
    """The pairs the user said are two people."""
    stored = get_setting(DISMISSED_KEY, [])
    out: set[tuple[int, int]] = set()
    if isinstance(stored, list):
        for item in stored:
            if isinstance(item, list) and len(item) == 2 and all(type(v) is int for v in item):
                out.add(pair_key(item[0], item[1]))
    return out


def _store_dismissed(pairs: Iterable[tuple[int, int]]) -> None:
    found = sorted({pair_key(a, b) for a, b in pairs if a != b})
    set_setting(DISMISSED_KEY, [list(p) for p in found] if found else [])


def dismiss_pair(a: int, b: int) -> bool:
    """Remember that contacts *a* and *b* are two people; False when that was known already."""
    key = pair_key(a, b)
    known = dismissed_pairs()
    if key in known:
        return False
    _store_dismissed(known | {key})
    return True


def forget_dismissals_of(survivor: int, merged: int) -> None:
    """After *merged* became part of *survivor*: what was said of *merged* is said of *survivor*."""
    known = dismissed_pairs()
    if not any(merged in pair for pair in known):
        return
    moved = {pair_key(survivor if a == merged else a, survivor if b == merged else b) for a, b in known}
    _store_dismissed(p for p in moved if p[0] != p[1])


def find_duplicates(region: str | None = None, include_dismissed: bool = False) -> list[DuplicatePair]:
    """Every pair of live contacts that looks like one person, exact ones first, then by confidence."""
    people = _load_people()
    evidence: dict[tuple[int, int], _Evidence] = defaultdict(_Evidence)

    def exact_groups(kind: str, keys: dict[str, set[int]]) -> None:
        for value, ids in keys.items():
            if 2 <= len(ids) <= MAX_KEY_GROUP:
                ordered = sorted(ids)
                for i, a in enumerate(ordered):
                    for b in ordered[i + 1 :]:
                        evidence[(a, b)].exact.append((kind, value))

    urls: dict[str, set[int]] = defaultdict(set)
    emails: dict[str, set[int]] = defaultdict(set)
    phones: dict[str, set[int]] = defaultdict(set)
    by_company: dict[str, list[_Person]] = defaultdict(list)
    by_domain: dict[str, list[_Person]] = defaultdict(list)
    for person in people.values():
        for url in person.urls:
            key = normalize.profile_url(url)
            if key:
                urls[key].add(person.id)
        domains = set()
        for email in person.emails:
            key = email.strip().casefold()
            if "@" in key:
                emails[key].add(person.id)
                domain = email_domain(key)
                if domain and domain not in PUBLIC_MAIL_DOMAINS:
                    domains.add(domain)
        for phone in person.phones:
            key = phone_key(phone, region)
            if key:
                phones[key].add(person.id)
        if person.tokens:
            company = company_key(person.company)
            if company:
                by_company[company].append(person)
            for domain in domains:
                by_domain[domain].append(person)
    exact_groups("url", urls)
    exact_groups("email", emails)
    exact_groups("phone", phones)

    def similar_names(groups: dict[str, list[_Person]], domain: bool) -> None:
        for label, members in groups.items():
            if len(members) < 2:
                continue
            blocks: dict[tuple[str, str], list[_Person]] = defaultdict(list)
            for person in members:
                blocks[_initials(person.tokens)].append(person)
            for block in blocks.values():
                if len(block) < 2 or len(block) > MAX_NAME_GROUP:
                    continue
                for i, p in enumerate(block):
                    for q in block[i + 1 :]:
                        score, how = name_similarity(p.tokens, q.tokens)
                        if score < NAME_THRESHOLD:
                            continue
                        found = evidence[pair_key(p.id, q.id)]
                        if score > found.name_score:
                            found.name_score, found.name_how = score, how
                        if domain:
                            found.domains.add(label)
                        else:
                            found.companies.add(p.company.strip() or q.company.strip())

    similar_names(by_company, domain=False)
    similar_names(by_domain, domain=True)

    skip = set() if include_dismissed else dismissed_pairs()
    pairs = [
        _describe(people[a], people[b], found)
        for (a, b), found in evidence.items()
        if (a, b) not in skip
    ]
    pairs.sort(key=lambda p: (not p.exact, -p.confidence, normalize.sort_key(p.names[0]), p.a, p.b))
    return pairs


_KIND_WORDS = {"url": "same profile", "email": "same e-mail", "phone": "same phone"}


def _describe(p: _Person, q: _Person, found: _Evidence) -> DuplicatePair:
    reasons: list[str] = []
    confidence = 0
    seen: set[tuple[str, str]] = set()
    for kind, value in found.exact:
        if (kind, value) in seen:
            continue
        seen.add((kind, value))
        shown = value.removeprefix("digits:")
        reasons.append(f"{_KIND_WORDS[kind]} {shown}")
        confidence = max(confidence, CONFIDENCE[kind])
    exact = bool(found.exact)
    if found.name_score:
        how = {"initial": ", one written with an initial", "middle name": ", one with a middle name"}.get(
            found.name_how, ""
        )
        where = []
        if found.companies:
            where.append("at " + ", ".join(sorted(found.companies)))
        if found.domains:
            where.append("sharing the e-mail domain " + ", ".join(sorted(found.domains)))
        reasons.append(f"similar names ({found.name_score}%{how}) " + " and ".join(where))
        score = found.name_score - (5 if found.companies and found.domains else 10)
        if exact:
            confidence = min(100, max(confidence, score) + 2)  # two independent signs
        else:
            confidence = max(confidence, score)
    elif exact and p.tokens and q.tokens:
        score, _how = name_similarity(p.tokens, q.tokens)
        # A shared first or last name is one person who changed the other (marriage, a nickname).
        shares_a_name = bool({p.tokens[0], p.tokens[-1]} & {q.tokens[0], q.tokens[-1]})
        if score < CONTRADICTING_NAMES and not shares_a_name:
            # Two different names behind one detail: a shared office phone or a family address, not one person.
            reasons.append(f"but different names ({p.name} / {q.name})")
            exact = False
            confidence = max(10, confidence - 50)
    a, b = (p, q) if p.id < q.id else (q, p)
    return DuplicatePair(a.id, b.id, (a.name, b.name), (a.company, b.company), tuple(reasons), confidence, exact)


__all__ = [
    "DISMISSED_KEY",
    "DuplicatePair",
    "PUBLIC_MAIL_DOMAINS",
    "company_key",
    "dismiss_pair",
    "dismissed_pairs",
    "find_duplicates",
    "fold",
    "forget_dismissals_of",
    "name_similarity",
    "pair_key",
    "phone_key",
    "region_from_locale",
]
