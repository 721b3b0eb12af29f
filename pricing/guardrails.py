"""Guardrails: price floors, the rep's discount authority, minimum margin.

A breach does not stop pricing: it is reported (code, line or None for the
quote, threshold, actual, message) and later drives approvals. Percentages are
compared as reported, to 4 decimal places, so a breach never shows an actual
equal to its threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from pricing.money import Money, format_decimal, format_unit_price, ratio_percent
from pricing.values import quick_init
from pricing.waterfall import UNIT_PRICE_CONTEXT


@dataclass(frozen=True, slots=True)
class FloorPrice:
    """The lowest net unit price a product may be sold at without approval."""

    id: str
    product_id: str
    unit_price: Money


@dataclass(frozen=True, slots=True)
class GuardrailPolicy:
    """The thresholds in force for this quote (the rep's authority comes with the rep)."""

    floor_prices: tuple[FloorPrice, ...] = ()
    discount_authority_percent: Decimal | None = None
    """The most the rep's own discounts (line and quote) may take off, in percent of the price
    before them; None: no limit."""
    min_margin_percent: Decimal | None = None
    """The lowest cost-based margin, in percent of the net; None: margin is not checked."""


class BreachCode(Enum):
    """Which guardrail a price crossed."""

    BELOW_FLOOR = "BELOW_FLOOR"
    DISCOUNT_ABOVE_AUTHORITY = "DISCOUNT_ABOVE_AUTHORITY"
    MARGIN_BELOW_MINIMUM = "MARGIN_BELOW_MINIMUM"


@quick_init
@dataclass(frozen=True, slots=True)
class GuardrailBreach:
    """One crossed guardrail; ``line_id`` is None for a quote-level breach."""

    code: BreachCode
    line_id: str | None
    threshold: Decimal
    """The limit crossed: the floor's unit price for BELOW_FLOOR, else a percentage."""
    actual: Decimal
    """The figure that crossed it, in the threshold's unit."""
    message: str
    rule_id: str | None = None
    """The floor price crossed, for BELOW_FLOOR; None otherwise."""


def _where(line_id: str | None) -> str:
    return "The quote" if line_id is None else f"Line {line_id}"


def check_floor(
    line_id: str, floor: FloorPrice, net_amount: Decimal, quantity: int
) -> GuardrailBreach | None:
    """BELOW_FLOOR when the net unit price is under the floor (compared exactly)."""
    if net_amount >= floor.unit_price.amount * quantity:
        return None
    net_unit = UNIT_PRICE_CONTEXT.divide(net_amount, Decimal(quantity))
    currency = floor.unit_price.currency
    return GuardrailBreach(
        BreachCode.BELOW_FLOOR,
        line_id,
        floor.unit_price.amount,
        net_unit,
        f"{_where(line_id)}: net unit price {format_unit_price(net_unit, currency)} is below "
        f"the floor of {format_unit_price(floor.unit_price.amount, currency)}.",
        floor.id,
    )


def check_authority(
    line_id: str | None, authority: Decimal | None, discretionary: Decimal, base: Decimal
) -> GuardrailBreach | None:
    """DISCOUNT_ABOVE_AUTHORITY when the rep's discounts exceed their authority.

    ``discretionary`` is what the line and quote discounts took off ``base``,
    the price before them (after list, contract, tiers and promotions).
    """
    if authority is None or not discretionary:
        return None
    actual = ratio_percent(discretionary, base)
    if actual is None or actual <= authority:
        return None
    return GuardrailBreach(
        BreachCode.DISCOUNT_ABOVE_AUTHORITY,
        line_id,
        authority,
        actual,
        f"{_where(line_id)}: discretionary discount {format_decimal(actual)}% is above "
        f"the rep's authority of {format_decimal(authority)}%.",
    )


def check_margin(
    line_id: str | None, minimum: Decimal | None, margin_percent: Decimal | None
) -> GuardrailBreach | None:
    """MARGIN_BELOW_MINIMUM when the cost-based margin is under the minimum."""
    if minimum is None or margin_percent is None or margin_percent >= minimum:
        return None
    return GuardrailBreach(
        BreachCode.MARGIN_BELOW_MINIMUM,
        line_id,
        minimum,
        margin_percent,
        f"{_where(line_id)}: margin {format_decimal(margin_percent)}% is below "
        f"the minimum of {format_decimal(minimum)}%.",
    )
