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
from schema.money import Money, money
from schema.nodes import Visible, nodes_via
from schema.rows import FromRow, from_attrs, loader, required
from schema.scalars import CurrencyCode
from schema.types.commissions.common import (
    MEASURE_SCALE,
    MULTIPLIER_SCALE,
    SETTING_SCALE,
    CommissionAwardKind,
    CommissionModifierMeasure,
    CommissionModifierScope,
    CommissionPeriodKind,
    CommissionSpifMeasure,
    CommissionTierBasis,
    CommissionTierBoundary,
    CommissionTierMode,
    CommissionTimingEdge,
    PlanRule,
    fixed_measure,
    fixed_multiplier,
    rep_field,
    rep_owned,
    setting_percent,
)
from schema.types.commissions.unit_amounts import UnitAmountComponent, unit_amount_type
from schema.types.commissions.unit_amounts import rule_products as _products


@strawberry.type(
    description="A tier: from where it starts (`start`, in its table's unit), commission is"
    " multiplied."
)
class CommissionTier:
    name: str
    """The tier's name, e.g. Accelerator."""
    floor_percent: Decimal | None = strawberry.field(
        description="The attainment, in percent of quota, from which the tier applies, with "
        + SETTING_SCALE
        + "; null in a table in amounts or units (see `start`)."
    )
    start: Decimal = strawberry.field(
        description="Where the tier starts, in its table's unit (`CommissionTierBasis`):"
        " percent of quota with "
        + SETTING_SCALE
        + " (as `floorPercent`), an amount in the plan's currency, or units, with "
        + MEASURE_SCALE
        + "."
    )
    multiplier: Decimal = strawberry.field(
        description=MULTIPLIER_SCALE + ", applied to commission in the tier."
    )

    @classmethod
    def of(
        cls, tier: engine.Tier | None, basis: engine.TierBasis | None = None
    ) -> CommissionTier | None:
        """``tier`` of a table in ``basis`` (attainment when None)."""
        if tier is None:
            return None
        attainment = basis in (None, engine.TierBasis.ATTAINMENT)
        in_percent = setting_percent(tier.floor) if attainment else None
        return from_attrs(
            cls,
            tier,
            floor_percent=in_percent,
            start=in_percent if in_percent is not None else fixed_measure(tier.floor),
            multiplier=fixed_multiplier(tier.multiplier),
        )


MAX_RATE = (
    "The highest rate this component allows, in percent with " + SETTING_SCALE + ":"
    " 100 unless the plan explicitly pays more (at most 1000)."
)
RATE = "The rate on credited revenue, in percent, with " + SETTING_SCALE + "."
PRODUCTS = "The products `productIds` name."


@strawberry.type(description="The rate on every line no product rate claims.")
class BaseRateComponent(PlanRule):
    rate_percent: Decimal = strawberry.field(description=RATE)
    max_rate_percent: Decimal = strawberry.field(description=MAX_RATE)


@strawberry.type(
    description="Replaces the base rate on some products or families (a premium or a de-emphasis)."
)
class ProductRateComponent(PlanRule):
    rate_percent: Decimal = strawberry.field(description=RATE)
    max_rate_percent: Decimal = strawberry.field(description=MAX_RATE)
    product_ids: list[relay.GlobalID]
    """Global IDs of the products it rates; a product match beats a family match."""
    families: list[str]
    """Product families it rates."""
    counts_toward_quota: bool
    """False: the lines neither count toward quota nor move attainment."""

    products = strawberry.field(resolver=_products, description=PRODUCTS)


@strawberry.type(
    description="Multiplies commission when the discount or margin is beyond a threshold."
)
class RateModifierComponent(PlanRule):
    measure: CommissionModifierMeasure  # type: ignore[valid-type]
    """The figure judged: discount or margin."""
    multiplier: Decimal = strawberry.field(
        description=MULTIPLIER_SCALE + ", applied to matching lines' commission."
    )
    above_percent: Decimal | None = strawberry.field(
        description="Applies when the figure is strictly above this percentage, with "
        + SETTING_SCALE
        + "; null: no lower bound."
    )
    below_percent: Decimal | None = strawberry.field(
        description="Applies when the figure is strictly below this percentage, with "
        + SETTING_SCALE
        + "; null: no upper bound."
    )
    scope: CommissionModifierScope  # type: ignore[valid-type]
    """Each line by its own figure, or every line by the deal's."""


@strawberry.type(
    description="Multiplies commission on deals closed near an edge of a fiscal period."
)
class TimingAcceleratorComponent(PlanRule):
    multiplier: Decimal = strawberry.field(
        description=MULTIPLIER_SCALE + ", applied to deals closed in the window."
    )
    anchor: CommissionPeriodKind  # type: ignore[valid-type]
    """The kind of fiscal period whose edge the window sits at."""
    edge: CommissionTimingEdge  # type: ignore[valid-type]
    """The start or the end of the anchor period."""
    days: int
    """The window in days; 0 when set in months."""
    months: int
    """The window in whole months; 0 when set in days."""


