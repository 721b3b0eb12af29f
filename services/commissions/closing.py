"""Closing a period: compute every rep's period from the ledger and write their statements.

Runs in the close mutation's transaction. Every rep with an assignment in the
period gets a statement (lines per credit, period-level lines, adjustments and
non-cash awards, and the totals), and so does a rep with only a draw in it; the
period then turns CLOSED, after which the database refuses any change to credits,
adjustments and statements dated in it.
Statement lines are written with COPY, batch by batch while the next reps are computed
(``close_writer``): a close handles 100,000 credits.
"""

from __future__ import annotations

import contextlib
import time
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.payouts import Payout
from db.codec.commission_fast import payout_lines_text
from db.codec.commissions import StatementSummary, summary_json, summary_of
from db.models.commissions import (
    CommissionAdjustment,
    CommissionPeriod,
    CommissionPeriodStatus,
    CommissionStatement,
    StatementLineKind,
)
from db.queries import commission_close as close_queries
from db.queries import commission_statements as statement_queries
from db.queries import commissions as queries
from services.commissions.calendar import CalendarSetting
from services.commissions.close_credits import credit_of_row
from services.commissions.close_gc import collector_paused
from services.commissions.close_writer import CloseWriter, ReadAhead
from services.commissions.exchange_rates import load_rates
from services.commissions.payouts import (
    PayoutInputs,
    draw_only_statements,
    payout_columns,
    payout_inputs,
    payout_of,
)
from services.commissions.people import (
    departures,
    leavers_with_clawbacks,
    prorated_quota,
    split_period,
)
from services.commissions.rep_plans import RepPlan, rep_plans
from services.refusal import Code, Refusal, Refused

_Line = tuple[int, str, str, int | None, int | None, int | None, Decimal, str]


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


@dataclass(frozen=True, slots=True)
class RepClose:
    """One rep's statement row and its line records, or the reasons they get none."""

    row: dict[str, Any]
    lines: list[_Line]
    refusals: tuple[engine.Refusal, ...] = ()


def rep_close(inputs: CloseInputs, rep_id: int, rows: list[Any], timer: Phases) -> RepClose:
    """One rep's statement row (``insert_statements``') and line records
    (``STATEMENT_LINE_COLUMNS`` but the statement id) from their streamed credit rows."""
    plan = inputs.plans[rep_id]
    carried = inputs.carried_rows.get(rep_id)
    computed = _rep_statement(
        plan,
        rows,
        inputs.setting,
        inputs.period,
        summary_of(carried.summary).spif_carry if carried is not None else (),
        inputs.rates,
        inputs.leavers.get(rep_id),
        inputs.adjustments.get(rep_id, []),
        timer,
    )
    if computed.refusals:
        return RepClose({}, [], computed.refusals)
    by_key = {row[1]: row for row in rows}
    lines = _line_records(computed.statement, computed.adjustments, by_key, inputs.labels)
    payout = payout_of(rep_id, computed.statement, plan, inputs.payout_data, _quote_ids(by_key))
    statement = _RepStatement(
        rep_id, computed.statement, computed.result, lines, computed.parts, payout
    )
    return RepClose(_statement_row(inputs.period_row, plan, statement), lines)


async def close_period(
    session: AsyncSession,
    period_row: CommissionPeriod,
    setting: CalendarSetting,
    closer_id: int | None,
    now: datetime,
) -> CloseResult:
    timer = Phases()
    inputs = await read_inputs(session, period_row, setting)
    period, plans = inputs.period, inputs.plans
    timer.mark("read")

    with collector_paused():  # a million acyclic values: see close_gc
        skipped = []
        writer = CloseWriter(session)
        streamed = await ReadAhead.in_snapshot(  # (another backend reads while this one writes)
            close_queries.snapshot_reader(session, period.start, period.end, plans.keys()),
            lambda reader: close_queries.credits_by_rep(
                reader or session, period.start, period.end, plans.keys()
            ),
            writer.lock,
        )
        try:
            pending = await streamed.next()
            for rep_id in sorted(plans):
                rows: list[Any] = []
                while pending is not None and pending[0] <= rep_id:  # the stream is in rep order
                    if pending[0] == rep_id:
                        rows = pending[1]
                    pending = await streamed.next()
                timer.mark("stream")
                done = rep_close(inputs, rep_id, rows, timer)
                if done.refusals:
                    skipped.append((rep_id, done.refusals))
                    continue
                writer.add(done.row, done.lines)
                timer.mark("line records")
                await writer.pause()
                timer.mark("writes (overlapped)")
            await streamed.close()
            written = await writer.finish()
            timer.mark("writes (waited for)")
        except BaseException:
            with contextlib.suppress(Exception):  # (the first error is the one to raise)
                await streamed.close()  # a refusal mid-way leaves no cursor open
            await writer.abandon()  # nothing half sent; the transaction rolls back what was written
            raise

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


@dataclass(frozen=True, slots=True)
class _Computed:
    """One rep's period and statement, or the reasons it gets none."""

    result: engine.PeriodResult
    statement: engine.Statement
    adjustments: list[CommissionAdjustment]
    parts: tuple[engine.AssignmentPart, ...]

    @property
    def refusals(self) -> tuple[engine.Refusal, ...]:
        return self.statement.refusals


