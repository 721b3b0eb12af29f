"""Fixed amounts per unit sold (with quantity tiers) and per deal: hand-computed examples,
plan checks and invariants (monotone in quantity, a full return claws everything back)."""

from datetime import date
from decimal import Decimal as D

from commission_builders import (
    amounts_by_component,
    credits_of,
    deal,
    line,
    period_of,
    widget_units,
)
from commission_plans import BASE_10, plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    ComponentKind,
    ReasonCode,
    Reversal,
    ReversalKind,
    Split,
    UnitAmount,
    UnitTier,
    claw_back,
    validate_plan_versions,
)

SETTINGS = settings(max_examples=150, deadline=None)
WIDGETS = widget_units(
    ("10+", 10, 7), ("50+", 50, "8.5"), name="Widgets per unit", amount_per_deal=D(100)
)


def _sale(*lines, deal_id="D1", close=date(2025, 2, 10)):
    return deal(*lines, deal_id=deal_id, close=close)


def test_the_line_quantity_picks_the_amount_per_unit_for_every_unit_of_the_line():
    sale = _sale(
        line("L1", "W1", "1000", family="WIDGET", quantity="4"),  # 4 x 5
        line("L2", "W2", "1000", family="WIDGET", quantity="12"),  # 12 x 7
        line("L3", "W3", "1000", family="WIDGET", quantity="50"),  # 50 x 8.5
        line("L4", "G1", "1000", family="GADGET", quantity="99"),  # out of scope
    )
    result = period_of(plan(BASE_10, WIDGETS), credits_of(sale))
    assert amounts_by_component(result) == {"base": D("400.00"), "units": D("629.00")}
    by_kind = {(pl.kind, pl.tier): pl for pl in result.lines if pl.component_id == "units"}
    assert by_kind[(ComponentKind.UNIT_AMOUNT, None)].amount == D("20.00")
    assert by_kind[(ComponentKind.UNIT_AMOUNT, None)].fixed_amount == D(5)
    assert by_kind[(ComponentKind.UNIT_AMOUNT, None)].quantity == D(4)
    assert by_kind[(ComponentKind.UNIT_AMOUNT, "10+")].amount == D("84.00")
    assert by_kind[(ComponentKind.UNIT_AMOUNT, "50+")].amount == D("425.00")
    assert by_kind[(ComponentKind.UNIT_AMOUNT, "50+")].line_ids == ("L3",)
    per_deal = by_kind[(ComponentKind.DEAL_AMOUNT, None)]
    assert (per_deal.amount, per_deal.fixed_amount, per_deal.quantity) == (
        D("100.00"),
        D(100),
        D(1),
    )


def test_a_split_pays_each_rep_the_tier_of_the_whole_line_for_their_share_of_units():
    sale = _sale(line("L1", "W1", "1000", family="WIDGET", quantity="20"))
    credits = credits_of(sale, (Split("alice", D("0.5")), Split("bob", D("0.5"))))
    alice = period_of(plan(WIDGETS), credits, rep="alice")
    # 10 of 20 units at the 10+ tier (7) and half the deal amount
    assert amounts_by_component(alice) == {"units": D("120.00")}


def test_a_partial_return_claws_back_per_unit_and_keeps_the_deal_amount():
    sale = _sale(
        line("L1", "W1", "1000", family="WIDGET", quantity="12"),
        line("L2", "W2", "1000", family="WIDGET", quantity="3"),
    )
    credits = credits_of(sale)
    returned = claw_back(
        credits, Reversal("R1", "D1", date(2025, 4, 5), ReversalKind.RETURNED, ("L1",))
    )
    april = period_of(plan(WIDGETS), returned.credits, period=_q2())
    assert amounts_by_component(april) == {"units": D("-84.00")}
    rest = claw_back(
        credits + returned.credits,
        Reversal("R2", "D1", date(2025, 4, 6), ReversalKind.RETURNED),
    )
    april = period_of(plan(WIDGETS), returned.credits + rest.credits, period=_q2())
    # the rest of the deal: 3 x 5 and the deal amount
    assert amounts_by_component(april) == {"units": D("-199.00")}


def _q2():
    from commission_builders import Q2

    return Q2


def _problems(component):
    return [r.message for r in validate_plan_versions((plan(component),))]


