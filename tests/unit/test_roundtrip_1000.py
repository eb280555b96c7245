"""A 1 000-contact network through every export format and back with format "auto": every contact comes back,
with every field the format holds (docs/fields.md is the table of what each format cannot hold)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from linkorganizer.core import contacts, fields
from linkorganizer.core.records import STAGES, Labeled
from linkorganizer.db import close_database, open_database
from linkorganizer.formats import registry
from tests.unit.test_fields import NOT_COMPARED, _value

pytestmark = pytest.mark.slow

COUNT = 1000
FIRST = ["Ada", "Émile", "Łukasz", "Zoë", "Kwame", "Siobhán", "Jürgen", "Mei", "O'Brien", "Ana-María", "Dev", "Noor"]
LAST = ["Quill", "Ørsted", "Nguyễn", "Smith, Jr", "de la Cruz", "Müller", "Okafor", "Lee", "Dubois", "Ito"]
TEXT = ['Met at "PyCon"; likes chess', "Line one\nline two", "=SUM(A1) is not a formula here", "plain", "a, b; c"]
FORMATS = [("json", "json"), ("csv", "csv"), ("vcard", "vcard"), ("vcard", "vcard4"), ("google", "google"),
           ("outlook", "outlook")]  # fmt: skip


def network(rng: random.Random) -> None:
    for n in range(COUNT):
        values = {
            "first_name": rng.choice(FIRST),
            "last_name": rng.choice(LAST).replace(", Jr", ""),
            "company": f"Company {n % 37}",
            "position": rng.choice(["CTO", "Head of Product, Payments", "Recruiter", ""]),
            "location": rng.choice(["Accra", "Zürich", "São Paulo", ""]),
            "profile_url": f"https://www.linkedin.com/in/person-{n}",
            "connected_on": dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3000)),
            "notes": rng.choice(TEXT),
            "help_them": rng.choice(["", "An intro to an investor"]),
            "help_me": rng.choice(["", "Advice on hiring"]),
            "cadence_days": rng.choice([None, 30, 90]),
            "stage": rng.choice(STAGES),
            "birthday": rng.choice(["", "1985-04-15", "--12-24"]),
        }
        details = {
            "email": [Labeled(f"person{n}@example.org", "work")],
            "phone": [Labeled(f"+44 20 7946 {n:04d}", "mobile")] if n % 3 else [],
        }
        contacts.create_contact(values, details, [f"tag{n % 5}"] if n % 2 else [])


def by_email(details) -> dict[str, object]:
    return {d.fields["email"][0].value: d for d in details}


@pytest.mark.parametrize(("holder", "fmt"), FORMATS, ids=[f for _h, f in FORMATS])
def test_a_thousand_contacts_come_back_through_auto_detection(tmp_path: Path, holder: str, fmt: str) -> None:
    open_database(tmp_path / "source.db")
    try:
        network(random.Random(1000))
        want = by_email(contacts.get_contacts(contacts.query_contact_ids(contacts.ContactQuery())))
        path = tmp_path / f"network.{fmt}"
        assert registry.export_file(path, fmt) == COUNT
    finally:
        close_database()
    open_database(tmp_path / "back.db")
    try:
        assert registry.detect_format(path) == ("vcard" if fmt == "vcard4" else fmt)
        report = registry.import_file(path)  # auto
        assert (report.created, report.skipped_count) == (COUNT, 0)
        got = by_email(contacts.get_contacts(contacts.query_contact_ids(contacts.ContactQuery())))
    finally:
        close_database()
    assert set(got) == set(want)
    held = [
        spec for spec in fields.FIELDS
        if holder in fields.holders(spec) and spec.name not in NOT_COMPARED.get(holder, set())
        and not (spec.name == "source" and holder != "json")
    ]  # fmt: skip
    lost = [
        (email, spec.name, _value(want[email], spec), _value(got[email], spec))
        for email in sorted(want)
        for spec in held
        if _value(got[email], spec) != _value(want[email], spec)
    ]
    assert not lost, f"{len(lost)} values lost through {fmt}, e.g. {lost[:5]}"
