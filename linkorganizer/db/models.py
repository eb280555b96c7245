"""The whole domain as Peewee models.

Models are declared without a database; :func:`linkorganizer.db.open_database` binds them to the file it opens.
Timestamps are naive UTC ``datetime`` values; calendar dates (birthday, connected on) are stored as text so a
year-less birthday (``--03-22``) keeps its shape.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

from peewee import (
    SQL,
    AutoField,
    BlobField,
    BooleanField,
    Check,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    NodeList,
    SqliteDatabase,
    TextField,
)


def utcnow() -> _dt.datetime:
    """Naive UTC now. Microseconds are kept: an edit made within a second of an import must still show as newer."""
    return _dt.datetime.now(_dt.UTC).replace(tzinfo=None)


class AutoIncrementField(AutoField):
    """An id never handed out twice, even after the row with the highest one is deleted (an undone deletion
    brings a row back under its old id). SQLite needs AUTOINCREMENT for that; a PostgreSQL sequence never
    hands a number out twice by itself."""

    def ddl(self, ctx):
        node = super().ddl(ctx)
        if isinstance(self.model._meta.database, SqliteDatabase):
            return NodeList((node, SQL("AUTOINCREMENT")))
        return node


class BaseModel(Model):
    class Meta:
        database = None  # bound by open_database()
        legacy_table_names = False


class SchemaVersion(BaseModel):
    """One row per applied schema version; the highest is the database's version."""

    version = IntegerField(primary_key=True)
    applied_at = DateTimeField(default=utcnow)


class Contact(BaseModel):
    first_name = TextField(default="")
    middle_name = TextField(default="")
    last_name = TextField(default="")
    # Credentials after the name: "PhD, MBA". Added by schema version 2 with ALTER TABLE, which needs a default in
    # SQL for a NOT NULL column; a new database declares the same, so both schemas are one.
    name_suffix = TextField(default="", constraints=[SQL("DEFAULT ''")])
    # What the user typed as the name to show; empty means "compose it from the parts".
    display_name = TextField(default="")
    # Always filled: display_name or the composed name. Sorted on and searched; kept by core.contacts.
    full_name = TextField(default="")
    sort_name = TextField(default="", index=True)  # normalize.sort_key(full_name), kept with it
    company = TextField(default="")
    position = TextField(default="")
    location = TextField(default="")
    # Normalised (see core.normalize.profile_url); NULL when unknown so the UNIQUE index allows many unknowns.
    profile_url = TextField(null=True, unique=True)
    birthday = TextField(default="")  # YYYY-MM-DD or --MM-DD
    connected_on = DateField(null=True)
    source = TextField(default="manual")
    stage = TextField(default="connected")
    notes = TextField(default="")
    help_them = TextField(default="")  # how I can help them
    help_me = TextField(default="")  # how they can help me
    cadence_days = IntegerField(null=True)  # keep-in-touch cadence
    photo = BlobField(null=True)
    extra = TextField(default="{}")  # JSON object: fields from other tools we keep but have no column for
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    deleted_at = DateTimeField(null=True)  # few are set; an index would only slow imports down


class ContactField(BaseModel):
    """A labelled multi-valued detail: an e-mail, phone, address or web address."""

    contact = ForeignKeyField(Contact, backref="fields", on_delete="CASCADE")
    kind = TextField(constraints=[Check("kind IN ('email', 'phone', 'address', 'url')")])
    label = TextField(default="")
    value = TextField()
    position = IntegerField(default=0)

    class Meta:
        indexes = ((("kind", "value"), False),)


class Tag(BaseModel):
    name = TextField(unique=True, collation="NOCASE")


class ContactTag(BaseModel):
    contact = ForeignKeyField(Contact, on_delete="CASCADE")
    tag = ForeignKeyField(Tag, on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "tag"), True),)


class GoalGroup(BaseModel):
    """A goal on the puzzle board ("Land a product role in fintech")."""

    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    name = TextField(unique=True, collation="NOCASE")
    purpose = TextField(default="")
    colour = TextField(default="#4C78A8")
    position = IntegerField(default=0)
    collapsed = BooleanField(default=False)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)
    # The day the goal should be reached by, if it has one (schema version 5).
    deadline = DateField(null=True)


class GroupSlot(BaseModel):
    """A piece a goal still needs: "2 recruiters", "1 mentor"."""

    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    group = ForeignKeyField(GoalGroup, backref="slots", on_delete="CASCADE")
    role = TextField()
    needed = IntegerField(default=1)
    position = IntegerField(default=0)


class Membership(BaseModel):
    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    contact = ForeignKeyField(Contact, backref="memberships", on_delete="CASCADE")
    group = ForeignKeyField(GoalGroup, backref="memberships", on_delete="CASCADE")
    slot = ForeignKeyField(GroupSlot, null=True, on_delete="SET NULL")
    role = TextField(default="")
    added_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("contact", "group"), True),)


