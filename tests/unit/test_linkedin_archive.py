"""LinkedIn's whole data archive as one import: every member on a fixture in LinkedIn's layout, zipped by the test."""

from __future__ import annotations

import datetime as dt
import shutil
import stat
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core.network import Network
from linkorganizer.core.records import ContactRecord, FormatError, PartStart
from linkorganizer.db.models import Contact, Interaction, Invitation
from linkorganizer.formats import linkedin_archive, registry

from tests.unit.conftest import FIXTURES, Content

ARCHIVE = FIXTURES / "linkedin_archive"
MEMBERS = sorted(path.name for path in ARCHIVE.iterdir())


def make_zip(target: Path, members: dict[str, bytes | str | Path], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(target, "w", compression) as zf:
        for name, data in members.items():
            if isinstance(data, Path):
                data = data.read_bytes()
            zf.writestr(name, data)
    return target


def archive_members(**replace: bytes | str | None) -> dict[str, bytes | str | Path]:
    """The fixture archive's members, some replaced (a value) or left out (None)."""
    members: dict[str, bytes | str | Path] = {name: ARCHIVE / name for name in MEMBERS}
    for name, data in replace.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    return members


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    return make_zip(tmp_path / "Basic_LinkedInDataExport_12-01-2026.zip", archive_members())


def contact(name: str) -> Contact:
    return Contact.get(Contact.full_name == name)


def interactions(kind: str) -> list[tuple[str, dt.datetime, str]]:
    rows = (
        Interaction.select(Interaction, Contact)
        .join(Contact)
        .where(Interaction.kind == kind)
        .order_by(Interaction.occurred_at)
    )
    return [(row.contact.full_name, row.occurred_at, row.note) for row in rows]


# ------------------------------------------------------------------------------------------ every member


def test_detected_by_its_content_as_a_zip_and_as_a_folder(db, archive: Path, tmp_path: Path) -> None:
    assert registry.detect_format(archive) == "linkedin-archive"
    assert registry.detect_format(ARCHIVE) == "linkedin-archive"
    renamed = tmp_path / "my download"  # no .zip: the signature decides
    shutil.copyfile(archive, renamed)
    assert registry.detect_format(renamed) == "linkedin-archive"
    # A member's name decides nothing: each is known by its header.
    assert registry.scores(archive)["linkedin-archive"] == 8


def test_every_member_in_one_import(db, archive: Path) -> None:
    report = registry.import_file(archive)

    # Connections.csv: the contacts (the hidden member's row skipped).
    assert Contact.select().count() == 6
    assert contact("Jordan Blake").company == "Blake & Co"
    # Notes.csv: appended to the contact's notes, by profile URL, or by name through the archive's connections.
    assert contact("Dev Patel").notes == (
        "LinkedIn note (2026-01-20): Met at the fintech meetup; ask about the\nplatform team."
    )
    assert contact("Eun-ji Park").notes == "LinkedIn note (2026-02-02): Interested in climate startups."
    # Invitations.csv: both directions, the other person named.
    assert sorted((i.direction, i.name) for i in Invitation.select()) == [
        ("incoming", "Jordan Blake"), ("outgoing", "Morgan Lee"),
    ]  # fmt: skip
    # messages.csv in the 2026 layout (every field quoted, line breaks in CONTENT): one conversation only, so
    # only Profile.csv can say who "you" are; the draft is skipped.
    assert [(n, t) for n, t, _ in interactions("message")] == [
        ("Chiara Moretti", dt.datetime(2026, 1, 15, 8, 0)),
        ("Chiara Moretti", dt.datetime(2026, 1, 15, 9, 30, 12)),
    ]
    assert interactions("message")[0][2] == "Hi Sam,\nthanks for the call yesterday.\n\nHere are the three roles I mentioned."
    # Endorsements, received and given: the skill and a status other than ACCEPTED in the note.
    assert interactions("endorsement_received") == [
        ("Chiara Moretti", dt.datetime(2024, 5, 21, 18, 51), "LinkedIn endorsement: Data Analysis"),
        ("Dev Patel", dt.datetime(2025, 2, 3, 7, 15, 42), "LinkedIn endorsement: Python (pending)"),
    ]
    assert interactions("endorsement") == [
        ("Ada Quill", dt.datetime(2023, 11, 2, 9, 0), "LinkedIn endorsement: Product Management"),
        ("Priya Raman", dt.datetime(2024, 1, 10, 16, 20, 5), "LinkedIn endorsement: Machine Learning (hidden)"),
    ]
    # Recommendations (Text/Creation Date in one, Body/Created Date in the other): the text in the note.
    assert interactions("recommendation_received") == [
        (
            "Ada Quill",
            dt.datetime(2024, 3, 14, 10, 15),
            "LinkedIn recommendation\n\nSam rebuilt our reporting pipeline, end to end.\nA pleasure to work with.",
        )
    ]
    assert interactions("recommendation") == [
        ("Priya Raman", dt.datetime(2025, 10, 2, 16, 40),
         "LinkedIn recommendation\n\nPriya is the most careful analyst I know."),
    ]  # fmt: skip

    assert (report.format_name, report.created, report.updated) == ("linkedin-archive", 6, 2)
    assert (report.invitations_created, report.interactions_created) == (2, 8)
    parts = {name: (part.what, part.describe()) for name, part in report.parts.items()}
    assert parts == {
        "Profile.csv": ("your profile: Sam Rivera", "nothing"),
        "Connections.csv": ("connections", "6 new, 1 skipped"),
        "Notes.csv": ("your notes on connections", "2 updated"),
        "Invitations.csv": ("invitations", "2 invitations"),
        "messages.csv": ("messages", "2 interactions, 1 skipped"),
        "Endorsement_Received_Info.csv": ("endorsements you received", "2 interactions, 1 skipped"),
        "Endorsement_Given_Info.csv": ("endorsements you gave", "2 interactions"),
        "Recommendations_Received.csv": ("recommendations you received", "1 interaction"),
        "Recommendations_Given.csv": ("recommendations you gave", "1 interaction"),
        "Positions.csv": ("not used", "1 warning"),
        "Skills.csv": ("not used", "1 warning"),
    }
    assert list(report.parts)[:2] == ["Profile.csv", "Connections.csv"]  # contacts before what names them
    # Skipped lines and warnings name their member and line.
    assert sorted((s.line, s.reason) for s in report.skipped) == [
        (4, "Endorsement_Received_Info.csv: “Taylor Fox” is not among your contacts"),
        (7, "Connections.csv: hidden member: LinkedIn exports only the connection date"),
        (8, "messages.csv: a draft, never sent"),
    ]
    assert [w.message for w in report.warnings] == [
        "Positions.csv: not used: your own LinkedIn data, not about your contacts",
        "Skills.csv: not used: your own LinkedIn data, not about your contacts",
    ]
    lines = report.summary_lines()
    assert "  Notes.csv (your notes on connections): 2 updated" in lines
    assert "  Positions.csv: not used: your own LinkedIn data, not about your contacts" in lines


def test_the_give_and_receive_balance_starts_from_the_archive(db, archive: Path) -> None:
    from linkorganizer.core import interactions as core

    registry.import_file(archive)
    ada = core.contact_summary(contact("Ada Quill").id)
    assert (ada.given, ada.received) == (1, 1)  # an endorsement given, a recommendation received
    priya = core.contact_summary(contact("Priya Raman").id)
    assert (priya.given, priya.received) == (2, 0)


def test_without_profile_the_owner_option_says_who_you_are(db, tmp_path: Path) -> None:
    path = make_zip(tmp_path / "a.zip", archive_members(**{"Profile.csv": None, "Invitations.csv": None}))
    report = registry.import_file(path, dry_run=True)
    assert report.parts["messages.csv"].skipped == 3  # two messages nobody can tell apart, and the draft
    assert "cannot tell whether you sent or received" in report.skipped[1].reason
    report = registry.import_file(path, options={"owner": "Sam Rivera"})
    assert report.parts["messages.csv"].interactions == 2


def test_the_owner_profile_url_comes_from_the_invitations(db, tmp_path: Path) -> None:
    # Profile.csv names the owner differently from the messages: the URL from Invitations.csv still finds them.
    profile = (ARCHIVE / "Profile.csv").read_text("utf-8").replace("Sam,Rivera", "Samuel,Rivera-Lopez")
    path = make_zip(tmp_path / "a.zip", archive_members(**{"Profile.csv": profile}))
    report = registry.import_file(path)
    assert report.parts["Profile.csv"].what == "your profile: Samuel Rivera-Lopez"
    assert report.parts["messages.csv"].interactions == 2


def test_the_folder_it_was_unpacked_into_imports_the_same(db, archive: Path, content: Callable[[], Content], fresh_db) -> None:
    registry.import_file(archive)
    from_zip = content()
    fresh_db("other.db")
    report = registry.import_file(ARCHIVE)
    assert report.format_name == "linkedin-archive"
    assert (report.created, report.interactions_created) == (6, 8)
    assert Contact.select().count() == len(from_zip["contact"])


def test_members_are_known_by_their_header_not_their_name(db, tmp_path: Path) -> None:
    members = {
        f"Basic_LinkedInDataExport_12-01-2026/part{n}.csv": ARCHIVE / name
        for n, name in enumerate(MEMBERS)
        if not name.startswith("Recommendations")  # the one pair told apart by name
    }
    report = registry.import_file(make_zip(tmp_path / "renamed.zip", members))
    whats = sorted(part.what for part in report.parts.values())
    assert whats == sorted(
        ["your profile: Sam Rivera", "connections", "your notes on connections", "invitations", "messages",
         "endorsements you received", "endorsements you gave", "not used", "not used"]
    )  # fmt: skip
    assert report.interactions_created == 6


def test_recommendations_whose_name_says_neither_side_are_not_used(db, tmp_path: Path) -> None:
    path = make_zip(
        tmp_path / "a.zip",
        archive_members(**{"Recommendations_Given.csv": None, "recs.csv": (ARCHIVE / "Recommendations_Given.csv").read_bytes()}),
    )
    report = registry.import_file(path)
    assert report.parts["recs.csv"].what == "not used"
    assert any(w.message == "recs.csv: not used: recommendations, but the name does not say whether given or received"
               for w in report.warnings)  # fmt: skip


# ------------------------------------------------------------------------------------------ one undoable, idempotent import


def test_importing_the_same_archive_twice_adds_nothing(db, archive: Path, content: Callable[[], Content]) -> None:
    registry.import_file(archive)
    once = content()
    report = registry.import_file(archive)
    assert content() == once
    assert (report.created, report.updated, report.invitations_created, report.interactions_created) == (0, 0, 0, 0)
    assert report.parts["Connections.csv"].describe() == "6 unchanged, 1 skipped"


def test_the_basic_then_the_complete_archive_add_only_what_is_new(db, tmp_path: Path) -> None:
    basic = make_zip(tmp_path / "Basic.zip", archive_members(**{"messages.csv": None, "Endorsement_Given_Info.csv": None}))
    complete = make_zip(tmp_path / "Complete.zip", archive_members())
    registry.import_file(basic)
    report = registry.import_file(complete)
    assert (report.created, report.updated, report.invitations_created) == (0, 0, 0)
    assert report.interactions_created == 4  # the two messages and the two endorsements given


def test_undo_of_the_archive_import_gives_back_the_network(
    network: Network, archive: Path, content: Callable[[], Content]
) -> None:
    from linkorganizer.core import contacts

    contacts.create_contact({"first_name": "Ada", "last_name": "Quill", "company": "Northwind Analytics"})
    before = content()
    report = registry.import_file(archive, network=network)
    after = content()
    assert after != before and report.op_id is not None
    network.undo(report.op_id)
    assert content() == before
    network.redo(report.op_id)
    assert content() == after


def test_a_dry_run_writes_nothing(db, archive: Path, content: Callable[[], Content]) -> None:
    before = content()
    report = registry.import_file(archive, dry_run=True)
    assert report.created == 6 and report.interactions_created == 8
    assert content() == before


# ------------------------------------------------------------------------------------------ damaged and hostile archives


def test_an_empty_member_is_listed_and_the_rest_imported(db, tmp_path: Path) -> None:
    header = (ARCHIVE / "Invitations.csv").read_text("utf-8").splitlines()[0] + "\n"
    report = registry.import_file(make_zip(tmp_path / "a.zip", archive_members(**{"Invitations.csv": header})))
    assert report.created == 6 and report.invitations_created == 0
    assert "Invitations.csv: not imported: has a header but no invitations below it" in [w.message for w in report.warnings]


def test_a_member_damaged_after_its_first_records_refuses_the_archive(db, tmp_path: Path, content) -> None:
    broken = (ARCHIVE / "messages.csv").read_text("utf-8") + '\n"2-x","","Chiara Moretti","","Sam Rivera","","2026-01-17 08:00:00 UTC","","never closed'
    path = make_zip(tmp_path / "a.zip", archive_members(**{"messages.csv": broken}))
    before = content()
    with pytest.raises(FormatError) as caught:
        registry.import_file(path)
    assert caught.value.path == f"{path} › messages.csv"
    assert caught.value.line == 9 and "never ends" in caught.value.reason
    assert content() == before


def test_a_zip_bomb_is_refused_before_anything_is_unpacked(db, tmp_path: Path) -> None:
    bomb = make_zip(tmp_path / "bomb.zip", archive_members(**{"Ad_Targeting.csv": b"\0" * (40 * 1024 * 1024)}))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(FormatError, match="zip bomb"):
        registry.import_file(bomb, "linkedin-archive")


def test_too_many_members_or_too_many_bytes_are_refused(db, tmp_path: Path, monkeypatch) -> None:
    many = make_zip(tmp_path / "many.zip", {**archive_members(), **{f"Comments_{n}.csv": "a\n" for n in range(2001)}})
    with pytest.raises(FormatError, match="holds 2,012 files"):
        registry.import_file(many, "linkedin-archive")
    monkeypatch.setattr(linkedin_archive, "MAX_TOTAL", 1000)
    with pytest.raises(FormatError, match="would unpack to"):
        registry.import_file(make_zip(tmp_path / "a.zip", archive_members()), "linkedin-archive")


def test_a_member_named_outside_the_archive_is_unpacked_inside_a_private_folder(
    db, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))
    (tmp_path / "temp").mkdir()
    members = archive_members(**{"Connections.csv": None, "../../Connections.csv": ARCHIVE / "Connections.csv"})
    (tmp_path / "zips").mkdir()
    path = make_zip(tmp_path / "zips" / "a.zip", members)
    reader = linkedin_archive.LinkedInArchive(path)
    items = reader.items()
    first = next(items)
    assert isinstance(first, PartStart)
    [folder] = (tmp_path / "temp").iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    records = [item for item in items if isinstance(item, ContactRecord)]
    assert len(records) == 8  # six connections, two notes
    assert not (tmp_path / "Connections.csv").exists() and not (tmp_path / "zips" / "Connections.csv").exists()
    assert list((tmp_path / "temp").iterdir()) == []  # removed when the reading ends


