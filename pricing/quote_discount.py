"""The rep's quote-level discount, allocated to lines so their nets add up exactly.

The discount is computed on the sum of the lines' rounded nets (a percentage
of it, rounded once; or an amount, which may not exceed it), then allocated
pro rata to those nets by largest remainder. Each line's share becomes its
QUOTE_DISCOUNT step, marked ``quote_level`` because it depends on other lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pricing.allocation import allocate_largest_remainder
from pricing.lines import check_adjustment
from pricing.money import ZERO, format_money, minor_unit_quantum, percent_of, round_money
from pricing.reasons import PricingError, ReasonCode
from pricing.rules import Adjustment, PercentOff


@dataclass(frozen=True, slots=True)
class QuoteDiscount:
    """The allocated quote discount: the total, each line's share, or why it was refused."""

    total: Decimal
    shares: Mapping[str, Decimal]
    label: str
    error: PricingError | None = None


_FIELD = ("quoteDiscount",)


def allocate_quote_discount(
    discount: Adjustment | None, nets: Sequence[tuple[str, Decimal]], currency: str
) -> QuoteDiscount:
    """Compute and allocate ``discount`` over ``nets`` (line id, rounded net before it)."""
    if discount is None:
        return QuoteDiscount(ZERO, {}, "")
    error = check_adjustment(discount, currency, None, _FIELD)
    if error is not None:
        return QuoteDiscount(ZERO, {}, "", error)
    quote_net = sum((net for _, net in nets), ZERO)
    if isinstance(discount, PercentOff):
        total = round_money(percent_of(quote_net, discount.percent), currency)
    else:
        if discount.amount.amount > quote_net:  # compared before rounding a huge amount
            return QuoteDiscount(
                ZERO,
                {},
                "",
                PricingError(
                    ReasonCode.INVALID_DISCOUNT,
                    f"The quote discount of {discount.amount} exceeds the quote's net of "
                    f"{format_money(quote_net, currency)}.",
                    None,
                    _FIELD,
                ),
            )
        total = round_money(discount.amount.amount, currency)
    shares = allocate_largest_remainder(total, nets, minor_unit_quantum(currency))
    label = f"Quote discount: {discount.describe()} (pro rata share)"
    return QuoteDiscount(total, shares, label)
