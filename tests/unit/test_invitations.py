"""core.invitations: the state machine (every move, allowed and refused, each undone exactly by the network),
accepting (creating vs linking a contact), "unclear" messages, suggestions, reply templates, follow-ups and the
inbox queries."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from linkorganizer.core import contacts, introductions, settings
from linkorganizer.core import invitations as inv
from linkorganizer.core.invitations import (
    DIRECTIONS,
    STATES,
    InvitationError,
    TransitionError,
    is_unclear,
)
from linkorganizer.core.network import UndoBlocked
from linkorganizer.db.models import Contact, Invitation, InvitationEvent

SENT = dt.datetime(2024, 11, 3, 9, 5)
AT = dt.datetime(2024, 11, 10, 14, 30)
URL = "https://www.linkedin.com/in/jordan-blake-77"

# Written out by hand (not read from the module) so that a change to the table is a deliberate one.
ALLOWED = {
    ("incoming", "new", "asked"),
    ("incoming", "new", "accepted"),
    ("incoming", "new", "declined"),
    ("incoming", "new", "ignored"),
    ("incoming", "asked", "asked"),
    ("incoming", "asked", "replied"),
    ("incoming", "asked", "declined"),
    ("incoming", "asked", "ignored"),
    ("incoming", "replied", "accepted"),
    ("incoming", "replied", "declined"),
    ("incoming", "replied", "ignored"),
    ("outgoing", "new", "accepted"),
    ("outgoing", "new", "declined"),
    ("outgoing", "new", "withdrawn"),
}
EVERY_MOVE = list(itertools.product(DIRECTIONS, STATES, STATES))


def make(
    direction: str = "incoming",
    state: str = "new",
    *,
    name: str = "Jordan Blake",
    url: str = URL,
    message: str = "",
    reply: str = "",
    changed: dt.datetime = SENT,
) -> int:
    """An invitation in any state (set directly, as an import or earlier transitions would have left it)."""
    iid = inv.create_invitation(direction, name, url, message, SENT)
    if state == "replied" and not reply:
        reply = "I am hiring data engineers and saw your talk."
    Invitation.update(state=state, reply=reply, state_changed_at=changed).where(Invitation.id == iid).execute()
    return iid


# ------------------------------------------------------------------------------------------- state machine


def test_the_table_in_the_module_is_the_one_documented_here() -> None:
    from_module = {
        (d, s, t) for d, by_state in inv.TRANSITIONS.items() for s, targets in by_state.items() for t in targets
    }
    assert from_module == ALLOWED
    for direction, state, to_state in EVERY_MOVE:
        assert inv.can_transition(direction, state, to_state) == ((direction, state, to_state) in ALLOWED)


@pytest.mark.parametrize(("direction", "state", "to_state"), sorted(ALLOWED))
def test_every_allowed_move_is_made_and_timestamped(db, direction, state, to_state) -> None:
    iid = make(direction, state)
    reply = "We are hiring; could you help?" if to_state == "replied" else None
    result = inv.transition(iid, to_state, note="by the test", reply=reply, at=AT)
    assert (result.from_state, result.to_state, result.at) == (state, to_state, AT)
    row = Invitation.get_by_id(iid)
    assert row.state == to_state
    assert row.state_changed_at == AT
    events = list(InvitationEvent.select().where(InvitationEvent.invitation == iid))
    assert [(e.id, e.from_state, e.to_state, e.at, e.note) for e in events] == [
        (result.event_id, state, to_state, AT, "by the test")
    ]


@pytest.mark.parametrize(
    ("direction", "state", "to_state"), [move for move in EVERY_MOVE if move not in ALLOWED]
)
def test_every_other_move_is_refused_with_a_sentence_and_changes_nothing(db, dump, direction, state, to_state) -> None:
    iid = make(direction, state)
    before = dump()
    with pytest.raises(TransitionError) as caught:
        inv.transition(iid, to_state, reply="some reply", at=AT)
    assert isinstance(caught.value, ValueError)
    message = str(caught.value)
    assert message[0].isupper() and message.endswith("."), message
    assert "_" not in message
    assert dump() == before


@pytest.mark.parametrize(("direction", "state", "to_state"), sorted(ALLOWED))
def test_undoing_any_move_restores_the_network_exactly(db, undo_redo, direction, state, to_state) -> None:
    # A contact that an accept will link to and change, and an earlier event, so there is something to disturb.
    contacts.create_contact({"first_name": "Other", "last_name": "Person"})
    iid = make(direction, state, reply="Earlier reply" if state == "replied" else "")
    InvitationEvent.insert(invitation=iid, from_state="new", to_state=state, at=SENT, note="before").execute()
    reply = "Now they said why" if to_state == "replied" else None
    result = undo_redo("Move", lambda: inv.transition(iid, to_state, note="n", reply=reply, at=AT))
    assert Invitation.get_by_id(iid).state == to_state == result.to_state  # … and the redo made the move again


def test_messages_name_the_person_and_the_way_forward(db) -> None:
    asked = make("incoming", "asked", name="Ann Lee")
    with pytest.raises(TransitionError, match="record their reply before accepting"):
        inv.transition(asked, "accepted")
    new = make("incoming", "new", name="Ann Lee")
    with pytest.raises(TransitionError, match="Ask “How may I help you\\?” first"):
        inv.transition(new, "replied", reply="x")
    with pytest.raises(TransitionError, match="Only an invitation you sent can be withdrawn"):
        inv.transition(new, "withdrawn")
    sent = make("outgoing", "new", name="Ann Lee")
    with pytest.raises(TransitionError, match="one you sent: it can only be accepted, declined or withdrawn"):
        inv.transition(sent, "asked")
    done = make("incoming", "declined", name="Ann Lee")
    with pytest.raises(TransitionError, match=r"Ann Lee’s invitation was already declined; that is final\."):
        inv.transition(done, "accepted")
    with pytest.raises(TransitionError, match="not a state"):
        inv.transition(new, "maybe")


def test_replied_needs_their_reasons(db, network) -> None:
    iid = make("incoming", "asked")
    with pytest.raises(TransitionError, match="what they answered"):
        inv.transition(iid, "replied")
    with pytest.raises(TransitionError):
        inv.transition(iid, "replied", reply="   ")
    with network.op("Record the reply") as op:
        inv.transition(iid, "replied", reply="  Looking for a mentor in data engineering.  ", at=AT)
    assert Invitation.get_by_id(iid).reply == "Looking for a mentor in data engineering."
    network.undo(op.id)
    assert (Invitation.get_by_id(iid).state, Invitation.get_by_id(iid).reply) == ("asked", "")


def test_a_stored_reply_is_kept_when_none_is_passed(db) -> None:
    iid = make("incoming", "replied", reply="Their reasons")
    inv.transition(iid, "accepted", at=AT)
    assert Invitation.get_by_id(iid).reply == "Their reasons"


def test_aware_times_are_stored_as_utc(db) -> None:
    iid = make()
    cest = dt.timezone(dt.timedelta(hours=2))
    result = inv.transition(iid, "asked", at=dt.datetime(2024, 6, 1, 10, 0, tzinfo=cest))
    assert result.at == dt.datetime(2024, 6, 1, 8, 0)
    assert Invitation.get_by_id(iid).state_changed_at == dt.datetime(2024, 6, 1, 8, 0)


def test_a_missing_invitation_is_a_plain_error(db) -> None:
    with pytest.raises(inv.InvitationNotFound, match="no longer exists"):
        inv.transition(999, "asked")


def test_undo_is_refused_while_the_invitation_has_moved_on(db, network, undo_refused) -> None:
    iid = make()
    with network.op("Ask") as asked:
        inv.transition(iid, "asked", at=AT)
    with network.op("Record the reply") as replied:
        inv.transition(iid, "replied", reply="Hiring", at=AT + dt.timedelta(days=1))
    assert "“Record the reply”" in str(undo_refused(asked.id))  # the newer move must be undone first
    network.undo(replied.id)
    network.undo(asked.id)
    assert Invitation.get_by_id(iid).state == "new"
    assert InvitationEvent.select().count() == 0


def test_follow_up_restarts_the_clock(db, network) -> None:
    iid = make("incoming", "asked", changed=dt.datetime(2024, 11, 1, 9, 0))
    today = dt.date(2024, 11, 9)
    assert [f.invitation_id for f in inv.due_follow_ups(today)] == [iid]
    with network.op("Follow up") as op:
        result = inv.follow_up(iid, note="Nudged", at=dt.datetime(2024, 11, 9, 10, 0))
    assert (result.from_state, result.to_state) == ("asked", "asked")
    assert inv.due_follow_ups(today) == []
    assert [f.invitation_id for f in inv.due_follow_ups(dt.date(2024, 11, 16))] == [iid]
    network.undo(op.id)
    assert [f.invitation_id for f in inv.due_follow_ups(today)] == [iid]


@pytest.mark.parametrize("to_state", ["declined", "ignored"])
def test_declining_and_ignoring_delete_nothing(db, to_state) -> None:
    cid = contacts.create_contact(
        {"first_name": "Jordan", "last_name": "Blake", "profile_url": URL, "stage": "prospect"}
    )
    iid = make("incoming", "new", message="Buy my course")
    inv.transition(iid, to_state, at=AT)
    assert Invitation.get_by_id(iid).message == "Buy my course"
    assert Contact.get_by_id(cid).stage == "prospect"  # only accepting touches the contact
    assert Contact.select().count() == 1


# ------------------------------------------------------------------------------------------------- accepting


def test_accepting_creates_a_connected_contact(db) -> None:
    iid = make("incoming", "replied", name="Jordan Blake", message="Hi, I'd like to connect", reply="Hiring")
    result = inv.transition(iid, "accepted", at=AT)
    assert result.contact_created
    assert result.offer_introduction
    jordan = contacts.get_contact(result.contact_id)
    assert jordan is not None
    assert (jordan.values["first_name"], jordan.values["last_name"]) == ("Jordan", "Blake")
    assert jordan.full_name == "Jordan Blake"
    assert jordan.values["profile_url"] == URL
    assert jordan.values["stage"] == "connected"
    assert jordan.values["source"] == "invitation"
    assert jordan.values["connected_on"] == AT.date()
    assert Invitation.get_by_id(iid).contact_id == result.contact_id
    # The contact is searchable like any other.
    assert contacts.query_contact_ids(contacts.ContactQuery(text="jord")) == [result.contact_id]


def test_a_redone_accept_brings_the_contact_back_under_its_id(db, network, backend: str) -> None:
    iid = make("incoming", "replied", name="Jordan Blake", message="Hi, I'd like to connect", reply="Hiring")
    with network.op("Accept") as accept:
        first = inv.transition(iid, "accepted", at=AT)
    network.undo(accept.id)
    assert Contact.get_or_none(Contact.id == first.contact_id) is None
    with network.op("Add someone") as other:
        someone = contacts.create_contact({"first_name": "Someone", "last_name": "Else"})
    if backend == "sqlite":
        # Contact ids are SQLite's rowids, reused once free: the newcomer holds Jordan's old id, and the redo waits.
        assert someone == first.contact_id
        with pytest.raises(UndoBlocked, match="Add someone"):
            network.redo(accept.id)
    else:
        assert someone != first.contact_id  # a server's sequence never hands an id out twice
    network.undo(other.id)  # a later contact came and went, as undo and redo leave it
    network.redo(accept.id)
    jordan = Contact.get_by_id(first.contact_id)
    assert (jordan.full_name, jordan.stage) == ("Jordan Blake", "connected")
    assert Invitation.get_by_id(iid).contact_id == first.contact_id


def test_accepting_an_outgoing_invitation_creates_the_contact_too(db) -> None:
    iid = make("outgoing", "new", name="Morgan Lee", url="https://www.linkedin.com/in/morgan-lee-data/")
    result = inv.transition(iid, "accepted", at=AT)
    morgan = contacts.get_contact(result.contact_id)
    assert morgan is not None
    assert morgan.values["profile_url"] == "https://www.linkedin.com/in/morgan-lee-data"
    assert morgan.values["stage"] == "connected"


def test_a_title_is_not_taken_for_a_first_name(db) -> None:
    iid = make(name="Dr. Ann Lee", url="")
    result = inv.transition(iid, "accepted", at=AT)
    ann = contacts.get_contact(result.contact_id)
    assert ann is not None
    assert (ann.values["first_name"], ann.values["last_name"], ann.full_name) == ("Ann", "Lee", "Dr. Ann Lee")


def test_an_invitation_with_only_a_url_creates_a_contact_named_by_it(db) -> None:
    iid = make(name="", url="linkedin.com/in/no-name")
    result = inv.transition(iid, "accepted", at=AT)
    assert Contact.get_by_id(result.contact_id).full_name == "https://www.linkedin.com/in/no-name"


def test_accepting_links_the_contact_with_the_same_profile_url(db, undo_redo) -> None:
    cid = contacts.create_contact(
        {"first_name": "J.", "last_name": "Blake", "profile_url": "http://de.linkedin.com/in/jordan-blake-77/",
         "stage": "prospect", "source": "linkedin"}
    )
    introductions.schedule_call(cid, dt.datetime(2024, 11, 20, 10, 0))
    iid = make()
    # Undone, the contact is exactly as it was, its updated_at included.
    result = undo_redo("Accept", lambda: inv.transition(iid, "accepted", at=AT))
    assert (result.contact_id, result.contact_created) == (cid, False)
    assert not result.offer_introduction  # a call is already planned
    contact = Contact.get_by_id(cid)
    assert (contact.stage, contact.source, contact.connected_on, contact.full_name) == (
        "connected", "linkedin", AT.date(), "J. Blake"
    )
    assert Contact.select().count() == 1


def test_accepting_keeps_an_existing_connected_on(db) -> None:
    cid = contacts.create_contact({"first_name": "Jordan", "profile_url": URL, "connected_on": "2012-08-08"})
    inv.transition(make(), "accepted", at=AT)
    assert Contact.get_by_id(cid).connected_on == dt.date(2012, 8, 8)


def test_accepting_links_by_exact_name_and_fills_in_the_profile_url(db, undo_redo) -> None:
    cid = contacts.create_contact({"first_name": "jordan", "last_name": "BLAKE", "stage": "introduced"})
    iid = make(name="Jordan  Blake")
    result = undo_redo("Accept", lambda: inv.transition(iid, "accepted", at=AT))
    assert (result.contact_id, result.contact_created) == (cid, False)
    assert Contact.get_by_id(cid).profile_url == URL
    assert Contact.get_by_id(cid).stage == "connected"


def test_a_namesake_with_another_profile_is_a_different_person(db) -> None:
    other = contacts.create_contact(
        {"first_name": "Jordan", "last_name": "Blake", "profile_url": "https://www.linkedin.com/in/other-jordan"}
    )
    result = inv.transition(make(), "accepted", at=AT)
    assert result.contact_created and result.contact_id != other


def test_two_namesakes_are_not_guessed_between(db) -> None:
    first = contacts.create_contact({"first_name": "Jordan", "last_name": "Blake"})
    second = contacts.create_contact({"first_name": "Jordan", "last_name": "Blake", "company": "Acme"})
    result = inv.transition(make(url=""), "accepted", at=AT)
    assert result.contact_created and result.contact_id not in (first, second)


def test_accepting_brings_a_trashed_contact_back_and_undo_puts_it_back_in_the_trash(db, network, content) -> None:
    cid = contacts.create_contact({"first_name": "Jordan", "last_name": "Blake", "profile_url": URL})
    contacts.trash_contacts([cid])
    iid = make()
    before = content()
    with network.op("Accept") as op:
        result = inv.transition(iid, "accepted", at=AT)
    assert result.contact_id == cid
    assert Contact.get_by_id(cid).deleted_at is None
    assert op.changes.contacts_added_or_removed  # out of the trash: the lists read again
    network.undo(op.id)
    assert content() == before
    assert Contact.get_by_id(cid).deleted_at is not None


def test_accepting_uses_the_contact_the_invitation_is_linked_to(db) -> None:
    cid = contacts.create_contact({"first_name": "Somebody", "stage": "invited"})
    iid = make(url="")
    Invitation.update(contact=cid).where(Invitation.id == iid).execute()
    result = inv.transition(iid, "accepted", at=AT)
    assert result.contact_id == cid
    assert Contact.get_by_id(cid).stage == "connected"


def test_undoing_an_accept_deletes_the_contact_it_created(db, network, content) -> None:
    iid = make()
    before = content()
    with network.op("Accept") as op:
        inv.transition(iid, "accepted", at=AT)
    assert Contact.select().count() == 1
    network.undo(op.id)
    assert Contact.select().count() == 0
    assert Invitation.get_by_id(iid).contact_id is None
    assert content() == before  # the search index's rows included
    assert contacts.query_contact_ids(contacts.ContactQuery(text="jordan")) == []


def test_undoing_an_accept_never_deletes_a_contact_that_was_used_since(db, network, undo_refused) -> None:
    iid = make()
    with network.op("Accept") as accept:
        result = inv.transition(iid, "accepted", at=AT)
    assert result.contact_id is not None
    with network.op("Schedule a call") as call:
        introductions.schedule_call(result.contact_id, AT + dt.timedelta(days=2))
    undo_refused(accept.id)
    network.undo(call.id)  # undone in order, it works
    network.undo(accept.id)
    assert Contact.select().count() == 0


# ---------------------------------------------------------------------------------------- linking before deciding


def test_link_contact_creates_an_invited_contact_for_a_call_before_deciding(db, network, content) -> None:
    iid = make("incoming", "replied")
    before = content()
    with network.op("Link") as linking:
        link = inv.link_contact(iid, at=AT)
    assert link.contact_created
    assert Contact.get_by_id(link.contact_id).stage == "invited"
    assert Contact.get_by_id(link.contact_id).connected_on is None
    assert Invitation.get_by_id(iid).state == "replied"  # the decision is still to come
    # Later, accepting uses that contact.
    with network.op("Accept") as accepting:
        accepted = inv.transition(iid, "accepted", at=AT)
    assert accepted.contact_id == link.contact_id and not accepted.contact_created
    network.undo(accepting.id)
    assert Contact.get_by_id(link.contact_id).stage == "invited"
    network.undo(linking.id)
    assert content() == before


def test_link_contact_promotes_a_prospect_only(db, network, content, undo_redo) -> None:
    prospect = contacts.create_contact({"first_name": "P", "profile_url": URL, "stage": "prospect"})
    iid = make()
    link = undo_redo("Link", lambda: inv.link_contact(iid))
    assert (link.contact_id, link.contact_created) == (prospect, False)
    assert Contact.get_by_id(prospect).stage == "invited"

    connected = contacts.create_contact(
        {"first_name": "C", "profile_url": "https://www.linkedin.com/in/c", "stage": "connected"}
    )
    link = inv.link_contact(make(name="C", url="https://www.linkedin.com/in/c"))
    assert Contact.get_by_id(connected).stage == "connected"
    before = content()
    with network.op("Link again") as op:
        again = inv.link_contact(link.invitation_id)  # linked, and connected already: nothing to do or undo
    assert (again.contact_id, again.contact_created) == (connected, False)
    assert not op.changes and content() == before


# ------------------------------------------------------------------------------------------- manual entry, undo


def test_create_invitation_by_hand(db) -> None:
    cid = contacts.create_contact({"first_name": "Ada", "profile_url": "https://www.linkedin.com/in/ada-quill"})
    iid = inv.create_invitation("outgoing", "  Ada   Quill ", "linkedin.com/in/ada-quill/", "Loved your talk", SENT)
    row = inv.get_invitation(iid, today=dt.date(2024, 11, 5))
    assert (row.direction, row.name, row.profile_url, row.state, row.contact_id) == (
        "outgoing", "Ada Quill", "https://www.linkedin.com/in/ada-quill", "new", cid
    )
    assert row.sent_at == SENT
    assert row.days_waiting == 2
    assert row.state_label == "Sent"


@pytest.mark.parametrize(
    ("direction", "name", "url", "match"),
    [("sideways", "Ann", "", "incoming or outgoing"), ("incoming", "  ", "", "name or profile URL")],
)
def test_create_invitation_refuses_what_cannot_be_stored(db, direction, name, url, match) -> None:
    with pytest.raises(InvitationError, match=match):
        inv.create_invitation(direction, name, url)


def test_deleting_is_undone_exactly_events_included(db, undo_redo) -> None:
    iid = make()
    inv.transition(iid, "asked", note="first", at=AT)
    inv.transition(iid, "replied", reply="Hiring", at=AT + dt.timedelta(days=1))
    undo_redo("Delete", lambda: inv.delete_invitation(iid))
    assert Invitation.select().count() == 0 and InvitationEvent.select().count() == 0
    with pytest.raises(inv.InvitationNotFound):
        inv.delete_invitation(12345)


def test_creating_is_undone_and_redone_exactly(db, undo_redo) -> None:
    iid = undo_redo("New invitation", lambda: inv.create_invitation("incoming", "Ann Lee", "", "Hello", SENT))
    assert inv.get_invitation(iid).name == "Ann Lee"


def test_undoing_a_deletion_is_refused_once_its_contact_was_deleted_for_good(db, network, undo_refused) -> None:
    cid = contacts.create_contact({"first_name": "Jordan", "profile_url": URL})
    iid = make()
    assert Invitation.get_by_id(iid).contact_id == cid
    with network.op("Delete the invitation") as deletion:
        inv.delete_invitation(iid)
    with network.op("Delete Jordan for good"):
        contacts.delete_contact_permanently(cid)
    undo_refused(deletion.id)


def test_edit_invitation_and_its_undo(db, network, content, undo_redo) -> None:
    iid = make(message="Old message")
    undo_redo(
        "Edit",
        lambda: inv.edit_invitation(iid, {"message": "New message", "note": "met at PyCon", "sent_at": "2024-11-04 10:00"}),
    )
    row = Invitation.get_by_id(iid)
    assert (row.message, row.note, row.sent_at) == ("New message", "met at PyCon", dt.datetime(2024, 11, 4, 10, 0))
    before = content()
    with network.op("Edit to the same values") as op:
        inv.edit_invitation(iid, {"message": "New message", "sent_at": dt.datetime(2024, 11, 4, 10, 0)})
    assert not op.changes and content() == before  # not even updated_at
    with pytest.raises(InvitationError, match="cannot be edited: state"):
        inv.edit_invitation(iid, {"state": "accepted"})
    with pytest.raises(InvitationError, match="not a date"):
        inv.edit_invitation(iid, {"sent_at": "yesterday-ish"})
    with pytest.raises(InvitationError, match="name or profile URL"):
        inv.edit_invitation(iid, {"name": "", "profile_url": ""})


# ------------------------------------------------------------------------------------------- unclear messages

UNCLEAR = [
    "",
    "   ",
    "\n\t",
    "Hi",
    "Hello!",
    "hey",
    "Hi Ann, let's connect",
    "Hi Ann, let’s connect!",
    "Let's connect",
    "lets connect :)",
    "I'd like to add you to my professional network on LinkedIn.",
    "I’d like to add you to my professional network on LinkedIn.",
    "I would like to add you to my professional network",
    "i'd like to add you to my professional network on linkedin",
    "I'D LIKE TO ADD YOU TO MY PROFESSIONAL NETWORK ON LINKEDIN.",
    "Hi Sam, I'd like to add you to my professional network.",
    "Sam, I'd like to add you to my professional network on LinkedIn.",
    "I'd like to add you to my professional network on LinkedIn.\n\n- Jordan Blake",
    "I'd like to join your LinkedIn network.",
    "Hi [Name], I'd like to join your LinkedIn network.",
    "I’d like to connect with you on LinkedIn. Best regards, Jordan",
    "Please accept my invitation to connect.",
    "Good morning Sam, I would like to connect with you",
    "Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
    "Hallo Sam, ich möchte dich gerne zu meinem Netzwerk hinzufügen",
    "J'aimerais vous inviter à rejoindre mon réseau sur LinkedIn.",
    "Bonjour Sam, j’aimerais vous inviter à rejoindre mon réseau.",
    "Me gustaría añadirte a mi red profesional en LinkedIn.",
    "Hola, me gustaría agregarte a mi red profesional de LinkedIn",
    "Vorrei aggiungerti alla mia rete professionale su LinkedIn.",
    "Gostaria de adicioná-lo à minha rede profissional no LinkedIn.",
    "Ik wil je graag toevoegen aan mijn professionele netwerk op LinkedIn.",
    "How are you?",
    "Great talk!",
    "Thanks!",
    "Would love to connect and grow our networks together!",
    "I came across your profile and would like to connect.",
    "Hi there, hope you are doing well. Let's stay in touch!",
    "Looking forward to connecting with you",
    "Let's connect, Jordan",
]
CLEAR = [
    "Are you hiring?",
    "Saw your talk on \"data contracts\" - would love to connect.",
    "Can you help me with my resume?",
    "We met at the AI meetup in Berlin last week",
    "I'm a recruiter at Acme looking for data engineers in Lisbon.",
    "Hi Sam, I read your post about onboarding juniors and would like to ask you about mentoring.",
    "I'd like to add you to my professional network: we both worked on the Northwind migration.",
    "Ich suche einen Mentor im Bereich Datenschutz.",
    "Hello! I run a job club for career changers and would love to invite you as a speaker.",
    "Hiring?",
    "Your article on reciprocal networking changed how I use LinkedIn - thank you.",
    "Fellow Stanford alum here!",
    "Quick question about your fintech product roadmap?",
]


@pytest.mark.parametrize("message", UNCLEAR)
def test_unclear_messages(message) -> None:
    assert is_unclear(message), message


@pytest.mark.parametrize("message", CLEAR)
def test_clear_messages(message) -> None:
    assert not is_unclear(message), message


def test_there_are_enough_examples_both_ways() -> None:
    assert len(UNCLEAR) + len(CLEAR) >= 50 and len(CLEAR) >= 10


def test_the_senders_name_is_dropped_even_in_lower_case() -> None:
    assert not is_unclear("let's connect - jordan")  # "jordan" could be a word that says why…
    assert is_unclear("let's connect - jordan", name="Jordan Blake")  # … but it is the sender's name
    assert is_unclear(None)


@pytest.mark.parametrize(
    ("message", "normalised"),
    [
        (
            "Hi Sam, I'd like to add you to my professional network on LinkedIn.",
            "i would like to add you to my professional network",
        ),
        ("I’d like to join your LinkedIn network.\n— Jordan", "i would like to join your network"),
        ("Ich möchte Sie gerne zu meinem beruflichen Netzwerk auf LinkedIn hinzufügen.",
         "ich mochte sie gerne zu meinem beruflichen netzwerk hinzufugen"),
        ("[First name], let's connect!", "let us connect"),
    ],
)
def test_normalisation(message, normalised) -> None:
    assert inv.normalise_message(message) == normalised


# ---------------------------------------------------------------------------------------------- suggestions


@pytest.mark.parametrize(
    ("direction", "state", "message", "changed", "expected"),
    [
        ("incoming", "new", "", SENT, "ask"),
        ("incoming", "new", "I'd like to add you to my professional network on LinkedIn.", SENT, "ask"),
        ("incoming", "new", "Are you hiring data engineers?", SENT, "decide"),
        ("incoming", "asked", "", dt.datetime(2024, 11, 9), "wait"),
        ("incoming", "asked", "", dt.datetime(2024, 11, 1), "follow_up"),
        ("incoming", "replied", "", SENT, "decide"),
        ("outgoing", "new", "", SENT, "wait"),
        ("incoming", "accepted", "", SENT, "none"),
        ("outgoing", "withdrawn", "", SENT, "none"),
    ],
)
def test_suggested_action(db, direction, state, message, changed, expected) -> None:
    iid = make(direction, state, message=message, changed=changed)
    row = inv.get_invitation(iid, today=dt.date(2024, 11, 10))
    assert inv.suggested_action(row) == expected == row.suggestion


def test_outgoing_messages_are_never_flagged_unclear(db) -> None:
    row = inv.get_invitation(make("outgoing", message=""), today=dt.date(2024, 11, 10))
    assert not row.unclear


# ------------------------------------------------------------------------------------------------ templates


def test_template_uses_the_first_word_of_the_invitation_name(db) -> None:
    iid = make(name="Jordan Blake")
    assert inv.render_template("ask", iid) == "Hi Jordan, thank you for the invitation. How may I help you?"
    assert inv.render_template("decline", iid).startswith("Hi Jordan, thank you for thinking of me.")


def test_template_prefers_the_linked_contacts_first_name(db) -> None:
    cid = contacts.create_contact({"first_name": "Jo", "last_name": "Blake", "profile_url": URL})
    iid = make(name="Jordan Blake")
    assert Invitation.get_by_id(iid).contact_id == cid
    assert inv.render_template("ask", iid).startswith("Hi Jo,")


def test_template_skips_a_title(db) -> None:
    assert inv.render_template("ask", make(name="Dr. Ann Lee", url="")).startswith("Hi Ann,")


def test_template_without_a_name_reads_naturally(db) -> None:
    iid = make(name="", url="https://www.linkedin.com/in/someone")
    assert inv.render_template("ask", iid) == "Hi, thank you for the invitation. How may I help you?"


def test_edited_templates_are_used(db) -> None:
    settings.set_reply_template("ask", "{first_name}, {name}: wie kann ich helfen? {unknown}")
    rendered = inv.render_template("ask", make(name="Jordan Blake"))
    assert rendered == "Jordan, Jordan Blake: wie kann ich helfen? {unknown}"
    with pytest.raises(settings.SettingError):
        inv.render_template("shout", make())
    with pytest.raises(inv.InvitationNotFound):
        inv.render_template("ask", 999)


@pytest.mark.parametrize(
    ("template", "first", "expected"),
    [
        ("Hi {first_name}, how may I help you?", "Ann", "Hi Ann, how may I help you?"),
        ("Hi {first_name}, how may I help you?", "", "Hi, how may I help you?"),
        ("{first_name}, how may I help you?", "", "how may I help you?"),
        ("Dear {first_name}\nThanks", "", "Dear\nThanks"),
    ],
)
def test_fill_template(template, first, expected) -> None:
    assert inv.fill_template(template, first) == expected


# ------------------------------------------------------------------------------------------------ follow-ups


def test_follow_up_falls_due_after_n_days(db) -> None:
    iid = make("incoming", "asked", changed=dt.datetime(2024, 11, 1, 23, 59))
    assert inv.due_follow_ups(dt.date(2024, 11, 7)) == []  # 6 days: not yet
    (due,) = inv.due_follow_ups(dt.date(2024, 11, 8))  # 7 days: due today
    assert (due.invitation_id, due.asked_on, due.due_on, due.days_overdue, due.name) == (
        iid, dt.date(2024, 11, 1), dt.date(2024, 11, 8), 0, "Jordan Blake"
    )
    assert inv.due_follow_ups(dt.date(2024, 11, 10))[0].days_overdue == 2
    assert inv.get_invitation(iid, today=dt.date(2024, 11, 7)).due is False
    assert inv.get_invitation(iid, today=dt.date(2024, 11, 8)).due is True


def test_the_follow_up_delay_is_a_setting(db) -> None:
    make("incoming", "asked", changed=dt.datetime(2024, 11, 1, 9, 0))
    settings.set_setting(settings.FOLLOW_UP_DAYS, 3)
    assert inv.due_follow_ups(dt.date(2024, 11, 3)) == []
    assert len(inv.due_follow_ups(dt.date(2024, 11, 4))) == 1


def test_only_unanswered_asks_are_due_and_most_overdue_come_first(db) -> None:
    old = make("incoming", "asked", name="Old Ask", url="", changed=dt.datetime(2024, 10, 1))
    recent = make("incoming", "asked", name="Recent Ask", url="", changed=dt.datetime(2024, 10, 20))
    make("incoming", "replied", name="Answered", url="", changed=dt.datetime(2024, 9, 1))
    make("incoming", "new", name="Never Asked", url="", changed=dt.datetime(2024, 9, 1))
    due = inv.due_follow_ups(dt.date(2024, 11, 1))
    assert [f.invitation_id for f in due] == [old, recent]
    assert [f.days_overdue for f in due] == [24, 5]


def test_inbox_counts(db) -> None:
    make("incoming", "new", url="")
    make("incoming", "new", url="")
    make("outgoing", "new", url="")
    make("incoming", "asked", url="", changed=dt.datetime(2024, 11, 1))
    make("incoming", "asked", url="", changed=dt.datetime(2024, 11, 9))
    counts = inv.inbox_counts(dt.date(2024, 11, 10))
    assert counts == (2, 1)
    assert (counts.new, counts.due) == (2, 1)


# ------------------------------------------------------------------------------------------------ inbox lists


def test_list_invitations_filters_and_search(db) -> None:
    clear = make("incoming", "new", name="Émile Zola", url="", message="Are you hiring writers?")
    unclear = make("incoming", "new", name="Ann Lee", url="", message="")
    asked = make("incoming", "asked", name="Bob Stone", url="", changed=dt.datetime(2024, 10, 1))
    sent = make("outgoing", "new", name="Cy Young", url="", message="Loved your talk")
    done = make("incoming", "accepted", name="Dee Park", url="")
    today = dt.date(2024, 11, 10)

    def ids(*args, **kwargs) -> set[int]:
        return {row.id for row in inv.list_invitations(*args, today=today, **kwargs)}

    assert ids() == {clear, unclear, asked, sent}
    assert ids("all") == {clear, unclear, asked, sent, done}
    assert ids("accepted") == {done}
    assert ids("due") == {asked}
    assert ids("unclear") == {unclear}
    assert ids("open", direction="outgoing") == {sent}
    assert ids("all", direction="incoming") == {clear, unclear, asked, done}
    assert ids("open", "emile") == {clear}  # accents and case ignored
    assert ids("open", "HIRING writers") == {clear}
    assert ids("open", "talk") == {sent}
    with pytest.raises(InvitationError):
        inv.list_invitations("bogus")
    with pytest.raises(InvitationError):
        inv.list_invitations(direction="up")


def test_list_rows_carry_what_the_inbox_shows(db) -> None:
    iid = make("incoming", "asked", message="", changed=dt.datetime(2024, 11, 1, 8, 0))
    (row,) = inv.list_invitations(today=dt.date(2024, 11, 10))
    assert row.id == iid
    assert row.unclear and row.due and row.days_waiting == 9
    assert row.allowed == ("asked", "replied", "declined", "ignored")
    assert row.display_name == "Jordan Blake"
    assert row.is_open and row.state_label == "Asked"
    assert inv.invitation_events(iid) == []


def test_lists_are_newest_first(db) -> None:
    older = inv.create_invitation("incoming", "Old", "", "", dt.datetime(2024, 1, 1))
    newer = inv.create_invitation("incoming", "New", "", "", dt.datetime(2024, 6, 1))
    assert [row.id for row in inv.list_invitations(today=dt.date(2024, 7, 1))] == [newer, older]


def test_invitations_from_the_linkedin_export_flow_through(db, linkedin_dir) -> None:
    from linkorganizer.formats import registry

    registry.import_file(linkedin_dir / "invitations_2024.csv")
    rows = {row.name: row for row in inv.list_invitations("all", today=dt.date(2025, 3, 1))}
    assert rows["Jordan Blake"].unclear  # "Hi Sam, I'd like to add you to my professional network."
    assert rows["Casey Nguyen"].unclear  # no message at all
    assert not rows["Morgan Lee"].unclear  # outgoing
    assert rows["Jordan Blake"].suggestion == "ask"
    result = inv.transition(rows["Jordan Blake"].id, "asked", at=dt.datetime(2025, 2, 20))
    assert result.to_state == "asked"
    assert inv.inbox_counts(dt.date(2025, 3, 1)).due == 1
