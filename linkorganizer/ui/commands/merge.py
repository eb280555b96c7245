"""Undo commands for duplicates: merging two contacts, merging every exact pair, "not a duplicate".

Each is one operation (:class:`~linkorganizer.ui.commands.ops.LoggedCommand`): Edit ▸ Undo brings the merged
contacts back with everything that was moved, from the database's log.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QCoreApplication

from linkorganizer.core import duplicates, merge
from linkorganizer.ui.bus import ChangeBus
from linkorganizer.ui.commands.ops import LoggedCommand


def tr(text: str) -> str:
    return QCoreApplication.translate("commands", text)


class MergeContactsCommand(LoggedCommand):
    """Merge one contact into another, with the fields chosen in the merge dialog."""

    report_errors = True

    def __init__(
        self,
        bus: ChangeBus,
        keep_id: int,
        other_id: int,
        choices: Mapping[str, int] | None = None,
        names: tuple[str, str] = ("", ""),
        region: str | None = None,
    ) -> None:
        keep_name, other_name = names
        super().__init__(
            bus,
            tr("Merge {other} into {keep}").format(other=other_name or tr("a contact"), keep=keep_name or tr("a contact")),
        )
        self.keep_id = keep_id
        self.other_id = other_id
        self.choices = dict(choices or {})
        self.region = region

    def perform(self) -> None:
        merge.merge_contacts(self.keep_id, self.other_id, self.choices, region=self.region)


class MergeExactCommand(LoggedCommand):
    """Merge every exact pair (chains become one contact): one undo step for all of them."""

    report_errors = True

    def __init__(self, bus: ChangeBus, pairs: Sequence[tuple[int, int]]) -> None:
        count = len(pairs)
        super().__init__(
            bus, tr("Merge an exact duplicate") if count == 1 else tr("Merge {} exact duplicates").format(count)
        )
        self.pairs = list(pairs)
        self.merged = 0

    def perform(self) -> None:
        self.merged = sum(len(result.merged) for result in merge.merge_exact(self.pairs))


class NotDuplicateCommand(LoggedCommand):
    """Remember that two contacts are two people, so the finder does not offer them again."""

    report_errors = True

    def __init__(self, bus: ChangeBus, a: int, b: int, names: tuple[str, str] = ("", "")) -> None:
        super().__init__(bus, tr("Mark {a} and {b} as two people").format(a=names[0] or a, b=names[1] or b))
        self.a, self.b = a, b

    def perform(self) -> None:
        duplicates.dismiss_pair(self.a, self.b)


__all__ = ["MergeContactsCommand", "MergeExactCommand", "NotDuplicateCommand"]
