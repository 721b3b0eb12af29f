"""Plan component inputs: one input type per component kind, and the union-like input
that carries exactly one of them; translated to the engine's components.

Rates, attainment floors and thresholds are given in percent (``ratePercent: 15``),
multipliers as decimals (``1.2``), amounts in the plan's currency. Each figure is
checked against its range here (``services.numbers``), so a refusal names the
exact field: rates 0–100 % unless the component raises ``maxRatePercent`` (at most
1000 %), multipliers 0–10×, attainment 0–1000 %, thresholds -100–100 %, day
windows up to 366 days or 12 months.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

import commissions as engine
from db.models.commissions import CommissionPeriodKind
from resolvers.commissions.input_fields import component_id_field, label_field
from resolvers.commissions.tier_inputs import QuotaTiersInput, quota_tiers
from resolvers.commissions.unit_inputs import UnitAmountInput, unit_amount
from resolvers.mutation import empty_list_field
from schema.ids import NO_ROW, node_key
from schema.text_limits import Family, Reason, Segment
from schema.types.commissions import (
    CommissionAwardKind,
    CommissionModifierMeasure,
    CommissionModifierScope,
    CommissionSpifMeasure,
    CommissionTimingEdge,
)
from schema.types.commissions import (
    CommissionPeriodKind as PeriodKindEnum,
)
from services.numbers import (
    HUNDRED,
    MAX_RATE_CEILING_PERCENT,
    int_between,
    multiplier,
    percent,
    positive_amount,
)
from services.refusal import Code, Refusal, Refused, refuse

RATE_FIELD = "The rate, 0 to `maxRatePercent` (100 by default)."
CEILING_FIELD = (
    "The highest rate this component allows: 100 unless the plan explicitly pays more than "
    "the revenue, at most 1000."
)


def products_field(what: str) -> Any:
    return empty_list_field(f"Product global IDs (from `Product.id`) {what}; empty by default.")


def families_field(what: str) -> Any:
    return empty_list_field(f"Product families {what}; empty by default.")


def multiplier_field(what: str) -> Any:
    return strawberry.field(description=f"{what}, 0 to 10 (`1.5` is 1.5 times).")


@strawberry.input(description="The rate on every line no product rate claims.")
class BaseRateInput:
    label: str = label_field()
    rate_percent: Decimal = strawberry.field(description=RATE_FIELD)
    component_id: str | None = component_id_field()
    max_rate_percent: Decimal = strawberry.field(default=Decimal(100), description=CEILING_FIELD)


@strawberry.input(description="A rate replacing the base rate on some products or families.")
class ProductRateInput:
    label: str = label_field()
    rate_percent: Decimal = strawberry.field(description=RATE_FIELD)
    product_ids: list[relay.GlobalID] = products_field(
        "whose lines get this rate; a product match beats a family match"
    )
    families: list[Family] = families_field("whose lines get this rate")
    counts_toward_quota: bool = True
    """false: matching lines do not move quota attainment (with a rate of 0, an excluded product).
    True by default."""
    component_id: str | None = component_id_field()
    max_rate_percent: Decimal = strawberry.field(default=Decimal(100), description=CEILING_FIELD)


@strawberry.input(
    description="Multiplies commission when the discount or margin is above/below a threshold."
)
class RateModifierInput:
    label: str = label_field()
    measure: CommissionModifierMeasure  # type: ignore[valid-type]
    """The deal figure compared with the thresholds: discount or margin."""
    multiplier: Decimal = multiplier_field("What the commission is multiplied by when it applies")
    above_percent: Decimal | None = None
    """In percent, -100 to 100: applies when the measure is strictly above this."""
    below_percent: Decimal | None = None
    """In percent, -100 to 100: applies when the measure is strictly below this."""
    scope: CommissionModifierScope = engine.Scope.DEAL  # type: ignore[valid-type]
    """DEAL (the default): every line judged by the deal's revenue-weighted figure; LINE: each line
    by its own."""
    component_id: str | None = component_id_field()


@strawberry.input(
    description=(
        "Multiplies commission on deals closed in the first/last days or months of a period."
    )
)
class TimingAcceleratorInput:
    label: str = label_field()
    multiplier: Decimal = multiplier_field(
        "What the commission of a deal closed in the window is multiplied by"
    )
    anchor: PeriodKindEnum = CommissionPeriodKind.QUARTER  # type: ignore[valid-type]
    """The fiscal period whose start or end the window hugs; QUARTER by default."""
    edge: CommissionTimingEdge = engine.Edge.END  # type: ignore[valid-type]
    """Which end of the anchor period: START or END (the default)."""
    days: int = 0
    """The window's length in days, 0 to 366 (set this or `months`): 14 with END is the last two
    weeks."""
    months: int = 0
    """The window's length in months, 0 to 12 (set this or `days`)."""
    component_id: str | None = component_id_field()


