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
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.accounts import Account
from db.models.commissions import (
    CommissionPeriod,
    CommissionPeriodStatus,
    CommissionStatement,
    StatementLineKind,
)
from db.models.quotes import Quote
from db.queries import commissions as queries
from resolvers.commissions.calendar import CalendarSetting
from resolvers.commissions.codec import (
    award_json,
    component_total_json,
    payout_line_json,
    spif_counter_from_json,
    spif_counter_json,
)
from resolvers.commissions.rep_plans import engine_credit, rep_plans

LINE_COLUMNS = (
    "statement_id",
    "position",
    "kind",
    "description",
    "credit_id",
    "quote_id",
    "adjustment_id",
    "amount",
    "details",
)


@dataclass(frozen=True, slots=True)
class CloseResult:
    statements: int
    skipped: tuple[tuple[int, tuple[engine.Refusal, ...]], ...]


def fiscal_period(row: CommissionPeriod) -> engine.FiscalPeriod:
    return engine.FiscalPeriod(
        engine.PeriodKind(row.kind.value), row.fiscal_year, row.index, row.start_date, row.end_date
    )


async def _quote_labels(session: AsyncSession, quote_ids: set[int]) -> dict[int, str]:
    if not quote_ids:
        return {}
    rows = await session.execute(
        select(Quote.id, Quote.number, Quote.name, Account.name)
        .join(Account, Account.id == Quote.account_id)
        .where(Quote.id.in_(quote_ids))
    )
    return {qid: f"Q-{number} {name} ({account})" for qid, number, name, account in rows}


async def close_period(
    session: AsyncSession,
    period_row: CommissionPeriod,
    setting: CalendarSetting,
    closer_id: int | None,
) -> CloseResult:
    period = fiscal_period(period_row)
    plans = await rep_plans(session, None, period, setting)
    credit_rows = await queries.credits_in(session, period.start, period.end, plans.keys())
    credits: dict[int, list[engine.Credit]] = defaultdict(list)
    credit_ids: dict[str, Any] = {}
    for row in credit_rows:
        credits[row.rep_id].append(engine_credit(row))
        credit_ids[row.credit_key] = row
    adjustments: dict[int, list] = defaultdict(list)  # type: ignore[type-arg]
    for row in await queries.adjustments_in(session, period.start, period.end, plans.keys()):
        adjustments[row.rep_id].append(row)
    carried_rows = await queries.latest_statements_before(session, plans.keys(), period.start)
    labels = await _quote_labels(session, {row.quote_id for row in credit_rows})

    skipped = []
    statements: list[tuple[int, engine.Statement, engine.PeriodResult, list]] = []  # type: ignore[type-arg]
    for rep_id, plan in sorted(plans.items()):
        carried = tuple(
            spif_counter_from_json(c)
            for c in (
                carried_rows[rep_id].summary.get("spif_carry", []) if rep_id in carried_rows else []
            )
        )
        result = engine.compute_period(
            plan.versions,
            plan.assignment,
            credits.get(rep_id, ()),
            setting.calendar,
            period,
            carried,
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

    if statements:
        inserted = await session.execute(
            insert(CommissionStatement).returning(
                CommissionStatement.id, CommissionStatement.rep_id
            ),
            [
                {
                    "period_id": period_row.id,
                    "rep_id": rep_id,
                    "assignment_id": plans[rep_id].assignment_row.id,
                    "currency": s.currency,
                    "attainment": s.attainment,
                    "quota": plans[rep_id].assignment.quota,
                    "tier": result.tier_reached.name if result.tier_reached else None,
                    "sales_total": s.sales_total,
                    "clawback_total": s.clawback_total,
                    "period_total": s.period_total,
                    "adjustments_total": s.adjustments_total,
                    "earned_total": s.earned_total,
                    "previously_paid": s.previously_paid,
                    "balance_due": s.balance_due,
                    "non_cash_value": result.non_cash_value,
                    "summary": {
                        "components": [component_total_json(c) for c in s.components],
                        "awards": [award_json(a) for a in s.awards],
                        "spif_carry": [spif_counter_json(c) for c in result.spif_carry],
                    },
                }
                for rep_id, s, result, _ in statements
            ],
        )
        ids = {rep: sid for sid, rep in inserted.all()}
        records = []
        for rep_id, s, result, rep_adjustments in statements:
            records += _line_records(ids[rep_id], s, rep_adjustments, credit_ids, labels)
        await _copy_lines(session, records)

    period_row.status = CommissionPeriodStatus.CLOSED
    period_row.closed_at = datetime.now(UTC)
    period_row.closed_by_id = closer_id
    await session.flush()
    return CloseResult(len(statements), tuple(skipped))


def _line_records(statement_id, statement, adjustments, credit_ids, labels) -> list[tuple]:  # type: ignore[no-untyped-def]
    records = []
    position = 0

    def add(
        kind: StatementLineKind, description: str, credit, quote_id, adjustment_id, amount, details
    ) -> None:  # type: ignore[no-untyped-def]
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
                json.dumps(details),
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
            [payout_line_json(x) for x in entry.lines],
        )
    for line in statement.period_lines:
        add(
            StatementLineKind.PERIOD,
            line.label,
            None,
            None,
            None,
            line.amount,
            [payout_line_json(line)],
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


async def _copy_lines(session: AsyncSession, records: list[tuple]) -> None:  # type: ignore[type-arg]
    """COPY the statement lines over the transaction's own connection."""
    if not records:
        return
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    await driver.copy_records_to_table(  # type: ignore[union-attr]
        "commission_statement_lines", records=records, columns=LINE_COLUMNS
    )
