"""One rep's close, from plain values: the unit of work a close hands to its worker processes.

A close reads its inputs once (plans, adjustments, carried statements, labels, rates,
payouts: ``closing.read_inputs``, ORM rows inside) and turns them into ``CloseTables``,
plain picklable values, which every worker process receives once per close
(``close_workers``). Each rep's statement is then computed from the tables and the rep's
streamed credit rows alone (``rep_close``): decoding the rows, rating and settling the
period, building the statement row and its line records. The same function runs in the
close's own process for small closes, so both paths write the same rows.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import commissions as engine
from commissions.payouts import Payout
from db.codec.commission_fast import payout_lines_text
from db.codec.commissions import StatementSummary, summary_json, summary_of
from db.codec.statement_lines import line_fields
from db.models.commissions import StatementLineKind
from services.commissions.close_credits import credit_of_row
from services.commissions.payouts import (
    CarriedBalance,
    PayoutInputs,
    payout_columns,
    payout_of,
)
from services.commissions.people import prorated_quota
from services.refusal import Code, Refusal, Refused

if TYPE_CHECKING:
    from services.commissions.closing import CloseInputs


@dataclass(frozen=True, slots=True)
class AdjustmentTerms:
    """A stored adjustment as a statement needs it."""

    id: int
    description: str
    amount: Decimal
    currency: str


@dataclass(frozen=True, slots=True)
class RepTerms:
    """What one rep's statement needs besides their credits, as plain values."""

    assignment_id: int
    versions: tuple[engine.PlanVersion, ...]
    """Every version of every plan the rep holds in the period (``RepPlan.all_versions``)."""
    assignments: tuple[engine.Assignment, ...]
    quota: Decimal
    """The (prorated) assignment's quota: the statement's when it has no parts."""
    holds_by_default: bool
    """The plan's own hold-until-paid option (when no version of it says)."""
    spif_carry: tuple[engine.SpifCounter, ...]
    departure: engine.Departure | None
    adjustments: tuple[AdjustmentTerms, ...]


@dataclass(frozen=True, slots=True)
class CloseTables:
    """Everything a close's per-rep computation reads but the credits: plain values that
    pickle (sent once to each worker process of a close)."""

    period_id: int
    period: engine.FiscalPeriod
    calendar: engine.FiscalCalendar
    reps: dict[int, RepTerms]
    labels: dict[int, str]
    rates: tuple[engine.ExchangeRate, ...]
    payout_data: PayoutInputs


def close_tables(inputs: CloseInputs) -> CloseTables:
    """``inputs`` (ORM rows inside) as plain values, once per close."""
    reps = {}
    for rep_id, plan in inputs.plans.items():
        carried = inputs.carried_rows.get(rep_id)
        reps[rep_id] = RepTerms(
            plan.assignment_row.id,
            plan.all_versions or plan.versions,
            plan.assignments or (plan.assignment,),
            plan.assignment.quota,
            plan.plan_row.holds_until_invoice_paid,
            summary_of(carried.summary).spif_carry if carried is not None else (),
            inputs.leavers.get(rep_id),
            tuple(
                AdjustmentTerms(a.id, a.description, a.amount, a.currency)
                for a in inputs.adjustments.get(rep_id, [])
            ),
        )
    data = inputs.payout_data
    payout_data = PayoutInputs(
        dict(data.draws),
        data.paid_quotes,
        {rep: CarriedBalance.of(row) for rep, row in data.carried.items()},
        dict(data.holding),
        dict(data.carry_rates),
    )
    return CloseTables(
        inputs.period_row.id,
        inputs.period,
        inputs.setting.calendar,
        reps,
        inputs.labels,
        inputs.rates,
        payout_data,
    )


class Phases:
    """Wall and CPU seconds per phase of a close (the bench prints them; CPU tells the
    close's own cost apart from waiting on PostgreSQL or a loaded machine)."""

    def __init__(self) -> None:
        self.phases: list[tuple[str, float, float]] = []
        self._wall, self._cpu = time.perf_counter(), time.thread_time()

    def mark(self, name: str) -> None:
        """Time since the last mark goes to ``name`` (summed over reps for a repeated name)."""
        wall, cpu = time.perf_counter(), time.thread_time()
        self.add(name, wall - self._wall, cpu - self._cpu)
        self._wall, self._cpu = wall, cpu

    def add(self, name: str, wall: float, cpu: float) -> None:
        """Time spent elsewhere (a worker process's phases) to ``name``."""
        for index, (known, seconds, cpu_seconds) in enumerate(self.phases):
            if known == name:
                self.phases[index] = (name, seconds + wall, cpu_seconds + cpu)
                break
        else:
            self.phases.append((name, wall, cpu))


