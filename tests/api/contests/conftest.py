"""Contests, badges and onboarding through the API, with metric values the test sets.

The API reads metric values through ``services.performance.metric_source``; here a
source backed by two dictionaries stands in for V1's rollups, so each test states
the values it ranks and awards on.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from gamification.badges import PeriodValue
from gamification.calendar import Grain
from services.performance.metric_source import (
    ROLLUPS,
    MetricSource,
    RepValue,
    use_metric_source,
)
from tests.api.approvals.test_delegation_subscriptions import one_server  # noqa: F401  (fixture)

ERRORS = "userErrors { code field message }"


@dataclass
class Values:
    """Per rep: their value over any window, and their values per period (any grain)."""

    totals: dict[int, RepValue] = field(default_factory=dict)
    periods: dict[int, list[PeriodValue]] = field(default_factory=dict)
    metrics: frozenset[str] = frozenset({"calls", "dials", "sales"})

    async def values(
        self,
        session: AsyncSession,
        metric_key: str,
        rep_ids: Sequence[int],
        window: tuple[datetime, datetime],
    ) -> Mapping[int, RepValue]:
        return {r: self.totals[r] for r in rep_ids if r in self.totals}

    async def period_values(
        self, session: AsyncSession, metric_key: str, rep_id: int, grain: Grain, until: datetime
    ) -> Sequence[PeriodValue]:
        return self.periods.get(rep_id, [])

    async def known(self, session: AsyncSession, metric_key: str) -> bool:
        return metric_key in self.metrics

    def set(self, rep_id: int, value: int, reached_at: datetime | None = None) -> None:
        self.totals[rep_id] = RepValue(Decimal(value), reached_at=reached_at)


@pytest.fixture
def values() -> Iterator[Values]:
    found = Values()
    use_metric_source(MetricSource(found.values, found.period_values, found.known))
    yield found
    use_metric_source(ROLLUPS)
