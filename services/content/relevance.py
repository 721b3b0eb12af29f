"""``Quote.relevantContent``: the live items that fit a quote's deal, for the viewer's roles."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.content import ContentItem
from db.queries.content import Scope, deal_of, relevant

RELEVANT_MAX = 50


async def relevant_content(
    session: AsyncSession,
    roles: Sequence[str] | None,
    now: datetime,
    quote_id: int,
    limit: int,
) -> list[ContentItem]:
    """The best ``limit`` items for the quote (``roles`` None: every audience, for OPS)."""
    deal = await deal_of(session, quote_id)
    if deal is None:
        return []
    return await relevant(session, Scope(now=now, roles=roles), deal, min(limit, RELEVANT_MAX))
