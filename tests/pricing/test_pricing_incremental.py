"""Incremental repricing gives exactly the full price, after any sequence of edits.

A hypothesis state machine edits a quote (add, remove, move and change lines,
rebuild them as equal copies, change the quote discount or the catalog) and after
every step checks ``reprice(state, request)`` against ``price_quote(request)``:
equal, and the same text (so every Decimal has the same digits). Repricing from an
older state, or from another quote's, must give it too. Example tests then check
that an edit really is incremental: untouched lines come back as the same objects.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal, localcontext

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from pricing_bundles import COMPONENT_IDS, SERVER
from pricing_test_data import ACCOUNT, DAY, d, money

from pricing import AmountOff, PercentOff, PricingRequest, Product, Promotion, price_quote, totals
from pricing.attributes import AttributeValue
from pricing.configuration import Configuration, OptionSelection
from pricing.finishing import FinishedLine
from pricing.guardrails import FloorPrice, GuardrailPolicy
from pricing.incremental import PricingState, price_with_state, reprice
from pricing.money import PRICING_CONTEXT, ZERO
from pricing.price_books import ContractedPrice, PriceBook, PriceBookEntry
from pricing.request import QuoteLineInput
from pricing.tiers import Block, BlockPrice, DiscountSchedule, ScheduleBasis, Tier, TierMethod
from pricing.totals import replace_term

PRODUCT_IDS = tuple(f"p{i}" for i in range(8))
TIERS = (Tier(1, 9, d(0)), Tier(10, 49, d("5")), Tier(50, None, d("12.5")))


def catalog(quote_discount: PercentOff | AmountOff | None = None) -> PricingRequest:
    """A quote without lines over every kind of rule, quote-level ones included."""
    products = (
        *(
            Product(pid, pid.upper(), family=f"f{i % 3}", unit_costs=(money(f"{10 + i}.25"),))
            for i, pid in enumerate(PRODUCT_IDS)
        ),
        SERVER,
        *(Product(pid, pid.title(), unit_costs=(money("1"),)) for pid in COMPONENT_IDS),
    )
    prices = {pid: f"{40 + 7 * i}.{i}9" for i, pid in enumerate(PRODUCT_IDS)}
    prices |= {"server": "1000", "p7": "0.0125"}
    prices |= {pid: f"{20 + i}" for i, pid in enumerate(COMPONENT_IDS)}
    standard = PriceBook(
        "std", "Standard", tuple(PriceBookEntry(f"std-{p}", p, money(v)) for p, v in prices.items())
    )
    smb = PriceBook("smb", "SMB", (PriceBookEntry("smb-p1", "p1", money("45.55")),), segment="smb")
    return PricingRequest(
        "q1",
        "USD",
        DAY,
        ACCOUNT,
        (),
        products,
        (standard, smb),
        (ContractedPrice("c-p2", ACCOUNT.id, "p2", money("50.10")),),
        (
            DiscountSchedule("s-p0", "Volume", TIERS, product_id="p0"),
            DiscountSchedule("s-p3", "Slabs", TIERS, method=TierMethod.GRADUATED, product_id="p3"),
            DiscountSchedule("s-f1", "Family", TIERS, family="f1", aggregate_across_quote=True),
            DiscountSchedule("s-f2", "Family", TIERS, family="f2", aggregate_across_quote=True),
            DiscountSchedule(
                "s-term",
                "Term",
                (Tier(1, 11, d(0)), Tier(12, None, d("3.5"))),
                basis=ScheduleBasis.TERM_MONTHS,
            ),
        ),
        (
            BlockPrice(
                "b-p6", "Seats", "p6", (Block(1, 10, money("500")), Block(11, None, money("900")))
            ),
        ),
        (
            Promotion("pr-1", "Spring", PercentOff(d("7.5")), priority=2, family="f0"),
            Promotion("pr-2", "Bundle", AmountOff(money("1.25")), priority=3),
            Promotion("pr-3", "Clearance", PercentOff(d(15)), stackable=False, product_id="p5"),
        ),
        GuardrailPolicy(
            (FloorPrice("fl-p0", "p0", money("38")), FloorPrice("fl-p4", "p4", money("60"))),
            d(12),
            d(35),
        ),
        quote_discount,
    )


line_discounts = st.one_of(
    st.none(),
    st.builds(lambda n: PercentOff(Decimal(n).scaleb(-1)), st.integers(0, 300)),
    st.builds(lambda n: AmountOff(money(Decimal(n).scaleb(-2))), st.integers(0, 2000)),
)
quote_discounts = st.one_of(
    st.none(),
    st.builds(lambda n: PercentOff(Decimal(n).scaleb(-2)), st.integers(0, 2500)),
    st.builds(lambda n: AmountOff(money(Decimal(n))), st.integers(0, 400)),
)
quantities = st.integers(1, 80)
terms = st.one_of(st.none(), st.sampled_from((6, 12, 36)))
server_configurations = st.sampled_from(
    (
        Configuration(
            (OptionSelection("chassis-large"), OptionSelection("ram-16")),
            (AttributeValue("storage_tb", d(2)),),
        ),
        Configuration(
            (
                OptionSelection("chassis-large"),
                OptionSelection("backup"),
                OptionSelection("ram-32"),
            ),
            (AttributeValue("storage_tb", d(4)),),
        ),
        Configuration((OptionSelection("chassis-small"),), ()),  # invalid: storage missing
    )
)


class IncrementalRepricing(RuleBasedStateMachine):
    """Edits of one quote; the state is repriced incrementally after each."""

    def __init__(self) -> None:
        super().__init__()
        self.request = catalog()
        self.state: PricingState = price_with_state(self.request)
        self.history: list[PricingState] = []
        self.next_id = 0

    def _apply(self, request: PricingRequest) -> None:
        self.history.append(self.state)
        self.request = request
        self.state = reprice(self.state, request)

    def _with_lines(self, lines: list[QuoteLineInput]) -> None:
        self._apply(dataclasses.replace(self.request, lines=tuple(lines)))

    def _new_id(self) -> str:
        self.next_id += 1
        return f"l{self.next_id}"

    @initialize(
        count=st.integers(0, 12),
        products=st.lists(st.sampled_from(PRODUCT_IDS), min_size=12),
        discount=quote_discounts,
    )
    def start(
        self, count: int, products: list[str], discount: PercentOff | AmountOff | None
    ) -> None:
        lines = [QuoteLineInput(self._new_id(), products[n], 1 + 7 * n) for n in range(count)]
        self._apply(dataclasses.replace(self.request, lines=tuple(lines), quote_discount=discount))

    @rule(
        product=st.sampled_from(PRODUCT_IDS),
        quantity=quantities,
        discount=line_discounts,
        term=terms,
        where=st.integers(0, 100),
    )
    def add_line(
        self,
        product: str,
        quantity: int,
        discount: PercentOff | AmountOff | None,
        term: int | None,
        where: int,
    ) -> None:
        lines = list(self.request.lines)
        added = QuoteLineInput(self._new_id(), product, quantity, None, discount, term)
        lines.insert(where % (len(lines) + 1), added)
        self._with_lines(lines)

    @rule(
        products=st.lists(st.sampled_from(PRODUCT_IDS), min_size=10, max_size=40),
        quantities=st.lists(quantities, min_size=10, max_size=40),
    )
    def add_many_lines(self, products: list[str], quantities: list[int]) -> None:
        """Enough lines for several chunks of totals, so an edit keeps or patches most."""
        added = [
            QuoteLineInput(self._new_id(), product, quantity)
            for product, quantity in zip(products, quantities, strict=False)
        ]
        self._with_lines([*self.request.lines, *added])

    @precondition(lambda self: self.request.lines)
    @rule(where=st.integers(0, 100), by=st.sampled_from((-10, -2, -1, 1, 2, 10)))
    def nudge_quantity(self, where: int, by: int) -> None:
        """A small quantity edit: a quote-wide tier mostly holds (only its label moves), a
        percentage quote discount moves by a cent or so, and some lines' shares with it."""
        lines = list(self.request.lines)
        index = where % len(lines)
        lines[index] = dataclasses.replace(
            lines[index], quantity=max(1, lines[index].quantity + by)
        )
        self._with_lines(lines)

    @rule(configuration=server_configurations, quantity=st.integers(1, 4))
    def add_bundle(self, configuration: Configuration, quantity: int) -> None:
        bundle = QuoteLineInput(self._new_id(), "server", quantity, configuration)
        self._with_lines([*self.request.lines, bundle])

    @precondition(lambda self: self.request.lines)
    @rule(where=st.integers(0, 100))
    def remove_line(self, where: int) -> None:
        lines = list(self.request.lines)
        del lines[where % len(lines)]
        self._with_lines(lines)

    @precondition(lambda self: self.request.lines)
    @rule(where=st.integers(0, 100), to=st.integers(0, 100))
    def move_line(self, where: int, to: int) -> None:
        lines = list(self.request.lines)
        moved = lines.pop(where % len(lines))
        lines.insert(to % (len(lines) + 1), moved)
        self._with_lines(lines)

    @precondition(lambda self: self.request.lines)
    @rule(
        where=st.integers(0, 100),
        quantity=st.one_of(quantities, st.just(0)),  # 0 is refused: the line has errors
        discount=line_discounts,
        term=terms,
        product=st.one_of(st.none(), st.sampled_from((*PRODUCT_IDS, "nope"))),
    )
    def change_line(
        self,
        where: int,
        quantity: int,
        discount: PercentOff | AmountOff | None,
        term: int | None,
        product: str | None,
    ) -> None:
        lines = list(self.request.lines)
        index = where % len(lines)
        old = lines[index]
        lines[index] = dataclasses.replace(
            old,
            quantity=quantity,
            discount=discount,
            term_months=term,
            product_id=old.product_id if product is None else product,
        )
        self._with_lines(lines)

    @precondition(lambda self: self.request.lines)
    @rule(where=st.integers(0, 100), percent=st.sampled_from(("10", "10.0", "10.00")))
    def restate_discount(self, where: int, percent: str) -> None:
        """The same discount written with other digits: equal, but it shows."""
        lines = list(self.request.lines)
        index = where % len(lines)
        lines[index] = dataclasses.replace(lines[index], discount=PercentOff(Decimal(percent)))
        self._with_lines(lines)

    @rule()
    def rebuild_lines(self) -> None:
        """Equal copies of every line, as a request rebuilt from stored rows would have."""
        self._with_lines([dataclasses.replace(line) for line in self.request.lines])

    @rule(discount=quote_discounts)
    def set_quote_discount(self, discount: PercentOff | AmountOff | None) -> None:
        self._apply(dataclasses.replace(self.request, quote_discount=discount))

    @rule(authority=st.sampled_from((None, d(5), d(12))), strict_promotion=st.booleans())
    def change_catalog(self, authority: Decimal | None, strict_promotion: bool) -> None:
        promotions = self.request.promotions
        if strict_promotion and all(p.id != "pr-x" for p in promotions):
            promotions = (
                *promotions,
                Promotion("pr-x", "Flash", PercentOff(d(1)), product_id="p1"),
            )
        guardrails = dataclasses.replace(
            self.request.guardrails, discount_authority_percent=authority
        )
        self._apply(dataclasses.replace(self.request, promotions=promotions, guardrails=guardrails))

    @precondition(lambda self: self.history)
    @rule(back=st.integers(1, 50))
    def reprice_from_an_older_state(self, back: int) -> None:
        older = self.history[-min(back, len(self.history))]
        self.state = reprice(older, self.request)

    @rule()
    def reprice_from_another_quotes_state(self) -> None:
        other = dataclasses.replace(
            catalog(PercentOff(d(5))), quote_id="q2", lines=(QuoteLineInput("l1", "p1", 30),)
        )
        self.state = reprice(price_with_state(other), self.request)

    checked = 0
    """How many times, over every run, the invariant compared the two prices."""

    @invariant()
    def incremental_equals_full(self) -> None:
        full = price_quote(self.request)
        assert self.state.quote == full
        assert repr(self.state.quote) == repr(full)
        IncrementalRepricing.checked += 1


