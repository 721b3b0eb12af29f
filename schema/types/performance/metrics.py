"""Activity kinds and metric definitions as the API shows them."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from gamification.metrics import MetricDefinition as Definition
from schema.rows import FromRow, from_attrs
from schema.types.performance.enums import (
    BetterDirection,
    HierarchyLevel,
    KpiGrain,
    MetricAggregate,
    MetricMeasure,
)


@strawberry.type(description="A kind of activity reps record (or the quote workflow writes).")
class ActivityKind(FromRow):
    key: str
    """The kind's key, e.g. DIAL."""
    level: HierarchyLevel  # type: ignore[valid-type]
    """Where on the hierarchy it sits."""
    name: str
    """What it is called."""
    worked_time: bool
    """True: its duration is worked time, the denominator of "per hour" metrics."""
    recordable: bool
    """False: only the quote workflow or slippage detection writes it (not typed twice)."""


@strawberry.type(description="A fact counts only when its attribute equals the value.")
class MetricFilter:
    attribute: str
    """The attribute's name, e.g. qualification."""
    value: str
    """The value it must have, e.g. BANT."""


@strawberry.type(description="One version of a metric definition: what it counts and how.")
class MetricDefinition:
    key: str
    """The metric's key, e.g. CALLS_PER_HOUR."""
    version: int
    """The definition's version; each edit makes a new one and every value names its version."""
    name: str
    """What the metric is called."""
    description: str
    """What it means, in the organisation's words."""
    aggregate: MetricAggregate  # type: ignore[valid-type]
    """How it folds its facts."""
    measure: MetricMeasure  # type: ignore[valid-type]
    """What a SUM or AVERAGE adds up."""
    source_kinds: list[str]
    """The activity kinds it reads (empty for a ratio)."""
    filters: list[MetricFilter]
    """Attribute conditions a fact must meet."""
    numerator: str | None
    """A ratio's numerator metric key."""
    denominator: str | None
    """A ratio's denominator metric key."""
    scale: Decimal
    """What a ratio is multiplied by (100 for a percentage)."""
    unit: str
    """The unit values are in (count, money, per hour, %)."""
    better: BetterDirection  # type: ignore[valid-type]
    """Which way is good."""
    default_grain: KpiGrain  # type: ignore[valid-type]
    """The period length the metric is usually read at."""
    level: HierarchyLevel  # type: ignore[valid-type]
    """Where on the hierarchy it sits."""
    quality_pair: str | None
    """The quality metric shown beside this volume one, so volume alone cannot win."""

    @classmethod
    def of(cls, definition: Definition) -> MetricDefinition:
        return from_attrs(
            cls,
            definition,
            source_kinds=list(definition.source_kinds),
            filters=[
                MetricFilter(attribute=f.attribute, value=f.value) for f in definition.filters
            ],
        )
