"""Bundles: options become child lines, scaled by the parent; included options cost nothing."""

from typing import Any

from pricing_bundles import COMPONENT_IDS, SERVER
from pricing_test_data import book, d, kinds, line, money, product, request, step_of

from pricing import (
    AttributeValue,
    Configuration,
    FloorPrice,
    GuardrailPolicy,
    OptionSelection,
    PercentOff,
    PricedQuote,
    QuoteLineInput,
    ReasonCode,
    StepKind,
    ViolationCode,
    price_quote,
)

PRICES = {
    "server": "1000",
    "chassis-l": "300",
    "chassis-s": "150",
    "ram16": "80",
    "ram32": "150",
    "os-license": "200",
    "support": "120",
    "backup": "90",
    "agent": "10",
    "agent-lic": "5",
}
PRODUCTS = [SERVER, *(product(pid, cost="1") for pid in COMPONENT_IDS)]


def server_line(
    *picks: str, storage: str = "2", quantity: int = 2, **fields: Any
) -> QuoteLineInput:
    configuration = Configuration(
        tuple(OptionSelection(p) for p in picks), (AttributeValue("storage_tb", d(storage)),)
    )
    return line("srv", "server", quantity, configuration=configuration, **fields)


def price(*lines: QuoteLineInput, **fields: Any) -> PricedQuote:
    return price_quote(request(lines, PRODUCTS, books=[book("std", PRICES)], **fields))


def test_bundle_options_are_priced_as_child_lines_scaled_by_the_parent() -> None:
    quote = price(server_line("chassis-large", "ram-16"))
    assert [(ln.line_id, ln.parent_line_id, ln.quantity) for ln in quote.lines] == [
        ("srv", None, 2),
        ("srv/chassis-large", "srv", 2),
        ("srv/ram-16", "srv", 4),  # default 2 per server
        ("srv/os", "srv", 1),  # REQUIRED, FIXED quantity
        ("srv/support", "srv", 2),  # INCLUDED
    ]
    assert quote.line("srv/ram-16").net_amount == money("320.00")
    assert quote.line("srv/os").net_amount == money("200.00")


def test_an_included_option_is_priced_at_zero_with_an_included_step() -> None:
    support = price(server_line("chassis-large")).line("srv/support")
    assert kinds(support) == [StepKind.LIST_PRICE, StepKind.BUNDLE_INCLUDED, StepKind.NET]
    step = step_of(support, StepKind.BUNDLE_INCLUDED)
    assert step.label == "Included in bundle"
    assert (step.rule_id, step.amount_delta) == ("support", d(-240))
    assert support.net_amount == money("0.00")


def test_an_included_option_gets_no_rep_discount_floor_or_quote_share() -> None:
    policy = GuardrailPolicy(
        floor_prices=(FloorPrice("f", "support", money("50")),), discount_authority_percent=d(5)
    )
    quote = price(server_line("chassis-large"), quote_discount=PercentOff(d(10)), guardrails=policy)
    support = quote.line("srv/support")
    assert support.breaches == () and support.net_amount == money("0.00")
    assert all(b.line_id != "srv/support" for b in quote.breaches)


def test_quote_totals_include_the_option_lines() -> None:
    quote = price(server_line("chassis-large"))
    # server 2000 + chassis 600 + OS 200 + support 240 list; support is free
    assert quote.list_total == money("3040.00")
    assert quote.net_total == money("2800.00")


def test_an_invalid_configuration_is_refused_with_every_violation_and_no_options() -> None:
    quote = price(server_line("chassis-small", "ram-32", "backup", storage="3"))
    assert [ln.line_id for ln in quote.lines] == ["srv"]
    bundle = quote.line("srv")
    assert [e.code for e in bundle.errors] == [ReasonCode.CONFIGURATION_INVALID]
    assert bundle.errors[0].message == "The configuration breaks 2 rules."
    assert bundle.configuration is not None
    assert {v.code for v in bundle.configuration.violations} == {
        ViolationCode.EXCLUDED_TOGETHER,
        ViolationCode.ATTRIBUTE_CONSTRAINT,
    }


def test_a_configurable_product_without_configuration_reports_missing_choices() -> None:
    configuration = price(line("srv", "server", 1)).line("srv").configuration
    assert configuration is not None
    assert {v.code for v in configuration.violations} == {
        ViolationCode.MISSING_ATTRIBUTE,
        ViolationCode.FEATURE_MIN_OPTIONS,
    }


def test_an_option_without_a_price_has_no_price_while_the_bundle_is_priced() -> None:
    prices = {k: v for k, v in PRICES.items() if k != "chassis-l"}
    quote = price_quote(
        request([server_line("chassis-large")], PRODUCTS, books=[book("std", prices)])
    )
    assert quote.line("srv").priced
    assert [e.code for e in quote.line("srv/chassis-large").errors] == [ReasonCode.NO_PRICE]
