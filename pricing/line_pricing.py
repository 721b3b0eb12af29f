"""Pricing one line up to its rounding point: look up what applies, then walk the waterfall.

``look_up`` gathers, before any arithmetic, every input that applies to a line
(price, block price, schedules, promotions, floor, cost) and every reason it
cannot be priced — all of them, so the rep sees every problem at once.
``build_waterfall`` then applies, in order: list price → contracted/segment
price → volume tier (or block price, which replaces per-unit pricing) → term
discount → promotions → the rep's line discount → rounding. The quote discount
and the NET step are added by the engine once every line is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pricing.catalog import Product
from pricing.context import PricingContext
from pricing.guardrails import FloorPrice
from pricing.lines import LineSpec
from pricing.money import ZERO, Money, format_decimal, minor_unit_places, round_money
from pricing.price_books import PriceCandidate, PriceSource
from pricing.promotions import Promotion
from pricing.reasons import PricingError, ReasonCode
from pricing.rules import Adjustment, AmountOff, apply_adjustment
from pricing.tiers import (
    Block,
    BlockPrice,
    DiscountSchedule,
    ScheduleBasis,
    Tier,
    TierMethod,
    all_units_amount,
    describe_band,
    describe_slabs,
    graduated_amount,
    graduated_slabs,
)
from pricing.values import quick_init
from pricing.waterfall import StepKind, WaterfallBuilder, WaterfallStep


@quick_init
@dataclass(frozen=True, slots=True)
class LineRules:
    """What applies to one line, gathered before any arithmetic."""

    list_price: PriceCandidate | None
    override: PriceCandidate | None
    block_price: BlockPrice | None
    block: Block | None
    quantity_schedule: DiscountSchedule | None
    term_schedule: DiscountSchedule | None
    promotions: tuple[Promotion, ...]
    floor: FloorPrice | None
    unit_cost: Money | None
    promotion_labels: tuple[str, ...] = ()
    """Each promotion's waterfall label, made once for every line sharing these rules."""


def _mismatch(spec: LineSpec, what: str, found: str, currency: str, rule_id: str) -> PricingError:
    return PricingError(
        ReasonCode.CURRENCY_MISMATCH,
        f"The {what} for {spec.product_id} is in {found}; the quote is in {currency}.",
        spec.id,
        ("productId",),
        rule_id,
    )


def look_up(
    spec: LineSpec, product: Product, ctx: PricingContext
) -> LineRules | list[PricingError]:
    """Every rule that applies to the line, or every reason it cannot be priced.

    What applies depends on the line only through its product, whether it is an
    INCLUDED option, whether it has a term and which quantity block it falls in, so
    lines alike in those share one ``LineRules`` (memoised in ``ctx``; refusals, which
    name the line, are not).
    """
    block: Block | None = None
    if spec.included_by is None:
        block_price = ctx.block_price(product.id)
        if block_price is not None:
            block = block_price.block_for(spec.quantity)
    key = (
        product.id,
        spec.included_by is None,
        spec.term_months is None,
        None if block is None else id(block),  # the catalog holds the block: its id stands
    )
    found = ctx.look_ups.get(key)
    if found is None:
        result = _look_up(spec, product, ctx)
        if isinstance(result, list):
            return result
        found = ctx.look_ups[key] = result
    return found


