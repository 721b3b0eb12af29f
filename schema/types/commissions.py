"""Commissions as a phone shows them: plans, credits, estimates that explain themselves,
the rep's dashboard, periods, statements and inquiries.

Rates, attainment and tier floors are shown in percent (``ratePercent: "15"``),
multipliers as plain decimals (``1.2``), money as ``Money``. Related rows are
reached through ``info.context.loaders.commissions`` only.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from babel.numbers import get_currency_precision
from strawberry import relay

import commissions as engine
from db.models import commissions as rows
from db.models.users import Role
from schema.connection import CountedConnection
from schema.money import Money
from schema.permissions import viewer_of
from schema.types.catalog import Product
from schema.types.user import User

if TYPE_CHECKING:
    from schema.types.quote import Quote

QuoteRef = Annotated["Quote", strawberry.lazy("schema.types.quote")]
HUNDRED = Decimal(100)

CommissionPeriodKind = strawberry.enum(rows.CommissionPeriodKind, name="CommissionPeriodKind")
CommissionPeriodStatus = strawberry.enum(rows.CommissionPeriodStatus, name="CommissionPeriodStatus")
CommissionCreditRole = strawberry.enum(
    rows.CreditRole,
    name="CommissionCreditRole",
    description="DIRECT for sellers, ROLLUP for their managers.",
)
CommissionReversalKind = strawberry.enum(rows.ReversalKind, name="CommissionReversalKind")
CommissionStatementLineKind = strawberry.enum(
    rows.StatementLineKind, name="CommissionStatementLineKind"
)
CommissionInquiryCategory = strawberry.enum(rows.InquiryCategory, name="CommissionInquiryCategory")
CommissionInquiryStatus = strawberry.enum(rows.InquiryStatus, name="CommissionInquiryStatus")
CommissionComponentKind = strawberry.enum(
    engine.ComponentKind,
    name="CommissionComponentKind",
    description="The rule that produced a payout line.",
)
CommissionReason = strawberry.enum(
    engine.ReasonCode,
    name="CommissionReason",
    description="Why the engine could not credit, compute or estimate.",
)
CommissionTierMode = strawberry.enum(engine.TierMode, name="CommissionTierMode")
CommissionModifierMeasure = strawberry.enum(engine.Measure, name="CommissionModifierMeasure")
CommissionModifierScope = strawberry.enum(engine.Scope, name="CommissionModifierScope")
CommissionTimingEdge = strawberry.enum(engine.Edge, name="CommissionTimingEdge")
CommissionSpifMeasure = strawberry.enum(engine.SpifMeasure, name="CommissionSpifMeasure")
CommissionAwardKind = strawberry.enum(engine.AwardKind, name="CommissionAwardKind")


@strawberry.enum(description="DRAFT until FINANCE approves the payout; APPROVED is final.")
class CommissionStatementStatus(enum.Enum):
    DRAFT = "DRAFT"
    APPROVED = "APPROVED"


def percent(fraction: Decimal | None) -> Decimal | None:
    """A fraction as a percentage without trailing zeros: 0.15 → 15, 0.125 → 12.5."""
    if fraction is None:
        return None
    value = fraction * HUNDRED
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plain(value: Decimal | None) -> Decimal | None:
    """A multiplier or count without trailing zeros, never in exponent form."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def money(amount: Decimal, currency: str) -> Money:
    """An amount with exactly its currency's minor units (150.00 USD, 1200 JPY)."""
    return Money(
        amount=amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency))),
        currency=currency,
    )


def _loaders(info: strawberry.Info) -> Any:
    return info.context.loaders.commissions


async def _user(info: strawberry.Info, user_id: int | None) -> User | None:
    if user_id is None:
        return None
    row = await info.context.loaders.user_by_id.load(user_id)
    return User.from_row(row) if row else None


def _may_see(info: strawberry.Info, rep_id: int) -> bool:
    viewer = viewer_of(info)
    return viewer is not None and viewer.may_see_owner(rep_id)


# --- calendar and periods --------------------------------------------------------------


