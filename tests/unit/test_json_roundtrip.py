"""Property test: any network written as a JSON archive and imported into an empty network is the same network.

Random contacts (any Unicode, commas, quotes, newlines, leading = or +, empty fields, labelled details, tags,
goal groups, photos, year-less birthdays), with interactions and invitations, go through write_archive →
JsonArchive → a second database; both archives must be equal, field for field.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkorganizer.core.importing import Importer
from linkorganizer.core.records import STAGES, ContactRecord, InteractionRecord, InvitationRecord, Labeled
from linkorganizer.db import close_database, open_database
from linkorganizer.formats.json_archive import JsonArchive, archive_document, write_archive

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
tricky = st.one_of(text, st.sampled_from(["=1+2", "+1 555 0100", "-", "@x", "a, b", 'say "hi"', "line\nbreak", ""]))
labels = st.sampled_from(["", "work", "home", "mobile", "Ünïcode label"])
moment = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2030, 12, 31)).map(
    lambda d: d.replace(microsecond=0)
)


@st.composite
def contact(draw: st.DrawFn, ref: int) -> ContactRecord:
    first = draw(tricky)
    return ContactRecord(
        # Unique names: two records with one name and company are one person to the importer, by design.
        first_name=f"{first}#{ref}",
        middle_name=draw(tricky),
        last_name=draw(tricky),
        display_name=draw(tricky),
        company=draw(tricky),
        position=draw(tricky),
        location=draw(tricky),
        profile_url=f"https://www.linkedin.com/in/person-{ref}" if draw(st.booleans()) else "",
        emails=[Labeled(f"p{ref}.{i}@example.com", draw(labels)) for i in range(draw(st.integers(0, 2)))],
        phones=[Labeled(f"+1 555 {ref:04d}{i}", draw(labels)) for i in range(draw(st.integers(0, 2)))],
        addresses=[Labeled(draw(text.filter(str.strip)).strip(), draw(labels)) for _ in range(draw(st.integers(0, 1)))],
        birthday=draw(st.sampled_from(["", "1980-03-22", "--02-29", "2001-12-31"])),
        connected_on=draw(st.none() | st.dates(dt.date(2005, 1, 1), dt.date(2026, 11, 1))),
        notes=draw(tricky),
        help_them=draw(tricky),
        help_me=draw(tricky),
        cadence_days=draw(st.none() | st.integers(1, 365)),
        stage=draw(st.sampled_from(STAGES)),
        source=draw(st.sampled_from(["linkedin", "vcard", "manual"])),
        tags=draw(st.lists(text.filter(str.strip).map(str.strip), max_size=3, unique_by=str.casefold)),
        groups=draw(st.lists(st.sampled_from(["Fintech role", "Coaching", "Mentor"]), max_size=2, unique=True)),
        extra=draw(st.dictionaries(st.sampled_from(["nickname", "department"]), text, max_size=2)),
        photo=draw(st.none() | st.binary(min_size=1, max_size=40)),
        ref=ref,
        created_at=draw(moment),
        updated_at=draw(moment),
        deleted_at=draw(st.none() | moment),
    )


@st.composite
def networks(draw: st.DrawFn) -> list[Any]:
    count = draw(st.integers(1, 6))
    items: list[Any] = [draw(contact(ref)) for ref in range(1, count + 1)]
    for _ in range(draw(st.integers(0, 4))):
        items.append(
            InteractionRecord(
                contact_ref=draw(st.integers(1, count)),
                kind=draw(st.sampled_from(["call", "help_given", "referral_received"])),
                occurred_at=draw(moment),
                note=draw(tricky),
            )
        )
    for i in range(draw(st.integers(0, 2))):
        items.append(
            InvitationRecord(
                direction=draw(st.sampled_from(["incoming", "outgoing"])),
                name=draw(tricky),
                profile_url=f"https://www.linkedin.com/in/invited-{i}",
                message=draw(tricky),
                sent_at=draw(moment),
                contact_ref=draw(st.none() | st.integers(1, count)),
            )
        )
    return items


class _Items:
    format_name = "records"
    display_name = "records"

    def __init__(self, items: list[Any]) -> None:
        self._items = items

    def items(self):
        yield from self._items

    def fraction(self) -> float:
        return 0.0


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_json_archive_round_trip(items: list[Any]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="lo-json-"))
    try:
        open_database(folder / "first.db")
        Importer().run(_Items(items))
        first = archive_document()
        write_archive(folder / "network.json")
        close_database()
        open_database(folder / "second.db")
        Importer().run(JsonArchive(folder / "network.json"))
        second = archive_document()
        assert json.dumps(second, sort_keys=True) == json.dumps(first, sort_keys=True)
        assert len(second["contacts"]) == len([i for i in items if isinstance(i, ContactRecord)])
    finally:
        close_database()
        shutil.rmtree(folder, ignore_errors=True)
