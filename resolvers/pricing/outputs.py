"""Engine results → GraphQL types."""

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


def money(value: engine.Money | None) -> Money | None:
    """A final amount, shown with exactly its currency's minor units (e.g. 12.50 USD, 1200 JPY)."""
    if value is None:
        return None
    return Money(amount=value.amount.quantize(engine.minor_unit_quantum(value.currency)), currency=value.currency)


def total(value: engine.Money) -> Money:
    return Money(amount=value.amount.quantize(engine.minor_unit_quantum(value.currency)), currency=value.currency)


def _db_id(engine_id: str) -> int:
    return int(engine_id) if engine_id.isdigit() else -1


def step(value: engine.WaterfallStep, currency: str) -> WaterfallStep:
    return WaterfallStep(
        kind=value.kind,
        label=value.label,
        rule_id=value.rule_id,
        amount_delta=Money(amount=value.amount_delta, currency=currency),
        amount_after=Money(amount=value.amount_after, currency=currency),
        unit_price_after=value.unit_price_after,
        raises_price=value.raises_price,
        quote_level=value.quote_level,
    )


def breach(value: engine.GuardrailBreach) -> PriceBreach:
    return PriceBreach(
        code=value.code,
        line_key=value.line_id,
        threshold=value.threshold,
        actual=value.actual,
        message=value.message,
        rule_id=value.rule_id,
    )


def issue(value: engine.PricingError) -> PricingIssue:
    return PricingIssue(
        code=value.code,
        message=value.message,
        line_key=value.line_id,
        field=list(value.field) or None,
        rule_id=value.rule_id,
    )


def configuration(value: engine.ConfigurationResult) -> ConfigurationResult:
    return ConfigurationResult(
        valid=value.valid,
        violations=[
            ConfigurationViolation(
                code=v.code,
                message=v.message,
                rule_id=v.rule_id,
                option_ids=[relay.GlobalID("BundleOption", o) for o in v.option_ids if o.isdigit()],
                attribute=v.attribute,
            )
            for v in value.violations
        ],
        options=[
            ResolvedOption(
                source=o.source,
                quantity_per_parent=o.quantity_per_parent,
                quantity=o.quantity,
                rule_id=o.rule_id,
                option_id=_db_id(o.option_id),
                product_id=_db_id(o.product_id),
            )
            for o in value.options
        ],
    )


def line(value: engine.PricedLine, currency: str) -> PricedLine:
    return PricedLine(
        key=value.line_id,
        parent_key=value.parent_line_id,
        quantity=value.quantity,
        list_unit_price=value.list_unit_price,
        list_amount=money(value.list_amount),
        net_unit_price=value.net_unit_price,
        net_amount=money(value.net_amount),
        discount_percent=value.discount_percent,
        steps=[step(s, currency) for s in value.steps],
        breaches=[breach(b) for b in value.breaches],
        issues=[issue(e) for e in value.errors],
        configuration=configuration(value.configuration) if value.configuration else None,
        product_id=_db_id(value.product_id),
        cost=money(value.cost_amount),
        margin=money(value.margin_amount),
        margin_pct=value.margin_percent,
    )


def priced_quote(value: engine.PricedQuote, extra_issues: list[PricingIssue] | None = None) -> PricedQuote:
    return PricedQuote(
        currency=value.currency,
        pricing_date=value.pricing_date,
        lines=[line(item, value.currency) for item in value.lines],
        steps=[step(s, value.currency) for s in value.steps],
        list_total=total(value.list_total),
        net_total=total(value.net_total),
        discount_total=total(value.discount_total),
        total_discount_percent=value.total_discount_percent,
        breaches=[breach(b) for b in value.breaches],
        issues=[*(extra_issues or []), *(issue(e) for e in value.errors)],
        cost=money(value.cost_total),
        margin=money(value.margin_amount),
        margin_pct=value.margin_percent,
    )
