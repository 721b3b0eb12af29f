"""Closing a line's waterfall: its quote discount share, NET, margin and guardrails.

A ``LineDraft`` stops at the line's rounding point; what comes after depends on
the rest of the quote only through the line's share of the quote discount. So a
finished line is a function of (draft, share, label, policy): when none of them
changed, the previous ``FinishedLine`` is reused as it is.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
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
from pricing.money import ZERO, minor_unit_quantum, new_money, ratio_percent, round_to
from pricing.reasons import PricingError
from pricing.results import PricedLine, new_priced_line
from pricing.values import quick_init, quick_new
from pricing.waterfall import UNIT_PRICE_CONTEXT, StepKind, new_step


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


new_finished: Callable[
    [PricedLine, LineDraft | None, int, str, Decimal, Decimal, bool, bool], FinishedLine
] = quick_new(FinishedLine)


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
            new_step(
                StepKind.QUOTE_DISCOUNT, label, None, after - net, after, unit_price, False, True
            ),
            new_step(StepKind.NET, "Net price", None, ZERO, after, unit_price, False, False),
        )
        net = after
        discretionary += amount
    else:
        unit_price = UNIT_PRICE_CONTEXT.divide(net, divisor)
        steps = (
            *draft.steps,
            new_step(StepKind.NET, "Net price", None, ZERO, net, unit_price, False, False),
        )
    first = draft.steps[0]
    quantum = minor_unit_quantum(currency)
    list_amount = round_to(first.amount_after, quantum)
    breaches: tuple[GuardrailBreach, ...] = ()
    counts = spec.included_by is None
    # Each check is called only when it could find a breach (it returns None otherwise).
    if counts:
        if rules.floor is not None:
            breach = check_floor(spec.id, rules.floor, net, quantity)
            if breach is not None:
                breaches = (breach,)
        authority = policy.discount_authority_percent
        if authority is not None and discretionary:
            breach = check_authority(spec.id, authority, discretionary, draft.discretionary_base)
            if breach is not None:
                breaches = (*breaches, breach)
    unit_cost = rules.unit_cost
    if unit_cost is None:
        cost = margin = margin_percent = None
    else:
        cost_amount = round_to(unit_cost.amount * quantity, quantum)
        margin_amount = net - cost_amount
        margin_percent = ratio_percent(margin_amount, net)
        cost = new_money(cost_amount, currency)
        margin = new_money(margin_amount, currency)
        minimum = policy.min_margin_percent
        if minimum is not None and margin_percent is not None:
            breach = check_margin(spec.id, minimum, margin_percent)
            if breach is not None:
                breaches = (*breaches, breach)
    line = new_priced_line(
        spec.id,
        spec.parent_id,
        spec.product_id,
        quantity,
        steps,
        first.unit_price_after,
        new_money(list_amount, currency),
        unit_price,
        new_money(net, currency),
        ratio_percent(list_amount - net, list_amount),
        cost,
        margin,
        margin_percent,
        breaches,
        (),
        spec.configuration,
    )
    return new_finished(
        line,
        draft,
        share,
        label,
        discretionary,
        draft.discretionary_base,
        counts,
        ends_chunk(spec.id),
    )
