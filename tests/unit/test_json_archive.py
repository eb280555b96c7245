"""The app's own JSON archive: a full round trip, hand-written files, and files it must refuse."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from peewee import SqliteDatabase

from linkorganizer.core import contacts
from linkorganizer.core.importing import import_items
from linkorganizer.core.records import ContactRecord, ContactsComplete, FormatError, InteractionRecord, Labeled
from linkorganizer.db.models import (
    Contact,
    GoalGroup,
    GroupSlot,
    Interaction,
    Introduction,
    Invitation,
    InvitationEvent,
    Membership,
    Setting,
    Tag,
)
from linkorganizer.formats import json_archive, registry


def build_rich_network(linkedin_dir: Path) -> dict[str, int]:
    """Everything the archive must carry: imported and hand-made contacts, and every kind of related record."""
    registry.import_file(linkedin_dir / "connections_2024.csv")
    registry.import_file(linkedin_dir / "connections_2018.csv")
    ids = {c.full_name: c.id for c in Contact.select()}
    ada, bruno, grace = ids["Ada Quill"], ids["Bruno Keller, PhD"], ids["Grace Otieno"]
    zoe = contacts.create_contact(
        {
            "first_name": "Zoë",
            "middle_name": "A.",
            "last_name": "Martin",
            "display_name": "Zoë M.",
            "company": "Atelier",
            "position": "Designer",
            "location": "Lyon, France",
            "profile_url": "https://fr.linkedin.com/in/zoe-martin/",
            "birthday": "--03-22",
            "connected_on": "2019-09-09",
            "stage": "keep_in_touch",
            "notes": "Line one\nLine two, with \"quotes\" and a tab\there",
            "help_them": "Intro to a printer",
            "help_me": "Feedback on the portfolio",
            "cadence_days": 45,
        },
        fields={
            "email": [Labeled("zoe@example.fr", "work"), Labeled("zoe.m@example.com", "home")],
            "phone": [Labeled("+33 6 12 34 56 78", "mobile")],
            "address": [Labeled("1 rue de la Paix\n69000 Lyon", "work")],
            "url": [Labeled("https://zoe.example.fr", "portfolio")],
        },
        tags=["design", "Lyon"],
    )
    Contact.update(photo=b"\x89PNG\r\n\x1a\n\x00photo", extra=json.dumps({"google": {"nickname": "Zo"}})).where(
        Contact.id == zoe
    ).execute()
    contacts.add_tag([ada, bruno], "fintech")
    contacts.add_tag([grace], "mentor")
    contacts.tag_id("unused tag")  # a tag no contact carries yet
    trashed = ids["Dev Patel"]
    contacts.trash_contacts([trashed])

    product = GoalGroup.create(
        name="Product role",
        purpose="Land a product role in fintech",
        colour="#123456",
        position=5,
        created_at=dt.datetime(2023, 1, 2, 3, 4, 5),
        updated_at=dt.datetime(2023, 2, 3, 4, 5, 6),
    )
    recruiters = GroupSlot.create(group=product, role="recruiter", needed=2, position=0)
    GroupSlot.create(group=product, role="mentor", needed=1, position=1)
    GoalGroup.create(name="Empty goal", purpose="", position=2, collapsed=True, colour="#ABCDEF")
    Membership.create(contact=ada, group=product, slot=recruiters, role="recruiter")
    Membership.create(contact=grace, group=product)
    Membership.create(contact=zoe, group=product)

    at = dt.datetime(2024, 5, 21, 20, 51)
    invitation = Invitation.create(
        direction="incoming",
        name="Bruno Keller",
        profile_url="https://www.linkedin.com/in/bruno-keller-phd",
        message="Hi, let's connect",
        sent_at=at,
        state="answered",
        reply="I want to learn about product roles",
        note="Follow up",
        contact=bruno,
        state_changed_at=at + dt.timedelta(days=2),
    )
    InvitationEvent.create(invitation=invitation, from_state="new", to_state="asked", at=at + dt.timedelta(days=1))
    InvitationEvent.create(
        invitation=invitation, from_state="asked", to_state="answered", at=at + dt.timedelta(days=2), note="quick"
    )
    Invitation.create(direction="outgoing", name="Someone New", message="", sent_at=None, state="new")

    intro = Introduction.create(
        contact=grace,
        scheduled_at=dt.datetime(2024, 6, 1, 15, 0),
        duration_minutes=45,
        agenda="Product roles",
        notes="Went well",
        their_needs="Hiring a PM",
        my_offer="Referrals",
        outcome="keep_in_touch",
        held_at=dt.datetime(2024, 6, 1, 15, 5),
    )
    Interaction.create(
        contact=grace, kind="call", occurred_at=dt.datetime(2024, 6, 1, 15, 5), note="Intro", introduction=intro
    )
    Interaction.create(contact=zoe, kind="email", occurred_at=dt.datetime(2024, 7, 2, 9, 0), note="Sent portfolio notes")
    Setting.create(key="follow_up_days", value=json.dumps(14))
    Setting.create(key="board", value=json.dumps({"columns": 3, "names": ["a", "b"]}))
    return {"ada": ada, "bruno": bruno, "grace": grace, "zoe": zoe, "trashed": trashed}


def test_round_trip_is_identical(db, fresh_db: Callable[[str], SqliteDatabase], linkedin_dir: Path, tmp_path: Path) -> None:
    build_rich_network(linkedin_dir)
    first = tmp_path / "first.json"
    count = registry.export_file(first, "json")
    assert count == Contact.select().count() == 9

    fresh_db("second.db")
    report = registry.import_file(first)
    assert report.created == 9
    assert report.groups_created == 2
    assert (report.invitations_created, report.introductions_created, report.interactions_created) == (2, 1, 2)
    second = tmp_path / "second.json"
    registry.export_file(second, "json")
    assert second.read_bytes() == first.read_bytes()

    # And the archive says what was built, not just the same thing twice.
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert (doc["format"], doc["version"]) == ("linkorganizer", 1)
    zoe = next(c for c in doc["contacts"] if c["first_name"] == "Zoë")
    assert zoe["display_name"] == "Zoë M."
    assert zoe["profile_url"] == "https://www.linkedin.com/in/zoe-martin"
    assert zoe["emails"] == [{"label": "work", "value": "zoe@example.fr"}, {"label": "home", "value": "zoe.m@example.com"}]
    assert zoe["phones"] == [{"label": "mobile", "value": "+33 6 12 34 56 78"}]
    assert zoe["addresses"] == [{"label": "work", "value": "1 rue de la Paix\n69000 Lyon"}]
    assert zoe["birthday"] == "--03-22"
    assert zoe["connected_on"] == "2019-09-09"
    assert zoe["cadence_days"] == 45
    assert zoe["stage"] == "keep_in_touch"
    assert zoe["tags"] == ["design", "Lyon"]
    assert zoe["groups"] == ["Product role"]
    assert zoe["extra"] == {"google": {"nickname": "Zo"}}
    assert zoe["photo"]
    dev = next(c for c in doc["contacts"] if c["first_name"] == "Dev")
    assert dev["deleted_at"] is not None
    product = next(g for g in doc["groups"] if g["name"] == "Product role")
    assert product["slots"] == [{"role": "recruiter", "needed": 2}, {"role": "mentor", "needed": 1}]
    ada_ref = next(c["id"] for c in doc["contacts"] if c["first_name"] == "Ada")
    assert {"contact": ada_ref, "slot": "recruiter"} in product["members"]
    assert [len(i["events"]) for i in doc["invitations"]] == [2, 0]
    assert doc["interactions"][0]["introduction"] == doc["introductions"][0]["id"]
    assert "unused tag" in doc["tags"]
    assert doc["settings"] == {"board": {"columns": 3, "names": ["a", "b"]}, "follow_up_days": 14}


def test_round_trip_restores_the_database(db, fresh_db, linkedin_dir: Path, tmp_path: Path) -> None:
    ids = build_rich_network(linkedin_dir)
    registry.export_file(tmp_path / "a.json", "json")
    fresh_db("copy.db")
    registry.import_file(tmp_path / "a.json")
    zoe = contacts.get_contact(ids["zoe"])
    assert zoe is not None
    assert zoe.photo == b"\x89PNG\r\n\x1a\n\x00photo"
    assert zoe.values["notes"] == "Line one\nLine two, with \"quotes\" and a tab\there"
    assert [(e.label, e.value) for e in zoe.emails] == [("work", "zoe@example.fr"), ("home", "zoe.m@example.com")]
    assert contacts.query_contact_ids(contacts.ContactQuery(text="portfolio")) == [ids["zoe"]]
    assert contacts.query_contact_ids(contacts.ContactQuery(trash=True)) == [ids["trashed"]]
    membership = Membership.get(Membership.contact == ids["ada"])
    assert membership.slot is not None and membership.slot.role == "recruiter"
    product = GoalGroup.get(GoalGroup.name == "Product role")
    assert (product.colour, product.position, product.purpose) == ("#123456", 5, "Land a product role in fintech")
    assert product.created_at == dt.datetime(2023, 1, 2, 3, 4, 5)
    assert [(s.role, s.needed) for s in product.slots.order_by(GroupSlot.position)] == [("recruiter", 2), ("mentor", 1)]
    assert GoalGroup.get(GoalGroup.name == "Empty goal").collapsed is True
    invitation = Invitation.get(Invitation.direction == "incoming")
    assert invitation.contact_id == ids["bruno"]
    assert [(e.from_state, e.to_state, e.note) for e in invitation.events.order_by(InvitationEvent.id)] == [
        ("new", "asked", ""),
        ("asked", "answered", "quick"),
    ]
    call = Interaction.get(Interaction.kind == "call")
    assert call.introduction_id == Introduction.get().id
    assert Tag.select().where(Tag.name == "unused tag").exists()
    assert json.loads(Setting.get_by_id("follow_up_days").value) == 14


def test_importing_an_archive_twice_adds_nothing(db, fresh_db, linkedin_dir: Path, tmp_path: Path) -> None:
    build_rich_network(linkedin_dir)
    registry.export_file(tmp_path / "a.json", "json")
    fresh_db("copy.db")
    registry.import_file(tmp_path / "a.json")
    registry.export_file(tmp_path / "b.json", "json")
    again = registry.import_file(tmp_path / "a.json")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)
    assert (again.groups_created, again.invitations_created, again.introductions_created, again.interactions_created) == (
        0,
        0,
        0,
        0,
    )
    registry.export_file(tmp_path / "c.json", "json")
    assert (tmp_path / "c.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_export_of_one_group(db, linkedin_dir: Path, tmp_path: Path) -> None:
    ids = build_rich_network(linkedin_dir)
    count = registry.export_file(tmp_path / "group.json", "json", group_name="Product role")
    doc = json.loads((tmp_path / "group.json").read_text(encoding="utf-8"))
    assert count == 3
    assert sorted(c["id"] for c in doc["contacts"]) == sorted([ids["ada"], ids["grace"], ids["zoe"]])
    assert [g["name"] for g in doc["groups"]] == ["Product role"]
    assert len(doc["introductions"]) == 1 and len(doc["interactions"]) == 2
    assert doc["invitations"] == []  # Bruno is not in the group
    with pytest.raises(LookupError):
        registry.export_file(tmp_path / "none.json", "json", group_name="No such group")
    assert not (tmp_path / "none.json").exists()


# --------------------------------------------------------------------------------------------- hand-written


def test_minimal_hand_written_file(db, tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text('{"contacts":[{"first_name":"Ann"}]}', encoding="utf-8")
    report = registry.import_file(path)
    assert report.format_name == "json"
    assert report.created == 1
    ann = contacts.get_contact(Contact.get().id)
    assert ann is not None
    assert ann.full_name == "Ann"
    assert ann.values == {
        "first_name": "Ann",
        "middle_name": "",
        "name_suffix": "",
        "last_name": "",
        "display_name": "",
        "company": "",
        "position": "",
        "location": "",
        "profile_url": "",
        "birthday": "",
        "connected_on": None,
        "source": "json",
        "stage": "connected",
        "notes": "",
        "help_them": "",
        "help_me": "",
        "cadence_days": None,
    }
    assert ann.emails == [] and ann.tags == [] and ann.groups == []
    assert ann.deleted_at is None and ann.created_at is not None


def test_hand_written_file_with_some_keys(db, tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        json.dumps(
            {
                "contacts": [
                    {
                        "first_name": "Ann",
                        "last_name": "Lee",
                        "emails": ["ann@example.com"],
                        "phones": [{"value": "+1 555 0100"}],
                        "tags": "vip",
                        "groups": ["Hiring"],
                        "birthday": "19800322",
                        "connected_on": "08 Aug 2012",
                    },
                    {"display_name": "Bob from the meetup", "id": 7},
                ],
                "interactions": [{"contact": 7, "kind": "coffee", "occurred_at": "2024-05-21T09:00:00"}],
            }
        ),
        encoding="utf-8",
    )
    report = registry.import_file(path)
    assert (report.created, report.groups_created, report.interactions_created) == (2, 1, 1)
    ann = contacts.get_contact(Contact.get(Contact.first_name == "Ann").id)
    assert ann is not None
    assert [(e.label, e.value) for e in ann.emails] == [("", "ann@example.com")]
    assert [e.value for e in ann.phones] == ["+1 555 0100"]
    assert ann.tags == ["vip"] and ann.groups == ["Hiring"]
    assert ann.values["birthday"] == "1980-03-22"
    assert ann.values["connected_on"] == dt.date(2012, 8, 8)
    bob = Contact.get(Contact.display_name == "Bob from the meetup")
    assert Interaction.get().contact_id == bob.id


def test_bom_and_crlf_are_fine(db, tmp_path: Path) -> None:
    path = tmp_path / "win.json"
    path.write_bytes(b'\xef\xbb\xbf{\r\n  "contacts": [\r\n    {"first_name": "Ann"}\r\n  ]\r\n}\r\n')
    assert registry.import_file(path).created == 1


# ------------------------------------------------------------------------------------------------ refused


@pytest.fixture
def seeded(db, linkedin_dir: Path) -> None:
    registry.import_file(linkedin_dir / "connections_2024.csv")


def refuse(path: Path, text: str, dump: Callable[[], list[str]], line: int | None, *words: str, fmt: str = "auto") -> str:
    path.write_text(text, encoding="utf-8")
    before = dump()
    with pytest.raises(FormatError) as info:
        registry.import_file(path, fmt)
    message = str(info.value)
    assert message.startswith(str(path)), message
    assert info.value.line == line, message
    if line is not None:
        assert f", line {line}: " in message
    for word in words:
        assert word in message, message
    assert dump() == before
    return message


def test_syntax_error_names_the_line(seeded, dump, tmp_path: Path) -> None:
    text = '{\n  "contacts": [\n    {"first_name": "Ann"},\n    {"first_name": "Bob"}\n    {"first_name": "Cy"}\n  ]\n}\n'
    refuse(tmp_path / "a.json", text, dump, 5, "not valid JSON")


def test_syntax_error_inside_an_item_names_its_line(seeded, dump, tmp_path: Path) -> None:
    text = '{\n  "contacts": [\n    {"first_name": "Ann"},\n    {"first_name": "Bob",\n     "last_name": }\n  ]\n}\n'
    refuse(tmp_path / "a.json", text, dump, 5, "not valid JSON")


def test_syntax_error_outside_the_lists(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '{\n  "format": "linkorganizer",\n  "version": 1,,\n  "contacts": []\n}', dump, 3, "JSON")


def test_truncated_json(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '{\n  "contacts": [\n    {"first_name": "Ann"},\n', dump, 4, "JSON")


def test_wrong_type_names_the_item_and_its_line(seeded, dump, tmp_path: Path) -> None:
    text = (
        '{\n  "contacts": [\n    {"first_name": "Ann"},\n    {"first_name": "Bob"},\n'
        '    {\n      "first_name": ["Cy"]\n    }\n  ]\n}\n'
    )
    message = refuse(tmp_path / "a.json", text, dump, 5, "contact #3", "first_name", "must be text")
    assert "Nothing" not in message  # the CLI adds that; the error itself is the reason


@pytest.mark.parametrize(
    ("item", "words"),
    [
        ('{"first_name": "Ann", "emails": "a@b.c", "tags": [1]}', ("contact #1", "tags")),
        ('{"first_name": "Ann", "emails": 5}', ("contact #1", "emails", "must be a list")),
        ('{"first_name": "Ann", "birthday": "sometime"}', ("contact #1", "birthday")),
        ('{"first_name": "Ann", "connected_on": "2024-13-45"}', ("contact #1", "connected_on")),
        ('{"first_name": "Ann", "stage": "best friend"}', ("contact #1", "stage")),
        ('{"first_name": "Ann", "cadence_days": "often"}', ("contact #1", "cadence_days", "whole number")),
        ('{"first_name": "Ann", "cadence_days": 0}', ("contact #1", "cadence_days")),
        ('{"first_name": "Ann", "photo": "not base64!"}', ("contact #1", "photo")),
        ('{"first_name": "Ann", "created_at": "yesterday"}', ("contact #1", "created_at")),
        ('"Ann"', ("contact #1", "must be a JSON object")),
    ],
)
def test_wrong_values_in_a_contact(seeded, dump, tmp_path: Path, item: str, words: tuple[str, ...]) -> None:
    refuse(tmp_path / "a.json", '{\n  "contacts": [\n    ' + item + "\n  ]\n}\n", dump, 3, *words)


def test_wrong_values_in_other_lists(seeded, dump, tmp_path: Path) -> None:
    head = '{\n  "contacts": [{"id": 1, "first_name": "Ann"}],\n'
    refuse(tmp_path / "g.json", head + '  "groups": [\n    {"purpose": "x"}\n  ]\n}', dump, 4, "group #1", "name")
    refuse(
        tmp_path / "i.json",
        head + '  "invitations": [\n    {"direction": "sideways"}\n  ]\n}',
        dump,
        4,
        "invitation #1",
        "direction",
    )
    refuse(
        tmp_path / "x.json",
        head + '  "interactions": [\n    {"contact": 1, "kind": "call"}\n  ]\n}',
        dump,
        4,
        "interaction #1",
        "occurred_at",
    )


def test_reference_to_a_missing_contact(seeded, dump, tmp_path: Path) -> None:
    text = (
        '{\n  "contacts": [{"id": 1, "first_name": "Ann"}],\n  "interactions": [\n'
        '    {"contact": 1, "kind": "call", "occurred_at": "2024-01-01 10:00:00"},\n'
        '    {"contact": 99, "kind": "call", "occurred_at": "2024-01-01 10:00:00"}\n  ]\n}\n'
    )
    path = tmp_path / "a.json"
    path.write_text(text, encoding="utf-8")
    before = dump()
    with pytest.raises(FormatError) as info:
        registry.import_file(path)
    # Found while applying, after reading: the message names the file as the report does (its name).
    assert str(info.value) == "a.json, line 5: an interaction refers to contact 99, which the file does not contain"
    assert dump() == before


def test_newer_version_is_refused(seeded, dump, tmp_path: Path) -> None:
    text = '{"format": "linkorganizer", "version": 2, "contacts": [{"first_name": "Ann"}]}'
    refuse(tmp_path / "a.json", text, dump, 1, "newer")


def test_version_must_be_a_number(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '{"format": "linkorganizer", "version": "1", "contacts": []}', dump, 1, "version")


def test_wrong_format_is_refused(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '{"format": "vcard", "version": 1, "contacts": [{"first_name": "Ann"}]}', dump, 1, "vcard")


def test_lists_must_be_lists(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '{"contacts": {"first_name": "Ann"}}', dump, 1, "contacts", "list")
    refuse(tmp_path / "b.json", '{"contacts": [], "tags": "vip"}', dump, 1, "tags")
    refuse(tmp_path / "c.json", '{"contacts": [], "settings": []}', dump, 1, "settings")


def test_a_json_array_is_not_an_archive(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '[{"first_name": "Ann"}]', dump, 1, "JSON object", fmt="json")
    # Detected as JSON from its content, so the archive reader names the reason, whatever the file's name.
    refuse(tmp_path / "b.csv", '[{"first_name": "Ann"}]', dump, 1, "JSON object")


def test_trailing_text_is_refused(seeded, dump, tmp_path: Path) -> None:
    refuse(tmp_path / "a.json", '{"contacts": []}\n{"contacts": []}\n', dump, 2, "more text")


def test_deep_nesting_is_refused(seeded, dump, tmp_path: Path) -> None:
    text = '{"contacts": [' + "[" * 100_000 + "]" * 100_000 + "]}"
    message = refuse(tmp_path / "a.json", text, dump, 1, fmt="json")
    assert "Traceback" not in message


def test_archive_document_is_plain_json(db, linkedin_dir: Path) -> None:
    build_rich_network(linkedin_dir)
    document = json_archive.archive_document()
    assert json.loads(json.dumps(document)) == document


# ------------------------------------------------------------------------------------------------ streamed


def _contacts_archive(count: int, *, lines_each: int = 1, last: str = "") -> str:
    """An archive of *count* contacts (ids 1…), each written over *lines_each* lines; *last* replaces the last."""
    items = []
    for n in range(1, count + 1):
        parts = [f'"id": {n}', f'"first_name": "P{n}"', f'"notes": "{"x" * 200}"']
        if lines_each == 1:
            items.append("    {" + ", ".join(parts) + "}")
        else:
            items.append("    {\n      " + ",\n      ".join(parts) + "\n    }")
    if last:
        items[-1] = last
    return '{\n  "format": "linkorganizer",\n  "version": 1,\n  "contacts": [\n' + ",\n".join(items) + "\n  ]\n}\n"


def test_the_archive_is_read_as_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(_contacts_archive(5000), encoding="utf-8")
    reader = json_archive.JsonArchive(path)
    items = reader.items()
    first = next(items)
    # The first contact comes when only the start of the file has been read.
    assert (first.first_name, first.ref, first.line) == ("P1", 1, 5)
    assert 0 < reader.fraction() < 0.5
    rest = list(items)
    contacts_read = [item for item in rest if isinstance(item, ContactRecord)]
    assert [c.line for c in contacts_read] == list(range(6, 5005))
    assert isinstance(rest[-1], ContactsComplete)
    assert reader.fraction() == 1.0


def test_records_over_several_lines_keep_their_line_numbers(db, tmp_path: Path) -> None:
    # Records of five lines each, read across many blocks: the one at fault is named by the line it starts on.
    path = tmp_path / "long.json"
    path.write_text(_contacts_archive(2000, lines_each=5, last='    {"id": 2000, "stage": "best friend"}'), "utf-8")
    with pytest.raises(FormatError) as info:
        registry.import_file(path)
    assert info.value.line == 5 + 5 * 1999
    assert "contact #2000: unknown stage" in str(info.value)
    assert Contact.select().count() == 0


def test_a_syntax_error_far_into_the_file_names_its_line(seeded, dump, tmp_path: Path) -> None:
    text = _contacts_archive(2000, lines_each=5, last='    {\n      "id": 2000,\n      "first_name": \n    }')
    refuse(tmp_path / "a.json", text, dump, 5 + 5 * 1999 + 3, "not valid JSON")


@pytest.mark.parametrize(
    "order",
    [("interactions", "contacts", "introductions"), ("contacts", "interactions", "introductions")],
)
def test_lists_in_any_order_are_linked_as_written(db, tmp_path: Path, order: tuple[str, ...]) -> None:
    # An interaction names an introduction that comes after it in the file (or before the contacts): still linked.
    lists = {
        "contacts": '[{"id": 1, "first_name": "Ann"}]',
        "interactions": '[{"contact": 1, "kind": "call", "occurred_at": "2024-01-01 10:00:00", "introduction": 7}]',
        "introductions": '[{"id": 7, "contact": 1, "agenda": "Intro"}]',
    }
    path = tmp_path / "order.json"
    path.write_text("{\n" + ",\n".join(f'  "{key}": {lists[key]}' for key in order) + "\n}\n", encoding="utf-8")
    report = registry.import_file(path)
    assert (report.created, report.introductions_created, report.interactions_created) == (1, 1, 1)
    assert Interaction.get().introduction_id == Introduction.get().id


def test_an_archive_of_many_pages_is_the_document_it_holds(db, tmp_path: Path) -> None:
    # Written a page at a time as it is read; the file is the whole document, one record on a line.
    import_items(
        [ContactRecord(first_name=f"P{n}", ref=n, emails=[Labeled(f"p{n}@example.com", "work")]) for n in range(1, 2501)]
        + [InteractionRecord(n, kind="call", occurred_at=dt.datetime(2024, 1, 1) + dt.timedelta(hours=n)) for n in range(1, 2501, 2)]
    )
    path = tmp_path / "network.json"
    assert registry.export_file(path, "json") == 2500
    text = path.read_text(encoding="utf-8")
    document = json_archive.archive_document()
    assert json.loads(text) == document
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith("    {")) == 2500 + 1250
    assert len(lines) == 2500 + 1250 + 13  # the braces, a line per key and the ends of the two lists


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12,
)


@given(_JSON)
def test_records_are_written_as_json_writes_them(value) -> None:
    assert json_archive._record_encoder()(value) == json.dumps(value, ensure_ascii=False)
