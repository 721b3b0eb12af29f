"""KPI values as the API shows them: value, target, trend, rank and the explanation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from schema.decimals import at_scale
from schema.money import Money
from schema.rows import from_attrs
from schema.types.performance.enums import HierarchyLevel, HierarchyStanding, TrendDirection
from schema.types.performance.metrics import MetricDefinition

KPI_PLACES = 4


def kpi_decimal(value: Decimal | None) -> Decimal | None:
    """A KPI figure at four decimal places (rounded half-up once, at output)."""
    return None if value is None else at_scale(value, KPI_PLACES)


@strawberry.type(description="How a KPI value was made.")
class KpiExplanation:
    numerator: Decimal | None
    """The count, the sum, or a ratio's numerator value."""
    denominator: Decimal | None
    """An average's count or a ratio's denominator value; null for counts and sums."""
    definition_version: int
    """The version of the metric definition that produced the value."""


@strawberry.type(description="The change against the previous period.")
class KpiTrend:
    direction: TrendDirection  # type: ignore[valid-type]
    """Up, down, flat or unknown."""
    change: Decimal | None
    """This period's value minus the previous period's."""
    improving: bool | None
    """True when the change goes the metric's better way; null when flat or unknown."""
    previous_value: Decimal | None
    """The previous period's value."""


@strawberry.type(description="One rep's value of one metric in one period.")
class Kpi:
    rep_id: relay.GlobalID
    """The rep (a User's global ID)."""
    metric: MetricDefinition
    """The definition version the value comes from."""
    period_label: str
    """The period's name, e.g. FY2026-M11 or W2026-11-30."""
    period_start: date
    """The period's first local day."""
    period_end: date
    """The local day after the period (periods are half-open)."""
    value: Decimal | None
    """The value, four decimal places; null when a ratio's denominator is zero, or when a
    money metric's amounts are in more than one currency (see `amounts`)."""
    amounts: list[Money]
    """A money metric's value per currency, by currency code (revenue, slipped amount, and
    ratios of them such as revenue per hour). Amounts in different currencies are never
    added: with more than one, `value` is null and these are the figures. Empty for
    metrics that are not money, and for money metrics with nothing recorded."""
    target: Decimal | None
    """The rep's target for this metric and period, if any."""
    attainment: Decimal | None
    """Value over target (target over value when lower is better); 1 means reached."""
    trend: KpiTrend
    """Against the previous period of the same length."""
    rank: int | None
    """The rep's rank among the reps asked for (1, 2, 2, 4: ties share a rank); null with no
    value."""
    ranked_among: int
    """How many reps were ranked."""
    explanation: KpiExplanation
    """Numerator, denominator and definition version."""


@strawberry.type(description="One hierarchy level of a rep's profile.")
class HierarchyLevelStanding:
    level: HierarchyLevel  # type: ignore[valid-type]
    """The level."""
    standing: HierarchyStanding  # type: ignore[valid-type]
    """Strong, weak, or no targets."""
    attainment: Decimal | None
    """The mean attainment of the level's targeted metrics."""
    metrics: list[str]
    """The metric keys that counted."""


@strawberry.type(description="A rep's KPIs for a period and where on the hierarchy they stand.")
class KpiCard:
    kpis: list[Kpi]
    """Every current metric (the first `first` where the field asks for fewer:
    `repHome.todayKpis`)."""
    profile: list[HierarchyLevelStanding]
    """Each hierarchy level, strong or weak against targets (from every metric, however
    many `kpis` lists)."""
    kpi_count: int = 0
    """How many metrics the card has: the length of `kpis` unless a `first` cut it."""


@strawberry.type(description="A KPI target.")
class KpiTarget:
    metric: str
    """The metric key."""
    grain: str
    """The period length it applies to."""
    target: Decimal
    """The target value."""
    period_start: date | None
    """The period it is for; null for a standing target."""

    @classmethod
    def from_row(cls, row: Any) -> KpiTarget:
        return from_attrs(cls, row, target=kpi_decimal(row.target))