@strawberry.input(
    description="Extra pay for matching accounts: a rate on revenue and/or an amount per deal."
)
class SegmentIncentiveInput:
    label: str = label_field()
    segments: list[Segment] = empty_list_field(
        "Account segments that match (case, spaces and hyphens ignored); empty: any."
    )
    industries: list[Family] = empty_list_field("Account industries that match; empty: any.")
    new_logo_only: bool = False
    """Only accounts buying for the first time; false by default."""
    extra_rate_percent: Decimal = Decimal(0)
    """An extra rate on the deal's revenue, in percent, 0 to 100; 0 by default."""
    amount_per_deal: Decimal = Decimal(0)
    """A fixed amount per matching deal, in the plan's currency, shared like the credit; not
    negative, 0 by default."""
    component_id: str | None = component_id_field()


@strawberry.input(description="The most a period's commission pays (SPIFs are on top).")
class PayoutCapInput:
    label: str = label_field()
    max_payout: Decimal
    """Per period, in the plan's currency; not negative."""
    component_id: str | None = component_id_field()


@strawberry.input(description="What a SPIF awards once its target is reached.")
class SpifAwardInput:
    kind: CommissionAwardKind  # type: ignore[valid-type]
    """CASH goes into the payout; NON_CASH (a trip, a gift) is recorded at its value outside the
    cash total."""
    value: Decimal
    """Cash paid, or the stated value of a non-cash award, in the plan's currency; not negative."""
    description: Reason
    """What the award is, as the rep sees it."""


@strawberry.input(
    description="A one-off award for selling a target of some products within a window; paid once."
)
class SpifInput:
    label: str = label_field()
    window_start: date
    """The first day sales count (inclusive)."""
    window_end: date
    """The last day sales count (inclusive)."""
    target: Decimal = strawberry.field(
        description="What must be sold in the window, in units or in the plan's currency "
        "(see `measure`); above 0."
    )
    award: SpifAwardInput
    """Paid once, in the period the target is reached, however far it is exceeded."""
    measure: CommissionSpifMeasure = engine.SpifMeasure.UNITS  # type: ignore[valid-type]
    """UNITS (the default): units sold; AMOUNT: credited revenue."""
    product_ids: list[relay.GlobalID] = products_field("whose sales count")
    families: list[Family] = families_field("whose sales count")
    component_id: str | None = component_id_field()


@strawberry.input(description="One plan rule: set exactly one field (else INVALID).")
class CommissionComponentInput:
    base_rate: BaseRateInput | None = None
    """The rate on every line no product rate claims."""
    product_rate: ProductRateInput | None = None
    """A rate replacing the base rate on some products or families."""
    rate_modifier: RateModifierInput | None = None
    """A multiplier when the discount or margin passes a threshold."""
    timing_accelerator: TimingAcceleratorInput | None = None
    """A multiplier for deals closed near a period's start or end."""
    segment_incentive: SegmentIncentiveInput | None = None
    """Extra pay for deals with matching accounts."""
    quota_tiers: QuotaTiersInput | None = None
    """A tier table of multipliers by attainment, amount or units, with a gate and a cap."""
    payout_cap: PayoutCapInput | None = None
    """The most a period's commission pays."""
    spif: SpifInput | None = None
    """A one-off award for reaching a sales target in a window."""
    unit_amount: UnitAmountInput | None = None
    """A fixed amount per unit sold (with quantity tiers) and/or per deal."""


KINDS = tuple(f.name for f in dataclasses.fields(CommissionComponentInput))
"""The component kinds, one field of ``CommissionComponentInput`` each."""


def _camel(kind: str) -> str:
    head, *rest = kind.split("_")
    return head + "".join(part.title() for part in rest)


