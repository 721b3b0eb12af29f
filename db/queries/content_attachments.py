"""The SQL of content attachments: counting an item's files, finding one with its item,
and the digests still named (what a sweep of the store must keep)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.content import ContentItem
from db.models.content_attachments import ContentAttachment


async def attachment_count(session: AsyncSession, item_id: int) -> int:
    stmt = select(func.count()).where(ContentAttachment.content_item_id == item_id)
    return int((await session.execute(stmt)).scalar_one())


async def attachment_with_item(
    session: AsyncSession, attachment_id: int
) -> tuple[ContentAttachment, ContentItem] | None:
    """The attachment and the item it belongs to, in one statement; None when missing."""
    stmt = (
        select(ContentAttachment, ContentItem)
        .join(ContentItem, ContentItem.id == ContentAttachment.content_item_id)
        .where(ContentAttachment.id == attachment_id)
    )
    row = (await session.execute(stmt)).first()
    return None if row is None else (row[0], row[1])


async def named_digests(session: AsyncSession) -> set[str]:
    """Every SHA-256 some attachment row names."""
    return set((await session.scalars(select(ContentAttachment.sha256).distinct())).all())
