from datetime import date
from decimal import Decimal as D

from commission_builders import Q1, Q2, amounts_by_component, credits_of, deal, line, period_of
from commission_plans import BASE_10, BASE_15, DOUBLE_ABOVE_QUOTA, plan, quota_tiers

from commissions import (
    Account,
    ProductRate,
    ReasonCode,
    Reversal,
    ReversalKind,
    SegmentIncentive,
    TierMode,
    TimingAccelerator,
    claw_back,
)

SALE = deal(line("L1", amount="10000"), line("L2", "P", "2000"), close=date(2025, 3, 20))


def reversal(day: date, *line_ids: str, reversal_id: str = "R1") -> Reversal:
    return Reversal(reversal_id, "D1", day, ReversalKind.CANCELLED, line_ids)


def test_a_clawback_mirrors_the_credit_with_negative_amounts_on_the_reversal_date():
    original = credits_of(SALE)
    (claw,) = claw_back(original, reversal(date(2025, 4, 15))).credits
    assert claw.credit_date == date(2025, 4, 15)
    assert claw.rated_on == original[0].rated_on
    assert [(x.line_id, x.amount) for x in claw.lines] == [("L1", D(-10000)), ("L2", D(-2000))]
    assert claw.reverses == original[0].credit_id


def test_a_clawback_after_close_lands_in_the_later_period_and_leaves_the_closed_one_alone():
    original = credits_of(SALE)
    clawbacks = claw_back(original, reversal(date(2025, 4, 15))).credits
    ledger = original + clawbacks
    q1 = period_of(plan(BASE_15), ledger, period=Q1)
    q2 = period_of(plan(BASE_15), ledger, period=Q2)
    assert q1.total == D("1800.00")  # 12,000 x 15 %
    assert [s.code for s in q1.skipped] == [ReasonCode.CREDIT_OUTSIDE_PERIOD]
    assert q2.total == D("-1800.00")
    assert all(x.clawback for x in q2.lines)


def test_a_clawback_is_rated_like_the_sale_it_mirrors_including_timing_accelerators():
    last_two_weeks = TimingAccelerator("qend", "Quarter end x1.2", D("1.2"), days=14)
    original = credits_of(SALE)
    clawbacks = claw_back(original, reversal(date(2025, 4, 15))).credits
    q1 = period_of(plan(BASE_15, last_two_weeks), original + clawbacks, period=Q1)
    q2 = period_of(plan(BASE_15, last_two_weeks), original + clawbacks, period=Q2)
    assert amounts_by_component(q1) == {"base": D("1800.00"), "qend": D("360.00")}
    assert amounts_by_component(q2) == {"base": D("-1800.00"), "qend": D("-360.00")}


def test_a_sale_reversed_within_its_own_open_period_counts_for_nothing():
    original = credits_of(SALE)
    clawbacks = claw_back(original, reversal(date(2025, 3, 28))).credits
    q1 = period_of(plan(BASE_15), original + clawbacks)
    assert q1.total == D(0)
    assert q1.attainment == D(0)
    assert q1.reversed_in_period[0].line_ids == ("L1", "L2")


def test_a_partial_return_claws_back_only_the_returned_lines():
    original = credits_of(SALE)
    (claw,) = claw_back(original, reversal(date(2025, 4, 2), "L2")).credits
    q2 = period_of(plan(BASE_15), (*original, claw), period=Q2)
    assert [x.line_id for x in claw.lines] == ["L2"]
    assert q2.total == D("-300.00")


def test_lines_already_clawed_back_are_not_clawed_back_twice():
    original = credits_of(SALE)
    first = claw_back(original, reversal(date(2025, 4, 2), "L2")).credits
    again = claw_back(original + first, reversal(date(2025, 4, 9), "L2", reversal_id="R2"))
    rest = claw_back(original + first, reversal(date(2025, 4, 9), reversal_id="R2"))
    assert [r.code for r in again.refusals] == [ReasonCode.NOTHING_TO_CLAW_BACK]
    assert [x.line_id for x in rest.credits[0].lines] == ["L1"]


def test_a_per_deal_incentive_is_clawed_back_only_when_the_whole_deal_is_undone():
    new_logo = SegmentIncentive(
        "logo", "New logo bonus", new_logo_only=True, amount_per_deal=D(500)
    )
    sale = deal(
        line("L1", amount="10000"), line("L2", amount="2000"), account=Account(new_logo=True)
    )
    original = credits_of(sale)
    partial = claw_back(original, reversal(date(2025, 4, 2), "L2")).credits
    rest = claw_back(original + partial, reversal(date(2025, 4, 9), reversal_id="R2")).credits
    q2_partial = period_of(plan(new_logo), original + partial, period=Q2)
    q2_all = period_of(plan(new_logo), original + partial + rest, period=Q2)
    assert q2_partial.total == D("0.00")
    assert q2_all.total == D("-500.00")


def test_a_reversal_needs_credits_a_date_after_the_sale_and_known_lines():
    original = credits_of(SALE)
    early = claw_back(original, reversal(date(2025, 3, 1)))
    unknown = claw_back(original, reversal(date(2025, 4, 1), "L9"))
    nothing = claw_back((), reversal(date(2025, 4, 1)))
    assert [r.code for r in early.refusals] == [ReasonCode.REVERSAL_BEFORE_CLOSE]
    assert [r.code for r in unknown.refusals] == [ReasonCode.UNKNOWN_DEAL_LINE]
    assert [r.code for r in nothing.refusals] == [ReasonCode.NOTHING_TO_CLAW_BACK]


def test_a_sale_reversed_in_its_own_period_leaves_no_residue_in_marginal_tiers():
    tiers = quota_tiers(TierMode.MARGINAL, DOUBLE_ABOVE_QUOTA, "x2 above quota")
    x_rate = ProductRate("x", "X 20%", D("0.2"), product_ids=("X",))
    version = plan(BASE_10, x_rate, tiers)
    sale = credits_of(
        deal(line(product="X", amount="50000"), deal_id="D1", close=date(2025, 1, 10))
    )
    later = credits_of(deal(line(amount="80000"), deal_id="D2", close=date(2025, 2, 10)))
    clawback = claw_back(
        sale, Reversal("R1", "D1", date(2025, 3, 1), ReversalKind.CANCELLED)
    ).credits
    # rated in date order, the X sale would push D2 over quota and its reversal would
    # come off the top at D2's 10 % rate, leaving 3,000 behind; cancelling leaves none
    assert (
        period_of(version, later + sale + clawback).total
        == period_of(version, later).total
        == D("8000.00")
    )


def test_a_reversal_claws_back_the_managers_roll_up_credit_too():
    original = credits_of(SALE, hierarchy={"alice": "maria"})
    clawbacks = claw_back(original, reversal(date(2025, 4, 15))).credits
    assert {(c.rep_id, c.role.value) for c in clawbacks} == {
        ("alice", "DIRECT"),
        ("maria", "ROLLUP"),
    }
    assert period_of(plan(BASE_15), original + clawbacks, rep="maria", period=Q2).total == D(
        "-1800.00"
    )
