"""Closing a line's waterfall: its quote discount share, NET, margin and guardrails.

A ``LineDraft`` stops at the line's rounding point; what comes after depends on
the rest of the quote only through the line's share of the quote discount. So a
finished line is a function of (draft, share, label, policy): when none of them
changed, the previous ``FinishedLine`` is reused as it is.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from decimal import Decimal

from pricing.guardrails import (
    GuardrailBreach,
    GuardrailPolicy,
    check_authority,
    check_floor,
    check_margin,
)
from pricing.line_pricing import LineDraft
from pricing.lines import LineSpec
from pricing.money import ZERO, Money, minor_unit_quantum, ratio_percent, round_money
from pricing.reasons import PricingError
from pricing.results import PricedLine
from pricing.values import quick_init
from pricing.waterfall import UNIT_PRICE_CONTEXT, StepKind, WaterfallStep


@quick_init
@dataclass(frozen=True, slots=True)
class FinishedLine:
    """A priced (or refused) line plus what the quote's totals need from it.

    ``draft`` is None for a refused line. ``share`` is the quote discount share
    in minor units and ``label`` the label it was applied with. ``discretionary``
    is what the rep's line and quote discounts took off ``discretionary_base``;
    both count towards the quote's authority check only when ``counts_for_authority``
    (a priced line that is not an INCLUDED bundle option).
    """

    line: PricedLine
    draft: LineDraft | None = None
    share: int = 0
    label: str = ""
    discretionary: Decimal = ZERO
    discretionary_base: Decimal = ZERO
    counts_for_authority: bool = False
    ends_chunk: bool = False
    """Whether the quote's running totals close a chunk after this line (see ``ends_chunk``)."""


CHUNK_SPREAD = 16
"""On average one line in this many ends a chunk of the quote's totals."""


def ends_chunk(line_id: str) -> bool:
    """Whether a chunk of the quote's totals ends after the line ``line_id``.

    Decided by the line's id alone (a CRC, the same in every process), so an
    edit, an insertion or a removal only changes the chunk around it.
    """
    return zlib.crc32(line_id.encode()) % CHUNK_SPREAD == 0


def refused_line(spec: LineSpec, errors: tuple[PricingError, ...]) -> FinishedLine:
    """A line that could not be priced: its errors and no amounts."""
    return FinishedLine(
        PricedLine(
            spec.id,
            spec.parent_id,
            spec.product_id,
            spec.quantity,
            errors=errors,
            configuration=spec.configuration,
        ),
        ends_chunk=ends_chunk(spec.id),
    )


def finish_line(
    draft: LineDraft, share: int, label: str, policy: GuardrailPolicy, currency: str
) -> FinishedLine:
    """Add the quote discount share (minor units) and NET, then margin and the guardrails."""
    spec, rules = draft.spec, draft.rules
    quantity = spec.quantity
    divisor = Decimal(quantity)
    net = draft.amount
    discretionary = draft.line_discount
    if share:
        amount = share * minor_unit_quantum(currency)
        after = net - amount
        unit_price = UNIT_PRICE_CONTEXT.divide(after, divisor)
        steps = (
            *draft.steps,
            WaterfallStep(
                StepKind.QUOTE_DISCOUNT, label, None, after - net, after, unit_price, False, True
            ),
            WaterfallStep(StepKind.NET, "Net price", None, ZERO, after, unit_price),
        )
        net = after
        discretionary += amount
    else:
        steps = (
            *draft.steps,
            WaterfallStep(
                StepKind.NET, "Net price", None, ZERO, net, UNIT_PRICE_CONTEXT.divide(net, divisor)
            ),
        )
    first = steps[0]
    list_amount = round_money(first.amount_after, currency)
    breaches: list[GuardrailBreach | None] = []
    counts = spec.included_by is None
    # Each check is called only when it could find a breach (it returns None otherwise).
    if counts:
        if rules.floor is not None:
            breaches.append(check_floor(spec.id, rules.floor, net, quantity))
        if policy.discount_authority_percent is not None and discretionary:
            breaches.append(
                check_authority(
                    spec.id,
                    policy.discount_authority_percent,
                    discretionary,
                    draft.discretionary_base,
                )
            )
    cost = margin = margin_percent = None
    if rules.unit_cost is not None:
        cost = round_money(rules.unit_cost.amount * quantity, currency)
        margin = net - cost
        margin_percent = ratio_percent(margin, net)
        if policy.min_margin_percent is not None and margin_percent is not None:
            breaches.append(check_margin(spec.id, policy.min_margin_percent, margin_percent))
    line = PricedLine(
        spec.id,
        spec.parent_id,
        spec.product_id,
        quantity,
        steps,
        first.unit_price_after,
        Money(list_amount, currency),
        steps[-1].unit_price_after,
        Money(net, currency),
        ratio_percent(list_amount - net, list_amount),
        None if cost is None else Money(cost, currency),
        None if margin is None else Money(margin, currency),
        margin_percent,
        tuple(filter(None, breaches)),
        (),
        spec.configuration,
    )
    return FinishedLine(
        line,
        draft,
        share,
        label,
        discretionary,
        draft.discretionary_base,
        counts,
        ends_chunk(spec.id),
    )
