"""core.contacts: creating, editing and validating contacts; tags and trash; search and sort in SQL; table rows."""

from __future__ import annotations

import datetime as dt

import pytest

from linkorganizer.core import contacts
from linkorganizer.core.contacts import ContactQuery, ValidationError, query_contact_ids
from linkorganizer.core.records import Labeled
from linkorganizer.db.models import Contact, GoalGroup, Interaction, Membership, Tag


def ids_for(text: str = "", **kwargs) -> list[int]:
    return query_contact_ids(ContactQuery(text=text, **kwargs))


def names(ids: list[int]) -> list[str]:
    rows = contacts.fetch_rows(ids)
    return [rows[i].name for i in ids]


# ------------------------------------------------------------------------------------------- create, update


def test_create_contact_with_everything(db) -> None:
    cid = contacts.create_contact(
        {
            "first_name": "  Ada ",
            "last_name": "Quill",
            "company": "Northwind",
            "profile_url": "http://de.linkedin.com/in/ada-quill/?trk=x",
            "birthday": "19800322",
            "connected_on": "08 Aug 2012",
            "cadence_days": "30",
            "stage": "introduced",
            "notes": "  keeps its spaces  ",
        },
        fields={
            "email": [Labeled(" ada@example.com ", " work "), Labeled("   ", "empty")],
            "phone": [Labeled("+1 555 0100")],
        },
        tags=["fintech", "mentor"],
    )
    ada = contacts.get_contact(cid)
    assert ada is not None
    assert ada.values["first_name"] == "Ada"
    assert ada.full_name == "Ada Quill"
    assert ada.values["profile_url"] == "https://www.linkedin.com/in/ada-quill"
    assert ada.values["birthday"] == "1980-03-22"
    assert ada.values["connected_on"] == dt.date(2012, 8, 8)
    assert ada.values["cadence_days"] == 30
    assert ada.values["stage"] == "introduced"
    assert ada.values["notes"] == "  keeps its spaces  "
    assert ada.values["source"] == "manual"
    assert [(e.label, e.value) for e in ada.emails] == [("work", "ada@example.com")]
    assert [e.value for e in ada.phones] == ["+1 555 0100"]
    assert ada.tags == ["fintech", "mentor"]
    assert ada.created_at is not None and ada.deleted_at is None
    assert Contact.get_by_id(cid).sort_name == "ada quill"


def test_full_name_falls_back_to_email_then_company(db) -> None:
    by_email = contacts.create_contact({"company": "Acme"}, fields={"email": [Labeled("who@example.com")]})
    by_company = contacts.create_contact({"company": "Acme"})
    shown = contacts.create_contact({"first_name": "Robert", "display_name": "Bob"})
    assert contacts.get_contact(by_email).full_name == "who@example.com"
    assert contacts.get_contact(by_company).full_name == "Acme"
    assert contacts.get_contact(shown).full_name == "Bob"


def test_create_with_a_known_id(db) -> None:
    cid = contacts.create_contact({"first_name": "Ann"})
    contacts.delete_contact_permanently(cid)
    assert contacts.get_contact(cid) is None
    assert contacts.create_contact({"first_name": "Ann"}, contact_id=cid) == cid


def test_update_returns_previous_values_of_what_changed(db) -> None:
    cid = contacts.create_contact({"first_name": "Ada", "last_name": "Quill", "company": "Northwind"})
    before = Contact.get_by_id(cid).updated_at
    previous = contacts.update_contact(cid, {"company": "Orbit", "first_name": "Ada", "position": "PM"})
    assert previous == {"company": "Northwind", "position": ""}
    assert contacts.update_contact(cid, {"company": " Orbit "}) == {}  # stripped: no change
    assert Contact.get_by_id(cid).updated_at >= before
    # Applying the previous values is an undo.
    contacts.update_contact(cid, previous)
    assert contacts.get_contact(cid).values["company"] == "Northwind"


def test_update_refreshes_the_name(db) -> None:
    cid = contacts.create_contact({"first_name": "Ada", "last_name": "Quill"})
    contacts.update_contact(cid, {"last_name": "Lovelace"})
    row = Contact.get_by_id(cid)
    assert (row.full_name, row.sort_name) == ("Ada Lovelace", "ada lovelace")
    contacts.update_contact(cid, {"display_name": "Émilie"})
    row = Contact.get_by_id(cid)
    assert (row.full_name, row.sort_name) == ("Émilie", "emilie")
    contacts.update_contact(cid, {"display_name": ""})
    assert Contact.get_by_id(cid).full_name == "Ada Lovelace"


