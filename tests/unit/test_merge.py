"""Merging two contacts: per-field choices, united details, joined notes, everything that pointed at the merged
contact moved to the survivor (found generically by foreign key), one operation that undo takes back whole."""

from __future__ import annotations

import datetime as dt

import pytest

from linkorganizer.core import contacts, groups, interactions, introductions, invitations, merge
from linkorganizer.core.contacts import ValidationError
from linkorganizer.core.duplicates import dismiss_pair, dismissed_pairs, find_duplicates
from linkorganizer.core.records import Labeled

WHEN = dt.datetime(2026, 11, 20, 10, 0)
URL_A = "https://www.linkedin.com/in/ada-lovelace"
URL_Q = "https://www.linkedin.com/in/ada-q"


@pytest.fixture
def pair(db, network) -> tuple[int, int]:
    """Ada Lovelace (older, richer) and "Ada Q." (changed later), with history on both sides."""
    with network.op("Add Ada"):
        ada = contacts.create_contact(
            {"first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Engines", "profile_url": URL_A,
             "notes": "Met at the Royal Society.", "help_them": "Intro to Babbage", "location": "London"},
            fields={"email": [Labeled("ada@engines.org", "work")], "phone": [Labeled("+44 20 7946 0018", "work")]},
            tags=["mentor", "math"],
        )  # fmt: skip
    with network.op("Add Ada Q."):
        other = contacts.create_contact(
            {"first_name": "Ada", "last_name": "Q.", "position": "Countess", "profile_url": URL_Q,
             "notes": "Prefers letters.", "company": ""},
            fields={"email": [Labeled("ADA@engines.org", "home"), Labeled("ada@byron.net", "home")],
                    "phone": [Labeled("020 7946 0018", "")], "address": [Labeled("12 St James's Square")]},
            tags=["Math", "poetry"],
        )  # fmt: skip
    fintech = groups.create_group("Fintech")
    board = groups.create_group("Board")
    with network.op("Place"):
        groups.place([ada], fintech)
        groups.place([other], fintech)
        groups.place([other], board)
    with network.op("History of Ada Q."):
        interactions.log_interaction(other, "call", WHEN, "talked engines")
        introductions.schedule_call(other, WHEN + dt.timedelta(days=3))
        invitations.create_invitation("incoming", "Ada Q.", URL_Q, message="Let us connect")
    return ada, other


def referencing(db, contact_id: int) -> dict[str, int]:
    """How many rows of each table point at the contact (committed: the merge's transaction is over)."""
    return {
        table: db.execute_sql(f"SELECT count(*) FROM {table} WHERE contact_id = ?", (contact_id,)).fetchone()[0]
        for table in ("interaction", "introduction", "invitation", "membership", "contact_tag", "contact_field")
    }


def test_merge_unites_moves_and_deletes_and_undo_restores_everything(network, pair, content) -> None:
    ada, other = pair
    before = content()  # every row of every table (the undo log and the search index's segments aside)
    with network.op("Merge Ada Q. into Ada Lovelace") as op:
        result = merge.merge_contacts(ada, other, region="GB")
    assert result.moved == {"interaction": 1, "introduction": 1, "invitation": 1, "membership": 1}
    merged = contacts.get_contact(ada)
    assert contacts.get_contact(other) is None
    # The newest non-empty value per field: Ada Q. changed last, but her empty company never wins.
    assert merged.values["last_name"] == "Q."
    assert merged.values["position"] == "Countess"
    assert merged.values["company"] == "Analytical Engines"
    assert merged.values["location"] == "London"
    assert merged.values["profile_url"] == URL_Q
    # United without repeats (the same e-mail in capitals, the same phone in another spelling).
    assert merged.fields["email"] == [Labeled("ada@engines.org", "work"), Labeled("ada@byron.net", "home")]
    assert merged.fields["phone"] == [Labeled("+44 20 7946 0018", "work")]
    assert merged.fields["address"] == [Labeled("12 St James's Square")]
    assert merged.fields["url"] == [Labeled(URL_A, "LinkedIn")]  # the profile she did not keep
    assert merged.tags == ["math", "mentor", "poetry"]
    assert sorted(merged.groups) == ["Board", "Fintech"]
    assert merged.values["notes"] == "Met at the Royal Society.\n\n— from the merged contact Ada Q.:\nPrefers letters."
    assert merged.values["help_them"] == "Intro to Babbage"
    assert referencing(network.db, ada) == {
        "interaction": 1, "introduction": 1, "invitation": 1, "membership": 2, "contact_tag": 3, "contact_field": 5,
    }  # fmt: skip
    # The search finds her by what only the merged contact had.
    assert contacts.query_contact_ids(contacts.ContactQuery(text="poetry byron")) == [ada]

    network.undo(op.id)
    assert content() == before
    network.redo(op.id)
    assert contacts.get_contact(other) is None
    assert contacts.query_contact_ids(contacts.ContactQuery(text="poetry byron")) == [ada]