@strawberry.type(description="The fiscal calendar commission periods follow.")
class CommissionCalendar:
    first_month: int = strawberry.field(description="The month (1-12) a fiscal year starts in.")
    named_by_end_year: bool = strawberry.field(
        description="A year is named after the civil year it ends in."
    )
    period_kind: CommissionPeriodKind  # type: ignore[valid-type]


@strawberry.type(description="A fiscal period: which month or quarter a date belongs to.")
class CommissionFiscalPeriod:
    kind: CommissionPeriodKind  # type: ignore[valid-type]
    label: str = strawberry.field(description="e.g. FY2026-Q4 or FY2026-M11.")
    fiscal_year: int
    index: int
    start: date
    end: date

    @classmethod
    def of(cls, period: engine.FiscalPeriod) -> CommissionFiscalPeriod:
        return cls(
            kind=rows.CommissionPeriodKind(period.kind.value),
            label=period.label,
            fiscal_year=period.fiscal_year,
            index=period.index,
            start=period.start,
            end=period.end,
        )


@strawberry.type(description="A commission period FINANCE opened; once CLOSED it never changes.")
class CommissionPeriod(relay.Node):
    id: relay.NodeID[int]
    kind: CommissionPeriodKind  # type: ignore[valid-type]
    label: str
    fiscal_year: int
    index: int
    start: date
    end: date
    status: CommissionPeriodStatus  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Send back when closing; a stale one is a CONFLICT."
    )
    opened_at: datetime
    closed_at: datetime | None

    @classmethod
    def from_row(cls, row: rows.CommissionPeriod) -> CommissionPeriod:
        return cls(
            id=row.id,
            kind=row.kind,
            label=row.label,
            fiscal_year=row.fiscal_year,
            index=row.index,
            start=row.start_date,
            end=row.end_date,
            status=row.status,
            version=row.version,
            opened_at=row.opened_at,
            closed_at=row.closed_at,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        if viewer_of(info) is None:
            return [None for _ in node_ids]
        found = await _loaders(info).period_by_id.load_many([int(i) for i in node_ids])
        return [cls.from_row(r) if r else None for r in found]


@strawberry.type(name="CommissionPeriodConnection")
class CommissionPeriodConnection(CountedConnection[CommissionPeriod]):
    pass


# --- plans -------------------------------------------------------------------------------


@strawberry.type(
    description="A quota tier: from `floorPercent` attainment, commission is multiplied."
)
class CommissionTier:
    name: str
    floor_percent: Decimal
    multiplier: Decimal

    @classmethod
    def of(cls, tier: engine.Tier | None) -> CommissionTier | None:
        if tier is None:
            return None
        return cls(
            name=tier.name, floor_percent=percent(tier.floor), multiplier=plain(tier.multiplier)
        )  # type: ignore[arg-type]


def _product_ids(ids: Iterable[str]) -> list[relay.GlobalID]:
    return [relay.GlobalID("Product", i) for i in ids]


async def _products(info: strawberry.Info, ids: Iterable[relay.GlobalID]) -> list[Product]:
    found = await info.context.loaders.product_by_id.load_many([int(g.node_id) for g in ids])
    return [Product.from_row(r) for r in found if r is not None]


@strawberry.type(description="The rate on every line no product rate claims.")
class BaseRateComponent:
    component_id: str
    label: str
    rate_percent: Decimal


@strawberry.type(
    description="Replaces the base rate on some products or families (a premium or a de-emphasis)."
)
class ProductRateComponent:
    component_id: str
    label: str
    rate_percent: Decimal
    product_ids: list[relay.GlobalID]
    families: list[str]
    counts_toward_quota: bool

    @strawberry.field
    async def products(self, info: strawberry.Info) -> list[Product]:
        return await _products(info, self.product_ids)


@strawberry.type(
    description="Multiplies commission when the discount or margin is beyond a threshold."
)
class RateModifierComponent:
    component_id: str
    label: str
    measure: CommissionModifierMeasure  # type: ignore[valid-type]
    multiplier: Decimal
    above_percent: Decimal | None
    below_percent: Decimal | None
    scope: CommissionModifierScope  # type: ignore[valid-type]


@strawberry.type(
    description="Multiplies commission on deals closed near an edge of a fiscal period."
)
class TimingAcceleratorComponent:
    component_id: str
    label: str
    multiplier: Decimal
    anchor: CommissionPeriodKind  # type: ignore[valid-type]
    edge: CommissionTimingEdge  # type: ignore[valid-type]
    days: int
    months: int


@strawberry.type(
    description="Extra pay for deals with matching accounts: a rate and/or an amount per deal."
)
class SegmentIncentiveComponent:
    component_id: str
    label: str
    segments: list[str]
    industries: list[str]
    new_logo_only: bool
    extra_rate_percent: Decimal
    amount_per_deal: Money


@strawberry.type(description="Attainment tiers, with an optional gate and attainment cap.")
class QuotaTiersComponent:
    component_id: str
    label: str
    mode: CommissionTierMode  # type: ignore[valid-type]
    tiers: list[CommissionTier]
    gate_percent: Decimal | None
    max_attainment_percent: Decimal | None


@strawberry.type(description="The most a period's commission pays (SPIFs come on top).")
class PayoutCapComponent:
    component_id: str
    label: str
    max_payout: Money


@strawberry.type(
    description="What reaching a SPIF earns; a non-cash award is recorded at its stated value."
)
class SpifAwardRule:
    kind: CommissionAwardKind  # type: ignore[valid-type]
    value: Money
    description: str


@strawberry.type(
    description="A one-off bonus for selling a target of some products in a window, paid once."
)
class SpifComponent:
    component_id: str
    label: str
    window_start: date
    window_end: date
    target: Decimal
    measure: CommissionSpifMeasure  # type: ignore[valid-type]
    product_ids: list[relay.GlobalID]
    families: list[str]
    award: SpifAwardRule

    @strawberry.field
    async def products(self, info: strawberry.Info) -> list[Product]:
        return await _products(info, self.product_ids)


CommissionComponent = Annotated[
    BaseRateComponent
    | ProductRateComponent
    | RateModifierComponent
    | TimingAcceleratorComponent
    | SegmentIncentiveComponent
    | QuotaTiersComponent
    | PayoutCapComponent
    | SpifComponent,
    strawberry.union("CommissionComponent", description="One rule of a plan."),
]


def component_type(c: engine.Component, currency: str) -> Any:
    match c:
        case engine.BaseRate():
            return BaseRateComponent(
                component_id=c.component_id, label=c.label, rate_percent=percent(c.rate)
            )  # type: ignore[arg-type]
        case engine.ProductRate():
            return ProductRateComponent(
                component_id=c.component_id,
                label=c.label,
                rate_percent=percent(c.rate),  # type: ignore[arg-type]
                product_ids=_product_ids(c.product_ids),
                families=list(c.families),
                counts_toward_quota=c.counts_toward_quota,
            )
        case engine.RateModifier():
            return RateModifierComponent(
                component_id=c.component_id,
                label=c.label,
                measure=c.measure,
                multiplier=plain(c.multiplier),  # type: ignore[arg-type]
                above_percent=percent(c.above),
                below_percent=percent(c.below),
                scope=c.scope,
            )
        case engine.TimingAccelerator():
            return TimingAcceleratorComponent(
                component_id=c.component_id,
                label=c.label,
                multiplier=plain(c.multiplier),  # type: ignore[arg-type]
                anchor=rows.CommissionPeriodKind(c.anchor.value),
                edge=c.edge,
                days=c.days,
                months=c.months,
            )
        case engine.SegmentIncentive():
            return SegmentIncentiveComponent(
                component_id=c.component_id,
                label=c.label,
                segments=list(c.segments),
                industries=list(c.industries),
                new_logo_only=c.new_logo_only,
                extra_rate_percent=percent(c.extra_rate),  # type: ignore[arg-type]
                amount_per_deal=money(c.amount_per_deal, currency),
            )
        case engine.QuotaTiers():
            return QuotaTiersComponent(
                component_id=c.component_id,
                label=c.label,
                mode=c.mode,
                tiers=[CommissionTier.of(t) for t in c.tiers],  # type: ignore[misc]
                gate_percent=percent(c.gate),
                max_attainment_percent=percent(c.max_attainment),
            )
        case engine.PayoutCap():
            return PayoutCapComponent(
                component_id=c.component_id, label=c.label, max_payout=money(c.max_payout, currency)
            )
        case engine.Spif():
            return SpifComponent(
                component_id=c.component_id,
                label=c.label,
                window_start=c.window_start,
                window_end=c.window_end,
                target=plain(c.target),  # type: ignore[arg-type]
                measure=c.measure,
                product_ids=_product_ids(c.product_ids),
                families=list(c.families),
                award=SpifAwardRule(
                    kind=c.award.kind,
                    value=money(c.award.value, currency),
                    description=c.award.description,
                ),
            )
    raise TypeError(c)


@strawberry.type(
    description="The rules of a plan from `effectiveFrom` to `effectiveTo` (inclusive; null: open)."
)
class CommissionPlanVersion:
    number: int
    name: str
    effective_from: date
    effective_to: date | None
    components: list[CommissionComponent]
    created_at: datetime

    @classmethod
    def of(cls, version: engine.PlanVersion, created_at: datetime) -> CommissionPlanVersion:
        return cls(
            number=version.version,
            name=version.name,
            effective_from=version.effective_from,
            effective_to=version.effective_to,
            components=[component_type(c, version.currency) for c in version.components],
            created_at=created_at,
        )


@strawberry.type(
    description="An incentive plan; its rules change by new, effective-dated versions."
)
class CommissionPlan(relay.Node):
    id: relay.NodeID[int]
    name: str
    currency: str
    period_kind: CommissionPeriodKind  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Send back when revising; a stale one is a CONFLICT."
    )
    created_at: datetime

    @strawberry.field(description="Every version, oldest first.")
    async def versions(self, info: strawberry.Info) -> list[CommissionPlanVersion]:
        return await _loaders(info).plan_versions_by_plan_id.load(self.id)

    @strawberry.field(description="The version in force on a day (today by default).")
    async def version_on(
        self, info: strawberry.Info, day: date | None = None
    ) -> CommissionPlanVersion | None:
        wanted = day or datetime.now(UTC).date()
        for version in await self.versions(info):
            if version.effective_from <= wanted and (
                version.effective_to is None or wanted <= version.effective_to
            ):
                return version
        return None

    @classmethod
    def from_row(cls, row: rows.CommissionPlan) -> CommissionPlan:
        return cls(
            id=row.id,
            name=row.name,
            currency=row.currency,
            period_kind=row.period_kind,
            version=row.version,
            created_at=row.created_at,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        """Back office and managers see every plan; a rep only the plans they are on."""
        viewer = viewer_of(info)
        if viewer is None:
            return [None for _ in node_ids]
        found = await _loaders(info).plan_by_id.load_many([int(i) for i in node_ids])
        if viewer.has_any(Role.OPS, Role.FINANCE, Role.MANAGER):
            return [cls.from_row(r) if r is not None else None for r in found]
        mine = {a.plan_id for a in await _loaders(info).assignments_by_rep_id.load(viewer.user_id)}
        return [cls.from_row(r) if r is not None and r.id in mine else None for r in found]


@strawberry.type(name="CommissionPlanConnection")
class CommissionPlanConnection(CountedConnection[CommissionPlan]):
    pass


@strawberry.type(
    description="A rep on a plan from `start` to `end` (inclusive), with a quota per period."
)
class CommissionAssignment(relay.Node):
    id: relay.NodeID[int]
    start: date
    end: date | None
    quota: Money = strawberry.field(description="Per period of the plan's period kind.")
    on_target_earnings: Money | None
    created_at: datetime
    rep_id: strawberry.Private[int]
    plan_id: strawberry.Private[int]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @strawberry.field
    async def plan(self, info: strawberry.Info) -> CommissionPlan | None:
        row = await _loaders(info).plan_by_id.load(self.plan_id)
        return CommissionPlan.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: rows.CommissionAssignment, currency: str) -> CommissionAssignment:
        return cls(
            id=row.id,
            start=row.start_date,
            end=row.end_date,
            quota=money(row.quota, currency),
            on_target_earnings=money(row.on_target_earnings, currency)
            if row.on_target_earnings
            else None,
            created_at=row.created_at,
            rep_id=row.rep_id,
            plan_id=row.plan_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).assignment_by_id.load_many([int(i) for i in node_ids])
        plans = await _loaders(info).plan_by_id.load_many(
            [r.plan_id for r in found if r is not None]
        )
        currency = {p.id: p.currency for p in plans if p is not None}
        return [
            cls.from_row(r, currency[r.plan_id])
            if r is not None and _may_see(info, r.rep_id)
            else None
            for r in found
        ]


