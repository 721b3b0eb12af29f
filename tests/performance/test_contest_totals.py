"""Contest totals kept as facts arrive give the same boards as summing the day rollups.

Random facts for reps in three zones (Bangkok, New York, UTC) around random contest windows
(edges at any minute, so local days split differently per zone), some recorded before the
enrolment (summed when the spans are set) and some after (added by the rollup upsert);
every metric shape: sums, counts, averages, ratios, and distinct counts (which keep no
totals and read the day rollups). The recompute then finds no drift in rollups or totals.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import gamification.contests as engine
from db.models.performance_contests import Contest
from gamification.facts import Fact, attributes_of
from gamification.standard_metrics import STANDARD_METRICS_BY_KEY
from services.performance.contest_results import contest_board
from services.performance.contests import Enrolment, NewContest, create_contest, enrol_in_contest
from services.performance.definitions import update_metric_definition
from services.performance.metric_source import ROLLUPS, MetricSource
from services.performance.recompute import recompute
from services.performance.rollups import record_facts
from tests.performance.conftest import assert_rollups_match_the_log, make_team, run

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
DAY_SUMS = MetricSource(ROLLUPS.values, ROLLUPS.period_values, ROLLUPS.known)
"""The old way: every board summed from the day rollups over the window so far."""
METRICS = (
    "CALLS",
    "SALES",
    "REVENUE",
    "AVERAGE_DEAL_SIZE",
    "CALLS_PER_HOUR",
    "CUSTOMERS",
    "AVERAGE_TICKET",
)

MONEY = frozenset({"REVENUE", "AVERAGE_DEAL_SIZE", "AVERAGE_TICKET"})
"""The money metrics above: their contests count one currency (read from the day rollups)."""


def random_facts(rng: random.Random, n: int, tag: str) -> list[Fact]:
    facts = []
    for i in range(n):
        at = NOW - timedelta(minutes=rng.randrange(0, 12 * 24 * 60))
        rep = rng.choice((1, 2, 3))
        kind = rng.choice(("DIAL", "DIAL", "EMAIL", "SHIFT", "SALE"))
        facts.append(
            Fact(
                rep,
                kind,
                at,
                Decimal(rng.randrange(1, 4)),
                Decimal(rng.randrange(1, 10_000)) / 100 if kind == "SALE" else None,
                # whole 36 s steps: exact hundredths of an hour (the day rollups' own drift check
                # compares Decimal sums, and x / 3600 is inexact for other durations)
                rng.randrange(17, 800) * 36 if kind == "SHIFT" else None,
                f"c{rng.randrange(5)}" if kind == "SALE" else None,
                external_id=f"{tag}{i}",
                # one currency: a money contest (in USD) then reads what the day rollups sum
                attributes=attributes_of({"currency": "USD"}) if kind == "SALE" else (),
            )
        )
    return facts


async def boards(
    sessions: async_sessionmaker[AsyncSession], ids: list[int], now: datetime
) -> list[tuple[engine.Standings, engine.Standings]]:
    async with sessions.begin() as session:
        found = []
        for contest_id in ids:
            contest = await session.get(Contest, contest_id)
            assert contest is not None
            kept = await contest_board(session, contest, now, ROLLUPS)
            summed = await contest_board(session, contest, now, DAY_SUMS)
            found.append((kept.standings, summed.standings))
        return found


async def test_boards_from_kept_totals_equal_boards_summed_from_day_rollups(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    rng = random.Random(20261130)
    await run(sessions, lambda s: record_facts(s, random_facts(rng, 300, "a")))
    ids = []
    for n in range(12):
        starts = NOW - timedelta(minutes=rng.randrange(60, 11 * 24 * 60))
        ends = min(NOW, starts + timedelta(minutes=rng.randrange(30, 6 * 24 * 60)))
        if n % 3 == 2:
            ends = NOW + timedelta(days=3)  # still running: the board reads up to now
        team_score = engine.TeamScore.SUM if n % 4 == 3 else None
        new = NewContest(
            f"Contest {n}",
            engine.ContestKind.RACE,
            METRICS[n % len(METRICS)],
            starts,
            ends,
            team_score=team_score,
            currency="USD" if METRICS[n % len(METRICS)] in MONEY else None,
        )
        made = await run(
            sessions, lambda s, n=new, t=starts: create_contest(s, team["ola"], t, n, ROLLUPS)
        )
        assert made.value is not None
        contest_id = made.value.id
        enrolments = (
            [Enrolment(team_manager_id=1)]
            if team_score
            else [Enrolment(rep_id=rep) for rep in (1, 2, 3)]
        )
        before = starts - timedelta(days=1)
        for enrolment in enrolments:
            done = await run(
                sessions,
                lambda s, e=enrolment, c=contest_id, b=before: enrol_in_contest(
                    s, team["ola"], b, c, e
                ),
            )
            assert not done.refusals
        ids.append(contest_id)
    await run(sessions, lambda s: record_facts(s, random_facts(rng, 300, "b")))

    for kept, summed in await boards(sessions, ids, NOW):
        assert kept == summed
    assert any(row.value for kept, _ in await boards(sessions, ids, NOW) for row in kept.rows)
    await assert_rollups_match_the_log(sessions)

    # a definition change rewrites the totals with the new version's history
    wider = replace(STANDARD_METRICS_BY_KEY["CALLS"], source_kinds=("DIAL", "EMAIL"))
    changed = await run(sessions, lambda s: update_metric_definition(s, team["ola"], NOW, wider))
    assert changed.value is not None and changed.value.version == 2
    await run(sessions, lambda s: record_facts(s, random_facts(rng, 100, "c")))
    for kept, summed in await boards(sessions, ids, NOW):
        assert kept == summed
    await assert_rollups_match_the_log(sessions)


async def test_a_tampered_contest_total_is_found_as_drift_and_repaired(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    starts = NOW - timedelta(days=2)
    new = NewContest("Calls", engine.ContestKind.RACE, "CALLS", starts, NOW + timedelta(days=1))
    made = await run(sessions, lambda s: create_contest(s, team["ola"], NOW, new, ROLLUPS))
    assert made.value is not None
    contest_id = made.value.id
    early = starts - timedelta(days=1)
    for rep in (2, 3):
        done = await run(
            sessions,
            lambda s, r=rep: enrol_in_contest(s, team["ola"], early, contest_id, Enrolment(r)),
        )
        assert not done.refusals
    dial = Fact(2, "DIAL", NOW - timedelta(hours=1), external_id="d")
    await run(sessions, lambda s: record_facts(s, [dial]))
    async with sessions.begin() as session:
        spans = (await session.execute(text("SELECT rep_id, metric FROM contest_spans"))).all()
        assert sorted(tuple(s) for s in spans) == [(2, "CALLS"), (3, "CALLS")]
        await session.execute(text("UPDATE contest_totals SET count = 7"))

    found = await run(sessions, lambda s: recompute(s, ["CALLS"], repair=True))

    assert found.value is not None
    assert [
        (d.contest_id, d.metric, d.rep_id, d.stored[0], d.computed[0]) for d in found.value
    ] == [(contest_id, "CALLS", 2, 7, 1)]
    await assert_rollups_match_the_log(sessions)
    [(kept, summed)] = await boards(sessions, [contest_id], NOW)
    assert kept == summed
    assert [(r.ranked.participant, r.value) for r in kept.rows] == [
        ("2", Decimal(1)),
        ("3", Decimal(0)),
    ]
