"""Badges: OPS defines them; evaluating one for a rep awards each level once, with facts.

Awarding is idempotent: the levels already held are read first and the insert
skips any (badge, rep, level) that a concurrent evaluation wrote meanwhile, so
evaluating twice awards nothing the second time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.performance_badges import Badge, BadgeAward, BadgeLevel
from db.models.users import Role
from db.queries.badges import awarded_levels, awards_of, badge_levels, metric_badges_by_rep
from gamification.badges import Award, BadgeRule, due_awards, rule_problems
from gamification.calendar import Grain
from services.people.rules import active_user
from services.performance.contests import check_metric
from services.performance.metric_source import MetricSource
from services.refusal import Code, Refusal, refuse
from services.rows import get_or_refuse, record_new_with_parts
from services.validation import required_text

CONSTRAINT_REFUSALS = {
    "uq_badges_key": Refusal(Code.ALREADY_EXISTS, "A badge has this key.", ("input", "key"))
}


@dataclass(frozen=True, slots=True)
class NewBadge:
    key: str
    name: str
    metric_key: str
    grain: Grain
    thresholds: tuple[Decimal, ...]


async def define_badge(
    session: AsyncSession, actor: Actor, now: datetime, new: NewBadge, source: MetricSource
) -> Badge:
    """``defineBadge`` (OPS): levels at ascending thresholds of a metric per period."""
    if not actor.has_any(Role.OPS):
        raise refuse(Code.FORBIDDEN, "Only OPS defines badges.")
    rule = BadgeRule(new.key, new.metric_key, new.grain, new.thresholds)
    for problem in rule_problems(rule):
        raise refuse(Code.INVALID, problem, ("input", "thresholds"))
    badge = Badge(
        key=required_text(new.key, ("input", "key"), max_length=100),
        name=required_text(new.name, ("input", "name"), max_length=200),
        metric_key=await check_metric(session, source, new.metric_key),
        grain=new.grain.value,
        created_by_id=actor.user_id,
    )
    return await record_new_with_parts(
        session, actor, "defineBadge", badge, "badge_id", {"levels": level_rows(new.thresholds)}
    )


def level_rows(thresholds: tuple[Decimal, ...]) -> list[BadgeLevel]:
    return [BadgeLevel(level=n, threshold=t) for n, t in enumerate(thresholds, start=1)]


async def award(
    session: AsyncSession,
    badge_id: int,
    rep_id: int,
    level: int,
    now: datetime,
    facts: Mapping[str, Any],
) -> bool:
    """Award ``level`` unless the rep holds it already; True when this call awarded it."""
    written = await session.execute(
        insert(BadgeAward)
        .values(badge_id=badge_id, rep_id=rep_id, level=level, awarded_at=now, facts=dict(facts))
        .on_conflict_do_nothing(constraint="uq_badge_awards_badge_id_rep_id_level")
        .returning(BadgeAward.id)
    )
    return written.scalar() is not None


def facts_of(badge: Badge, earned: Award) -> dict[str, Any]:
    return {
        "metric": badge.metric_key,
        "period": earned.period,
        "value": str(earned.value),
        "threshold": str(earned.threshold),
        "explanation": earned.explanation,
    }


async def evaluate_badge(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    badge_id: int,
    rep_id: int,
    source: MetricSource,
) -> list[Award]:
    """``evaluateBadge`` (OPS, or a job): the levels the rep newly earned, each awarded once."""
    badge = await get_or_refuse(session, Badge, badge_id, name="Badge", field=("input", "badgeId"))
    rep = await active_user(session, rep_id, ("input", "repId"))
    if badge.metric_key is None or badge.grain is None:
        raise refuse(
            Code.INVALID, "This badge is earned by completing onboarding.", ("input", "id")
        )
    levels = await badge_levels(session, badge.id)
    rule = BadgeRule(
        badge.key, badge.metric_key, Grain(badge.grain), tuple(x.threshold for x in levels)
    )
    values = await source.period_values(session, badge.metric_key, rep.id, rule.grain, now)
    held = await awarded_levels(session, badge.id, rep_id)
    return [
        earned
        for earned in due_awards(rule, values, held)
        if await award(session, badge.id, rep_id, earned.level, now, facts_of(badge, earned))
    ]


async def badges_to_evaluate(session: AsyncSession) -> dict[int, list[int]]:
    """Per active rep, the metric badges a scheduled evaluation looks at (awards only arrive
    when a badge is evaluated: a period's value is final only once the period is over)."""
    found: dict[int, list[int]] = {}
    for rep_id, badge_id in await metric_badges_by_rep(session):
        found.setdefault(rep_id, []).append(badge_id)
    return found


async def evaluate_rep_badges(
    session: AsyncSession, now: datetime, rep_id: int, badge_ids: list[int], source: MetricSource
) -> int:
    """Evaluate the rep's metric badges on schedule, as the rep (evaluating records nothing
    of who asked); the number of levels newly awarded."""
    rep = Actor(rep_id, frozenset({Role.REP}))
    return sum([len(await evaluate_badge(session, rep, now, b, rep_id, source)) for b in badge_ids])


async def rep_badges(
    session: AsyncSession, actor: Actor, rep_id: int
) -> list[tuple[BadgeAward, Badge]]:
    """A rep's badges with their facts: the rep, their managers and back office see them."""
    if not actor.may_see_owner(rep_id):
        raise refuse(Code.NOT_FOUND, "No user with this id.", ("repId",))
    return await awards_of(session, rep_id)