def test_choices_pick_per_field(network, pair) -> None:
    ada, other = pair
    with network.op("Merge"):
        merge.merge_contacts(ada, other, {"last_name": ada, "profile_url": ada, "position": ada})
    merged = contacts.get_contact(ada)
    assert merged.values["last_name"] == "Lovelace"
    assert merged.values["position"] == ""
    assert merged.values["profile_url"] == URL_A
    assert merged.fields["url"] == [Labeled(URL_Q, "LinkedIn")]
    assert merged.full_name == "Ada Lovelace"


def test_preview_says_what_the_merge_will_give(network, pair) -> None:
    ada, other = pair
    preview = merge.preview(ada, other, region="GB")
    assert preview.choices["last_name"] == other
    assert preview.choices["company"] == ada
    assert "last_name" in preview.differing and "company" in preview.differing
    assert "stage" not in preview.differing
    assert preview.joined["notes"].endswith("— from the merged contact Ada Q.:\nPrefers letters.")
    assert [i.value for i in preview.fields["email"]] == ["ada@engines.org", "ada@byron.net"]
    assert preview.tags == ["math", "mentor", "poetry"]
    assert preview.groups == ["Fintech", "Board"]


def test_tables_the_merge_does_not_name_are_found_by_their_foreign_key(network, pair, db) -> None:
    """Reminders and job changes (another feature's tables): found by their foreign key to the contact, moved."""
    import datetime as dt

    from linkorganizer.core import reminders
    from linkorganizer.db.models import Reminder

    ada, other = pair
    with network.op("Remind"):
        reminders.add_reminder("write back", dt.date(2027, 1, 5), contact_id=other)
    with network.op("Merge") as op:
        result = merge.merge_contacts(ada, other)
    assert result.moved["reminder"] == 1
    assert [r.contact_id for r in Reminder.select()] == [ada]
    network.undo(op.id)
    assert [r.contact_id for r in Reminder.select()] == [other]


def test_merging_exact_groups_joins_chains(network, undo_redo) -> None:
    with network.op("Add"):
        a = contacts.create_contact({"first_name": "Ada"}, fields={"email": [Labeled("ada@x.org")]})
        b = contacts.create_contact({"first_name": "Ada", "last_name": "L"},
                                    fields={"email": [Labeled("ada@x.org")], "phone": [Labeled("+4930123456")]})
        c = contacts.create_contact({"first_name": "A.", "last_name": "L"}, fields={"phone": [Labeled("+49 30 123456")]})
        d = contacts.create_contact({"first_name": "Bob"}, fields={"email": [Labeled("bob@x.org")]})
        e = contacts.create_contact({"first_name": "Bob"}, fields={"email": [Labeled("BOB@x.org")]})
    pairs = [(p.a, p.b) for p in find_duplicates() if p.exact]
    assert sorted(pairs) == [(a, b), (b, c), (d, e)]
    results = undo_redo("Merge all exact matches", lambda: merge.merge_exact(pairs))
    assert [(r.survivor, r.merged) for r in results] == [(a, [b, c]), (d, [e])]
    assert contacts.count_contacts() == 2
    assert find_duplicates() == []


def test_not_a_duplicate_follows_the_survivor(network, pair) -> None:
    ada, other = pair
    with network.op("Add Bo"):
        bo = contacts.create_contact({"first_name": "Bo"})
    with network.op("Dismiss"):
        dismiss_pair(other, bo)
        dismiss_pair(ada, other)
    with network.op("Merge"):
        merge.merge_contacts(ada, other)
    assert dismissed_pairs() == {(ada, bo)}


def test_refusals_name_the_reason(network, pair) -> None:
    ada, _other = pair
    with pytest.raises(ValidationError, match="cannot be merged with itself"):
        merge.merge_contacts(ada, ada)
    with pytest.raises(LookupError, match="there is no contact 99"):
        with network.op("Merge"):
            merge.merge_contacts(ada, 99)
    with pytest.raises(ValidationError, match="Unknown contact field"):
        with network.op("Merge"):
            merge.merge_contacts(ada, _other, {"shoe_size": ada})


def test_join_text_keeps_origin_and_does_not_repeat() -> None:
    assert merge.join_text([("Ada", ""), ("Ada Q.", "Prefers letters.")]) == (
        "— from the merged contact Ada Q.:\nPrefers letters."
    )
    assert merge.join_text([("Ada", "Same"), ("Ada Q.", "Same")]) == "Same"
    assert merge.join_text([("Ada", "Mine"), ("Ada Q.", "")]) == "Mine"
