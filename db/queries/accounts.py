"""Queries over customer accounts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account


async def accounts_by_ids(session: AsyncSession, ids: Sequence[int]) -> dict[int, Account]:
    rows = await session.scalars(select(Account).where(Account.id.in_(ids)))
    return {row.id: row for row in rows}
