"""Payments FINANCE actually made against a statement: what is left to pay, and which
payments are refused.

Payments are append-only facts; a statement's ``previously_paid`` is their sum and
what is left is ``amount_due - previously_paid``. A payment is positive, in the
statement's currency and its minor units, and never more than what is left: a
statement is never paid beyond its ``amount_due``. Its status (``payment_status``) is
PAID once nothing is left, PARTIALLY_PAID with something paid and something left, UNPAID
with nothing paid against something due.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from decimal import Decimal

from commissions.money import ZERO, round_money


class PaymentStatus(enum.Enum):
    """How far a statement is paid: what was paid against ``amount_due``."""

    PAID = "PAID"
    """Everything due is paid (a statement with nothing due is paid)."""
    PARTIALLY_PAID = "PARTIALLY_PAID"
    """Something paid, something left."""
    UNPAID = "UNPAID"
    """Something due and nothing paid yet."""


def payment_status(amount_due: Decimal, payments: Iterable[Decimal]) -> PaymentStatus:
    """The statement's status from its ``amount_due`` (>= 0) and the payments made."""
    paid = paid_total(payments)
    if paid >= amount_due:
        return PaymentStatus.PAID
    return PaymentStatus.PARTIALLY_PAID if paid > ZERO else PaymentStatus.UNPAID


class PaymentProblem(enum.Enum):
    """Why a payment is refused."""

    NOT_POSITIVE = "NOT_POSITIVE"
    NOT_IN_MINOR_UNITS = "NOT_IN_MINOR_UNITS"
    CURRENCY_MISMATCH = "CURRENCY_MISMATCH"
    OVERPAYMENT = "OVERPAYMENT"


def paid_total(payments: Iterable[Decimal]) -> Decimal:
    """What was paid against a statement: the sum of its payments."""
    return sum(payments, ZERO)


def left_to_pay(amount_due: Decimal, payments: Iterable[Decimal]) -> Decimal:
    """``amount_due`` less what was paid; never negative while payments are checked."""
    return amount_due - paid_total(payments)


def check_payment(
    amount: Decimal,
    currency: str,
    statement_currency: str,
    amount_due: Decimal,
    payments: Iterable[Decimal],
) -> PaymentProblem | None:
    """The first reason ``amount`` cannot be recorded against the statement, or None."""
    if amount <= ZERO:
        return PaymentProblem.NOT_POSITIVE
    if currency != statement_currency:
        return PaymentProblem.CURRENCY_MISMATCH
    if round_money(amount, currency) != amount:
        return PaymentProblem.NOT_IN_MINOR_UNITS
    if amount > left_to_pay(amount_due, payments):
        return PaymentProblem.OVERPAYMENT
    return None
