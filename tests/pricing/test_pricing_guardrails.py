"""Guardrails: floor price, the rep's discount authority, minimum margin — reported, not refused."""

from typing import Any

from pricing_test_data import book, d, line, money, product, request

from pricing import (
    BreachCode,
    FloorPrice,
    GuardrailPolicy,
    Money,
    PercentOff,
    PricedQuote,
    QuoteLineInput,
    ReasonCode,
    price_quote,
)

STD = book("std", {"p": "100", "q": "100"})
PRODUCTS = [product("p", cost="60"), product("q", cost="60")]


def quote_with(policy: GuardrailPolicy, *lines: QuoteLineInput, **fields: Any) -> PricedQuote:
    return price_quote(
        request(
            lines or [line("l1", "p", 2, discount=PercentOff(d(25)))],
            PRODUCTS,
            books=[STD],
            guardrails=policy,
            **fields,
        )
    )


def test_a_net_unit_price_below_the_floor_is_a_breach_naming_the_floor() -> None:
    quote = quote_with(GuardrailPolicy(floor_prices=(FloorPrice("fl-p", "p", money("80")),)))
    [breach] = quote.breaches
    assert (breach.code, breach.line_id, breach.rule_id) == (BreachCode.BELOW_FLOOR, "l1", "fl-p")
    assert (breach.threshold, breach.actual) == (d(80), d(75))
    assert breach.message == "Line l1: net unit price 75.00 USD is below the floor of 80.00 USD."
    assert quote.line("l1").breaches == (breach,)
    assert quote.line("l1").priced  # a breach drives approval; it does not stop pricing


def test_a_net_price_at_the_floor_is_no_breach() -> None:
    policy = GuardrailPolicy(floor_prices=(FloorPrice("f", "p", money("75")),))
    assert quote_with(policy).breaches == ()


def test_a_floor_only_in_another_currency_is_a_mismatch_rather_than_ignored() -> None:
    euro_floor = FloorPrice("f-eur", "p", Money(d(70), "EUR"))
    quote = quote_with(GuardrailPolicy(floor_prices=(euro_floor,)))
    assert [(e.code, e.rule_id) for e in quote.errors] == [(ReasonCode.CURRENCY_MISMATCH, "f-eur")]


def test_discretionary_discount_above_authority_is_a_breach_on_line_and_quote() -> None:
    quote = quote_with(GuardrailPolicy(discount_authority_percent=d(20)))
    assert [(b.code, b.line_id, b.actual) for b in quote.breaches] == [
        (BreachCode.DISCOUNT_ABOVE_AUTHORITY, "l1", d(25)),
        (BreachCode.DISCOUNT_ABOVE_AUTHORITY, None, d(25)),
    ]
    assert quote.breaches[1].message == (
        "The quote: discretionary discount 25% is above the rep's authority of 20%."
    )


def test_authority_counts_the_line_and_the_quote_discount_together() -> None:
    # 10 % on the line, then 10 % of the quote: 200 → 180 → 162, i.e. 19 % off 200.
    quote = quote_with(
        GuardrailPolicy(discount_authority_percent=d(15)),
        line("l1", "p", 2, discount=PercentOff(d(10))),
        quote_discount=PercentOff(d(10)),
    )
    assert [(b.line_id, b.actual) for b in quote.breaches] == [("l1", d(19)), (None, d(19))]


def test_quote_level_authority_is_measured_on_the_quote_totals() -> None:
    quote = quote_with(
        GuardrailPolicy(discount_authority_percent=d(15)),
        line("l1", "p", 1, discount=PercentOff(d(20))),
        line("l2", "q", 1),
    )
    assert [(b.line_id, b.actual) for b in quote.breaches] == [("l1", d(20))]  # quote: 10 %


def test_margin_below_the_minimum_is_a_breach_on_line_and_quote() -> None:
    quote = quote_with(GuardrailPolicy(min_margin_percent=d(25)))
    # net 150, cost 120: margin 20 %
    assert [(b.code, b.line_id, b.threshold, b.actual) for b in quote.breaches] == [
        (BreachCode.MARGIN_BELOW_MINIMUM, "l1", d(25), d(20)),
        (BreachCode.MARGIN_BELOW_MINIMUM, None, d(25), d(20)),
    ]


def test_within_every_guardrail_there_is_no_breach() -> None:
    policy = GuardrailPolicy((FloorPrice("f", "p", money("50")),), d(30), d(10))
    assert quote_with(policy).breaches == ()
