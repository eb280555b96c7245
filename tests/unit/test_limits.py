"""One set of limits for every format, each with a message naming the file and line: a field longer than a
megabyte, a photo beyond 16 MB, thousands of columns. And a report that stays small when a file has a million
broken lines: the first of them are listed, all of them are counted."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from linkorganizer.core.records import MAX_FIELD, FormatError
from linkorganizer.formats import registry

NOTE = "n" * (MAX_FIELD + 1)
FILES = {
    "network.json": json.dumps({"format": "linkorganizer", "version": 1, "contacts": [{"id": 1, "first_name": "A", "notes": NOTE}]}),
    "card.vcf": "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Lee\r\nN:Lee;Ann;;;\r\nNOTE:" + NOTE + "\r\nEND:VCARD\r\n",
    "people.csv": "First Name,Last Name,Notes\r\nAnn,Lee," + NOTE + "\r\n",
}


@pytest.mark.parametrize("name", sorted(FILES))
def test_a_field_longer_than_a_megabyte_is_refused_by_every_format(db, dump, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(FILES[name], encoding="utf-8")
    before = dump()
    with pytest.raises(FormatError) as refused:
        registry.import_file(path)
    assert str(refused.value).startswith(f"{path}, line ")
    assert "longer than" in str(refused.value) and "1 MB" in str(refused.value)
    assert dump() == before


def test_a_file_of_a_million_columns_is_refused_at_once(db, tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + "\n", encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(FormatError) as refused:
        registry.import_file(path)
    assert str(refused.value) == f"{path}, line 1: has 1,000,000 columns; a contact export has at most 5,000"
    assert time.monotonic() - started < 10  # it took 20 s to refuse (a guess per column); now it reads one line


def test_a_million_warnings_are_counted_but_only_the_first_are_kept(db, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    rows = [f"P{i},Q{i},https://www.linkedin.com/in/p{i},,Co,Role,not a date" for i in range(3000)]
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + "\n".join(rows) + "\n")
    report = registry.import_file(path)
    assert report.created == 3000 and report.warning_count == 3000 and len(report.warnings) == 1000
    assert report.summary_lines()[-1] == "  … and 2990 more warnings"


def test_a_row_cut_short_is_imported_with_a_warning(db, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind,PM,08 Aug 2012\n"
        "Bo,Lind,https://www.linkedin.com/in/bo-li",  # the file ends here: a download cut off
        encoding="utf-8",
    )
    report = registry.import_file(path)
    assert report.created == 2
    assert [(w.line, w.message) for w in report.warnings] == [
        (3, "has 3 of the header's 7 fields: the row is cut short (the file may be cut off); "
            "check what was imported from it")
    ]


@pytest.mark.parametrize("fmt", ["csv", "google", "outlook", "vcard", "json"])
def test_a_nul_in_a_name_does_not_make_the_app_refuse_its_own_export(db, tmp_path: Path, fmt: str) -> None:
    from linkorganizer.core import contacts

    contacts.create_contact({"first_name": "Ann\x00", "last_name": "Lee", "notes": "a\x00b"})
    path = tmp_path / f"out.{fmt}"
    registry.export_file(path, fmt)
    report = registry.import_file(path)  # the same network: the one contact is found again, nothing refused
    assert report.created + report.updated + report.unchanged == 1


def test_an_invitation_row_cut_short_is_reported_before_its_record(tmp_path: Path) -> None:
    from linkorganizer.core.records import InvitationRecord, RowWarning
    from linkorganizer.formats.linkedin import LinkedInInvitations

    path = tmp_path / "Invitations.csv"
    path.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Jordan Blake,Sam Rivera,"11/3/24, 9:05 AM",Hi,INCOMING,https://www.linkedin.com/in/jordan-blake-77,'
        "https://www.linkedin.com/in/sam\n"
        'Lee Park,Sam Rivera,"11/4/24, 9:05 AM",Hello,INCOMING\n',  # the download ended here
        encoding="utf-8",
    )
    items = [i for i in LinkedInInvitations(path).items() if isinstance(i, (RowWarning, InvitationRecord))]
    assert [type(i).__name__ for i in items] == ["InvitationRecord", "RowWarning", "InvitationRecord"]
    assert items[1].line == 3 and items[1].message.startswith("has 5 of the header's 7 fields: the row is cut short")
