"""Month rollups: a period is read as the whole calendar months inside it (from the month
rollups) and the days outside them (from the day rollups), covering every day once; and the
month rollups the triggers keep are the day rollups summed, after ingest, the Python fold and
a definition's rebuild."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.queries.rollups import split_by_months
from gamification.activities import ActivityInput
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY
from services.performance.activities import record_activities
from services.performance.definitions import update_metric_definition
from services.performance.recompute import recompute
from tests.performance.conftest import make_team, run

DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2029, 12, 31))


@given(DAYS, st.integers(min_value=1, max_value=800))
def test_a_period_is_its_whole_months_and_the_days_outside_them(first: date, days: int) -> None:
    end = first + timedelta(days=days)
    months, rest = split_by_months([(first, end)])
    pieces = sorted([(a, b, "month") for _, a, b in months] + [(a, b, "day") for _, a, b in rest])
    assert pieces[0][0] == first and pieces[-1][1] == end
    assert all(a < b for a, b, _ in pieces)
    assert all(x[1] == y[0] for x, y in pairwise(pieces))  # no gap, no overlap
    for a, b, kind in pieces:
        if kind == "month":
            assert a.day == 1 and b.day == 1
        else:  # days never hold a whole calendar month
            assert not any(
                d.day == 1 and (d + timedelta(days=31)).replace(day=1) <= b
                for d in (a + timedelta(days=i) for i in range((b - a).days))
            )
    assert len(months) <= 1 and len(rest) <= 2


def test_periods_are_numbered_from_one() -> None:
    months, days = split_by_months(
        [(date(2026, 10, 1), date(2027, 1, 1)), (date(2026, 11, 30), date(2026, 12, 7))]
    )
    assert months == [(1, date(2026, 10, 1), date(2027, 1, 1))]
    assert days == [(2, date(2026, 11, 30), date(2026, 12, 7))]


NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)


async def _months(session: AsyncSession) -> int:
    return int(await session.scalar(text("SELECT count(*) FROM metric_month_rollups")) or 0)


async def test_month_rollups_follow_every_writer_of_day_rollups(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    batch = [
        ActivityInput(2, "DIAL", NOW - timedelta(days=d), external_id=f"d{d}") for d in range(40)
    ] + [ActivityInput(2, "EMAIL", NOW - timedelta(days=d)) for d in range(0, 40, 3)]
    await run(sessions, lambda s: record_activities(s, team["ray"], NOW, batch))  # set-based
    await run(sessions, lambda s: record_activities(s, team["ray"], NOW, batch[:5]))  # re-sent
    draft = replace(STANDARD_METRICS_BY_KEY["CALLS"], source_kinds=("DIAL", "EMAIL"))
    await run(sessions, lambda s: update_metric_definition(s, team["ola"], NOW, draft))
    async with sessions() as session:
        assert await _months(session) > 0
        assert await recompute(session) == []  # days match the log, months match the days
        calls = await session.execute(
            text(
                "SELECT month, count FROM metric_month_rollups "
                "WHERE metric = 'CALLS' AND version = 2 ORDER BY month"
            )
        )
        # 40 daily dials back from 30 November, an email every third day: 10 + 4 in October
        assert [tuple(row) for row in calls.all()] == [
            (date(2026, 10, 1), 10 + 4),
            (date(2026, 11, 1), 30 + 10),
        ]
