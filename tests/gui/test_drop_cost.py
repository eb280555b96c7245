"""What one drop on the board costs the database: a fixed number of statements, none of them run twice.

A drop is the board's everyday gesture; it used to read the same cards again once per signal it caused.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from linkorganizer.ui import mime
from tests.gui.test_board_view import board, box_ids, card, deliver_drop, net, shown  # noqa: F401 - the fixtures


@contextmanager
def statements(window) -> Iterator[list[str]]:
    """Statements the window's connection runs (SQLite repeats a statement's text once per trigger it fires)."""
    seen: list[str] = []
    connection = window.network.db.connection()
    connection.set_trace_callback(lambda sql: seen[-1:] == [sql] or seen.append(sql))
    try:
        yield seen
    finally:
        connection.set_trace_callback(None)


def drop_cost(window, net) -> list[str]:
    with statements(window) as seen:
        done = deliver_drop(card(window, net.coaching), mime.encode_contacts([net.dee]))
    assert done.dropped
    return seen


def test_a_drop_costs_a_fixed_number_of_statements_and_repeats_none(qtbot, window, shown):
    net = shown
    seen = drop_cost(window, net)
    # What the views read once the drop is in: each card, the box, the counts — each once.
    commit = max(i for i, sql in enumerate(seen) if sql.strip().upper() == "COMMIT")
    reads = [sql for sql in seen[commit:] if sql.lstrip().upper().startswith("SELECT")]
    repeated = {sql: n for sql, n in Counter(reads).items() if n > 1}
    assert not repeated, f"read more than once after one drop: {list(repeated)}"
    assert len(seen) <= 40, seen
    # Undo is a few statements per logged table (is it blocked, restore, what changed), whatever the board holds.
    with statements(window) as undo:
        window.actions.undo.trigger()
    assert len(undo) <= 100, undo
    assert net.dee not in {chip.contact_id for chip in card(window, net.coaching).data.members}


def box_reads(seen: list[str]) -> list[str]:
    """The statements that read the box (the contacts in no group)."""
    return [sql for sql in seen if "NOT EXISTS (SELECT 1 FROM membership m WHERE m.contact_id = c.id)" in sql]


def test_a_piece_moved_between_goals_leaves_the_box_unread_and_one_from_the_box_reads_it(qtbot, window, shown):
    net = shown
    view = board(window)
    in_box = box_ids(window)
    # Ada moves from fintech to coaching: she was on the board and still is, so the box is as it was.
    with statements(window) as seen:
        done = deliver_drop(card(window, net.coaching), mime.encode_contacts([net.ada], net.fintech))
    assert done.dropped and net.ada in {chip.contact_id for chip in card(window, net.coaching).data.members}
    assert box_reads(seen) == []
    assert box_ids(window) == in_box and view.summary.text() == "2 goals · 3 placed · 3 in the box"

    # Dee comes from the box: the box is read again, and no longer lists her.
    with statements(window) as seen:
        assert deliver_drop(card(window, net.coaching), mime.encode_contacts([net.dee])).dropped
    assert box_reads(seen) and net.dee not in box_ids(window)
    assert view.summary.text() == "2 goals · 4 placed · 2 in the box"

    # Taking Cy out of his only goal puts him back in the box.
    with statements(window) as seen:
        assert view.remove_chips(net.coaching, [net.cy])
    assert box_reads(seen) and net.cy in box_ids(window)
    assert view.summary.text() == "2 goals · 3 placed · 3 in the box"