def test_incremental_repricing_equals_full_repricing_after_any_edits() -> None:
    # Run as a plain test (not ``IncrementalRepricing.TestCase``) so the settings stand
    # as declared: few enough examples for every CI run, each a sequence of edits.
    before = IncrementalRepricing.checked
    run_state_machine_as_test(
        IncrementalRepricing,
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
    assert IncrementalRepricing.checked - before >= 25  # every example checked its steps


def quote_of(*lines: QuoteLineInput, **fields: object) -> PricingRequest:
    return dataclasses.replace(catalog(), lines=lines, **fields)  # type: ignore[arg-type]


F0 = ("p0", "p3", "p6")  # family f0, on no quote-wide tier


def test_an_edit_reprices_only_its_line_without_quote_level_rules() -> None:
    lines = [QuoteLineInput(f"l{n}", F0[n % 3], 3 + n) for n in range(40)]
    before = price_with_state(quote_of(*lines))
    lines[17] = dataclasses.replace(lines[17], quantity=60, discount=PercentOff(d(4)))
    after = reprice(before, quote_of(*lines))
    assert after.quote == price_quote(quote_of(*lines))
    kept = [old is new for old, new in zip(before.quote.lines, after.quote.lines, strict=True)]
    assert kept == [n != 17 for n in range(40)]


def test_a_quote_wide_tier_reprices_the_lines_sharing_it_and_no_other() -> None:
    # p1 and p4 are in family f1, whose tier counts every f1 unit on the quote.
    lines = [QuoteLineInput(f"l{n}", PRODUCT_IDS[n % 6], 4) for n in range(12)]
    before = price_with_state(quote_of(*lines))
    lines[1] = dataclasses.replace(lines[1], quantity=40)  # f1 now has 10 + 36 = 52 units
    after = reprice(before, quote_of(*lines))
    assert after.quote == price_quote(quote_of(*lines))
    changed = {
        new.line_id
        for old, new in zip(before.quote.lines, after.quote.lines, strict=True)
        if old is not new
    }
    assert changed == {f"l{n}" for n in range(12) if PRODUCT_IDS[n % 6] in ("p1", "p4")}


def test_a_percentage_quote_discount_refinishes_few_lines_on_an_edit() -> None:
    lines = [QuoteLineInput(f"l{n}", F0[n % 3], 5 + n % 7) for n in range(200)]
    request = quote_of(*lines, quote_discount=PercentOff(d(3)))
    before = price_with_state(request)
    lines[50] = dataclasses.replace(lines[50], quantity=9)
    after = reprice(before, dataclasses.replace(request, lines=tuple(lines)))
    assert after.quote == price_quote(dataclasses.replace(request, lines=tuple(lines)))
    changed = sum(
        old is not new for old, new in zip(before.quote.lines, after.quote.lines, strict=True)
    )
    assert 1 <= changed <= 20  # the edited line and those whose share moved by a cent


def test_a_new_catalog_reprices_everything_and_still_agrees() -> None:
    lines = [QuoteLineInput(f"l{n}", PRODUCT_IDS[n % 6], 2 + n) for n in range(10)]
    before = price_with_state(quote_of(*lines))
    cheaper = dataclasses.replace(
        quote_of(*lines), promotions=(Promotion("pr-9", "All", PercentOff(d(20))),)
    )
    after = reprice(before, cheaper)
    assert after.quote == price_quote(cheaper)
    assert all(
        old is not new for old, new in zip(before.quote.lines, after.quote.lines, strict=True)
    )


amounts = st.builds(
    lambda digits, places: Decimal(digits).scaleb(-places),
    st.integers(-(10**12), 10**12),
    st.integers(-2, 6),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(amounts, min_size=1, max_size=12), st.data())
def test_replacing_a_term_of_a_sum_gives_the_new_sums_digits_or_declines(
    terms: list[Decimal], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(terms) - 1))
    new = data.draw(amounts)
    replaced = [*terms[:index], new, *terms[index + 1 :]]
    with localcontext(PRICING_CONTEXT):
        patched = replace_term(sum(terms, ZERO), terms[index], new)
        if patched is not None:
            assert repr(patched) == repr(sum(replaced, ZERO))