def test_a_zip_that_is_not_a_linkedin_archive_is_refused_saying_so(db, tmp_path: Path) -> None:
    sheet = make_zip(tmp_path / "book.xlsx", {"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
    with pytest.raises(FormatError, match="is a zip file without a LinkedIn table in it"):
        registry.import_file(sheet)
    with pytest.raises(FormatError, match="no LinkedIn table"):
        registry.import_file(sheet, "linkedin-archive")


def test_a_folder_without_linkedin_tables_is_refused_by_name(db, tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.txt").write_text("hello\n")
    with pytest.raises(FormatError, match="is a folder, not a file"):
        registry.import_file(tmp_path / "photos")


def test_a_damaged_zip_is_refused_by_name(db, archive: Path, tmp_path: Path) -> None:
    data = bytearray(archive.read_bytes())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bytes(data[: len(data) // 2]))
    with pytest.raises(FormatError) as caught:
        registry.import_file(cut, "linkedin-archive")
    assert "not a readable zip file" in caught.value.reason


def test_endorsement_dates_and_urls_without_a_scheme() -> None:
    assert linkedin_archive.archive_datetime("2024/05/21 18:51:00 UTC") == dt.datetime(2024, 5, 21, 18, 51)
    assert linkedin_archive.archive_datetime("Mar 14, 2024") == dt.datetime(2024, 3, 14)
    assert linkedin_archive.archive_datetime("not a date") is None


def test_every_archive_member_fixture_is_in_linkedins_shape() -> None:
    # LF line ends, UTF-8 without a BOM, as the archives hold them; Connections.csv has no final line end.
    for name in MEMBERS:
        data = (ARCHIVE / name).read_bytes()
        assert b"\r\n" not in data and not data.startswith(b"\xef\xbb\xbf"), name
        data.decode("utf-8")
    assert not (ARCHIVE / "Connections.csv").read_bytes().endswith(b"\n")
