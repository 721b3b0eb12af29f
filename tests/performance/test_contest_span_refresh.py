"""Contest spans follow the reps they cover: a rep's zone change and a contest's start bring
them up to date, so the board reads kept totals (the fast path) and answers what summing
the day rollups answers, with no drift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import gamification.contests as engine
from db.actor import Actor
from db.models.audit import AuditEvent
from db.models.performance_contests import Contest
from db.models.users import Role, User
from gamification.facts import Fact
from services.performance.contest_rules import start_due_contests
from services.performance.contests import Enrolment, NewContest, create_contest, enrol_in_contest
from services.performance.metric_source import ROLLUPS, window_span
from services.performance.rollups import record_facts
from services.performance.settings import set_time_zone
from tests.performance.conftest import assert_rollups_match_the_log, make_team, run
from tests.performance.test_contest_totals import boards

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)
STARTS = datetime(2026, 11, 28, 20, tzinfo=UTC)  # New York's 28th, Bangkok's 29th
ENDS = NOW + timedelta(days=1)


async def _contest(sessions: async_sessionmaker[AsyncSession], ola: Actor, *who: Enrolment) -> int:
    new = NewContest("Calls", engine.ContestKind.RACE, "CALLS", STARTS, ENDS)
    early = STARTS - timedelta(days=1)
    made = await run(sessions, lambda s: create_contest(s, ola, early, new, ROLLUPS))
    assert made.value is not None
    contest_id = made.value.id
    for enrolment in who:
        done = await run(
            sessions,
            lambda s, e=enrolment: enrol_in_contest(s, ola, early, contest_id, e),
        )
        assert not done.refusals
    return contest_id


async def _spans(sessions: async_sessionmaker[AsyncSession]) -> dict[int, tuple[object, object]]:
    async with sessions.begin() as session:
        rows = await session.execute(text("SELECT rep_id, first, stop FROM contest_spans"))
        return {rep: (first, stop) for rep, first, stop in rows.all()}


def dials(rep: int, tag: str) -> list[Fact]:
    """Dials around the window's start and at each UTC midnight: they fall on different local
    days (and in or out of the window's days) by zone."""
    times = [STARTS - timedelta(hours=3), STARTS + timedelta(hours=5), NOW - timedelta(hours=13)]
    return [Fact(rep, "DIAL", at, external_id=f"{tag}{n}") for n, at in enumerate(times)]


async def test_a_zone_change_moves_the_reps_span_to_the_new_zones_days(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    contest = await _contest(sessions, team["ola"], Enrolment(rep_id=2), Enrolment(rep_id=3))
    await run(sessions, lambda s: record_facts(s, dials(2, "r") + dials(3, "s")))
    assert (await _spans(sessions))[3] == window_span((STARTS, ENDS), ZoneInfo("America/New_York"))

    moved = await run(sessions, lambda s: set_time_zone(s, team["sue"], NOW, 3, "Asia/Bangkok"))
    assert not moved.refusals

    spans = await _spans(sessions)
    assert spans[3] == window_span((STARTS, ENDS), ZoneInfo("Asia/Bangkok"))
    assert spans[2] == window_span((STARTS, ENDS), ZoneInfo("Asia/Bangkok"))
    [(kept, summed)] = await boards(sessions, [contest], NOW)
    assert kept == summed
    assert [r.value for r in kept.rows] != [0, 0]
    await assert_rollups_match_the_log(sessions)


async def test_the_start_gives_a_span_to_a_rep_who_joined_a_role_enrolment_since(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    team = await make_team(sessions)
    contest = await _contest(sessions, team["ola"], Enrolment(role=Role.REP))
    async with sessions.begin() as session:  # a rep hired after the enrolment
        newcomer = User(
            email="tia@example.com", name="Tia Rep", password_hash="x", roles=[Role.REP],
            manager_id=1, time_zone="UTC",
        )  # fmt: skip
        session.add(newcomer)
    async with sessions.begin() as session:
        tia = await session.scalar(select(User.id).where(User.email == "tia@example.com"))
    assert tia is not None
    assert tia not in await _spans(sessions)
    await run(sessions, lambda s: record_facts(s, dials(tia, "t") + dials(2, "r")))

    started = await run(sessions, lambda s: start_due_contests(s, team["ola"], NOW))
    again = await run(sessions, lambda s: start_due_contests(s, team["ola"], NOW))

    assert [c.id for c in started.value or []] == [contest]
    assert again.value == []
    assert (await _spans(sessions))[tia] == window_span((STARTS, ENDS), UTC)
    [(kept, summed)] = await boards(sessions, [contest], NOW)
    assert kept == summed
    assert {r.ranked.participant: r.value for r in kept.rows}[str(tia)] > 0
    async with sessions.begin() as session:
        row = await session.get(Contest, contest)
        assert row is not None and row.rules_frozen_at == NOW
        actions = await session.scalars(select(AuditEvent.action))
        assert "freezeContestRules" in actions.all()
    await assert_rollups_match_the_log(sessions)
