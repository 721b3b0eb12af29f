"""Queries over customer accounts."""

from __future__ import annotations

from collections.abc import Set

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account


def account_list(
    owner_ids: Set[int] | None,
    *,
    search: str | None = None,
    segment: str | None = None,
    owner_id: int | None = None,
    active: bool | None = None,
) -> Select[tuple[Account]]:
    """Accounts matching the filter, owned by one of ``owner_ids`` (``None``: any), for a page."""
    stmt = select(Account)
    if owner_ids is not None:
        stmt = stmt.where(Account.owner_id.in_(owner_ids))
    if search:
        stmt = stmt.where(Account.name.ilike(f"%{search.strip()}%"))
    if segment:
        stmt = stmt.where(Account.segment == segment.strip().upper())
    if owner_id is not None:
        stmt = stmt.where(Account.owner_id == owner_id)
    if active is not None:
        stmt = stmt.where(Account.active.is_(active))
    return stmt


async def account_names(session: AsyncSession) -> set[str]:
    return set((await session.scalars(select(Account.name))).all())


async def account_id_named(session: AsyncSession, name: str) -> int | None:
    return await session.scalar(select(Account.id).where(Account.name == name))
