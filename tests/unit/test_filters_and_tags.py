"""core: the contact table's filters (one SQL statement), saved views, bulk edits, deleting for good, tag
management — and that the database's log undoes every one of them."""

from __future__ import annotations

import datetime as dt

import pytest

from linkorganizer.core import contacts, saved_views, settings
from linkorganizer.core import tags as tags_core
from linkorganizer.core.contacts import CONTACT_FILTERS, ContactQuery, ValidationError, query_contact_ids
from linkorganizer.core.interactions import due_contacts, log_interaction
from linkorganizer.core.network import Network
from linkorganizer.core.records import Labeled
from linkorganizer.db.models import Contact, GoalGroup, Membership

TODAY = dt.date(2026, 6, 15)


def ids(**kwargs) -> list[int]:
    return query_contact_ids(ContactQuery(**kwargs), today=TODAY)


@pytest.fixture
def people(db):
    ada = contacts.create_contact(
        {"first_name": "Ada", "company": "Northwind Ltd", "stage": "introduced", "source": "linkedin",
         "connected_on": "2024-03-01", "notes": "Met at a meetup", "cadence_days": 30},
        tags=["fintech"],
    )
    bo = contacts.create_contact(
        {"first_name": "Bo", "company": "Contoso", "stage": "connected", "source": "manual", "connected_on": "2025-11-20"},
        tags=["fintech", "recruiter"],
    )
    cy = contacts.create_contact({"first_name": "Cy", "company": "100%_Pure", "notes": "   "})
    group = GoalGroup.create(name="Fundraise", position=0)
    Membership.create(contact=bo, group=group)
    log_interaction(bo, "call", dt.datetime(2026, 6, 10, 9, 0))
    log_interaction(ada, "call", dt.datetime(2026, 1, 5, 9, 0))
    return {"ada": ada, "bo": bo, "cy": cy, "group": group.id}


def test_every_filter_narrows_in_sql(people) -> None:
    p = people
    assert ids(stage="introduced") == [p["ada"]]
    assert ids(tag="FINTECH") == [p["ada"], p["bo"]]
    assert ids(group_id=p["group"]) == [p["bo"]]
    assert ids(source="manual") == [p["bo"], p["cy"]]
    assert ids(company="north") == [p["ada"]]
    assert ids(company="0%_") == [p["cy"]]  # LIKE's wildcards are taken literally
    assert ids(connected=("2025-01-01", "")) == [p["bo"]]
    assert ids(connected=("", "2024-12-31")) == [p["ada"]]
    assert ids(connected=("2024-01-01", "2025-12-31")) == [p["ada"], p["bo"]]
    assert ids(last_interaction="week") == [p["bo"]]
    assert ids(last_interaction="not_quarter") == [p["ada"], p["cy"]]
    assert ids(last_interaction="never") == [p["cy"]]
    assert ids(has_notes=True) == [p["ada"]]
    # Combined with each other and with the search text.
    assert ids(tag="fintech", stage="connected") == [p["bo"]]
    assert ids(text="contoso", tag="recruiter") == [p["bo"]]
    assert ids(text="contoso", stage="introduced") == []


def test_every_choice_filter_offers_what_the_network_holds(people) -> None:
    options = {kind.key: kind.options() for kind in CONTACT_FILTERS if kind.options}
    assert options["source"] == [("linkedin", "LinkedIn"), ("manual", "Added by hand")]
    assert [name for _gid, name in options["group_id"]] == ["Fundraise"]
    assert [tag for tag, _label in options["tag"]] == ["fintech", "recruiter"]


def test_the_due_filter_agrees_with_the_due_list(people) -> None:
    # Ada: a 30-day cadence, last in touch on 5 January.
    assert ids(due=True) == [people["ada"]]
    assert [item.contact_id for item in due_contacts(TODAY)] == [people["ada"]]
    assert query_contact_ids(ContactQuery(due=True), today=dt.date(2026, 1, 20)) == []


def test_each_filter_kind_names_a_field_of_the_query() -> None:
    for kind in CONTACT_FILTERS:
        assert hasattr(ContactQuery(), kind.key), kind.key
        assert kind.editor in ("choice", "text", "date_range", "flag")
        assert kind.editor != "choice" or kind.options is not None


