"""core.interactions: kinds, logging (undone and redone exactly by the network), the per-contact summary (balance, cadence counted from the
last real interaction), the Due list (order, boundaries, a fixed number of queries) and the merged history."""

from __future__ import annotations

import datetime as dt

import pytest
from peewee import chunked

from linkorganizer.core import contacts, introductions, invitations
from linkorganizer.core import interactions as ia
from linkorganizer.core.interactions import InteractionError
from linkorganizer.db import current_database
from linkorganizer.db.models import Contact, Interaction, Invitation
from tests.unit.conftest import statements

TODAY = dt.date(2024, 11, 20)


def person(name: str = "Ada", cadence: int | None = None, connected: str | None = None, **values) -> int:
    data = {"first_name": name, "last_name": "Quill", "cadence_days": cadence, "connected_on": connected, **values}
    return contacts.create_contact(data)


def added_on(contact_id: int, day: dt.date) -> None:
    Contact.update(created_at=dt.datetime.combine(day, dt.time(12))).where(Contact.id == contact_id).execute()


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour))


# ------------------------------------------------------------------------------------------------------ kinds


def test_kinds_labels_and_flows() -> None:
    assert ia.KIND_KEYS[:8] == (
        "call", "meeting", "message", "help_given", "help_received", "referral_given", "referral_received",
        "recommendation",
    )
    assert ia.GIVE_KINDS == ("help_given", "referral_given", "recommendation", "endorsement")
    assert ia.RECEIVE_KINDS == ("help_received", "referral_received", "recommendation_received", "endorsement_received")
    assert ia.kind_label("help_given") == "Help given"
    assert ia.kind_flow("call") == "neutral"
    assert ia.kind_label("linkedin_endorsement") == "Linkedin endorsement"  # unknown kinds from an import
    assert ia.kind_flow("linkedin_endorsement") == "neutral"


# ------------------------------------------------------------------------------------------------- logging


def test_log_interaction(db) -> None:
    cid = person()
    iid = ia.log_interaction(cid, "help_given", at(TODAY, 9), "Reviewed her CV")
    row = ia.get_interaction(iid)
    assert (row.contact_id, row.contact_name, row.kind, row.label, row.flow, row.occurred_at, row.note) == (
        cid, "Ada Quill", "help_given", "Help given", "give", at(TODAY, 9), "Reviewed her CV"
    )


def test_a_date_means_that_day(db) -> None:
    iid = ia.log_interaction(person(), "meeting", TODAY)
    assert Interaction.get_by_id(iid).occurred_at == dt.datetime(2024, 11, 20, 0, 0)


@pytest.mark.parametrize(
    ("args", "match"),
    [
        ((999, "call", TODAY), "contact no longer exists"),
        (("ME", "gossip", TODAY), "not a kind of interaction"),
        (("ME", "call", None), "needs a date"),
        (("ME", "call", TODAY, "x" * 20_001), "at most"),
    ],
)
def test_log_refuses_what_cannot_be_stored(db, args, match) -> None:
    cid = person()
    args = tuple(cid if a == "ME" else a for a in args)
    with pytest.raises(InteractionError, match=match):
        ia.log_interaction(*args)
    assert Interaction.select().count() == 0


def test_logging_is_undone_and_redone_exactly(db, undo_redo) -> None:
    cid = person()
    iid = undo_redo("Log", lambda: ia.log_interaction(cid, "referral_received", at(TODAY), "Sent me a client"))
    assert ia.get_interaction(iid).note == "Sent me a client"  # the redo: same id, same stored values


def test_deleting_is_undone_exactly(db, undo_redo) -> None:
    cid = person()
    iid = ia.log_interaction(cid, "help_given", at(TODAY), "Reviewed her CV")
    undo_redo("Delete", lambda: ia.delete_interaction(iid))
    assert ia.list_interactions(cid) == []
    with pytest.raises(InteractionError):
        ia.delete_interaction(12345)


def test_update_and_its_undo(db, network, content, undo_redo) -> None:
    iid = ia.log_interaction(person(), "call", at(TODAY), "short")
    undo_redo("Edit", lambda: ia.update_interaction(iid, kind="meeting", note="long lunch", occurred_at=at(TODAY, 13)))
    row = ia.get_interaction(iid)
    assert (row.kind, row.note, row.occurred_at) == ("meeting", "long lunch", at(TODAY, 13))
    before = content()
    with network.op("Edit to the same values") as op:
        ia.update_interaction(iid, note="long lunch", occurred_at=at(TODAY, 13))
    assert not op.changes and content() == before
    with pytest.raises(InteractionError):
        ia.update_interaction(iid, kind="gossip")
    with pytest.raises(InteractionError, match="no longer exists"):
        ia.update_interaction(12345, note="x")


