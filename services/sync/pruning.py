"""Pruning the change log: what is older than the retention window, and every change a later
one of the same entity and scope supersedes (a reader gets only the latest anyway)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from db.queries.sync import prune


@dataclass(frozen=True, slots=True)
class Pruned:
    expired: int
    """Changes older than the retention window (a cursor from before them must start over)."""
    superseded: int
    """Changes a later change of the same entity and scope made redundant."""


async def prune_change_log(session: AsyncSession, now: datetime, retention: timedelta) -> Pruned:
    expired, superseded = await prune(session, now - retention)
    return Pruned(expired=expired, superseded=superseded)