def test_bad_tables_and_amounts_are_refused_with_invalid_plan():
    overlap = UnitAmount(
        "u", "u", D(1), tiers=(UnitTier("a", D(10), D(2)), UnitTier("b", D(10), D(3)))
    )
    descending = UnitAmount(
        "u", "u", D(1), tiers=(UnitTier("a", D(10), D(2)), UnitTier("b", D(5), D(3)))
    )
    negative = UnitAmount("u", "u", D(-1))
    zero_start = UnitAmount("u", "u", D(1), tiers=(UnitTier("a", D(0), D(2)),))
    nan = UnitAmount("u", "u", D("NaN"))
    nothing = UnitAmount("u", "u")
    assert any("overlap" in m for m in _problems(overlap))
    assert any("descends" in m for m in _problems(descending))
    assert any("negative" in m for m in _problems(negative))
    assert any("above 0 units" in m for m in _problems(zero_start))
    assert _problems(nan) == ["Every figure is a finite number."]
    assert _problems(nothing) == ["A fixed amount pays something per unit or per deal."]
    codes = {r.code for r in validate_plan_versions((plan(overlap),))}
    assert codes == {ReasonCode.INVALID_PLAN}


@st.composite
def ascending_tables(draw):
    """A base amount and quantity tiers whose starts and amounts both rise."""
    count = draw(st.integers(0, 4))
    starts = sorted(draw(st.sets(st.integers(1, 500), min_size=count, max_size=count)))
    amounts = sorted(draw(st.lists(st.integers(0, 5000), min_size=count + 1, max_size=count + 1)))
    tiers = tuple(
        UnitTier(f"t{i}", D(start), D(amount) / 100)
        for i, (start, amount) in enumerate(zip(starts, amounts[1:], strict=True))
    )
    return UnitAmount("u", "u", D(amounts[0]) / 100, tiers=tiers, amount_per_deal=D(25))


QUANTITIES = st.integers(1, 1000).map(D)


@SETTINGS
@given(ascending_tables(), QUANTITIES, QUANTITIES)
def test_with_ascending_tiers_more_units_never_pay_less(component, q1, q2):
    low, high = sorted((q1, q2))
    pay = [
        period_of(plan(component), credits_of(_sale(line("L1", quantity=q)))).total
        for q in (low, high)
    ]
    assert pay[0] <= pay[1]


SHARES = st.sampled_from([D(1), D("0.5"), D("0.25"), D("0.3333")])


@SETTINGS
@given(ascending_tables(), st.lists(QUANTITIES, min_size=1, max_size=4), SHARES)
def test_returning_every_unit_claws_the_component_back_to_zero(component, quantities, share):
    lines = [line(f"L{i}", quantity=q) for i, q in enumerate(quantities)]
    splits = () if share == 1 else (Split("alice", share), Split("bob", 1 - share))
    credits = credits_of(_sale(*lines), splits)
    sold = period_of(plan(component), credits).total
    clawbacks = credits
    for index in range(len(lines)):  # line by line: partial returns, then the last completes
        result = claw_back(
            clawbacks,
            Reversal(f"R{index}", "D1", date(2025, 5, 1), ReversalKind.RETURNED, (f"L{index}",)),
        )
        clawbacks += result.credits
    returned = period_of(plan(component), clawbacks[len(credits) :], period=_q2()).total
    assert sold + returned == 0


def test_the_deal_amount_is_judged_by_the_whole_deal_whatever_a_period_cancels():
    sale = _sale(
        line("L1", "W1", "1000", family="WIDGET", quantity="12"),
        line("L2", "G1", "500", family="GADGET", quantity="1"),
    )
    credits = credits_of(sale)
    # the widget line returned in the same quarter: its units cancel, the deal still sold one
    partial = claw_back(
        credits, Reversal("R1", "D1", date(2025, 3, 1), ReversalKind.RETURNED, ("L1",))
    )
    same_quarter = period_of(plan(WIDGETS), credits + partial.credits)
    assert amounts_by_component(same_quarter) == {"units": D("100.00")}
    # the gadget line, returned next quarter, completes the reversal: the deal amount goes
    rest = claw_back(
        credits + partial.credits, Reversal("R2", "D1", date(2025, 4, 2), ReversalKind.RETURNED)
    )
    assert rest.credits[0].completes_reversal
    assert amounts_by_component(period_of(plan(WIDGETS), rest.credits, period=_q2())) == {
        "units": D("-100.00")
    }
