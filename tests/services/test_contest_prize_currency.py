"""A cash prize is paid in the winner's plan currency: as stated when the plan pays in it,
converted with the commissions exchange rate of the day it lands when not, and the contest
does not end (EXCHANGE_RATE_MISSING) while no rate converts it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.applications import Starlette

import gamification.contests as engine
from db.actor import Actor
from db.engine import create_session_factory
from db.models.commissions import (
    CommissionAdjustment,
    CommissionAssignment,
    CommissionPeriodKind,
    CommissionPlan,
    CommissionPlanVersion,
    ExchangeRate,
)
from db.models.users import Role, User
from services.performance.contest_results import end_contest
from services.performance.contests import Enrolment, create_contest, enrol_in_contest
from services.refusal import Code
from services.transaction import in_transaction
from tests.api.contests.conftest import Values
from tests.conftest import truncate_all
from tests.services.test_contest_results import AFTER, BEFORE, START, people, run, source, week_race

CASH = engine.Prize(1, 1, engine.PrizeKind.CASH, "first place", Decimal(500), "USD")


@pytest.fixture
async def sessions(app: Starlette) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    yield create_session_factory(app.state.engine)
    await truncate_all(app)


async def on_plan(sessions: async_sessionmaker[AsyncSession], rep: User, currency: str) -> None:
    async with sessions.begin() as session:
        plan = CommissionPlan(
            name=f"{currency} plan", currency=currency, period_kind=CommissionPeriodKind.MONTH
        )
        session.add(plan)
        await session.flush()
        session.add(
            CommissionPlanVersion(
                plan_id=plan.id, number=1, name="v1", effective_from=date(2026, 1, 1), components=[]
            )
        )
        session.add(
            CommissionAssignment(
                rep_id=rep.id, plan_id=plan.id, start_date=date(2026, 1, 1), quota=Decimal(0)
            )
        )


async def test_a_usd_prize_won_by_a_baht_rep_is_paid_in_baht_at_the_rate_of_the_day(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    olga, ann, bo = await people(sessions, "Ops Olga", "Ann", "Bo")
    await on_plan(sessions, ann, "THB")
    ops = Actor(olga.id, frozenset({Role.OPS}))
    values = Values()
    new = week_race("Baht race", prizes=(CASH,))
    contest = await run(sessions, lambda s: create_contest(s, ops, BEFORE, new, source(values)))
    for rep in (ann, bo):
        await run(
            sessions,
            lambda s, r=rep: enrol_in_contest(s, ops, BEFORE, contest.id, Enrolment(rep_id=r.id)),
        )
    values.set(ann.id, 9)
    values.set(bo.id, 5)

    missing = await in_transaction(
        sessions.begin, lambda s: end_contest(s, ops, AFTER, contest.id, source(values))
    )
    async with sessions.begin() as session:
        for valid_from, rate in (
            (AFTER.date() - timedelta(days=30), "30"),
            (START.date(), "35.1234"),
        ):
            session.add(
                ExchangeRate(
                    from_currency="USD",
                    to_currency="THB",
                    rate=Decimal(rate),
                    valid_from=valid_from,
                    set_by_id=olga.id,
                )
            )
    await run(sessions, lambda s: end_contest(s, ops, AFTER, contest.id, source(values)))

    assert [r.code for r in missing.refusals] == [Code.EXCHANGE_RATE_MISSING]
    async with sessions() as session:
        paid = (await session.scalars(select(CommissionAdjustment))).all()
    assert [(p.rep_id, p.amount, p.currency) for p in paid] == [
        (ann.id, Decimal("17561.70"), "THB")  # 500 × 35.1234, the rate valid on the day
    ]
    assert "(500 USD at 35.1234 THB per USD)" in paid[0].description
