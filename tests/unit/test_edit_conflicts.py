"""Two people editing one contact: a save made on a value someone else has changed since is refused with both
values (EditConflict) and writes nothing; a save of another field, or of the value already stored, goes through.

Each test has two sessions on one network, as two windows (two computers on a server, two programs on a file)
would: the file opened twice, or the server's network connected to twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from linkorganizer.core import contacts as core
from linkorganizer.core.contacts import EditConflict
from linkorganizer.core.network import Network
from linkorganizer.core.records import Labeled
from linkorganizer.db import close_database, open_database
from linkorganizer.db.models import MODELS


@contextmanager
def as_session(network: Network, title: str) -> Iterator[None]:
    """One operation of *network*, with the core's functions working on its connection meanwhile."""
    with network.db.bind_ctx(MODELS, bind_refs=False, bind_backrefs=False):
        with network.op(title):
            yield


@pytest.fixture
def two(db, network_url: str) -> Iterator[tuple[Network, Network]]:
    """Mine (the session the core is bound to) and theirs (a connection of its own to the same network)."""
    mine = Network.bound()
    theirs = Network(network_url, open_database(network_url, bind=False))
    yield mine, theirs
    theirs.close()


@pytest.fixture
def ada(two) -> int:
    mine, _theirs = two
    with mine.op("New contact"):
        return core.create_contact({"first_name": "Ada", "last_name": "Lovelace", "position": "Analyst"})


def their_role(network: Network) -> str:
    """Who an operation of *network* is recorded as made by: its server role; nobody in particular on a file."""
    if not network.shared:
        return ""
    return str(network.db.execute_sql("SELECT current_user").fetchone()[0])


def test_a_stale_save_is_refused_with_both_values_and_writes_nothing(two, ada, content: Callable) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit position"):
        core.update_contact(ada, {"position": "Head of research"})
    before, last_op = content(), mine.last_op_id()
    with pytest.raises(EditConflict) as refused:
        with mine.op("Edit position"):
            core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"})
    conflict = refused.value
    assert (conflict.field, conflict.label) == ("position", "Position")
    assert (conflict.theirs, conflict.yours) == ("Head of research", "Engineer")
    assert conflict.contact_id == ada
    assert conflict.author == their_role(theirs)
    assert conflict.changed_at is not None
    assert abs(conflict.changed_at - dt.datetime.now(dt.UTC).replace(tzinfo=None)) < dt.timedelta(minutes=5)
    assert "changed Position" in str(conflict) and "Head of research" in str(conflict)
    # Nothing written, and no operation left behind to undo.
    assert content() == before
    assert mine.last_op_id() == last_op
    assert core.get_contact(ada).values["position"] == "Head of research"


def test_a_conflict_is_a_refused_value_the_window_says_in_words(two, ada) -> None:
    from linkorganizer.core.network import describe_failure

    mine, theirs = two
    with as_session(theirs, "Edit position"):
        core.update_contact(ada, {"position": "Head of research"})
    with pytest.raises(EditConflict) as refused:
        with mine.op("Edit position"):
            core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"})
    assert isinstance(refused.value, core.ValidationError)
    assert describe_failure(refused.value) == str(refused.value)


def test_the_value_already_stored_is_no_conflict(two, ada) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit position"):
        core.update_contact(ada, {"position": "Engineer"})
    last_op = mine.last_op_id()
    with mine.op("Edit position") as op:
        assert core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"}) == {}
    assert not op.changes
    assert mine.last_op_id() == last_op  # a change that wrote nothing leaves no step


def test_two_people_changing_different_fields_do_not_conflict(two, ada) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit company"):
        core.update_contact(ada, {"company": "Analytical Engines"})
    with mine.op("Edit position") as op:
        previous = core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"})
    assert previous == {"position": "Analyst"}
    assert op.changes.contact_rows == {ada}
    values = core.get_contact(ada).values
    assert (values["company"], values["position"]) == ("Analytical Engines", "Engineer")


def test_use_mine_saves_over_theirs_as_one_undoable_operation(two, ada) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit position"):
        core.update_contact(ada, {"position": "Head of research"})
    with pytest.raises(EditConflict) as refused:
        with mine.op("Edit position"):
            core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"})
    conflict = refused.value
    with mine.op("Edit position") as op:
        core.update_contact(ada, {conflict.field: conflict.yours}, expected={conflict.field: conflict.theirs})
    assert core.get_contact(ada).values["position"] == "Engineer"
    mine.undo(op.id)
    assert core.get_contact(ada).values["position"] == "Head of research"  # theirs again, not mine's old value


def test_the_name_composed_from_the_fields_follows_an_edit(two, ada) -> None:
    mine, _theirs = two
    with mine.op("Edit first name"):
        core.update_contact(ada, {"first_name": "Augusta"}, expected={"first_name": "Ada"})
    detail = core.get_contact(ada)
    assert detail.full_name == "Augusta Lovelace"


