"""A return landing under a plan in another currency than its sale's: the sale's fixed amounts
(and amount tiers) are converted into the landing currency at the rates that converted the
returned revenue, then rounded once (``commissions.sale_currency``); converting then clawing
back returns to zero.

alice is on plan A to Mar 31, 2025 and on plan B from Apr 1. A euro deal sells widgets in Q1
under A; its units come back in Q2, under B.
"""

from dataclasses import replace
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal as D

from commission_builders import (
    CALENDAR,
    Q2,
    assignment,
    credits_of,
    deal,
    line,
    period_of,
    units_back,
)
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    BaseRate,
    ComponentKind,
    Credit,
    ExchangeRate,
    PeriodState,
    PlanVersion,
    QuotaTiers,
    SegmentIncentive,
    Tier,
    TierBasis,
    TierMode,
    UnitAmount,
    UnitTier,
    UnitTierMode,
    convert_credit,
    stand_clawback,
)
from commissions.money import minor_unit

SETTINGS = settings(max_examples=150, deadline=None)
ON_A = assignment(plan_id="A", end=date(2025, 3, 31), assignment_id="A1")
ON_B = assignment(plan_id="B", start=date(2025, 4, 1), assignment_id="B1")
CURRENCIES = ("EUR", "USD", "JPY", "GBP", "BHD")


def _table(per_unit: D, tier_from: int, tier_amount: D, mode: UnitTierMode) -> UnitAmount:
    return UnitAmount(
        "units",
        "Widgets",
        amount_per_unit=per_unit,
        families=("WIDGET",),
        tiers=(UnitTier("more", D(tier_from), tier_amount),),
        amount_per_deal=per_unit * 3,
        tier_mode=mode,
    )


def _rates(deal_currency: str, rate_a: D, rate_b: D, a: str, b: str) -> tuple[ExchangeRate, ...]:
    day = date(2025, 1, 1)
    out = ()
    if a != deal_currency:
        out += (ExchangeRate(deal_currency, a, rate_a, day),)
    if b != deal_currency:
        out += (ExchangeRate(deal_currency, b, rate_b, day),)
    return out


def _stood_back(
    state: PeriodState,
    plan_a: PlanVersion,
    sold: tuple[Credit, ...],
    units: int,
    rates: tuple[ExchangeRate, ...],
) -> tuple[Credit, ...]:
    """``units`` of line L1 of deal D1 returned (R1), stood against A's period ``state``."""
    return tuple(
        stand_clawback(c, state, (), (plan_a,), CALENDAR, rates)
        for c in units_back(sold, "D1", units, "R1")
    )


def _sold_and_returned(
    table: UnitAmount,
    quantity: int,
    returned: int,
    currencies: tuple[str, str, str],
    rate_a: D,
    rate_b: D,
    components_b: tuple = (),
) -> tuple[PlanVersion, list, list, D]:
    """The Q1 sale's lines (plan A), the Q2 return's lines (plan B) and the factor from A's
    currency to B's. The sale is stored in A's currency (converted when credited)."""
    deal_currency, a, b = currencies
    rates = _rates(deal_currency, rate_a, rate_b, a, b)
    plan_a = plan(BaseRate("base", "Base", D("0.1")), table, plan_id="A", currency=a)
    plan_b = plan(*(components_b or (BaseRate("base", "B", D(0)),)), plan_id="B", currency=b)
    widgets = line("L1", "W", "1000", family="WIDGET", quantity=str(quantity))
    sold = tuple(
        convert_credit(c, a, rates)[0] or c
        for c in credits_of(deal(widgets, currency=deal_currency))
    )
    q1 = period_of(plan_a, sold, assigned=ON_A, rates=rates)
    assert q1.state is not None and not q1.refusals
    back = _stood_back(q1.state, plan_a, sold, returned, rates)
    q2 = period_of((plan_a, plan_b), back, period=Q2, assigned=ON_B, rates=rates)
    assert not q2.refusals, q2.refusals
    to_a = rate_a if a != deal_currency else D(1)
    to_b = rate_b if b != deal_currency else D(1)
    return plan_a, list(q1.lines), list(q2.lines), to_b / to_a


def _fixed(lines: list) -> D:
    kinds = (ComponentKind.UNIT_AMOUNT, ComponentKind.DEAL_AMOUNT)
    return sum((pl.amount for pl in lines if pl.kind in kinds), D(0))