@strawberry.type(name="CommissionAssignmentConnection")
class CommissionAssignmentConnection(CountedConnection[CommissionAssignment]):
    pass


# --- explained amounts -----------------------------------------------------------------


@strawberry.type(
    description="One explained amount: which rule, on which base, at which rate or multiplier."
)
class CommissionPayoutLine:
    component_id: str
    kind: CommissionComponentKind  # type: ignore[valid-type]
    label: str
    amount: Money
    base: Decimal = strawberry.field(
        description="What the rate or multiplier acted on: credited revenue, or the commission so far."
    )
    rate_percent: Decimal | None
    multiplier: Decimal | None
    tier: str | None
    line_keys: list[str] = strawberry.field(description="The quote lines it came from.")
    clawback: bool

    @classmethod
    def of(cls, line: engine.PayoutLine, currency: str) -> CommissionPayoutLine:
        return cls(
            component_id=line.component_id,
            kind=line.kind,
            label=line.label,
            amount=money(line.amount, currency),
            base=plain(line.base),  # type: ignore[arg-type]
            rate_percent=percent(line.rate),
            multiplier=plain(line.multiplier),
            tier=line.tier,
            line_keys=list(line.line_ids),
            clawback=line.clawback,
        )


@strawberry.type(description="The sum of one component's lines.")
class CommissionComponentTotal:
    component_id: str
    kind: CommissionComponentKind  # type: ignore[valid-type]
    label: str
    amount: Money

    @classmethod
    def of(cls, total: engine.ComponentTotal, currency: str) -> CommissionComponentTotal:
        return cls(
            component_id=total.component_id,
            kind=total.kind,
            label=total.label,
            amount=money(total.amount, currency),
        )


