"""``recordCommissionPayment`` (FINANCE): money actually paid to a rep against a statement.

A payment is a fact, never edited (the table is append-only): the statement's
``previouslyPaid`` is the sum of its payments and what is left to pay is
``amountDue - previouslyPaid``. Only an approved statement is paid; a payment is
positive, in the statement's currency and minor units, and never beyond what is left
(``OVERPAYMENT``). The statement row is locked while the payment is checked, so two
payments at the same moment cannot together pay more than is due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from commissions.payments import PaymentProblem, check_payment
from db.actor import Actor
from db.models.commission_payouts import CommissionPayment
from db.queries import commission_payouts as queries
from db.queries import commission_statements as statement_queries
from services.audit import record_new
from services.refusal import Code, refuse
from services.validation import optional_text

EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)

_CODES = {
    PaymentProblem.NOT_POSITIVE: (Code.INVALID, "A payment is more than zero.", "amount"),
    PaymentProblem.CURRENCY_MISMATCH: (
        Code.CURRENCY_MISMATCH,
        "A payment is in the statement's currency.",
        "currency",
    ),
    PaymentProblem.NOT_IN_MINOR_UNITS: (
        Code.INVALID,
        "The amount has more decimals than the currency allows.",
        "amount",
    ),
}


@dataclass(frozen=True, slots=True)
class NewPayment:
    """``amount`` paid on ``paid_on`` (today by default), with the bank's ``reference``."""

    amount: Decimal
    paid_on: date | None = None
    currency: str | None = None
    reference: str | None = None


async def record_payment(
    session: AsyncSession, actor: Actor, now: datetime, statement_id: int, new: NewPayment
) -> CommissionPayment:
    """``recordCommissionPayment``: the payment, refused with nothing written when it is not
    positive, not in the statement's currency, beyond what is left, or the statement is not
    approved yet."""
    statement = await queries.statement_for_update(session, statement_id)
    if statement is None:
        raise refuse(
            Code.NOT_FOUND, "No CommissionStatement with this id.", ("input", "statementId")
        )
    reference = optional_text(new.reference, ("input", "reference"), max_length=200)
    paid_on = new.paid_on or now.date()
    if not EARLIEST <= paid_on <= LATEST:
        raise refuse(Code.INVALID, "A payment is dated 1970 to 2199.", ("input", "paidOn"))
    approved = await statement_queries.approvals_of_statements(session, [statement.id])
    if statement.id not in approved:
        raise refuse(
            Code.INVALID_STATE,
            "Only an approved statement is paid: approve it first (approveStatement).",
            ("input", "statementId"),
        )
    currency = new.currency or statement.currency
    paid = await queries.paid_totals(session, [statement.id])
    previously = paid.get(statement.id, Decimal(0))
    problem = check_payment(
        new.amount, currency, statement.currency, statement.amount_due, [previously]
    )
    if problem is PaymentProblem.OVERPAYMENT:
        left = statement.amount_due - previously
        raise refuse(
            Code.OVERPAYMENT,
            f"Only {left} {statement.currency} is left to pay on this statement.",
            ("input", "amount"),
        )
    if problem is not None:
        code, message, field = _CODES[problem]
        raise refuse(code, message, ("input", field))
    row = CommissionPayment(
        statement_id=statement.id,
        amount=new.amount,
        currency=statement.currency,
        paid_on=paid_on,
        reference=reference,
        recorded_by_id=actor.user_id,
    )
    return await record_new(session, actor, "recordCommissionPayment", row)
