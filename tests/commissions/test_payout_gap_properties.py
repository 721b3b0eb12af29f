"""Payment status and a carry converted into another currency: invariants (issue 19, the gaps)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commissions.currency import ExchangeRate
from commissions.draws import Draw, DrawKind
from commissions.holds import apply_holds
from commissions.payments import PaymentStatus, check_payment, payment_status
from commissions.payouts import PayoutCarry, convert_carry, settle_payout

SETTINGS = settings(max_examples=200, deadline=None)
CENTS = st.integers(0, 1_000_000).map(lambda cents: D(cents) / 100)
RATES = st.integers(1, 10**9).map(lambda micro: D(micro) / 10**6)  # 0.000001 .. 1,000
CURRENCIES = st.sampled_from(["USD", "EUR", "JPY", "KWD"])
QUOTES = st.sampled_from(["q1", "q2", "q3"])


@st.composite
def carries(draw) -> PayoutCarry:  # type: ignore[no-untyped-def]
    held = draw(st.dictionaries(QUOTES, CENTS.filter(lambda a: a != 0), max_size=3))
    return PayoutCarry(-draw(CENTS), draw(CENTS), tuple(sorted(held.items())))


def rate(value: D, source: str = "USD", target: str = "EUR") -> ExchangeRate:
    return ExchangeRate(source, target, value, date(2026, 9, 15))


@SETTINGS
@given(CENTS, st.lists(CENTS.filter(lambda a: a > 0), max_size=6))
def test_the_status_follows_what_is_paid_against_what_is_due(due: D, payments: list) -> None:
    status = payment_status(due, payments)
    paid = sum(payments, D(0))

    assert (status is PaymentStatus.PAID) == (paid >= due)
    assert (status is PaymentStatus.UNPAID) == (paid == 0 and due > 0)
    assert (status is PaymentStatus.PARTIALLY_PAID) == (0 < paid < due)


@SETTINGS
@given(CENTS, st.lists(CENTS, max_size=8))
def test_accepted_payments_move_a_statement_from_unpaid_towards_paid_never_back(
    due: D, attempts: list
) -> None:
    """Recording only the payments ``check_payment`` accepts, the status never goes back:
    UNPAID, then PARTIALLY_PAID, then PAID; PAID exactly when nothing is left."""
    order = [PaymentStatus.UNPAID, PaymentStatus.PARTIALLY_PAID, PaymentStatus.PAID]
    made: list[D] = []
    seen = [payment_status(due, made)]
    for amount in attempts:
        if check_payment(amount, "USD", "USD", due, made) is None:
            made.append(amount)
        seen.append(payment_status(due, made))

    assert [order.index(s) for s in seen] == sorted(order.index(s) for s in seen)
    assert (seen[-1] is PaymentStatus.PAID) == (sum(made, D(0)) == due)


@SETTINGS
@given(carries(), RATES, CURRENCIES)
def test_a_converted_carry_keeps_its_signs_and_is_within_half_a_minor_unit(
    carry: PayoutCarry, value: D, target: str
) -> None:
    converted = convert_carry(carry, rate(value, "USD", target))
    unit = {"USD": D("0.01"), "EUR": D("0.01"), "JPY": D(1), "KWD": D("0.001")}[target]

    assert converted.balance <= 0 and converted.draw_outstanding >= 0
    assert abs(converted.balance - carry.balance * value) <= unit / 2
    assert abs(converted.draw_outstanding - carry.draw_outstanding * value) <= unit / 2
    held = dict(carry.held)
    for quote, amount in converted.held:
        assert amount > 0 and abs(amount - held[quote] * value) <= unit / 2


@SETTINGS
@given(carries())
def test_converting_at_a_rate_of_one_changes_nothing(carry: PayoutCarry) -> None:
    assert convert_carry(carry, rate(D(1))) == carry


@SETTINGS
@given(carries(), RATES, CENTS)
def test_the_statement_after_a_conversion_settles_the_converted_carry_like_any_other(
    carry: PayoutCarry, value: D, earned: D
) -> None:
    """What is due plus what is carried on is the earnings plus the converted balance (no
    draw, no holds): the rep neither gains nor loses by the change beyond the rate itself."""
    converted = convert_carry(PayoutCarry(carry.balance), rate(value))
    payout = settle_payout(earned, apply_holds((), (), {}, False), converted, None)

    assert payout.amount_due + payout.carried_forward == earned + converted.balance
    assert payout.carried_in == converted.balance


def test_a_hand_computed_conversion_and_a_rate_that_is_not_positive() -> None:
    carry = PayoutCarry(D("-300.00"), D("80.00"), (("7", D("420.00")), ("9", D("0.004"))))

    assert convert_carry(carry, rate(D("0.9"))) == PayoutCarry(
        D("-270.00"), D("72.00"), (("7", D("378.00")),)
    )
    with pytest.raises(ValueError, match="above 0"):
        convert_carry(carry, rate(D(0)))


@SETTINGS
@given(carries(), st.sampled_from(list(DrawKind)), CENTS.filter(lambda a: a > 0))
def test_a_statement_with_only_a_draw_pays_the_draw_and_carries_the_rest_on(
    carry: PayoutCarry, kind: DrawKind, amount: D
) -> None:
    """A rep with nothing earned (no assignment in the period) and a draw: the draw is paid in
    full, a negative balance moves on untouched, nothing is recovered, and a recoverable draw
    adds to what is outstanding."""
    nothing_held = PayoutCarry(carry.balance, carry.draw_outstanding)
    payout = settle_payout(D(0), apply_holds((), (), {}, False), nothing_held, Draw(kind, amount))

    assert payout.amount_due == amount == payout.draw.shortfall_paid
    assert payout.carried_forward == carry.balance
    assert payout.draw.recovered == 0
    added = amount if kind is DrawKind.RECOVERABLE else D(0)
    assert payout.carry.draw_outstanding == carry.draw_outstanding + added
