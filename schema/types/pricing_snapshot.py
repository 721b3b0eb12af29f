"""A stored pricing snapshot (JSON) → GraphQL types.

Quote revisions keep the snapshot of what was priced, and the live preview goes
through the same shape, so a saved quote reads exactly like a preview did.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from strawberry import relay

from pricing.configuration import SelectionSource as SelectionSourceEnum
from pricing.configuration import ViolationCode
from pricing.guardrails import BreachCode
from pricing.reasons import ReasonCode
from pricing.waterfall import StepKind
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

Json = dict[str, Any]


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def _m(value: str | None, currency: str) -> Money | None:
    return None if value is None else Money(amount=Decimal(value), currency=currency)


def _step_type(data: Json, currency: str) -> WaterfallStep:
    return WaterfallStep(
        kind=StepKind(data["kind"]),
        label=data["label"],
        rule_id=data["rule_id"],
        amount_delta=Money(amount=Decimal(data["amount_delta"]), currency=currency),
        amount_after=Money(amount=Decimal(data["amount_after"]), currency=currency),
        unit_price_after=_d(data["unit_price_after"]),
        raises_price=data["raises_price"],
        quote_level=data["quote_level"],
    )


def _breach_type(data: Json) -> PriceBreach:
    return PriceBreach(
        code=BreachCode(data["code"]),
        line_key=data["line_key"],
        threshold=Decimal(data["threshold"]),
        actual=Decimal(data["actual"]),
        message=data["message"],
        rule_id=data["rule_id"],
    )


def issue_type(data: Json) -> PricingIssue:
    return PricingIssue(
        code=ReasonCode(data["code"]),
        message=data["message"],
        line_key=data["line_key"],
        field=data["field"],
        rule_id=data["rule_id"],
    )


def configuration_type(data: Json) -> ConfigurationResult:
    return ConfigurationResult(
        valid=data["valid"],
        violations=[
            ConfigurationViolation(
                code=ViolationCode(v["code"]),
                message=v["message"],
                rule_id=v["rule_id"],
                option_ids=[relay.GlobalID("BundleOption", o) for o in v["option_ids"]],
                attribute=v["attribute"],
            )
            for v in data["violations"]
        ],
        options=[
            ResolvedOption(
                source=SelectionSourceEnum(o["source"]),
                quantity_per_parent=o["quantity_per_parent"],
                quantity=o["quantity"],
                rule_id=o["rule_id"],
                option_id=o["option_id"],
                product_id=o["product_id"],
            )
            for o in data["options"]
        ],
    )


def line_type(data: Json, currency: str) -> PricedLine:
    return PricedLine(
        key=data["key"],
        parent_key=data["parent_key"],
        quantity=data["quantity"],
        list_unit_price=_d(data["list_unit_price"]),
        list_amount=_m(data["list_amount"], currency),
        net_unit_price=_d(data["net_unit_price"]),
        net_amount=_m(data["net_amount"], currency),
        discount_percent=_d(data["discount_percent"]),
        steps=[_step_type(s, currency) for s in data["steps"]],
        breaches=[_breach_type(b) for b in data["breaches"]],
        issues=[issue_type(e) for e in data["issues"]],
        configuration=configuration_type(data["configuration"]) if data["configuration"] else None,
        product_id=data["product_id"],
        cost=_m(data["cost_amount"], currency),
        margin=_m(data["margin_amount"], currency),
        margin_pct=_d(data["margin_percent"]),
    )


def priced_quote_type(data: Json) -> PricedQuote:
    currency = data["currency"]
    zero = Money(amount=Decimal(0), currency=currency)
    return PricedQuote(
        currency=currency,
        pricing_date=date.fromisoformat(data["pricing_date"]),
        lines=[line_type(item, currency) for item in data["lines"]],
        steps=[_step_type(s, currency) for s in data["steps"]],
        list_total=_m(data["list_total"], currency) or zero,
        net_total=_m(data["net_total"], currency) or zero,
        discount_total=_m(data["discount_total"], currency) or zero,
        total_discount_percent=_d(data["total_discount_percent"]),
        breaches=[_breach_type(b) for b in data["breaches"]],
        issues=[issue_type(e) for e in data["issues"]],
        cost=_m(data["cost_total"], currency),
        margin=_m(data["margin_amount"], currency),
        margin_pct=_d(data["margin_percent"]),
    )


