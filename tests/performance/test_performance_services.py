"""The performance use cases on PostgreSQL, without GraphQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gamification.activities import ActivityInput
from gamification.calendar import Grain
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY
from services.performance.activities import record_activities
from services.performance.definitions import update_metric_definition
from services.performance.kpis import KpiSelection, kpis
from services.performance.recompute import recompute
from services.refusal import Code
from tests.performance.conftest import assert_rollups_match_the_log, make_team, run

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


def dial(rep: int, hours_ago: int, external: str | None = None) -> ActivityInput:
    return ActivityInput(rep, "DIAL", NOW - timedelta(hours=hours_ago), external_id=external)


async def test_a_recorded_batch_rolls_up_and_a_resent_one_adds_nothing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    batch = [dial(2, 1, "a"), dial(2, 2, "b"), dial(3, 1, "c")]
    first = await run(sessions, lambda s: record_activities(s, team["mia"], NOW, batch))
    again = await run(sessions, lambda s: record_activities(s, team["mia"], NOW, batch))
    assert first.value is not None and (first.value.recorded, first.value.already_known) == (3, 0)
    assert again.value is not None and (again.value.recorded, again.value.already_known) == (0, 3)
    selection = KpiSelection(
        team_of=1, metric_keys=("CALLS",), grain=Grain.MONTH, on=date(2026, 11, 30)
    )
    lines = await run(sessions, lambda s: kpis(s, team["mia"], NOW, selection))
    assert lines.value is not None
    assert [(line.rep_id, line.value.value, line.rank) for line in lines.value] == [
        (2, Decimal(2), 1),
        (3, Decimal(1), 2),
    ]
    await assert_rollups_match_the_log(sessions)


async def test_a_rep_may_not_record_for_another_rep_and_nothing_is_stored(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    batch = [dial(2, 1), dial(3, 1)]
    refused = await run(sessions, lambda s: record_activities(s, team["ray"], NOW, batch))
    assert [(r.code, r.field) for r in refused.refusals] == [
        (Code.FORBIDDEN, ("input", "activities", "1", "repId"))
    ]
    await assert_rollups_match_the_log(sessions)


async def test_a_new_definition_version_is_computed_from_the_log(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    batch = [dial(2, 1), ActivityInput(2, "EMAIL", NOW - timedelta(hours=1))]
    await run(sessions, lambda s: record_activities(s, team["ray"], NOW, batch))
    wider = STANDARD_METRICS_BY_KEY["CALLS"]
    from dataclasses import replace

    draft = replace(wider, source_kinds=("DIAL", "EMAIL"))
    made = await run(sessions, lambda s: update_metric_definition(s, team["ola"], NOW, draft))
    assert made.value is not None and made.value.version == 2
    selection = KpiSelection(
        rep_ids=(2,), metric_keys=("CALLS",), grain=Grain.DAY, on=date(2026, 11, 30)
    )
    lines = await run(sessions, lambda s: kpis(s, team["ray"], NOW, selection))
    assert lines.value is not None
    assert (lines.value[0].value.value, lines.value[0].value.definition_version) == (Decimal(2), 2)
    await assert_rollups_match_the_log(sessions)


async def test_a_tampered_rollup_is_found_as_drift_and_repaired(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    from sqlalchemy import text

    team = await make_team(sessions)
    await run(sessions, lambda s: record_activities(s, team["ray"], NOW, [dial(2, 1)]))
    async with sessions.begin() as session:
        await session.execute(text("UPDATE metric_rollups SET count = 9 WHERE metric = 'CALLS'"))

    found = await run(sessions, lambda s: recompute(s, ["CALLS"], repair=True))
    after = await run(sessions, recompute)

    assert found.value is not None
    assert [(d.metric, d.rep_id, d.stored[0], d.computed[0]) for d in found.value] == [
        ("CALLS", 2, 9, 1)
    ]
    assert after.value == []


async def test_facts_logged_twice_count_once_and_metric_values_has_every_rep(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    from gamification.calendar import PeriodCalendar
    from gamification.facts import Fact
    from services.performance.kpis import metric_values
    from services.performance.rollups import record_facts

    await make_team(sessions)
    slipped = Fact(2, "SLIPPAGE", NOW, amount=Decimal(500), external_id="quote:7:slip:1")
    first = await run(sessions, lambda s: record_facts(s, [slipped]))
    again = await run(sessions, lambda s: record_facts(s, [slipped]))
    month = PeriodCalendar().period_of(date(2026, 11, 30), Grain.MONTH)

    values = await run(sessions, lambda s: metric_values(s, "SLIPPAGE_AMOUNT", [2, 3], month))

    assert (first.value, again.value) == (1, 0)
    assert values.value is not None
    assert {rep: v.value for rep, v in values.value.items()} == {2: Decimal(500), 3: Decimal(0)}
