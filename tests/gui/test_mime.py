"""The drag payload functions: ids in, the same ids out; anything else is refused."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData

from linkorganizer.ui import mime


@given(st.lists(st.integers(min_value=1, max_value=2**53), min_size=1, max_size=50), st.none() | st.integers(1, 10**6))
def test_contact_ids_round_trip(ids: list[int], source: int | None) -> None:
    drag = mime.decode_contacts(mime.encode_contacts(ids, source))
    assert drag is not None
    assert drag.contact_ids == tuple(dict.fromkeys(ids))
    assert drag.source_group_id == source


def test_foreign_or_broken_payloads_are_refused() -> None:
    plain = QMimeData()
    plain.setText("1\n2")
    assert mime.decode_contacts(plain) is None
    assert mime.decode_contacts(None) is None
    for junk in (b"", b"not json", b'{"contacts": "x"}', b'{"contacts": []}', b'{"contacts": [0]}', b"\xff\xfe"):
        data = QMimeData()
        data.setData(mime.CONTACT_IDS, junk)
        assert mime.decode_contacts(data) is None, junk


def test_group_payload() -> None:
    assert mime.decode_group(mime.encode_group(7)) == 7
    bad = QMimeData()
    bad.setData(mime.GROUP_ID, b"-3")
    assert mime.decode_group(bad) is None
    assert mime.decode_group(mime.encode_contacts([1])) is None


def test_contact_table_drags_ids_not_rows(qtbot, window) -> None:
    from pathlib import Path

    task = window.import_file(Path(__file__).parent.parent / "fixtures" / "linkedin" / "connections_2024.csv", preview=False)
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    model = window.contacts_view.model
    indexes = [model.index(2, 0), model.index(0, 3), model.index(2, 1)]
    drag = mime.decode_contacts(model.mimeData(indexes))
    assert drag is not None
    assert drag.contact_ids == (model.contact_id(0), model.contact_id(2))
    assert drag.source_group_id is None
