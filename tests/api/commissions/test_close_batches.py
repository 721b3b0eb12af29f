"""The close's writes overlapped with its computation: batch by batch, in one transaction.

With a batch per rep and a fetch of the credit stream every two credits, the writer's
inserts and COPYs interleave with the stream's fetches on the one connection; the stored
statements and lines are still exactly those of the reference path (the engine run on the
credits read as ORM rows, encoded by the general codec), whether the reps are computed in the
close's process or in worker processes. A refusal that comes after a batch
was written stores nothing: the transaction rolls the batch back, and the close succeeds
once the missing exchange rate is set.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest
from sqlalchemy import func, select

from db.codec.commissions import encode_all
from db.codec.statement_lines import EncodedLines
from db.models.commissions import CommissionStatement, CommissionStatementLine
from db.queries import commission_close
from db.queries import commission_statements as statement_queries
from services.collector import collector_paused
from services.commissions import close_workers, close_writer
from tests.api.commissions.conftest import ERRORS, Commissions, base
from tests.api.commissions.test_close_streaming import _period, _previous_statements
from tests.api.commissions.test_close_streaming import (
    test_the_streamed_close_stores_what_the_previous_computation_did as streamed_close,
)
from tests.api.commissions.test_fixed_amounts_and_currencies import set_rate
from tests.api.conftest import at_version
from tests.api.quotes.conftest import SEND, SUBMIT, WIN

CLOSE = (
    "mutation($input: CloseCommissionPeriodInput!) { closeCommissionPeriod(input: $input) "
    f"{{ period {{ status }} statementCount {ERRORS} }} }}"
)


@pytest.fixture(params=["in process", "in workers"])
def copies(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One writer batch per rep, a fetch every two credits; the lines of each COPY. The reps
    computed in the close's process, or in worker processes (a batch of one rep each)."""
    if request.param == "in workers":
        monkeypatch.setattr(close_workers, "WORKERS_FROM_REPS", 0)
        monkeypatch.setattr(close_workers, "BATCH_CREDITS", 1)
    monkeypatch.setattr(close_writer, "BATCH_LINES", 1)
    monkeypatch.setattr(commission_close, "CREDIT_CHUNK", 2)
    counted: list[int] = []
    copy = statement_queries.copy_statement_lines

    async def counting(session: Any, lines: EncodedLines) -> None:
        counted.append(len(lines))
        await copy(session, lines)

    monkeypatch.setattr(statement_queries, "copy_statement_lines", counting)
    return counted


async def test_a_close_written_in_batches_stores_what_the_reference_path_computes(
    comm: Commissions, copies: list[int]
) -> None:
    await streamed_close(comm)  # (its assertions compare every statement and line)
    assert len(copies) == 2 and all(copies)  # two reps: two batches


async def _eur_win_for(comm: Commissions, email: str, day: str) -> None:
    lines = [await comm.quotes.line("SVC-INST", 2)]
    quote = await comm.quotes.create(lines, currency="EUR")
    splits = [{"repId": await comm.user(email), "sharePercent": "100"}]
    result = await comm.rep.data(
        "mutation($input: SetQuoteSplitsInput!) { setQuoteSplits(input: $input) "
        f"{{ quote {{ id version }} {ERRORS} }} }}",
        {"input": at_version(quote, splits=splits)},
    )
    assert result["setQuoteSplits"]["userErrors"] == []
    quote = result["setQuoteSplits"]["quote"]
    sent = await comm.quotes.move(SEND, await comm.quotes.move(SUBMIT, quote))
    await comm.quotes.move(WIN, sent, closeDate=day)


async def _statement_count(comm: Commissions, period_id: int) -> int:
    async with comm.demo.sessions() as session:
        count = await session.scalar(
            select(func.count())
            .select_from(CommissionStatement)
            .where(CommissionStatement.period_id == period_id)
        )
    return int(count or 0)


async def test_a_refusal_after_a_written_batch_stores_nothing(
    comm: Commissions, copies: list[int]
) -> None:
    await comm.on_plan([base("10")])  # rep1, first in rep order: a statement, then a batch
    await comm.won(("SW-ANL", 2), day="2026-11-03")
    await _eur_win_for(comm, "rep2@dealdesk.example", "2026-11-05")  # no plan yet: stays EUR
    other = await comm.plan([base("12")], name="Other plan")
    await comm.assign(other, "rep2@dealdesk.example", quota="50000")
    q4 = await comm.open_period("2026-11-10")
    period_id = (await _period(comm)).id

    refused = await comm.finance.mutate(CLOSE, at_version(q4))
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("EXCHANGE_RATE_MISSING", ["input", "id"])
    ]
    assert refused["period"] is None
    assert copies == [copies[0]] and copies[0] > 0  # rep1's batch was written, then undone
    assert await _statement_count(comm, period_id) == 0
    assert gc.isenabled()  # the close paused the collector, and the refusal resumed it

    assert (await set_rate(comm, "1.25", "2026-11-01"))["userErrors"] == []
    closed = await comm.close(q4)
    assert closed["statementCount"] == 2
    assert await _statement_count(comm, period_id) == 2
    await _stored_as_the_reference_path(comm, period_id)


async def _stored_as_the_reference_path(comm: Commissions, period_id: int) -> None:
    async with comm.demo.sessions() as session:
        stored = {
            s.rep_id: s
            for s in await session.scalars(
                select(CommissionStatement).where(CommissionStatement.period_id == period_id)
            )
        }
        lines = {
            rep_id: list(
                await session.scalars(
                    select(CommissionStatementLine)
                    .where(CommissionStatementLine.statement_id == row.id)
                    .order_by(CommissionStatementLine.position)
                )
            )
            for rep_id, row in stored.items()
        }
    previous = await _previous_statements(comm, period_id)
    assert set(previous) == set(stored)
    for rep_id, (_, statement) in previous.items():
        assert stored[rep_id].earned_total == statement.earned_total
        entries = [*statement.credits, *statement.clawbacks]
        credit_lines = [line for line in lines[rep_id] if line.credit_id is not None]
        assert [line.details for line in credit_lines] == [encode_all(e.lines) for e in entries]
        assert [line.amount for line in credit_lines] == [e.amount for e in entries]


def test_the_collector_pauses_nest_and_resume_as_found() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # it was not running: it stays off
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("column", "value"),
    [(4, 10**12), (5, 10**9), (6, 10**9)],  # a credit, a quote, an adjustment that do not exist
    ids=["credit", "quote", "adjustment"],
)
async def test_a_batch_with_a_dangling_line_fails_the_close_and_stores_nothing(
    comm: Commissions, monkeypatch: pytest.MonkeyPatch, column: int, value: int
) -> None:
    """The lines' foreign keys hold in the COPY: a line whose credit, quote or adjustment
    does not exist fails the close, which stores no statement."""
    copy = statement_queries.copy_statement_lines

    async def dangling(session: Any, lines: EncodedLines) -> None:
        first, *rest = lines
        await copy(
            session, EncodedLines.of([(*first[:column], value, *first[column + 1 :]), *rest])
        )

    monkeypatch.setattr(statement_queries, "copy_statement_lines", dangling)
    await comm.on_plan([base("10")])
    await comm.won(("SW-ANL", 2), day="2026-11-03")
    q4 = await comm.open_period("2026-11-10")
    period_id = (await _period(comm)).id

    body = await comm.finance(CLOSE, {"input": at_version(q4)})
    assert [e["extensions"]["code"] for e in body["errors"]] == ["INTERNAL_SERVER_ERROR"]
    assert await _statement_count(comm, period_id) == 0
