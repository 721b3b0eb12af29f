"""``price_quote``: a quote's lines in, waterfalls, totals, margin and breaches out.

The flow: expand lines (configuration, bundle options) → look up what applies
to each line → aggregate quote-wide tier quantities → build each line's
waterfall to its rounding point → allocate the quote discount → close each
waterfall with NET → guardrails, margin and totals. Everything runs inside
``PRICING_CONTEXT`` so no intermediate amount loses a digit. The function is
pure: the same request always gives the same result, whatever the line order.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from pricing.context import PricingContext
from pricing.guardrails import GuardrailBreach, check_authority, check_floor, check_margin
from pricing.line_pricing import (
    LineDraft,
    LineRules,
    aggregate_quantities,
    build_waterfall,
    look_up,
)
from pricing.lines import expand_lines
from pricing.money import (
    PRICING_CONTEXT,
    ZERO,
    Money,
    is_known_currency,
    ratio_percent,
    round_money,
)
from pricing.quote_discount import QuoteDiscount, allocate_quote_discount
from pricing.reasons import PricingError, ReasonCode
from pricing.request import PricingRequest
from pricing.results import PricedLine, PricedQuote
from pricing.waterfall import StepKind, summarize


def price_quote(request: PricingRequest) -> PricedQuote:
    """Price every line of the quote and the quote itself; refusals are in the result."""
    with localcontext(PRICING_CONTEXT):
        return _price(request)


def _price(request: PricingRequest) -> PricedQuote:
    currency = request.currency
    if not is_known_currency(currency):
        error = PricingError(
            ReasonCode.UNKNOWN_CURRENCY,
            f"{currency} is not an ISO 4217 currency code.",
            None,
            ("currency",),
        )
        return _quote(request, (), (), (error,))
    specs = expand_lines(request, {product.id: product for product in request.products})
    ctx = PricingContext(request)
    found: dict[str, LineRules | list[PricingError]] = {}
    for spec in specs:
        if not spec.errors and spec.product is not None:
            found[spec.id] = look_up(spec, spec.product, ctx)
    priceable = [(s, r) for s in specs if isinstance(r := found.get(s.id), LineRules)]
    aggregated = aggregate_quantities(priceable)
    drafts = [build_waterfall(spec, rules, currency, aggregated) for spec, rules in priceable]
    discount = allocate_quote_discount(
        request.quote_discount, [(d.spec.id, d.waterfall.amount) for d in drafts], currency
    )
    by_id = {draft.spec.id: draft for draft in drafts}
    lines: list[PricedLine] = []
    errors: list[PricingError] = [] if discount.error is None else [discount.error]
    for spec in specs:
        draft = by_id.get(spec.id)
        if draft is not None:
            lines.append(_finish_line(draft, discount, request, currency))
            continue
        looked = found.get(spec.id)
        line_errors = spec.errors + (tuple(looked) if isinstance(looked, list) else ())
        errors.extend(line_errors)
        lines.append(
            PricedLine(
                spec.id,
                spec.parent_id,
                spec.product_id,
                spec.quantity,
                errors=line_errors,
                configuration=spec.configuration,
            )
        )
    return _quote(request, tuple(lines), tuple(drafts), tuple(errors))


def _finish_line(
    draft: LineDraft, discount: QuoteDiscount, request: PricingRequest, currency: str
) -> PricedLine:
    """Add the quote discount share and NET, then margin and the line's guardrails."""
    spec, rules, waterfall = draft.spec, draft.rules, draft.waterfall
    share = discount.shares.get(spec.id, ZERO)
    if share:
        waterfall.step(
            StepKind.QUOTE_DISCOUNT,
            discount.label,
            None,
            waterfall.amount - share,
            quote_level=True,
        )
        draft.discretionary += share
    steps = waterfall.finish()
    quantity = spec.quantity
    net = waterfall.amount
    list_amount = round_money(steps[0].amount_after, currency)
    policy = request.guardrails
    breaches: list[GuardrailBreach | None] = []
    if spec.included_by is None:
        if rules.floor is not None:
            breaches.append(check_floor(spec.id, rules.floor, net, quantity))
        breaches.append(
            check_authority(
                spec.id,
                policy.discount_authority_percent,
                draft.discretionary,
                draft.discretionary_base,
            )
        )
    cost = margin = margin_percent = None
    if rules.unit_cost is not None:
        cost = round_money(rules.unit_cost.amount * quantity, currency)
        margin = net - cost
        margin_percent = ratio_percent(margin, net)
        breaches.append(check_margin(spec.id, policy.min_margin_percent, margin_percent))
    return PricedLine(
        line_id=spec.id,
        parent_line_id=spec.parent_id,
        product_id=spec.product_id,
        quantity=quantity,
        steps=steps,
        list_unit_price=steps[0].unit_price_after,
        list_amount=Money(list_amount, currency),
        net_unit_price=steps[-1].unit_price_after,
        net_amount=Money(net, currency),
        discount_percent=ratio_percent(list_amount - net, list_amount),
        cost_amount=None if cost is None else Money(cost, currency),
        margin_amount=None if margin is None else Money(margin, currency),
        margin_percent=margin_percent,
        breaches=tuple([b for b in breaches if b is not None]),
        configuration=spec.configuration,
    )


def _quote(
    request: PricingRequest,
    lines: tuple[PricedLine, ...],
    drafts: tuple[LineDraft, ...],
    errors: tuple[PricingError, ...],
) -> PricedQuote:
    """Totals over the priced lines (sums of rounded lines) and the quote-level guardrails."""
    currency = request.currency
    priced = [line for line in lines if line.priced]
    list_total = sum((_amount(line.list_amount) for line in priced), ZERO)
    net_total = sum((_amount(line.net_amount) for line in priced), ZERO)
    costs = [line.cost_amount for line in priced]
    cost_total = margin = margin_percent = None
    if priced and all(cost is not None for cost in costs):
        cost_total = sum((_amount(cost) for cost in costs), ZERO)
        margin = net_total - cost_total
        margin_percent = ratio_percent(margin, net_total)
    policy = request.guardrails
    discretionary = base = ZERO
    for draft in drafts:
        if draft.spec.included_by is None:
            discretionary += draft.discretionary
            base += draft.discretionary_base
    quote_breaches = (
        check_authority(None, policy.discount_authority_percent, discretionary, base),
        check_margin(None, policy.min_margin_percent, margin_percent),
    )
    breaches = [b for line in lines for b in line.breaches]
    breaches.extend(b for b in quote_breaches if b is not None)
    return PricedQuote(
        quote_id=request.quote_id,
        currency=currency,
        pricing_date=request.pricing_date,
        lines=lines,
        steps=summarize([line.steps for line in priced]),
        list_total=Money(list_total, currency),
        net_total=Money(net_total, currency),
        discount_total=Money(list_total - net_total, currency),
        total_discount_percent=ratio_percent(list_total - net_total, list_total),
        cost_total=None if cost_total is None else Money(cost_total, currency),
        margin_amount=None if margin is None else Money(margin, currency),
        margin_percent=margin_percent,
        breaches=tuple(breaches),
        errors=errors,
    )


def _amount(money: Money | None) -> Decimal:
    # Priced lines always carry their amounts; None here would be an engine bug.
    if money is None:
        raise AssertionError("a priced line has no amount")
    return money.amount
