"""LinkedIn Invitations.csv into a real database: both header eras, contact links, re-import, bad files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core.importing import Importer, ImportReport
from linkorganizer.core.records import FormatError, InvitationRecord, RowWarning
from linkorganizer.db.models import Contact, ImportBatch, Invitation
from linkorganizer.formats.linkedin import (
    LinkedInConnections,
    LinkedInInvitations,
    looks_like_connections,
    looks_like_invitations,
)

SAM = "https://www.linkedin.com/in/sam-rivera-0a1b2c"
HEADER_2024 = "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl"
HEADER_2018 = "From,To,Sent At,Message,Direction"


def run(path: Path) -> ImportReport:
    return Importer().run(LinkedInInvitations(path))


def import_connections(path: Path) -> None:
    Importer().run(LinkedInConnections(path))


def contact_ids() -> dict[str, int]:
    return {name: cid for cid, name in Contact.select(Contact.id, Contact.full_name).tuples()}


def invitations() -> list[tuple]:
    """Every invitation as (direction, name, profile_url, message, sent_at, state, contact id), oldest first."""
    return list(
        Invitation.select(
            Invitation.direction,
            Invitation.name,
            Invitation.profile_url,
            Invitation.message,
            Invitation.sent_at,
            Invitation.state,
            Invitation.contact,
        )
        .order_by(Invitation.sent_at, Invitation.id)
        .tuples()
    )


def write(path: Path, lines: list[str], newline: str = "\n") -> Path:
    path.write_bytes(newline.join(lines).encode("utf-8"))
    return path


# ------------------------------------------------------------------------------------------- both header eras


def test_2024_export_with_profile_urls(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "invitations_2024.csv"
    raw = path.read_bytes()
    # The fixture keeps the shape of the real 2024 file: CRLF line ends, no final line end.
    assert raw.count(b"\r\n") == 5 and raw.count(b"\n") == 5 and not raw.endswith(b"\n")
    import_connections(linkedin_dir / "connections_2024.csv")
    people = contact_ids()

    report = run(path)

    assert (report.invitations_created, report.invitations_updated) == (5, 0)
    assert (report.created, report.updated, report.skipped, report.warnings) == (0, 0, [], [])
    assert report.format_name == "linkedin-invitations"
    assert invitations() == [
        # OUTGOING: the person is "To" and "inviteeProfileUrl"; Ada is a contact with that profile, so it links.
        ("outgoing", "Ada Quill", "https://www.linkedin.com/in/ada-quill", "", dt.datetime(2024, 5, 21, 20, 51), "new",
         people["Ada Quill"]),
        # INCOMING: the person is "From" and "inviterProfileUrl"; a message with a quoted comma.
        ("incoming", "Jordan Blake", "https://www.linkedin.com/in/jordan-blake-77",
         "Hi Sam, I'd like to add you to my professional network.", dt.datetime(2024, 11, 3, 9, 5), "new", None),
        # 12 PM is noon; an empty Message stays empty.
        ("incoming", "Casey Nguyen", "https://www.linkedin.com/in/casey-nguyen", "", dt.datetime(2024, 12, 12, 12, 0),
         "new", None),
        # 12:30 AM is half past midnight; "" inside quotes; the trailing slash of the URL goes.
        ("outgoing", "Morgan Lee", "https://www.linkedin.com/in/morgan-lee-data",
         'Saw your talk on "data contracts" - would love to connect.', dt.datetime(2025, 1, 7, 0, 30), "new", None),
        ("incoming", "Chiara Moretti", "https://www.linkedin.com/in/chiara-moretti-12ab34", "",
         dt.datetime(2025, 2, 14, 15, 7), "new", people["Chiara Moretti"]),
    ]
    batch = ImportBatch.get_by_id(report.batch_id)
    assert (batch.file_name, batch.format) == ("invitations_2024.csv", "linkedin-invitations")


def test_2018_export_without_profile_urls(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "invitations_2018.csv"
    raw = path.read_bytes()
    assert b"\r\n" not in raw and raw.endswith(b"\n")

    records = list(LinkedInInvitations(path).items())

    assert records == [
        InvitationRecord(direction="incoming", name="Grace Otieno", sent_at=dt.datetime(2018, 9, 14, 15, 5), line=2),
        InvitationRecord(
            direction="outgoing",
            name="Hugo Brandt",
            message="Hello Hugo - we met at the trade fair in Hanover.",
            sent_at=dt.datetime(2017, 10, 2, 10, 15),
            line=3,
        ),
        InvitationRecord(
            direction="incoming",
            name="Riley Chen",
            message="Riley here, from the alumni group.\nHappy to connect?",  # a quoted line break
            sent_at=dt.datetime(2018, 1, 30, 23, 59),
            line=4,
        ),
    ]
    report = run(path)
    assert report.invitations_created == 3
    assert [(name, url, contact) for _, name, url, _, _, _, contact in invitations()] == [
        ("Hugo Brandt", None, None),
        ("Riley Chen", None, None),
        ("Grace Otieno", None, None),
    ]


def test_columns_are_found_by_name_in_any_order_and_case(db, tmp_path: Path) -> None:
    path = write(
        tmp_path / "Invitations.csv",
        [
            "DIRECTION,inviteeprofileurl,sent at,FROM,to,Message,InviterProfileURL",
            f'OUTGOING,https://www.linkedin.com/in/morgan-lee-data,"1/7/25, 12:30 AM",Sam Rivera,Morgan Lee,,{SAM}',
        ],
    )

    assert list(LinkedInInvitations(path).items()) == [
        InvitationRecord(
            direction="outgoing",
            name="Morgan Lee",
            profile_url="https://www.linkedin.com/in/morgan-lee-data",
            sent_at=dt.datetime(2025, 1, 7, 0, 30),
            line=2,
        )
    ]


def test_narrow_no_break_space_before_am_pm(db, tmp_path: Path) -> None:
    path = write(tmp_path / "Invitations.csv", [HEADER_2018, 'Casey Nguyen,Sam Rivera,"12/2/26, 8:05\u202fPM",,INCOMING'])

    (record,) = LinkedInInvitations(path).items()

    assert record.sent_at == dt.datetime(2026, 12, 2, 20, 5)


def test_unreadable_sent_at_is_a_warning_and_the_invitation_still_arrives(db, tmp_path: Path) -> None:
    path = write(
        tmp_path / "Invitations.csv",
        [HEADER_2018, "Casey Nguyen,Sam Rivera,yesterday,,INCOMING", "Jordan Blake,Sam Rivera,,,INCOMING"],
    )

    report = run(path)

    assert report.invitations_created == 2
    assert report.warnings == [
        RowWarning(2, "“Sent At” value “yesterday” is not a date and time; left empty"),
        RowWarning(3, "no “Sent At” date; left empty"),
    ]
    assert [(name, sent) for _, name, _, _, sent, _, _ in invitations()] == [
        ("Casey Nguyen", None),
        ("Jordan Blake", None),
    ]
    assert run(path).invitations_created == 0  # no date on either side still matches


# ------------------------------------------------------------------------------------------------ re-import


def test_reimport_adds_nothing(db, linkedin_dir: Path) -> None:
    for name in ("invitations_2024.csv", "invitations_2018.csv"):
        run(linkedin_dir / name)
    before = invitations()

    for name in ("invitations_2024.csv", "invitations_2018.csv"):
        again = run(linkedin_dir / name)
        assert (again.invitations_created, again.invitations_updated) == (0, 0)

    assert invitations() == before
    assert len(before) == 8


def test_the_users_work_on_an_invitation_survives_a_reimport(db, linkedin_dir: Path) -> None:
    run(linkedin_dir / "invitations_2024.csv")
    Invitation.update(state="asked", note="met at the meetup").where(Invitation.name == "Casey Nguyen").execute()

    run(linkedin_dir / "invitations_2024.csv")

    casey = Invitation.get(Invitation.name == "Casey Nguyen")
    assert (casey.state, casey.note) == ("asked", "met at the meetup")


@pytest.mark.parametrize("older_first", [True, False], ids=["older-then-newer", "newer-then-older"])
def test_the_same_invitation_from_both_eras_is_one_invitation(db, tmp_path: Path, older_first: bool) -> None:
    older = write(tmp_path / "old.csv", [HEADER_2018, 'Jordan Blake,Sam Rivera,"11/3/24, 9:05 AM",,INCOMING'])
    newer = write(
        tmp_path / "new.csv",
        [HEADER_2024, f'Jordan Blake,Sam Rivera,"11/3/24, 9:05 AM",,INCOMING,https://www.linkedin.com/in/jordan-blake-77,{SAM}'],
    )
    first, second = (older, newer) if older_first else (newer, older)

    assert run(first).invitations_created == 1
    report = run(second)

    assert report.invitations_created == 0
    # Whichever came first, the profile URL is known in the end.
    assert [(name, url) for _, name, url, _, _, _, _ in invitations()] == [
        ("Jordan Blake", "https://www.linkedin.com/in/jordan-blake-77")
    ]
    assert report.invitations_updated == (1 if older_first else 0)


def test_namesakes_with_different_profiles_are_two_invitations(db, tmp_path: Path) -> None:
    path = write(
        tmp_path / "Invitations.csv",
        [
            HEADER_2024,
            f'Alex Kim,Sam Rivera,"3/3/25, 9:00 AM",,INCOMING,https://www.linkedin.com/in/alex-kim-1,{SAM}',
            f'Alex Kim,Sam Rivera,"3/3/25, 9:00 AM",,INCOMING,https://www.linkedin.com/in/alex-kim-2,{SAM}',
        ],
    )

    assert run(path).invitations_created == 2
    assert run(path).invitations_created == 0


def test_an_invitation_imported_before_the_connections_is_linked_on_reimport(db, linkedin_dir: Path) -> None:
    run(linkedin_dir / "invitations_2024.csv")
    assert all(contact is None for *_, contact in invitations())
    import_connections(linkedin_dir / "connections_2024.csv")

    report = run(linkedin_dir / "invitations_2024.csv")

    people = contact_ids()
    assert (report.invitations_created, report.invitations_updated) == (0, 2)
    assert {name: contact for _, name, _, _, _, _, contact in invitations()} == {
        "Ada Quill": people["Ada Quill"],
        "Jordan Blake": None,
        "Casey Nguyen": None,
        "Morgan Lee": None,
        "Chiara Moretti": people["Chiara Moretti"],
    }


# ------------------------------------------------------------------------------------------------ bad files


def test_unknown_direction_names_file_and_line_and_writes_nothing(
    db, linkedin_dir: Path, dump: Callable[[], list[str]]
) -> None:
    import_connections(linkedin_dir / "connections_2024.csv")
    before = dump()
    path = linkedin_dir / "invitations_bad_direction.csv"

    with pytest.raises(FormatError) as info:
        run(path)

    assert (info.value.path, info.value.line) == (str(path), 3)
    assert str(info.value) == f"{path}, line 3: “Direction” is “PENDING”: an invitation is INCOMING or OUTGOING"
    assert dump() == before  # not even the valid row on line 2, nor an import batch


def test_empty_direction_is_an_error_too(db, tmp_path: Path) -> None:
    path = write(tmp_path / "Invitations.csv", [HEADER_2018, 'Casey Nguyen,Sam Rivera,"12/2/24, 8:05 PM",,'])

    with pytest.raises(FormatError, match=r"line 2: “Direction” is empty"):
        run(path)


def test_header_without_rows_is_an_error(db, tmp_path: Path) -> None:
    path = write(tmp_path / "Invitations.csv", [HEADER_2024, ""])

    with pytest.raises(FormatError, match="line 1: has a header but no invitations below it"):
        run(path)


def test_a_connections_file_is_not_an_invitations_file(db, linkedin_dir: Path) -> None:
    with pytest.raises(FormatError) as info:
        run(linkedin_dir / "connections_2018.csv")

    assert info.value.line is None
    assert info.value.reason == (
        "is not a LinkedIn Invitations export: its header does not have the columns “From”, “To”, “Sent At”, “Direction”"
    )


# ------------------------------------------------------------------------------------------------- detection


def test_detection_by_header() -> None:
    assert looks_like_invitations(HEADER_2024.split(","))
    assert looks_like_invitations(HEADER_2018.split(","))
    assert looks_like_invitations(["\ufeffFrom", "TO", '"Sent At"', "Message", "direction"])
    assert not looks_like_invitations("First Name,Last Name,URL,Email Address,Company,Position,Connected On".split(","))
    assert not looks_like_invitations("From,To,Date,Subject,Content,Direction,Folder".split(","))
    assert not looks_like_connections(HEADER_2024)
