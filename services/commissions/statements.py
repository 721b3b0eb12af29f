"""Statements after the close: FINANCE's payout approval, and the statement as a document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.actor import Actor
from db.codec.commissions import summary_of
from db.models.commission_payouts import CommissionDraw
from db.models.commissions import (
    CommissionPeriod,
    CommissionPlan,
    CommissionStatement,
    CommissionStatementApproval,
)
from db.models.users import User
from db.queries import commission_payouts as payout_queries
from db.queries import commission_statements as queries
from db.queries.commissions import rows_by_ids
from documents.statement_pdf import (
    StatementDocument,
    StatementDocumentConversion,
    StatementDocumentLine,
    StatementDocumentPart,
    StatementDocumentPayment,
    render_statement_pdf,
)
from offload import CpuPool
from pricing.money import format_money
from services.audit import record_change
from services.rows import get_or_refuse

HUNDRED = Decimal(100)


async def approve_statement(
    session: AsyncSession, actor: Actor, now: datetime, statement_id: int, note: str | None
) -> CommissionStatement:
    """``approveStatement`` (FINANCE): approve the payout; an approved statement is final
    (a second approval violates ``uq_commission_statement_approvals_statement_id``)."""
    statement = await get_or_refuse(session, CommissionStatement, statement_id)
    approval = CommissionStatementApproval(
        statement_id=statement.id, approved_by_id=actor.user_id, note=note
    )
    session.add(approval)
    await record_change(session, actor, "approveStatement", approval)
    return statement


def _percent(fraction: Decimal | None) -> Decimal | None:
    if fraction is None:
        return None
    value = fraction * HUNDRED
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


async def statement_documents(
    session: AsyncSession, ids: Sequence[int]
) -> list[StatementDocument | None]:
    """Each statement's printable values, in ``ids`` order (``None``: no such statement).

    Seven queries whatever the number of statements (eight when a draw was converted from
    another currency: the draws, for their labels); rendering is left to the caller
    (``render_statement``: CPU work, in the pool). A period computed under more than one
    assignment, or for a rep who left, lists its parts; the payout section, the payments
    made against the statement and the conversions (the carried balance and the draws in
    another currency, each with its rate) follow the totals.
    """
    statements = await rows_by_ids(session, CommissionStatement, ids)
    lines = await queries.lines_of_statements(session, statements)
    periods = await rows_by_ids(
        session, CommissionPeriod, {s.period_id for s in statements.values()}
    )
    reps = await rows_by_ids(session, User, {s.rep_id for s in statements.values()})
    approved = await queries.approvals_of_statements(session, statements)
    payments = await payout_queries.payments_of_statements(session, statements)
    summaries = {sid: summary_of(s.summary) for sid, s in statements.items()}
    plan_ids = {int(p.plan_id) for summary in summaries.values() for p in summary.parts}
    plans = await rows_by_ids(session, CommissionPlan, plan_ids)
    draws = await rows_by_ids(
        session,
        CommissionDraw,
        {int(d["draw"]) for s in statements.values() for d in s.draw_conversions},
    )
    out: list[StatementDocument | None] = []
    for statement_id in ids:
        s = statements.get(statement_id)
        if s is None:
            out.append(None)
            continue
        period = periods[s.period_id]
        summary = summaries[s.id]
        paid = sum((p.amount for p in payments.get(s.id, [])), Decimal(0))
        shown_parts = len(summary.parts) > 1 or any(p.leaving for p in summary.parts)
        out.append(
            StatementDocument(
                rep_name=reps[s.rep_id].name,
                period_label=period.label,
                period_start=period.start_date,
                period_end=period.end_date,
                currency=s.currency,
                status="APPROVED" if s.id in approved else "DRAFT",
                issued_on=s.created_at.date(),
                attainment_percent=_percent(s.attainment),
                tier=s.tier,
                lines=tuple(
                    StatementDocumentLine(line.kind.value, line.description, line.amount)
                    for line in lines.get(s.id, [])
                ),
                components=tuple((c.label, c.amount) for c in summary.components),
                totals=(
                    ("Sales", s.sales_total),
                    ("Clawbacks", s.clawback_total),
                    ("Period-level (tiers, caps, SPIFs)", s.period_total),
                    ("Adjustments", s.adjustments_total),
                    ("Earned", s.earned_total),
                ),
                awards=tuple(
                    f"{a.label}: {a.description} (stated value {format_money(a.value, s.currency)})"
                    for a in summary.awards
                ),
                parts=tuple(
                    _part(p, plans[int(p.plan_id)].name if int(p.plan_id) in plans else "")
                    for p in summary.parts
                )
                if shown_parts
                else (),
                final=any(p.leaving for p in summary.parts),
                payout=(
                    *_payout_totals(s),
                    ("Previously paid", paid),
                    ("Balance due", s.balance_due - paid),
                ),
                payments=tuple(
                    StatementDocumentPayment(p.paid_on, p.reference, p.amount)
                    for p in payments.get(s.id, [])
                ),
                conversions=_conversions(s, draws),
            )
        )
    return out


def _conversions(
    s: CommissionStatement, draws: dict[int, CommissionDraw]
) -> tuple[StatementDocumentConversion, ...]:
    """The carried balance converted from the previous statement's currency, then each draw
    converted from its own (as ``carriedInConversion`` and ``drawConversions`` show them)."""
    out: list[StatementDocumentConversion] = []
    if (
        s.carry_from_currency is not None
        and s.carry_rate is not None
        and s.carry_rate_valid_from is not None
        and s.carried_in_original is not None
    ):
        out.append(
            StatementDocumentConversion(
                "Carried in",
                s.carry_from_currency,
                s.carry_rate,
                s.carry_rate_valid_from,
                s.carried_in_original,
                s.carried_in,
            )
        )
    for stored in s.draw_conversions:
        draw = draws.get(int(stored["draw"]))
        label = "Draw" if draw is None else _draw_label(draw)
        out.append(
            StatementDocumentConversion(
                label,
                stored["from"],
                Decimal(stored["rate"]),
                date.fromisoformat(stored["valid_from"]),
                Decimal(stored["original"]),
                Decimal(stored["converted"]),
            )
        )
    return tuple(out)


def _draw_label(draw: CommissionDraw) -> str:
    kind = "non-recoverable" if draw.kind.value == "NON_RECOVERABLE" else "recoverable"
    return f"Draw ({kind}) from {draw.start_date.isoformat()}"


def _part(part: engine.AssignmentPart, plan_name: str) -> StatementDocumentPart:
    return StatementDocumentPart(
        plan_name=plan_name,
        first=part.first,
        last=part.last,
        days=part.days,
        period_days=part.period_days,
        factor=part.factor,
        full_quota=part.full_quota,
        quota=part.quota,
        attainment_percent=None
        if part.attainment is None
        else (part.attainment * HUNDRED).quantize(Decimal("0.01")),
        tier=part.tier,
        total=part.total,
        leaving=part.leaving,
    )


def _payout_totals(s: CommissionStatement) -> list[tuple[str, Decimal]]:
    """Holds, carried balances and draws where the statement has them, then the amount due
    (always) and what is carried forward, if anything."""
    rows = [
        ("Carried in", s.carried_in),
        ("Held until invoiced", -s.held_total),
        ("Released", s.released_total),
        ("Draw paid", s.draw_paid),
        ("Draw recovered", -s.draw_recovered),
    ]
    shown = [(label, amount) for label, amount in rows if amount]
    shown.append(("Amount due", s.amount_due))
    if s.carried_forward:
        shown.append(("Carried forward", s.carried_forward))
    return shown


async def render_statement(cpu: CpuPool, document: StatementDocument) -> bytes:
    """The statement as PDF bytes, laid out in the CPU pool's processes (it holds the GIL)."""
    pdf: bytes = await cpu.run_in_process(render_statement_pdf, document)
    return pdf
