"""Invariants of the engine, over generated quotes (hypothesis).

* net ≤ list, unless a step says it raises the price;
* a line's step deltas add up exactly to its net minus its list amount;
* pricing is deterministic and does not depend on line order;
* changing one line reprices no other line, except through quote-level steps;
* the quote's net is the sum of its lines' nets.
"""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st
from pricing_test_data import ACCOUNT, DAY

from pricing import (
    AmountOff,
    Block,
    BlockPrice,
    ContractedPrice,
    DiscountSchedule,
    FloorPrice,
    GuardrailPolicy,
    Money,
    PercentOff,
    PriceBook,
    PriceBookEntry,
    PricedLine,
    PricedQuote,
    PricingRequest,
    Product,
    Promotion,
    QuoteLineInput,
    ScheduleBasis,
    StepKind,
    Tier,
    TierMethod,
    WaterfallStep,
    allocate_largest_remainder,
    price_quote,
)

DISCOUNT_KINDS = {
    StepKind.VOLUME_TIER,
    StepKind.TERM_DISCOUNT,
    StepKind.PROMOTION,
    StepKind.BUNDLE_INCLUDED,
    StepKind.LINE_DISCOUNT,
    StepKind.QUOTE_DISCOUNT,
}
FAMILIES = ("f0", "f1", None)
PROPERTY_SETTINGS = settings(max_examples=120, deadline=None)


def amounts(top: int = 2000, places: int = 4) -> st.SearchStrategy[Decimal]:
    """Non-negative Decimals with up to ``places`` decimals (exact, no binary fractions)."""
    return st.builds(
        lambda units, scale: Decimal(units).scaleb(-scale),
        st.integers(0, top * 10**places),
        st.integers(0, places),
    )


percents = st.builds(lambda n: Decimal(n).scaleb(-2), st.integers(0, 10_000))


@st.composite
def tiers(draw: st.DrawFn) -> tuple[Tier, ...]:
    bounds = sorted(draw(st.sets(st.integers(2, 200), max_size=3)))
    starts = [1, *bounds]
    return tuple(
        Tier(start, (starts[i + 1] - 1) if i + 1 < len(starts) else None, draw(percents))
        for i, start in enumerate(starts)
    )


