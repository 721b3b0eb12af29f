"""Metric definitions are data: which facts, which aggregate, which measure, which filters.

Organisations define "a lead" or "a call" differently, so OPS edits definitions
and every edit is a new version. A definition of a base aggregate (COUNT, SUM,
DISTINCT_COUNT, AVERAGE) reads facts of its source kinds; a RATIO divides the
values of two other metrics (calls per worked hour, revenue per customer) and
reads no facts itself. ``contribution`` is what one fact adds to a rollup.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import auto

from gamification.calendar import Grain
from gamification.enums import NamedEnum
from gamification.facts import FULL, Fact
from gamification.hierarchy import Level

SECONDS_PER_HOUR = Decimal(3600)
CURRENCY = "currency"
"""The attribute naming a money fact's currency (ISO 4217): amounts are summed per currency."""


class Aggregate(NamedEnum):
    """How a metric folds its facts (or, for RATIO, two other metrics)."""

    COUNT = auto()  # how many facts
    SUM = auto()  # the sum of the measure
    DISTINCT_COUNT = auto()  # how many different customers
    AVERAGE = auto()  # the sum of the measure over how many facts
    RATIO = auto()  # numerator metric ÷ denominator metric, times the scale


class Measure(NamedEnum):
    """What of a fact a SUM or AVERAGE adds up."""

    QUANTITY = auto()
    AMOUNT = auto()
    DURATION_HOURS = auto()
    ONE = auto()


class Better(NamedEnum):
    """Which way is good."""

    HIGHER = auto()
    LOWER = auto()


@dataclass(frozen=True, slots=True)
class Filter:
    """A fact counts only when its attribute ``attribute`` equals ``value``."""

    attribute: str
    value: str


@dataclass(frozen=True, slots=True)
class MetricDefinition:
    """One version of a metric. ``scale`` multiplies a ratio (100 for a percentage)."""

    key: str
    version: int
    name: str
    description: str
    aggregate: Aggregate
    level: Level
    source_kinds: tuple[str, ...] = ()
    measure: Measure = Measure.ONE
    filters: tuple[Filter, ...] = ()
    numerator: str | None = None
    denominator: str | None = None
    scale: Decimal = Decimal(1)
    unit: str = ""
    better: Better = Better.HIGHER
    default_grain: Grain = Grain.DAY
    quality_pair: str | None = None

    @property
    def is_ratio(self) -> bool:
        """True when the value comes from two other metrics, not from facts."""
        return self.aggregate is Aggregate.RATIO

    def reads(self, kind: str) -> bool:
        """True when facts of ``kind`` may contribute."""
        return not self.is_ratio and kind in self.source_kinds


@dataclass(frozen=True, slots=True)
class Tally:
    """What one fact adds to a rollup: one to the count, its measure to the total, and its
    customer to the distinct keys (DISTINCT_COUNT only)."""

    count: int
    total: Decimal
    distinct_key: str | None = None
    currency: str | None = None
    """The fact's currency when the metric sums or averages money (``Measure.AMOUNT``)."""


def measure_of(measure: Measure, fact: Fact) -> Decimal:
    """The fact's measure (a missing amount or duration is zero)."""
    if measure is Measure.QUANTITY:
        return fact.quantity
    if measure is Measure.AMOUNT:
        return fact.amount or Decimal(0)
    if measure is Measure.DURATION_HOURS:
        return Decimal(fact.duration_seconds or 0) / SECONDS_PER_HOUR
    return Decimal(1)


def contribution(definition: MetricDefinition, fact: Fact) -> Tally | None:
    """What ``fact`` adds to ``definition``'s rollup, or None when it does not count.

    A reversal (``Fact.reversal``) subtracts its measure; a FULL one also takes one off
    the count and its customer off the distinct keys (a negative ``count`` with the key),
    a PARTIAL one neither."""
    if not definition.reads(fact.kind):
        return None
    if any(fact.attribute(f.attribute) != f.value for f in definition.filters):
        return None
    reversal = fact.reversal
    count = 1 if reversal is None else -1 if reversal == FULL else 0
    if definition.aggregate is Aggregate.DISTINCT_COUNT:
        if fact.customer_key is None or count == 0:
            return None
        return Tally(count, Decimal(0), fact.customer_key)
    if definition.measure is Measure.ONE:
        return Tally(count, Decimal(count))
    measure = measure_of(definition.measure, fact)
    currency = fact.attribute(CURRENCY) if definition.measure is Measure.AMOUNT else None
    return Tally(count, measure if reversal is None else -measure, currency=currency)