@dataclass(frozen=True, slots=True)
class RepClose:
    """One rep's statement row and its line records, or the reasons they get none."""

    row: dict[str, Any]
    lines: list[bytes]
    """Each line's fields as the COPY sends them (``line_fields``): a worker encodes them once,
    and the close's process only forwards them (``EncodedLines``)."""
    refusals: tuple[engine.Refusal, ...] = ()


def rep_close(tables: CloseTables, rep_id: int, rows: list[Any], timer: Phases) -> RepClose:
    """One rep's statement row (``insert_statements``') and line records
    (``STATEMENT_LINE_COLUMNS`` but the statement id, encoded by ``line_fields``) from their
    streamed credit rows."""
    terms = tables.reps[rep_id]
    computed = _rep_statement(tables, terms, rows, timer)
    if computed.refusals:
        return RepClose({}, [], computed.refusals)
    by_key = {row[1]: row for row in rows}
    lines = _line_records(computed.statement, computed.adjustments, by_key, tables.labels)
    payout = payout_of(
        rep_id, computed.statement, terms.holds_by_default, tables.payout_data, _quote_ids(by_key)
    )
    statement = _RepStatement(
        rep_id, computed.statement, computed.result, lines, computed.parts, payout
    )
    return RepClose(_statement_row(tables.period_id, terms, statement), lines)


@dataclass(frozen=True, slots=True)
class _Computed:
    """One rep's period and statement, or the reasons it gets none."""

    result: engine.PeriodResult
    statement: engine.Statement
    adjustments: list[AdjustmentTerms]
    parts: tuple[engine.AssignmentPart, ...]

    @property
    def refusals(self) -> tuple[engine.Refusal, ...]:
        return self.statement.refusals


def _rep_statement(
    tables: CloseTables, terms: RepTerms, rows: list[Any], timer: Phases
) -> _Computed:
    """One rep's period from their streamed credit rows under every assignment they hold in
    it (prorated by days), and its statement; refuses the whole close when a credit has no
    exchange rate (the close waits for OPS, nothing is written)."""
    credits = [credit_of_row(row) for row in rows]
    timer.mark("decode")
    split = engine.compute_split_period(
        terms.versions,
        terms.assignments,
        credits,
        tables.calendar,
        tables.period,
        terms.spif_carry,
        tables.rates,
        terms.departure,
    )
    result = split.result
    missing = [r for r in result.refusals if r.code is engine.ReasonCode.EXCHANGE_RATE_MISSING]
    if missing:
        raise Refused(
            *(Refusal(Code.EXCHANGE_RATE_MISSING, r.message, ("input", "id")) for r in missing)
        )
    kept = [a for a in terms.adjustments if a.currency == result.currency]
    statement = engine.build_statement(
        result, [engine.Adjustment(str(a.id), a.description, a.amount, a.currency) for a in kept]
    )
    timer.mark("compute")
    return _Computed(result, statement, kept, split.parts)


def _quote_ids(credit_rows: Mapping[str, Any]) -> Callable[[str], int]:
    """A credit key's quote id from the rep's streamed credit rows (the third column)."""
    return lambda key: int(credit_rows[key][2])


@dataclass(frozen=True, slots=True)
class _RepStatement:
    """One rep's computed statement and its lines, waiting for the statement's id."""

    rep_id: int
    statement: engine.Statement
    result: engine.PeriodResult
    lines: list[bytes]
    parts: tuple[engine.AssignmentPart, ...]
    payout: Payout


def _statement_row(period_id: int, terms: RepTerms, rep: _RepStatement) -> dict[str, Any]:
    s, result = rep.statement, rep.result
    return {
        "period_id": period_id,
        "rep_id": rep.rep_id,
        "assignment_id": terms.assignment_id,
        "currency": s.currency,
        "attainment": s.attainment,
        "quota": prorated_quota(rep.parts, terms.quota),
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
    adjustments: list[AdjustmentTerms],
    credit_rows: dict[str, Any],
    labels: dict[int, str],
) -> list[bytes]:
    """The statement's lines (``STATEMENT_LINE_COLUMNS`` but the statement id, encoded by
    ``line_fields``), in order."""
    records: list[bytes] = []

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
            line_fields(
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
            line_fields(
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
