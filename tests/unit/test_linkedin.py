"""LinkedIn Connections.csv into a real database: every era, re-import semantics, bad files, cancel, dry run."""

from __future__ import annotations

import codecs
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.contacts import get_contact, get_contacts
from linkorganizer.core.records import FormatError, ImportCancelled
from linkorganizer.db.models import Contact, ImportBatch
from linkorganizer.formats import registry
from linkorganizer.formats import textio
from linkorganizer.formats.textio import SAMPLE_SIZE

HEADER_2024 = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PREAMBLE = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    "only see email addresses for connections who have allowed their connections to see or download their email "
    "address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n'
    "\n"
)


LINKEDIN_2022 = Path(__file__).resolve().parent.parent / "fixtures" / "linkedin" / "connections_2022.csv"


def by_name() -> dict[str, contacts.ContactDetail]:
    ids = [cid for (cid,) in Contact.select(Contact.id).tuples()]
    return {d.full_name: d for d in get_contacts(ids)}


def write_export(path: Path, rows: list[str], preamble: bool = True, header: str = HEADER_2024) -> Path:
    path.write_text((PREAMBLE if preamble else "") + "\n".join([header, *rows]), encoding="utf-8", newline="")
    return path


# ------------------------------------------------------------------------------------------------ every era


def test_2024_export(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "connections_2024.csv"
    raw = path.read_bytes()
    # The fixture has the shape of a real 2024 export; make sure it stays that way.
    assert raw.startswith(b"Notes:\n") and b"\r\n" not in raw and not raw.endswith(b"\n")

    report = registry.import_file(path)

    assert (report.created, report.updated, report.unchanged) == (6, 0, 0)
    assert [(s.line, s.reason) for s in report.skipped] == [
        (8, "hidden member: LinkedIn exports only the connection date"),
        (11, "hidden member: LinkedIn exports only the connection date"),
    ]
    assert report.warnings == []
    people = by_name()
    assert sorted(people) == [
        "Ada Quill",
        "Bruno Keller, PhD",
        "Chiara Moretti",
        "Dev Patel",
        "Eun-ji Park 🚀",
        "Émile Lefèvre",
    ]
    ada = people["Ada Quill"]
    assert ada.values["profile_url"] == "https://www.linkedin.com/in/ada-quill"
    assert ada.values["company"] == "Northwind Analytics"
    assert ada.values["position"] == "Head of Product"
    assert ada.values["connected_on"] == dt.date(2012, 8, 8)
    assert ada.values["source"] == "linkedin"
    assert ada.values["stage"] == "connected"
    assert ada.emails == []  # the empty e-mail field is not an e-mail
    bruno = people["Bruno Keller, PhD"]
    # A quoted comma: what follows it in the last name is the name suffix.
    assert (bruno.values["first_name"], bruno.values["last_name"], bruno.values["name_suffix"]) == (
        "Bruno", "Keller", "PhD"
    )
    assert bruno.values["position"] == "Director, Data Science"
    assert [e.value for e in bruno.emails] == ["bruno.keller@example.org"]
    assert people["Chiara Moretti"].values["company"] == 'Acme "Rocket" Works'  # "" inside quotes
    dev = people["Dev Patel"]  # stray spaces around every field, a trailing slash on the URL
    assert (dev.values["first_name"], dev.values["last_name"]) == ("Dev", "Patel")
    assert dev.values["company"] == "Fintech Partners"
    assert dev.values["position"] == "Talent Partner"
    assert dev.values["profile_url"] == "https://www.linkedin.com/in/dev-patel-99"
    assert dev.emails == []  # " " is no e-mail either
    eunji = people["Eun-ji Park 🚀"]  # characters outside the BMP survive
    assert eunji.values["last_name"] == "Park 🚀"
    assert eunji.values["position"] == "Investor 🌱"
    emile = people["Émile Lefèvre"]  # the last row, without a final newline
    assert emile.values["company"] == "Société Générale d'Études"
    assert emile.values["connected_on"] == dt.date(2025, 1, 1)
    assert [e.value for e in emile.emails] == ["emile@example.fr"]

    batch = ImportBatch.get()
    assert (batch.file_name, batch.format) == ("connections_2024.csv", "linkedin")
    assert (batch.created_count, batch.updated_count, batch.unchanged_count, batch.skipped_count) == (6, 0, 0, 2)
    assert batch.finished_at is not None
    summary = "\n".join(report.summary_lines())
    assert "6 new, 0 updated, 0 unchanged, 2 skipped" in summary
    assert "skipped 2: hidden member" in summary and "(line 8, 11)" in summary


def test_2022_export_with_preamble_and_no_url(db, linkedin_dir: Path) -> None:
    report = registry.import_file(linkedin_dir / "connections_2022.csv")
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert [s.line for s in report.skipped] == [7]
    people = by_name()
    assert sorted(people) == ["Ada Quill", "Farid Haddad"]
    ada = people["Ada Quill"]
    assert ada.values["profile_url"] == ""
    assert ada.values["position"] == "Senior Product Manager"
    assert [e.value for e in ada.emails] == ["ada@example.com"]
    assert ada.values["connected_on"] == dt.date(2012, 8, 8)
    farid = people["Farid Haddad"]
    assert farid.values["company"] == "Cedar Consulting"
    assert farid.emails == []
    assert farid.values["connected_on"] == dt.date(2022, 4, 11)
    assert Contact.select().where(Contact.profile_url.is_null(False)).count() == 0


def test_2018_export_without_preamble_and_with_us_dates(db, linkedin_dir: Path) -> None:
    report = registry.import_file(linkedin_dir / "connections_2018.csv")
    assert (report.created, report.updated, report.unchanged, len(report.skipped)) == (2, 0, 0, 0)
    people = by_name()
    grace = people["Grace Otieno"]
    assert grace.values["connected_on"] == dt.date(2018, 9, 14)  # "9/14/18, 3:05 PM"
    assert grace.values["position"] == "VP, Engineering"
    assert [e.value for e in grace.emails] == ["grace.otieno@example.com"]
    hugo = people["Hugo Brandt"]
    assert hugo.values["connected_on"] == dt.date(2017, 10, 2)
    assert hugo.values["company"] == "Brandt & Söhne"


def test_excel_resave_with_crlf_bom_and_short_dates(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "connections_excel.csv"
    assert path.read_bytes().startswith(codecs.BOM_UTF8) and b"\r\n" in path.read_bytes()
    report = registry.import_file(path)
    assert (report.created, len(report.skipped), report.warnings) == (2, 0, [])
    people = by_name()
    assert sorted(people) == ["Ada Quill", "Ivan Petrov"]  # no BOM left in the first name
    assert people["Ivan Petrov"].values["connected_on"] == dt.date(2024, 3, 12)
    assert people["Ivan Petrov"].values["position"] == "CTO"  # no "\r" left at the end of a line
    assert people["Ada Quill"].values["connected_on"] == dt.date(2012, 8, 8)


def test_windows_1252_file(db, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    text = "\r\n".join(
        [HEADER_2024, "Hugo,Brandt,https://www.linkedin.com/in/hugo-brandt,,Brandt & Söhne,Gérant,12-Mar-24"]
    )
    path.write_bytes(text.encode("cp1252"))
    report = registry.import_file(path)
    assert report.created == 1
    assert by_name()["Hugo Brandt"].values["company"] == "Brandt & Söhne"
    assert by_name()["Hugo Brandt"].values["position"] == "Gérant"


def test_a_name_typed_whole_with_its_credentials_is_followed_by_ordinary_rows(db, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    text = "\n".join([
        HEADER_2024,
        '"Ana Lima, CFA",,https://www.linkedin.com/in/ana-lima,,Banco,Analyst,12 Mar 2024',
        "Hugo,Brandt,https://www.linkedin.com/in/hugo-brandt,,Brandt,Owner,12 Mar 2024",
    ])
    path.write_text(text, encoding="utf-8")
    report = registry.import_file(path)
    assert report.created == 2
    people = by_name()
    assert (people["Ana Lima, CFA"].values["last_name"], people["Ana Lima, CFA"].values["name_suffix"]) == (
        "Lima", "CFA"
    )
    assert people["Hugo Brandt"].values["company"] == "Brandt"


def test_utf16_file_with_bom(db, tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    text = "\r\n".join([HEADER_2024, "Zoë,Martin,https://www.linkedin.com/in/zoe-martin,,Atelier,Designer,09 Sep 2019"])
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    report = registry.import_file(path)
    assert report.created == 1
    assert by_name()["Zoë Martin"].values["connected_on"] == dt.date(2019, 9, 9)


def test_unknown_extra_column_is_ignored_with_a_warning(db, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "Connections.csv",
        ["Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind,PM,08 Aug 2012,VIP"],
        header=HEADER_2024 + ",Label",
    )
    report = registry.import_file(path)
    assert report.created == 1
    assert [(w.line, w.message) for w in report.warnings] == [
        (4, "column “Label” is not part of a LinkedIn export; ignored")
    ]


def test_unreadable_date_is_a_warning_not_an_error(db, tmp_path: Path) -> None:
    path = write_export(tmp_path / "Connections.csv", ["Ada,Quill,,,Northwind,PM,sometime"])
    report = registry.import_file(path)
    assert report.created == 1
    assert [w.line for w in report.warnings] == [5]
    assert "sometime" in report.warnings[0].message
    assert by_name()["Ada Quill"].values["connected_on"] is None


def test_blank_lines_are_ignored(db, tmp_path: Path) -> None:
    rows = ["Ada,Quill,,,Northwind,PM,08 Aug 2012", "", "Bo,Ray,,,X,Y,01 Jan 2020", ""]
    path = write_export(tmp_path / "Connections.csv", rows)
    report = registry.import_file(path)
    assert (report.created, len(report.skipped)) == (2, 0)


def test_same_person_twice_in_one_file_is_one_contact(db, tmp_path: Path) -> None:
    path = write_export(
        tmp_path / "Connections.csv",
        [
            "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind,PM,08 Aug 2012",
            "Ada,Quill,https://www.linkedin.com/in/ada-quill/,ada@example.com,Northwind,PM,08 Aug 2012",
        ],
    )
    report = registry.import_file(path)
    assert (report.created, report.updated) == (1, 1)
    assert Contact.select().count() == 1
    assert [e.value for e in by_name()["Ada Quill"].emails] == ["ada@example.com"]


def test_progress_is_reported_up_to_the_end(db, tmp_path: Path) -> None:
    rows = [f"P{i},Person,https://www.linkedin.com/in/p{i},,Co,Role,08 Aug 2012" for i in range(1200)]
    path = write_export(tmp_path / "Connections.csv", rows)
    seen: list[float] = []
    registry.import_file(path, progress=seen.append)
    assert seen and seen[-1] == 1.0
    assert seen == sorted(seen)
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert any(0.0 < f < 1.0 for f in seen)


# ----------------------------------------------------------------------------------------------- re-import


def contact_table(db) -> list[tuple]:
    return db.execute_sql("SELECT * FROM contact ORDER BY id").fetchall() + db.execute_sql(
        "SELECT * FROM contact_field ORDER BY id"
    ).fetchall()


def test_same_file_twice_changes_nothing(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "connections_2024.csv"
    registry.import_file(path)
    before = contact_table(db)
    report = registry.import_file(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert [s.line for s in report.skipped] == [8, 11]
    assert report.changes == [] and report.job_changes == []
    assert contact_table(db) == before
    assert ImportBatch.select().count() == 2
    for linkedin_file in ("connections_2018.csv", "connections_2022.csv", "connections_excel.csv"):
        registry.import_file(linkedin_dir / linkedin_file)
        again = registry.import_file(linkedin_dir / linkedin_file)
        assert (again.created, again.updated) == (0, 0), linkedin_file


def test_newer_export_reports_job_changes(db, tmp_path: Path) -> None:
    rows = [
        "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind Analytics,Head of Product,08 Aug 2012",
        "Bruno,Keller,https://www.linkedin.com/in/bruno-keller,bruno@example.org,Helio Labs,Director,14 Feb 2019",
        "Chiara,Moretti,https://www.linkedin.com/in/chiara-moretti,,Acme,Recruiter,03 Mar 2021",
    ]
    registry.import_file(write_export(tmp_path / "old.csv", rows))
    newer = [
        "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind Analytics,VP Product,08 Aug 2012",
        "Bruno,Keller,https://www.linkedin.com/in/bruno-keller,,Orbit Data,Director,14 Feb 2019",
        "Chiara,Moretti,https://www.linkedin.com/in/chiara-moretti,,Acme,Recruiter,03 Mar 2021",
        "Dev,Patel,https://www.linkedin.com/in/dev-patel,,Fintech Partners,Talent Partner,21 Sep 2023",
    ]
    report = registry.import_file(write_export(tmp_path / "new.csv", newer))
    assert (report.created, report.updated, report.unchanged) == (1, 2, 1)
    jobs = {c.name: c for c in report.job_changes}
    assert set(jobs) == {"Ada Quill", "Bruno Keller"}
    assert jobs["Ada Quill"].changes == {"position": ("Head of Product", "VP Product")}
    assert jobs["Bruno Keller"].changes == {"company": ("Helio Labs", "Orbit Data")}
    assert jobs["Ada Quill"].describe() == "Ada Quill: Head of Product → VP Product"
    assert jobs["Bruno Keller"].describe() == "Bruno Keller: Helio Labs → Orbit Data"
    summary = "\n".join(report.summary_lines())
    assert "1 new, 2 updated, 1 unchanged" in summary
    assert "2 job changes:" in summary
    people = by_name()
    assert people["Ada Quill"].values["position"] == "VP Product"
    assert people["Bruno Keller"].values["company"] == "Orbit Data"
    # An empty field in the newer file never erases what the network knows.
    assert [e.value for e in people["Bruno Keller"].emails] == ["bruno@example.org"]
    batch = ImportBatch.select().order_by(ImportBatch.id.desc()).get()
    assert (batch.created_count, batch.updated_count, batch.unchanged_count) == (1, 2, 1)


def test_2022_then_2024_matches_by_name_and_company(db, linkedin_dir: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2022.csv")
    report = registry.import_file(linkedin_dir / "connections_2024.csv")
    assert (report.created, report.updated, report.unchanged) == (5, 1, 0)
    assert [c.name for c in report.job_changes] == ["Ada Quill"]
    ada = by_name()["Ada Quill"]
    assert ada.values["position"] == "Head of Product"
    assert ada.values["profile_url"] == "https://www.linkedin.com/in/ada-quill"  # learned from the newer export
    assert [e.value for e in ada.emails] == ["ada@example.com"]  # kept although 2024 has no e-mail
    assert Contact.select().count() == 7


def test_match_by_profile_url_first(db, tmp_path: Path) -> None:
    cid = contacts.create_contact(
        {
            "first_name": "Ada",
            "last_name": "Lovelace",
            "company": "Engines",
            "profile_url": "https://www.linkedin.com/in/ada-quill",
        },
        fields={"email": [contacts.Labeled("ada@old.example", "home")]},
    )
    other = contacts.create_contact({"first_name": "Ada", "last_name": "Quill", "company": "Northwind"})
    # A country host, http, a query and a trailing slash: still the same profile.
    path = write_export(
        tmp_path / "c.csv", ["Ada,Quill,http://de.linkedin.com/in/ada-quill/?trk=x,,Northwind,PM,08 Aug 2012"]
    )
    report = registry.import_file(path)
    assert (report.created, report.updated) == (0, 1)
    assert report.changes[0].contact_id == cid
    ada = get_contact(cid)
    assert ada is not None
    assert (ada.values["last_name"], ada.values["company"]) == ("Quill", "Northwind")
    assert ada.full_name == "Ada Quill"
    assert get_contact(other) is not None and get_contact(other).values["position"] == ""


def test_match_by_email_when_there_is_no_url(db, tmp_path: Path) -> None:
    cid = contacts.create_contact(
        {"first_name": "Grace", "last_name": "O.", "company": "Old Co"},
        fields={"email": [contacts.Labeled("Grace.Otieno@Example.com", "work")]},
    )
    path = tmp_path / "c.csv"
    path.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Grace,Otieno,grace.otieno@example.com,Mara Health,VP Engineering,\"9/14/18, 3:05 PM\"\n",
        encoding="utf-8",
    )
    report = registry.import_file(path)
    assert (report.created, report.updated) == (0, 1)
    grace = get_contact(cid)
    assert grace is not None
    assert grace.values["company"] == "Mara Health"
    assert [e.value for e in grace.emails] == ["Grace.Otieno@Example.com"]  # not duplicated in another case
    assert Contact.select().count() == 1


def test_match_by_exact_name_and_company_last(db, tmp_path: Path) -> None:
    same = contacts.create_contact({"first_name": "Farid", "last_name": "Haddad", "company": "Cedar Consulting"})
    contacts.create_contact({"first_name": "Farid", "last_name": "Haddad", "company": "Elsewhere"})
    path = tmp_path / "c.csv"
    path.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "farid,HADDAD,,Cedar Consulting,Career Coach,11 Apr 2022\n"
        "Farid,Haddad,,Third Company,Coach,11 Apr 2022\n",
        encoding="utf-8",
    )
    report = registry.import_file(path)
    assert (report.created, report.updated) == (1, 1)
    assert report.changes[0].contact_id == same
    assert Contact.select().where(Contact.first_name.in_(["Farid", "farid"])).count() == 3


def test_namesakes_with_different_profiles_stay_two_people(db, tmp_path: Path) -> None:
    """Two John Smiths at one company are common; different profile URLs mean different people."""
    first = write_export(
        tmp_path / "a.csv",
        [
            "John,Smith,https://www.linkedin.com/in/john-smith-1,,Microsoft,Engineer,01 Jan 2020",
            "John,Smith,https://www.linkedin.com/in/john-smith-2,,Microsoft,Designer,01 Jan 2021",
        ],
    )
    report = registry.import_file(first)
    assert (report.created, report.updated) == (2, 0)
    later = write_export(
        tmp_path / "b.csv",
        [
            "John,Smith,https://www.linkedin.com/in/john-smith-3,,Microsoft,Manager,01 Jan 2022",
            "John,Smith,https://www.linkedin.com/in/john-smith-1,,Microsoft,Engineer,01 Jan 2020",
        ],
    )
    report = registry.import_file(later)
    assert (report.created, report.updated, report.unchanged) == (1, 0, 1)
    rows = sorted((c.profile_url, c.position) for c in Contact.select())
    assert rows == [
        ("https://www.linkedin.com/in/john-smith-1", "Engineer"),
        ("https://www.linkedin.com/in/john-smith-2", "Designer"),
        ("https://www.linkedin.com/in/john-smith-3", "Manager"),
    ]
    # A file without URLs (2022) still finds a John Smith by name and company instead of adding a fourth.
    old_style = tmp_path / "c.csv"
    old_style.write_text(
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "John,Smith,,Microsoft,Engineer,01 Jan 2020\n",
        encoding="utf-8",
    )
    report = registry.import_file(old_style)
    assert report.created == 0
    assert Contact.select().count() == 3


def test_trashed_contacts_are_matched_and_stay_in_the_trash(db, linkedin_dir: Path, tmp_path: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2024.csv")
    ada_id = by_name()["Ada Quill"].id
    contacts.trash_contacts([ada_id])

    again = registry.import_file(linkedin_dir / "connections_2024.csv")
    assert (again.created, again.unchanged) == (0, 6)
    changed = write_export(
        tmp_path / "new.csv", ["Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind Analytics,COO,08 Aug 2012"]
    )
    report = registry.import_file(changed)
    assert (report.created, report.updated, report.in_trash) == (0, 1, 1)
    assert "1 matched contact is in the trash and stays there" in "\n".join(report.summary_lines())
    ada = get_contact(ada_id)
    assert ada is not None
    assert ada.deleted_at is not None
    assert ada.values["position"] == "COO"
    assert Contact.select().where(Contact.first_name == "Ada").count() == 1
    assert ada_id not in contacts.query_contact_ids(contacts.ContactQuery())


# ------------------------------------------------------------------------------------------------ bad files


def assert_refused(path: Path, dump: Callable[[], list[str]], line: int | None, *words: str) -> FormatError:
    before = dump()
    with pytest.raises(FormatError) as info:
        registry.import_file(path)
    error = info.value
    message = str(error)
    assert message.startswith(str(path)), message
    assert error.path == str(path)
    if line is None:
        assert ", line " not in message
    else:
        assert error.line == line
        assert f"{path}, line {line}: " in message
    for word in words:
        assert word in message
    assert dump() == before
    # No transaction was left open: the next import works.
    assert registry.import_file(LINKEDIN_2022, dry_run=True).created == 2
    return error


@pytest.fixture
def seeded(db, linkedin_dir: Path) -> None:
    """A network with something in it, so 'unchanged' means more than 'still empty'."""
    registry.import_file(linkedin_dir / "connections_2018.csv")
    contacts.add_tag([1], "mentor")


def test_empty_file(seeded, dump, bad_dir: Path) -> None:
    assert_refused(bad_dir / "empty.csv", dump, None, "empty")


def test_whitespace_only_file(seeded, dump, tmp_path: Path) -> None:
    path = tmp_path / "blank.csv"
    path.write_bytes(b"\xef\xbb\xbf \r\n\r\n\t\n")
    assert_refused(path, dump, None, "empty")


def test_binary_file(seeded, dump, bad_dir: Path) -> None:
    assert_refused(bad_dir / "picture.csv", dump, 3, "binary")


def test_header_only(seeded, dump, bad_dir: Path) -> None:
    assert_refused(bad_dir / "header_only.csv", dump, 4, "no connections")


def test_csv_with_unknown_columns(seeded, dump, bad_dir: Path) -> None:
    error = assert_refused(bad_dir / "unknown_columns.csv", dump, 1, "no column could be matched")
    assert "columns found: Col A, Foo, Bar" in error.reason


def test_csv_that_is_not_linkedin_read_as_linkedin(seeded, dump, bad_dir: Path) -> None:
    before = dump()
    with pytest.raises(FormatError) as info:
        registry.import_file(bad_dir / "not_linkedin.csv", "linkedin")
    assert "is not a LinkedIn Connections export" in str(info.value)
    assert "First Name" in str(info.value) and "Connected On" in str(info.value)
    assert dump() == before


def test_truncated_utf8(seeded, dump, bad_dir: Path) -> None:
    assert_refused(bad_dir / "truncated_utf8.csv", dump, 4, "cut off")


def test_windows_1252_after_the_sample_is_read_as_windows_1252(seeded, dump, tmp_path: Path) -> None:
    rows = [f"P{i},Person,https://www.linkedin.com/in/p{i},,Company {i},Role,08 Aug 2012" for i in range(2000)]
    text = "\n".join([HEADER_2024, *rows]).encode("utf-8")
    assert len(text) > SAMPLE_SIZE
    lines = text.split(b"\n")
    lines[1500] = lines[1500].replace(b"Company", b"Soci\xe9t\xe9")  # Windows-1252 "é" inside a UTF-8 file
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"\n".join(lines))
    # ASCII up to line 1501, then a Windows-1252 "é": a valid Windows-1252 file, decided on all of it.
    report = registry.import_file(path)
    assert report.created == 2000
    assert [(w.line, w.message) for w in report.warnings] == [
        (1501, "the file is not UTF-8; it was read as Windows-1252 (Western European): check that the names look right")
    ]
    assert by_name()["P1499 Person"].values["company"] == "Société 1499"


def test_nul_byte_in_the_middle_leaves_out_its_row_only(seeded, bad_dir: Path) -> None:
    # A stray NUL damages one row: the good ones are imported, the broken one listed with its line and reason.
    report = registry.import_file(bad_dir / "nul_byte.csv", dry_run=True)
    assert report.created == 2
    assert [(s.line, s.reason) for s in report.skipped] == [
        (3, "holds binary data (a NUL byte): the row is damaged and was left out")
    ]
    assert "Bruno Keller" not in report.new_names and "Kel\x00ler" not in "".join(report.new_names)


def test_nul_byte_after_the_sample(seeded, tmp_path: Path) -> None:
    rows = [f"P{i},Person,https://www.linkedin.com/in/p{i},,Company {i},Role,08 Aug 2012" for i in range(2000)]
    lines = "\n".join([HEADER_2024, *rows]).encode("utf-8").split(b"\n")
    lines[1800] = lines[1800].replace(b"Person", b"Per\x00son")
    path = tmp_path / "nul.csv"
    path.write_bytes(b"\n".join(lines))
    assert b"\x00" not in path.read_bytes()[:SAMPLE_SIZE]
    report = registry.import_file(path)
    assert report.created == 1999
    assert [(s.line, s.reason) for s in report.skipped] == [(1801, textio.NUL_ROW)]
    assert not Contact.select().where(Contact.first_name == "P1799").exists()


def test_a_file_binary_as_a_whole_is_refused(seeded, dump, tmp_path: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(HEADER_2024.encode() + b"\n" + bytes(range(256)) * 40)
    assert_refused(path, dump, 2, "binary data")
    # Text at the start and NULs on every line after it: binary too, said at the line the count is reached.
    rows = [f"P{i},Pers\x00on,,,C,R,08 Aug 2012" for i in range(6000)]
    path.write_text("\n".join([HEADER_2024, *[r.replace("\x00", "") for r in rows[:3000]], *rows[3000:]]), "utf-8")
    assert b"\x00" not in path.read_bytes()[:SAMPLE_SIZE]
    error = assert_refused(path, dump, 3001 + textio.MAX_NUL_LINES, "NUL bytes on 1,000 lines")
    assert "binary" in error.reason


def test_three_megabyte_field(seeded, dump, tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(
        "\n".join(
            [
                HEADER_2024,
                "Ada,Quill,https://www.linkedin.com/in/ada-quill,,Northwind,PM,08 Aug 2012",
                'Bo,Ray,,,Acme,"' + "x" * (3 * 1024 * 1024) + '",08 Aug 2012',
            ]
        ),
        encoding="utf-8",
    )
    assert_refused(path, dump, 3, "1 MB")


def test_wrong_field_count(seeded, dump, bad_dir: Path) -> None:
    assert_refused(bad_dir / "wrong_field_count.csv", dump, 6, "9 fields", "header has 7")


def test_unterminated_quote_names_the_line_where_it_opens(seeded, dump, bad_dir: Path) -> None:
    assert_refused(bad_dir / "unterminated_quote.csv", dump, 3, "quote")


def test_missing_file(seeded, dump, tmp_path: Path) -> None:
    assert_refused(tmp_path / "nowhere.csv", dump, None, "no such file")


def test_folder(seeded, dump, tmp_path: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    assert_refused(folder, dump, None, "folder")


def test_error_late_in_a_big_file_rolls_back_earlier_chunks(seeded, dump, tmp_path: Path) -> None:
    """Rows before the bad one were already written in chunks of 500; one transaction undoes them all."""
    rows = [f"P{i},Person,https://www.linkedin.com/in/p{i},,Co,Role,08 Aug 2012" for i in range(1500)]
    rows.append("Bad,Row,https://www.linkedin.com/in/bad,,Co,Role,08 Aug 2012,extra")
    path = write_export(tmp_path / "late.csv", rows)
    assert_refused(path, dump, 4 + 1501, "8 fields")


# ---------------------------------------------------------------------------------------- cancel, dry run


def big_export(tmp_path: Path, n: int = 1200) -> Path:
    rows = [f"P{i},Person,https://www.linkedin.com/in/p{i},,Co,Role,08 Aug 2012" for i in range(n)]
    return write_export(tmp_path / "big.csv", rows)


def test_cancel_rolls_back(seeded, dump, tmp_path: Path) -> None:
    path = big_export(tmp_path)
    before = dump()
    with pytest.raises(ImportCancelled):
        registry.import_file(path, cancelled=lambda: True)
    assert dump() == before
    assert registry.import_file(path).created == 1200  # and nothing was left half-open


def test_cancel_after_some_chunks_rolls_back_them_too(seeded, dump, tmp_path: Path) -> None:
    path = big_export(tmp_path, 1600)
    before = dump()
    asked: list[int] = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) >= 3  # two chunks of 500 are in before the user presses Cancel

    with pytest.raises(ImportCancelled):
        registry.import_file(path, cancelled=cancelled)
    assert len(asked) == 3
    assert dump() == before


def test_not_cancelled_imports_everything(db, tmp_path: Path) -> None:
    report = registry.import_file(big_export(tmp_path), cancelled=lambda: False)
    assert report.created == 1200
    assert Contact.select().count() == 1200


def test_dry_run_reports_but_writes_nothing(seeded, dump, linkedin_dir: Path) -> None:
    before = dump()
    dry = registry.import_file(linkedin_dir / "connections_2024.csv", dry_run=True)
    assert dump() == before
    assert dry.dry_run
    assert (dry.created, dry.updated, dry.unchanged, len(dry.skipped)) == (6, 0, 0, 2)
    assert dry.summary_lines()[0].startswith("Would import")
    real = registry.import_file(linkedin_dir / "connections_2024.csv")
    assert (real.created, real.updated, real.unchanged, len(real.skipped)) == (6, 0, 0, 2)
    assert dump() != before


def test_dry_run_of_an_update(seeded, dump, linkedin_dir: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2022.csv")
    before = dump()
    dry = registry.import_file(linkedin_dir / "connections_2024.csv", dry_run=True)
    assert (dry.created, dry.updated) == (5, 1)
    assert [c.name for c in dry.job_changes] == ["Ada Quill"]
    assert dump() == before