def test_unchanged_update_does_not_touch_updated_at(db) -> None:
    cid = contacts.create_contact({"first_name": "Ada"})
    Contact.update(updated_at=dt.datetime(2000, 1, 1)).where(Contact.id == cid).execute()
    assert contacts.update_contact(cid, {"first_name": "Ada"}) == {}
    assert Contact.get_by_id(cid).updated_at == dt.datetime(2000, 1, 1)
    contacts.update_contact(cid, {"first_name": "Adah"})
    assert Contact.get_by_id(cid).updated_at > dt.datetime(2000, 1, 1)


# -------------------------------------------------------------------------------------------- validation


def test_profile_url_is_unique(db) -> None:
    ada = contacts.create_contact({"first_name": "Ada", "profile_url": "https://www.linkedin.com/in/ada"})
    with pytest.raises(ValidationError) as info:
        contacts.create_contact({"first_name": "Imposter", "profile_url": "http://uk.linkedin.com/in/ada/"})
    assert "Ada" in str(info.value) and "https://www.linkedin.com/in/ada" in str(info.value)
    assert Contact.select().count() == 1
    bob = contacts.create_contact({"first_name": "Bob"})
    with pytest.raises(ValidationError):
        contacts.update_contact(bob, {"profile_url": "linkedin.com/in/ada"})
    assert contacts.get_contact(bob).values["profile_url"] == ""
    # A contact may keep (and re-save) its own URL; an empty URL is no URL, and many contacts have none.
    assert contacts.update_contact(ada, {"profile_url": "https://www.linkedin.com/in/ada/"}) == {}
    contacts.update_contact(ada, {"profile_url": ""})
    assert Contact.get_by_id(ada).profile_url is None
    contacts.create_contact({"first_name": "Cy", "profile_url": "  "})
    assert Contact.select().where(Contact.profile_url.is_null()).count() == 3


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("birthday", "1980-03-22", "1980-03-22"),
        ("birthday", "--03-22", "--03-22"),
        ("birthday", "--0322", "--03-22"),
        ("birthday", "", ""),
        ("cadence_days", "14", 14),
        ("cadence_days", 1, 1),
        ("cadence_days", 3650, 3650),
        ("cadence_days", "", None),
        ("cadence_days", 0, None),
        ("cadence_days", None, None),
        ("connected_on", "12-Mar-24", dt.date(2024, 3, 12)),
        ("connected_on", dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        ("connected_on", "", None),
        ("stage", "not_a_fit", "not_a_fit"),
        ("company", None, ""),
    ],
)
def test_valid_values(db, name: str, value: object, stored: object) -> None:
    cid = contacts.create_contact({"first_name": "Ann", name: value})
    assert contacts.get_contact(cid).values[name] == stored


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("birthday", "1980-02-30", "not a date"),
        ("birthday", "someday", "not a date"),
        ("birthday", "--13-01", "not a date"),
        ("cadence_days", "weekly", "number of days"),
        ("cadence_days", -5, "between 1 and 3650"),
        ("cadence_days", 3651, "between 1 and 3650"),
        ("connected_on", "yesterday", "not a date"),
        ("stage", "friend", "stage"),
        ("favourite_colour", "blue", "Unknown contact field"),
    ],
)
def test_invalid_values_are_refused(db, name: str, value: object, words: str) -> None:
    with pytest.raises(ValidationError) as info:
        contacts.create_contact({"first_name": "Ann", name: value})
    assert words in str(info.value)
    assert Contact.select().count() == 0
    cid = contacts.create_contact({"first_name": "Ann"})
    with pytest.raises(ValidationError):
        contacts.update_contact(cid, {"last_name": "Lee", name: value})
    assert contacts.get_contact(cid).values["last_name"] == ""  # the whole edit is refused


# ----------------------------------------------------------------------------------------------- details


