"""Every user change is one QUndoCommand whose redo/undo call one core operation (one transaction).

Commands keep ids and previous values, never rows or model indexes, and tell the bus what they touched.
One module per area; this package re-exports them all.
"""

from linkorganizer.ui.commands.contacts import (
    CreateContactCommand,
    EditContactCommand,
    RestoreContactsCommand,
    SetDetailsCommand,
    TagContactsCommand,
    TrashContactsCommand,
)
from linkorganizer.ui.commands.imports import ImportBatchCommand, UndoImportCommand

__all__ = [
    "CreateContactCommand",
    "EditContactCommand",
    "ImportBatchCommand",
    "RestoreContactsCommand",
    "SetDetailsCommand",
    "TagContactsCommand",
    "TrashContactsCommand",
    "UndoImportCommand",
]
