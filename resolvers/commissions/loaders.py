"""The commissions dataloaders, built together once per request.

Rows by id and rows grouped by a key use the shared factories; the others
(plan versions as GraphQL types, a statement's approval, its PDF, and a quote's
commission estimate) batch their keys into a fixed number of queries too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import select
from strawberry.dataloader import DataLoader

import commissions as engine
from db.models.commissions import (
    CommissionAdjustment,
    CommissionAssignment,
    CommissionCredit,
    CommissionInquiry,
    CommissionInquiryMessage,
    CommissionPeriod,
    CommissionPlan,
    CommissionStatement,
    CommissionStatementApproval,
    CommissionStatementLine,
)
from db.models.quotes import Quote
from db.models.users import User
from db.queries import commissions as queries
from db.session import RequestDatabase
from documents.statement_pdf import StatementDocument, StatementDocumentLine
from pricing.money import format_money
from resolvers.commissions.calendar import load_calendar, load_closed
from resolvers.commissions.deals import quote_deals
from resolvers.commissions.estimates import DealToEstimate, estimate_deals, estimate_type
from resolvers.commissions.rep_plans import engine_version
from resolvers.dataloaders.factories import by_id, grouped_by
from schema.decimals import stored_decimal
from schema.types.commissions import CommissionEstimate, CommissionPlanVersion, percent

EstimateKey = tuple[int, date | None]  # (quote id, close date; None: today)


@dataclass(frozen=True, slots=True)
class CommissionLoaders:
    period_by_id: DataLoader[int, CommissionPeriod | None]
    plan_by_id: DataLoader[int, CommissionPlan | None]
    plan_versions_by_plan_id: DataLoader[int, list[CommissionPlanVersion]]
    assignment_by_id: DataLoader[int, CommissionAssignment | None]
    assignments_by_rep_id: DataLoader[int, list[CommissionAssignment]]
    credit_by_id: DataLoader[int, CommissionCredit | None]
    statement_by_id: DataLoader[int, CommissionStatement | None]
    statement_line_by_id: DataLoader[int, CommissionStatementLine | None]
    lines_by_statement_id: DataLoader[int, list[CommissionStatementLine]]
    approval_by_statement_id: DataLoader[int, CommissionStatementApproval | None]
    # The statement as plain values; the field renders it in the CPU pool.
    statement_document_by_id: DataLoader[int, StatementDocument | None]
    adjustment_by_id: DataLoader[int, CommissionAdjustment | None]
    inquiry_by_id: DataLoader[int, CommissionInquiry | None]
    messages_by_inquiry_id: DataLoader[int, list[CommissionInquiryMessage]]
    estimate_by_quote: DataLoader[EstimateKey, CommissionEstimate | None]

    @classmethod
    def build(cls, db: RequestDatabase) -> CommissionLoaders:
        return cls(
            period_by_id=by_id(db, CommissionPeriod),
            plan_by_id=by_id(db, CommissionPlan),
            plan_versions_by_plan_id=DataLoader(load_fn=lambda keys: _plan_versions(db, keys)),
            assignment_by_id=by_id(db, CommissionAssignment),
            assignments_by_rep_id=grouped_by(
                db,
                CommissionAssignment,
                CommissionAssignment.rep_id,
                CommissionAssignment.start_date,
            ),
            credit_by_id=by_id(db, CommissionCredit),
            statement_by_id=by_id(db, CommissionStatement),
            statement_line_by_id=by_id(db, CommissionStatementLine),
            lines_by_statement_id=grouped_by(
                db,
                CommissionStatementLine,
                CommissionStatementLine.statement_id,
                CommissionStatementLine.position,
            ),
            approval_by_statement_id=DataLoader(load_fn=lambda keys: _approvals(db, keys)),
            statement_document_by_id=DataLoader(load_fn=lambda keys: statement_documents(db, keys)),
            adjustment_by_id=by_id(db, CommissionAdjustment),
            inquiry_by_id=by_id(db, CommissionInquiry),
            messages_by_inquiry_id=grouped_by(
                db,
                CommissionInquiryMessage,
                CommissionInquiryMessage.inquiry_id,
                CommissionInquiryMessage.id,
            ),
            estimate_by_quote=DataLoader(load_fn=lambda keys: estimate_quotes(db, keys)),
        )


async def _plan_versions(
    db: RequestDatabase, plan_ids: Sequence[int]
) -> list[list[CommissionPlanVersion]]:
    async with db.read() as session:
        plans = await queries.plans_by_ids(session, plan_ids)
        versions = await queries.plan_versions(session, plan_ids)
    return [
        [
            CommissionPlanVersion.of(engine_version(v, plans[pid]), v.created_at)
            for v in versions.get(pid, [])
        ]
        if pid in plans
        else []
        for pid in plan_ids
    ]


async def _approvals(
    db: RequestDatabase, ids: Sequence[int]
) -> list[CommissionStatementApproval | None]:
    async with db.read() as session:
        found = (
            await session.scalars(
                select(CommissionStatementApproval).where(
                    CommissionStatementApproval.statement_id.in_(ids)
                )
            )
        ).all()
    by_statement = {a.statement_id: a for a in found}
    return [by_statement.get(i) for i in ids]


async def statement_documents(
    db: RequestDatabase, ids: Sequence[int]
) -> list[StatementDocument | None]:
    """Each statement's printable values (rendering is CPU work, left to the caller)."""
    async with db.read() as session:
        statements = {
            s.id: s
            for s in (
                await session.scalars(
                    select(CommissionStatement).where(CommissionStatement.id.in_(ids))
                )
            ).all()
        }
        lines = (
            await session.scalars(
                select(CommissionStatementLine)
                .where(CommissionStatementLine.statement_id.in_(ids))
                .order_by(CommissionStatementLine.statement_id, CommissionStatementLine.position)
            )
        ).all()
        periods = {
            p.id: p
            for p in (
                await session.scalars(
                    select(CommissionPeriod).where(
                        CommissionPeriod.id.in_({s.period_id for s in statements.values()})
                    )
                )
            ).all()
        }
        reps = {
            u.id: u
            for u in (
                await session.scalars(
                    select(User).where(User.id.in_({s.rep_id for s in statements.values()}))
                )
            ).all()
        }
        approved = set(
            (
                await session.scalars(
                    select(CommissionStatementApproval.statement_id).where(
                        CommissionStatementApproval.statement_id.in_(ids)
                    )
                )
            ).all()
        )
    by_statement: dict[int, list[CommissionStatementLine]] = {}
    for line in lines:
        by_statement.setdefault(line.statement_id, []).append(line)
    out: list[StatementDocument | None] = []
    for statement_id in ids:
        s = statements.get(statement_id)
        if s is None:
            out.append(None)
            continue
        period = periods[s.period_id]
        document = StatementDocument(
            rep_name=reps[s.rep_id].name,
            period_label=period.label,
            period_start=period.start_date,
            period_end=period.end_date,
            currency=s.currency,
            status="APPROVED" if s.id in approved else "DRAFT",
            issued_on=s.created_at.date(),
            attainment_percent=percent(s.attainment),
            tier=s.tier,
            lines=tuple(
                StatementDocumentLine(line.kind.value, line.description, line.amount)
                for line in by_statement.get(s.id, [])
            ),
            components=tuple(
                (c["label"], Decimal(c["amount"])) for c in s.summary.get("components", [])
            ),
            totals=(
                ("Sales", s.sales_total),
                ("Clawbacks", s.clawback_total),
                ("Period-level (tiers, caps, SPIFs)", s.period_total),
                ("Adjustments", s.adjustments_total),
                ("Earned", s.earned_total),
                ("Previously paid", s.previously_paid),
                ("Balance due", s.balance_due),
            ),
            awards=tuple(
                f"{a['label']}: {a['description']} (stated value {format_money(stored_decimal(a['value']), s.currency)})"
                for a in s.summary.get("awards", [])
            ),
        )
        out.append(document)
    return out