class ImportBatch(BaseModel):
    file_name = TextField()
    format = TextField()
    started_at = DateTimeField(default=utcnow)
    finished_at = DateTimeField(null=True)
    created_count = IntegerField(default=0)
    updated_count = IntegerField(default=0)
    unchanged_count = IntegerField(default=0)
    skipped_count = IntegerField(default=0)
    undone_at = DateTimeField(null=True)


class Invitation(BaseModel):
    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    direction = TextField(constraints=[Check("direction IN ('incoming', 'outgoing')")])
    name = TextField(default="")
    profile_url = TextField(null=True, index=True)
    message = TextField(default="")
    sent_at = DateTimeField(null=True)
    state = TextField(default="new")
    reply = TextField(default="")  # their reasons, once they answered "How may I help you?"
    note = TextField(default="")
    contact = ForeignKeyField(Contact, null=True, backref="invitations", on_delete="SET NULL")
    state_changed_at = DateTimeField(default=utcnow)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class InvitationEvent(BaseModel):
    """One timestamped state transition of an invitation."""

    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    invitation = ForeignKeyField(Invitation, backref="events", on_delete="CASCADE")
    from_state = TextField()
    to_state = TextField()
    at = DateTimeField(default=utcnow)
    note = TextField(default="")


class Introduction(BaseModel):
    """An introduction call: scheduled, then held, with what was learned and the outcome."""

    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    contact = ForeignKeyField(Contact, backref="introductions", on_delete="CASCADE")
    scheduled_at = DateTimeField(null=True)
    duration_minutes = IntegerField(default=30)
    agenda = TextField(default="")
    notes = TextField(default="")
    their_needs = TextField(default="")
    my_offer = TextField(default="")
    outcome = TextField(null=True)  # connect | keep_in_touch | not_a_fit
    held_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)


class Interaction(BaseModel):
    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    contact = ForeignKeyField(Contact, backref="interactions", on_delete="CASCADE")
    kind = TextField()
    occurred_at = DateTimeField(index=True)
    note = TextField(default="")
    introduction = ForeignKeyField(Introduction, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    # Schema version 6. A private interaction is seen by the person who logged it only: on a server, the
    # database's row-level security keeps it from every other role (the app does not filter it); in a file,
    # which one person opens, it is a mark. *owner* is the role that logged it on a server ('' in a file).
    private = BooleanField(default=False, constraints=[SQL("DEFAULT FALSE")])
    owner = TextField(default="", constraints=[SQL("DEFAULT ''")])

    class Meta:
        # The last interaction per contact: the cadence, the due list and the board's box all ask for it.
        indexes = ((("contact", "occurred_at"), False),)


class JobChange(BaseModel):
    """A contact's new company or position, as an import saw it: the mark stays on the contact (with before and
    after); Today lists it until it is dismissed."""

    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    contact = ForeignKeyField(Contact, backref="job_changes", on_delete="CASCADE")
    changed_on = DateField()  # the day the import saw it
    company_before = TextField(default="")
    position_before = TextField(default="")
    company_after = TextField(default="")
    position_after = TextField(default="")
    import_batch = IntegerField(null=True)  # the import that saw it (not a foreign key: the history outlives it)
    dismissed_at = DateTimeField(null=True)  # congratulated, or set aside: off the Today page, still on the contact


class Reminder(BaseModel):
    """A dated task, usually about one contact ("send Léa the intro on 5 Jan")."""

    # Never reused, so an undone deletion can bring the row back under its old id.
    id = AutoIncrementField()
    contact = ForeignKeyField(Contact, null=True, backref="reminders", on_delete="CASCADE")
    text = TextField()
    due_on = DateField(index=True)
    done_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)


class TodaySnooze(BaseModel):
    """An entry of the Today page put off until a day: a contact due to keep in touch, a follow-up, a call, a
    birthday (*kind* and the id of what it is about)."""

    id = AutoIncrementField()
    kind = TextField()
    ref = IntegerField()
    until = DateField()

    class Meta:
        indexes = ((("kind", "ref"), True),)


class Setting(BaseModel):
    """Per-network preferences (JSON values), e.g. the follow-up delay for unanswered invitations."""

    key = TextField(primary_key=True)
    value = TextField()


MODELS: list[type[BaseModel]] = [
    SchemaVersion,
    Contact,
    ContactField,
    Tag,
    ContactTag,
    GoalGroup,
    GroupSlot,
    Membership,
    ImportBatch,
    Invitation,
    InvitationEvent,
    Introduction,
    Interaction,
    Setting,
    JobChange,
    Reminder,
    TodaySnooze,
]