@strawberry.type(
    description="A SPIF reached; a non-cash award (a trip) is recorded at its stated value."
)
class CommissionSpifAward:
    component_id: str
    label: str
    kind: CommissionAwardKind  # type: ignore[valid-type]
    value: Money
    description: str
    progress: Decimal
    target: Decimal

    @classmethod
    def of(cls, award: engine.SpifAward, currency: str) -> CommissionSpifAward:
        return cls(
            component_id=award.component_id,
            label=award.label,
            kind=award.kind,
            value=money(award.value, currency),
            description=award.description,
            progress=plain(award.progress),  # type: ignore[arg-type]
            target=plain(award.target),  # type: ignore[arg-type]
        )


@strawberry.type(description="Where a SPIF stands before and after the deal.")
class CommissionSpifProgress:
    component_id: str
    label: str
    before: Decimal
    after: Decimal
    target: Decimal
    reached: bool = strawberry.field(description="This deal earns the SPIF.")

    @classmethod
    def of(cls, progress: engine.SpifProgress) -> CommissionSpifProgress:
        return cls(
            component_id=progress.component_id,
            label=progress.label,
            before=plain(progress.before),  # type: ignore[arg-type]
            after=plain(progress.after),  # type: ignore[arg-type]
            target=plain(progress.target),  # type: ignore[arg-type]
            reached=progress.reached,
        )


