"""A stored period state kept current by folding new credits, and its settled standing."""

from datetime import date, timedelta
from decimal import Decimal as D

from commission_builders import CALENDAR, credits_of, deal, line, period_of
from commission_plans import plan, quota_tiers, spif_on_y
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    BaseRate,
    Reversal,
    ReversalKind,
    TierMode,
    claw_back,
)
from commissions.progress import advance, standing
from commissions.state import sort_key

TIERS = quota_tiers(TierMode.MARGINAL, label="Accelerators")
SPIF = spif_on_y("spif", "Ten Y")
PLAN = plan(BaseRate("base", "Base", D("0.1")), TIERS, SPIF)
DAYS = st.integers(0, 89).map(lambda n: date(2025, 1, 1) + timedelta(days=n))


def empty_state():
    return period_of(PLAN, ()).state


@settings(max_examples=60, deadline=None)
@given(
    sales=st.lists(
        st.tuples(DAYS, st.integers(1, 80_000), st.integers(1, 6), st.sampled_from(["P", "Y"])),
        max_size=8,
    )
)
def test_folding_credits_in_date_order_equals_computing_the_period(sales):
    credits = []
    for index, (day, amount, qty, product) in enumerate(sales):
        sale = deal(
            line(product=product, amount=D(amount), quantity=D(qty)),
            deal_id=f"D{index:02d}",
            close=day,
        )
        credits += credits_of(sale)
    credits.sort(key=sort_key)

    state = empty_state()
    for credit in credits:
        state = advance(state, (credit,), (PLAN,), CALENDAR)
        assert state is not None

    assert state == period_of(PLAN, credits).state


def test_a_credit_dated_before_the_latest_one_asks_for_a_recompute():
    late = credits_of(deal(deal_id="D2", close=date(2025, 3, 1)))
    early = credits_of(deal(deal_id="D1", close=date(2025, 2, 1)))
    state = advance(empty_state(), late, (PLAN,), CALENDAR)

    assert advance(state, early, (PLAN,), CALENDAR) is None


def test_a_clawback_asks_for_a_recompute():
    sale = credits_of(deal(close=date(2025, 2, 1)))
    clawback = claw_back(
        sale, Reversal("R1", "D1", date(2025, 2, 5), ReversalKind.CANCELLED)
    ).credits
    state = advance(empty_state(), sale, (PLAN,), CALENDAR)

    assert advance(state, clawback, (PLAN,), CALENDAR) is None


def test_credits_of_another_period_leave_the_state_unchanged():
    state = empty_state()
    later = credits_of(deal(close=date(2025, 4, 2)))

    assert advance(state, later, (PLAN,), CALENDAR) is state


def test_a_newer_plan_version_for_the_period_asks_for_a_recompute():
    state = empty_state()
    revised = (
        plan(BaseRate("base", "Base", D("0.1")), TIERS, SPIF, end=date(2025, 1, 31)),
        plan(BaseRate("base", "Base", D("0.2")), TIERS, SPIF, version=2, start=date(2025, 2, 1)),
    )

    assert advance(state, credits_of(deal()), revised, CALENDAR) is None


def test_the_standing_settles_tiers_and_reports_the_next_tier_and_spif_progress():
    sale = deal(line(product="Y", amount=D(120_000), quantity=D(4)), close=date(2025, 2, 1))
    state = advance(empty_state(), credits_of(sale), (PLAN,), CALENDAR)

    result = standing(state, (PLAN,), CALENDAR)

    # 100,000 at 10 % = 10,000; 20,000 above quota at 10 % x 1.5 = 3,000
    assert result.earned == D("13000.00")
    assert result.tier is not None and result.tier.name == "Accelerator"
    assert result.next_tier is not None and result.next_tier.next is None
    assert [(s.progress, s.target, s.reached) for s in result.spifs] == [(D(4), D(10), False)]
