"""Managing the tags themselves: how many contacts carry each, renaming, merging, deleting.

Each function is one change the UI runs inside an operation, so undo comes from the database's log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from linkorganizer.core.contacts import ValidationError, tag_id
from linkorganizer.db import atomic, current_database
from linkorganizer.db.models import Contact, ContactTag, Tag, utcnow


@dataclass(frozen=True, slots=True)
class TagCount:
    name: str
    contacts: int  # contacts outside the trash that carry the tag


def tag_counts() -> list[TagCount]:
    """Every tag with the number of contacts (not in the trash) that carry it, alphabetically."""
    rows = current_database().execute_sql(
        "SELECT t.name, count(c.id) FROM tag t"
        " LEFT JOIN contact_tag ct ON ct.tag_id = t.id"
        " LEFT JOIN contact c ON c.id = ct.contact_id AND c.deleted_at IS NULL"
        " GROUP BY t.id ORDER BY t.name COLLATE NOCASE"
    )
    return [TagCount(name, int(count)) for name, count in rows]


def _require(name: str) -> int:
    found = tag_id(name, create=False)
    if found is None:
        raise ValidationError(f"There is no tag “{name}”.")
    return found


def _touch(tag_ids: list[int]) -> None:
    """The contacts carrying these tags changed (their row says when)."""
    if tag_ids:
        carriers = ContactTag.select(ContactTag.contact).where(ContactTag.tag.in_(tag_ids))
        Contact.update(updated_at=utcnow()).where(Contact.id.in_(carriers)).execute()


def rename_tag(old: str, new: str) -> None:
    """Give a tag another name. A name another tag has already is refused: that is a merge."""
    new = new.strip()
    if not new:
        raise ValidationError("A tag needs a name.")
    with atomic():
        tid = _require(old)
        other = Tag.select(Tag.id).where(Tag.name == new).scalar()
        if other is not None and other != tid:
            raise ValidationError(f"There is already a tag “{new}”: merge the two instead.")
        Tag.update(name=new).where(Tag.id == tid).execute()
        _touch([tid])


def merge_tags(sources: Iterable[str], target: str) -> int:
    """Put the contacts of every tag in *sources* under *target* (created if new), then delete the sources.
    Returns how many contacts now carry *target* that did not before."""
    with atomic():
        target_id = tag_id(target)
        assert target_id is not None
        source_ids = [_require(name) for name in sources]
        source_ids = [sid for sid in source_ids if sid != target_id]
        if not source_ids:
            return 0
        marks = ",".join("?" * len(source_ids))
        db = current_database()
        before = db.execute_sql("SELECT count(*) FROM contact_tag WHERE tag_id = ?", (target_id,)).fetchone()[0]
        _touch(source_ids)
        db.execute_sql(
            "INSERT INTO contact_tag (contact_id, tag_id) SELECT DISTINCT contact_id, ? FROM contact_tag"
            f" WHERE tag_id IN ({marks}) AND contact_id NOT IN (SELECT contact_id FROM contact_tag WHERE tag_id = ?)",
            (target_id, *source_ids, target_id),
        )
        after = db.execute_sql("SELECT count(*) FROM contact_tag WHERE tag_id = ?", (target_id,)).fetchone()[0]
        ContactTag.delete().where(ContactTag.tag.in_(source_ids)).execute()
        Tag.delete().where(Tag.id.in_(source_ids)).execute()
    return int(after - before)


def delete_tags(names: Iterable[str]) -> int:
    """Delete tags (the contacts stay, untagged); return how many contacts lost a tag."""
    with atomic():
        ids = [_require(name) for name in names]
        if not ids:
            return 0
        _touch(ids)
        count = ContactTag.select(ContactTag.contact).where(ContactTag.tag.in_(ids)).distinct().count()
        ContactTag.delete().where(ContactTag.tag.in_(ids)).execute()
        Tag.delete().where(Tag.id.in_(ids)).execute()
    return count


__all__ = ["TagCount", "delete_tags", "merge_tags", "rename_tag", "tag_counts"]
