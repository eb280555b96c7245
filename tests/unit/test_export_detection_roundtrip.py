"""Property: a small network exported through every export format and imported back with format "auto" is
detected as the format that reads it back, and comes back with everything that format holds.

What every format holds: first and last name, company, position, notes, the e-mail addresses and phone numbers.
The app's own CSV and the archive also hold the profile URL, location, stage, connected-on date and tags; Google's
CSV holds the tags too. (tests/unit/test_csv_formats_roundtrip.py and test_json_roundtrip.py check each format's
whole reach on harder data; this test is about detection meeting the writers.)
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.records import STAGES, Labeled
from linkorganizer.db import atomic, close_database, open_database
from linkorganizer.db.models import Contact
from linkorganizer.formats import registry

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßøçÉ ,;'\"+-=@&()"
WORD = st.text(ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
TAG = st.sampled_from(["Hiring", "Berlin", "Mentor", "Ex-colleague", "Café"])
FULL = {"csv", "json"}  # the app's own formats
TAGGED = FULL | {"google"}


@st.composite
def networks(draw: st.DrawFn) -> list[dict[str, Any]]:
    people = []
    for n in range(draw(st.integers(1, 4))):
        values = {
            "first_name": f"{draw(WORD)}{n}",  # distinct people: the importer would merge two of the same name
            "last_name": draw(WORD),
            "company": draw(st.just("") | WORD),
            "position": draw(st.just("") | WORD),
            "notes": draw(st.just("") | WORD),
            "location": draw(st.just("") | WORD),
            "stage": draw(st.sampled_from(STAGES)),
            "connected_on": draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
            "profile_url": f"https://www.linkedin.com/in/person-{n}" if draw(st.booleans()) else "",
        }
        emails = [Labeled(f"p{n}.{i}@example.com", "") for i in range(draw(st.integers(0, 2)))]
        phones = [Labeled(f"+49 30 555{n}{i}", "") for i in range(draw(st.integers(0, 2)))]
        tags = sorted(set(draw(st.lists(TAG, max_size=3))))
        people.append({"values": values, "fields": {"email": emails, "phone": phones}, "tags": tags})
    return people


def held(detail: ContactDetail, fmt: str) -> dict[str, Any]:
    """What *fmt* holds of a contact."""
    v = detail.values
    out: dict[str, Any] = {k: v[k] for k in ("first_name", "last_name", "company", "position", "notes")}
    out["emails"] = [e.value for e in detail.fields["email"]]
    out["phones"] = sorted(p.value for p in detail.fields["phone"])
    if fmt in FULL:
        out.update({k: v[k] for k in ("profile_url", "location", "stage", "connected_on")})
    if fmt in TAGGED:
        out["tags"] = sorted(detail.tags)
    return out


_TEMPLATE: list[Path] = []


def _open_empty(path: Path) -> None:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="linkorganizer-template-"))
        open_database(folder / "empty.db")
        close_database()
        _TEMPLATE.append(folder / "empty.db")
    shutil.copyfile(_TEMPLATE[0], path)
    open_database(path)


@pytest.mark.parametrize("fmt", registry.EXPORT_FORMATS)
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(people=networks())
def test_every_export_comes_back_through_detection(fmt: str, people: list[dict[str, Any]]) -> None:
    spec = registry.spec(fmt)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        out = folder / f"export{spec.suggested_suffix}"
        _open_empty(folder / "a.db")
        try:
            with atomic():
                ids = [contacts.create_contact(p["values"], fields=p["fields"], tags=p["tags"]) for p in people]
            before = sorted((held(d, fmt) for d in get_contacts(ids)), key=lambda h: h["first_name"])
            assert registry.export_file(out, fmt) == len(people)
        finally:
            close_database()
        _open_empty(folder / "b.db")
        try:
            assert registry.detect_format(out) == spec.read_back
            report = registry.import_file(out, "auto")
            assert (report.format_name, report.created, report.skipped) == (spec.read_back, len(people), [])
            ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
            after = sorted((held(d, fmt) for d in get_contacts(ids)), key=lambda h: h["first_name"])
        finally:
            close_database()
    assert after == before