def test_list_interactions_per_contact_and_for_the_log(db) -> None:
    ada = person("Ada")
    bob = person("Bob")
    gone = person("Gone")
    a1 = ia.log_interaction(ada, "call", at(TODAY, 8), "Budget talk")
    b1 = ia.log_interaction(bob, "help_given", at(TODAY, 9), "Intro to a recruiter")
    a2 = ia.log_interaction(ada, "message", at(TODAY, 10), "Thanks 100%")
    ia.log_interaction(gone, "call", at(TODAY, 11))
    contacts.trash_contacts([gone])
    assert [r.id for r in ia.list_interactions(ada)] == [a2, a1]
    assert [r.id for r in ia.list_interactions()] == [a2, b1, a1]  # the log: newest first, no trash
    assert [r.id for r in ia.list_interactions(kind="help_given")] == [b1]
    assert [r.id for r in ia.list_interactions(search="bob")] == [b1]  # the contact's name
    assert [r.id for r in ia.list_interactions(search="BUDGET")] == [a1]
    assert [r.id for r in ia.list_interactions(search="100%")] == [a2]  # LIKE wildcards are literal
    assert [r.id for r in ia.list_interactions(limit=1, offset=1)] == [b1]


# ------------------------------------------------------------------------------------------ summary, cadence


def test_balance_counts_given_and_received(db) -> None:
    cid = person()
    for kind in ("help_given", "referral_given", "recommendation", "help_received", "call", "message"):
        ia.log_interaction(cid, kind, at(TODAY - dt.timedelta(days=3)))
    summary = ia.contact_summary(cid, TODAY)
    assert (summary.given, summary.received, summary.balance) == (3, 1, 2)


def test_cadence_counts_from_the_last_interaction_and_logging_resets_it(db) -> None:
    cid = person(cadence=30, connected="2024-01-10")
    ia.log_interaction(cid, "call", at(dt.date(2024, 9, 1)))
    last = ia.log_interaction(cid, "message", at(dt.date(2024, 10, 1), 18), "Quick hello")
    summary = ia.contact_summary(cid, TODAY)
    assert summary.last_interaction is not None and summary.last_interaction.id == last
    assert (summary.last_touch, summary.last_touch_source) == (dt.date(2024, 10, 1), "interaction")
    assert summary.next_due == dt.date(2024, 10, 31)
    assert summary.days_overdue == 20 and summary.is_due
    # Logging anything — even a message — resets the clock.
    ia.log_interaction(cid, "message", at(TODAY, 7))
    summary = ia.contact_summary(cid, TODAY)
    assert (summary.next_due, summary.days_overdue, summary.is_due) == (dt.date(2024, 12, 20), -30, False)


def test_cadence_falls_back_to_connected_on_then_to_created_at(db) -> None:
    connected = person(cadence=10, connected="2024-11-01")
    summary = ia.contact_summary(connected, TODAY)
    assert (summary.last_interaction, summary.last_touch, summary.last_touch_source) == (
        None, dt.date(2024, 11, 1), "connected"
    )
    assert summary.days_overdue == 9
    added = person(cadence=10)
    added_on(added, dt.date(2024, 11, 15))
    summary = ia.contact_summary(added, TODAY)
    assert (summary.last_touch, summary.last_touch_source, summary.days_overdue) == (dt.date(2024, 11, 15), "added", -5)


def test_connecting_after_the_last_interaction_counts_as_the_last_touch(db) -> None:
    cid = person(cadence=10, connected="2024-11-10")
    ia.log_interaction(cid, "message", at(dt.date(2024, 11, 1)))
    summary = ia.contact_summary(cid, TODAY)
    assert (summary.last_touch, summary.last_touch_source) == (dt.date(2024, 11, 10), "connected")


def test_future_interactions_do_not_count_yet(db) -> None:
    cid = person(cadence=7, connected="2024-11-01")
    ia.log_interaction(cid, "meeting", at(TODAY + dt.timedelta(days=5)), "planned lunch")
    summary = ia.contact_summary(cid, TODAY)
    assert summary.last_interaction is None
    assert summary.last_touch == dt.date(2024, 11, 1)
    assert summary.days_overdue == 12


