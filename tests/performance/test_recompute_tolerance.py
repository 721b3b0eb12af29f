"""Worked hours are seconds ÷ 3600, inexact in Decimal: rollups kept batch by batch and a
recompute folding the whole log differ in the last of 28 digits, which is not drift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from gamification.facts import Fact
from services.performance.recompute import recompute
from services.performance.rollups import record_facts
from tests.performance.conftest import make_team, run

DAY = datetime(2026, 11, 16, 1, tzinfo=UTC)


async def test_shifts_of_odd_seconds_recorded_one_by_one_show_no_drift(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await make_team(sessions)
    for n in range(40):  # 40 × 1001 s: over 11 hours of thirds of a second
        shift = Fact(
            2, "SHIFT", DAY + timedelta(minutes=n), duration_seconds=1001, external_id=f"s{n}"
        )
        await run(sessions, lambda s, f=shift: record_facts(s, [f]))

    found = await run(sessions, recompute)

    assert found.value == []
