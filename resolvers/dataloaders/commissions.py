"""The commissions dataloaders, built together once per request.

Rows by id and rows grouped by a key use the shared factories; the others
(plan versions as GraphQL types, a statement's approval, its printable values,
and a quote's commission estimate) batch their keys into a fixed number of
queries too. They only load: estimates are read-only services, and rendering
a statement is the field's (``services.commissions.statements.render_statement``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from strawberry.dataloader import DataLoader

from db.base import Base
from db.models.commission_payouts import CommissionDraw, CommissionPayment
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
    ExchangeRate,
)
from db.queries import commission_statements as statement_queries
from db.queries import commissions as queries
from db.session import RequestDatabase
from documents.statement_pdf import StatementDocument
from resolvers.dataloaders.factories import answered, found, from_tables
from schema.types.commissions import CommissionEstimate, CommissionPlanVersion
from schema.types.commissions.estimate_outcome import estimate_type
from services.commissions.estimates import EstimateKey, estimate_quotes
from services.commissions.rep_plans import engine_version
from services.commissions.statements import statement_documents


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
    exchange_rate_by_id: DataLoader[int, ExchangeRate | None]
    payments_by_statement_id: DataLoader[int, list[CommissionPayment]]
    draw_by_id: DataLoader[int, CommissionDraw | None]

    @classmethod
    def build(cls, db: RequestDatabase) -> CommissionLoaders:
        return cls(
            **from_tables(db, _BY_ID, _GROUPED),
            plan_versions_by_plan_id=DataLoader(load_fn=lambda keys: _plan_versions(db, keys)),
            approval_by_statement_id=found(db, statement_queries.approvals_of_statements, None),
            statement_document_by_id=answered(db, statement_documents),
            estimate_by_quote=DataLoader(load_fn=lambda keys: _estimates(db, keys)),
        )


_BY_ID: tuple[tuple[str, type[Base]], ...] = (
    ("period_by_id", CommissionPeriod),
    ("plan_by_id", CommissionPlan),
    ("assignment_by_id", CommissionAssignment),
    ("credit_by_id", CommissionCredit),
    ("statement_by_id", CommissionStatement),
    ("statement_line_by_id", CommissionStatementLine),
    ("adjustment_by_id", CommissionAdjustment),
    ("inquiry_by_id", CommissionInquiry),
    ("exchange_rate_by_id", ExchangeRate),
    ("draw_by_id", CommissionDraw),
)

_GROUPED: tuple[tuple[Any, ...], ...] = (
    ("assignments_by_rep_id", CommissionAssignment.rep_id, CommissionAssignment.start_date),
    (
        "lines_by_statement_id",
        CommissionStatementLine.statement_id,
        CommissionStatementLine.position,
    ),
    ("messages_by_inquiry_id", CommissionInquiryMessage.inquiry_id, CommissionInquiryMessage.id),
    ("payments_by_statement_id", CommissionPayment.statement_id, CommissionPayment.id),
)


async def _plan_versions(
    db: RequestDatabase, plan_ids: Sequence[int]
) -> list[list[CommissionPlanVersion]]:
    async with db.read() as session:
        plans = await queries.rows_by_ids(session, CommissionPlan, plan_ids)
        versions = await queries.plan_versions(session, plan_ids)
    return [
        [
            CommissionPlanVersion.of(
                engine_version(v, plans[pid]), v.created_at, v.holds_until_invoice_paid
            )
            for v in versions.get(pid, [])
        ]
        if pid in plans
        else []
        for pid in plan_ids
    ]


async def _estimates(
    db: RequestDatabase, keys: Sequence[EstimateKey]
) -> list[CommissionEstimate | None]:
    """Each quote's estimate for its owner, from the owner's stored period state."""
    async with db.read() as session:
        found = await estimate_quotes(session, keys, datetime.now(UTC).date())
    return [estimate_type(found[k]) if k in found else None for k in keys]