@strawberry.type(description="Why an estimate or a period could not be worked out.")
class CommissionProblem:
    code: CommissionReason  # type: ignore[valid-type]
    message: str
    field: list[str] | None

    @classmethod
    def of(cls, refusal: engine.Refusal) -> CommissionProblem:
        return cls(code=refusal.code, message=refusal.message, field=list(refusal.field) or None)


@strawberry.type(
    description="What a deal would pay the rep if won, given the period so far; `lines` explain every amount."
)
class CommissionEstimate:
    period: CommissionFiscalPeriod | None
    amount: Money | None = strawberry.field(
        description="The expected cash payout; null when it cannot be estimated."
    )
    problems: list[CommissionProblem]
    components: list[CommissionComponentTotal]
    lines: list[CommissionPayoutLine]
    attainment_before_percent: Decimal | None
    attainment_after_percent: Decimal | None
    tier_before: CommissionTier | None
    tier_after: CommissionTier | None = strawberry.field(
        description="The tier the deal would reach."
    )
    spif_progress: list[CommissionSpifProgress]
    awards: list[CommissionSpifAward] = strawberry.field(description="SPIFs this deal would earn.")
    placed_last: bool = strawberry.field(
        description="False when the deal closes before credits already counted (estimated as the latest one)."
    )
    rep_id: strawberry.Private[int]

    @strawberry.field(description="Whose payout this is.")
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)