def test_no_cadence_means_never_due(db) -> None:
    summary = ia.contact_summary(person(), TODAY)
    assert (summary.cadence_days, summary.next_due, summary.days_overdue, summary.is_due) == (None, None, None, False)
    with pytest.raises(InteractionError):
        ia.contact_summary(999, TODAY)


# --------------------------------------------------------------------------------------------------- due list


def test_due_list_boundary(db) -> None:
    cid = person(cadence=10)
    ia.log_interaction(cid, "call", at(dt.date(2024, 11, 10), 23))
    assert ia.due_list(dt.date(2024, 11, 19)) == []  # 9 days
    (item,) = ia.due_list(dt.date(2024, 11, 20))  # 10 days: due today
    assert (item.kind, item.contact_id, item.name, item.due_on, item.days_overdue) == (
        "keep_in_touch", cid, "Ada Quill", dt.date(2024, 11, 20), 0
    )
    assert (item.last_touch, item.cadence_days) == (dt.date(2024, 11, 10), 10)


def test_due_list_merges_contacts_and_follow_ups_most_overdue_first(db) -> None:
    a = person("Amy", cadence=7, connected="2024-11-01")  # due 11-08: 12 days overdue
    b = person("Ben", cadence=30, connected="2024-10-01")  # due 10-31: 20 days overdue
    c = person("Cal", cadence=14, connected="2024-11-06")  # due 11-20: 0 days
    person("Dan", cadence=60, connected="2024-11-01")  # not due
    person("Eve", connected="2020-01-01")  # no cadence: never due
    trashed = person("Fay", cadence=1, connected="2020-01-01")
    contacts.trash_contacts([trashed])
    ask = invitations.create_invitation("incoming", "Gil Ask", "", "", dt.datetime(2024, 10, 20))
    asked_at = dt.datetime(2024, 10, 28, 9)
    Invitation.update(state="asked", state_changed_at=asked_at).where(Invitation.id == ask).execute()
    # asked 10-28, follow-up delay 7: due 11-04, 16 days overdue

    items = ia.due_list(TODAY)
    assert [(i.kind, i.contact_id or i.invitation_id, i.days_overdue) for i in items] == [
        ("keep_in_touch", b, 20),
        ("follow_up", ask, 16),
        ("keep_in_touch", a, 12),
        ("keep_in_touch", c, 0),
    ]
    follow = items[1]
    assert (follow.name, follow.invitation_id, follow.due_on, follow.last_touch) == (
        "Gil Ask", ask, dt.date(2024, 11, 4), dt.date(2024, 10, 28)
    )


def test_logging_an_interaction_takes_a_contact_off_the_due_list(db, network) -> None:
    cid = person(cadence=7, connected="2024-10-01")
    assert [i.contact_id for i in ia.due_list(TODAY)] == [cid]
    with network.op("Log") as op:
        ia.log_interaction(cid, "message", at(TODAY, 8))
    assert ia.due_list(TODAY) == []
    network.undo(op.id)  # undo puts it back
    assert [i.contact_id for i in ia.due_list(TODAY)] == [cid]


def test_ties_are_ordered_by_name(db) -> None:
    person("zed", cadence=5, connected="2024-11-01")
    person("Abe", cadence=5, connected="2024-11-01")
    assert [i.name for i in ia.due_list(TODAY)] == ["Abe Quill", "zed Quill"]


def _count_statements(fn) -> int:
    with statements(current_database()) as seen:
        fn()
    return len([s for s in seen if s.lstrip().upper().startswith(("SELECT", "WITH"))])


def test_due_list_costs_a_fixed_number_of_queries(db) -> None:
    def add_many(n: int, start: int) -> None:
        rows = [
            {"first_name": f"P{i}", "full_name": f"P{i}", "cadence_days": 7, "connected_on": dt.date(2024, 1, 1)}
            for i in range(start, start + n)
        ]
        with db.atomic():
            for batch in chunked(rows, 500):
                Contact.insert_many(batch).execute()
        db.execute_sql(
            "INSERT INTO interaction (contact_id, kind, occurred_at, note, created_at)"
            " SELECT id, 'call', '2024-06-01 10:00:00', '', '2024-06-01' FROM contact WHERE full_name LIKE 'P%'"
            " AND id NOT IN (SELECT contact_id FROM interaction)"
        )

    add_many(10, 0)
    small = _count_statements(lambda: ia.due_list(TODAY))
    add_many(3000, 10)
    items: list[ia.DueItem] = []
    large = _count_statements(lambda: items.extend(ia.due_list(TODAY)))
    assert small == large <= 3
    assert len(items) == 3010
    assert {i.last_touch for i in items} == {dt.date(2024, 6, 1)}


