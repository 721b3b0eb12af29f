"""Pricing one line up to its rounding point: walk the waterfall over what applies to it.

``build_waterfall`` applies, in order, what ``pricing.line_rules.look_up`` found: list
price → contracted/segment price → volume tier (or block price, which replaces
per-unit pricing) → term discount → promotions → the rep's line discount →
rounding. The quote discount and the NET step are added by the engine once every
line is known.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pricing.line_rules import LineRules
from pricing.lines import LineSpec
from pricing.money import ZERO, format_decimal, minor_unit_places, minor_unit_quantum, round_to
from pricing.price_books import PriceSource
from pricing.rules import Adjustment, apply_adjustment
from pricing.tiers import (
    DiscountSchedule,
    Tier,
    TierMethod,
    all_units_amount,
    describe_band,
    describe_slabs,
    graduated_amount,
    graduated_slabs,
)
from pricing.values import quick_init, quick_new
from pricing.waterfall import UNIT_PRICE_CONTEXT, StepKind, WaterfallStep, new_step


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


new_draft: Callable[
    [
        LineSpec,
        LineRules,
        tuple[WaterfallStep, ...],
        Decimal,
        int,
        Decimal,
        Decimal,
        tuple[str, int] | None,
    ],
    LineDraft,
] = quick_new(LineDraft)


def build_waterfall(
    spec: LineSpec, rules: LineRules, currency: str, aggregated: Mapping[str, int]
) -> LineDraft:
    """Walk the line's waterfall up to rounding; ``aggregated`` holds quote-wide quantities.

    Each step moves the running extended ``amount`` to a new one and records the delta,
    the amount after and the unit price after (``UNIT_PRICE_CONTEXT``). Only the steps
    that replace the price (contracted, segment and block prices) may say they raise it.
    """
    quantity = spec.quantity
    divisor = Decimal(quantity)
    divide = UNIT_PRICE_CONTEXT.divide
    listed = rules.list_price
    # only an INCLUDED option may have no price
    amount = ZERO if listed is None else listed.unit_price.amount * quantity
    steps = [
        new_step(
            StepKind.LIST_PRICE,
            rules.list_label,
            None if listed is None else listed.id,
            ZERO,
            amount,
            divide(amount, divisor),
            False,
            False,
        )
    ]
    append = steps.append
    if spec.included_by is not None:
        append(
            new_step(
                StepKind.BUNDLE_INCLUDED,
                "Included in bundle",
                spec.included_by,
                ZERO - amount,
                ZERO,
                divide(ZERO, divisor),
                False,
                False,
            )
        )
        return new_draft(spec, rules, tuple(steps), ZERO, 0, ZERO, ZERO, None)
    override = rules.override
    if override is not None:
        after = override.unit_price.amount * quantity
        delta = after - amount
        amount = after
        append(
            new_step(
                StepKind.CONTRACTED_PRICE
                if override.source is PriceSource.CONTRACT
                else StepKind.SEGMENT_PRICE,
                rules.override_label,
                override.id,
                delta,
                amount,
                divide(amount, divisor),
                delta > ZERO,
                False,
            )
        )
    shared_tier: tuple[str, int] | None = None
    block_price = rules.block_price
    if block_price is not None and rules.block is not None:
        after = rules.block.price.amount
        delta = after - amount
        amount = after
        append(
            new_step(
                StepKind.BLOCK_PRICE,
                rules.block_label,
                block_price.id,
                delta,
                amount,
                divide(amount, divisor),
                delta > ZERO,
                False,
            )
        )
    elif rules.quantity_schedule is not None:
        volume = rules.quantity_schedule
        tier_step = _volume_tier(volume, quantity, amount, aggregated)
        if tier_step is not None:
            label, after, shared_tier = tier_step
            if label is not None:
                delta = after - amount
                amount = after
                append(
                    new_step(
                        StepKind.VOLUME_TIER,
                        label,
                        volume.id,
                        delta,
                        amount,
                        divide(amount, divisor),
                        False,
                        shared_tier is not None,
                    )
                )
    schedule = rules.term_schedule
    if schedule is not None and spec.term_months is not None:
        tier = schedule.tier_for(spec.term_months)
        if tier is not None and tier.discount_percent:
            after = all_units_amount(amount, tier)
            delta = after - amount
            amount = after
            append(
                new_step(
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
                    delta,
                    amount,
                    divide(amount, divisor),
                    False,
                    False,
                )
            )
    for promotion, label in zip(rules.promotions, rules.promotion_labels, strict=True):
        after = apply_adjustment(amount, quantity, promotion.benefit)
        delta = after - amount
        amount = after
        append(
            new_step(
                StepKind.PROMOTION,
                label,
                promotion.id,
                delta,
                amount,
                divide(amount, divisor),
                False,
                False,
            )
        )
    base = amount
    line_discount = ZERO
    if spec.discount is not None:
        after = apply_adjustment(base, quantity, spec.discount)
        delta = after - amount
        amount = after
        append(
            new_step(
                StepKind.LINE_DISCOUNT,
                _rep_discount_label(spec.discount),
                None,
                delta,
                amount,
                divide(amount, divisor),
                False,
                False,
            )
        )
        line_discount = -delta
    rounded = round_to(amount, minor_unit_quantum(currency))
    if rounded != amount:
        delta = rounded - amount
        amount = rounded
        append(
            new_step(
                StepKind.ROUNDING,
                _rounding_label(currency),
                None,
                delta,
                amount,
                divide(amount, divisor),
                False,
                False,
            )
        )
    return new_draft(
        spec,
        rules,
        tuple(steps),
        amount,
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
    schedule: DiscountSchedule, quantity: int, amount: Decimal, aggregated: Mapping[str, int]
) -> tuple[str | None, Decimal, tuple[str, int] | None] | None:
    """The volume tier step as ``(label, amount after, shared)``, its label None when the
    tier takes nothing off; ``shared`` is ``(schedule id, quote-wide quantity)`` when the
    tier is picked across the quote. None: neither a step nor a shared tier."""
    if schedule.method is TierMethod.GRADUATED:
        slabs = graduated_slabs(quantity, schedule.tiers)
        if any(tier.discount_percent for tier, _ in slabs):
            unit_price = amount / quantity  # exact: the amount is unit × quantity here
            return (
                f"{schedule.name}: {describe_slabs(slabs)}",
                graduated_amount(unit_price, quantity, schedule.tiers),
                None,
            )
        return None
    shared = schedule.aggregate_across_quote
    counted = aggregated.get(schedule.id, quantity) if shared else quantity
    used = (schedule.id, counted) if shared else None
    tier = schedule.tier_for(counted)
    if tier is None or not tier.discount_percent:
        return None if used is None else (None, amount, used)
    label = volume_tier_label(schedule, tier, counted if shared else None)
    return label, all_units_amount(amount, tier), used
