"""Performance queries: activity kinds, metric definitions, KPIs and the rep's KPI card.

KPIs read day rollups (one statement for every rep, metric and both periods);
a rep sees their own, a manager their team's, back office everyone's.
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, date, datetime
from typing import Annotated, TypeVar

import strawberry
from strawberry import relay

from db.queries.activities import settings_row
from gamification.calendar import Grain
from gamification.profile import profile
from resolvers.mutation import decode_id
from resolvers.reading import read
from schema.errors import BadUserInput, Forbidden, NotFound
from schema.money import money
from schema.permissions import require_viewer, signed_in
from schema.text_limits import MaxLength
from schema.types.performance.enums import KpiGrain
from schema.types.performance.kpis import (
    HierarchyLevelStanding,
    Kpi,
    KpiCard,
    KpiExplanation,
    KpiTrend,
    kpi_decimal,
)
from schema.types.performance.metrics import ActivityKind, MetricDefinition
from schema.types.performance.settings import PerformanceSettings
from services.performance.context import DEFAULT_TOLERANCE, load_definitions, load_kinds
from services.performance.kpis import KpiLine, KpiSelection, kpis
from services.refusal import Code, Refused

T = TypeVar("T")
MAX_REPS = 200
MAX_METRICS = 50
DEFAULT_SECONDS = int(DEFAULT_TOLERANCE.total_seconds())

Reps = Annotated[
    list[relay.GlobalID] | None,
    strawberry.argument(description="These reps (Users; at most 200); you by default."),
]
Team = Annotated[
    relay.GlobalID | None,
    strawberry.argument(description="Every rep under this manager (a User), instead of `reps`."),
]
Metrics = Annotated[
    list[Annotated[str, MaxLength(64)]] | None,
    strawberry.argument(description="These metric keys (at most 50); every metric by default."),
]
GrainArgument = Annotated[
    KpiGrain,  # type: ignore[valid-type]
    strawberry.argument(description="The period length; DAY by default."),
]
On = Annotated[
    date | None,
    strawberry.argument(description="A day inside the period; today in your time zone by default."),
]


async def answered(work: Awaitable[T]) -> T:
    """``work``'s value; a refusal becomes the matching top-level error."""
    try:
        return await work
    except Refused as refused:
        first = refused.refusals[0]
        argument = ".".join(first.field)
        if first.code is Code.NOT_FOUND:
            raise NotFound(first.message, argument=argument) from refused
        if first.code is Code.FORBIDDEN:
            raise Forbidden(first.message, argument=argument) from refused
        raise BadUserInput(first.message, argument=argument) from refused


def kpis_of(lines: list[KpiLine]) -> list[Kpi]:
    """The lines as API values; each definition becomes its API type once, not once a rep."""
    metrics = {line.definition: MetricDefinition.of(line.definition) for line in lines}
    return [kpi_of(line, metrics[line.definition]) for line in lines]


def kpi_card(lines: list[KpiLine], first: int | None = None) -> KpiCard:
    """One rep's KPI lines as their card: the KPIs (the first ``first`` when given) and the
    hierarchy profile they all make."""
    definitions = {line.definition.key: line.definition for line in lines}
    values = {line.definition.key: line.value for line in lines}
    targets = {line.definition.key: line.target for line in lines if line.target is not None}
    standings = profile(definitions, values, targets).levels
    return KpiCard(
        kpis=kpis_of(lines if first is None else lines[:first]),
        kpi_count=len(lines),
        profile=[
            HierarchyLevelStanding(
                level=s.level,
                standing=s.standing,
                attainment=kpi_decimal(s.attainment),
                metrics=list(s.metrics),
            )
            for s in standings
        ],
    )