def _fraction(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / HUNDRED


def _product_ids(ids: Sequence[relay.GlobalID], field: list[str]) -> tuple[str, ...]:
    out = []
    for index, gid in enumerate(ids):
        if gid.type_name != "Product" or node_key(gid.node_id) == NO_ROW:
            raise refuse(Code.NOT_FOUND, "No Product with this id.", [*field, str(index)])
        out.append(gid.node_id)
    return tuple(out)


def _rate(choice: BaseRateInput | ProductRateInput, field: list[str]) -> tuple[Decimal, Decimal]:
    """The rate and its ceiling as fractions: the rate within the ceiling,
    the ceiling within 1000 %."""
    ceiling = percent(
        choice.max_rate_percent,
        [*field, "maxRatePercent"],
        what="The rate ceiling",
        high=MAX_RATE_CEILING_PERCENT,
        low_open=True,
    )
    rate = percent(choice.rate_percent, [*field, "ratePercent"], what="The rate", high=ceiling)
    return rate / HUNDRED, ceiling / HUNDRED


def _check_figures(choice: object, field: list[str]) -> None:
    """The ranges of the figures a component carries (rates are checked with their ceiling)."""
    match choice:
        case RateModifierInput():
            multiplier(choice.multiplier, [*field, "multiplier"])
            for name in ("above_percent", "below_percent"):
                value = getattr(choice, name)
                if value is not None:
                    camel = name.split("_")[0] + "Percent"
                    percent(value, [*field, camel], what="A threshold", low=-HUNDRED)
        case TimingAcceleratorInput():
            multiplier(choice.multiplier, [*field, "multiplier"])
            int_between(choice.days, [*field, "days"], low=0, high=366, what="A window in days")
            int_between(
                choice.months, [*field, "months"], low=0, high=12, what="A window in months"
            )
        case SegmentIncentiveInput():
            percent(choice.extra_rate_percent, [*field, "extraRatePercent"], what="The extra rate")
            positive_amount(choice.amount_per_deal, [*field, "amountPerDeal"], allow_zero=True)
        case PayoutCapInput():
            positive_amount(choice.max_payout, [*field, "maxPayout"], allow_zero=True)
        case SpifInput():
            positive_amount(choice.target, [*field, "target"])
            positive_amount(choice.award.value, [*field, "award", "value"], allow_zero=True)


def _component(choice: object, kind: str, component_id: str, field: list[str]) -> engine.Component:
    label = getattr(choice, "label", "").strip() or kind
    field = [*field, _camel(kind)]
    _check_figures(choice, field)
    match choice:
        case BaseRateInput():
            rate, ceiling = _rate(choice, field)
            return engine.BaseRate(component_id, label, rate, ceiling)
        case ProductRateInput():
            rate, ceiling = _rate(choice, field)
            return engine.ProductRate(
                component_id,
                label,
                rate,
                _product_ids(choice.product_ids, [*field, "productIds"]),
                tuple(choice.families),
                choice.counts_toward_quota,
                ceiling,
            )
        case RateModifierInput():
            return engine.RateModifier(
                component_id,
                label,
                engine.Measure(choice.measure.value),
                choice.multiplier,
                _fraction(choice.above_percent),
                _fraction(choice.below_percent),
                engine.Scope(choice.scope.value),
            )
        case TimingAcceleratorInput():
            return engine.TimingAccelerator(
                component_id,
                label,
                choice.multiplier,
                engine.PeriodKind(choice.anchor.value),
                engine.Edge(choice.edge.value),
                choice.days,
                choice.months,
            )
        case SegmentIncentiveInput():
            return engine.SegmentIncentive(
                component_id,
                label,
                tuple(
                    s.strip().upper().replace(" ", "_").replace("-", "_") for s in choice.segments
                ),
                tuple(choice.industries),
                choice.new_logo_only,
                choice.extra_rate_percent / HUNDRED,
                choice.amount_per_deal,
            )
        case QuotaTiersInput():
            return quota_tiers(choice, component_id, label, field)
        case UnitAmountInput():
            products = _product_ids(choice.product_ids, [*field, "productIds"])
            return unit_amount(choice, component_id, label, products, field)
        case PayoutCapInput():
            return engine.PayoutCap(component_id, label, choice.max_payout)
        case SpifInput():
            return engine.Spif(
                component_id,
                label,
                choice.window_start,
                choice.window_end,
                choice.target,
                engine.Award(
                    engine.AwardKind(choice.award.kind.value),
                    choice.award.value,
                    choice.award.description,
                ),
                engine.SpifMeasure(choice.measure.value),
                _product_ids(choice.product_ids, [*field, "productIds"]),
                tuple(choice.families),
            )
    raise TypeError(choice)


def components_from_input(
    items: Sequence[CommissionComponentInput],
    field: Sequence[str] = ("input", "components"),
) -> tuple[engine.Component, ...]:
    """The engine's components, or every problem with the input at once (that the
    products they name exist is the use case's to check)."""
    errors: list[Refusal] = []
    components: list[engine.Component] = []
    for index, item in enumerate(items):
        path = [*field, str(index)]
        chosen = [(kind, getattr(item, kind)) for kind in KINDS if getattr(item, kind) is not None]
        if len(chosen) != 1:
            errors.append(Refusal(Code.INVALID, "Set exactly one component kind.", tuple(path)))
            continue
        kind, choice = chosen[0]
        component_id = (
            getattr(choice, "component_id", None) or ""
        ).strip() or f"{kind.replace('_', '-')}-{index + 1}"
        try:
            components.append(_component(choice, kind, component_id, path))
        except Refused as refusal:
            errors += refusal.refusals
    if errors:
        raise Refused(*errors)
    return tuple(components)
