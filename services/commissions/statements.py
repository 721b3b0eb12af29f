"""Statements after the close: FINANCE's payout approval, and the statement as a document."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.codec.commissions import summary_of
from db.models.commissions import (
    CommissionPeriod,
    CommissionStatement,
    CommissionStatementApproval,
)
from db.models.users import User
from db.queries import commission_payouts as payout_queries
from db.queries import commission_statements as queries
from db.queries.commissions import rows_by_ids
from documents.statement_pdf import StatementDocument, StatementDocumentLine, render_statement_pdf
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

    Six queries whatever the number of statements; rendering is left to the caller
    (``render_statement``: CPU work, in the pool).
    """
    statements = await rows_by_ids(session, CommissionStatement, ids)
    lines = await queries.lines_of_statements(session, statements)
    periods = await rows_by_ids(
        session, CommissionPeriod, {s.period_id for s in statements.values()}
    )
    reps = await rows_by_ids(session, User, {s.rep_id for s in statements.values()})
    approved = await queries.approvals_of_statements(session, statements)
    paid = await payout_queries.paid_totals(session, statements)
    out: list[StatementDocument | None] = []
    for statement_id in ids:
        s = statements.get(statement_id)
        if s is None:
            out.append(None)
            continue
        period = periods[s.period_id]
        summary = summary_of(s.summary)
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
                    *_payout_totals(s),
                    ("Previously paid", paid.get(s.id, Decimal(0))),
                    ("Balance due", s.balance_due - paid.get(s.id, Decimal(0))),
                ),
                awards=tuple(
                    f"{a.label}: {a.description} (stated value {format_money(a.value, s.currency)})"
                    for a in summary.awards
                ),
            )
        )
    return out


def _payout_totals(s: CommissionStatement) -> list[tuple[str, Decimal]]:
    """Holds, carried balances and draws where the statement has them, then the amount due."""
    rows = [
        ("Held until invoiced", -s.held_total),
        ("Released", s.released_total),
        ("Carried in", s.carried_in),
        ("Draw paid", s.draw_paid),
        ("Draw recovered", -s.draw_recovered),
    ]
    shown = [(label, amount) for label, amount in rows if amount]
    if shown or s.carried_forward:
        shown.append(("Amount due", s.amount_due))
    if s.carried_forward:
        shown.append(("Carried forward", s.carried_forward))
    return shown


async def render_statement(cpu: CpuPool, document: StatementDocument) -> bytes:
    """The statement as PDF bytes, laid out in the CPU pool's processes (it holds the GIL)."""
    pdf: bytes = await cpu.run_in_process(render_statement_pdf, document)
    return pdf
