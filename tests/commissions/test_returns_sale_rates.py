"""A return landing in a later period under another plan takes back what its sale paid: the
sale's rates, modifiers, accelerators, segment incentives and per-transaction tiers
(``UnitsStanding.table``, recorded by ``stand_clawback``), not the landing plan's.

alice is on plan A to Mar 31, 2025 and on plan B from Apr 1 (quota 100,000 unless said).
Sales close in Q1 under A; the returns land on Apr 7 (Q2, on B).
"""

from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, Q2, assignment, credits_of, deal, line, period_of
from commission_plans import plan
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    Account,
    BaseRate,
    Component,
    ComponentKind,
    Credit,
    Measure,
    PlanVersion,
    ProductRate,
    QuotaTiers,
    RateModifier,
    ReturnedUnits,
    Reversal,
    ReversalKind,
    SegmentIncentive,
    Tier,
    TierBasis,
    TierMode,
    TimingAccelerator,
    UnitAmount,
    claw_back,
    stand_clawback,
)

SETTINGS = settings(max_examples=80, deadline=None)
RETURN_DAY = date(2025, 4, 7)


def _on(plan_id: str, quota: str = "100000", **dates: date):
    return assignment(quota=quota, plan_id=plan_id, **dates, assignment_id=f"{plan_id}1")


def _base(percent: str) -> BaseRate:
    return BaseRate("base", f"Base {percent}%", D(percent) / 100)


def _per_transaction(*tiers: tuple[str, str, str], basis: TierBasis) -> QuotaTiers:
    """Per-transaction tiers: each (name, start, multiplier)."""
    table = tuple(Tier(name, D(start), D(times)) for name, start, times in tiers)
    return QuotaTiers("tiers", "Tiers", TierMode.PER_TRANSACTION, table, basis=basis)


def _returns(
    version_a: PlanVersion, sold: tuple[Credit, ...], quota_a: str = "100000", **some: int
) -> tuple[Credit, ...]:
    """Every deal of ``sold`` returned on Apr 7 (``some``: only that many units of a deal's
    line L1), each clawback stood on Q1 under plan A as the reversal use case stands it."""
    on_a = _on("A", quota_a, end=date(2025, 3, 31))
    state = period_of(version_a, sold, assigned=on_a).state
    assert state is not None
    back: tuple[Credit, ...] = ()
    for deal_id in sorted({c.deal_id for c in sold}):
        units = some.get(deal_id)
        reversal = Reversal(
            f"R-{deal_id}",
            deal_id,
            RETURN_DAY,
            ReversalKind.RETURNED,
            returned_units=() if units is None else (ReturnedUnits("L1", D(units)),),
        )
        result = claw_back(sold + back, reversal)
        assert result.ok, result.refusals
        back += tuple(
            stand_clawback(c, state, back, (version_a,), CALENDAR) for c in result.credits
        )
    return back


def _landing(plans: tuple[PlanVersion, PlanVersion], back: tuple[Credit, ...], quota="100000"):
    return period_of(plans, back, period=Q2, assigned=_on("B", quota, start=date(2025, 4, 1)))


def test_a_sale_paid_10_percent_comes_back_at_10_under_a_5_percent_plan() -> None:
    """A pays 10 %, B 5 %. Q1: 4 units at 250.00 (1,000.00) pay 100.00. Returning 3 units on
    B takes back 10 % of 750.00 = 75.00 (B's rate would take 37.50); the last one 25.00."""
    a, b = plan(_base("10"), plan_id="A"), plan(_base("5"), plan_id="B")
    sold = credits_of(deal(line("L1", "W", "1000", quantity="4"), close=date(2025, 2, 10)))
    assert period_of(a, sold, assigned=_on("A", end=date(2025, 3, 31))).total == D("100.00")

    three = _returns(a, sold, D1=3)
    later = _landing((a, b), three)
    assert [(x.component_id, x.rate, x.base, x.amount) for x in later.lines] == [
        ("base", D("0.1"), D("-750"), D("-75.00"))
    ]
    rest = _returns(a, sold + three, D1=1)
    assert _landing((a, b), three + rest).total == D("-100.00")


def test_the_sales_per_transaction_tiers_at_its_quota_come_back_not_bs() -> None:
    """A: 10 %, per transaction x2 from 50 % of A's quota of 10,000 (5,000). A sale of
    8,000.00 pays 800.00 + 3,000 x 10 % x (2 - 1) = 1,100.00. B: 10 %, per transaction x3 from
    10 % of B's quota of 100,000 (10,000): on B the deal would reach no tier (800.00 back).
    Returned on B, it takes back 1,100.00: A's bands, cut at A's quota."""
    tiers_a = _per_transaction(("Low", "0", "1"), ("High", "0.5", "2"), basis=TierBasis.ATTAINMENT)
    tiers_b = _per_transaction(("Low", "0", "1"), ("Top", "0.1", "3"), basis=TierBasis.ATTAINMENT)
    a = plan(_base("10"), tiers_a, plan_id="A")
    b = plan(_base("10"), tiers_b, plan_id="B")
    sold = credits_of(deal(line("L1", "W", "8000"), close=date(2025, 2, 10)))
    on_a = _on("A", "10000", end=date(2025, 3, 31))
    assert period_of(a, sold, assigned=on_a).total == D("1100.00")

    later = _landing((a, b), _returns(a, sold, "10000"))
    assert sorted((x.kind, x.tier, x.amount) for x in later.lines) == [
        (ComponentKind.BASE_RATE, None, D("-800.00")),
        (ComponentKind.QUOTA_TIER, "High", D("-300.00")),
    ]


