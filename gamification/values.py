"""A metric's value from summed day rollups, and its trend against the previous period.

Rollups hold per rep and local day a count, a total and (for DISTINCT_COUNT)
the distinct keys; a period's ``Summary`` sums its days, so a week, a month or
a year never scans facts. AVERAGE is total ÷ count over the period (not an
average of daily averages); RATIO divides the values of two metrics. Every
value carries its numerator, denominator and the definition version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import auto

from gamification.enums import NamedEnum
from gamification.metrics import Aggregate, Better, MetricDefinition


@dataclass(frozen=True, slots=True)
class Summary:
    """One rep's rollups of one metric summed over a period."""

    count: int = 0
    total: Decimal = Decimal(0)
    distinct: int = 0
    currencies: tuple[tuple[str, int, Decimal], ...] = ()
    """A money metric's (currency, count, total) per currency, by currency code."""


EMPTY = Summary()

Amounts = tuple[tuple[str, Decimal], ...]
"""A money value per currency, by currency code."""


@dataclass(frozen=True, slots=True)
class KpiValue:
    """A value and how it was made: ``value`` is None when the denominator is zero."""

    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    definition_version: int
    amounts: Amounts = ()
    """A money metric's value per currency. Amounts in different currencies are never
    added: with more than one currency, ``value`` (and the numerator) is None."""


def value_of(
    definition: MetricDefinition,
    summaries: Mapping[str, Summary],
    definitions: Mapping[str, MetricDefinition],
) -> KpiValue:
    """The value of ``definition`` for one rep and period from the summed rollups by key.

    A metric with no rollups is zero (an inactive rep shows zero, not nothing).
    ``definitions`` resolves a ratio's numerator and denominator.
    """
    version = definition.version
    if definition.is_ratio:
        assert definition.numerator is not None and definition.denominator is not None
        upper = value_of(definitions[definition.numerator], summaries, definitions)
        top = upper.value
        bottom = value_of(definitions[definition.denominator], summaries, definitions).value
        if bottom is None or bottom == 0:
            return KpiValue(None, top, bottom, version)
        scale = definition.scale
        amounts = tuple((c, a / bottom * scale) for c, a in upper.amounts)
        if top is None:
            return KpiValue(None, top, bottom, version, amounts)
        return KpiValue(top / bottom * scale, top, bottom, version, amounts)
    summary = summaries.get(definition.key, EMPTY)
    if summary.currencies:
        return _money_value(definition, summary)
    if definition.aggregate is Aggregate.COUNT:
        count = Decimal(summary.count)
        return KpiValue(count, count, None, version)
    if definition.aggregate is Aggregate.SUM:
        return KpiValue(summary.total, summary.total, None, version)
    if definition.aggregate is Aggregate.DISTINCT_COUNT:
        distinct = Decimal(summary.distinct)
        return KpiValue(distinct, distinct, None, version)
    count = Decimal(summary.count)
    if count == 0:
        return KpiValue(None, summary.total, count, version)
    return KpiValue(summary.total / count, summary.total, count, version)


def _money_value(definition: MetricDefinition, summary: Summary) -> KpiValue:
    """A SUM or AVERAGE of money: per currency, and a single value only in one currency."""
    average = definition.aggregate is Aggregate.AVERAGE
    amounts = tuple(
        (currency, total / count if average else total)
        for currency, count, total in summary.currencies
        if count or not average
    )
    count = Decimal(summary.count) if average else None
    if len(summary.currencies) > 1:
        return KpiValue(None, None, count, definition.version, amounts)
    if average and not summary.count:
        return KpiValue(None, summary.total, count, definition.version, amounts)
    value = summary.total / summary.count if average else summary.total
    return KpiValue(value, summary.total, count, definition.version, amounts)


class Direction(NamedEnum):
    """Where the value went since the previous period."""

    UP = auto()
    DOWN = auto()
    FLAT = auto()
    UNKNOWN = auto()


@dataclass(frozen=True, slots=True)
class Trend:
    """The change against the previous period and whether that is an improvement."""

    direction: Direction
    change: Decimal | None
    improving: bool | None


def trend(current: Decimal | None, previous: Decimal | None, better: Better) -> Trend:
    """How ``current`` compares with ``previous``; UNKNOWN when either has no value."""
    if current is None or previous is None:
        return Trend(Direction.UNKNOWN, None, None)
    change = current - previous
    if change == 0:
        return Trend(Direction.FLAT, change, None)
    up = change > 0
    return Trend(Direction.UP if up else Direction.DOWN, change, up == (better is Better.HIGHER))


def attainment(value: Decimal | None, target: Decimal | None, better: Better) -> Decimal | None:
    """How far ``value`` is toward ``target`` (1 = reached): value ÷ target, or target ÷ value
    when lower is better; None without a value or a positive target."""
    if value is None or target is None or target <= 0:
        return None
    if better is Better.HIGHER:
        return value / target
    return target / value if value > 0 else None


def team_ranks(values: Mapping[int, Decimal | None], better: Better) -> dict[int, int | None]:
    """Competition ranks (1, 2, 2, 4) by value, best first; a rep with no value is unranked.

    Tied values share a rank and the next rank skips; the tie-breaker is none: equal is equal.
    """
    known = [v for v in values.values() if v is not None]
    ranks: dict[int, int | None] = {}
    for rep, value in values.items():
        if value is None:
            ranks[rep] = None
            continue
        ahead = sum(1 for v in known if (v > value if better is Better.HIGHER else v < value))
        ranks[rep] = ahead + 1
    return ranks
