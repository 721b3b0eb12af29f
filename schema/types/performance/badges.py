"""Badges and the awards a rep holds, each explained by the facts that earned it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from db.models.performance_badges import Badge as BadgeRow
from db.models.performance_badges import BadgeAward as AwardRow
from schema.decimals import rate
from schema.nodes import nodes_via


def anyone(viewer: Any, row: Any) -> bool:
    """Badge definitions are public to every signed-in user (what can be earned)."""
    return True


@strawberry.type(
    description="A badge: levels earned by a metric's value per period, or by "
    "completing an onboarding programme."
)
class Badge(relay.Node):
    id: relay.NodeID[int]
    key: str
    """A stable key, e.g. "dialer"."""
    name: str
    """What it is called."""
    metric_key: str | None
    """The metric it reads; null for an onboarding programme's badge."""
    grain: str | None
    """The period the metric is read per (DAY, WEEK, MONTH, QUARTER, YEAR); null for onboarding."""

    resolve_nodes = nodes_via("contests.badge_by_id", anyone)

    @classmethod
    def from_row(cls, row: BadgeRow) -> Badge:
        return cls(
            id=row.id, key=row.key, name=row.name, metric_key=row.metric_key, grain=row.grain
        )


@strawberry.type(description="A badge level a rep earned, once, with what earned it.")
class BadgeAward:
    badge: Badge
    """The badge."""
    level: int
    """The level earned, from 1."""
    awarded_at: datetime
    """When it was awarded."""
    period: str | None
    """The period whose value earned it (its label, e.g. "2026-11-30" or "W2026-11-30")."""
    value: Decimal | None = strawberry.field(
        description="The metric's value in that period, at 6 decimal places."
    )
    threshold: Decimal | None = strawberry.field(
        description="The level's threshold it reached, at 6 decimal places."
    )
    programme: str | None
    """For an onboarding badge: the programme completed."""
    explanation: str
    """The facts in one sentence."""

    @classmethod
    def of(cls, award: AwardRow, badge: BadgeRow) -> BadgeAward:
        facts = dict(award.facts)
        return cls(
            badge=Badge.from_row(badge),
            level=award.level,
            awarded_at=award.awarded_at,
            period=facts.get("period"),
            value=rate(_decimal(facts.get("value"))),
            threshold=rate(_decimal(facts.get("threshold"))),
            programme=facts.get("programme"),
            explanation=str(facts.get("explanation") or f"completed {facts.get('programme')}"),
        )


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)
