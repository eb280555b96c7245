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
from linkorganizer.ui.commands.groups import (
    AssignSlotCommand,
    CreateGroupCommand,
    DeleteGroupCommand,
    EditGroupCommand,
    MoveContactsCommand,
    PlaceContactsCommand,
    RemoveFromGroupCommand,
    ReorderGroupCommand,
    SetCollapsedCommand,
    SlotChanges,
)
from linkorganizer.ui.commands.imports import ImportBatchCommand, UndoImportCommand
from linkorganizer.ui.commands.three_is import (
    CancelCallCommand,
    CreateInvitationCommand,
    DeleteInteractionCommand,
    LogInteractionCommand,
    RecordCallCommand,
    RescheduleCallCommand,
    ScheduleCallCommand,
    SetSettingsCommand,
    TransitionInvitationCommand,
)

__all__ = [
    "AssignSlotCommand",
    "CancelCallCommand",
    "CreateContactCommand",
    "CreateGroupCommand",
    "CreateInvitationCommand",
    "DeleteGroupCommand",
    "DeleteInteractionCommand",
    "EditContactCommand",
    "EditGroupCommand",
    "ImportBatchCommand",
    "LogInteractionCommand",
    "MoveContactsCommand",
    "PlaceContactsCommand",
    "RecordCallCommand",
    "RemoveFromGroupCommand",
    "ReorderGroupCommand",
    "RescheduleCallCommand",
    "RestoreContactsCommand",
    "ScheduleCallCommand",
    "SetCollapsedCommand",
    "SetDetailsCommand",
    "SetSettingsCommand",
    "SlotChanges",
    "TagContactsCommand",
    "TransitionInvitationCommand",
    "TrashContactsCommand",
    "UndoImportCommand",
]