# Search index over what a person types to find a contact. Kept current by triggers, so no code path can
# forget it. The rowid is the contact id.
SEARCH_SCHEMA = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS contact_search USING fts5(
        name, company, position, location, notes, details, tags,
        tokenize = "unicode61 remove_diacritics 2")""",
    # One place that says what a contact's searchable text is.
    """CREATE VIEW IF NOT EXISTS contact_search_doc AS
       SELECT c.id AS id,
              c.full_name || ' ' || c.first_name || ' ' || c.middle_name || ' ' || c.last_name || ' ' || c.name_suffix
                  AS name,
              c.company AS company, c.position AS position, c.location AS location,
              c.notes || ' ' || c.help_them || ' ' || c.help_me AS notes,
              coalesce((SELECT group_concat(f.value, ' ') FROM contact_field f WHERE f.contact_id = c.id), '')
                  AS details,
              coalesce((SELECT group_concat(t.name, ' ') FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id
                        WHERE ct.contact_id = c.id), '') AS tags
       FROM contact c""",
    # A new contact has no details or tags yet (their own triggers add them), so the row is built from NEW alone:
    # a bulk import inserts thousands of contacts per statement.
    """CREATE TRIGGER IF NOT EXISTS contact_search_ai AFTER INSERT ON contact BEGIN
         INSERT INTO contact_search(rowid, name, company, position, location, notes, details, tags)
         VALUES (NEW.id, NEW.full_name || ' ' || NEW.first_name || ' ' || NEW.middle_name || ' ' || NEW.last_name
                         || ' ' || NEW.name_suffix,
                 NEW.company, NEW.position, NEW.location, NEW.notes || ' ' || NEW.help_them || ' ' || NEW.help_me,
                 '', '');
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_search_au AFTER UPDATE OF
         full_name, first_name, middle_name, last_name, name_suffix, company, position, location, notes, help_them,
         help_me ON contact BEGIN
         DELETE FROM contact_search WHERE rowid = OLD.id;
         INSERT INTO contact_search(rowid, name, company, position, location, notes, details, tags)
         SELECT id, name, company, position, location, notes, details, tags FROM contact_search_doc
         WHERE id = NEW.id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_search_ad AFTER DELETE ON contact BEGIN
         DELETE FROM contact_search WHERE rowid = OLD.id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_field_search_ai AFTER INSERT ON contact_field BEGIN
         UPDATE contact_search SET details = (SELECT details FROM contact_search_doc WHERE id = NEW.contact_id)
         WHERE rowid = NEW.contact_id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_field_search_au AFTER UPDATE ON contact_field BEGIN
         UPDATE contact_search SET details = (SELECT details FROM contact_search_doc WHERE id = NEW.contact_id)
         WHERE rowid IN (OLD.contact_id, NEW.contact_id);
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_field_search_ad AFTER DELETE ON contact_field BEGIN
         UPDATE contact_search SET details = (SELECT details FROM contact_search_doc WHERE id = OLD.contact_id)
         WHERE rowid = OLD.contact_id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_tag_search_ai AFTER INSERT ON contact_tag BEGIN
         UPDATE contact_search SET tags = (SELECT tags FROM contact_search_doc WHERE id = NEW.contact_id)
         WHERE rowid = NEW.contact_id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS contact_tag_search_ad AFTER DELETE ON contact_tag BEGIN
         UPDATE contact_search SET tags = (SELECT tags FROM contact_search_doc WHERE id = OLD.contact_id)
         WHERE rowid = OLD.contact_id;
       END""",
    """CREATE TRIGGER IF NOT EXISTS tag_search_au AFTER UPDATE OF name ON tag BEGIN
         UPDATE contact_search SET tags = (SELECT tags FROM contact_search_doc WHERE id = contact_search.rowid)
         WHERE rowid IN (SELECT contact_id FROM contact_tag WHERE tag_id = NEW.id);
       END""",
]


def references(tables: Iterable[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(table, column, parent table, on delete) of every foreign key of the network's tables (of *tables* only,
    when given), from the models themselves: the same answer on every backend."""
    wanted = None if tables is None else set(tables)
    found = []
    for model in MODELS:
        table = model._meta.table_name
        if wanted is not None and table not in wanted:
            continue
        for fk in model._meta.refs:
            found.append((table, fk.column_name, fk.rel_model._meta.table_name, (fk.on_delete or "NO ACTION").upper()))
    return found


def unique_partners(table: str, column: str) -> list[str]:
    """The other columns of every UNIQUE index of *table* that holds *column* (membership: contact_id is unique
    with group_id), from the models."""
    model = next((m for m in MODELS if m._meta.table_name == table), None)
    if model is None:
        return []
    found: list[str] = []
    for names, unique in model._meta.indexes:
        if not unique:
            continue
        columns = [model._meta.fields[name].column_name for name in names]
        if column in columns:
            found += [c for c in columns if c != column and c not in found]
    return found