def test_saved_views_round_trip_through_the_settings(people) -> None:
    query = ContactQuery(text="north", tag="fintech", connected=("2024-01-01", ""), due=True, group_id=people["group"])
    settings.set_setting(settings.SAVED_VIEWS, saved_views.with_view("  Hot   leads ", query))
    (view,) = saved_views.saved_views()
    assert view.name == "Hot leads"
    assert view.query == query
    # Saving under the same name (whatever its case) replaces the view in its place.
    settings.set_setting(settings.SAVED_VIEWS, saved_views.with_view("hot leads", ContactQuery(stage="connected")))
    assert [(v.name, v.query) for v in saved_views.saved_views()] == [("hot leads", ContactQuery(stage="connected"))]
    settings.set_setting(settings.SAVED_VIEWS, saved_views.without_view("HOT LEADS"))
    assert saved_views.saved_views() == []
    with pytest.raises(ValidationError):
        saved_views.with_view("   ", query)


def test_a_hand_edited_view_reads_without_its_unusable_parts(db) -> None:
    settings.set_setting(
        settings.SAVED_VIEWS,
        [{"name": "Odd", "query": {"stage": 3, "due": "yes", "connected": ["2024"], "unknown": 1, "tag": "x"}}],
    )
    assert saved_views.saved_views()[0].query == ContactQuery(tag="x")
    with pytest.raises(settings.SettingError):
        settings.set_setting(settings.SAVED_VIEWS, {"name": "not a list"})


def test_bulk_stage_and_cadence_are_one_undoable_operation(people) -> None:
    network = Network.bound()
    everyone = [people["ada"], people["bo"], people["cy"]]
    with network.op("Set stage") as op:
        changed = contacts.set_many(everyone, "stage", "keep_in_touch")
    assert sorted(changed) == sorted(everyone)
    assert op.changes.contact_rows == set(everyone)
    with network.op("Set cadence") as op2:
        assert contacts.set_many(everyone, "cadence_days", 30) == [people["bo"], people["cy"]]
    network.undo(op2.id)
    network.undo(op.id)
    assert [c.stage for c in Contact.select().order_by(Contact.id)] == ["introduced", "connected", "connected"]
    assert [c.cadence_days for c in Contact.select().order_by(Contact.id)] == [30, None, None]
    with pytest.raises(ValidationError):
        contacts.set_many(everyone, "stage", "best friend")
    with pytest.raises(ValidationError):
        contacts.set_many(everyone, "notes", "x")


def test_delete_forever_and_empty_trash_come_back_with_undo(people) -> None:
    network = Network.bound()
    contacts.set_contact_fields(people["bo"], "email", [Labeled("bo@contoso.com", "work")])
    contacts.trash_contacts([people["bo"], people["cy"]])
    with network.op("Delete Bo forever") as op:
        # Only what is in the trash can be deleted for good.
        assert contacts.delete_trashed_contacts([people["ada"], people["bo"]]) == [people["bo"]]
    assert contacts.get_contact(people["bo"]) is None
    network.undo(op.id)
    bo = contacts.get_contact(people["bo"])
    assert bo is not None and bo.tags == ["fintech", "recruiter"] and bo.groups == ["Fundraise"]
    assert [e.value for e in bo.emails] == ["bo@contoso.com"]
    assert query_contact_ids(ContactQuery(text="contoso", trash=True)) == [people["bo"]]
    with network.op("Empty the trash") as op:
        assert contacts.empty_trash() == 2
    assert contacts.count_contacts(trash=True) == 0
    network.undo(op.id)
    assert contacts.count_contacts(trash=True) == 2


def test_tag_counts_rename_merge_delete(people) -> None:
    network = Network.bound()
    contacts.add_tag([people["cy"]], "Recruiting")
    contacts.trash_contacts([people["cy"]])
    assert [(t.name, t.contacts) for t in tags_core.tag_counts()] == [("fintech", 2), ("recruiter", 1), ("Recruiting", 0)]
    with network.op("Rename") as rename:
        tags_core.rename_tag("fintech", "Fintech")
    assert contacts.contact_tags([people["ada"]])[people["ada"]] == ["Fintech"]
    with pytest.raises(ValidationError, match="merge"):
        tags_core.rename_tag("recruiter", "recruiting")
    with network.op("Merge") as merge:
        assert tags_core.merge_tags(["recruiter", "Recruiting"], "talent") == 2
    assert [(t.name, t.contacts) for t in tags_core.tag_counts()] == [("Fintech", 2), ("talent", 1)]
    with network.op("Delete") as delete:
        assert tags_core.delete_tags(["Fintech"]) == 2
    assert contacts.all_tags() == ["talent"]
    for op in (delete, merge, rename):
        network.undo(op.id)
    assert contacts.all_tags() == ["fintech", "recruiter", "Recruiting"]
    assert contacts.contact_tags([people["bo"]])[people["bo"]] == ["fintech", "recruiter"]