# ---------------------------------------------------------------------------------------------------- history


def test_history_merges_everything_newest_first(db) -> None:
    # An invitation asked, replied and accepted; then a call held (which logged itself); then a favour.
    iid = invitations.create_invitation(
        "incoming", "Jordan Blake", "https://www.linkedin.com/in/jb", "I'd like to connect", dt.datetime(2024, 10, 1, 9)
    )
    invitations.transition(iid, "asked", at=dt.datetime(2024, 10, 2, 9))
    invitations.transition(iid, "replied", reply="Hiring data engineers", note="via DM", at=dt.datetime(2024, 10, 4, 9))
    accepted = invitations.transition(iid, "accepted", at=dt.datetime(2024, 10, 5, 9))
    cid = accepted.contact_id
    assert cid is not None
    call = introductions.schedule_call(cid, dt.datetime(2024, 10, 8, 15), agenda="Intro")
    record = introductions.record_call(
        call, "Great call", "Candidates", "Referrals", "keep_in_touch", dt.datetime(2024, 10, 8, 15)
    )
    planned = introductions.schedule_call(cid, dt.datetime(2024, 12, 1, 10), 45, agenda="Follow-up")
    favour = ia.log_interaction(cid, "help_given", dt.datetime(2024, 10, 20, 12), "Shared a CV")

    entries = ia.history(cid)
    assert [(e.source, e.kind) for e in entries] == [
        ("introduction", "scheduled"),
        ("interaction", "help_given"),
        ("introduction", "held"),
        ("invitation_event", "accepted"),
        ("invitation_event", "replied"),
        ("invitation_event", "asked"),
        ("invitation", "incoming"),
    ]
    scheduled, given, held, accept, replied, asked, received = entries
    assert (scheduled.introduction_id, scheduled.at) == (planned, dt.datetime(2024, 12, 1, 10))
    assert scheduled.text == "Follow-up"
    assert "45 min" in scheduled.title
    assert (given.interaction_id, given.flow, given.title, given.text) == (favour, "give", "Help given", "Shared a CV")
    # The held call and the interaction it logged are one entry.
    assert (held.introduction_id, held.interaction_id) == (call, record.interaction_id)
    assert held.title == "Introduction call — keep in touch"
    assert held.text == "Great call\nThey need: Candidates\nI can offer: Referrals"
    assert held.extra["outcome"] == "keep_in_touch"
    assert (accept.title, accept.event_id) == ("Invitation accepted", accepted.event_id)
    assert replied.text == "Hiring data engineers\nvia DM"  # their reasons, kept in the history
    assert asked.title == "Asked “How may I help you?”"
    assert (received.title, received.text, received.at) == (
        "Invitation received", "I'd like to connect", dt.datetime(2024, 10, 1, 9)
    )


def test_history_of_a_contact_with_nothing_yet(db) -> None:
    assert ia.history(person()) == []


def test_an_unlinked_call_interaction_shows_on_its_own(db) -> None:
    cid = person()
    iid = ia.log_interaction(cid, "call", at(TODAY), "Phoned")
    (entry,) = ia.history(cid)
    assert (entry.source, entry.kind, entry.interaction_id, entry.text) == ("interaction", "call", iid, "Phoned")


def test_count_due_is_the_length_of_the_due_list(db) -> None:
    person("Amy", cadence=7, connected="2024-11-01")
    ben = person("Ben", cadence=30, connected="2024-10-01")
    person("Dan", cadence=60, connected="2024-11-01")  # not due
    person("Eve", connected="2020-01-01")  # no cadence
    trashed = person("Fay", cadence=1, connected="2020-01-01")
    contacts.trash_contacts([trashed])
    ask = invitations.create_invitation("incoming", "Gil Ask", "", "", dt.datetime(2024, 10, 20))
    Invitation.update(state="asked", state_changed_at=dt.datetime(2024, 10, 28, 9)).where(Invitation.id == ask).execute()
    assert ia.count_due(TODAY) == len(ia.due_list(TODAY)) == 3
    ia.log_interaction(ben, "call", at(dt.date(2024, 11, 19), 10))  # in touch yesterday: no longer due
    assert ia.count_due(TODAY) == len(ia.due_list(TODAY)) == 2