def kpi_of(line: KpiLine, metric: MetricDefinition) -> Kpi:
    value = line.value
    return Kpi(
        rep_id=relay.GlobalID("User", str(line.rep_id)),
        metric=metric,
        period_label=line.period.label,
        period_start=line.period.start,
        period_end=line.period.end,
        value=kpi_decimal(value.value),
        amounts=[money(amount, currency) for currency, amount in value.amounts],
        target=kpi_decimal(line.target),
        attainment=kpi_decimal(line.attainment),
        trend=KpiTrend(
            direction=line.trend.direction,
            change=kpi_decimal(line.trend.change),
            improving=line.trend.improving,
            previous_value=kpi_decimal(line.previous.value),
        ),
        rank=line.rank,
        ranked_among=line.ranked_among,
        explanation=KpiExplanation(
            numerator=kpi_decimal(value.numerator),
            denominator=kpi_decimal(value.denominator),
            definition_version=value.definition_version,
        ),
    )


def _rep_ids(reps: list[relay.GlobalID] | None) -> tuple[int, ...]:
    if reps is not None and len(reps) > MAX_REPS:
        raise BadUserInput("At most 200 reps.", argument="reps")
    return tuple(decode_id(r, "User", ("reps", str(i))) for i, r in enumerate(reps or []))


@strawberry.type
class PerformanceQueries:
    @strawberry.field(extensions=signed_in(), description="Every activity kind. Anyone signed in.")
    async def activity_kinds(self, info: strawberry.Info) -> list[ActivityKind]:
        return [ActivityKind.from_row(k) for k in (await read(info, load_kinds)).values()]

    @strawberry.field(
        extensions=signed_in(),
        description="The organisation's performance settings. Anyone signed in.",
    )
    async def performance_settings(self, info: strawberry.Info) -> PerformanceSettings:
        row = await read(info, settings_row)
        return PerformanceSettings(
            week_start=row.week_start if row else 0,
            future_tolerance_seconds=row.future_tolerance_seconds if row else DEFAULT_SECONDS,
        )

    @strawberry.field(
        extensions=signed_in(),
        description="The current version of every metric definition. Anyone signed in.",
    )
    async def metric_definitions(self, info: strawberry.Info) -> list[MetricDefinition]:
        return [MetricDefinition.of(d) for d in (await read(info, load_definitions)).values()]

    @strawberry.field(
        extensions=signed_in(),
        description=(
            "KPIs per rep per metric for the period holding `on`: value, target, trend against "
            "the previous period, rank among the reps asked for, and the explanation. A rep "
            "sees their own, a manager their team's, OPS, FINANCE and ADMIN everyone's; "
            "someone else's rep or team is NOT_FOUND."
        ),
    )
    async def kpis(
        self,
        info: strawberry.Info,
        reps: Reps = None,
        team: Team = None,
        metrics: Metrics = None,
        grain: GrainArgument = Grain.DAY,
        on: On = None,
    ) -> list[Kpi]:
        viewer = require_viewer(info)
        if metrics is not None and len(metrics) > MAX_METRICS:
            raise BadUserInput("At most 50 metrics.", argument="metrics")
        try:
            selection = KpiSelection(
                rep_ids=_rep_ids(reps),
                team_of=None if team is None else decode_id(team, "User", ("team",)),
                metric_keys=tuple(metrics or ()),
                grain=grain,
                on=on,
            )
        except Refused as refused:
            raise NotFound(refused.refusals[0].message, argument="reps") from refused
        now = datetime.now(UTC)
        lines = await answered(read(info, kpis, viewer, now, selection))
        return kpis_of(lines)

    @strawberry.field(
        extensions=signed_in(),
        description=(
            "Your KPI card: every metric for the period holding `on`, and where on the "
            "revenue hierarchy you are strong or weak against your targets. Anyone signed in."
        ),
    )
    async def my_kpi_card(
        self,
        info: strawberry.Info,
        grain: GrainArgument = Grain.DAY,
        on: On = None,
    ) -> KpiCard:
        viewer = require_viewer(info)
        selection = KpiSelection(grain=grain, on=on)
        lines = await answered(read(info, kpis, viewer, datetime.now(UTC), selection))
        return kpi_card(lines)
