"""The whole waterfall, quote totals and the line input checks, computed by hand."""

from typing import Any

from pricing_test_data import book, d, kinds, line, money, product, request

from pricing import (
    AmountOff,
    DiscountSchedule,
    PercentOff,
    PricedQuote,
    Promotion,
    ReasonCode,
    ScheduleBasis,
    StepKind,
    Tier,
    price_quote,
)

STD = book("std", {"p": "100", "free": "10"}, name="Standard")
SMB = book("smb", {"p": "95"}, name="SMB", segment="smb")
VOLUME = DiscountSchedule(
    "vol", "Volume tier", (Tier(1, 9, d(0)), Tier(10, None, d(10))), product_id="p"
)
TERM = DiscountSchedule(
    "term", "Annual term", (Tier(12, None, d(5)),), basis=ScheduleBasis.TERM_MONTHS, family="saas"
)
PROMO = Promotion("promo", "Spring", PercentOff(d(2)))


def full_quote(**fields: Any) -> PricedQuote:
    return price_quote(
        request(
            [line("l1", "p", 10, term_months=12, discount=PercentOff(d("3.5")))],
            [product("p", family="saas", cost="40")],
            books=[STD, SMB],
            discount_schedules=(VOLUME, TERM),
            promotions=(PROMO,),
            quote_discount=PercentOff(d(1)),
            **fields,
        )
    )


def test_the_waterfall_runs_in_order_and_every_step_names_its_rule() -> None:
    priced = full_quote().line("l1")
    rows = [(s.kind, s.rule_id, s.amount_delta, s.amount_after) for s in priced.steps]
    assert rows == [
        (StepKind.LIST_PRICE, "std-p", d(0), d(1000)),
        (StepKind.SEGMENT_PRICE, "smb-p", d(-50), d(950)),
        (StepKind.VOLUME_TIER, "vol", d(-95), d(855)),
        (StepKind.TERM_DISCOUNT, "term", d("-42.75"), d("812.25")),
        (StepKind.PROMOTION, "promo", d("-16.245"), d("796.005")),
        (StepKind.LINE_DISCOUNT, None, d("-27.860175"), d("768.144825")),
        (StepKind.ROUNDING, None, d("-0.004825"), d("768.14")),
        (StepKind.QUOTE_DISCOUNT, None, d("-7.68"), d("760.46")),  # 1 % of 768.14, rounded
        (StepKind.NET, None, d(0), d("760.46")),
    ]
    assert [s.label for s in priced.steps] == [
        "List price (Standard)",
        "SMB price",
        "Volume tier 10+ units: 10% off",
        "Annual term 12+ months: 5% off",
        "Promotion Spring: 2% off",
        "Rep discount: 3.5% off",
        "Rounded to USD minor units",
        "Quote discount: 1% off (pro rata share)",
        "Net price",
    ]
    assert [s.unit_price_after for s in priced.steps][:6] == [
        d(100),
        d(95),
        d("85.5"),
        d("81.225"),
        d("79.6005"),
        d("76.8144825"),
    ]


def test_line_figures_discount_and_cost_based_margin() -> None:
    priced = full_quote().line("l1")
    assert priced.list_amount == money("1000.00")
    assert priced.net_amount == money("760.46") and priced.net_unit_price == d("76.046")
    assert priced.discount_percent == d("23.9540")
    assert priced.cost_amount == money("400.00")
    assert priced.margin_amount == money("360.46")
    assert priced.margin_percent == d("47.4003")  # 360.46 / 760.46 = 0.474002…


def test_quote_totals_are_sums_of_rounded_lines_and_its_waterfall_adds_up() -> None:
    quote = price_quote(
        request(
            [line("l1", "p", 3, discount=PercentOff(d("12.5"))), line("l2", "p", 1)],
            [product("p", cost="30")],
            books=[STD],
            quote_discount=PercentOff(d(10)),
        )
    )
    # l1: 300 × 0.875 = 262.50; l2: 100. Quote discount 36.25 → 26.25 and 10.00.
    assert [line.net_amount for line in quote.lines] == [money("236.25"), money("90.00")]
    assert (quote.list_total, quote.net_total) == (money("400.00"), money("326.25"))
    assert quote.discount_total == money("73.75")
    assert quote.total_discount_percent == d("18.4375")
    assert (quote.cost_total, quote.margin_amount) == (money("120.00"), money("206.25"))
    assert [s.kind for s in quote.steps] == [
        StepKind.LIST_PRICE,
        StepKind.LINE_DISCOUNT,
        StepKind.QUOTE_DISCOUNT,
        StepKind.NET,
    ]
    assert [s.amount_delta for s in quote.steps] == [d(0), d("-37.5"), d("-36.25"), d(0)]
    assert quote.steps[-1].amount_after == quote.net_total.amount
    assert quote.steps[2].label == "Quote discount (2 lines)" and quote.steps[2].quote_level


def test_quote_margin_is_unknown_when_a_line_has_no_cost() -> None:
    quote = price_quote(
        request(
            [line("l1", "p"), line("l2", "free")],
            [product("p", cost="30"), product("free")],
            books=[STD],
        )
    )
    assert quote.line("l1").margin_percent == d(70)
    assert quote.line("l2").margin_percent is None
    assert quote.margin_percent is None and quote.cost_total is None


def test_a_line_reports_every_input_problem_at_once() -> None:
    quote = price_quote(
        request(
            [line("l1", "ghost", 0, term_months=-1, currency="EUR", discount=PercentOff(d(-1)))],
            [],
            books=[STD],
        )
    )
    errors = quote.line("l1").errors
    assert [(e.code, e.field) for e in errors] == [
        (ReasonCode.UNKNOWN_PRODUCT, ("productId",)),
        (ReasonCode.INVALID_QUANTITY, ("quantity",)),
        (ReasonCode.INVALID_TERM, ("termMonths",)),
        (ReasonCode.CURRENCY_MISMATCH, ("currency",)),
        (ReasonCode.INVALID_DISCOUNT, ("discount",)),
    ]
    assert quote.errors == errors and quote.net_total == money("0")


def test_a_line_discount_of_an_amount_is_per_unit() -> None:
    priced = price_quote(
        request(
            [line("l1", "p", 4, discount=AmountOff(money("2.50")))], [product("p")], books=[STD]
        )
    ).line("l1")
    assert kinds(priced) == [StepKind.LIST_PRICE, StepKind.LINE_DISCOUNT, StepKind.NET]
    assert priced.net_amount == money("390.00")
    assert priced.steps[1].label == "Rep discount: 2.50 USD off"


def test_pricing_the_same_request_twice_gives_the_same_result() -> None:
    assert full_quote() == full_quote()


def test_an_absurd_quantity_or_quote_discount_is_refused_not_raised() -> None:
    quote = price_quote(
        request(
            [line("l1", "p", 10**30), line("l2", "p")],
            [product("p")],
            books=[STD],
            quote_discount=AmountOff(money("1e70")),
        )
    )
    assert [(e.code, e.line_id) for e in quote.errors] == [
        (ReasonCode.INVALID_DISCOUNT, None),
        (ReasonCode.INVALID_QUANTITY, "l1"),
    ]
    assert quote.net_total == money("100.00")
