"""The memoised look-up (``look_up``: by line key, then by product) gives what the reference
``rules_for`` works out for each line on its own, refusals included (hypothesis).

Catalogs mix the quote's currency with another in every kind of rule (prices, floors,
costs, block prices, amount-off promotions), so lines refused for a product, for a block
or only in one role sit beside priced ones, and bundles bring INCLUDED options.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st
from pricing_bundles import COMPONENT_IDS, SERVER
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
    PricingRequest,
    Product,
    Promotion,
    QuoteLineInput,
    ScheduleBasis,
    Tier,
)
from pricing.attributes import AttributeValue
from pricing.configuration import Configuration, OptionSelection
from pricing.context import PricingContext
from pricing.line_rules import look_up, rules_for
from pricing.lines import expand_line
from pricing.money import PRICING_CONTEXT

IDS = ("p0", "p1", "p2", "p3")
ALL_IDS = (*IDS, "server", *COMPONENT_IDS)
TIERS = (Tier(1, 9, Decimal(0)), Tier(10, None, Decimal("7.5")))
currencies = st.sampled_from(("USD",) * 7 + ("EUR",))
amounts = st.integers(0, 90_000).map(lambda cents: Decimal(cents).scaleb(-2))


def money(draw: st.DrawFn) -> Money:
    return Money(draw(amounts), draw(currencies))


@st.composite
def requests(draw: st.DrawFn) -> PricingRequest:
    """A USD quote over a catalog where any rule may be in EUR, and lines of every role."""
    products = (
        *(
            Product(
                pid,
                pid.upper(),
                family=draw(st.sampled_from(("f0", "f1", None))),
                unit_costs=tuple(
                    Money(draw(amounts), currency)
                    for currency in draw(st.lists(currencies, unique=True, max_size=2))
                ),
            )
            for pid in IDS
        ),
        SERVER,
        *(Product(pid, pid.title(), family="parts") for pid in COMPONENT_IDS),
    )
    unpriced = draw(st.lists(st.sampled_from(ALL_IDS), unique=True, max_size=2))
    priced = [p for p in ALL_IDS if p not in unpriced]
    books = (
        PriceBook(
            "std", "Standard", tuple(PriceBookEntry(f"s-{p}", p, money(draw)) for p in priced)
        ),
        PriceBook(
            "smb",
            "SMB",
            tuple(
                PriceBookEntry(f"b-{p}", p, money(draw))
                for p in draw(st.lists(st.sampled_from(ALL_IDS), unique=True, max_size=3))
            ),
            segment="smb",
        ),
    )
    contracts = tuple(
        ContractedPrice(f"c-{p}", ACCOUNT.id, p, money(draw))
        for p in draw(st.lists(st.sampled_from(ALL_IDS), unique=True, max_size=2))
    )
    schedules = (
        DiscountSchedule("vol", "Volume", TIERS, family=draw(st.sampled_from(("f0", "parts")))),
        DiscountSchedule("term", "Term", TIERS, basis=ScheduleBasis.TERM_MONTHS, product_id="p1"),
    )
    blocks = tuple(
        BlockPrice(
            f"bl-{p}", "Seats", p, (Block(1, 10, m), Block(11, 40, Money(m.amount, m.currency)))
        )
        for p in draw(st.lists(st.sampled_from(IDS), unique=True, max_size=2))
        for m in (money(draw),)
    )
    promotions = tuple(
        Promotion(
            f"promo{n}",
            f"Promo {n}",
            draw(
                st.one_of(
                    st.just(PercentOff(Decimal(5))), st.builds(AmountOff, st.just(money(draw)))
                )
            ),
            stackable=draw(st.booleans()),
            **draw(st.sampled_from(({"product_id": "p0"}, {"family": "f1"}, {}))),
        )
        for n in range(draw(st.integers(0, 3)))
    )
    floors = tuple(
        FloorPrice(f"fl{n}-{p}", p, money(draw))
        for n, p in enumerate(draw(st.lists(st.sampled_from(ALL_IDS), max_size=3)))
    )
    server = Configuration(
        (OptionSelection("chassis-large"),), (AttributeValue("storage_tb", Decimal(2)),)
    )
    lines = tuple(
        QuoteLineInput(
            f"l{n}",
            product_id,
            draw(st.sampled_from((1, 5, 12, 40, 60))),
            configuration=server if product_id == "server" else None,
            term_months=draw(st.sampled_from((None, 12))),
        )
        for n, product_id in enumerate(
            draw(st.lists(st.sampled_from(IDS * 3 + ALL_IDS), max_size=12))
        )
    )
    return PricingRequest(
        "q",
        "USD",
        DAY,
        ACCOUNT,
        lines,
        products,
        books,
        contracts,
        schedules,
        blocks,
        promotions,
        GuardrailPolicy(floors),
    )


@settings(max_examples=300, deadline=None)
@given(requests())
def test_the_memoised_look_up_gives_each_line_what_the_reference_works_out(
    request: PricingRequest,
) -> None:
    shared = PricingContext(request)
    with localcontext(PRICING_CONTEXT):
        for line in request.lines:
            for spec in expand_line(line, shared.products, request.currency):
                if spec.errors or spec.product is None:
                    continue
                memoised = look_up(spec, spec.product, shared)
                reference = rules_for(spec, spec.product, PricingContext(request))
                assert memoised == reference
                assert repr(memoised) == repr(reference)  # the same digits too
