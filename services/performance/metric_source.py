"""Where contests and badges read metric values: a small protocol, plugged in at merge.

V1's rollups (``services/performance/metric_values.py``) answer "what is this metric's
value for these reps over this window" from per-day aggregates. Contests and badges
only need that answer, so they take a ``MetricSource`` and never read activities
themselves. Until V1's source is plugged in with ``use_metric_source`` (the lead's
wiring point), the ``UNWIRED`` source knows the standard metric keys and reports
zero for every rep and no periods (a contest then ranks everyone level, by the
tie-breaker; tests plug in their own values).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from gamification.badges import PeriodValue
from gamification.calendar import Grain

STANDARD_METRIC_KEYS = frozenset(
    {
        "calls",
        "contacts",
        "calls_per_hour",
        "contacts_per_hour",
        "sales_per_hour",
        "revenue_per_hour",
        "revenue_per_call",
        "sales",
        "revenue",
        "average_ticket",
        "slippage_count",
        "slippage_amount",
        "slippage_rate",
        "leads",
        "transfers",
        "transfers_per_hour",
        "transfer_conversion",
        "crm_usage",
        "content_shared",
        "training_completed",
    }
)
"""The issue's standard metric set, until V1's definitions answer which keys exist."""


@dataclass(frozen=True, slots=True)
class RepValue:
    """A rep's value over a window, their own target there (ramped for new hires) and when
    they reached the value (the contest tie-breaker)."""

    value: Decimal
    target: Decimal | None = None
    reached_at: datetime | None = None


class MetricValues(Protocol):
    """Each rep's value of ``metric_key`` over ``[start, end)``; a rep left out has none."""

    async def __call__(
        self,
        session: AsyncSession,
        metric_key: str,
        rep_ids: Sequence[int],
        window: tuple[datetime, datetime],
    ) -> Mapping[int, RepValue]: ...


class PeriodValues(Protocol):
    """A rep's value of ``metric_key`` per period of ``grain`` up to ``until``, oldest first."""

    async def __call__(
        self, session: AsyncSession, metric_key: str, rep_id: int, grain: Grain, until: datetime
    ) -> Sequence[PeriodValue]: ...


class KnownMetric(Protocol):
    """Whether a metric with this key is defined."""

    async def __call__(self, session: AsyncSession, metric_key: str) -> bool: ...


@dataclass(frozen=True, slots=True)
class MetricSource:
    values: MetricValues
    period_values: PeriodValues
    known: KnownMetric


async def _no_values(
    session: AsyncSession,
    metric_key: str,
    rep_ids: Sequence[int],
    window: tuple[datetime, datetime],
) -> Mapping[int, RepValue]:
    return {}


async def _no_periods(
    session: AsyncSession, metric_key: str, rep_id: int, grain: Grain, until: datetime
) -> Sequence[PeriodValue]:
    return ()


async def _standard(session: AsyncSession, metric_key: str) -> bool:
    return metric_key in STANDARD_METRIC_KEYS


UNWIRED = MetricSource(_no_values, _no_periods, _standard)
_current = [UNWIRED]


def metric_source() -> MetricSource:
    """The source the API's contests and badges read (``UNWIRED`` until one is plugged in)."""
    return _current[0]


def use_metric_source(source: MetricSource) -> None:
    """Plug in the source (V1's rollups at start-up; a test's own values)."""
    _current[0] = source
