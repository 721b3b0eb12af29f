"""People who change, hand-computed: two plans in one quarter, and a rep who leaves.

Q1 2025 is Jan 1 - Mar 31: 90 days. Days 1-45 are Jan 1 - Feb 14, days 46-90 Feb 15 - Mar 31.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

from commission_builders import CALENDAR, Q1, Q2, assignment, credits_of, deal, line
from commission_plans import BASE_10, plan, quota_tiers
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions import (
    BaseRate,
    Departure,
    ReasonCode,
    Reversal,
    ReversalKind,
    TierMode,
    claw_back,
    compute_split_period,
    departure_of,
    late_owner,
)

PLAN_A = plan(BASE_10, quota_tiers(TierMode.RETROACTIVE), plan_id="A")
PLAN_B = plan(BaseRate("base", "Base 5%", D("0.05")), plan_id="B")
ON_A = assignment(quota="90000", plan_id="A", end=date(2025, 2, 14), assignment_id="A1")
ON_B = assignment(quota="120000", plan_id="B", start=date(2025, 2, 15), assignment_id="B1")


def test_a_mid_quarter_change_prorates_each_quota_and_keeps_each_credit_on_its_plan() -> None:
    sale_a = credits_of(deal(line(amount="50000"), deal_id="D1", close=date(2025, 1, 10)))
    sale_b = credits_of(deal(line(amount="30000"), deal_id="D2", close=date(2025, 3, 1)))

    split = compute_split_period((PLAN_A, PLAN_B), (ON_B, ON_A), sale_a + sale_b, CALENDAR, Q1)

    a, b = split.parts
    assert (a.first, a.last, a.days, a.factor) == (
        date(2025, 1, 1),
        date(2025, 2, 14),
        45,
        D("0.5"),
    )
    assert (b.first, b.last, b.days, b.factor) == (
        date(2025, 2, 15),
        date(2025, 3, 31),
        45,
        D("0.5"),
    )
    # A: quota 90,000 x 0.5 = 45,000; 50,000 sold = 111.1 %: x1.5 on 5,000 = 7,500
    assert (a.quota, a.full_quota, a.tier, a.total) == (
        D("45000.00"),
        D("90000"),
        "Accelerator",
        D("7500.00"),
    )
    # B: quota 120,000 x 0.5 = 60,000; 30,000 at 5 % = 1,500 (no tiers)
    assert (b.quota, b.total) == (D("60000.00"), D("1500.00"))
    result = split.result
    assert result.total == D("9000.00")
    assert result.attainment == D(80000) / D(105000)
    assert [(x.credit_id, x.amount) for x in result.lines] == [
        ("D1:DIRECT:alice", D("5000.00")),
        (None, D("2500.00")),
        ("D2:DIRECT:alice", D("1500.00")),
    ]
    assert result.lines[1].label == "Tiers (2025-01-01 to 2025-02-14)"


def test_a_credit_between_two_assignments_is_skipped_as_outside_them() -> None:
    gap_end = replace(ON_A, end=date(2025, 2, 9))  # Feb 10 - Feb 14: on no plan
    sale = credits_of(deal(close=date(2025, 2, 10)))
    split = compute_split_period((PLAN_A, PLAN_B), (gap_end, ON_B), sale, CALENDAR, Q1)
    assert split.result.total == D(0)
    assert [(s.credit_id, s.code) for s in split.result.skipped] == [
        ("D1:DIRECT:alice", ReasonCode.CREDIT_OUTSIDE_ASSIGNMENT)
    ]


LEFT = departure_of((ON_A,), {"A": 30})  # left Feb 14, 30-day window: through Mar 16


def test_a_departure_is_the_end_of_the_last_assignment_with_its_plans_window() -> None:
    assert Departure("alice", date(2025, 2, 14), 30) == LEFT
    assert departure_of((ON_A, ON_B), {"A": 30}) is None  # still on B
    assert LEFT.claws_back(date(2025, 3, 16)) and not LEFT.claws_back(date(2025, 3, 17))
    assert Departure("alice", date(2025, 2, 14), None).claws_back(date(2030, 1, 1))


def _leaver_quarter(returned_on: date):
    sale = credits_of(deal(line(amount="50000"), deal_id="D1", close=date(2025, 1, 10)))
    clawback = claw_back(sale, Reversal("R1", "D1", returned_on, ReversalKind.RETURNED)).credits
    flat = plan(BASE_10, plan_id="A")
    return compute_split_period((flat,), (ON_A,), sale + clawback, CALENDAR, Q1, departure=LEFT)


def test_a_leavers_final_quarter_is_prorated_and_claws_back_inside_the_window() -> None:
    split = _leaver_quarter(date(2025, 3, 1))  # 15 days after leaving
    (part,) = split.parts
    assert (part.factor, part.quota, part.leaving) == (D("0.5"), D("45000.00"), True)
    # sold and returned in the same open quarter: the two cancel, as for a rep who stayed
    assert split.result.total == D(0)
    assert [x.clawback_id for x in split.result.reversed_in_period] == ["D1:DIRECT:alice~R1"]


def test_a_return_after_the_window_claws_nothing_back() -> None:
    split = _leaver_quarter(date(2025, 3, 20))  # 34 days after leaving
    assert split.result.total == D("5000.00")
    assert [s.code for s in split.result.skipped] == [ReasonCode.CREDIT_OUTSIDE_ASSIGNMENT]


@settings(max_examples=100, deadline=None)
@given(day=st.integers(0, 400), window=st.none() | st.integers(0, 120))
def test_inside_the_window_is_exactly_up_to_window_days_after_the_last_day(day, window) -> None:
    left = Departure("alice", date(2025, 2, 14), window)
    reversal = date(2025, 1, 1).fromordinal(date(2025, 1, 1).toordinal() + day)
    after = (reversal - left.last_day).days
    assert left.claws_back(reversal) == (after <= 0 or window is None or after <= window)


def test_a_late_credit_belongs_to_the_last_assignment_only_when_none_follows() -> None:
    assert late_owner((ON_A,), date(2025, 3, 1)) == ON_A
    assert late_owner((ON_A, ON_B), date(2025, 3, 1)) is None
    assert late_owner((ON_A,), date(2025, 2, 1)) is None  # still on A that day


def test_a_clawback_in_a_later_quarter_is_rated_on_a_trailing_part_of_0_days() -> None:
    """Left Feb 14; Q1 closed with the sale paid; the return lands in Q2 (the ledger holds it:
    the window was judged when it was written). A later sale of the rep counts for nothing."""
    sale = credits_of(deal(line(amount="50000"), deal_id="D1", close=date(2025, 1, 10)))
    late_sale = credits_of(deal(line(amount="20000"), deal_id="D2", close=date(2025, 4, 11)))
    inside = claw_back(sale, Reversal("R1", "D1", date(2025, 4, 10), ReversalKind.RETURNED))
    flat = plan(BASE_10, plan_id="A")
    left = departure_of((ON_A,), {"A": 60})

    split = compute_split_period(
        (flat,), (ON_A,), inside.credits + late_sale, CALENDAR, Q2, departure=left
    )

    (part,) = split.parts
    assert (part.days, part.factor, part.quota, part.total) == (0, D(0), D(0), D("-5000.00"))
    assert split.result.total == D("-5000.00")
    assert split.result.attainment is None
    assert [s.credit_id for s in split.result.skipped] == ["D2:DIRECT:alice"]
