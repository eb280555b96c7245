"""Every user change is one QUndoCommand: one operation of the network, whose undo and redo the database's
log replays (:mod:`linkorganizer.ui.commands.ops`). Commands keep ids, never rows or model indexes.
One module per area; this package re-exports them all.
"""

from linkorganizer.ui.commands.contacts import (
    CreateContactCommand,
    DeleteForeverCommand,
    DeleteTagsCommand,
    EditContactCommand,
    EmptyTrashCommand,
    MergeTagsCommand,
    RenameTagCommand,
    RestoreContactsCommand,
    SetDetailsCommand,
    SetManyCommand,
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
    SlotChanges,
)
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
    "DeleteForeverCommand",
    "DeleteTagsCommand",
    "EmptyTrashCommand",
    "MergeTagsCommand",
    "RenameTagCommand",
    "SetManyCommand",
    "CreateInvitationCommand",
    "DeleteGroupCommand",
    "DeleteInteractionCommand",
    "EditContactCommand",
    "EditGroupCommand",
    "LogInteractionCommand",
    "MoveContactsCommand",
    "PlaceContactsCommand",
    "RecordCallCommand",
    "RemoveFromGroupCommand",
    "ReorderGroupCommand",
    "RescheduleCallCommand",
    "RestoreContactsCommand",
    "ScheduleCallCommand",
    "SetDetailsCommand",
    "SetSettingsCommand",
    "SlotChanges",
    "TagContactsCommand",
    "TransitionInvitationCommand",
    "TrashContactsCommand",
]