async def estimate_quotes(
    db: RequestDatabase, keys: Sequence[EstimateKey]
) -> list[CommissionEstimate | None]:
    """Each quote's estimate for its owner, from the owner's stored period state."""
    today = datetime.now(UTC).date()
    async with db.read() as session:
        quotes = {
            q.id: q
            for q in (
                await session.scalars(select(Quote).where(Quote.id.in_({k[0] for k in keys})))
            ).all()
        }
        setting = await load_calendar(session)
        closed = await load_closed(session)
        wanted = [k for k in keys if k[0] in quotes]
        deals, splits = await quote_deals(
            session, list(quotes.values()), {qid: today for qid in quotes}
        )
        requests = [
            DealToEstimate(
                rep_id=quotes[qid].owner_id,
                deal=_on(deals[qid], day or today),
                splits=splits[qid],
            )
            for qid, day in wanted
        ]
        outcomes, to_save = await estimate_deals(session, requests, setting, closed)
    if to_save:
        async with db.transaction() as session:
            await queries.save_states(session, to_save)
    by_key = dict(zip(wanted, (estimate_type(o) for o in outcomes), strict=True))
    return [by_key.get(k) for k in keys]


def _on(deal: engine.Deal, day: date) -> engine.Deal:
    return deal if deal.close_date == day else dataclasses.replace(deal, close_date=day)