def _round(amount: D, currency: str) -> D:
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


cents = st.integers(min_value=1, max_value=100_000).map(lambda n: D(n) / 100)
rates = st.integers(min_value=1, max_value=5_000_000).map(lambda n: D(n) / 10_000)
three = st.tuples(*(st.sampled_from(CURRENCIES),) * 3).filter(lambda c: c[1] != c[2])


@SETTINGS
@given(
    currencies=three,
    rate_a=rates,
    rate_b=rates,
    per_unit=cents,
    extra=cents,
    quantity=st.integers(min_value=1, max_value=40),
    mode=st.sampled_from(UnitTierMode),
)
def test_converting_then_clawing_back_everything_returns_to_zero(
    currencies: tuple[str, str, str],
    rate_a: D,
    rate_b: D,
    per_unit: D,
    extra: D,
    quantity: int,
    mode: UnitTierMode,
) -> None:
    """Everything returned (A's amounts are whole minor units, so the sale paid them exactly):
    the clawback takes back the sale's payment converted at the factor, each of its lines
    rounded once in B's currency: within half a minor unit of B a line."""
    a, b = currencies[1], currencies[2]
    table = _table(_round(per_unit, a), 5, _round(per_unit + extra, a), mode)
    _, sold, back, factor = _sold_and_returned(
        table, quantity, quantity, currencies, rate_a, rate_b
    )

    paid = _fixed(sold)
    taken = [pl for pl in back if pl.component_id == "units"]
    assert abs(_fixed(taken) + paid * factor) <= len(taken) * minor_unit(b) / 2
    if mode is not UnitTierMode.RETROACTIVE:  # (its sale paid in two steps, credit and period)
        pieces = [pl for pl in sold if pl.component_id == "units"]
        assert _fixed(taken) == -sum(
            (_round(pl.fixed_amount * pl.quantity * factor, b) for pl in pieces), D(0)
        )


@SETTINGS
@given(
    currencies=three,
    rate_a=rates,
    rate_b=rates,
    per_unit=cents,
    quantity=st.integers(min_value=2, max_value=40),
    data=st.data(),
)
def test_a_partial_return_converts_the_amount_per_unit_the_sale_earned(
    currencies: tuple[str, str, str],
    rate_a: D,
    rate_b: D,
    per_unit: D,
    quantity: int,
    data: st.DataObject,
) -> None:
    a, b = currencies[1], currencies[2]
    returned = data.draw(st.integers(min_value=1, max_value=quantity - 1))
    paid = _round(per_unit, a) or minor_unit(a)  # (a yen plan rounds 0.01 to 0)
    table = _table(paid, 10, paid * 2, UnitTierMode.LINE)
    _, sold, back, factor = _sold_and_returned(
        table, quantity, returned, currencies, rate_a, rate_b
    )

    [earned] = [pl for pl in sold if pl.kind is ComponentKind.UNIT_AMOUNT]
    [came_back] = [pl for pl in back if pl.component_id == "units"]  # (no deal amount)
    assert came_back.fixed_amount == earned.fixed_amount * factor
    assert came_back.amount == _round(-returned * earned.fixed_amount * factor, b)


def test_a_hand_computed_dollar_sale_returned_under_a_yen_plan() -> None:
    """A dollar deal: 7 widgets under A (USD) at 12.35 (LINE, 5+ reached): 86.45, and 30.00
    a deal. B pays in yen; one dollar is 151.27 yen on the close day. Returning 2 widgets takes
    back 2 x 12.35 x 151.27 = 3,736.369 -> 3,736 yen (not 2 x 12.35 = 24.70 -> 25 yen)."""
    table = _table(D("10.00"), 5, D("12.35"), UnitTierMode.LINE)
    _, sold, back, factor = _sold_and_returned(
        table, 7, 2, ("USD", "USD", "JPY"), D(1), D("151.27")
    )
    assert factor == D("151.27")
    assert _fixed(sold) == D("86.45") + D("30.00")
    assert [
        (pl.fixed_amount, pl.quantity, pl.amount) for pl in back if pl.component_id == "units"
    ] == [(D("1868.18450"), D(-2), D(-3736))]


