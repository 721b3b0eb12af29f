"""A definition change recomputes the metric's history without stopping reads: while the
new version is being built (its transaction open, the log locked against new rows), KPI
cards and contest boards read the old version at once; after the commit, the new one."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from gamification.activities import ActivityInput
from gamification.calendar import Grain
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY
from services.performance.activities import record_activities
from services.performance.definitions import update_metric_definition
from services.performance.kpis import KpiSelection, kpis
from services.performance.metric_source import ROLLUPS
from tests.performance.conftest import assert_rollups_match_the_log, make_team, run

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
SELECTION = KpiSelection(
    rep_ids=(2,), metric_keys=("CALLS",), grain=Grain.DAY, on=date(2026, 11, 30)
)
READ_WITHIN = 10  # seconds: a read that waits on the recompute's locks fails the test


async def calls(
    sessions: async_sessionmaker[AsyncSession], ray: Actor
) -> tuple[Decimal | None, int, Decimal]:
    """Ray's CALLS today (value, version) as the KPI card reads it, and as a contest's board
    reads it over the day: each in its own transaction, which must not wait."""

    async def read() -> tuple[Decimal | None, int, Decimal]:
        async with sessions() as session:
            lines = await kpis(session, ray, NOW, SELECTION)
            window = (NOW - timedelta(hours=12), NOW)
            board = await ROLLUPS.values(session, "CALLS", [2], window)
        value = lines[0].value
        return value.value, value.definition_version, board[2].value

    return await asyncio.wait_for(read(), READ_WITHIN)


async def test_reads_go_on_with_the_old_version_while_a_new_one_is_recomputed(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    batch = [
        ActivityInput(2, "DIAL", NOW - timedelta(hours=1)),
        ActivityInput(2, "EMAIL", NOW - timedelta(hours=2)),
    ]
    await run(sessions, lambda s: record_activities(s, team["ray"], NOW, batch))
    draft = replace(STANDARD_METRICS_BY_KEY["CALLS"], source_kinds=("DIAL", "EMAIL"))

    async with sessions() as changing:
        async with changing.begin():
            made = await update_metric_definition(changing, team["ola"], NOW, draft)
            assert made.version == 2
            during = await calls(sessions, team["ray"])  # the recompute holds its locks here
        after = await calls(sessions, team["ray"])

    assert during == (Decimal(1), 1, Decimal(1))
    assert after == (Decimal(2), 2, Decimal(2))
    await assert_rollups_match_the_log(sessions)