def _rep_statement(
    plan: RepPlan,
    rows: list[Any],
    setting: CalendarSetting,
    period: engine.FiscalPeriod,
    carried: tuple[engine.SpifCounter, ...],
    rates: tuple[engine.ExchangeRate, ...],
    departure: engine.Departure | None,
    adjustments: list[CommissionAdjustment],
    timer: Phases,
) -> _Computed:
    """One rep's period from their streamed credit rows under every assignment they hold in
    it (prorated by days), and its statement; refuses the whole close when a credit has no
    exchange rate (the close waits for OPS, nothing is written)."""
    credits = [credit_of_row(row) for row in rows]
    timer.mark("decode")
    split = split_period(plan, credits, setting.calendar, period, carried, rates, departure)
    result = split.result
    missing = [r for r in result.refusals if r.code is engine.ReasonCode.EXCHANGE_RATE_MISSING]
    if missing:
        raise Refused(
            *(Refusal(Code.EXCHANGE_RATE_MISSING, r.message, ("input", "id")) for r in missing)
        )
    kept = [a for a in adjustments if a.currency == result.currency]
    statement = engine.build_statement(
        result, [engine.Adjustment(str(a.id), a.description, a.amount, a.currency) for a in kept]
    )
    timer.mark("compute")
    return _Computed(result, statement, kept, split.parts)


def _quote_ids(credit_rows: Mapping[str, Any]) -> Callable[[str], int]:
    """A credit key's quote id from the rep's streamed credit rows (the third column)."""
    return lambda key: int(credit_rows[key][2])


class Phases:
    """Wall and CPU seconds per phase of a close (the bench prints them; CPU tells the
    close's own cost apart from waiting on PostgreSQL or a loaded machine)."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float, float]] = []
        self._wall, self._cpu = time.perf_counter(), time.thread_time()

    def mark(self, name: str) -> None:
        """Time since the last mark goes to ``name`` (summed over reps for a repeated name)."""
        wall, cpu = time.perf_counter(), time.thread_time()
        spent = (wall - self._wall, cpu - self._cpu)
        for index, (known, seconds, cpu_seconds) in enumerate(self.phases):
            if known == name:
                self.phases[index] = (name, seconds + spent[0], cpu_seconds + spent[1])
                break
        else:
            self.phases.append((name, *spent))
        self._wall, self._cpu = wall, cpu


@dataclass(frozen=True, slots=True)
class _RepStatement:
    """One rep's computed statement and its lines, waiting for the statement's id."""

    rep_id: int
    statement: engine.Statement
    result: engine.PeriodResult
    lines: list[_Line]
    parts: tuple[engine.AssignmentPart, ...]
    payout: Payout


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


def _statement_row(
    period_row: CommissionPeriod, plan: RepPlan, rep: _RepStatement
) -> dict[str, Any]:
    s, result = rep.statement, rep.result
    return {
        "period_id": period_row.id,
        "rep_id": rep.rep_id,
        "assignment_id": plan.assignment_row.id,
        "currency": s.currency,
        "attainment": s.attainment,
        "quota": prorated_quota(rep.parts, plan.assignment.quota),
        "tier": result.tier_reached.name if result.tier_reached else None,
        "sales_total": s.sales_total,
        "clawback_total": s.clawback_total,
        "period_total": s.period_total,
        "adjustments_total": s.adjustments_total,
        "earned_total": s.earned_total,
        "non_cash_value": result.non_cash_value,
        "summary": summary_json(
            StatementSummary(s.components, s.awards, result.spif_carry, rep.parts)
        ),
        **payout_columns(rep.payout),
    }


def _line_records(
    statement: engine.Statement,
    adjustments: list[CommissionAdjustment],
    credit_rows: dict[str, Any],
    labels: dict[int, str],
) -> list[_Line]:
    """The statement's lines (``STATEMENT_LINE_COLUMNS`` but the statement id), in order."""
    records: list[_Line] = []

    def add(
        kind: StatementLineKind,
        description: str,
        credit: int | None,
        quote_id: int | None,
        adjustment_id: int | None,
        amount: Decimal,
        details: list[engine.PayoutLine],
    ) -> None:
        records.append(
            (
                len(records) + 1,
                kind.value,
                description[:500],
                credit,
                quote_id,
                adjustment_id,
                amount,
                payout_lines_text(details),
            )
        )

    sale, clawback = StatementLineKind.SALE.value, StatementLineKind.CLAWBACK.value
    for entry in (*statement.credits, *statement.clawbacks):  # (one a credit: inlined)
        row = credit_rows[entry.credit_id]
        quote_id = row[2]
        if entry.clawback:
            kind, what = clawback, "clawback"
        else:
            kind, what = sale, ("roll-up" if row[4] == "ROLLUP" else "sale")
        label = labels.get(quote_id)
        if label is None:
            label = f"Quote {quote_id}"
        records.append(
            (
                len(records) + 1,
                kind,
                f"{label} - {what}"[:500],
                row[0],
                quote_id,
                None,
                entry.amount,
                payout_lines_text(entry.lines),
            )
        )
    for line in statement.period_lines:
        add(
            StatementLineKind.PERIOD,
            line.label,
            None,
            None,
            None,
            line.amount,
            [line],
        )
    for adjustment in adjustments:
        add(
            StatementLineKind.ADJUSTMENT,
            adjustment.description,
            None,
            None,
            adjustment.id,
            adjustment.amount,
            [],
        )
    for award in statement.awards:
        if award.kind is engine.AwardKind.NON_CASH:
            add(
                StatementLineKind.AWARD,
                f"{award.label}: {award.description} (stated value {award.value})",
                None,
                None,
                None,
                Decimal(0),
                [],
            )
    return records
