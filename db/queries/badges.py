"""Reading badges: a badge's levels, a rep's awards."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import any_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_badges import Badge, BadgeAward, BadgeLevel
from db.models.users import Role, User
from db.queries.batches import rows_with


async def badge_levels(session: AsyncSession, badge_id: int) -> Sequence[BadgeLevel]:
    return await rows_with(session, BadgeLevel.badge_id, badge_id, BadgeLevel.level)


async def badge_id_keyed(session: AsyncSession, key: str) -> int | None:
    return await session.scalar(select(Badge.id).where(Badge.key == key))


async def awarded_levels(session: AsyncSession, badge_id: int, rep_id: int) -> frozenset[int]:
    query = select(BadgeAward.level).where(
        BadgeAward.badge_id == badge_id, BadgeAward.rep_id == rep_id
    )
    return frozenset((await session.scalars(query)).all())


async def awards_of(session: AsyncSession, rep_id: int) -> list[tuple[BadgeAward, Badge]]:
    """A rep's awards with their badges, earliest first."""
    query = (
        select(BadgeAward, Badge)
        .join(Badge, Badge.id == BadgeAward.badge_id)
        .where(BadgeAward.rep_id == rep_id)
        .order_by(BadgeAward.awarded_at, BadgeAward.id)
    )
    return [(award, badge) for award, badge in (await session.execute(query)).all()]


async def metric_badges_by_rep(session: AsyncSession) -> list[tuple[int, int]]:
    """(rep id, badge id) for every active rep and every badge earned on a metric (not an
    onboarding badge), rep by rep: what a scheduled evaluation goes through."""
    query = (
        select(User.id, Badge.id)
        .join(Badge, Badge.metric_key.is_not(None) & Badge.grain.is_not(None))
        .where(User.active, any_(User.roles) == Role.REP)
        .order_by(User.id, Badge.id)
    )
    return [(rep, badge) for rep, badge in (await session.execute(query)).all()]
