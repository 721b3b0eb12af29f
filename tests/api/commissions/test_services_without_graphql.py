"""The commissions use cases run without GraphQL: a job, the CLI or a mail reply calls
the same functions the mutations do, in one transaction each."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select

from db.actor import Actor
from db.models.commissions import CommissionPeriodState
from db.models.users import Role, User
from services.commissions.adjustments import NewAdjustment, record_adjustment
from services.commissions.dashboard import rep_summaries
from services.commissions.periods import close_commission_period, open_period
from services.refusal import Code
from services.transaction import in_transaction
from tests.api.commissions.conftest import Commissions, base

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)


async def _user(comm: Commissions, email: str) -> User:
    async with comm.demo.sessions() as session:
        user = await session.scalar(select(User).where(User.email == email))
    assert user is not None
    return user


async def _states(comm: Commissions) -> int:
    async with comm.demo.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(CommissionPeriodState)) or 0)


async def test_finance_adjusts_and_closes_a_period_without_graphql(comm: Commissions) -> None:
    await comm.on_plan([base("15")])
    await comm.won(("SVC-INST", 1), day="2026-11-02")
    rep = await _user(comm, "rep1@dealdesk.example")
    finance = Actor((await _user(comm, "finance@dealdesk.example")).id, frozenset({Role.FINANCE}))
    begin = comm.demo.sessions.begin

    opened = await in_transaction(begin, lambda s: open_period(s, finance, NOW, date(2026, 11, 2)))
    period = opened.value
    assert period is not None and period.label
    draw = NewAdjustment(Decimal("50.00"), "A draw", effective_date=date(2026, 11, 30))
    adjusted = await in_transaction(
        begin, lambda s: record_adjustment(s, finance, NOW, rep.id, draw)
    )
    assert adjusted.refusals == [] and adjusted.value is not None
    closed = await in_transaction(
        begin, lambda s: close_commission_period(s, finance, NOW, period.id, period.version, 60)
    )
    assert closed.value is not None and closed.value[1].statements >= 1
    again = await in_transaction(
        begin, lambda s: close_commission_period(s, finance, NOW, period.id, period.version + 1, 60)
    )

    assert [r.code for r in again.refusals] == [Code.PERIOD_CLOSED]


async def test_reading_the_dashboard_writes_nothing(comm: Commissions) -> None:
    await comm.on_plan([base("15")])
    await comm.won(("SVC-INST", 1), day="2026-11-02")
    rep = await _user(comm, "rep1@dealdesk.example")
    async with comm.demo.sessions() as session:
        await session.execute(CommissionPeriodState.__table__.delete())
        await session.commit()

    async with comm.demo.sessions() as session:
        summaries = await rep_summaries(session, [rep.id], date(2026, 11, 20))

    state = summaries[rep.id].rep_period.state
    assert state is not None and state.credit_count == 1  # rebuilt from the ledger, in memory
    assert await _states(comm) == 0
