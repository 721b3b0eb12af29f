"""The rep's quote-level discount, allocated to lines so their nets add up exactly.

The discount is computed on the sum of the lines' rounded nets (a percentage
of it, rounded once; or an amount, which may not exceed it), then allocated
pro rata to those nets by largest remainder. Each line's share becomes its
QUOTE_DISCOUNT step, marked ``quote_level`` because it depends on other lines.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pricing.allocation import allocate_units, minor_units
from pricing.lines import check_adjustment
from pricing.money import format_money, minor_unit_quantum, percent_of, round_money
from pricing.reasons import PricingError, ReasonCode
from pricing.rules import Adjustment, PercentOff


@dataclass(frozen=True, slots=True)
class QuoteDiscount:
    """The allocated quote discount: each line's share in minor units, or why it was refused.

    ``label`` is the QUOTE_DISCOUNT step's label on every line with a share.
    """

    shares: Mapping[str, int]
    label: str
    error: PricingError | None = None


NO_QUOTE_DISCOUNT = QuoteDiscount({}, "")
_FIELD = ("quoteDiscount",)


def allocate_quote_discount(
    discount: Adjustment | None, line_ids: Sequence[str], nets: Sequence[int], currency: str
) -> QuoteDiscount:
    """Compute and allocate ``discount`` over the lines' rounded nets before it (``nets``,
    in the currency's minor units, one per id of ``line_ids``)."""
    if discount is None:
        return NO_QUOTE_DISCOUNT
    error = check_adjustment(discount, currency, None, _FIELD)
    if error is not None:
        return QuoteDiscount({}, "", error)
    quantum = minor_unit_quantum(currency)
    quote_net = sum(nets) * quantum
    if isinstance(discount, PercentOff):
        total = round_money(percent_of(quote_net, discount.percent), currency)
    else:
        if discount.amount.amount > quote_net:  # compared before rounding a huge amount
            return QuoteDiscount(
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
    shares = allocate_units(minor_units(total, quantum), line_ids, nets)
    label = f"Quote discount: {discount.describe()} (pro rata share)"
    return QuoteDiscount(shares, label)
