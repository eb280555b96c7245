"""LinkedIn messages.csv into a real database: three eras, who the other person is, re-import, bad files."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from linkorganizer.core.importing import Importer, ImportReport, import_items
from linkorganizer.core.records import ContactRecord, FormatError, InteractionRecord, Skipped
from linkorganizer.db.models import Contact, Interaction
from linkorganizer.formats.linkedin import (
    LinkedInConnections,
    LinkedInMessages,
    looks_like_invitations,
    looks_like_messages,
    message_note,
)

SAM = "https://www.linkedin.com/in/sam-rivera-0a1b2c"
ADA = "https://www.linkedin.com/in/ada-quill"
DEV = "https://www.linkedin.com/in/dev-patel-99"
HEADER_2018 = "From,To,Date,Subject,Content,Direction,Folder"
HEADER_2024 = (
    "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER"
)
NOT_A_CONTACT = "“{}” is not among your contacts"


def run(path: Path, owner: str = "") -> ImportReport:
    return Importer().run(LinkedInMessages(path, owner=owner))


def import_connections(path: Path) -> dict[str, int]:
    Importer().run(LinkedInConnections(path))
    return {name: cid for cid, name in Contact.select(Contact.id, Contact.full_name).tuples()}


def interactions() -> list[tuple]:
    """Every interaction as (contact id, kind, occurred_at, note), in time order."""
    return list(
        Interaction.select(Interaction.contact, Interaction.kind, Interaction.occurred_at, Interaction.note)
        .order_by(Interaction.occurred_at, Interaction.id)
        .tuples()
    )


def write(path: Path, lines: list[str]) -> Path:
    path.write_bytes("\n".join(lines).encode("utf-8"))
    return path


def skipped(report: ImportReport) -> list[tuple[int, str]]:
    return [(s.line, s.reason) for s in report.skipped]


# --------------------------------------------------------------------------------------------------- 2018


def test_2018_export(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "messages_2018.csv"
    assert path.read_bytes().endswith(b"\n") and b"\r" not in path.read_bytes()
    people = import_connections(linkedin_dir / "connections_2018.csv")

    report = run(path)

    assert report.format_name == "linkedin-messages"
    assert report.interactions_created == 3
    assert (report.created, report.updated, report.warnings) == (0, 0, [])
    # Pat Doe wrote to the user but is not a contact: reported, not an error.
    assert skipped(report) == [(5, NOT_A_CONTACT.format("Pat Doe"))]
    grace, hugo = people["Grace Otieno"], people["Hugo Brandt"]
    assert interactions() == [
        # OUTGOING (SENT folder): the interaction belongs to the recipient.
        (hugo, "message", dt.datetime(2017, 10, 3, 16, 15), "Trade fair\n\nThanks for the chat in Hanover, Hugo."),
        # INCOMING: to the sender. Dates are local and kept as written.
        (grace, "message", dt.datetime(2018, 9, 20, 10, 2),
         "Coffee next week?\n\nHi Sam, are you free for a coffee next Tuesday?"),
        (grace, "message", dt.datetime(2018, 9, 20, 11, 40),
         "RE: Coffee next week?\n\nTuesday works. 9:30 at the usual place?"),
    ]


def test_2018_direction_wins_over_name_counting(db, tmp_path: Path) -> None:
    # The user (Sam) appears less often than Grace here; Direction still says who sent what.
    path = write(
        tmp_path / "Messages.csv",
        [
            HEADER_2018,
            'Grace Otieno,Sam Rivera,"9/20/18, 10:02 AM",,Hello,INCOMING,INBOX',
            'Grace Otieno,Hugo Brandt,"9/20/18, 10:03 AM",,Forwarded intro,OUTGOING,SENT',
        ],
    )

    records = list(LinkedInMessages(path).items())

    assert [(r.contact_name, r.line) for r in records] == [("Grace Otieno", 2), ("Hugo Brandt", 3)]


# --------------------------------------------------------------------------------------------------- 2024


def test_2024_export(db, linkedin_dir: Path) -> None:
    people = import_connections(linkedin_dir / "connections_2024.csv")

    report = run(linkedin_dir / "messages_2024.csv")

    assert report.interactions_created == 5
    assert skipped(report) == [(6, NOT_A_CONTACT.format("Taylor Reed"))]
    rows = interactions()
    assert [row[:3] for row in rows] == [
        # FOLDER is INBOX either way: Sam takes part in every message, so Sam is the user.
        (people["Ada Quill"], "message", dt.datetime(2024, 5, 21, 18, 51, 7)),  # received from Ada
        (people["Ada Quill"], "message", dt.datetime(2024, 5, 21, 19, 2, 44)),  # sent to Ada
        # "Bruno Keller" in the file, "Bruno Keller, PhD" in the network: the profile URL decides.
        (people["Bruno Keller, PhD"], "message", dt.datetime(2024, 6, 2, 7, 15)),
        (people["Dev Patel"], "message", dt.datetime(2024, 7, 9, 12, 0)),  # sent, FOLDER ARCHIVE
        # No profile URL: the full name, ignoring case.
        (people["Émile Lefèvre"], "message", dt.datetime(2024, 9, 1, 16, 45, 30)),
    ]
    notes = [row[3] for row in rows]
    assert notes[0] == "Thanks for connecting, Sam!"
    assert notes[1] == "Likewise - how may I help you?"
    assert notes[3] == "Hi Dev - following up on our call."
    assert notes[4] == "Merci pour hier !"
    # 851 characters of content: the note keeps the subject and about 500 of them, and says it was shortened.
    bruno = notes[2]
    assert bruno.startswith("Speakers wanted\n\nOur quarterly data-science meetup needs speakers and I thought of you.")
    assert bruno.endswith("I thought of you.… [shortened: the message has 851 characters]")
    assert 450 < len(bruno.split("\n\n", 1)[1].split("…")[0]) <= 500


def test_very_long_content_is_shortened_never_rejected(db, linkedin_dir: Path, tmp_path: Path) -> None:
    import_connections(linkedin_dir / "connections_2024.csv")
    content = "word " * 40_000  # 200 000 characters
    path = write(
        tmp_path / "messages.csv",
        [HEADER_2024, f"c1,,Ada Quill,{ADA},Sam Rivera,{SAM},2024-05-21 18:51:07 UTC,,{content},INBOX",
         f"c1,,Sam Rivera,{SAM},Ada Quill,{ADA},2024-05-21 18:52:07 UTC,,ok,INBOX"],
    )

    report = run(path, owner="Sam Rivera")  # one conversation: the file alone cannot say who the user is

    assert report.interactions_created == 2
    (note,) = [n for *_, n in interactions() if n != "ok"]
    assert note == ("word " * 100).strip() + "… [shortened: the message has 199999 characters]"


# --------------------------------------------------------------------------------------------------- 2026


def test_2026_export_all_quoted_multiline_drafts(db, linkedin_dir: Path) -> None:
    path = linkedin_dir / "messages_2026.csv"
    raw = path.read_bytes()
    assert raw.startswith(b'"CONVERSATION ID","CONVERSATION TITLE","FROM"') and not raw.endswith(b"\n")
    people = import_connections(linkedin_dir / "connections_2024.csv")

    report = run(path)

    assert report.interactions_created == 3
    assert report.warnings == []  # ATTACHMENTS and CONVERSATION TITLE are known columns
    assert skipped(report) == [(8, "a draft, never sent"), (11, "a draft, never sent")]
    chiara, eunji = people["Chiara Moretti"], people["Eun-ji Park 🚀"]
    assert interactions() == [
        (chiara, "message", dt.datetime(2026, 1, 15, 8, 0),
         "Hi Sam,\nthanks for the call yesterday.\n\nHere are the three roles I mentioned."),
        (chiara, "message", dt.datetime(2026, 1, 15, 9, 30, 12), 'Thank you, Chiara!\nThe second one looks "just right".'),
        (eunji, "message", dt.datetime(2026, 2, 3, 21, 10), "Pitch deck\n\nDeck attached 🌱\nFeedback welcome."),
    ]


def test_columns_are_found_by_name_never_by_position(db, linkedin_dir: Path, tmp_path: Path) -> None:
    original = linkedin_dir / "messages_2026.csv"
    rows = list(csv.reader(io.StringIO(original.read_text(encoding="utf-8"), newline="")))
    header = [name.lower() for name in rows[0]]
    order = list(reversed(range(len(header))))
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow([header[i] for i in order])
    writer.writerows([[row[i] for i in order] for row in rows[1:]])
    shuffled = tmp_path / "messages.csv"
    shuffled.write_text(out.getvalue(), encoding="utf-8", newline="")

    assert list(LinkedInMessages(shuffled).items()) == list(LinkedInMessages(original).items())


# ------------------------------------------------------------------------------------------------ re-import


@pytest.mark.parametrize("name", ["messages_2018.csv", "messages_2024.csv", "messages_2026.csv"])
def test_reimport_adds_nothing(db, linkedin_dir: Path, name: str) -> None:
    import_connections(linkedin_dir / "connections_2018.csv")
    import_connections(linkedin_dir / "connections_2024.csv")
    first = run(linkedin_dir / name)
    before = interactions()
    assert first.interactions_created == len(before) > 0

    again = run(linkedin_dir / name)

    assert again.interactions_created == 0
    assert interactions() == before
    assert skipped(again) == skipped(first)  # the same people are still unknown, and said so again


def test_a_contact_added_later_gets_its_messages_on_reimport(db, linkedin_dir: Path) -> None:
    first = run(linkedin_dir / "messages_2024.csv")
    assert first.interactions_created == 0
    assert len(first.skipped) == 6  # nobody is a contact yet

    import_connections(linkedin_dir / "connections_2024.csv")
    assert run(linkedin_dir / "messages_2024.csv").interactions_created == 5


# ----------------------------------------------------------------------------------------- who is who


def test_one_conversation_cannot_tell_who_the_user_is(db, linkedin_dir: Path, tmp_path: Path) -> None:
    people = import_connections(linkedin_dir / "connections_2024.csv")
    path = write(
        tmp_path / "messages.csv",
        [
            HEADER_2024,
            f"c1,,Ada Quill,{ADA},Sam Rivera,{SAM},2024-05-21 18:51:07 UTC,,Hi,INBOX",
            f"c1,,Sam Rivera,{SAM},Ada Quill,{ADA},2024-05-21 19:02:44 UTC,,Hello,INBOX",
        ],
    )

    report = run(path)

    reason = (
        "cannot tell whether you sent or received this message: the file has no Direction and no one"
        " takes part in more messages than the others"
    )
    assert (report.interactions_created, skipped(report)) == (0, [(2, reason), (3, reason)])
    # Naming the user (by name or by profile URL) settles it.
    for owner in ("sam rivera", "https://linkedin.com/in/sam-rivera-0a1b2c/"):
        records = list(LinkedInMessages(path, owner=owner).items())
        assert [(r.contact_name, r.note) for r in records] == [("Ada Quill", "Hi"), ("Ada Quill", "Hello")]
    assert run(path, owner="Sam Rivera").interactions_created == 2
    assert {cid for cid, *_ in interactions()} == {people["Ada Quill"]}


def test_a_message_to_several_people_reaches_each_of_them(db, linkedin_dir: Path, tmp_path: Path) -> None:
    people = import_connections(linkedin_dir / "connections_2024.csv")
    path = write(
        tmp_path / "messages.csv",
        [
            HEADER_2024,
            f'g1,Launch,Sam Rivera,{SAM},"Ada Quill,Dev Patel","{ADA},{DEV}",2024-05-21 18:00:00 UTC,,Kick-off?,INBOX',
            f'g1,Launch,Ada Quill,{ADA},"Sam Rivera,Dev Patel","{SAM},{DEV}",2024-05-21 18:05:00 UTC,,Yes!,INBOX',
            f"c2,,Sam Rivera,{SAM},Dev Patel,{DEV},2024-05-22 08:00:00 UTC,,Agenda attached,INBOX",
            f"c3,,Ada Quill,{ADA},Sam Rivera,{SAM},2024-05-23 08:00:00 UTC,,Thanks,INBOX",  # Sam stands out now
        ],
    )

    report = run(path)

    assert report.interactions_created == 5
    assert [(cid, note) for cid, _, _, note in interactions()] == [
        (people["Ada Quill"], "Kick-off?"),  # sent to two people: one interaction each
        (people["Dev Patel"], "Kick-off?"),
        (people["Ada Quill"], "Yes!"),  # received in the group: the sender's, not Dev's
        (people["Dev Patel"], "Agenda attached"),
        (people["Ada Quill"], "Thanks"),
    ]


def test_namesakes_are_not_guessed(db, tmp_path: Path) -> None:
    import_items(
        [
            ContactRecord(first_name="Alex", last_name="Kim", company="Alpha"),
            ContactRecord(first_name="Alex", last_name="Kim", company="Beta"),
        ]
    )
    path = write(
        tmp_path / "Messages.csv", [HEADER_2018, 'Alex Kim,Sam Rivera,"3/3/25, 9:00 AM",,Hi,INCOMING,INBOX']
    )

    report = run(path)

    assert (report.interactions_created, skipped(report)) == (0, [(2, "2 contacts are named “Alex Kim”")])


def test_interaction_records_naming_people_through_the_importer(db) -> None:
    import_items([ContactRecord(first_name="Ada", last_name="Quill", profile_url="linkedin.com/in/ada-quill/")])
    when = dt.datetime(2024, 5, 21, 9, 0)

    report = import_items(
        [
            InteractionRecord(kind="message", occurred_at=when, contact_url="https://de.linkedin.com/in/ada-quill"),
            InteractionRecord(kind="call", occurred_at=when, contact_name="  ADA   quill "),
            InteractionRecord(kind="call", occurred_at=when, contact_url="https://www.linkedin.com/in/nobody"),
            InteractionRecord(kind="call", occurred_at=when, line=9),
        ]
    )

    assert report.interactions_created == 2
    assert skipped(report) == [
        (0, NOT_A_CONTACT.format("https://www.linkedin.com/in/nobody")),
        (9, "an interaction that names no one"),
    ]


# ------------------------------------------------------------------------------------------------ bad files


def test_truncated_quoted_content_names_file_and_line_and_writes_nothing(
    db, linkedin_dir: Path, dump: Callable[[], list[str]]
) -> None:
    import_connections(linkedin_dir / "connections_2024.csv")
    before = dump()
    path = linkedin_dir / "messages_truncated.csv"

    with pytest.raises(FormatError) as info:
        run(path)

    # Line 4 is where the row whose quote never closes starts (where to look), not the end of the file.
    assert (info.value.path, info.value.line) == (str(path), 4)
    assert info.value.reason == "a quoted field in this row never ends: the file is cut off or a quote is missing"
    assert dump() == before  # not even the complete message on line 2, nor an import batch


def test_unknown_direction_names_file_and_line_and_writes_nothing(
    db, linkedin_dir: Path, tmp_path: Path, dump: Callable[[], list[str]]
) -> None:
    import_connections(linkedin_dir / "connections_2018.csv")
    before = dump()
    path = write(
        tmp_path / "Messages.csv",
        [
            HEADER_2018,
            'Grace Otieno,Sam Rivera,"9/20/18, 10:02 AM",,Hello,INCOMING,INBOX',
            'Grace Otieno,Sam Rivera,"9/20/18, 10:03 AM",,Hello again,SIDEWAYS,INBOX',
        ],
    )

    with pytest.raises(FormatError) as info:
        run(path)

    assert str(info.value) == f"{path}, line 3: “Direction” is “SIDEWAYS”: a message is INCOMING or OUTGOING"
    assert dump() == before


def test_unreadable_date_skips_the_message(db, linkedin_dir: Path, tmp_path: Path) -> None:
    import_connections(linkedin_dir / "connections_2018.csv")
    path = write(
        tmp_path / "Messages.csv",
        [HEADER_2018, "Grace Otieno,Sam Rivera,last week,,Hello,INCOMING,INBOX"],
    )

    records = list(LinkedInMessages(path).items())

    assert records == [Skipped(2, "the date “last week” cannot be read")]


def test_an_invitations_file_is_not_a_messages_file(db, linkedin_dir: Path) -> None:
    with pytest.raises(FormatError) as info:
        run(linkedin_dir / "invitations_2018.csv")

    assert info.value.reason == (
        "is not a LinkedIn messages export: its header does not have the columns “From”, “To”, “Date”, “Content”"
    )


# ------------------------------------------------------------------------------------------------- detection


def test_detection_by_header(linkedin_dir: Path) -> None:
    quoted_2026 = (linkedin_dir / "messages_2026.csv").read_text(encoding="utf-8").splitlines()[0]
    assert looks_like_messages(HEADER_2018.split(","))
    assert looks_like_messages(HEADER_2024.split(","))
    assert looks_like_messages(next(csv.reader([quoted_2026])))
    assert looks_like_messages(quoted_2026.split(","))  # even split naively, quotes still on
    assert not looks_like_messages("From,To,Sent At,Message,Direction".split(","))
    assert not looks_like_invitations(HEADER_2018.split(","))


def test_message_note() -> None:
    assert message_note("", "") == ""
    assert message_note("  Hello   there ", "") == "Hello there"
    assert message_note("", "line one\r\nline two\r\n") == "line one\nline two"
    text = "x" * 600  # no space to cut at: a hard cut at 500
    assert message_note("S", text) == "S\n\n" + "x" * 500 + "… [shortened: the message has 600 characters]"