def test_replacing_a_term_declines_only_when_the_sums_exponent_is_unknown() -> None:
    with localcontext(PRICING_CONTEXT):
        # 1.000 alone holds the sum's exponent: without it, is it 2.50's or 1.000's?
        assert replace_term(d("3.500"), d("1.000"), d("1")) is None
        assert repr(replace_term(d("3.50"), d("1.00"), d("1.25"))) == repr(d("3.75"))
        assert repr(replace_term(d("3.500"), d("1.0"), d("1"))) == repr(d("3.500"))


def test_an_edit_under_a_quote_wide_tier_that_holds_keeps_or_patches_every_other_chunk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # f1 (p1, p4) counts its units across the quote; +3 units keep it in the 50+ tier,
    # so the other f1 lines change only their label, and a 3 % quote discount moves a
    # few shares by a cent: no chunk but the edited line's is summed again.
    lines = [QuoteLineInput(f"l{n}", PRODUCT_IDS[n % 6], 3 + n % 5) for n in range(300)]
    request = quote_of(*lines, quote_discount=PercentOff(d(3)))
    before = price_with_state(request)
    lines[43] = dataclasses.replace(lines[43], quantity=lines[43].quantity + 3)
    edited = dataclasses.replace(request, lines=tuple(lines))
    full = price_quote(edited)
    summed: list[tuple[FinishedLine, ...]] = []
    make_chunk = totals.make_chunk
    monkeypatch.setattr(totals, "make_chunk", lambda part: summed.append(part) or make_chunk(part))
    after = reprice(before, edited)
    assert repr(after.quote) == repr(full)
    changed = [
        (old, new)
        for old, new in zip(before.quote.lines, after.quote.lines, strict=True)
        if old is not new and new.line_id != "l43"
    ]
    f1 = {f"l{n}" for n in range(300) if PRODUCT_IDS[n % 6] in ("p1", "p4")}
    assert {new.line_id for _, new in changed} > f1 - {"l43"}  # relabeled, and shares moved
    assert any(old.net_amount != new.net_amount for old, new in changed)
    assert [[finished.line.line_id for finished in part] for part in summed] == [
        [line.line_id for line in chunk.priced_lines]
        for chunk in after.chunks.values()
        if "l43" in {line.line_id for line in chunk.priced_lines}
    ]
