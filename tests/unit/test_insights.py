"""The Insights measures on a small network whose answers are known, person by person."""

from __future__ import annotations

import datetime as dt

from linkorganizer.core import contacts, groups, insights, interactions, introductions, invitations
from linkorganizer.db.models import GroupSlot

TODAY = dt.date(2026, 12, 1)


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day + " 10:00")


def test_every_measure_on_a_network_with_known_answers(db) -> None:
    a = contacts.create_contact({"first_name": "Ada", "notes": "met at a meetup", "connected_on": dt.date(2024, 1, 5)})
    b = contacts.create_contact({"first_name": "Bo", "connected_on": dt.date(2024, 1, 20)})  # clutter
    c = contacts.create_contact({"first_name": "Cy", "connected_on": dt.date(2025, 3, 1), "cadence_days": 30})
    d = contacts.create_contact({"first_name": "Di", "connected_on": dt.date(2024, 1, 10), "cadence_days": 7})
    e = contacts.create_contact({"first_name": "Ed"})
    contacts.trash_contacts([e])
    interactions.log_interaction(a, "help_given", at("2026-11-20"))  # active
    interactions.log_interaction(c, "call", at("2026-01-01"))  # long ago: neither active nor clutter; overdue
    interactions.log_interaction(d, "help_received", at("2026-11-30"))  # active, on time
    interactions.log_interaction(e, "help_given", at("2026-11-30"))  # in the trash: counts nowhere
    goal = groups.create_group("Fintech", slots=[("Recruiter", 2), ("Hiring manager", 1)])
    recruiter = GroupSlot.get((GroupSlot.group == goal) & (GroupSlot.role == "Recruiter")).id
    groups.place([a], goal, recruiter)
    groups.place([d], goal)
    call = introductions.schedule_call(d, at("2026-11-30"))
    introductions.record_call(call, held_at=at("2026-11-30"))
    invitations.create_invitation("incoming", "Gil Rao", message="Hi")  # open, says nothing
    hired = invitations.create_invitation(
        "incoming", "Hana Ito", message="I lead hiring for product managers at Acme and would like to talk about a role"
    )
    invitations.transition(hired, "accepted", at=at("2026-11-25"))
    asked = invitations.create_invitation("incoming", "Ivo Berg", message="Hello")
    invitations.transition(asked, "asked", at=at("2026-11-26"))
    invitations.transition(asked, "declined", at=at("2026-11-28"))

    got = insights.compute(TODAY)

    # Accepting Hana's invitation made her a contact: connected, but nothing else yet (clutter, for now).
    assert (got.contacts, got.active, got.clutter) == (5, 2, 2)
    assert (got.given, got.received) == (1, 1)
    assert (got.invitations_received, got.accepted, got.declined, got.open, got.asked) == (3, 1, 1, 1, 1)
    assert got.unclear == 2 and round(got.unclear_share, 2) == 0.67  # "Hi" and "Hello" say nothing clear
    assert got.calls_per_week[-1] == (dt.date(2026, 11, 30), 1) and len(got.calls_per_week) == 8
    [fintech] = got.goals
    assert (fintech.name, fintech.needed, fintech.members, fintech.given, fintech.received) == ("Fintech", 3, 2, 1, 1)
    assert fintech.filled == 1  # Ada in one of the two recruiter places; Di placed without a role
    assert (got.on_time, got.due_today, got.overdue) == (1, 0, 1)
    assert got.growth == [("2024-01", 2, 1), ("2025-03", 0, 0), ("2026-11", 0, 1)]
    # The contact table's Active and Clutter filters select exactly the people counted.
    assert sorted(contacts.query_contact_ids(contacts.ContactQuery(active=True), today=TODAY)) == sorted([a, d])
    assert len(contacts.query_contact_ids(contacts.ContactQuery(clutter=True), today=TODAY)) == got.clutter
    assert b in contacts.query_contact_ids(contacts.ContactQuery(clutter=True), today=TODAY)
    assert got.connected_per_month == {"2024-01": 3, "2025-03": 1, "2026-11": 1}
    data = got.as_json()
    assert data["active"] == 2 and data["explanations"]["clutter"].startswith("People with no notes")
