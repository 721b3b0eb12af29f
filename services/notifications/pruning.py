"""Pruning the outbox: events fanned out longer ago than the retention whose webhook
deliveries all succeeded. Receivers de-duplicate by event id within that window; a PENDING or
DEAD delivery keeps its event (the retry and the dead-letter view read it), and an event not
yet fanned out is never touched."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.outbox_upkeep import prune_delivered_events

PRUNE_BATCH = 5_000
"""Events deleted per transaction: a long backlog is pruned in several short ones."""


async def prune_outbox(
    session: AsyncSession, now: datetime, retention: timedelta, batch: int = PRUNE_BATCH
) -> int:
    """Delete up to ``batch`` delivered events older than ``retention``; how many."""
    return await prune_delivered_events(session, now - retention, batch)
