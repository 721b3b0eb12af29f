"""Badges: levels earned when a metric's value in one period reaches a threshold.

A rule reads one metric per period of a grain ("first sale": sales in a day ≥ 1;
"100 dials in a day": dials per day ≥ 100; "ten transfers converted in a week":
converted transfers per week ≥ 10), with ascending thresholds, one per level. Each
level is awarded once, for the first period (in the order given) whose value reaches
it, and the award carries the facts that earned it: the period, the value, the
threshold.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass
from decimal import Decimal

from gamification.calendar import Grain


@dataclass(frozen=True, slots=True)
class BadgeRule:
    key: str
    metric_key: str
    grain: Grain
    thresholds: tuple[Decimal, ...]
    """Level 1's threshold first; strictly ascending, positive and finite."""


def rule_problems(rule: BadgeRule) -> tuple[str, ...]:
    """Why the thresholds do not make levels (empty when they do)."""
    found: list[str] = []
    if not rule.thresholds:
        found.append("A badge has at least one level.")
    if any(not t.is_finite() or t <= 0 for t in rule.thresholds):
        found.append("Every threshold is a positive, finite number.")
    elif any(b <= a for a, b in zip(rule.thresholds, rule.thresholds[1:], strict=False)):
        found.append("Thresholds rise strictly from one level to the next.")
    return tuple(found)


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """The metric's value in one period (label as ``gamification.calendar.Period``)."""

    period: str
    value: Decimal


@dataclass(frozen=True, slots=True)
class Award:
    """A level earned, explained: in ``period`` the value ``value`` reached ``threshold``."""

    level: int
    period: str
    value: Decimal
    threshold: Decimal

    @property
    def explanation(self) -> str:
        return f"{self.value} in {self.period} reached {self.threshold} (level {self.level})"


def due_awards(
    rule: BadgeRule, values_by_period: Sequence[PeriodValue], already_awarded_levels: Set[int]
) -> tuple[Award, ...]:
    """The levels not yet awarded that a period's value reaches, each once, for the first
    such period; evaluating again with these awarded gives nothing more."""
    awards: list[Award] = []
    for level, threshold in enumerate(rule.thresholds, start=1):
        if level in already_awarded_levels:
            continue
        first = next((v for v in values_by_period if v.value >= threshold), None)
        if first is not None:
            awards.append(Award(level, first.period, first.value, threshold))
    return tuple(awards)