def _look_up(
    spec: LineSpec, product: Product, ctx: PricingContext
) -> LineRules | list[PricingError]:
    currency = ctx.currency
    errors: list[PricingError] = []
    selection = ctx.prices.select(product.id)
    if selection.mismatch is not None:
        found = selection.mismatch
        errors.append(
            _mismatch(spec, f"{found.origin} price", found.unit_price.currency, currency, found.id)
        )
    elif selection.list_price is None and spec.included_by is None:
        errors.append(
            PricingError(
                ReasonCode.NO_PRICE,
                f"No price for {product.name} in {currency} on {ctx.on.isoformat()}.",
                spec.id,
                ("productId",),
            )
        )
    floor: FloorPrice | None = None
    floors = ctx.floors.get(product.id)
    if floors and spec.included_by is None:
        local = [f for f in floors if f.unit_price.currency == currency]
        if local:  # the strictest floor in the quote currency holds
            floor = max(local, key=lambda f: (f.unit_price.amount, f.id))
        else:
            errors.append(
                _mismatch(
                    spec, "floor price", floors[0].unit_price.currency, currency, floors[0].id
                )
            )
    unit_cost = next((c for c in product.unit_costs if c.currency == currency), None)
    if unit_cost is None and product.unit_costs:
        errors.append(
            _mismatch(spec, "unit cost", product.unit_costs[0].currency, currency, product.id)
        )
    if spec.included_by is not None:
        if errors:
            return errors
        return LineRules(selection.list_price, None, None, None, None, None, (), None, unit_cost)
    block_price = ctx.block_price(product.id)
    block: Block | None = None
    if block_price is not None:
        block = block_price.block_for(spec.quantity)
        if block_price.currency != currency:
            errors.append(
                _mismatch(spec, "block price", block_price.currency, currency, block_price.id)
            )
        elif block is None:
            errors.append(
                PricingError(
                    ReasonCode.NO_PRICE,
                    f"{block_price.name} has no block for {spec.quantity} units.",
                    spec.id,
                    ("quantity",),
                    block_price.id,
                )
            )
    promotions = ctx.promotions.for_product(product.id, product.family)
    for promotion in promotions:
        benefit = promotion.benefit
        if isinstance(benefit, AmountOff) and benefit.amount.currency != currency:
            errors.append(
                _mismatch(
                    spec,
                    f"promotion {promotion.name}",
                    benefit.amount.currency,
                    currency,
                    promotion.id,
                )
            )
    if errors:
        return errors
    return LineRules(
        list_price=selection.list_price,
        override=selection.override,
        block_price=block_price,
        block=block,
        quantity_schedule=(
            None if block is not None else ctx.schedule(product, ScheduleBasis.QUANTITY)
        ),
        term_schedule=(
            None if spec.term_months is None else ctx.schedule(product, ScheduleBasis.TERM_MONTHS)
        ),
        promotions=promotions,
        floor=floor,
        unit_cost=unit_cost,
        promotion_labels=tuple(
            f"Promotion {promotion.name}: {promotion.benefit.describe()}"
            for promotion in promotions
        ),
    )


@quick_init
@dataclass(frozen=True, slots=True)
class LineDraft:
    """A line priced up to its rounding point, before the quote discount (a frozen value).

    ``steps`` run from the list price to ROUNDING; ``amount`` is the rounded extended
    amount they end on, the line's net before the quote discount, and ``units`` that
    amount in the currency's minor units (the quote discount's allocation weight).
    ``line_discount`` is what the rep's line discount took off ``discretionary_base``
    (the price after promotions). ``shared_tier`` is ``(schedule id, quote-wide
    quantity)`` when a volume tier was picked by quantities summed across the quote:
    the draft stays valid only while that sum does.
    """

    spec: LineSpec
    rules: LineRules
    steps: tuple[WaterfallStep, ...]
    amount: Decimal
    units: int
    discretionary_base: Decimal
    line_discount: Decimal
    shared_tier: tuple[str, int] | None = None


def build_waterfall(
    spec: LineSpec, rules: LineRules, currency: str, aggregated: Mapping[str, int]
) -> LineDraft:
    """Walk the line's waterfall up to rounding; ``aggregated`` holds quote-wide quantities."""
    quantity = spec.quantity
    listed = rules.list_price
    if listed is None:  # only an INCLUDED option may have no price
        waterfall = WaterfallBuilder(quantity, "List price (none)", None, ZERO)
    else:
        waterfall = WaterfallBuilder(
            quantity,
            f"List price ({listed.origin})",
            listed.id,
            listed.unit_price.amount * quantity,
        )
    if spec.included_by is not None:
        waterfall.step(StepKind.BUNDLE_INCLUDED, "Included in bundle", spec.included_by, ZERO)
        return LineDraft(spec, rules, tuple(waterfall.steps), waterfall.amount, 0, ZERO, ZERO)
    override = rules.override
    if override is not None:
        if override.source is PriceSource.CONTRACT:
            kind, label = StepKind.CONTRACTED_PRICE, f"Contracted price ({override.origin})"
        else:
            kind, label = StepKind.SEGMENT_PRICE, f"{override.origin} price"
        waterfall.step(kind, label, override.id, override.unit_price.amount * quantity)
    shared_tier: tuple[str, int] | None = None
    if rules.block_price is not None and rules.block is not None:
        block = rules.block
        band = describe_band(block.from_quantity, block.to_quantity, "units")
        waterfall.step(
            StepKind.BLOCK_PRICE,
            f"{rules.block_price.name} {band}: {block.price} flat",
            rules.block_price.id,
            block.price.amount,
        )
    elif rules.quantity_schedule is not None:
        shared_tier = _volume_tier(waterfall, rules.quantity_schedule, quantity, aggregated)
    schedule = rules.term_schedule
    if schedule is not None and spec.term_months is not None:
        tier = schedule.tier_for(spec.term_months)
        if tier is not None and tier.discount_percent:
            waterfall.step(
                StepKind.TERM_DISCOUNT,
                _tier_label(
                    schedule.name,
                    tier.from_quantity,
                    tier.to_quantity,
                    "months",
                    tier.discount_percent,
                    None,
                ),
                schedule.id,
                all_units_amount(waterfall.amount, tier),
            )
    for promotion, label in zip(rules.promotions, rules.promotion_labels, strict=True):
        waterfall.step(
            StepKind.PROMOTION,
            label,
            promotion.id,
            apply_adjustment(waterfall.amount, quantity, promotion.benefit),
        )
    base = waterfall.amount
    line_discount = ZERO
    if spec.discount is not None:
        line_discount = -waterfall.step(
            StepKind.LINE_DISCOUNT,
            _rep_discount_label(spec.discount),
            None,
            apply_adjustment(base, quantity, spec.discount),
        )
    rounded = round_money(waterfall.amount, currency)
    if rounded != waterfall.amount:
        waterfall.step(StepKind.ROUNDING, _rounding_label(currency), None, rounded)
    return LineDraft(
        spec,
        rules,
        tuple(waterfall.steps),
        waterfall.amount,
        int(rounded.scaleb(minor_unit_places(currency))),  # exact: rounded to minor units
        base,
        line_discount,
        shared_tier,
    )


