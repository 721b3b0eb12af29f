"""An item's version history, kept beside each edit of it (``services.content.items``).

A version is a text readers saw: creating an item writes version 1; an edit that changes
what a reader sees (title, summary, body, language, tags, products, competitors) of a
published item closes the current version at the edit's instant and opens the next from
it, so each version's ``retire_at`` is the next one's ``publish_at``. An item not yet
published has had no readers: its edits rewrite version 1 in place. Any other edit (the
audience, the kind, the dates) adds nothing; retiring closes the current version.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.content import ContentItem
from db.models.content_versions import ContentItemVersion
from db.queries.content_versions import current_version

READER_FIELDS = ("title", "summary", "body", "language", "tags", "product_ids", "competitors")
"""What a reader sees of an item: a change to one of these is a new version."""


def reader_view(item: ContentItem) -> tuple[Any, ...]:
    """The item's reader-visible fields, comparable before and after an edit."""
    return tuple(
        tuple(value) if isinstance(value, list) else value
        for value in (getattr(item, name) for name in READER_FIELDS)
    )


def _text(item: ContentItem) -> dict[str, Any]:
    return {name: getattr(item, name) for name in (*READER_FIELDS, "body_html")} | {
        name: list(getattr(item, name)) for name in ("tags", "product_ids", "competitors")
    }


def _note(note: str | None) -> str | None:
    return note.strip() or None if note is not None else None


def record_first(session: AsyncSession, actor: Actor, item: ContentItem) -> None:
    """Version 1 of a new item (flushed already, so its id is known)."""
    session.add(
        ContentItemVersion(
            item_id=item.id,
            number=1,
            **_text(item),
            publish_at=item.publish_at,
            retire_at=item.retire_at,
            changed_by_id=actor.user_id,
        )
    )


async def record_edit(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    item: ContentItem,
    before: tuple[Any, ...],
    note: str | None,
) -> None:
    """After ``item`` was edited (``before`` its ``reader_view`` before): the next version
    when a reader sees a change, else the current version's window kept in step."""
    current = await current_version(session, item.id)
    if current is None:  # not possible after revision 0024's backfill; kept whole anyway
        record_first(session, actor, item)
        return
    if current.publish_at > now:  # nobody has read it yet: rewrite it
        for name, value in _text(item).items():
            setattr(current, name, value)
        current.publish_at, current.retire_at = item.publish_at, item.retire_at
        current.changed_by_id, current.change_note = actor.user_id, _note(note)
        return
    if reader_view(item) == before:
        current.retire_at = item.retire_at
        return
    current.retire_at = now
    session.add(
        ContentItemVersion(
            item_id=item.id,
            number=current.number + 1,
            **_text(item),
            publish_at=now,
            retire_at=item.retire_at,
            changed_by_id=actor.user_id,
            change_note=_note(note),
        )
    )


async def record_retired(session: AsyncSession, now: datetime, item: ContentItem) -> None:
    """The item was retired: its current version closes with it (and one never read opens
    as it closes, like the item)."""
    current = await current_version(session, item.id)
    if current is not None:
        if current.publish_at > now:
            current.publish_at = item.publish_at
        current.retire_at = item.retire_at
