"""Demo contests, badges and an onboarding programme, made through the use cases.

A race on calls that started a week ago (created and enrolled the day before it
started: rules freeze at the start), an east-against-west team race next month,
two badges, a new-hire programme the newest west rep is half-way through, and a
tournament on calls in rounds (two qualifying days seed a bracket of every rep; round 1
is played, round 2 runs now, the final is to come). Loaded once: a second run finds the
race (and the tournament) and stops.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

import gamification.contests as engine
from db.actor import Actor
from db.models.users import Role
from db.queries.badges import badge_id_keyed
from db.queries.contests import contest_id_named
from db.queries.onboarding import programme_items
from gamification.calendar import Grain
from server.demo.org import REPS
from server.demo.running import OPS, run, run_as, user_id
from services.performance import badges, contests, onboarding
from services.performance.metric_source import MetricSource, metric_source

RACE = "December call race"
TOURNAMENT = "Call knockout"
TEAMS = "East vs West: revenue"
WEST = "west.manager@dealdesk.example"
NEW_HIRE = "rep8@dealdesk.example"
CASH = engine.Prize(1, 1, engine.PrizeKind.CASH, "Cash bonus", Decimal(250), "USD")
DINNER = engine.Prize(2, 3, engine.PrizeKind.NON_CASH, "Dinner for two", Decimal(80), "USD")
ITEMS = (
    onboarding.NewItem("Read the new-hire documents"),
    onboarding.NewItem("Watch the culture video"),
    onboarding.NewItem("Complete safety and ethics training", "TRAINING_COMPLETED"),
    onboarding.NewItem("Show competent use of the sales tools"),
    onboarding.NewItem("Interview a top rep", "COACHING_SESSION"),
)
BADGES = (
    badges.NewBadge(
        "dialer", "Dialer", "CALLS", Grain.DAY, (Decimal(50), Decimal(100), Decimal(200))
    ),
    badges.NewBadge("first-sale", "First sale", "SALES", Grain.DAY, (Decimal(1),)),
)


async def _exists(session: AsyncSession, name: str = RACE) -> bool:
    return await contest_id_named(session, name) is not None


async def load_contests(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    """Load the demo contests, badges and onboarding once (the tournament too, on a demo
    loaded before it had one)."""
    await _tournament(sessions, now)
    if await run(sessions, _exists):
        return
    source = metric_source()
    start = now - timedelta(days=7)
    race = contests.NewContest(
        RACE,
        engine.ContestKind.RACE,
        "CALLS",
        start,
        start + timedelta(days=21),
        prizes=(CASH, DINNER),
    )
    made = await run_as(sessions, OPS, start - timedelta(days=1), partial(_create, race, source))
    everyone = contests.Enrolment(role=Role.REP)
    await run_as(sessions, OPS, start - timedelta(days=1), partial(_enrol, made, everyone))
    month = now + timedelta(days=30)
    teams = contests.NewContest(
        TEAMS,
        engine.ContestKind.RACE,
        "REVENUE",
        month,
        month + timedelta(days=30),
        team_score=engine.TeamScore.SUM,
        currency="USD",  # revenue is money: the race counts the demo's dollar deals only
    )
    made = await run_as(sessions, OPS, now, partial(_create, teams, source))
    for manager in ("east.manager@dealdesk.example", WEST):
        team = await run(sessions, partial(user_id, email=manager))
        await run_as(
            sessions, OPS, now, partial(_enrol, made, contests.Enrolment(team_manager_id=team))
        )
    for badge in BADGES:
        await run_as(sessions, OPS, now, partial(_badge, badge, source))
    await _onboarding(sessions, now)


async def _tournament(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    """A TOURNAMENT on calls over three weeks, every rep enrolled the day before it started:
    two qualifying days seed the bracket, then three rounds (quarter-finals, semi-finals, the
    final), the second running now."""
    if await run(sessions, partial(_exists, name=TOURNAMENT)):
        return
    start = now - timedelta(days=9)
    day = timedelta(days=1)
    rounds = (
        (start + 2 * day, start + 5 * day),
        (start + 5 * day, start + 12 * day),
        (start + 12 * day, start + 19 * day),
    )
    knockout = contests.NewContest(
        TOURNAMENT,
        engine.ContestKind.TOURNAMENT,
        "CALLS",
        start,
        start + 19 * day,
        prizes=(engine.Prize(1, 1, engine.PrizeKind.NON_CASH, "Trophy", Decimal(150), "USD"),),
        rounds=rounds,
    )
    made = await run_as(sessions, OPS, start - day, partial(_create, knockout, metric_source()))
    everyone = contests.Enrolment(role=Role.REP)
    await run_as(sessions, OPS, start - day, partial(_enrol, made, everyone))


async def _create(
    new: contests.NewContest,
    source: MetricSource,
    session: AsyncSession,
    actor: Actor,
    now: datetime,
) -> int:
    row = await contests.create_contest(session, actor, now, new, source)
    return row.id


async def _enrol(
    contest_id: int, who: contests.Enrolment, session: AsyncSession, actor: Actor, now: datetime
) -> None:
    await contests.enrol_in_contest(session, actor, now, contest_id, who)


async def _badge(
    new: badges.NewBadge, source: MetricSource, session: AsyncSession, actor: Actor, now: datetime
) -> None:
    await badges.define_badge(session, actor, now, new, source)


async def _onboarding(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    """The new-hire programme; the newest west rep has the first two items signed off."""
    new = onboarding.NewProgramme("New hire onboarding", ITEMS, "Onboarded")
    programme = await run_as(
        sessions, OPS, now, lambda s, a, n: onboarding.create_programme(s, a, n, new)
    )
    rep = await run(sessions, partial(user_id, email=NEW_HIRE))
    await run_as(
        sessions,
        WEST,
        now,
        lambda s, a, n: onboarding.enrol_in_onboarding(s, a, n, programme.id, rep),
    )
    items = await run(sessions, lambda s: programme_items(s, programme.id))
    for item in items[:2]:
        await run_as(sessions, WEST, now, partial(_sign_off, item.id, rep))


async def _sign_off(
    item_id: int, rep_id: int, session: AsyncSession, actor: Actor, now: datetime
) -> None:
    await onboarding.sign_off_item(session, actor, now, item_id, rep_id)


async def award_badges(sessions: async_sessionmaker[AsyncSession], now: datetime) -> None:
    """Evaluate every demo badge for every rep, as the badge job would once the month's
    activities and sales are in (each level is awarded once: a second run adds nothing)."""

    async def evaluate(session: AsyncSession, ops: Actor, now: datetime) -> None:
        source = metric_source()
        for badge in BADGES:
            badge_id = await badge_id_keyed(session, badge.key)
            assert badge_id is not None, f"the {badge.key} badge is defined with the contests"
            for email, _, _ in REPS:
                rep = await user_id(session, email)
                await badges.evaluate_badge(session, ops, now, badge_id, rep, source)

    await run_as(sessions, OPS, now, evaluate)
