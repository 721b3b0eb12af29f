"""Tier schedules (all-units, graduated, term), quote-wide tiers, and block prices."""

from datetime import date
from typing import Any

import pytest
from pricing_test_data import book, d, kinds, line, money, product, request, step_of

from pricing import (
    Block,
    BlockPrice,
    DiscountSchedule,
    Money,
    PricedQuote,
    QuoteLineInput,
    ReasonCode,
    ScheduleBasis,
    StepKind,
    Tier,
    TierMethod,
    price_quote,
)

BOOK = book("std", {"p": "100", "q": "100", "b": "250"})
PRODUCTS = [product("p", family="saas"), product("q", family="saas"), product("b")]
VOLUME = (Tier(1, 9, d(0)), Tier(10, 99, d(5)), Tier(100, None, d(12)))
SLABS = (Tier(1, 10, d(0)), Tier(11, 20, d(10)), Tier(21, None, d(20)))
USERS = BlockPrice("blk", "Users", "b", (Block(1, 10, money("1000")), Block(11, 50, money("4000"))))


def price(*lines: QuoteLineInput, **fields: Any) -> PricedQuote:
    return price_quote(request(lines, PRODUCTS, books=[BOOK], **fields))


def test_all_units_tier_reprices_every_unit_at_the_reached_tier() -> None:
    schedule = DiscountSchedule("vol", "Volume tier", VOLUME, product_id="p")
    result = price(line("l1", "p", 150), discount_schedules=(schedule,)).line("l1")
    tier = step_of(result, StepKind.VOLUME_TIER)
    assert (tier.label, tier.rule_id) == ("Volume tier 100+ units: 12% off", "vol")
    assert tier.amount_delta == d(-1800)
    assert result.net_amount == money("13200.00") and result.net_unit_price == d(88)
    below = price(line("l1", "p", 99), discount_schedules=(schedule,)).line("l1")
    assert below.net_amount == money("9405.00")  # 99 × 95


def test_graduated_tiers_price_each_unit_at_its_own_slab() -> None:
    schedule = DiscountSchedule(
        "slab", "Graduated", SLABS, method=TierMethod.GRADUATED, product_id="p"
    )
    result = price(line("l1", "p", 25), discount_schedules=(schedule,)).line("l1")
    # 10 × 100 + 10 × 90 + 5 × 80
    assert result.net_amount == money("2300.00")
    assert step_of(result, StepKind.VOLUME_TIER).label == (
        "Graduated: 10 units at 0% off, 10 units at 10% off, 5 units at 20% off"
    )


def test_a_quantity_below_every_discounted_tier_adds_no_step() -> None:
    schedule = DiscountSchedule("vol", "Volume tier", VOLUME, product_id="p")
    result = price(line("l1", "p", 9), discount_schedules=(schedule,)).line("l1")
    assert kinds(result) == [StepKind.LIST_PRICE, StepKind.NET]


def test_a_product_schedule_wins_over_a_family_schedule() -> None:
    family = DiscountSchedule("fam", "Family", (Tier(1, None, d(50)),), family="saas")
    own = DiscountSchedule("own", "Own", (Tier(1, None, d(10)),), product_id="p")
    quote = price(line("l1", "p", 1), line("l2", "q", 1), discount_schedules=(family, own))
    assert step_of(quote.line("l1"), StepKind.VOLUME_TIER).rule_id == "own"
    assert step_of(quote.line("l2"), StepKind.VOLUME_TIER).rule_id == "fam"


def test_term_schedule_discounts_by_months() -> None:
    term = DiscountSchedule(
        "term",
        "Term",
        (Tier(1, 11, d(0)), Tier(12, 35, d(4)), Tier(36, None, d(9))),
        basis=ScheduleBasis.TERM_MONTHS,
    )
    result = price(line("l1", "p", 2, term_months=36), discount_schedules=(term,)).line("l1")
    step = step_of(result, StepKind.TERM_DISCOUNT)
    assert step.label == "Term 36+ months: 9% off" and step.amount_delta == d(-18)
    no_term = price(line("l1", "p", 2), discount_schedules=(term,)).line("l1")
    assert kinds(no_term) == [StepKind.LIST_PRICE, StepKind.NET]


