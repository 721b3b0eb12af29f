"""Day rollups: facts folded per (metric, version, rep, local day in the rep's zone).

The storage keeps exactly these rows (count, total, distinct keys), upserted in
the transaction that records the facts; a period sums its days. Folding is a
commutative monoid, so a batch split in two folds to the same rollups as the
whole (a property test holds it), and a full recompute from the log must equal
what was kept incrementally.

Distinct keys are counted (a multiset): a reversal takes its customer back out, and a
key counts while more facts brought it than took it back. Storage keeps the keys
present; a batch whose net takes a key out (``removed_keys``) makes the writer check the
log for other facts still bringing it that day.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, tzinfo
from decimal import Decimal

from gamification.calendar import local_day
from gamification.facts import Fact
from gamification.metrics import MetricDefinition, contribution
from gamification.values import Summary


@dataclass(frozen=True, slots=True, order=True)
class DayKey:
    """Which rollup row: metric key and version, rep and the rep's local day."""

    metric: str
    version: int
    rep_id: int
    day: date


@dataclass(slots=True)
class DayRollup:
    """A rollup row's content: how many facts, their total, the distinct keys seen (each
    with how many facts brought it, net of reversals)."""

    count: int = 0
    total: Decimal = Decimal(0)
    key_counts: Counter[str] = field(default_factory=Counter)
    currency_counts: Counter[str] = field(default_factory=Counter)
    """Money metrics: how many facts per currency (a reversal takes one back)."""
    currency_totals: dict[str, Decimal] = field(default_factory=dict)
    """Money metrics: the total per currency (never added across currencies)."""

    def add_currency(self, currency: str, count: int, total: Decimal) -> None:
        """Add ``count`` facts totalling ``total`` in ``currency``."""
        self.currency_counts[currency] += count
        self.currency_totals[currency] = self.currency_totals.get(currency, Decimal(0)) + total

    @property
    def distinct_keys(self) -> set[str]:
        """The keys present: brought by more facts than took them back."""
        return {key for key, n in self.key_counts.items() if n > 0}

    @property
    def removed_keys(self) -> set[str]:
        """The keys taken back by more facts than brought them (in this fold)."""
        return {key for key, n in self.key_counts.items() if n < 0}

    def merge(self, other: DayRollup) -> None:
        """Add ``other`` into this rollup."""
        self.count += other.count
        self.total += other.total
        self.key_counts.update(other.key_counts)
        for currency, total in other.currency_totals.items():
            self.add_currency(currency, other.currency_counts[currency], total)


Rollups = dict[DayKey, DayRollup]


def fold(
    facts: Iterable[Fact],
    definitions: Iterable[MetricDefinition],
    zone_of: Callable[[int], tzinfo],
) -> Rollups:
    """The rollups ``facts`` add under ``definitions`` (ratios add none)."""
    readers: dict[str, list[MetricDefinition]] = {}
    for definition in definitions:
        for kind in () if definition.is_ratio else definition.source_kinds:
            readers.setdefault(kind, []).append(definition)
    rollups: Rollups = {}
    for fact in facts:
        day = local_day(fact.occurred_at, zone_of(fact.rep_id))
        for definition in readers.get(fact.kind, ()):
            tally = contribution(definition, fact)
            if tally is None:
                continue
            key = DayKey(definition.key, definition.version, fact.rep_id, day)
            row = rollups.setdefault(key, DayRollup())
            row.count += tally.count
            row.total += tally.total
            if tally.distinct_key is not None:
                row.key_counts[tally.distinct_key] += tally.count
            if tally.currency is not None:
                row.add_currency(tally.currency, tally.count, tally.total)
    return rollups


def merge_all(parts: Iterable[Rollups]) -> Rollups:
    """The rollups of several folds together."""
    merged: Rollups = {}
    for part in parts:
        for key, row in part.items():
            merged.setdefault(key, DayRollup()).merge(row)
    return merged


def summarize(rows: Iterable[DayRollup]) -> Summary:
    """The period summary of day rows of one metric and rep (distinct keys across the days)."""
    count, total, keys = 0, Decimal(0), set[str]()
    money = DayRollup()
    for row in rows:
        count += row.count
        total += row.total
        keys |= row.distinct_keys
        for currency, amount in row.currency_totals.items():
            money.add_currency(currency, row.currency_counts[currency], amount)
    currencies = tuple(
        (c, money.currency_counts[c], money.currency_totals[c])
        for c in sorted(money.currency_totals)
        if money.currency_counts[c] or money.currency_totals[c]  # not all taken back
    )
    return Summary(count, total, len(keys), currencies)


def summaries_by_metric(
    rollups: Mapping[DayKey, DayRollup], rep_id: int, first: date, end: date
) -> dict[str, Summary]:
    """One rep's summaries per metric key over local days ``[first, end)``."""
    grouped: dict[str, list[DayRollup]] = {}
    for key, row in rollups.items():
        if key.rep_id == rep_id and first <= key.day < end:
            grouped.setdefault(key.metric, []).append(row)
    return {metric: summarize(rows) for metric, rows in grouped.items()}
