"""The streamed close writes exactly what the previous computation wrote.

A mixed ledger (two reps on different plans, a split deal, a euro deal converted at the win,
fixed amounts per unit and per deal, marginal tiers, a partial return and a full reversal in
the period) is closed through the API. Every statement and statement line stored is then
compared with the previous path: credits read as ORM rows in one list
(``queries.credits_in`` + ``rep_plans.engine_credit``), computed, and encoded with the
general codec.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select

import commissions as engine
from db.codec.commissions import encode_all, summary_of
from db.models.commissions import (
    CommissionPeriod,
    CommissionPeriodStatus,
    CommissionStatement,
    CommissionStatementLine,
)
from db.queries import commission_close as close_queries
from db.queries import commissions as queries
from services.commissions.calendar import load_calendar
from services.commissions.close_credits import credit_of_row
from services.commissions.closing import fiscal_period
from services.commissions.period_states import foreign_rates
from services.commissions.rep_plans import engine_credit, rep_plans
from tests.api.commissions.conftest import Commissions, base, tiers
from tests.api.commissions.test_fixed_amounts_and_currencies import set_rate, units, win
from tests.api.commissions.test_periods_and_statements import REVERSE
from tests.api.conftest import at_version


async def _mixed_quarter(comm: Commissions) -> dict[str, Any]:
    install = await comm.demo.product("SVC-INST")
    await set_rate(comm, "1.25", "2026-10-01")
    await comm.on_plan([base("10"), units(install), tiers("MARGINAL")], quota="20000")
    other = await comm.plan([base("12")], name="Other plan")
    await comm.assign(other, "rep2@dealdesk.example", quota="50000")
    await comm.won(("SVC-INST", 6), ("SUP-BAS", 2), day="2026-11-02")
    split = [
        {"repId": await comm.user("rep1@dealdesk.example"), "sharePercent": "60"},
        {"repId": await comm.user("rep2@dealdesk.example"), "sharePercent": "40"},
    ]
    await comm.won(("SW-ANL", 3), ("SVC-INST", 5), day="2026-11-10", splits=split)
    euros = (await win(comm, ("SVC-INST", 2), day="2026-11-12", currency="EUR"))["quote"]
    returned = (await win(comm, ("SVC-INST", 3), ("SUP-BAS", 1), day="2026-11-14", currency="USD"))[
        "quote"
    ]
    partial = await comm.rep.mutate(
        REVERSE, at_version(returned, kind="RETURNED", lineKeys=["L1"], reversalDate="2026-11-20")
    )
    assert partial["userErrors"] == []
    lost = await comm.won(("SW-ANL", 1), day="2026-11-15")
    reversed_ = await comm.rep.mutate(
        REVERSE, at_version(lost, kind="CANCELLED", reversalDate="2026-11-25")
    )
    assert reversed_["userErrors"] == []
    return euros


async def _previous_statements(comm: Commissions, period_id: int) -> dict[int, Any]:
    """Each rep's statement as the previous close computed it (ORM rows, general codec)."""
    async with comm.demo.sessions() as session:
        row = await session.get(CommissionPeriod, period_id)
        assert row is not None
        setting = await load_calendar(session)
        period = fiscal_period(row)
        plans = await rep_plans(session, None, period, setting)
        credits: dict[int, list[engine.Credit]] = defaultdict(list)
        for credit_row in await queries.credits_in(session, period.start, period.end, plans):
            credits[credit_row.rep_id].append(engine_credit(credit_row))
        rates = await foreign_rates(session, plans, credits)
        found = {}
        for rep_id, plan in plans.items():
            result = engine.compute_period(
                plan.versions,
                plan.assignment,
                credits.get(rep_id, ()),
                setting.calendar,
                period,
                (),
                rates,
            )
            found[rep_id] = (result, engine.build_statement(result))
        return found


async def _period(comm: Commissions) -> CommissionPeriod:
    async with comm.demo.sessions() as session:
        period = await session.scalar(
            select(CommissionPeriod).where(CommissionPeriod.status == CommissionPeriodStatus.OPEN)
        )
    assert period is not None
    return period


async def test_the_streamed_close_stores_what_the_previous_computation_did(
    comm: Commissions,
) -> None:
    euros = await _mixed_quarter(comm)
    q4 = await comm.open_period("2026-11-10")
    period = await _period(comm)
    start, end = period.start_date, period.end_date
    async with comm.demo.sessions() as session:  # the fast row decoding equals the ORM one
        rows = await queries.credits_in(session, start, end)
        reps = {r.rep_id for r in rows}
        streamed = [
            credit_of_row(row)
            async for _, chunk in close_queries.credits_by_rep(session, start, end, reps)
            for row in chunk
        ]
    assert sorted(streamed, key=lambda c: c.credit_id) == sorted(
        (engine_credit(r) for r in rows), key=lambda c: c.credit_id
    )
    assert len(rows) >= 8 and any(r.original_currency == "EUR" for r in rows)
    assert any(r.reverses_id is not None and not r.completes_reversal for r in rows)
    assert euros["netTotal"]["currency"] == "EUR"

    closed = await comm.close(q4)
    assert closed["statementCount"] == 2

    async with comm.demo.sessions() as session:
        stored = {
            s.rep_id: s
            for s in await session.scalars(
                select(CommissionStatement).where(CommissionStatement.period_id == period.id)
            )
        }
        lines = defaultdict(list)
        for line in await session.scalars(
            select(CommissionStatementLine)
            .where(CommissionStatementLine.statement_id.in_([s.id for s in stored.values()]))
            .order_by(CommissionStatementLine.position)
        ):
            lines[line.statement_id].append(line)
    previous = await _previous_statements(comm, period.id)
    assert set(previous) == set(stored)
    for rep_id, (result, statement) in previous.items():
        row = stored[rep_id]
        assert (row.sales_total, row.clawback_total, row.period_total, row.earned_total) == (
            statement.sales_total,
            statement.clawback_total,
            statement.period_total,
            statement.earned_total,
        )
        assert summary_of(row.summary).components == statement.components
        entries = [*statement.credits, *statement.clawbacks]
        credit_lines = [line for line in lines[row.id] if line.credit_id is not None]
        assert [line.amount for line in credit_lines] == [e.amount for e in entries]
        assert [line.details for line in credit_lines] == [encode_all(e.lines) for e in entries]
        period_lines = [line for line in lines[row.id] if line.kind.value == "PERIOD"]
        assert [line.details for line in period_lines] == [
            encode_all([line]) for line in statement.period_lines
        ]
        assert result.total == statement.earned_total