@strawberry.type(
    description="Extra pay for deals with matching accounts: a rate and/or an amount per deal."
)
class SegmentIncentiveComponent(PlanRule):
    segments: list[str]
    """Account segments that qualify; empty: any segment."""
    industries: list[str]
    """Account industries that qualify; empty: any industry."""
    new_logo_only: bool
    """Only accounts buying for the first time."""
    extra_rate_percent: Decimal = strawberry.field(
        description="Extra rate on the deal's credited revenue, in percent, with "
        + SETTING_SCALE
        + " (0: none)."
    )
    amount_per_deal: Money
    """A fixed amount per qualifying deal, shared like the credit (0: none)."""


@strawberry.type(
    description="A tier table in attainment, amounts or units, with an optional gate and cap."
)
class QuotaTiersComponent(PlanRule):
    mode: CommissionTierMode  # type: ignore[valid-type]
    """Marginal, retroactive, per-transaction or interpolated tiers."""
    basis: CommissionTierBasis  # type: ignore[valid-type]
    """What the table's starts, gate and cap are measured in."""
    boundary: CommissionTierBoundary  # type: ignore[valid-type]
    """Which tier a figure exactly on an edge is in."""
    tiers: list[CommissionTier]
    """The tiers, lowest start first."""
    gate_percent: Decimal | None = strawberry.field(
        description="Below this attainment at period end, in percent of quota with "
        + SETTING_SCALE
        + ", nothing is paid; null: no gate, or a table in amounts or units (see `gate`)."
    )
    max_attainment_percent: Decimal | None = strawberry.field(
        description="Revenue beyond this attainment, in percent of quota with "
        + SETTING_SCALE
        + ", earns nothing; null: no cap, or a table in amounts or units (see `cap`)."
    )
    gate: Decimal | None = strawberry.field(
        description="The gate in the table's unit (as `CommissionTier.start`); null: no gate."
    )
    cap: Decimal | None = strawberry.field(
        description="The cap in the table's unit (as `CommissionTier.start`); null: no cap."
    )


@strawberry.type(description="The most a period's commission pays (SPIFs come on top).")
class PayoutCapComponent(PlanRule):
    max_payout: Money
    """The most the period's commission pays, in the plan's currency."""


@strawberry.type(
    description="What reaching a SPIF earns; a non-cash award is recorded at its stated value."
)
class SpifAwardRule:
    kind: CommissionAwardKind  # type: ignore[valid-type]
    """Paid in cash, or only recorded at its stated value."""
    value: Money
    """The cash paid, or a non-cash award's value."""
    description: str
    """What the award is, e.g. a trip."""


@strawberry.type(
    description="A one-off bonus for selling a target of some products in a window, paid once."
)
class SpifComponent(PlanRule):
    window_start: date
    """The first close date that counts."""
    window_end: date
    """The last close date that counts."""
    target: Decimal = strawberry.field(
        description="What must be sold: units, or revenue for an AMOUNT SPIF, with "
        + MEASURE_SCALE
        + "."
    )
    measure: CommissionSpifMeasure  # type: ignore[valid-type]
    """Whether units or revenue count."""
    product_ids: list[relay.GlobalID]
    """Global IDs of the products that count."""
    families: list[str]
    """Product families that count."""
    award: SpifAwardRule
    """What reaching the target earns."""

    products = strawberry.field(resolver=_products, description=PRODUCTS)


CommissionComponent = Annotated[
    BaseRateComponent
    | ProductRateComponent
    | RateModifierComponent
    | TimingAcceleratorComponent
    | SegmentIncentiveComponent
    | QuotaTiersComponent
    | PayoutCapComponent
    | SpifComponent
    | UnitAmountComponent,
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
                multiplier=fixed_multiplier(c.multiplier),
                above_percent=setting_percent(c.above),
                below_percent=setting_percent(c.below),
            )
        case engine.TimingAccelerator():
            return from_attrs(
                TimingAcceleratorComponent,
                c,
                multiplier=fixed_multiplier(c.multiplier),
                anchor=rows.CommissionPeriodKind(c.anchor.value),
            )
        case engine.SegmentIncentive():
            return from_attrs(
                SegmentIncentiveComponent,
                c,
                segments=list(c.segments),
                industries=list(c.industries),
                extra_rate_percent=setting_percent(c.extra_rate),
                amount_per_deal=money(c.amount_per_deal, currency),
            )
        case engine.UnitAmount():
            return unit_amount_type(c, currency)
        case engine.QuotaTiers():
            return _quota_tiers(c)
        case engine.PayoutCap():
            return from_attrs(PayoutCapComponent, c, max_payout=money(c.max_payout, currency))
        case engine.Spif():
            return from_attrs(
                SpifComponent,
                c,
                target=fixed_measure(c.target),
                **_products_of(c.product_ids, c.families),
                award=from_attrs(SpifAwardRule, c.award, value=money(c.award.value, currency)),
            )
    raise TypeError(c)


