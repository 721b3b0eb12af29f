"""The quote discount: computed once, allocated pro rata, line nets add up to the quote net."""

from decimal import Decimal
from typing import Any

from pricing_test_data import book, d, line, money, product, request, step_of

from pricing import (
    Adjustment,
    AmountOff,
    Money,
    PercentOff,
    PricedQuote,
    QuoteLineInput,
    ReasonCode,
    StepKind,
    allocate_largest_remainder,
    price_quote,
)

BOOK = book("std", {"a": "33.33", "b": "33.33", "c": "33.33", "big": "100", "mid": "66.67"})
PRODUCTS = [product(pid) for pid in ("a", "b", "c", "big", "mid")]


def quote_of(*lines: QuoteLineInput, discount: Adjustment, **fields: Any) -> PricedQuote:
    return price_quote(request(lines, PRODUCTS, books=[BOOK], quote_discount=discount, **fields))


def test_largest_remainder_gives_leftover_cents_to_the_largest_remainders() -> None:
    shares = allocate_largest_remainder(
        d("1.00"), [("a", d("10.00")), ("b", d("20.00")), ("c", d("30.00"))], d("0.01")
    )
    # raw 16.67, 33.33, 50.00 cents: the leftover cent goes to a (remainder .67)
    assert shares == {"a": d("0.17"), "b": d("0.33"), "c": d("0.50")}


def test_largest_remainder_breaks_ties_by_key_not_by_position() -> None:
    weights = [("z", d(1)), ("a", d(1)), ("m", d(1))]
    shares = allocate_largest_remainder(d(2), weights, d(1))
    assert shares == {"a": d(1), "m": d(1), "z": d(0)}
    assert allocate_largest_remainder(d(2), list(reversed(weights)), d(1)) == shares


def test_quote_percentage_discount_is_allocated_so_line_nets_sum_to_the_quote_net() -> None:
    quote = quote_of(line("l1", "a"), line("l2", "b"), line("l3", "c"), discount=PercentOff(d(10)))
    # 10 % of 99.99 = 9.999 → 10.00; 3 × 3.33 = 9.99, the last cent to l1 (tie, lowest id)
    shares = [
        -step_of(quote.line(i), StepKind.QUOTE_DISCOUNT).amount_delta for i in ("l1", "l2", "l3")
    ]
    assert shares == [d("3.34"), d("3.33"), d("3.33")]
    assert quote.net_total == money("89.99")
    assert sum(line.net_amount.amount for line in quote.lines if line.net_amount) == d("89.99")


def test_quote_amount_discount_is_shared_pro_rata_to_line_nets() -> None:
    quote = quote_of(line("l1", "big"), line("l2", "mid"), discount=AmountOff(money("25")))
    assert quote.line("l1").net_amount == money("85.00")  # 25 × 100 / 166.67 = 14.9997 → 15.00
    assert quote.line("l2").net_amount == money("56.67")  # 10.00
    assert quote.net_total == money("141.67")


def test_quote_discount_steps_say_they_are_quote_level() -> None:
    quote = quote_of(line("l1", "big"), discount=PercentOff(d(5)))
    step = step_of(quote.line("l1"), StepKind.QUOTE_DISCOUNT)
    assert step.quote_level and step.label == "Quote discount: 5% off (pro rata share)"


def test_a_quote_discount_above_the_quote_net_is_refused() -> None:
    quote = quote_of(line("l1", "big"), discount=AmountOff(money("100.01")))
    assert [(e.code, e.line_id) for e in quote.errors] == [(ReasonCode.INVALID_DISCOUNT, None)]
    assert quote.net_total == money("100.00")  # not applied


def test_a_quote_discount_in_another_currency_is_a_mismatch() -> None:
    quote = quote_of(line("l1", "big"), discount=AmountOff(Money(d(5), "EUR")))
    assert [e.code for e in quote.errors] == [ReasonCode.CURRENCY_MISMATCH]


def test_a_percentage_over_100_is_an_invalid_discount_on_quote_and_line() -> None:
    quote = quote_of(line("l1", "big", discount=PercentOff(d(120))), discount=PercentOff(d(101)))
    assert [(e.code, e.line_id) for e in quote.errors] == [
        (ReasonCode.INVALID_DISCOUNT, None),
        (ReasonCode.INVALID_DISCOUNT, "l1"),
    ]


def test_quote_discount_in_yen_allocates_whole_yen() -> None:
    yen = book("jpy", {"a": "1000", "b": "1000", "c": "1000"}, currency="JPY")
    quote = price_quote(
        request(
            [line("l1", "a"), line("l2", "b"), line("l3", "c")],
            PRODUCTS,
            books=[yen],
            currency="JPY",
            quote_discount=AmountOff(Money(d(100), "JPY")),
        )
    )
    nets = [line.net_amount.amount for line in quote.lines if line.net_amount is not None]
    assert nets == [d(966), d(967), d(967)]
    assert sum(nets) == quote.net_total.amount == d(2900)


def test_a_nan_discount_is_invalid_rather_than_an_exception() -> None:
    quote = quote_of(
        line("l1", "big", discount=PercentOff(Decimal("NaN"))),
        discount=AmountOff(Money(Decimal("NaN"), "USD")),
    )
    assert [e.code for e in quote.errors] == [ReasonCode.INVALID_DISCOUNT] * 2
