"""Closing a period: compute every rep's period from the ledger and write their statements.

Runs in the close mutation's transaction. Every rep with an assignment in the
period gets a statement (lines per credit, period-level lines, adjustments and
non-cash awards, and the totals), and so does a rep with only a draw in it; the
period then turns CLOSED, after which the database refuses any change to credits,
adjustments and statements dated in it.
Statement lines are written with COPY, batch by batch while the next reps are computed
(``close_writer``): a close handles 100,000 credits. The reps are computed from plain
values (``close_reps``) in worker processes, batch by batch, two at once, the event loop
free meanwhile (``close_workers``); a small close computes them here.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.commissions import (
    CommissionAdjustment,
    CommissionPeriod,
    CommissionPeriodStatus,
    CommissionStatement,
)
from db.queries import commission_close as close_queries
from db.queries import commission_statements as statement_queries
from db.queries import commissions as queries
from offload import Workers
from services.collector import collector_paused
from services.commissions import close_workers
from services.commissions.calendar import CalendarSetting
from services.commissions.close_reps import Phases, close_tables
from services.commissions.close_workers import RepBatches
from services.commissions.close_writer import CloseWriter, ReadAhead
from services.commissions.exchange_rates import load_rates
from services.commissions.payouts import PayoutInputs, draw_only_statements, payout_inputs
from services.commissions.people import departures, leavers_with_clawbacks
from services.commissions.rep_plans import RepPlan, rep_plans


@dataclass(frozen=True, slots=True)
class CloseResult:
    statements: int
    skipped: tuple[tuple[int, tuple[engine.Refusal, ...]], ...]
    phases: tuple[tuple[str, float, float], ...] = ()
    """(phase, wall seconds, CPU seconds) of each phase (read, stream, decode, compute,
    line records, writes), for the close bench."""


def fiscal_period(row: CommissionPeriod) -> engine.FiscalPeriod:
    return engine.FiscalPeriod(
        engine.PeriodKind(row.kind.value), row.fiscal_year, row.index, row.start_date, row.end_date
    )


@dataclass(frozen=True, slots=True)
class CloseInputs:
    """What a close reads before it streams the credits: the reps' plans and what their
    statements need besides their credits (``read_inputs``)."""

    period_row: CommissionPeriod
    period: engine.FiscalPeriod
    setting: CalendarSetting
    plans: dict[int, RepPlan]
    adjustments: dict[int, list[CommissionAdjustment]]
    carried_rows: dict[int, CommissionStatement]
    labels: dict[int, str]
    rates: tuple[engine.ExchangeRate, ...]
    leavers: dict[int, engine.Departure]
    payout_data: PayoutInputs


async def read_inputs(
    session: AsyncSession, period_row: CommissionPeriod, setting: CalendarSetting
) -> CloseInputs:
    """Everything ``close_period`` reads before streaming the period's credits."""
    period = fiscal_period(period_row)
    plans = await rep_plans(session, None, period, setting)
    plans.update(await leavers_with_clawbacks(session, period, plans, setting))
    adjustments: dict[int, list[CommissionAdjustment]] = defaultdict(list)
    for adjustment in await queries.adjustments_in(session, period.start, period.end, plans.keys()):
        adjustments[adjustment.rep_id].append(adjustment)
    carried_rows = await statement_queries.latest_statements_before(
        session, plans.keys(), period.start
    )
    labels = await close_queries.quote_labels_in(session, period.start, period.end, plans.keys())
    rates = await _rates(session, period, plans)
    leavers = await departures(session, plans, period)
    payout_data = await payout_inputs(  # draws, holds, carried balances
        session, period, plans, carried_rows, labels.keys()
    )
    return CloseInputs(
        period_row,
        period,
        setting,
        plans,
        adjustments,
        carried_rows,
        labels,
        rates,
        leavers,
        payout_data,
    )


