"""Export → import through each CSV writer and our own readers: spreadsheet-safe on the way out (OWASP CSV
injection, formats.md §7), exact on the way back; and property tests over random contacts.

What each format keeps (so what the tests compare):

- the app's own layout: every field of a contact (names, company, position, location, profile URL, e-mails,
  phones, addresses and web addresses with their labels, birthday, connected-on date, stage, source, notes,
  how I can help, how they can help, keep-in-touch days, tags, goal groups). Not possible: a tag or goal group
  whose name contains `` ::: `` (the separator).
- Google: all of the above except the source (it becomes "google", where the contact came from). Not possible,
  because Google's format gives these a meaning: a value containing `` ::: `` (several values in one cell),
  a label written ``* …`` or in another spelling of a label the app knows (``Work`` is ``work``), a web address
  labelled "profile"/"linkedin" or pointing to a LinkedIn profile when the contact has no profile URL (it
  becomes the profile URL), a tag starting with ``*`` or named myContacts/starred (Google's system labels).
- Outlook: names, company, position, location, notes, birthday, tags (no ``;`` inside), up to three e-mails,
  phones in Outlook's columns (labels become the column's kind), three addresses, one web page.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.importing import FutureDateWarning, Importer, _field_key
from linkorganizer.core.normalize import email_key
from linkorganizer.core.records import FIELD_KINDS, STAGES, Labeled
from linkorganizer.db import atomic, close_database, open_database
from linkorganizer.db.models import Contact, GoalGroup, Membership
from linkorganizer.formats.csv_generic import (
    MULTI_SEPARATOR,
    SYSTEM_LABELS,
    canonical_label,
    is_linkedin_profile,
)
from linkorganizer.formats.csv_table import OwnCsvReader, write_csv
from linkorganizer.formats.google import PROFILE_LABELS, GoogleCsvReader, write_google_csv
from linkorganizer.formats.outlook import OutlookCsvReader, write_outlook_csv
from linkorganizer.formats.spreadsheet import TRIGGERS

FORMATS: dict[str, tuple[Callable[..., int], type]] = {
    "own": (write_csv, OwnCsvReader),
    "google": (write_google_csv, GoogleCsvReader),
    "outlook": (write_outlook_csv, OutlookCsvReader),
}


def all_ids() -> list[int]:
    return [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]


def snapshot(detail: ContactDetail, fmt: str) -> dict[str, Any]:
    values = dict(detail.values)
    fields = {kind: [(i.value, i.label) for i in items] for kind, items in detail.fields.items()}
    out: dict[str, Any] = {"values": values, "fields": fields, "tags": sorted(detail.tags), "name": detail.full_name}
    if fmt == "own":
        out["groups"] = sorted(detail.groups)
    elif fmt == "google":
        out["groups"] = sorted(detail.groups)
        del values["source"]
    else:  # Outlook keeps what it has columns for
        out["values"] = {k: values[k] for k in ("first_name", "middle_name", "last_name", "company", "position",
                                                  "location", "notes", "birthday")}  # fmt: skip
        out["fields"] = {
            "email": [v for v, _ in fields["email"]],  # Outlook e-mails have no label
            "phone": sorted(v for v, _ in fields["phone"]),
            "address": [v for v, _ in fields["address"]],
        }
    return out


# ------------------------------------------------------------------------------------------- CSV injection

INJECTION = {
    "first_name": '=HYPERLINK("http://x","y")',
    "middle_name": "-",
    "last_name": "@mention",
    "company": '=1+2";=1+2',
    "position": "+1 555 0100",
    "location": "=1+2'\" ;,=1+2",
    "notes": "\t=1+2",
    "birthday": "--03-22",
}


@pytest.fixture
def dangerous(db) -> list[int]:
    first = contacts.create_contact(
        INJECTION,
        fields={
            "phone": [Labeled("+1 555 0100", "mobile"), Labeled("-42", "work")],
            "email": [Labeled("@mention@example.com", "work")],
            "address": [Labeled("=cmd|' /C calc'!A0\nsecond line", "home")],
        },
        tags=["-minus", "=SUM(A1)", "plain"],
    )
    second = contacts.create_contact(
        {"first_name": "Ann\nMarie", "last_name": "O'Brien", "company": "-", "notes": "'=already quoted"},
        fields={"phone": [Labeled("+44 20 7946 0000", "work")]},
    )
    return [first, second]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_injection_cells_are_neutralised_and_come_back(
    fmt: str, dangerous: list[int], fresh_db, tmp_path: Path
) -> None:
    writer, reader = FORMATS[fmt]
    before = [snapshot(d, fmt) for d in get_contacts(dangerous)]
    path = tmp_path / f"{fmt}.csv"
    assert writer(path, dangerous) == 2

    raw = path.read_bytes().decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert all(cell[:1] not in set(TRIGGERS) for cell in cells), [c for c in cells if c[:1] in set(TRIGGERS)]
    assert '\'=HYPERLINK("http://x","y")' in cells
    assert "'+1 555 0100" in cells
    assert "'-" in cells
    assert "''=already quoted" in cells
    assert "Ann\nMarie" in cells
    # OWASP's example: =1+2";=1+2 is written quoted, the quote doubled, an apostrophe in front
    assert '"\'=1+2"";=1+2"' in raw

    fresh_db("second.db")
    report = Importer().run(reader(path))
    assert (report.created, report.skipped, report.warnings) == (2, [], [])
    after = [snapshot(d, fmt) for d in get_contacts(all_ids())]
    assert after == before


def test_spreadsheet_safety_can_be_turned_off_for_a_direct_import(dangerous: list[int], tmp_path: Path) -> None:
    write_google_csv(tmp_path / "g.csv", dangerous, spreadsheet_safe=False)
    write_outlook_csv(tmp_path / "o.csv", dangerous, spreadsheet_safe=False)
    assert ",+1 555 0100," in (tmp_path / "g.csv").read_text(encoding="utf-8")
    assert ',"+1 555 0100",' in (tmp_path / "o.csv").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ property tests

TRICKY = [
    '=HYPERLINK("http://x","y")',
    "+1 555 0100",
    "-",
    "@mention",
    "\t=1+2",
    '=1+2";=1+2',
    "Ann\nMarie",
    "a\r\nb",
    "'=x",
    "''-x",
    "Keller, PhD",
    '"quoted"',
    "é, ß; ü 🚀",
    " spaced ",
    "=",
    "a;b\tc",
]
CHARS = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(CHARS, max_size=20))
LABEL = st.one_of(st.sampled_from(["", "work", "home", "mobile", "other", "main", "Custom label", "Büro"]), TEXT)
NAME = st.one_of(st.sampled_from(["-tag", "=x", "Job Search", "é", "+", "@a"]), st.text(CHARS, min_size=1, max_size=12))
BIRTHDAY = st.one_of(
    st.just(""),
    st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
    st.dates(dt.date(2000, 1, 1), dt.date(2000, 12, 31)).map(lambda d: f"--{d.month:02d}-{d.day:02d}"),
)
SLUG = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)


@st.composite
def networks(draw: st.DrawFn) -> list[dict[str, Any]]:
    """1-3 contacts; tags and goal groups drawn from pools so their names are consistent across contacts."""
    usable = NAME.filter(lambda t: t.strip() and ":::" not in t)
    name_pool = st.lists(usable, max_size=4, unique_by=lambda t: t.strip().casefold())
    tag_pool, group_pool = draw(name_pool), draw(name_pool)
    people = []
    for _ in range(draw(st.integers(1, 3))):
        values = {name: draw(TEXT) for name in ("first_name", "middle_name", "last_name", "display_name", "company",
                                                "position", "location", "notes", "help_them", "help_me")}  # fmt: skip
        values["birthday"] = draw(BIRTHDAY)
        values["connected_on"] = draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2035, 12, 31)))
        values["cadence_days"] = draw(st.none() | st.integers(1, 3650))
        values["stage"] = draw(st.sampled_from(STAGES))
        values["source"] = draw(st.sampled_from(["manual", "linkedin", "google", "vcard", "import 2024"]))
        slug = draw(st.none() | SLUG)
        values["profile_url"] = f"https://www.linkedin.com/in/{slug}" if slug else ""
        fields = {kind: draw(st.lists(st.builds(Labeled, TEXT, LABEL), max_size=3)) for kind in FIELD_KINDS}
        tags = [t for t in tag_pool if draw(st.booleans())]
        groups = [g for g in group_pool if draw(st.booleans())]
        people.append({"values": values, "fields": fields, "tags": tags, "groups": groups})
    return people


def _valid(details: list[ContactDetail], fmt: str) -> bool:
    """Whether the stored network is one the format can carry and the importer will not merge differently."""
    emails: set[str] = set()
    names: set[tuple[str, str, str]] = set()
    for d in details:
        v = d.values
        if not (any(v[k].strip() for k in ("first_name", "middle_name", "last_name", "display_name", "company"))
                or d.emails or d.phones):  # fmt: skip
            return False  # a row naming nobody is skipped on import
        for kind, items in d.fields.items():
            keys = [_field_key(kind, i.value) for i in items]
            if len(set(keys)) != len(keys):
                return False  # the importer keeps one of two equal details
        for e in d.emails:
            if email_key(e.value) in emails:
                return False  # the importer would take the second contact for the first
            emails.add(email_key(e.value))
        if v["first_name"] or v["last_name"]:
            key = (v["first_name"].casefold(), v["last_name"].casefold(), v["company"].casefold())
            if key in names:
                return False
            names.add(key)
        if fmt == "google":
            for kind, items in d.fields.items():
                for item in items:
                    if MULTI_SEPARATOR in item.value or canonical_label(item.label) != item.label:
                        return False
                    if kind == "url" and (item.label.casefold() in PROFILE_LABELS or is_linkedin_profile(item.value)):
                        return False
            if any(t.startswith("*") or t.casefold() in SYSTEM_LABELS for t in d.tags):
                return False
    return True


_TEMPLATE: list[Path] = []
# Each example makes two networks; in memory-backed /dev/shm (where there is one) that costs half the time.
SCRATCH = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def _empty_database(path: Path) -> None:
    """Open a new, empty network at *path*: a copy of one made once (creating the schema each time is slow)."""
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="linkorganizer-template-", dir=SCRATCH))
        open_database(folder / "empty.db")
        close_database()
        _TEMPLATE.append(folder / "empty.db")
    shutil.copyfile(_TEMPLATE[0], path)
    open_database(path)


def _create(people: list[dict[str, Any]], ids: list[int]) -> None:
    for person in people:
        try:
            ids.append(contacts.create_contact(person["values"], fields=person["fields"], tags=person["tags"]))
        except contacts.ValidationError:
            assume(False)  # the same profile URL twice
        for name in person["groups"]:
            group, _ = GoalGroup.get_or_create(name=name.strip())
            Membership.create(contact=ids[-1], group=group)


def _round_trip(people: list[dict[str, Any]], fmt: str) -> None:
    writer, reader = FORMATS[fmt]
    with tempfile.TemporaryDirectory(dir=SCRATCH) as tmp:
        folder = Path(tmp)
        _empty_database(folder / "a.db")
        try:
            ids: list[int] = []
            with atomic():
                _create(people, ids)
            details = get_contacts(ids)
            assume(_valid(details, fmt))
            before = [snapshot(d, fmt) for d in details]
            writer(folder / "out.csv", ids)
        finally:
            close_database()
        _empty_database(folder / "b.db")
        try:
            report = Importer().run(reader(folder / "out.csv"))
            # A connection date after today is flagged (and kept): the only warning a round trip may bring.
            warnings = [w for w in report.warnings if not isinstance(w, FutureDateWarning)]
            assert (report.created, report.skipped, warnings) == (len(people), [], [])
            after = [snapshot(d, fmt) for d in get_contacts(all_ids())]
        finally:
            close_database()
    assert after == before


PROPERTY = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(networks())
def test_own_csv_round_trip(people: list[dict[str, Any]]) -> None:
    _round_trip(people, "own")


@PROPERTY
@given(networks())
def test_google_csv_round_trip(people: list[dict[str, Any]]) -> None:
    _round_trip(people, "google")


def test_a_web_address_that_is_no_url_does_not_stop_the_import(db, tmp_path: Path) -> None:
    path = tmp_path / "google.csv"
    path.write_text("First Name,Labels,Website 1 - Label,Website 1 - Value\nAnn,,Home,http://[\n", encoding="utf-8")
    report = Importer().run(GoogleCsvReader(path))
    assert report.created == 1