def test_a_dated_field_conflicts_and_compares_as_a_date(two, ada) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit connected on"):
        core.update_contact(ada, {"connected_on": "2024-03-05"})
    with pytest.raises(EditConflict) as refused:
        with mine.op("Edit connected on"):
            core.update_contact(ada, {"connected_on": "2025-01-02"}, expected={"connected_on": None})
    assert (refused.value.theirs, refused.value.yours) == (dt.date(2024, 3, 5), dt.date(2025, 1, 2))
    with mine.op("Edit connected on"):
        core.update_contact(ada, {"connected_on": "2025-01-02"}, expected={"connected_on": dt.date(2024, 3, 5)})
    assert core.get_contact(ada).values["connected_on"] == dt.date(2025, 1, 2)


def test_an_empty_field_shown_empty_is_no_conflict(two, ada) -> None:
    # The editor shows a missing profile URL (stored as no value) as an empty text.
    mine, _theirs = two
    with mine.op("Edit profile URL"):
        core.update_contact(
            ada, {"profile_url": "https://www.linkedin.com/in/ada"}, expected={"profile_url": ""}
        )
    assert core.get_contact(ada).values["profile_url"] == "https://www.linkedin.com/in/ada"


def test_the_last_change_of_the_field_is_named_not_a_later_one_of_another(two, ada) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit position"):
        core.update_contact(ada, {"position": "Head of research"})
    changed = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with mine.op("Edit company"):
        core.update_contact(ada, {"company": "Analytical Engines"})
    mine.db.execute_sql("UPDATE op SET created_at = '2026-01-02 03:04:05.000000' WHERE title = 'Edit company'")
    author, when = core.last_change(ada, "position")
    assert author == their_role(theirs)
    assert when is not None and abs(when - changed) < dt.timedelta(minutes=5)
    assert core.last_change(ada, "company")[1] == dt.datetime(2026, 1, 2, 3, 4, 5)


def test_who_changed_it_is_unknown_when_the_log_does_not_say(two, ada) -> None:
    mine, _theirs = two
    # Written outside an operation (another program, a migration): nothing in the log.
    mine.db.execute_sql("UPDATE contact SET position = 'Countess' WHERE id = ?", (ada,))
    with pytest.raises(EditConflict) as refused:
        with mine.op("Edit position"):
            core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"})
    assert refused.value.theirs == "Countess"


def test_a_stale_list_of_e_mails_is_refused_and_writes_nothing(two, ada, content: Callable) -> None:
    mine, theirs = two
    with as_session(theirs, "Edit e-mails"):
        core.set_contact_fields(ada, "email", [Labeled("ada@engines.example", "work")])
    before, last_op = content(), mine.last_op_id()
    with pytest.raises(EditConflict) as refused:
        with mine.op("Edit e-mails"):
            core.set_contact_fields(ada, "email", [Labeled("ada@home.example", "home")], expected=[])
    conflict = refused.value
    assert (conflict.field, conflict.label) == ("emails", "E-mails")
    assert conflict.theirs == [Labeled("ada@engines.example", "work")]
    assert conflict.yours == [Labeled("ada@home.example", "home")]
    assert conflict.author == their_role(theirs) and conflict.changed_at is not None
    assert content() == before and mine.last_op_id() == last_op
    # The list they saved is no conflict; neither is saving over it knowingly.
    with mine.op("Edit e-mails"):
        core.set_contact_fields(ada, "email", [Labeled("ada@engines.example", "work")], expected=[])
    with mine.op("Edit e-mails"):
        core.set_contact_fields(
            ada, "email", [Labeled("ada@home.example", "home")], expected=[Labeled("ada@engines.example", "work")]
        )
    assert core.get_contact(ada).emails == [Labeled("ada@home.example", "home")]


def test_the_server_names_the_role_that_changed_it(pg_server, pg_network_url: str) -> None:
    open_database(pg_network_url)
    mine = Network.bound()
    try:
        with mine.op("New contact"):
            ada = core.create_contact({"first_name": "Ada", "position": "Analyst"})
        bob_url = pg_server.role_url(pg_network_url.rsplit("/", 1)[1], "lo_bob")
        bob = Network(bob_url, open_database(bob_url, bind=False))
        try:
            with as_session(bob, "Edit position"):
                core.update_contact(ada, {"position": "Head of research"})
        finally:
            bob.close()
        with pytest.raises(EditConflict) as refused:
            with mine.op("Edit position"):
                core.update_contact(ada, {"position": "Engineer"}, expected={"position": "Analyst"})
        assert refused.value.author == "lo_bob"
        assert str(refused.value).startswith("lo_bob changed Position (")
    finally:
        close_database()
