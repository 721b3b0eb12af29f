"""Credits and the rep's dashboard summary."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from db.codec.commissions import credit_lines_of
from db.models import commissions as rows
from schema import decimals
from schema.connection import CountedConnection
from schema.ids import node_key
from schema.money import Money, money
from schema.nodes import nodes_via
from schema.rows import from_attrs, related, row_object
from schema.scalars import CurrencyCode
from schema.types.catalog import Product
from schema.types.commissions.common import (
    MEASURE_SCALE,
    PERCENT_SCALE,
    QUOTE_HIDDEN,
    SETTING_SCALE,
    CommissionCreditRole,
    CommissionReversalKind,
    SpifResult,
    fixed_measure,
    percent,
    quote_number,
    rep_field,
    rep_owned,
    setting_percent,
    visible_quote,
)
from schema.types.commissions.payouts import CommissionProblem
from schema.types.commissions.periods import CommissionFiscalPeriod
from schema.types.commissions.plans import CommissionPlan, CommissionTier


@strawberry.type(description="A rep's share of one line of a won quote.")
class CommissionCreditLine:
    line_key: str
    """The quote line's key (L1, L2, …), as payout lines' `lineKeys` name it."""
    family: str
    """The product's family when the deal was won."""
    amount: Money
    """The rep's credited share of the line's net revenue; negative on a clawback."""
    quantity: Decimal = strawberry.field(
        description="Units credited: the line's quantity times the rep's share (negative on a"
        f" clawback), with {MEASURE_SCALE}."
    )
    discount_percent: Decimal = strawberry.field(
        description=f"The line's discount off list price, in percent. {PERCENT_SCALE}."
    )
    product_id: relay.GlobalID
    """The product's global ID."""

    @strawberry.field(description="The product sold on the line.")
    async def product(self, info: strawberry.Info) -> Product:
        key = node_key(self.product_id.node_id)
        found = await row_object(info, "product_by_id", key, Product)
        if found is None:  # products are never deleted, and quote lines refer to them
            raise LookupError(f"Product {key} is gone, yet a credit line names it.")
        return found


@strawberry.type(
    description="A rep's credit for a won quote, or the clawback mirroring it after a reversal."
)
class CommissionCredit(relay.Node):
    id: relay.NodeID[int]
    role: CommissionCreditRole  # type: ignore[valid-type]
    """DIRECT for the deal's sellers, ROLLUP for the managers above them."""
    share_percent: Decimal = strawberry.field(
        description="The rep's share of the deal, in percent (100 without a split), with"
        f" {SETTING_SCALE}."
    )
    credit_date: date
    """The day that places the credit in a period (never a closed one)."""
    rated_on: date
    """The close date the plan's rules judge the deal by (tiers, timing windows)."""
    amount: Money
    """Credited revenue: the rep's share of the deal; negative for a clawback. In the rep's
    plan currency: converted (see `exchangeRate`) when the deal was in another one."""
    original_amount: Money | None = strawberry.field(
        description="The credited revenue in the deal's own currency, when `amount` is a"
        " conversion of it; null when the deal was in the plan's currency."
    )
    exchange_rate: Decimal | None = strawberry.field(
        description="The rate the credit was converted with: one unit of"
        " `originalAmount.currency` is worth this much of `amount.currency` (the rate OPS set"
        " valid on the close date; a clawback keeps its sale's rate). Null when not converted."
    )
    clawback: bool
    """True when this credit reverses another (`reverses`)."""
    reversal_kind: CommissionReversalKind | None  # type: ignore[valid-type]
    """Why the deal was undone; null unless a clawback."""
    lines: list[CommissionCreditLine]
    """The quote lines credited, with the rep's share of each."""
    created_at: datetime
    """When the credit was recorded."""
    rep_id: strawberry.Private[int]
    quote_id: strawberry.Private[int]
    reverses_id: strawberry.Private[int | None]

    rep = rep_field("The rep credited.")

    quote = strawberry.field(
        resolver=visible_quote, description="The won quote credited." + QUOTE_HIDDEN
    )

    quote_number = strawberry.field(
        resolver=quote_number,
        graphql_type=str,
        description="The credited quote's human reference (e.g. Q-1042), even when `quote` is"
        " hidden from you.",
    )

    @strawberry.field(description="The credit a clawback mirrors; null unless a clawback.")
    async def reverses(self, info: strawberry.Info) -> CommissionCredit | None:
        return await row_object(
            info, "commissions.credit_by_id", self.reverses_id, CommissionCredit
        )

    @classmethod
    def from_row(cls, row: rows.CommissionCredit) -> CommissionCredit:
        return from_attrs(
            cls,
            row,
            share_percent=setting_percent(row.share),
            amount=money(row.amount, row.currency),
            original_amount=None
            if row.original_currency is None or row.original_amount is None
            else money(row.original_amount, row.original_currency),
            exchange_rate=None if row.exchange_rate is None else row.exchange_rate.normalize(),
            clawback=row.reverses_id is not None,
            lines=[
                from_attrs(
                    CommissionCreditLine,
                    line,
                    line_key=line.line_id,
                    amount=money(line.amount, row.currency),
                    quantity=fixed_measure(line.quantity),
                    discount_percent=percent(line.discount),
                    product_id=relay.GlobalID("Product", line.product_id),
                )
                for line in credit_lines_of(row.lines)
            ],
        )

    resolve_nodes = nodes_via("commissions.credit_by_id", rep_owned)


