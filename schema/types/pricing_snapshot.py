"""The pricing engine's results → GraphQL types.

A quote revision's stored snapshot (``services.pricing.snapshots.priced_quote_of``)
and the live preview are the same engine value, so a saved quote reads exactly
like a preview did. Engine ids that are database ids become the API's ids; an
unknown reference (``unknown:…``) has no node to point at.
"""

from __future__ import annotations

from strawberry import relay

import pricing as engine
from schema.money import Money
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

NO_ROW = -1

def _row_id(engine_id: str) -> int:
    return int(engine_id) if engine_id.isdigit() else NO_ROW

def _money(value: engine.Money | None) -> Money | None:
    return None if value is None else Money(amount=value.amount, currency=value.currency)

def _step_type(step: engine.WaterfallStep, currency: str) -> WaterfallStep:
    return WaterfallStep(
        kind=step.kind,
        label=step.label,
        rule_id=step.rule_id,
        amount_delta=Money(amount=step.amount_delta, currency=currency),
        amount_after=Money(amount=step.amount_after, currency=currency),
        unit_price_after=step.unit_price_after,
        raises_price=step.raises_price,
        quote_level=step.quote_level,
    )

def _breach_type(breach: engine.GuardrailBreach) -> PriceBreach:
    return PriceBreach(
        code=breach.code,
        line_key=breach.line_id,
        threshold=breach.threshold,
        actual=breach.actual,
        message=breach.message,
        rule_id=breach.rule_id,
    )

def issue_type(error: engine.PricingError) -> PricingIssue:
    return PricingIssue(
        code=error.code,
        message=error.message,
        line_key=error.line_id,
        field=list(error.field) or None,
        rule_id=error.rule_id,
    )

def configuration_type(result: engine.ConfigurationResult) -> ConfigurationResult:
    return ConfigurationResult(
        valid=result.valid,
        violations=[
            ConfigurationViolation(
                code=v.code,
                message=v.message,
                rule_id=v.rule_id,
                option_ids=[relay.GlobalID("BundleOption", o) for o in v.option_ids if o.isdigit()],
                attribute=v.attribute,
            )
            for v in result.violations
        ],
        options=[
            ResolvedOption(
                source=o.source,
                quantity_per_parent=o.quantity_per_parent,
                quantity=o.quantity,
                rule_id=o.rule_id,
                option_id=_row_id(o.option_id),
                product_id=_row_id(o.product_id),
            )
            for o in result.options
        ],
    )

def line_type(line: engine.PricedLine, currency: str) -> PricedLine:
    return PricedLine(
        key=line.line_id,
        parent_key=line.parent_line_id,
        quantity=line.quantity,
        list_unit_price=line.list_unit_price,
        list_amount=_money(line.list_amount),
        net_unit_price=line.net_unit_price,
        net_amount=_money(line.net_amount),
        discount_percent=line.discount_percent,
        steps=[_step_type(s, currency) for s in line.steps],
        breaches=[_breach_type(b) for b in line.breaches],
        issues=[issue_type(e) for e in line.errors],
        configuration=configuration_type(line.configuration) if line.configuration else None,
        product_id=_row_id(line.product_id),
        cost=_money(line.cost_amount),
        margin=_money(line.margin_amount),
        margin_pct=line.margin_percent,
    )

def priced_quote_type(priced: engine.PricedQuote) -> PricedQuote:
    currency = priced.currency
    return PricedQuote(
        currency=currency,
        pricing_date=priced.pricing_date,
        lines=[line_type(line, currency) for line in priced.lines],
        steps=[_step_type(s, currency) for s in priced.steps],
        list_total=Money(amount=priced.list_total.amount, currency=currency),
        net_total=Money(amount=priced.net_total.amount, currency=currency),
        discount_total=Money(amount=priced.discount_total.amount, currency=currency),
        total_discount_percent=priced.total_discount_percent,
        breaches=[_breach_type(b) for b in priced.breaches],
        issues=[issue_type(e) for e in priced.errors],
        cost=_money(priced.cost_total),
        margin=_money(priced.margin_amount),
        margin_pct=priced.margin_percent,
    )
