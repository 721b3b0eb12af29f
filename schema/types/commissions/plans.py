"""Calendars, periods, plans, their components, and assignments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

import commissions as engine
from db.models import commissions as rows
from db.models.users import Role
from schema.connection import CountedConnection
from schema.ids import node_keys
from schema.money import Money, money
from schema.permissions import viewer_of
from schema.types.catalog import Product
from schema.types.user import User

if TYPE_CHECKING:
    pass

from schema.types.commissions.common import (
    CommissionAwardKind,
    CommissionModifierMeasure,
    CommissionModifierScope,
    CommissionPeriodKind,
    CommissionPeriodStatus,
    CommissionSpifMeasure,
    CommissionTierMode,
    CommissionTimingEdge,
    _loaders,
    _may_see,
    _user,
    percent,
    plain,
)


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
        found = await _loaders(info).period_by_id.load_many(node_keys(node_ids))
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
    found = await info.context.loaders.product_by_id.load_many(node_keys(g.node_id for g in ids))
    return [Product.from_row(r) for r in found if r is not None]


@strawberry.type(description="The rate on every line no product rate claims.")
class BaseRateComponent:
    component_id: str
    label: str
    rate_percent: Decimal
    max_rate_percent: Decimal = strawberry.field(
        description="The highest rate this component allows: 100 unless the plan explicitly pays more (at most 1000)."
    )


@strawberry.type(
    description="Replaces the base rate on some products or families (a premium or a de-emphasis)."
)
class ProductRateComponent:
    component_id: str
    label: str
    rate_percent: Decimal
    max_rate_percent: Decimal = strawberry.field(
        description="The highest rate this component allows: 100 unless the plan explicitly pays more (at most 1000)."
    )
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
                component_id=c.component_id,
                label=c.label,
                rate_percent=percent(c.rate),  # type: ignore[arg-type]
                max_rate_percent=percent(c.rate_ceiling),  # type: ignore[arg-type]
            )
        case engine.ProductRate():
            return ProductRateComponent(
                component_id=c.component_id,
                label=c.label,
                rate_percent=percent(c.rate),  # type: ignore[arg-type]
                max_rate_percent=percent(c.rate_ceiling),  # type: ignore[arg-type]
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
        found = await _loaders(info).plan_by_id.load_many(node_keys(node_ids))
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
        found = await _loaders(info).assignment_by_id.load_many(node_keys(node_ids))
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
