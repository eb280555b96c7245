"""The app's own CSV layout read back: exact values, the spreadsheet guard undone, tolerant of spreadsheet edits."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactDetail, get_contacts
from linkorganizer.core.importing import Importer
from linkorganizer.core.records import FormatError, Labeled
from linkorganizer.db.models import Contact, GoalGroup, Membership
from linkorganizer.formats.csv_table import OwnCsvReader, header, looks_like_own, write_csv
from linkorganizer.formats.google import looks_like_google
from linkorganizer.formats.outlook import DESKTOP_HEADER, looks_like_outlook


def people() -> dict[str, ContactDetail]:
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    return {d.full_name: d for d in get_contacts(ids)}


def all_ids() -> list[int]:
    return [cid for (cid,) in Contact.select(Contact.id).order_by(Contact.id).tuples()]


OWN_HEADER = header({"email": 2, "phone": 1, "address": 0, "url": 0})


def test_sniffer() -> None:
    assert looks_like_own(OWN_HEADER)
    assert looks_like_own(header({"email": 0, "phone": 0, "address": 0, "url": 0}))
    assert looks_like_own([f'"{h.upper()}"' for h in OWN_HEADER])
    assert not looks_like_google(OWN_HEADER) and not looks_like_outlook(OWN_HEADER)
    assert not looks_like_own(list(DESKTOP_HEADER))
    assert not looks_like_own(["First Name", "Last Name", "E-mail 1 - Value"])


def test_every_field_comes_back(db, fresh_db, tmp_path: Path) -> None:
    ann = contacts.create_contact(
        {
            "first_name": '=HYPERLINK("http://x","y")',
            "middle_name": "Q",
            "last_name": "@mention",
            "display_name": "Ann (the one from Paris)",
            "company": '=1+2";=1+2',
            "position": "-",
            "location": "Paris, France",
            "profile_url": "https://www.linkedin.com/in/ann",
            "notes": "  Line one\nLine two with \"quotes\", commas, and a\ttab\r\nthird  ",
            "help_them": "\t=1+2",
            "help_me": "'=already quoted",
            "birthday": "--03-22",
            "connected_on": "2012-08-08",
            "cadence_days": 30,
            "stage": "keep_in_touch",
            "source": "linkedin",
        },
        fields={
            "phone": [Labeled("+1 555 0100", "mobile"), Labeled("0044 20 7946 0000", "Büro")],
            "email": [Labeled("ann@example.com", "work"), Labeled("ann@example.org", "")],
            "address": [Labeled("1 Main St\nSpringfield", "home")],
            "url": [Labeled("https://example.com", "blog")],
        },
        tags=["-minus", "plain", "é ü"],
    )
    bob = contacts.create_contact({"first_name": "Bob\nRay", "company": "Acme"})
    group = GoalGroup.create(name="Hiring")
    Membership.create(contact=ann, group=group)
    before = [(d.values, d.fields, sorted(d.tags), d.groups, d.full_name) for d in get_contacts([ann, bob])]
    path = tmp_path / "out.csv"
    write_csv(path, [ann, bob])

    fresh_db("second.db")
    report = Importer().run(OwnCsvReader(path))

    assert (report.format_name, report.created, report.skipped, report.warnings) == ("csv", 2, [], [])
    after = [(d.values, d.fields, sorted(d.tags), d.groups, d.full_name) for d in get_contacts(all_ids())]
    assert after == before


def test_a_spreadsheet_edit_is_read(db, tmp_path: Path) -> None:
    """Someone opened the export in a spreadsheet, added a column and a row, and saved with semicolons."""
    path = tmp_path / "edited.csv"
    head = header({"email": 1, "phone": 0, "address": 0, "url": 0}) + ["Met at"]
    values = dict.fromkeys(head, "")
    values.update(
        {
            "First Name": "Cy",
            "Last Name": "Lopez",
            "E-mail 1 - Value": "cy@example.com",
            "Stage": "introduced",
            "Tags": "a ::: b",
            "Keep In Touch Days": "forty",
            "Connected On": "08 Aug 2012",
            "Met at": "Conference",
        }
    )
    buf = io.StringIO()
    csv.writer(buf, delimiter=";").writerows([head, [values[h] for h in head]])
    path.write_text(buf.getvalue(), encoding="utf-8-sig")

    report = Importer().run(OwnCsvReader(path))

    assert [(w.line, w.message) for w in report.warnings] == [
        (1, "column “Met at” is not part of LinkOrganizer's layout; kept as extra data"),
        (2, "“Keep In Touch Days” value “forty” is not a number of days between 1 and 3650; ignored"),
    ]
    (cy,) = people().values()
    assert cy.values["stage"] == "introduced"
    assert cy.values["connected_on"].isoformat() == "2012-08-08"
    assert cy.values["cadence_days"] is None
    assert cy.values["source"] == "csv"  # the Source cell was empty
    assert sorted(cy.tags) == ["a", "b"]
    assert cy.extra == {"met_at": "Conference"}


def test_unknown_stage_is_a_warning(db, tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    head = header({"email": 0, "phone": 0, "address": 0, "url": 0})
    row = ["Ann" if h == "First Name" else "Someday" if h == "Stage" else "" for h in head]
    path.write_text(",".join(head) + "\n" + ",".join(row) + "\n", encoding="utf-8")
    report = Importer().run(OwnCsvReader(path))
    assert [w.message for w in report.warnings] == [
        "stage “Someday” is not one of Prospect, Invited, Introduced, Connected, Keep in touch, Not a fit; ignored"
    ]
    (ann,) = people().values()
    assert ann.values["stage"] == "connected"  # the importer's default


def test_header_only_and_foreign_files_are_refused(db, dump: Callable[[], list[str]], tmp_path: Path) -> None:
    contacts.create_contact({"first_name": "Existing"})
    before = dump()
    empty = tmp_path / "empty.csv"
    empty.write_text(",".join(OWN_HEADER) + "\r\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        Importer().run(OwnCsvReader(empty))
    assert (info.value.line, info.value.reason) == (1, "has a header but no contacts below it")
    other = tmp_path / "other.csv"
    other.write_text("Name,E-mail\nAnn,a@example.com\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        Importer().run(OwnCsvReader(other))
    assert info.value.line == 1 and "not a LinkOrganizer CSV export" in info.value.reason
    assert dump() == before