def _quota_tiers(c: engine.QuotaTiers) -> QuotaTiersComponent:
    """A tier table: percent fields on attainment tables only, the table's unit everywhere."""
    in_percent = c.basis is engine.TierBasis.ATTAINMENT

    def unit(figure: Decimal | None) -> Decimal | None:
        return setting_percent(figure) if in_percent else fixed_measure(figure)

    return from_attrs(
        QuotaTiersComponent,
        c,
        tiers=[CommissionTier.of(t, c.basis) for t in c.tiers],
        gate_percent=setting_percent(c.gate) if in_percent else None,
        max_attainment_percent=setting_percent(c.max_attainment) if in_percent else None,
        gate=unit(c.gate),
        cap=unit(c.max_attainment),
    )


def _rates(c: engine.BaseRate | engine.ProductRate) -> dict[str, Any]:
    return {
        "rate_percent": setting_percent(c.rate),
        "max_rate_percent": setting_percent(c.rate_ceiling),
    }


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
    """The version's number in its plan, from 1."""
    name: str
    """The plan's name as of this version."""
    effective_from: date
    """The first day the version is in force."""
    effective_to: date | None
    """The last day it is in force (inclusive); null: until further notice."""
    components: list[CommissionComponent]
    """The plan's rules in this version; the engine fixes the order they act in."""
    created_at: datetime
    """When the version was recorded."""
    holds_until_invoice_paid: bool
    """While this version governs a period, commission on a deal is held (earned, not due)
    until the deal's invoice is marked paid (`markInvoicePaid`)."""

    @classmethod
    def of(
        cls, version: engine.PlanVersion, created_at: datetime, holds: bool = False
    ) -> CommissionPlanVersion:
        return from_attrs(
            cls,
            version,
            number=version.version,
            components=[component_type(c, version.currency) for c in version.components],
            created_at=created_at,
            holds_until_invoice_paid=holds,
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
    """The plan's name, unique across plans."""
    currency: CurrencyCode
    """The currency of every amount of the plan: quotas, caps and awards."""
    period_kind: CommissionPeriodKind  # type: ignore[valid-type]
    """The period the plan pays and sets quotas per."""
    version: int
    """Send back when revising; a stale one is a CONFLICT."""
    created_at: datetime
    """When the plan was created."""
    clawback_window_days: int | None
    """For reps who leave: returns up to this many days after their last day still claw back;
    null: every return claws back."""
    holds_until_invoice_paid: bool
    """Commission on a deal is held (earned, not due) until the deal's invoice is marked paid
    (`markInvoicePaid`): the option of the plan's latest version (each version has its own,
    see `versions`); set with `setCommissionPlanPaymentHold` or a new version."""

    @strawberry.field(description="Every version, oldest first.")
    async def versions(self, info: strawberry.Info) -> list[CommissionPlanVersion]:
        return await loader(info, "commissions.plan_versions_by_plan_id").load(self.id)

    @strawberry.field(description="The version in force on a day (today by default).")
    async def version_on(
        self,
        info: strawberry.Info,
        day: Annotated[
            date | None,
            strawberry.argument(description="The day asked about; today (UTC) when omitted."),
        ] = None,
    ) -> CommissionPlanVersion | None:
        wanted = day or datetime.now(UTC).date()
        for version in await self.versions(info):
            if version.effective_from <= wanted and (
                version.effective_to is None or wanted <= version.effective_to
            ):
                return version
        return None

    resolve_nodes = nodes_via("commissions.plan_by_id", scope=_plan_scope)


@strawberry.type(name="CommissionPlanConnection", description="A page of commission plans.")
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
    """The first day the rep is on the plan."""
    end: date | None
    """The last day on the plan (inclusive); null: until further notice."""
    quota: Money
    """Per period of the plan's period kind, in the plan's currency."""
    on_target_earnings: Money | None
    """What the rep earns at 100 % attainment, for planning; null when not set."""
    created_at: datetime
    """When the assignment was recorded."""
    rep_id: strawberry.Private[int]
    plan_id: strawberry.Private[int]

    rep = rep_field("The rep on the plan.")

    plan = required(
        "commissions.plan_by_id",
        "plan_id",
        CommissionPlan,
        description="The plan (whoever may see the assignment may see its plan).",
    )

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


@strawberry.type(name="CommissionAssignmentConnection", description="A page of plan assignments.")
class CommissionAssignmentConnection(CountedConnection[CommissionAssignment]):
    pass
