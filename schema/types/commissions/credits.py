"""Credits and the rep's dashboard summary."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from db.codec.commissions import credit_lines_of
from db.models import commissions as rows
from schema.connection import CountedConnection
from schema.ids import node_key
from schema.money import Money, money
from schema.nodes import nodes_via
from schema.rows import from_attrs, related, row_object
from schema.types.catalog import Product
from schema.types.commissions.common import (
    CommissionCreditRole,
    CommissionReversalKind,
    SpifResult,
    percent,
    plain,
    rep_owned,
    rep_user,
    visible_quote,
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
        key = node_key(self.product_id.node_id)
        return await row_object(info, "product_by_id", key, Product)


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

    rep = strawberry.field(resolver=rep_user)

    quote = strawberry.field(resolver=visible_quote, description="The quote, when you may see it.")

    @strawberry.field(description="The credit a clawback mirrors.")
    async def reverses(self, info: strawberry.Info) -> CommissionCredit | None:
        return await row_object(
            info, "commissions.credit_by_id", self.reverses_id, CommissionCredit
        )

    @classmethod
    def from_row(cls, row: rows.CommissionCredit) -> CommissionCredit:
        return from_attrs(
            cls,
            row,
            share_percent=percent(row.share),
            amount=money(row.amount, row.currency),
            clawback=row.reverses_id is not None,
            lines=[
                from_attrs(
                    CommissionCreditLine,
                    line,
                    line_key=line.line_id,
                    amount=money(line.amount, row.currency),
                    quantity=plain(line.quantity),
                    discount_percent=percent(line.discount),
                    product_id=relay.GlobalID("Product", line.product_id),
                )
                for line in credit_lines_of(row.lines)
            ],
        )

    resolve_nodes = nodes_via("commissions.credit_by_id", rep_owned)


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
class CommissionSpifStanding(SpifResult):
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
        description="Sum of the estimates of your open quotes"
        " (draft, pending approval, approved, sent)."
    )
    open_quote_count: int
    problems: list[CommissionProblem]
    team: list[RepCommissionSummary] = strawberry.field(
        description="A manager's reps; empty for others."
    )
    rep_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]

    rep = strawberry.field(resolver=rep_user)

    plan = related("commissions.plan_by_id", "plan_id", CommissionPlan)
