"""What reading and writing performance facts needs from storage, loaded in few statements:
activity kinds, current metric definitions, rep time zones, the period calendar.

Standard kinds and metric definitions (version 1) are the engine's built-ins;
stored rows (OPS's kinds, newer versions) override them key by key. So a fresh
or emptied database still has the standard set.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.ext.asyncio import AsyncSession

from db.codec.performance import definition_of
from db.queries import activities as log
from db.queries import commissions as commission_queries
from db.queries import metric_definitions as stored
from gamification.calendar import PeriodCalendar
from gamification.hierarchy import STANDARD_BY_KEY, KindSpec, Level
from gamification.metrics import MetricDefinition
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY

MAX_BATCH = 1000
DEFAULT_TOLERANCE = timedelta(minutes=5)

Definitions = dict[str, MetricDefinition]


def zone_named(name: str) -> tzinfo:
    """The IANA zone ``name``; UTC when the name is unknown (the setter refuses those)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def is_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone this machine knows."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def load_kinds(session: AsyncSession) -> dict[str, KindSpec]:
    kinds = dict(STANDARD_BY_KEY)
    for row in await log.kind_rows(session):
        kinds[row.key] = KindSpec(
            row.key, Level(row.level), row.name, row.worked_time, row.recordable
        )
    return kinds


async def load_definitions(session: AsyncSession) -> Definitions:
    """The current version of every metric."""
    definitions = dict(STANDARD_METRICS_BY_KEY)
    for row in await stored.current_definition_rows(session):
        definitions[row.key] = definition_of(row.definition)
    return definitions


async def load_zones(session: AsyncSession, rep_ids: Collection[int]) -> dict[int, tzinfo]:
    names = await log.time_zones(session, rep_ids)
    return {rep: zone_named(name) for rep, name in names.items()}


@dataclass(frozen=True, slots=True)
class Settings:
    calendar: PeriodCalendar
    future_tolerance: timedelta


async def load_settings(session: AsyncSession) -> Settings:
    """The period calendar (fiscal first month from the commission calendar, the week start
    from the performance settings) and the future tolerance."""
    fiscal = await commission_queries.calendar_row(session)
    row = await log.settings_row(session)
    first_month = fiscal.first_month if fiscal else 1
    named_by_end_year = fiscal.named_by_end_year if fiscal else True
    week_start = row.week_start if row else 0
    tolerance = timedelta(seconds=row.future_tolerance_seconds) if row else DEFAULT_TOLERANCE
    return Settings(PeriodCalendar(first_month, week_start, named_by_end_year), tolerance)
