"""Draws, holds, carried balances and payments: invariants over any run of periods."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from commissions.draws import Draw, DrawKind, apply_draw
from commissions.holds import DealAmount, apply_holds
from commissions.payments import PaymentProblem, check_payment, left_to_pay
from commissions.payouts import PayoutCarry, settle_payout

SETTINGS = settings(max_examples=200, deadline=None)
MONEY = st.integers(-500_000, 1_000_000).map(lambda cents: D(cents) / 100)
POSITIVE = st.integers(0, 1_000_000).map(lambda cents: D(cents) / 100)
DRAWS = st.one_of(st.none(), st.builds(Draw, st.sampled_from(list(DrawKind)), POSITIVE))
QUOTES = st.sampled_from(["q1", "q2", "q3", "q4"])


@st.composite
def periods(draw) -> list:
    """1-8 periods: earnings (sales per quote, clawbacks, period-level), a draw, invoices paid."""
    out = []
    for _ in range(draw(st.integers(1, 8))):
        deals = draw(st.lists(st.builds(DealAmount, QUOTES, POSITIVE, st.booleans()), max_size=4))
        deals = [
            DealAmount(d.quote_id, -d.amount if d.clawback else d.amount, d.clawback) for d in deals
        ]
        out.append((deals, draw(MONEY), draw(DRAWS), draw(st.sets(QUOTES)), draw(st.booleans())))
    return out


def run(history: list) -> tuple[list, PayoutCarry, D, D]:
    carry = PayoutCarry()
    payouts, earned_total, non_recoverable = [], D(0), D(0)
    for deals, period_level, draw, paid, holding in history:
        earned = sum((d.amount for d in deals), D(0)) + period_level
        holds = apply_holds(deals, paid, dict(carry.held), holding)
        payout = settle_payout(earned, holds, carry, draw)
        payouts.append(payout)
        carry = payout.carry
        earned_total += earned
        non_recoverable += payout.draw.non_recoverable_paid
    return payouts, carry, earned_total, non_recoverable


@SETTINGS
@given(periods())
def test_total_due_is_earned_plus_draws_less_what_is_held_or_owed(history: list) -> None:
    payouts, carry, earned, non_recoverable = run(history)

    still_held = sum((a for _, a in carry.held), D(0))
    assert sum(p.amount_due for p in payouts) == (
        earned - still_held - carry.balance + carry.draw_outstanding + non_recoverable
    )


@SETTINGS
@given(periods())
def test_nothing_due_is_ever_negative_and_only_a_negative_balance_is_carried(
    history: list,
) -> None:
    payouts, _, _, _ = run(history)

    assert all(p.amount_due >= 0 and p.carried_forward <= 0 for p in payouts)
    assert all(p.carry.draw_outstanding >= 0 for p in payouts)
    assert all(
        p.amount_due == 0 or p.carried_forward == 0 or p.draw.shortfall_paid > 0 for p in payouts
    )


@SETTINGS
@given(st.lists(st.tuples(MONEY, POSITIVE), min_size=1, max_size=8))
def test_carry_forward_preserves_the_sum(history: list) -> None:
    """Without draws or holds, what is due plus what is still owed is what was earned."""
    carry, due, earned = PayoutCarry(), D(0), D(0)
    for amount, _ in history:
        payout = settle_payout(amount, apply_holds((), (), {}, False), carry, None)
        carry, due, earned = payout.carry, due + payout.amount_due, earned + amount

    assert due + carry.balance == earned


@SETTINGS
@given(
    POSITIVE,
    st.one_of(st.none(), st.builds(Draw, st.just(DrawKind.RECOVERABLE), POSITIVE)),
    POSITIVE,
)
def test_a_recoverable_draw_pays_at_most_the_larger_of_earnings_and_the_draw(
    available: D, draw: Draw | None, outstanding: D
) -> None:
    outcome = apply_draw(available, draw, outstanding)

    assert outcome.paid <= max(available, draw.amount if draw else D(0))
    assert outcome.paid >= (draw.amount if draw else D(0))
    assert outcome.outstanding + outcome.recovered == outstanding + outcome.shortfall_paid


@SETTINGS
@given(st.lists(st.tuples(POSITIVE, DRAWS), min_size=1, max_size=10))
def test_cumulative_pay_is_earnings_plus_what_draws_advanced_or_guaranteed(history: list) -> None:
    """With earnings never negative, a recoverable draw only moves pay earlier: once it is
    recovered, cumulative pay equals cumulative earnings plus non-recoverable top-ups."""
    outstanding, paid, earned, guaranteed = D(0), D(0), D(0), D(0)
    for available, draw in history:
        outcome = apply_draw(available, draw, outstanding)
        outstanding = outcome.outstanding
        paid, earned = paid + outcome.paid, earned + available
        guaranteed += outcome.non_recoverable_paid
        assert outcome.recovered <= max(available - (draw.amount if draw else D(0)), D(0))

    assert paid == earned + guaranteed + outstanding


@SETTINGS
@given(st.lists(st.tuples(QUOTES, POSITIVE), max_size=6), st.sets(QUOTES))
def test_held_money_is_released_exactly_once(sales: list, paid_later: set) -> None:
    deals = [DealAmount(q, a, False) for q, a in sales]

    first = apply_holds(deals, (), {}, True)
    second = apply_holds((), paid_later, dict(first.pool), True)
    third = apply_holds((), paid_later, dict(second.pool), True)

    assert first.held == sum((d.amount for d in deals), D(0))
    assert second.released + sum((a for _, a in second.pool), D(0)) == first.held
    assert third.released == 0


@SETTINGS
@given(POSITIVE, st.lists(POSITIVE, max_size=4), POSITIVE)
def test_a_statement_is_never_paid_beyond_what_is_due(due: D, payments: list, amount: D) -> None:
    problem = check_payment(amount, "USD", "USD", due, payments)

    if amount == 0:
        assert problem is PaymentProblem.NOT_POSITIVE
    elif amount > left_to_pay(due, payments):
        assert problem is PaymentProblem.OVERPAYMENT
    else:
        assert problem is None
