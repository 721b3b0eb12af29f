"""Statements and their lines."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay

from db.codec.commissions import payout_lines_of, summary_of
from db.models import commissions as rows
from documents.statement_pdf import render_statement_pdf
from schema.connection import CountedConnection
from schema.ids import node_keys
from schema.money import Money, money
from schema.types.user import User

if TYPE_CHECKING:
    pass

from schema.types.commissions.common import (
    CommissionStatementLineKind,
    CommissionStatementStatus,
    QuoteRef,
    _loaders,
    _may_see,
    _user,
    percent,
)
from schema.types.commissions.credits import CommissionCredit
from schema.types.commissions.payouts import (
    CommissionComponentTotal,
    CommissionPayoutLine,
    CommissionSpifAward,
)
from schema.types.commissions.plans import CommissionPeriod


@strawberry.type(
    description="One line of a statement: a credit's commission, a period-level line, an adjustment or an award."
)
class CommissionStatementLine(relay.Node):
    id: relay.NodeID[int]
    position: int
    kind: CommissionStatementLineKind  # type: ignore[valid-type]
    description: str
    amount: Money
    details: list[CommissionPayoutLine] = strawberry.field(
        description="The explained amounts behind this line."
    )
    credit_id: strawberry.Private[int | None]
    quote_id: strawberry.Private[int | None]
    statement_id: strawberry.Private[int]

    @strawberry.field
    async def credit(self, info: strawberry.Info) -> CommissionCredit | None:
        if self.credit_id is None:
            return None
        row = await _loaders(info).credit_by_id.load(self.credit_id)
        return CommissionCredit.from_row(row) if row else None

    @strawberry.field
    async def quote(self, info: strawberry.Info) -> QuoteRef | None:
        from schema.types.quote import Quote

        if self.quote_id is None:
            return None
        row = await info.context.loaders.quote_by_id.load(self.quote_id)
        return Quote.from_row(row) if row is not None and _may_see(info, row.owner_id) else None

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).statement_line_by_id.load_many(node_keys(node_ids))
        statements = await _loaders(info).statement_by_id.load_many(
            [r.statement_id for r in found if r is not None]
        )
        owner = {s.id: (s.rep_id, s.currency) for s in statements if s is not None}
        return [
            statement_line(r, owner[r.statement_id][1])
            if r is not None and _may_see(info, owner[r.statement_id][0])
            else None
            for r in found
        ]


def statement_line(row: rows.CommissionStatementLine, currency: str) -> CommissionStatementLine:
    return CommissionStatementLine(
        id=row.id,
        position=row.position,
        kind=row.kind,
        description=row.description,
        amount=money(row.amount, currency),
        details=[CommissionPayoutLine.of(d, currency) for d in payout_lines_of(row.details)],
        credit_id=row.credit_id,
        quote_id=row.quote_id,
        statement_id=row.statement_id,
    )


@strawberry.type(name="CommissionStatementLineConnection")
class CommissionStatementLineConnection(CountedConnection[CommissionStatementLine]):
    pass


@strawberry.type(
    description="A rep's statement for a closed period: lines, components, adjustments, clawbacks, totals."
)
class CommissionStatement(relay.Node):
    id: relay.NodeID[int]
    currency: str
    attainment_percent: Decimal | None
    quota: Money | None
    tier: str | None
    sales_total: Money
    clawback_total: Money
    period_total: Money = strawberry.field(
        description="Tiers, gate, caps and cash SPIFs of the whole period."
    )
    adjustments_total: Money
    earned_total: Money
    previously_paid: Money
    balance_due: Money = strawberry.field(
        description="Negative: money the rep owes back (after clawbacks)."
    )
    non_cash_value: Money = strawberry.field(
        description="Stated value of non-cash awards (trips), not paid in cash."
    )
    components: list[CommissionComponentTotal]
    awards: list[CommissionSpifAward]
    created_at: datetime
    rep_id: strawberry.Private[int]
    period_id: strawberry.Private[int]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @strawberry.field
    async def period(self, info: strawberry.Info) -> CommissionPeriod | None:
        row = await _loaders(info).period_by_id.load(self.period_id)
        return CommissionPeriod.from_row(row) if row else None

    @strawberry.field(description="DRAFT until FINANCE approves the payout.")
    async def status(self, info: strawberry.Info) -> CommissionStatementStatus:
        approval = await _loaders(info).approval_by_statement_id.load(self.id)
        return CommissionStatementStatus.APPROVED if approval else CommissionStatementStatus.DRAFT

    @strawberry.field
    async def approved_at(self, info: strawberry.Info) -> datetime | None:
        approval = await _loaders(info).approval_by_statement_id.load(self.id)
        return approval.approved_at if approval else None

    @strawberry.field
    async def approved_by(self, info: strawberry.Info) -> User | None:
        approval = await _loaders(info).approval_by_statement_id.load(self.id)
        return await _user(info, approval.approved_by_id) if approval else None

    @strawberry.field(
        description="Every line in order (page with `commissionStatementLines` for long statements)."
    )
    async def lines(self, info: strawberry.Info) -> list[CommissionStatementLine]:
        found = await _loaders(info).lines_by_statement_id.load(self.id)
        return [statement_line(r, self.currency) for r in found]

    @strawberry.field(description="The statement as a PDF, base64-encoded.")
    async def pdf_base64(self, info: strawberry.Info) -> str:
        document = await _loaders(info).statement_document_by_id.load(self.id)
        if document is None:
            return ""
        # Laid out in the CPU pool's processes: rendering holds the GIL.
        pdf: bytes = await info.context.config.cpu.run_in_process(render_statement_pdf, document)
        return base64.b64encode(pdf).decode()

    @classmethod
    def from_row(cls, row: rows.CommissionStatement) -> CommissionStatement:
        c = row.currency
        summary = summary_of(row.summary)
        return cls(
            id=row.id,
            currency=c,
            attainment_percent=percent(row.attainment),
            quota=money(row.quota, c) if row.quota is not None else None,
            tier=row.tier,
            sales_total=money(row.sales_total, c),
            clawback_total=money(row.clawback_total, c),
            period_total=money(row.period_total, c),
            adjustments_total=money(row.adjustments_total, c),
            earned_total=money(row.earned_total, c),
            previously_paid=money(row.previously_paid, c),
            balance_due=money(row.balance_due, c),
            non_cash_value=money(row.non_cash_value, c),
            components=[CommissionComponentTotal.of(t, c) for t in summary.components],
            awards=[CommissionSpifAward.of(a, c) for a in summary.awards],
            created_at=row.created_at,
            rep_id=row.rep_id,
            period_id=row.period_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        """A rep sees their own statements, a manager the team's, FINANCE all; others get null."""
        found = await _loaders(info).statement_by_id.load_many(node_keys(node_ids))
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(name="CommissionStatementConnection")
class CommissionStatementConnection(CountedConnection[CommissionStatement]):
    pass


# --- adjustments and inquiries -----------------------------------------------------------
