"""Credits and the rep's dashboard summary."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay

from db.codec.commissions import credit_lines_of
from db.models import commissions as rows
from schema.connection import CountedConnection
from schema.money import Money, money
from schema.types.catalog import Product
from schema.types.user import User

if TYPE_CHECKING:
    pass

from schema.ids import node_key, node_keys
from schema.types.commissions.common import (
    CommissionCreditRole,
    CommissionReversalKind,
    QuoteRef,
    _loaders,
    _may_see,
    _user,
    percent,
    plain,
)
from schema.types.commissions.payouts import CommissionProblem
from schema.types.commissions.plans import CommissionFiscalPeriod, CommissionPlan, CommissionTier


@strawberry.type(description="A rep's share of one quote line.")
class CommissionCreditLine:
    line_key: str
    family: str
    amount: Money
    quantity: Decimal
    discount_percent: Decimal
    product_id: relay.GlobalID

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product | None:
        row = await info.context.loaders.product_by_id.load(node_key(self.product_id.node_id))
        return Product.from_row(row) if row else None


@strawberry.type(
    description="A rep's credit for a won quote, or the clawback mirroring it after a reversal."
)
class CommissionCredit(relay.Node):
    id: relay.NodeID[int]
    role: CommissionCreditRole  # type: ignore[valid-type]
    share_percent: Decimal
    credit_date: date = strawberry.field(
        description="Places the credit in a period (never a closed one)."
    )
    rated_on: date = strawberry.field(description="The close date plan rules judge the deal by.")
    amount: Money = strawberry.field(description="Credited revenue; negative for a clawback.")
    clawback: bool
    reversal_kind: CommissionReversalKind | None  # type: ignore[valid-type]
    lines: list[CommissionCreditLine]
    created_at: datetime
    rep_id: strawberry.Private[int]
    quote_id: strawberry.Private[int]
    reverses_id: strawberry.Private[int | None]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @strawberry.field(description="The quote, when you may see it.")
    async def quote(self, info: strawberry.Info) -> QuoteRef | None:
        from schema.types.quote import Quote

        row = await info.context.loaders.quote_by_id.load(self.quote_id)
        return Quote.from_row(row) if row is not None and _may_see(info, row.owner_id) else None

    @strawberry.field(description="The credit a clawback mirrors.")
    async def reverses(self, info: strawberry.Info) -> CommissionCredit | None:
        if self.reverses_id is None:
            return None
        row = await _loaders(info).credit_by_id.load(self.reverses_id)
        return CommissionCredit.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: rows.CommissionCredit) -> CommissionCredit:
        return cls(
            id=row.id,
            role=row.role,
            share_percent=percent(row.share),  # type: ignore[arg-type]
            credit_date=row.credit_date,
            rated_on=row.rated_on,
            amount=money(row.amount, row.currency),
            clawback=row.reverses_id is not None,
            reversal_kind=row.reversal_kind,
            lines=[
                CommissionCreditLine(
                    line_key=line.line_id,
                    family=line.family,
                    amount=money(line.amount, row.currency),
                    quantity=plain(line.quantity),  # type: ignore[arg-type]
                    discount_percent=percent(line.discount),  # type: ignore[arg-type]
                    product_id=relay.GlobalID("Product", line.product_id),
                )
                for line in credit_lines_of(row.lines)
            ],
            created_at=row.created_at,
            rep_id=row.rep_id,
            quote_id=row.quote_id,
            reverses_id=row.reverses_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).credit_by_id.load_many(node_keys(node_ids))
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(name="CommissionCreditConnection")
class CommissionCreditConnection(CountedConnection[CommissionCredit]):
    pass


# --- the dashboard ------------------------------------------------------------------------


@strawberry.type(
    description="The tier the rep is in, the next one, and the revenue still needed to reach it."
)
class CommissionNextTier:
    current: CommissionTier
    next: CommissionTier | None
    revenue_needed: Money | None


@strawberry.type(description="Progress toward a SPIF of the rep's plan this period.")
class CommissionSpifStanding:
    component_id: str
    label: str
    progress: Decimal
    target: Decimal
    reached: bool
    award_description: str
    award_value: Money


@strawberry.type(
    description="A rep's period to date: earned, attainment, tiers, SPIFs and open pipeline."
)
class RepCommissionSummary:
    period: CommissionFiscalPeriod
    currency: str | None
    quota: Money | None
    earned: Money | None = strawberry.field(
        description="Period to date, settled as if the period closed now."
    )
    credited_revenue: Money | None
    attainment_percent: Decimal | None
    tier: CommissionTier | None
    next_tier: CommissionNextTier | None
    spifs: list[CommissionSpifStanding]
    open_pipeline: Money | None = strawberry.field(
        description="Sum of the estimates of your open quotes (draft, pending approval, approved, sent)."
    )
    open_quote_count: int
    problems: list[CommissionProblem]
    team: list[RepCommissionSummary] = strawberry.field(
        description="A manager's reps; empty for others."
    )
    rep_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @strawberry.field
    async def plan(self, info: strawberry.Info) -> CommissionPlan | None:
        if self.plan_id is None:
            return None
        row = await _loaders(info).plan_by_id.load(self.plan_id)
        return CommissionPlan.from_row(row) if row else None


# --- statements ------------------------------------------------------------------------
