"""Calendars, periods, plans, their components, and assignments."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

import commissions as engine
from db.actor import Actor
from db.models import commissions as rows
from db.models.users import Role
from schema.connection import CountedConnection
from schema.ids import node_keys
from schema.money import Money, money
from schema.nodes import Visible, nodes_via
from schema.rows import FromRow, from_attrs, loader, related
from schema.types.catalog import Product
from schema.types.commissions.common import (
    CommissionAwardKind,
    CommissionModifierMeasure,
    CommissionModifierScope,
    CommissionPeriodKind,
    CommissionPeriodStatus,
    CommissionSpifMeasure,
    CommissionTierMode,
    CommissionTimingEdge,
    PlanRule,
    percent,
    plain,
    rep_owned,
    rep_user,
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
        return from_attrs(cls, period, kind=rows.CommissionPeriodKind(period.kind.value))


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
        return from_attrs(cls, row, start=row.start_date, end=row.end_date)

    resolve_nodes = nodes_via("commissions.period_by_id")


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
        return from_attrs(
            cls, tier, floor_percent=percent(tier.floor), multiplier=plain(tier.multiplier)
        )


async def _products(root: Any, info: strawberry.Info) -> list[Product]:
    """The ``products`` field of a rule naming products (``product_ids``)."""
    keys = node_keys(g.node_id for g in root.product_ids)
    found = await info.context.loaders.product_by_id.load_many(keys)
    return [Product.from_row(r) for r in found if r is not None]


MAX_RATE = (
    "The highest rate this component allows:"
    " 100 unless the plan explicitly pays more (at most 1000)."
)


@strawberry.type(description="The rate on every line no product rate claims.")
class BaseRateComponent(PlanRule):
    rate_percent: Decimal
    max_rate_percent: Decimal = strawberry.field(description=MAX_RATE)


@strawberry.type(
    description="Replaces the base rate on some products or families (a premium or a de-emphasis)."
)
class ProductRateComponent(PlanRule):
    rate_percent: Decimal
    max_rate_percent: Decimal = strawberry.field(description=MAX_RATE)
    product_ids: list[relay.GlobalID]
    families: list[str]
    counts_toward_quota: bool

    products = strawberry.field(resolver=_products)


@strawberry.type(
    description="Multiplies commission when the discount or margin is beyond a threshold."
)
class RateModifierComponent(PlanRule):
    measure: CommissionModifierMeasure  # type: ignore[valid-type]
    multiplier: Decimal
    above_percent: Decimal | None
    below_percent: Decimal | None
    scope: CommissionModifierScope  # type: ignore[valid-type]


@strawberry.type(
    description="Multiplies commission on deals closed near an edge of a fiscal period."
)
class TimingAcceleratorComponent(PlanRule):
    multiplier: Decimal
    anchor: CommissionPeriodKind = strawberry.field(  # type: ignore[valid-type]
        description="The kind of fiscal period whose edge the window sits at."
    )
    edge: CommissionTimingEdge  # type: ignore[valid-type]
    days: int = strawberry.field(description="The window in days; 0 when set in months.")
    months: int = strawberry.field(description="The window in whole months; 0 when set in days.")


@strawberry.type(
    description="Extra pay for deals with matching accounts: a rate and/or an amount per deal."
)
class SegmentIncentiveComponent(PlanRule):
    segments: list[str]
    industries: list[str]
    new_logo_only: bool
    extra_rate_percent: Decimal
    amount_per_deal: Money


@strawberry.type(description="Attainment tiers, with an optional gate and attainment cap.")
class QuotaTiersComponent(PlanRule):
    mode: CommissionTierMode  # type: ignore[valid-type]
    tiers: list[CommissionTier]
    gate_percent: Decimal | None
    max_attainment_percent: Decimal | None


@strawberry.type(description="The most a period's commission pays (SPIFs come on top).")
class PayoutCapComponent(PlanRule):
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
class SpifComponent(PlanRule):
    window_start: date
    window_end: date
    target: Decimal
    measure: CommissionSpifMeasure  # type: ignore[valid-type]
    product_ids: list[relay.GlobalID]
    families: list[str]
    award: SpifAwardRule

    products = strawberry.field(resolver=_products)


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
            return from_attrs(BaseRateComponent, c, **_rates(c))
        case engine.ProductRate():
            return from_attrs(
                ProductRateComponent, c, **_rates(c), **_products_of(c.product_ids, c.families)
            )
        case engine.RateModifier():
            return from_attrs(
                RateModifierComponent,
                c,
                multiplier=plain(c.multiplier),
                above_percent=percent(c.above),
                below_percent=percent(c.below),
            )
        case engine.TimingAccelerator():
            return from_attrs(
                TimingAcceleratorComponent,
                c,
                multiplier=plain(c.multiplier),
                anchor=rows.CommissionPeriodKind(c.anchor.value),
            )
        case engine.SegmentIncentive():
            return from_attrs(
                SegmentIncentiveComponent,
                c,
                segments=list(c.segments),
                industries=list(c.industries),
                extra_rate_percent=percent(c.extra_rate),
                amount_per_deal=money(c.amount_per_deal, currency),
            )
        case engine.QuotaTiers():
            return from_attrs(
                QuotaTiersComponent,
                c,
                tiers=[CommissionTier.of(t) for t in c.tiers],
                gate_percent=percent(c.gate),
                max_attainment_percent=percent(c.max_attainment),
            )
        case engine.PayoutCap():
            return from_attrs(PayoutCapComponent, c, max_payout=money(c.max_payout, currency))
        case engine.Spif():
            return from_attrs(
                SpifComponent,
                c,
                target=plain(c.target),
                **_products_of(c.product_ids, c.families),
                award=from_attrs(SpifAwardRule, c.award, value=money(c.award.value, currency)),
            )
    raise TypeError(c)


def _rates(c: engine.BaseRate | engine.ProductRate) -> dict[str, Any]:
    return {"rate_percent": percent(c.rate), "max_rate_percent": percent(c.rate_ceiling)}


def _products_of(product_ids: Iterable[str], families: Iterable[str]) -> dict[str, Any]:
    return {
        "product_ids": [relay.GlobalID("Product", i) for i in product_ids],
        "families": list(families),
    }


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
        return from_attrs(
            cls,
            version,
            number=version.version,
            components=[component_type(c, version.currency) for c in version.components],
            created_at=created_at,
        )


async def _plan_scope(
    info: strawberry.Info, viewer: Actor, plans: list[rows.CommissionPlan]
) -> Visible:
    """Back office and managers see every plan; a rep only the plans they are on."""
    if viewer.has_any(Role.OPS, Role.FINANCE, Role.MANAGER):
        return lambda _viewer, _plan: True
    assignments = await loader(info, "commissions.assignments_by_rep_id").load(viewer.user_id)
    mine = {a.plan_id for a in assignments}
    return lambda _viewer, plan: plan.id in mine


@strawberry.type(
    description="An incentive plan; its rules change by new, effective-dated versions."
)
class CommissionPlan(relay.Node, FromRow):
    id: relay.NodeID[int]
    name: str
    currency: str = strawberry.field(
        description="The currency of every amount of the plan: quotas, caps and awards."
    )
    period_kind: CommissionPeriodKind  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Send back when revising; a stale one is a CONFLICT."
    )
    created_at: datetime

    @strawberry.field(description="Every version, oldest first.")
    async def versions(self, info: strawberry.Info) -> list[CommissionPlanVersion]:
        return await loader(info, "commissions.plan_versions_by_plan_id").load(self.id)

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

    resolve_nodes = nodes_via("commissions.plan_by_id", scope=_plan_scope)


@strawberry.type(name="CommissionPlanConnection")
class CommissionPlanConnection(CountedConnection[CommissionPlan]):
    pass


async def _in_plan_currency(
    info: strawberry.Info, assignments: list[rows.CommissionAssignment]
) -> Callable[[rows.CommissionAssignment], CommissionAssignment]:
    """Assignments in their plan's currency (a quota has no currency of its own)."""
    plans = await loader(info, "commissions.plan_by_id").load_many([a.plan_id for a in assignments])
    currency = {p.id: p.currency for p in plans if p is not None}
    return lambda a: CommissionAssignment.from_row(a, currency[a.plan_id])


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

    rep = strawberry.field(resolver=rep_user)

    plan = related("commissions.plan_by_id", "plan_id", CommissionPlan)

    @classmethod
    def from_row(cls, row: rows.CommissionAssignment, currency: str) -> CommissionAssignment:
        ote = row.on_target_earnings
        return from_attrs(
            cls,
            row,
            start=row.start_date,
            end=row.end_date,
            quota=money(row.quota, currency),
            on_target_earnings=money(ote, currency) if ote else None,
        )

    resolve_nodes = nodes_via("commissions.assignment_by_id", rep_owned, build=_in_plan_currency)


@strawberry.type(name="CommissionAssignmentConnection")
class CommissionAssignmentConnection(CountedConnection[CommissionAssignment]):
    pass
