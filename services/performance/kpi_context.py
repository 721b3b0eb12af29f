"""What a KPI or contest read needs before it sums rollups, in one statement.

The current definitions (each stored one decoded once for the read), the period
calendar, the time zone and manager of each rep involved, and the targets that may
apply: ``load_kpi_context`` reads them together instead of one statement each, so a
KPI card costs two statements (this and the rollup sums) whatever it shows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, tzinfo
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.codec.performance import definition_of
from db.queries.metric_definitions import kpi_reading
from gamification.calendar import Grain, PeriodCalendar
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY
from services.performance.context import Definitions, zone_named
from services.performance.targets import TargetRow


@dataclass(frozen=True, slots=True)
class KpiContext:
    definitions: Definitions
    calendar: PeriodCalendar
    zones: dict[int, tzinfo]
    """Each rep's zone (the reps asked about that exist)."""
    managers: dict[int, int | None]
    """Each rep's manager (for team targets)."""
    targets: tuple[TargetRow, ...]

    def targets_at(self, grain: Grain) -> list[TargetRow]:
        return [t for t in self.targets if t.grain == grain.value]


async def load_kpi_context(
    session: AsyncSession,
    rep_ids: Collection[int],
    metrics: Collection[str] | None = None,
    grain: Grain | None = None,
) -> KpiContext:
    """The context for ``rep_ids``, with the targets of ``metrics`` at ``grain`` (``None``:
    every metric, every grain). Stored definitions override the standard ones key by key."""
    row = await kpi_reading(session, rep_ids, metrics, None if grain is None else grain.value)
    definitions = dict(STANDARD_METRICS_BY_KEY)
    for data in row.definitions:
        definition = definition_of(data)
        definitions[definition.key] = definition
    calendar = PeriodCalendar(
        1 if row.first_month is None else row.first_month,
        0 if row.week_start is None else row.week_start,
        row.named_by_end_year is not False,
    )
    zones = {rep: zone_named(zone) for rep, zone, _ in row.people}
    managers = {rep: manager for rep, _, manager in row.people}
    targets = tuple(
        TargetRow(
            metric,
            rep,
            team,
            grain_key,
            None if start is None else date.fromisoformat(start),
            Decimal(target),
        )
        for metric, rep, team, grain_key, start, target in row.targets
    )
    return KpiContext(definitions, calendar, zones, managers, targets)