def test_a_per_transaction_amount_table_is_converted_with_the_sale() -> None:
    """A's per-transaction tiers in amounts: x1 to 500.00, x2 above (dollars). A euro deal of
    1,000.00 at 1.10 dollars: 1,100.00, 10 %: 50.00 + 2 x 60.00 = 170.00. It comes back whole
    under B (pounds, 0.85 a euro): 850.00, laid on A's table converted (500 dollars are
    386.3636... pounds): 10 % x (386.36... + 2 x 463.63...) = 131.36 (not 10 % x (500 + 2 x
    350) = 120.00, the dollar table laid on pounds)."""
    tiers = QuotaTiers(
        "tiers",
        "Per deal",
        TierMode.PER_TRANSACTION,
        (Tier("Base", D(0), D(1)), Tier("Big", D(500), D(2))),
        basis=TierBasis.AMOUNT,
    )
    table = _table(D("0"), 5, D("0"), UnitTierMode.LINE)
    plan_a = plan(BaseRate("base", "Base", D("0.1")), table, tiers, plan_id="A", currency="USD")
    rates = _rates("EUR", D("1.10"), D("0.85"), "USD", "GBP")
    widgets = line("L1", "W", "1000", family="WIDGET", quantity="1")
    sold = tuple(
        convert_credit(c, "USD", rates)[0] or c for c in credits_of(deal(widgets, currency="EUR"))
    )
    q1 = period_of(plan_a, sold, assigned=ON_A, rates=rates)
    assert q1.state is not None and q1.total == D("170.00")
    back = _stood_back(q1.state, plan_a, sold, 1, rates)
    plan_b = plan(BaseRate("base", "B", D(0)), plan_id="B", currency="GBP")
    q2 = period_of((plan_a, plan_b), back, period=Q2, assigned=ON_B, rates=rates)
    assert q2.total == D("-131.36")
    assert abs(q2.total * D("1.10") / D("0.85") + D("170.00")) < D("0.01")


def test_a_clawback_stood_before_the_currency_was_recorded_keeps_the_landing_amounts() -> None:
    """Stood before ``UnitsStanding.currency``: its amounts are taken as the landing plan's."""
    table = _table(D("10.00"), 50, D("20.00"), UnitTierMode.LINE)
    rates = _rates("USD", D(1), D("151.27"), "USD", "JPY")
    plan_a = plan(table, plan_id="A", currency="USD")
    sold = credits_of(deal(line("L1", "W", "1000", family="WIDGET", quantity="2")))
    q1 = period_of(plan_a, sold, assigned=ON_A)
    assert q1.state is not None
    [claw] = units_back(sold, "D1", 2, "R1")
    stood = stand_clawback(claw, q1.state, (), (plan_a,), CALENDAR)
    old = replace(
        stood,
        lines=tuple(
            replace(
                ln,
                units_standing=tuple(
                    replace(s, currency=None, rate=None) for s in ln.units_standing or ()
                ),
            )
            for ln in stood.lines
        ),
    )
    plan_b = plan(BaseRate("base", "B", D(0)), plan_id="B", currency="JPY")
    later = period_of((plan_a, plan_b), (old,), period=Q2, assigned=ON_B, rates=rates)
    assert later.total == D(-50)  # 2 x 10 + 30 a deal, counted as yen (the old rule)


def test_a_segment_incentives_amount_per_deal_is_converted_with_the_sale() -> None:
    """A pays 250.00 dollars a deal with any account (and 2 % more); the dollar deal of
    1,000.00 comes back whole under B (yen, 151.27 a dollar): 250 x 151.27 = 37,817.50 yen and
    2 % of 151,270 yen = 3,025.40, one line rounded once: 40,843 yen (not 250 yen a deal)."""
    bonus = SegmentIncentive("seg", "Any account", extra_rate=D("0.02"), amount_per_deal=D(250))
    plan_a = plan(bonus, plan_id="A", currency="USD")
    rates = _rates("USD", D(1), D("151.27"), "USD", "JPY")
    sold = credits_of(deal(line("L1", "W", "1000", family="WIDGET")))
    q1 = period_of(plan_a, sold, assigned=ON_A, rates=rates)
    assert q1.state is not None and q1.total == D("270.00")
    back = _stood_back(q1.state, plan_a, sold, 1, rates)
    plan_b = plan(BaseRate("base", "B", D(0)), plan_id="B", currency="JPY")
    q2 = period_of((plan_a, plan_b), back, period=Q2, assigned=ON_B, rates=rates)
    assert [pl.amount for pl in q2.lines if pl.component_id == "seg"] == [D(-40843)]