def test_set_contact_fields_replaces_and_returns_previous(db) -> None:
    cid = contacts.create_contact({}, fields={"email": [Labeled("old@example.com", "home")]})
    assert contacts.get_contact(cid).full_name == "old@example.com"
    previous = contacts.set_contact_fields(
        cid, "email", [Labeled("new@example.com", "work"), Labeled("", "blank"), Labeled("second@example.com")]
    )
    assert [(e.label, e.value) for e in previous] == [("home", "old@example.com")]
    detail = contacts.get_contact(cid)
    assert [(e.label, e.value) for e in detail.emails] == [("work", "new@example.com"), ("", "second@example.com")]
    assert detail.full_name == "new@example.com"
    assert ids_for("second") == [cid]  # the search index follows
    assert ids_for("old") == []
    contacts.set_contact_fields(cid, "email", previous)
    assert [e.value for e in contacts.get_contact(cid).emails] == ["old@example.com"]
    with pytest.raises(ValidationError):
        contacts.set_contact_fields(cid, "fax", [Labeled("123")])


# ---------------------------------------------------------------------------------------------- tags, trash


def test_add_and_remove_tag(db) -> None:
    a, b = contacts.create_contact({"first_name": "Ann"}), contacts.create_contact({"first_name": "Bob"})
    assert contacts.add_tag([a], "VIP") == [a]
    assert contacts.add_tag([a, b], "vip") == [b]  # tag names ignore case
    assert Tag.select().count() == 1
    assert contacts.get_contact(b).tags == ["VIP"]
    assert contacts.all_tags() == ["VIP"]
    assert sorted(ids_for(tag="vip")) == sorted([a, b])
    assert sorted(ids_for("vip")) == sorted([a, b])
    assert contacts.remove_tag([a, b], "Vip") == [a, b]
    assert contacts.remove_tag([a], "VIP") == []
    assert contacts.remove_tag([a], "never seen") == []
    assert ids_for("vip") == [] and ids_for(tag="VIP") == []
    with pytest.raises(ValidationError):
        contacts.add_tag([a], "   ")


def test_trash_and_restore(db) -> None:
    a, b = contacts.create_contact({"first_name": "Ann"}), contacts.create_contact({"first_name": "Bob"})
    assert contacts.trash_contacts([a]) == [a]
    assert contacts.trash_contacts([a, b]) == [b]
    assert contacts.count_contacts() == 0 and contacts.count_contacts(trash=True) == 2
    assert ids_for() == [] and ids_for("ann") == []
    assert ids_for("ann", trash=True) == [a]
    assert contacts.get_contact(a).deleted_at is not None
    assert contacts.restore_contacts([a, 999]) == [a]
    assert contacts.restore_contacts([a]) == []
    assert ids_for() == [a] and contacts.count_contacts(trash=True) == 1


# ------------------------------------------------------------------------------------------------- search


@pytest.fixture
def people(db) -> dict[str, int]:
    made = {
        "ada": contacts.create_contact(
            {"first_name": "Ada", "last_name": "Quill", "company": "Northwind Analytics", "position": "Head of Product"},
            fields={"email": [Labeled("ada.quill@example.com")]},
            tags=["fintech"],
        ),
        "emile": contacts.create_contact(
            {"first_name": "Émile", "last_name": "Lefèvre", "company": "Société Générale", "location": "Paris"},
            fields={"phone": [Labeled("+33 1 23 45 67 89")]},
        ),
        "eve": contacts.create_contact(
            {"first_name": "eve", "last_name": "Adams", "company": "", "notes": "Met at the Berlin product meetup"}
        ),
        "zoe": contacts.create_contact(
            {"first_name": "Zoë", "last_name": "Martin", "company": "acme", "help_them": "portfolio review"},
            fields={"email": [Labeled("zoe@atelier.example")]},
        ),
        "bob": contacts.create_contact({"first_name": "Bob", "last_name": "Ray", "company": "Beta", "position": ""}),
    }
    return made


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ada", ["ada", "eve"]),  # words are prefixes: Ada, Adams
        ("ad", ["ada", "eve"]),
        ("quill", ["ada"]),
        ("qui", ["ada"]),
        ("QUILL", ["ada"]),
        ("emile", ["emile"]),  # accents do not matter …
        ("Émile", ["emile"]),
        ("lefevre", ["emile"]),
        ("societe", ["emile"]),
        ("zoe", ["zoe"]),
        ("zoë", ["zoe"]),
        ("northwind product", ["ada"]),  # every word must match
        ("northwind berlin", []),
        ("ada.quill@example.com", ["ada"]),  # e-mail addresses
        ("atelier", ["zoe"]),
        ("fintech", ["ada"]),  # tags
        ("berlin", ["eve"]),  # notes
        ("portfolio", ["zoe"]),  # how I can help them
        ("paris", ["emile"]),  # location
        ("+33", ["emile"]),  # phone
        ("product", ["ada", "eve"]),
        ("nobody", []),
    ],
)
def test_search(people: dict[str, int], text: str, expected: list[str]) -> None:
    found = set(ids_for(text))
    assert found == {people[k] for k in expected}