async def close_period(
    session: AsyncSession,
    period_row: CommissionPeriod,
    setting: CalendarSetting,
    closer_id: int | None,
    now: datetime,
    workers: Workers | None = None,
) -> CloseResult:
    """Close the period (see the module). ``workers``: the processes computing the reps of
    a close of ``close_workers.WORKERS_FROM_REPS`` reps or more (the process's own by
    default, ``close_workers.default_workers``)."""
    timer = Phases()
    inputs = await read_inputs(session, period_row, setting)
    period, plans = inputs.period, inputs.plans
    if len(plans) >= close_workers.WORKERS_FROM_REPS:
        workers = workers or close_workers.default_workers()
    else:
        workers = None
    batches = RepBatches(close_tables(inputs), workers, timer)
    timer.mark("read")

    try:  # (the workers forget this close's tables however it ends)
        with collector_paused():  # a million acyclic values: see services.collector
            written, skipped = await _stream_and_write(session, inputs, batches, timer)
    finally:
        await batches.close()

    draw_only = await draw_only_statements(session, period_row.id, period, plans.keys())
    if draw_only:  # (no lines: written once the writer is done with the connection)
        await statement_queries.insert_statements(session, draw_only)
        written += len(draw_only)
        timer.mark("draw-only statements")

    period_row.status = CommissionPeriodStatus.CLOSED
    period_row.closed_at = now
    period_row.closed_by_id = closer_id
    await session.flush()
    timer.mark("flush")
    return CloseResult(written, tuple(skipped), tuple(timer.phases))


async def _stream_and_write(
    session: AsyncSession, inputs: CloseInputs, batches: RepBatches, timer: Phases
) -> tuple[int, list[tuple[int, tuple[engine.Refusal, ...]]]]:
    """Stream the period's credits rep by rep to ``batches`` and write their statements as
    they come back, in rep order: the statements written, and the reps refused."""
    period, plans = inputs.period, inputs.plans
    skipped: list[tuple[int, tuple[engine.Refusal, ...]]] = []
    writer = CloseWriter(session)

    async def write_next() -> None:
        """Hand the next computed batch's statements to the writer, in rep order."""
        for rep_id, done in await batches.next():
            if done.refusals:
                skipped.append((rep_id, done.refusals))
                continue
            writer.add(done.row, done.lines)
            timer.mark("line records")
            await writer.pause()
            timer.mark("writes (overlapped)")

    streamed = await ReadAhead.in_snapshot(  # (another backend reads while this one writes)
        close_queries.snapshot_reader(session, period.start, period.end, plans.keys()),
        lambda reader: close_queries.credits_by_rep(
            reader or session, period.start, period.end, plans.keys()
        ),
        writer.lock,
    )
    try:
        pending = await streamed.next()
        batch: close_workers.Batch = []
        credits = 0
        for rep_id in sorted(plans):
            rows: list[Any] = []
            while pending is not None and pending[0] <= rep_id:  # the stream is in rep order
                if pending[0] == rep_id:
                    rows = pending[1]
                pending = await streamed.next()
            timer.mark("stream")
            batch.append((rep_id, rows))
            credits += len(rows) + 1
            if credits >= batches.batch_credits:
                batches.send(batch)
                batch, credits = [], 0
                while batches.full():
                    await write_next()
        if batch:
            batches.send(batch)
        while len(batches):
            await write_next()
        await streamed.close()
        written = await writer.finish()
        timer.mark("writes (waited for)")
    except BaseException:
        with contextlib.suppress(Exception):  # (the first error is the one to raise)
            await streamed.close()  # a refusal mid-way leaves no cursor open
        await writer.abandon()  # nothing half sent; the transaction rolls back what was written
        raise
    return written, skipped


async def _rates(
    session: AsyncSession, period: engine.FiscalPeriod, plans: Mapping[int, RepPlan]
) -> tuple[engine.ExchangeRate, ...]:
    """The exchange rates the period's credits in another currency than their rep's plan
    need (as ``period_states.foreign_rates``, from an aggregate rather than the credits)."""
    foreign = [
        (currency, latest)
        for rep, currency, latest in await close_queries.credit_currencies(
            session, period.start, period.end, plans.keys()
        )
        if currency != plans[rep].plan_row.currency
    ]
    if not foreign:
        return ()
    return await load_rates(
        session, {currency for currency, _ in foreign}, max(latest for _, latest in foreign)
    )
