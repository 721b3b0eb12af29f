"""Where on the revenue hierarchy a rep or a team is strong and where weak.

For each level, the attainment of that level's metrics against their targets
(value ÷ target, inverted when lower is better) is averaged; a level at or
above ``strong_at`` is STRONG, below is WEAK, and a level with no targeted
metric says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import auto

from gamification.enums import NamedEnum
from gamification.hierarchy import Level
from gamification.metrics import MetricDefinition
from gamification.values import KpiValue, attainment


class Standing(NamedEnum):
    """How a level stands against its targets."""

    STRONG = auto()
    WEAK = auto()
    NO_TARGETS = auto()


@dataclass(frozen=True, slots=True)
class LevelStanding:
    """One level: the mean attainment of its targeted metrics and which metrics counted."""

    level: Level
    standing: Standing
    attainment: Decimal | None
    metrics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HierarchyProfile:
    """Every level in hierarchy order."""

    levels: tuple[LevelStanding, ...]

    def of(self, level: Level) -> LevelStanding:
        """The standing of ``level``."""
        return next(s for s in self.levels if s.level is level)


def profile(
    definitions: Mapping[str, MetricDefinition],
    values: Mapping[str, KpiValue],
    targets: Mapping[str, Decimal],
    strong_at: Decimal = Decimal(1),
) -> HierarchyProfile:
    """The profile from metric values and targets by metric key (a value with no target or a
    target with no value counts as not targeted; a missing value of a targeted metric is 0)."""
    levels: list[LevelStanding] = []
    for level in Level:
        parts: list[tuple[str, Decimal]] = []
        for key, definition in sorted(definitions.items()):
            if definition.level is not level or key not in targets:
                continue
            value = values.get(key)
            reached = attainment(
                value.value if value and value.value is not None else Decimal(0),
                targets[key],
                definition.better,
            )
            if reached is not None:
                parts.append((key, reached))
        if not parts:
            levels.append(LevelStanding(level, Standing.NO_TARGETS, None, ()))
            continue
        mean = sum((p for _, p in parts), Decimal(0)) / len(parts)
        standing = Standing.STRONG if mean >= strong_at else Standing.WEAK
        levels.append(LevelStanding(level, standing, mean, tuple(k for k, _ in parts)))
    return HierarchyProfile(tuple(levels))