@pytest.mark.parametrize("text", ['"', '"ada', "ada\"", "*", "-", "(", "AND", "OR", "NOT", "a:b", "^", "'", "  ", "NEAR("])
def test_search_never_fails_on_odd_input(people: dict[str, int], text: str) -> None:
    ids_for(text)  # FTS5 syntax in the search box must not raise


def test_empty_search_lists_everyone(people: dict[str, int]) -> None:
    assert sorted(ids_for("")) == sorted(people.values())
    assert sorted(ids_for("  ")) == sorted(people.values())


def test_search_follows_edits(people: dict[str, int]) -> None:
    contacts.update_contact(people["bob"], {"company": "Quantum Widgets"})
    assert ids_for("quantum") == [people["bob"]]
    assert ids_for("beta") == []


def test_filter_by_group(people: dict[str, int]) -> None:
    group = GoalGroup.create(name="Hiring")
    Membership.create(contact=people["zoe"], group=group)
    Membership.create(contact=people["ada"], group=group)
    assert sorted(ids_for(group_id=group.id)) == sorted([people["zoe"], people["ada"]])
    assert ids_for("zoe", group_id=group.id) == [people["zoe"]]


def test_sort_by_name_ignores_accents_and_case(people: dict[str, int]) -> None:
    assert names(ids_for()) == ["Ada Quill", "Bob Ray", "Émile Lefèvre", "eve Adams", "Zoë Martin"]
    assert names(ids_for(descending=True)) == ["Zoë Martin", "eve Adams", "Émile Lefèvre", "Bob Ray", "Ada Quill"]


def test_blank_values_sort_last_both_ways(people: dict[str, int]) -> None:
    ascending = names(ids_for(sort="company"))
    assert ascending == ["Zoë Martin", "Bob Ray", "Ada Quill", "Émile Lefèvre", "eve Adams"]  # acme, Beta: case ignored
    descending = names(ids_for(sort="company", descending=True))
    assert descending[:4] == ["Émile Lefèvre", "Ada Quill", "Bob Ray", "Zoë Martin"]
    assert descending[-1] == "eve Adams"
    by_email = names(ids_for(sort="email"))
    assert by_email[:2] == ["Ada Quill", "Zoë Martin"]
    assert set(by_email[2:]) == {"Bob Ray", "Émile Lefèvre", "eve Adams"}
    assert names(ids_for(sort="email", descending=True))[:2] == ["Zoë Martin", "Ada Quill"]


def test_every_sort_key_runs(people: dict[str, int]) -> None:
    Interaction.create(contact=people["bob"], kind="call", occurred_at=dt.datetime(2024, 1, 1))
    for key in contacts.SORT_EXPRESSIONS:
        for descending in (False, True):
            assert sorted(ids_for(sort=key, descending=descending)) == sorted(people.values())
    assert ids_for(sort="last_interaction")[0] == people["bob"]
    with pytest.raises(ValueError):
        ids_for(sort="shoe_size")


def test_sort_by_stage_follows_the_pipeline(db) -> None:
    late = contacts.create_contact({"first_name": "A", "stage": "keep_in_touch"})
    early = contacts.create_contact({"first_name": "B", "stage": "prospect"})
    middle = contacts.create_contact({"first_name": "C", "stage": "introduced"})
    assert ids_for(sort="stage") == [early, middle, late]


# ---------------------------------------------------------------------------------------------- table rows