# --- credits ----------------------------------------------------------------------------


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
        row = await info.context.loaders.product_by_id.load(int(self.product_id.node_id))
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
                    line_key=line["line_id"],
                    family=line["family"],
                    amount=money(Decimal(line["amount"]), row.currency),
                    quantity=plain(Decimal(line["quantity"])),  # type: ignore[arg-type]
                    discount_percent=percent(Decimal(line["discount"])),  # type: ignore[arg-type]
                    product_id=relay.GlobalID("Product", line["product_id"]),
                )
                for line in row.lines
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
        found = await _loaders(info).credit_by_id.load_many([int(i) for i in node_ids])
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
        found = await _loaders(info).statement_line_by_id.load_many([int(i) for i in node_ids])
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


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def payout_line_from_json(data: dict[str, Any], currency: str) -> CommissionPayoutLine:
    """A stored explained line (see ``resolvers.commissions.codec.payout_line_json``)."""
    return CommissionPayoutLine(
        component_id=data["component_id"],
        kind=engine.ComponentKind(data["kind"]),
        label=data["label"],
        amount=money(Decimal(data["amount"]), currency),
        base=plain(Decimal(data["base"])),  # type: ignore[arg-type]
        rate_percent=percent(_d(data["rate"])),
        multiplier=plain(_d(data["multiplier"])),
        tier=data["tier"],
        line_keys=list(data["line_ids"]),
        clawback=data["clawback"],
    )


