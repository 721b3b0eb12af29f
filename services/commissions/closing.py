"""Closing a period: compute every rep's period from the ledger and write their statements.

Runs in the close mutation's transaction. Every rep with an assignment in the
period gets a statement (lines per credit, period-level lines, adjustments and
non-cash awards, and the totals); the period then turns CLOSED, after which the
database refuses any change to credits, adjustments and statements dated in it.
Statement lines are written with COPY: a close handles 100,000 credits.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.payouts import Payout
from db.codec.commissions import StatementSummary, encode_all, summary_json, summary_of
from db.models.commissions import (
    CommissionAdjustment,
    CommissionPeriod,
    CommissionPeriodStatus,
    StatementLineKind,
)
from db.queries import commission_statements as statement_queries
from db.queries import commissions as queries
from services.commissions.calendar import CalendarSetting
from services.commissions.payouts import payout_columns, payout_inputs, payout_of
from services.commissions.people import (
    departures,
    leavers_with_clawbacks,
    prorated_quota,
    split_period,
)
from services.commissions.period_states import foreign_rates
from services.commissions.rep_plans import engine_credit, rep_plans
from services.refusal import Code, Refusal, Refused

LineRecord = tuple[int, int, str, str, int | None, int | None, int | None, Decimal, str]


@dataclass(frozen=True, slots=True)
class CloseResult:
    statements: int
    skipped: tuple[tuple[int, tuple[engine.Refusal, ...]], ...]


def fiscal_period(row: CommissionPeriod) -> engine.FiscalPeriod:
    return engine.FiscalPeriod(
        engine.PeriodKind(row.kind.value), row.fiscal_year, row.index, row.start_date, row.end_date
    )


async def close_period(
    session: AsyncSession,
    period_row: CommissionPeriod,
    setting: CalendarSetting,
    closer_id: int | None,
    now: datetime,
) -> CloseResult:
    period = fiscal_period(period_row)
    plans = await rep_plans(session, None, period, setting)
    plans.update(await leavers_with_clawbacks(session, period, plans, setting))
    credit_rows = await queries.credits_in(session, period.start, period.end, plans.keys())
    credits: dict[int, list[engine.Credit]] = defaultdict(list)
    credit_ids: dict[str, Any] = {}
    for row in credit_rows:
        credits[row.rep_id].append(engine_credit(row))
        credit_ids[row.credit_key] = row
    adjustments: dict[int, list[CommissionAdjustment]] = defaultdict(list)
    for adjustment in await queries.adjustments_in(session, period.start, period.end, plans.keys()):
        adjustments[adjustment.rep_id].append(adjustment)
    carried_rows = await statement_queries.latest_statements_before(
        session, plans.keys(), period.start
    )
    labels = await statement_queries.quote_labels(session, {row.quote_id for row in credit_rows})
    payout_data = await payout_inputs(  # issue 19: draws, holds, carried balances
        session, period, plans, carried_rows, (row.quote_id for row in credit_rows)
    )

    rates = await foreign_rates(session, plans, credits)
    leavers = await departures(session, plans, period)
    parts: dict[int, tuple[engine.AssignmentPart, ...]] = {}
    skipped = []
    payouts: dict[int, Payout] = {}
    statements: list[
        tuple[int, engine.Statement, engine.PeriodResult, list[CommissionAdjustment]]
    ] = []
    for rep_id, plan in sorted(plans.items()):
        carried = (
            summary_of(carried_rows[rep_id].summary).spif_carry if rep_id in carried_rows else ()
        )
        split = split_period(  # every assignment of the period, prorated by days
            plan,
            credits.get(rep_id, ()),
            setting.calendar,
            period,
            carried,
            rates,
            leavers.get(rep_id),
        )
        result, parts[rep_id] = split.result, split.parts
        missing = [r for r in result.refusals if r.code is engine.ReasonCode.EXCHANGE_RATE_MISSING]
        if missing:  # a credit no rate converts: the close waits for OPS, nothing is written
            raise Refused(
                *(Refusal(Code.EXCHANGE_RATE_MISSING, r.message, ("input", "id")) for r in missing)
            )
        rep_adjustments = [a for a in adjustments.get(rep_id, []) if a.currency == result.currency]
        statement = engine.build_statement(
            result,
            [
                engine.Adjustment(str(a.id), a.description, a.amount, a.currency)
                for a in rep_adjustments
            ],
        )
        if statement.refusals:
            skipped.append((rep_id, statement.refusals))
            continue
        statements.append((rep_id, statement, result, rep_adjustments))
        payouts[rep_id] = payout_of(rep_id, statement, plan, payout_data, credit_ids)

    if statements:
        ids = await statement_queries.insert_statements(
            session,
            [
                {
                    "period_id": period_row.id,
                    "rep_id": rep_id,
                    "assignment_id": plans[rep_id].assignment_row.id,
                    "currency": s.currency,
                    "attainment": s.attainment,
                    "quota": prorated_quota(parts[rep_id], plans[rep_id].assignment.quota),
                    "tier": result.tier_reached.name if result.tier_reached else None,
                    "sales_total": s.sales_total,
                    "clawback_total": s.clawback_total,
                    "period_total": s.period_total,
                    "adjustments_total": s.adjustments_total,
                    "earned_total": s.earned_total,
                    "non_cash_value": result.non_cash_value,
                    "summary": summary_json(
                        StatementSummary(s.components, s.awards, result.spif_carry, parts[rep_id])
                    ),
                    **payout_columns(payouts[rep_id]),
                }
                for rep_id, s, result, _ in statements
            ],
        )
        records: list[LineRecord] = []
        for rep_id, s, _, rep_adjustments in statements:
            records += _line_records(ids[rep_id], s, rep_adjustments, credit_ids, labels)
        await statement_queries.copy_statement_lines(session, records)

    period_row.status = CommissionPeriodStatus.CLOSED
    period_row.closed_at = now
    period_row.closed_by_id = closer_id
    await session.flush()
    return CloseResult(len(statements), tuple(skipped))


def _line_records(
    statement_id: int,
    statement: engine.Statement,
    adjustments: list[CommissionAdjustment],
    credit_ids: dict[str, Any],
    labels: dict[int, str],
) -> list[LineRecord]:
    records: list[LineRecord] = []
    position = 0

    def add(
        kind: StatementLineKind,
        description: str,
        credit: int | None,
        quote_id: int | None,
        adjustment_id: int | None,
        amount: Decimal,
        details: list[engine.PayoutLine],
    ) -> None:
        nonlocal position
        position += 1
        records.append(
            (
                statement_id,
                position,
                kind.value,
                description[:500],
                credit,
                quote_id,
                adjustment_id,
                amount,
                json.dumps(encode_all(details)),
            )
        )

    for entry in (*statement.credits, *statement.clawbacks):
        row = credit_ids[entry.credit_id]
        kind = StatementLineKind.CLAWBACK if entry.clawback else StatementLineKind.SALE
        label = labels.get(row.quote_id, f"Quote {row.quote_id}")
        what = (
            "clawback" if entry.clawback else ("roll-up" if row.role.value == "ROLLUP" else "sale")
        )
        add(
            kind,
            f"{label} - {what}",
            row.id,
            row.quote_id,
            None,
            entry.amount,
            list(entry.lines),
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