def test_fetch_rows(people: dict[str, int]) -> None:
    group = GoalGroup.create(name="Hiring")
    Membership.create(contact=people["ada"], group=group)
    contacts.add_tag([people["ada"]], "advisor")
    contacts.set_contact_fields(people["ada"], "phone", [Labeled("+1 555 0100"), Labeled("+1 555 0199")])
    contacts.update_contact(people["ada"], {"connected_on": "2012-08-08"})
    Interaction.create(contact=people["ada"], kind="call", occurred_at=dt.datetime(2024, 5, 1, 10, 0))
    rows = contacts.fetch_rows([people["ada"], people["bob"], 424242])
    assert set(rows) == {people["ada"], people["bob"]}
    ada = rows[people["ada"]]
    assert ada.name == "Ada Quill"
    assert (ada.company, ada.position) == ("Northwind Analytics", "Head of Product")
    assert ada.email == "ada.quill@example.com"
    assert ada.phone == "+1 555 0100"  # the first one
    assert ada.connected_on == "2012-08-08"
    assert ada.stage == "connected"
    # SQLite's group_concat promises no order, so the cell is compared as a set of names.
    assert sorted(ada.tags.split(", ")) == ["advisor", "fintech"]
    assert ada.groups == "Hiring"
    assert ada.last_interaction.startswith("2024-05-01 10:00")
    assert ada.profile_url == ""
    bob = rows[people["bob"]]
    assert (bob.email, bob.phone, bob.tags, bob.groups, bob.connected_on, bob.last_interaction) == ("", "", "", "", "", "")
    assert contacts.fetch_rows([]) == {}


def test_fetch_rows_beyond_the_sqlite_variable_limit(db) -> None:
    rows = [{"first_name": f"P{i}", "full_name": f"P{i}", "sort_name": f"p{i}"} for i in range(2000)]
    Contact.insert_many(rows).execute()
    ids = ids_for()
    assert len(ids) == 2000
    rows = contacts.fetch_rows(ids)
    assert len(rows) == 2000
    assert len(contacts.get_contacts(ids)) == 2000


def test_tagging_a_contact_named_twice_tags_it_once(db) -> None:
    from linkorganizer.db.models import ContactTag

    cid = contacts.create_contact({"first_name": "Ada"})
    assert contacts.add_tag([cid, cid], "mentor") == [cid]
    assert ContactTag.select().count() == 1


def test_a_first_screen_is_the_start_of_the_whole_list(db, monkeypatch) -> None:
    """query_contact_ids with a limit (the table's first screen) walks the name index a little way, or asks the
    search index when few contacts match: either way exactly the first ids of the whole query."""
    monkeypatch.setattr(contacts, "WALK_NAMES", 40)  # both ways, on a network of 300
    words = ("Anna", "Ben", "Carla", "Dmitri", "Émile", "Zeta")
    rows = [
        {
            "first_name": words[i % len(words)],
            "full_name": f"{words[i % len(words)]} Person{i:03}",
            "sort_name": f"{words[i % len(words)].lower()} person{i:03}",
            "company": "Acme" if i % 3 else "Zenith Corp",
            "stage": "invited" if i % 5 == 0 else "prospect",
        }
        for i in range(300)
    ]
    rows.append({"full_name": "Rare Zebra", "sort_name": "rare zebra", "company": "Lonely"})
    Contact.insert_many(rows).execute()
    contacts.trash_contacts([cid for (cid,) in Contact.select(Contact.id).tuples() if cid % 17 == 0])
    queries = [
        ContactQuery(), ContactQuery(descending=True), ContactQuery(text="a"), ContactQuery(text="an"),
        ContactQuery(text="zen"), ContactQuery(text="zebra"), ContactQuery(text="emile"), ContactQuery(text="nobody"),
        ContactQuery(text="a", descending=True), ContactQuery(stage="invited"), ContactQuery(text="acme", stage="invited"),
        ContactQuery(trash=True), ContactQuery(sort="company"), ContactQuery(text="person", sort="company", descending=True),
    ]
    for query in queries:
        whole = query_contact_ids(query)
        assert contacts.query_contact_ids_at_once(query) == whole, query
        for limit in (1, 25, 200, 400):
            assert query_contact_ids(query, limit=limit) == whole[:limit], (query, limit)


def test_has_contacts(db) -> None:
    assert not contacts.has_contacts() and not contacts.has_contacts(trash=True)
    cid = contacts.create_contact({"first_name": "Ada"})
    assert contacts.has_contacts() and not contacts.has_contacts(trash=True)
    contacts.trash_contacts([cid])
    assert not contacts.has_contacts() and contacts.has_contacts(trash=True)
