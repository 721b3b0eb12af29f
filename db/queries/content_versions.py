"""The SQL of content item versions: an item's current one, pages of many items' histories
in one statement, and the items' latest numbers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Integer, column, func, select, true, values
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models.content_versions import ContentItemVersion as Version
from db.queries.batches import totals_by_key

PageKey = tuple[int, int, int | None]
"""(item id, how many, the number the page starts below or None for the newest)."""


async def current_version(session: AsyncSession, item_id: int) -> Version | None:
    """The item's newest version, locked: the one an edit closes or rewrites."""
    stmt = (
        select(Version)
        .where(Version.item_id == item_id)
        .order_by(Version.number.desc())
        .limit(1)
        .with_for_update()
    )
    return (await session.scalars(stmt)).first()


async def version_pages(session: AsyncSession, keys: Sequence[PageKey]) -> list[list[Version]]:
    """Each key's page, newest first, in key order: one statement for every key (a lateral
    join walking the unique (item_id, number) index backwards per key)."""
    if not keys:
        return []
    asked = values(
        column("k", Integer),
        column("item_id", Integer),
        column("below", Integer),
        column("size", Integer),
        name="asked",
    ).data([(n, item, below or 2**31 - 1, size) for n, (item, size, below) in enumerate(keys)])
    page = (
        select(Version)
        .where(Version.item_id == asked.c.item_id, Version.number < asked.c.below)
        .order_by(Version.number.desc())
        .limit(asked.c.size)
        .lateral("page")
    )
    row = aliased(Version, page)
    stmt = select(asked.c.k, row).select_from(asked).join(page, true()).order_by(asked.c.k)
    found: list[list[Version]] = [[] for _ in keys]
    for k, version in (await session.execute(stmt)).all():
        found[k].append(version)
    return found


async def latest_numbers(session: AsyncSession, item_ids: Sequence[int]) -> dict[int, int]:
    """Each item's newest version number (items without versions left out)."""
    return await totals_by_key(session, Version.item_id, func.max(Version.number), item_ids)
