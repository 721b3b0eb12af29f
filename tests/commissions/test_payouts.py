"""Draws, holds, carried balances and payments: hand-computed examples."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from commissions.draws import Draw, DrawKind, apply_draw
from commissions.holds import DealAmount, apply_holds
from commissions.payments import PaymentProblem, check_payment
from commissions.payouts import PayoutCarry, settle_payout

NO_HOLDS = apply_holds((), (), {}, False)


def test_a_recoverable_draw_pays_the_shortfall_and_recovers_it_above_the_draw() -> None:
    draw = Draw(DrawKind.RECOVERABLE, D("1000.00"))

    q1 = apply_draw(D("400.00"), draw, D(0))
    q2 = apply_draw(D("1500.00"), draw, q1.outstanding)
    q3 = apply_draw(D("2000.00"), draw, q2.outstanding)

    assert (q1.paid, q1.shortfall_paid, q1.outstanding) == (D("1000.00"), D("600.00"), D("600.00"))
    assert (q2.paid, q2.recovered, q2.outstanding) == (D("1000.00"), D("500.00"), D("100.00"))
    assert (q3.paid, q3.recovered, q3.outstanding) == (D("1900.00"), D("100.00"), D(0))


def test_a_non_recoverable_draw_is_never_recovered() -> None:
    draw = Draw(DrawKind.NON_RECOVERABLE, D("1000.00"))

    q1 = apply_draw(D("400.00"), draw, D(0))
    q2 = apply_draw(D("1500.00"), draw, q1.outstanding)

    assert (q1.paid, q1.non_recoverable_paid, q1.outstanding) == (D("1000.00"), D("600.00"), 0)
    assert (q2.paid, q2.recovered) == (D("1500.00"), 0)


def test_an_outstanding_draw_is_recovered_from_all_earnings_once_the_draw_ends() -> None:
    after = apply_draw(D("250.00"), None, D("600.00"))

    assert (after.paid, after.recovered, after.outstanding) == (0, D("250.00"), D("350.00"))


def test_a_clawback_larger_than_the_period_carries_a_negative_balance() -> None:
    q1 = settle_payout(D("-300.00"), NO_HOLDS, PayoutCarry(), None)
    q2 = settle_payout(D("500.00"), NO_HOLDS, q1.carry, None)

    assert (q1.amount_due, q1.carried_forward, q1.balance) == (0, D("-300.00"), D("-300.00"))
    assert (q2.carried_in, q2.amount_due, q2.carried_forward) == (D("-300.00"), D("200.00"), 0)


def test_a_draw_still_pays_while_a_negative_balance_is_carried() -> None:
    q1 = settle_payout(D("-300.00"), NO_HOLDS, PayoutCarry(), Draw(DrawKind.RECOVERABLE, D("100")))

    assert (q1.amount_due, q1.carried_forward, q1.carry.draw_outstanding) == (
        D("100"),
        D("-300.00"),
        D("100"),
    )


def test_held_commission_waits_for_the_invoice_and_its_clawback_waits_with_it() -> None:
    sold = [DealAmount("q1", D("300.00"), False), DealAmount("q2", D("200.00"), False)]

    q1 = apply_holds(sold, {"q2"}, {}, True)
    q2 = apply_holds([DealAmount("q1", D("-100.00"), True)], (), dict(q1.pool), True)
    q3 = apply_holds((), {"q1"}, dict(q2.pool), True)

    assert (q1.held, q1.pool) == (D("300.00"), (("q1", D("300.00")),))
    assert (q2.held, q2.pool) == (D("-100.00"), (("q1", D("200.00")),))
    assert (q3.held, q3.released, q3.pool, q3.released_quotes) == (0, D("200.00"), (), ("q1",))


def test_a_plan_that_does_not_hold_holds_nothing_but_releases_what_it_held() -> None:
    outcome = apply_holds([DealAmount("q2", D(5), False)], {"q1"}, {"q1": D(7)}, False)

    assert (outcome.held, outcome.released, outcome.pool) == (0, D(7), ())


@pytest.mark.parametrize(
    ("amount", "currency", "problem"),
    [
        (D("-1"), "USD", PaymentProblem.NOT_POSITIVE),
        (D("0"), "USD", PaymentProblem.NOT_POSITIVE),
        (D("1"), "EUR", PaymentProblem.CURRENCY_MISMATCH),
        (D("1.001"), "USD", PaymentProblem.NOT_IN_MINOR_UNITS),
        (D("60.01"), "USD", PaymentProblem.OVERPAYMENT),
        (D("60.00"), "USD", None),
    ],
)
def test_payments_are_checked_against_what_is_left(
    amount: D, currency: str, problem: PaymentProblem | None
) -> None:
    assert check_payment(amount, currency, "USD", D("100.00"), [D("40.00")]) is problem


def test_a_positive_balance_is_never_carried() -> None:
    with pytest.raises(ValueError, match="negative"):
        settle_payout(D(1), NO_HOLDS, PayoutCarry(balance=D(1)), None)
