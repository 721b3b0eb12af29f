"""The pricing engine's results → GraphQL types.

A quote revision's stored snapshot (``db.codec.pricing.priced_quote_of``)
and the live preview are the same engine value, so a saved quote reads exactly
like a preview did. The GraphQL types keep the engine's field names where they
mean the same; engine ids that are database ids become the API's ids, and an
unknown reference (``unknown:…``) has no node to point at.

Every Decimal is set at its field's stated scale here, where the type is built:
money at the currency's minor units (``Money``), percentages at 2 places
(``schema.decimals.percent``), unit prices with a catalog unit price's precision
(``schema.money.unit_precision``), never the engine's full-precision quotient.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from strawberry import relay

import pricing as engine
from schema.decimals import PERCENT_PLACES, at_scale, percent
from schema.ids import NO_ROW
from schema.money import Money, unit_precision
from schema.scalars import CurrencyCode
from schema.types.pricing import (
    ConfigurationResult,
    ConfigurationViolation,
    PriceBreach,
    PricedLine,
    PricedQuote,
    PricingIssue,
    ResolvedOption,
    WaterfallStep,
)


def _same(value: object, *names: str) -> dict[str, Any]:
    """The fields ``names`` of an engine value, for the GraphQL type's fields of the same name."""
    return {name: getattr(value, name) for name in names}


def _row_id(engine_id: str) -> int:
    return int(engine_id) if engine_id.isdigit() else NO_ROW


def _node_id(engine_id: str | None, bare_key_type: str | None = None) -> str | None:
    """An engine reference as a global ID ``node`` resolves. The engine is given global IDs
    for rules, book entries, contracts, schedules, block prices and promotions, which stay;
    bare database keys (an INCLUDED option's, a feature's) become a ``bare_key_type`` node's
    global ID, or None where that kind of thing is no node (a feature)."""
    if engine_id is None or not engine_id.isdigit():
        return engine_id
    return None if bare_key_type is None else str(relay.GlobalID(bare_key_type, engine_id))


def _money(value: engine.Money | None) -> Money | None:
    return None if value is None else Money(amount=value.amount, currency=value.currency)


def _unit_price(value: Decimal | None, currency: str) -> Decimal | None:
    return None if value is None else unit_precision(value, currency)


def _step_type(step: engine.WaterfallStep, currency: str) -> WaterfallStep:
    return WaterfallStep(
        **_same(step, "kind", "label", "raises_price", "quote_level"),
        rule_id=_node_id(step.rule_id, "BundleOption"),
        amount_delta=Money(amount=step.amount_delta, currency=currency),
        amount_after=Money(amount=step.amount_after, currency=currency),
        unit_price_after=_unit_price(step.unit_price_after, currency),
    )


def _breach_type(breach: engine.GuardrailBreach, currency: str) -> PriceBreach:
    """A floor breach compares unit prices, every other one percentages."""
    if breach.code is engine.BreachCode.BELOW_FLOOR:
        threshold = unit_precision(breach.threshold, currency)
        actual = unit_precision(breach.actual, currency)
    else:
        threshold = at_scale(breach.threshold, PERCENT_PLACES)
        actual = at_scale(breach.actual, PERCENT_PLACES)
    fields = _same(breach, "code", "message")
    return PriceBreach(
        **fields,
        rule_id=_node_id(breach.rule_id),
        line_key=breach.line_id,
        threshold=threshold,
        actual=actual,
    )


def _issue_type(error: engine.PricingError) -> PricingIssue:
    fields = _same(error, "code", "message")
    return PricingIssue(
        **fields,
        rule_id=_node_id(error.rule_id),
        line_key=error.line_id,
        field=list(error.field) or None,
    )


def _violation_type(violation: engine.ConfigurationViolation) -> ConfigurationViolation:
    options = [relay.GlobalID("BundleOption", o) for o in violation.option_ids if o.isdigit()]
    fields = _same(violation, "code", "message", "attribute")
    return ConfigurationViolation(**fields, rule_id=_node_id(violation.rule_id), option_ids=options)


def _option_type(option: engine.ResolvedOption) -> ResolvedOption:
    return ResolvedOption(
        **_same(option, "source", "quantity_per_parent", "quantity"),
        rule_id=_node_id(option.rule_id),
        option_id=_row_id(option.option_id),
        product_id=_row_id(option.product_id),
    )


def configuration_type(result: engine.ConfigurationResult) -> ConfigurationResult:
    return ConfigurationResult(
        valid=result.valid,
        violations=[_violation_type(v) for v in result.violations],
        options=[_option_type(o) for o in result.options],
    )


def _line_type(line: engine.PricedLine, currency: str) -> PricedLine:
    configuration = line.configuration
    return PricedLine(
        quantity=line.quantity,
        list_unit_price=_unit_price(line.list_unit_price, currency),
        net_unit_price=_unit_price(line.net_unit_price, currency),
        discount_percent=percent(line.discount_percent),
        margin_percent=percent(line.margin_percent),
        key=line.line_id,
        parent_key=line.parent_line_id,
        list_amount=_money(line.list_amount),
        net_amount=_money(line.net_amount),
        steps=[_step_type(s, currency) for s in line.steps],
        breaches=[_breach_type(b, currency) for b in line.breaches],
        issues=[_issue_type(e) for e in line.errors],
        configuration=configuration_type(configuration) if configuration else None,
        product_id=_row_id(line.product_id),
        cost_amount=_money(line.cost_amount),
        margin_amount=_money(line.margin_amount),
    )


def priced_quote_type(priced: engine.PricedQuote) -> PricedQuote:
    currency = priced.currency
    return PricedQuote(
        currency=CurrencyCode(currency),
        pricing_date=priced.pricing_date,
        total_discount_percent=percent(priced.total_discount_percent),
        margin_percent=percent(priced.margin_percent),
        lines=[_line_type(line, currency) for line in priced.lines],
        steps=[_step_type(s, currency) for s in priced.steps],
        list_total=Money(amount=priced.list_total.amount, currency=currency),
        net_total=Money(amount=priced.net_total.amount, currency=currency),
        discount_total=Money(amount=priced.discount_total.amount, currency=currency),
        breaches=[_breach_type(b, currency) for b in priced.breaches],
        issues=[_issue_type(e) for e in priced.errors],
        cost_total=_money(priced.cost_total),
        margin_amount=_money(priced.margin_amount),
    )