def test_per_transaction_tiers_of_the_landing_plan_take_back_nothing_the_sale_was_not_paid() -> (
    None
):
    """A: 10 %, no tiers. B: 10 %, x2 per transaction on every amount. A sale of 1,000.00 paid
    100.00 and comes back as 100.00 (B's table would double it)."""
    doubled = _per_transaction(("All", "0", "2"), basis=TierBasis.AMOUNT)
    a, b = plan(_base("10"), plan_id="A"), plan(_base("10"), doubled, plan_id="B")
    sold = credits_of(deal(line("L1", "W", "1000"), close=date(2025, 2, 10)))
    assert _landing((a, b), _returns(a, sold)).total == D("-100.00")


# --- any plan A of flat-rate components, any landing plan B --------------------------------

percent = st.integers(min_value=0, max_value=30).map(lambda n: D(n) / 100)
multiplier = st.sampled_from([D("0.5"), D("0.8"), D("1.25"), D("1.5"), D(2)])
amount = st.integers(min_value=0, max_value=500).map(D)


@st.composite
def flat_plan(draw: st.DrawFn, plan_id: str) -> PlanVersion:
    """A base rate and any of: a gadget rate, a discount modifier, a quarter-end accelerator,
    an enterprise incentive, widget amounts per unit and per deal, per-transaction tiers."""
    parts: list[Component] = [BaseRate("base", "Base", draw(percent))]
    if draw(st.booleans()):
        rate = draw(percent)
        parts.append(ProductRate("gadgets", "Gadgets", rate, families=("GADGET",)))
    if draw(st.booleans()):
        parts.append(
            RateModifier("disc", "Discount", Measure.DISCOUNT, draw(multiplier), above=D("0.1"))
        )
    if draw(st.booleans()):
        days = draw(st.integers(min_value=1, max_value=80))
        parts.append(TimingAccelerator("qend", "Quarter end", draw(multiplier), days=days))
    if draw(st.booleans()):
        parts.append(
            SegmentIncentive(
                "ent",
                "Enterprise",
                segments=("ENT",),
                extra_rate=draw(percent),
                amount_per_deal=draw(amount),
            )
        )
    if draw(st.booleans()):  # (one that pays nothing at all is an invalid plan)
        per_unit, per_deal = draw(st.tuples(amount, amount).filter(any))
        parts.append(
            UnitAmount(
                "units",
                "Widgets",
                amount_per_unit=per_unit,
                families=("WIDGET",),
                amount_per_deal=per_deal,
            )
        )
    if draw(st.booleans()):
        start = draw(st.integers(min_value=1, max_value=5000))
        parts.append(
            _per_transaction(
                ("Low", "0", "1"),
                ("High", str(start), str(draw(multiplier))),
                basis=TierBasis.AMOUNT,
            )
        )
    return plan(*parts, plan_id=plan_id)


@st.composite
def q1_sales(draw: st.DrawFn) -> tuple[Credit, ...]:
    """1 to 4 deals in Q1, each of widgets and gadgets, some discounted, some enterprise."""
    credits: tuple[Credit, ...] = ()
    for index in range(draw(st.integers(min_value=1, max_value=4))):
        widgets = draw(st.integers(min_value=1, max_value=12))
        sale = deal(
            line(
                "L1",
                "W",
                str(draw(st.integers(1, 9000))),
                family="WIDGET",
                quantity=str(widgets),
                discount=draw(st.sampled_from(["0", "0.15"])),
            ),
            line("L2", "G", str(draw(st.integers(1, 9000))), family="GADGET"),
            deal_id=f"D{index}",
            close=date(2025, 1, 2) + timedelta(days=draw(st.integers(0, 88))),
            account=Account(segment=draw(st.sampled_from(["", "ENT"]))),
        )
        credits += credits_of(sale)
    return credits


@SETTINGS
@given(flat_plan("A"), flat_plan("B"), q1_sales())
def test_a_full_return_under_any_plan_takes_back_what_the_sale_was_paid(
    a: PlanVersion, b: PlanVersion, sold: tuple[Credit, ...]
) -> None:
    """Whatever B pays (other rates, modifiers, accelerators, incentives, amounts, tiers or
    none of them), returning every Q1 deal in Q2 takes back exactly what A paid for them."""
    paid = period_of(a, sold, assigned=_on("A", end=date(2025, 3, 31)))
    assert paid.state is not None
    landed = _landing((a, b), _returns(a, sold))
    assert landed.refusals == ()  # (an invalid plan B would take back nothing)
    assert landed.total == -paid.total
