from datetime import date
from decimal import Decimal as D

from commission_builders import Q2, credits_of, deal, line, period_of
from commission_plans import BASE_10, DOUBLE_ABOVE_QUOTA, plan, quota_tiers

from commissions import (
    Adjustment,
    PriorPayout,
    ReasonCode,
    Reversal,
    ReversalKind,
    TierMode,
    build_statement,
    claw_back,
)

RETRO = quota_tiers(TierMode.RETROACTIVE, DOUBLE_ABOVE_QUOTA)


def q2_result():
    """Q2: a 120,000 sale and a clawback of a 10,000 Q1 sale, with retroactive x2 above quota."""
    q1_sale = credits_of(deal(line(amount="10000"), deal_id="OLD", close=date(2025, 3, 1)))
    clawback = claw_back(
        q1_sale, Reversal("R1", "OLD", date(2025, 4, 20), ReversalKind.CANCELLED)
    ).credits
    q2_sale = credits_of(deal(line(amount="120000"), deal_id="NEW", close=date(2025, 5, 1)))
    return period_of(plan(BASE_10, RETRO), q1_sale + clawback + q2_sale, period=Q2)


def test_a_statement_separates_sales_clawbacks_and_period_level_lines():
    statement = build_statement(q2_result())
    assert [c.deal_id for c in statement.credits] == ["NEW"]
    assert [c.deal_id for c in statement.clawbacks] == ["OLD"]
    # attainment (120,000 - 10,000) / 100,000 = 110 % -> everything doubled: 11,000 more
    assert (statement.sales_total, statement.clawback_total, statement.period_total) == (
        D("12000.00"),
        D("-1000.00"),
        D("11000.00"),
    )


def test_statement_totals_add_up_to_the_balance_due_after_adjustments_and_prior_payouts():
    adjustments = (Adjustment("ADJ1", "Dispute #12 resolved", D("250.00"), "USD"),)
    paid = (PriorPayout("PAY1", date(2025, 5, 31), D("5000.00"), "USD"),)
    statement = build_statement(q2_result(), adjustments, paid)
    assert statement.earned_total == D("22250.00")
    assert statement.earned_total == (
        statement.sales_total
        + statement.clawback_total
        + statement.period_total
        + statement.adjustments_total
    )
    assert statement.balance_due == D("17250.00")
    assert sum(c.amount for c in statement.components) == q2_result().total


def test_adjustments_in_another_currency_or_finer_than_cents_are_refused():
    statement = build_statement(
        q2_result(),
        (
            Adjustment("ADJ1", "Wrong currency", D(10), "EUR"),
            Adjustment("ADJ2", "Too precise", D("10.001"), "USD"),
        ),
    )
    assert [(r.code, r.field) for r in statement.refusals] == [
        (ReasonCode.CURRENCY_MISMATCH, ("adjustments", "ADJ1", "currency")),
        (ReasonCode.AMOUNT_NOT_IN_MINOR_UNITS, ("adjustments", "ADJ2", "amount")),
    ]
    assert statement.balance_due == D(0)


def test_a_period_that_could_not_be_computed_gives_no_statement_but_its_reasons():
    overlapping = (plan(BASE_10, version=1), plan(BASE_10, version=2, start=date(2025, 1, 1)))
    statement = build_statement(period_of(overlapping, ()))
    assert [r.code for r in statement.refusals] == [
        ReasonCode.PERIOD_NOT_COMPUTED,
        ReasonCode.OVERLAPPING_PLAN_VERSIONS,
    ]