def volume_tier_label(schedule: DiscountSchedule, tier: Tier, on_quote: int | None) -> str:
    """The VOLUME_TIER step's label; ``on_quote`` is the quote-wide quantity of a shared tier."""
    start, end, percent = tier.from_quantity, tier.to_quantity, tier.discount_percent
    return _tier_label(schedule.name, start, end, "units", percent, on_quote)


LABELS_KEPT = 4096
"""How many labels each memo below keeps (labels repeat: a quote's lines share a few
schedules, tiers and rep discounts)."""


@lru_cache(maxsize=LABELS_KEPT)
def _tier_label(
    name: str, start: int, end: int | None, unit: str, percent: Decimal, on_quote: int | None
) -> str:
    """A tier step's label: ``Volume 10–49 units: 5% off``, with the quote-wide quantity of
    a shared tier. Its text depends on these values only (``format_decimal`` reads equal
    Decimals alike), so it is memoised by them."""
    label = f"{name} {describe_band(start, end, unit)}: {format_decimal(percent)}% off"
    if on_quote is not None:
        label += f" ({on_quote} units on the quote)"
    return label


@lru_cache(maxsize=LABELS_KEPT)
def _rep_discount_label(discount: Adjustment) -> str:
    """The LINE_DISCOUNT step's label (equal discounts describe themselves alike)."""
    return f"Rep discount: {discount.describe()}"


@lru_cache(maxsize=LABELS_KEPT)
def _rounding_label(currency: str) -> str:
    return f"Rounded to {currency} minor units"


def _volume_tier(
    waterfall: WaterfallBuilder,
    schedule: DiscountSchedule,
    quantity: int,
    aggregated: Mapping[str, int],
) -> tuple[str, int] | None:
    """Add the volume tier step; returns ``(schedule id, quote-wide quantity)`` when shared."""
    if schedule.method is TierMethod.GRADUATED:
        slabs = graduated_slabs(quantity, schedule.tiers)
        if any(tier.discount_percent for tier, _ in slabs):
            unit_price = waterfall.amount / quantity  # exact: the amount is unit × quantity here
            waterfall.step(
                StepKind.VOLUME_TIER,
                f"{schedule.name}: {describe_slabs(slabs)}",
                schedule.id,
                graduated_amount(unit_price, quantity, schedule.tiers),
            )
        return None
    shared = schedule.aggregate_across_quote
    counted = aggregated.get(schedule.id, quantity) if shared else quantity
    used = (schedule.id, counted) if shared else None
    tier = schedule.tier_for(counted)
    if tier is None or not tier.discount_percent:
        return used
    waterfall.step(
        StepKind.VOLUME_TIER,
        volume_tier_label(schedule, tier, counted if shared else None),
        schedule.id,
        all_units_amount(waterfall.amount, tier),
        quote_level=shared,
    )
    return used