@strawberry.type(
    name="CommissionCreditConnection",
    description="A page of commission credits, newest first.",
)
class CommissionCreditConnection(CountedConnection[CommissionCredit]):
    pass


# --- the dashboard ------------------------------------------------------------------------


@strawberry.type(
    description="The tier the rep is in, the next one, and the revenue still needed to reach it."
)
class CommissionNextTier:
    current: CommissionTier
    """The tier the period's attainment is in now."""
    next: CommissionTier | None
    """The next tier up; null at the top tier."""
    revenue_needed: Money | None = strawberry.field(
        description="Credited revenue still needed to reach `next`, in the plan's currency;"
        " null at the top tier."
    )


@strawberry.type(description="Progress toward a SPIF of the rep's plan this period.")
class CommissionSpifStanding(SpifResult):
    progress: Decimal = strawberry.field(
        description="What counts so far (units, or revenue for an AMOUNT SPIF), with"
        f" {MEASURE_SCALE}."
    )
    target: Decimal = strawberry.field(
        description=f"What the SPIF needs, in the same measure, with {MEASURE_SCALE}."
    )
    reached: bool
    """The target is reached: the award is earned."""
    award_description: str
    """What the award is, e.g. a trip."""
    award_value: Money
    """The award's cash value, or a non-cash award's stated value."""

    def __post_init__(self) -> None:
        # Built by the dashboard resolver: the stated scale is applied here, whoever builds it.
        self.progress = fixed_measure(self.progress)  # type: ignore[assignment]
        self.target = fixed_measure(self.target)  # type: ignore[assignment]


@strawberry.type(
    description="A rep's period to date: earned, attainment, tiers, SPIFs and open pipeline."
    " Amounts are in the plan's currency; most are null when the rep has no plan in force"
    " (then `problems` says why)."
)
class RepCommissionSummary:
    period: CommissionFiscalPeriod
    """The fiscal period of the day asked about (`asOf`, today by default)."""
    currency: CurrencyCode | None
    """The plan's currency, every amount's; null without a plan in force."""
    quota: Money | None
    """The rep's quota for the period."""
    earned: Money | None
    """Period to date, settled as if the period closed now."""
    credited_revenue: Money | None
    """Revenue credited to the rep in the period so far (clawbacks subtract)."""
    attainment_percent: Decimal | None = strawberry.field(
        description="Credited revenue counting toward quota as a percentage of quota"
        f" (100.00 is on quota). {PERCENT_SCALE}."
    )
    tier: CommissionTier | None
    """The quota tier attainment is in; null when the plan has no tiers."""
    next_tier: CommissionNextTier | None
    """The tier now, the next one and the revenue it needs; null without tiers."""
    spifs: list[CommissionSpifStanding]
    """The SPIFs of the plan version in force in the period, each with its standing."""
    open_pipeline: Money | None
    """Sum of the estimates of your open quotes (draft, pending approval, approved, sent)."""
    open_quote_count: int
    """How many open quotes you own (draft, pending approval, approved, sent)."""
    problems: list[CommissionProblem]
    """Why figures are missing (no plan, no quota, …); empty when all is well."""
    team: list[RepCommissionSummary]
    """A manager's reps; empty for others."""
    rep_id: strawberry.Private[int]
    plan_id: strawberry.Private[int | None]

    def __post_init__(self) -> None:
        # Built by the dashboard resolver, which already passes a percentage: fix its scale.
        self.attainment_percent = decimals.percent(self.attainment_percent)

    rep = rep_field("Whose summary this is.")

    plan = related(
        "commissions.plan_by_id",
        "plan_id",
        CommissionPlan,
        description="The plan the rep is on in the period; null when none.",
    )