def statement_line(row: rows.CommissionStatementLine, currency: str) -> CommissionStatementLine:
    return CommissionStatementLine(
        id=row.id,
        position=row.position,
        kind=row.kind,
        description=row.description,
        amount=money(row.amount, currency),
        details=[payout_line_from_json(d, currency) for d in row.details],
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
        return await _loaders(info).statement_pdf_by_id.load(self.id)

    @classmethod
    def from_row(cls, row: rows.CommissionStatement) -> CommissionStatement:
        c = row.currency
        summary = row.summary
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
            components=[
                CommissionComponentTotal(
                    component_id=t["component_id"],
                    kind=engine.ComponentKind(t["kind"]),
                    label=t["label"],
                    amount=money(Decimal(t["amount"]), c),
                )
                for t in summary.get("components", [])
            ],
            awards=[
                CommissionSpifAward(
                    component_id=a["component_id"],
                    label=a["label"],
                    kind=engine.AwardKind(a["kind"]),
                    value=money(Decimal(a["value"]), c),
                    description=a["description"],
                    progress=plain(Decimal(a["progress"])),  # type: ignore[arg-type]
                    target=plain(Decimal(a["target"])),  # type: ignore[arg-type]
                )
                for a in summary.get("awards", [])
            ],
            created_at=row.created_at,
            rep_id=row.rep_id,
            period_id=row.period_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        """A rep sees their own statements, a manager the team's, FINANCE all; others get null."""
        found = await _loaders(info).statement_by_id.load_many([int(i) for i in node_ids])
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(name="CommissionStatementConnection")
class CommissionStatementConnection(CountedConnection[CommissionStatement]):
    pass


# --- adjustments and inquiries -----------------------------------------------------------


@strawberry.type(
    description="A signed correction by FINANCE, in the open period of `effectiveDate`."
)
class CommissionAdjustment(relay.Node):
    id: relay.NodeID[int]
    effective_date: date
    amount: Money
    description: str
    created_at: datetime
    rep_id: strawberry.Private[int]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @classmethod
    def from_row(cls, row: rows.CommissionAdjustment) -> CommissionAdjustment:
        return cls(
            id=row.id,
            effective_date=row.effective_date,
            amount=money(row.amount, row.currency),
            description=row.description,
            created_at=row.created_at,
            rep_id=row.rep_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).adjustment_by_id.load_many([int(i) for i in node_ids])
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(description="One message of an inquiry's thread.")
class CommissionInquiryMessage:
    kind: str = strawberry.field(description="OPENED, ANSWER, RESOLVED or REJECTED.")
    message: str
    attachment_ref: str | None
    at: datetime
    author_id: strawberry.Private[int | None]

    @strawberry.field
    async def author(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.author_id)


@strawberry.type(
    description="A rep's question or dispute about a statement line or a credit, and its outcome."
)
class CommissionInquiry(relay.Node):
    id: relay.NodeID[int]
    category: CommissionInquiryCategory  # type: ignore[valid-type]
    status: CommissionInquiryStatus  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Send back on every action; a stale one is a CONFLICT."
    )
    attachment_ref: str | None
    resolution: str | None = strawberry.field(
        description="FINANCE's reason when resolved or rejected."
    )
    created_at: datetime
    updated_at: datetime
    rep_id: strawberry.Private[int]
    statement_line_id: strawberry.Private[int | None]
    credit_id: strawberry.Private[int | None]
    adjustment_id: strawberry.Private[int | None]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @strawberry.field
    async def statement_line(self, info: strawberry.Info) -> CommissionStatementLine | None:
        if self.statement_line_id is None:
            return None
        found = await CommissionStatementLine.resolve_nodes(
            info=info, node_ids=[str(self.statement_line_id)]
        )
        return found[0]

    @strawberry.field
    async def credit(self, info: strawberry.Info) -> CommissionCredit | None:
        if self.credit_id is None:
            return None
        row = await _loaders(info).credit_by_id.load(self.credit_id)
        return CommissionCredit.from_row(row) if row else None

    @strawberry.field(description="The correction a resolution made, if any.")
    async def adjustment(self, info: strawberry.Info) -> CommissionAdjustment | None:
        if self.adjustment_id is None:
            return None
        row = await _loaders(info).adjustment_by_id.load(self.adjustment_id)
        return CommissionAdjustment.from_row(row) if row else None

    @strawberry.field(description="The conversation, oldest first.")
    async def thread(self, info: strawberry.Info) -> list[CommissionInquiryMessage]:
        found = await _loaders(info).messages_by_inquiry_id.load(self.id)
        return [
            CommissionInquiryMessage(
                kind=m.kind,
                message=m.message,
                attachment_ref=m.attachment_ref,
                at=m.at,
                author_id=m.author_id,
            )
            for m in found
        ]

    @classmethod
    def from_row(cls, row: rows.CommissionInquiry) -> CommissionInquiry:
        return cls(
            id=row.id,
            category=row.category,
            status=row.status,
            version=row.version,
            attachment_ref=row.attachment_ref,
            resolution=row.resolution,
            created_at=row.created_at,
            updated_at=row.updated_at,
            rep_id=row.rep_id,
            statement_line_id=row.statement_line_id,
            credit_id=row.credit_id,
            adjustment_id=row.adjustment_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).inquiry_by_id.load_many([int(i) for i in node_ids])
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(name="CommissionInquiryConnection")
class CommissionInquiryConnection(CountedConnection[CommissionInquiry]):
    pass


NODE_TYPES = [
    CommissionPeriod,
    CommissionPlan,
    CommissionAssignment,
    CommissionCredit,
    CommissionStatement,
    CommissionStatementLine,
    CommissionAdjustment,
    CommissionInquiry,
]