@st.composite
def pricing_requests(draw: st.DrawFn, quote_level_rules: bool = True) -> PricingRequest:
    currency = draw(st.sampled_from(("USD", "JPY", "BHD")))

    def money(value: Decimal) -> Money:
        return Money(value, currency)

    count = draw(st.integers(1, 5))
    products = tuple(
        Product(
            f"p{i}",
            f"P{i}",
            family=draw(st.sampled_from(FAMILIES)),
            unit_costs=draw(st.one_of(st.just(()), amounts(500).map(lambda c: (money(c),)))),
        )
        for i in range(count)
    )
    ids = [p.id for p in products]
    priced_ids = draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
    books = [
        PriceBook(
            "std",
            "Standard",
            tuple(PriceBookEntry(f"std-{pid}", pid, money(draw(amounts()))) for pid in priced_ids),
        )
    ]
    if draw(st.booleans()):
        books.append(
            PriceBook(
                "smb",
                "SMB",
                tuple(
                    PriceBookEntry(f"smb-{pid}", pid, money(draw(amounts())))
                    for pid in draw(st.lists(st.sampled_from(ids), unique=True))
                ),
                segment="smb",
            )
        )
    contracts = tuple(
        ContractedPrice(f"c-{pid}", ACCOUNT.id, pid, money(draw(amounts())))
        for pid in draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
    )
    schedules = []
    for n, pid in enumerate(draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))):
        method = draw(st.sampled_from(TierMethod))
        schedules.append(
            DiscountSchedule(f"s{n}", "Volume", draw(tiers()), method=method, product_id=pid)
        )
    if quote_level_rules and draw(st.booleans()):
        schedules.append(
            DiscountSchedule(
                "fam", "Family", draw(tiers()), family="f0", aggregate_across_quote=True
            )
        )
    if draw(st.booleans()):
        schedules.append(
            DiscountSchedule("term", "Term", draw(tiers()), basis=ScheduleBasis.TERM_MONTHS)
        )
    blocks = tuple(
        BlockPrice(
            f"b-{pid}",
            "Block",
            pid,
            (
                Block(1, 10, money(draw(amounts(5000)))),
                Block(11, None, money(draw(amounts(20000)))),
            ),
        )
        for pid in draw(st.lists(st.sampled_from(ids), unique=True, max_size=1))
    )
    promotions = tuple(
        Promotion(
            f"promo{n}",
            f"Promo {n}",
            draw(
                st.one_of(percents.map(PercentOff), amounts(50).map(lambda a: AmountOff(money(a))))
            ),
            priority=draw(st.integers(1, 5)),
            stackable=draw(st.booleans()),
            product_id=draw(st.one_of(st.none(), st.sampled_from(ids))),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    floors = tuple(
        FloorPrice(f"fl-{pid}", pid, money(draw(amounts(500))))
        for pid in draw(st.lists(st.sampled_from(ids), unique=True, max_size=2))
    )
    lines = tuple(
        QuoteLineInput(
            f"l{n}",
            draw(st.sampled_from(ids)),
            draw(st.integers(1, 300)),
            discount=draw(
                st.one_of(
                    st.none(),
                    percents.map(PercentOff),
                    amounts(100).map(lambda a: AmountOff(money(a))),
                )
            ),
            term_months=draw(st.one_of(st.none(), st.integers(1, 60))),
        )
        for n in range(draw(st.integers(1, 8)))
    )
    quote_discount = None
    if quote_level_rules:
        quote_discount = draw(
            st.one_of(
                st.none(),
                percents.map(PercentOff),
                amounts(500, 2).map(lambda a: AmountOff(money(a))),
            )
        )
    return PricingRequest(
        "q",
        currency,
        DAY,
        ACCOUNT,
        lines,
        products,
        tuple(books),
        contracts,
        tuple(schedules),
        blocks,
        promotions,
        GuardrailPolicy(
            floors, draw(st.one_of(st.none(), percents)), draw(st.one_of(st.none(), percents))
        ),
        quote_discount,
    )


def by_id(quote: PricedQuote) -> dict[str, PricedLine]:
    return {line.line_id: line for line in quote.lines}


def first_quote_level_step(steps: tuple[WaterfallStep, ...]) -> int:
    return next((i for i, step in enumerate(steps) if step.quote_level), len(steps))


def amount(money: Money | None) -> Decimal:
    assert money is not None, "a priced line has its amounts"
    return money.amount


@PROPERTY_SETTINGS
@given(pricing_requests())
def test_net_never_exceeds_list_unless_a_step_says_it_raises_the_price(
    request: PricingRequest,
) -> None:
    for line in price_quote(request).lines:
        if not line.priced:
            continue
        assert all(s.amount_delta <= 0 for s in line.steps if s.kind in DISCOUNT_KINDS)
        if not any(step.raises_price for step in line.steps):
            assert amount(line.net_amount) <= amount(line.list_amount)


@PROPERTY_SETTINGS
@given(pricing_requests())
def test_step_deltas_add_up_exactly_to_net_minus_list(request: PricingRequest) -> None:
    quote = price_quote(request)
    with localcontext() as exact:
        exact.prec = 200  # the test's own sums must not round either
        for line in quote.lines:
            if not line.priced:
                continue
            running = line.steps[0].amount_after
            for step in line.steps[1:]:
                running += step.amount_delta
                assert step.amount_after == running
            assert line.steps[-1].kind is StepKind.NET
            assert amount(line.net_amount) == running
            assert sum(s.amount_delta for s in line.steps) == running - line.steps[0].amount_after
        assert quote.steps[-1].amount_after == quote.net_total.amount
        assert sum(amount(line.net_amount) for line in quote.lines if line.priced) == (
            quote.net_total.amount
        )


@PROPERTY_SETTINGS
@given(pricing_requests(), st.randoms(use_true_random=False))
def test_pricing_is_deterministic_and_independent_of_line_order(
    request: PricingRequest, rng: random.Random
) -> None:
    first = price_quote(request)
    assert price_quote(request) == first
    shuffled_lines = list(request.lines)
    rng.shuffle(shuffled_lines)
    shuffled = price_quote(dataclasses.replace(request, lines=tuple(shuffled_lines)))
    assert by_id(shuffled) == by_id(first)
    assert (shuffled.net_total, shuffled.list_total, shuffled.steps, shuffled.margin_percent) == (
        first.net_total,
        first.list_total,
        first.steps,
        first.margin_percent,
    )
    assert sorted(map(repr, shuffled.breaches)) == sorted(map(repr, first.breaches))


@PROPERTY_SETTINGS
@given(pricing_requests(), st.data())
def test_changing_one_line_reprices_no_other_line_except_through_quote_level_steps(
    request: PricingRequest, data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(request.lines) - 1))
    changed = dataclasses.replace(
        request.lines[index],
        quantity=data.draw(st.integers(1, 300)),
        discount=data.draw(st.one_of(st.none(), percents.map(PercentOff))),
    )
    lines = list(request.lines)
    lines[index] = changed
    before = by_id(price_quote(request))
    after = by_id(price_quote(dataclasses.replace(request, lines=tuple(lines))))
    for line_id, old in before.items():
        if line_id == changed.id:
            continue
        new = after[line_id]
        if not any(s.quote_level for s in (*old.steps, *new.steps)):
            assert new == old
            continue
        cut = min(first_quote_level_step(old.steps), first_quote_level_step(new.steps))
        assert new.steps[:cut] == old.steps[:cut]


@PROPERTY_SETTINGS
@given(pricing_requests(quote_level_rules=False), st.data())
def test_without_quote_level_rules_a_line_prices_the_same_alone(
    request: PricingRequest, data: st.DataObject
) -> None:
    quote = price_quote(request)
    chosen = data.draw(st.sampled_from(request.lines))
    alone = price_quote(dataclasses.replace(request, lines=(chosen,)))
    assert alone.lines[0] == quote.line(chosen.id)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12), st.data())
def test_largest_remainder_shares_add_up_exactly_and_stay_within_weights(
    cents: list[int], data: st.DataObject
) -> None:
    weights = [(f"k{i}", Decimal(c).scaleb(-2)) for i, c in enumerate(cents)]
    total = Decimal(data.draw(st.integers(0, sum(cents)))).scaleb(-2)
    shares = allocate_largest_remainder(total, weights, Decimal("0.01"))
    assert sum(shares.values()) == total
    assert all(Decimal(0) <= shares[key] <= weight for key, weight in weights)