def test_quote_wide_tier_counts_every_line_of_the_family_and_says_so() -> None:
    shared = DiscountSchedule(
        "fam",
        "Family volume",
        (Tier(1, 9, d(0)), Tier(10, None, d(10))),
        family="saas",
        aggregate_across_quote=True,
    )
    quote = price(line("l1", "p", 6), line("l2", "q", 5), discount_schedules=(shared,))
    for line_id in ("l1", "l2"):
        step = step_of(quote.line(line_id), StepKind.VOLUME_TIER)
        assert step.quote_level
        assert step.label == "Family volume 10+ units: 10% off (11 units on the quote)"
    alone = price(line("l1", "p", 6), discount_schedules=(shared,)).line("l1")
    assert kinds(alone) == [StepKind.LIST_PRICE, StepKind.NET]


def test_a_schedule_outside_its_dates_does_not_apply() -> None:
    later = DiscountSchedule("vol", "Volume", VOLUME, product_id="p", valid_from=date(2026, 1, 1))
    result = price(line("l1", "p", 150), discount_schedules=(later,)).line("l1")
    assert kinds(result) == [StepKind.LIST_PRICE, StepKind.NET]


def test_block_price_is_a_flat_price_for_the_band_of_quantity() -> None:
    five = price(line("l1", "b", 5), block_prices=(USERS,)).line("l1")
    block = step_of(five, StepKind.BLOCK_PRICE)
    assert block.label == "Users 1–10 units: 1000.00 USD flat"
    assert (block.amount_after, block.amount_delta) == (d(1000), d(-250))
    thirty = price(line("l1", "b", 30), block_prices=(USERS,)).line("l1")
    assert thirty.net_amount == money("4000.00")


def test_a_block_above_the_list_price_says_it_raises_the_price() -> None:
    result = price(line("l1", "b", 2), block_prices=(USERS,)).line("l1")
    block = step_of(result, StepKind.BLOCK_PRICE)
    assert block.raises_price and block.amount_delta == d(500)  # 2 × 250 → 1000


def test_a_block_priced_line_skips_volume_tiers() -> None:
    schedule = DiscountSchedule("vol", "Volume", VOLUME)
    result = price(line("l1", "b", 30), block_prices=(USERS,), discount_schedules=(schedule,)).line(
        "l1"
    )
    assert StepKind.VOLUME_TIER not in kinds(result)


def test_a_quantity_above_every_block_has_no_price() -> None:
    result = price(line("l1", "b", 60), block_prices=(USERS,)).line("l1")
    assert [(e.code, e.rule_id) for e in result.errors] == [(ReasonCode.NO_PRICE, "blk")]


def test_a_block_price_in_another_currency_is_a_mismatch() -> None:
    euro = BlockPrice("blk-eur", "Users", "b", (Block(1, None, Money(d(900), "EUR")),))
    result = price(line("l1", "b", 5), block_prices=(euro,)).line("l1")
    assert [e.code for e in result.errors] == [ReasonCode.CURRENCY_MISMATCH]


def test_the_quote_currencys_block_price_wins_over_another_currencys() -> None:
    # "a-eur" sorts before "blk": without the currency preference the euro blocks would win.
    euro = BlockPrice("a-eur", "Users", "b", (Block(1, None, Money(d(900), "EUR")),))
    result = price(line("l1", "b", 5), block_prices=(euro, USERS)).line("l1")
    assert result.errors == () and result.net_amount == money("1000.00")


@pytest.mark.parametrize(
    "tiers",
    [
        (Tier(1, 9, d(0)), Tier(11, None, d(5))),  # gap
        (Tier(1, None, d(0)), Tier(10, None, d(5))),  # open band not last
        (Tier(0, 9, d(0)),),  # starts below 1
        (Tier(1, None, d(101)),),  # more than 100 %
    ],
)
def test_a_malformed_schedule_is_refused_at_construction(tiers: tuple[Tier, ...]) -> None:
    with pytest.raises(ValueError):
        DiscountSchedule("bad", "Bad", tiers)


def test_graduated_tiers_cannot_aggregate_across_the_quote() -> None:
    with pytest.raises(ValueError):
        DiscountSchedule(
            "bad", "Bad", SLABS, method=TierMethod.GRADUATED, aggregate_across_quote=True
        )
