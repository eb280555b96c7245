"""Likely namesakes: which contacts a person being added may already be (issue 10, point 3)."""

from __future__ import annotations

from linkorganizer.core import contacts, invitations, matches
from linkorganizer.core.records import Labeled
from linkorganizer.db import open_database


def test_namesakes_by_name_email_and_profile(tmp_path):
    open_database(tmp_path / "net.db")
    a = contacts.create_contact({"first_name": "Shira", "last_name": "Cohen", "company": "Acme", "position": "CTO"})
    b = contacts.create_contact({"first_name": "shira", "last_name": "COHEN", "company": "Globex"})
    c = contacts.create_contact(
        {"first_name": "S.", "last_name": "Cohen", "profile_url": "https://www.linkedin.com/in/shira-cohen"},
        fields={"email": [Labeled("shira@example.org", "work")]},
    )
    other = contacts.create_contact({"first_name": "Dana", "last_name": "Levi"})
    contacts.trash_contacts([b])

    by_name = matches.likely_matches("Shira  Cohen")
    assert [m.contact_id for m in by_name] == [a]  # the trashed namesake is not offered by name
    assert by_name[0].company == "Acme" and by_name[0].position == "CTO" and by_name[0].reasons == ("name",)
    assert not by_name[0].certain and matches.needs_asking(by_name)

    by_mail = matches.likely_matches("Shira Cohen", emails=["  Shira@Example.org "])
    assert [m.contact_id for m in by_mail] == [c, a]  # the e-mail is stronger than the name
    by_url = matches.likely_matches("Shira Cohen", profile_url="linkedin.com/in/shira-cohen/")
    assert by_url[0].contact_id == c and by_url[0].certain and not matches.needs_asking(by_url)

    assert matches.likely_matches("Dana Levi", exclude=[other]) == []
    assert matches.roles([a, other]) == {a: ("CTO", "Acme"), other: ("", "")}


def test_an_invitation_linked_to_the_chosen_namesake_accepts_onto_it(tmp_path):
    open_database(tmp_path / "net.db")
    a = contacts.create_contact({"first_name": "Shira", "last_name": "Cohen", "company": "Acme"})
    b = contacts.create_contact({"first_name": "Shira", "last_name": "Cohen", "company": "Globex"})
    iid = invitations.create_invitation("incoming", "Shira Cohen", message="Hi")
    assert {m.contact_id for m in matches.invitation_matches(iid)} == {a, b}
    matches.link_invitation(iid, b)
    result = invitations.transition(iid, "accepted")
    assert result.contact_id == b and contacts.count_contacts() == 2
    assert matches.invitation_matches(iid) == []


def test_someone_new_gets_a_contact_of_their_own_despite_one_namesake(tmp_path):
    open_database(tmp_path / "net.db")
    a = contacts.create_contact({"first_name": "Shira", "last_name": "Cohen", "company": "Acme"})
    iid = invitations.create_invitation("incoming", "Shira Cohen")
    new = matches.new_contact_for_invitation(iid, cadence_days=30)
    result = invitations.transition(iid, "accepted")
    assert result.contact_id == new != a
    detail = contacts.get_contact(new)
    assert detail is not None and detail.full_name == "Shira Cohen"
    assert detail.values["stage"] == "connected" and detail.values["cadence_days"] == 30


def test_a_blank_contact_is_one_nothing_was_typed_into(tmp_path):
    from linkorganizer.core import drafts

    open_database(tmp_path / "net.db")
    blank = contacts.create_contact({"source": "manual", "cadence_days": 30, "stage": "prospect"})
    assert drafts.is_blank(blank)  # stage, cadence and source are defaults, not someone
    named = contacts.create_contact({"company": "Acme"})
    tagged = contacts.create_contact({})
    contacts.add_tag([tagged], "fintech")
    mailed = contacts.create_contact({}, fields={"email": [Labeled("a@b.org")]})
    assert not any(drafts.is_blank(cid) for cid in (named, tagged, mailed))
    assert not drafts.is_blank(9999)
