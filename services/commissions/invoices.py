"""Payment holds: ``markInvoicePaid`` (FINANCE) and ``setCommissionPlanPaymentHold`` (OPS, FINANCE).

The hold is an option of each plan version (``createCommissionPlan`` and
``reviseCommissionPlan`` set it; a new version can change it); the version governing a
period decides for its close. ``setCommissionPlanPaymentHold`` sets it on the versions still
in force after the closed periods.

Under a plan that holds until the invoice is paid, commission on a won quote whose
invoice is not paid by a period's end is held on that period's statement; the first close
after the invoice is marked paid releases it (``commissions.holds``). Marking is a fact
recorded once per quote (``ALREADY_EXISTS`` the second time; a retry with the same
idempotency key gets the first answer back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.commission_payouts import InvoicePayment
from db.models.commissions import CommissionPlan
from db.models.quotes import Quote, QuoteStatus
from db.queries import commission_payouts as queries
from db.queries import commissions as plan_queries
from services.audit import record_new
from services.commissions.calendar import load_closed
from services.refusal import Code, refuse
from services.rows import audited_edit, get_or_refuse

EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)


@dataclass(frozen=True, slots=True)
class InvoicePaid:
    paid_on: date | None = None


async def mark_invoice_paid(
    session: AsyncSession, actor: Actor, now: datetime, quote_id: int, paid: InvoicePaid
) -> InvoicePayment:
    """The won quote's invoice paid on ``paid_on`` (today by default)."""
    quote = await get_or_refuse(session, Quote, quote_id, lock=True, field=("input", "quoteId"))
    if quote.status is not QuoteStatus.WON:
        raise refuse(Code.INVALID_STATE, "Only a won quote is invoiced.", ("input", "quoteId"))
    paid_on = paid.paid_on or now.date()
    if not EARLIEST <= paid_on <= LATEST:
        raise refuse(Code.INVALID, "An invoice is paid 1970 to 2199.", ("input", "paidOn"))
    if await queries.invoice_payment_of(session, quote.id) is not None:
        raise refuse(
            Code.ALREADY_EXISTS, "This quote's invoice is already paid.", ("input", "quoteId")
        )
    row = InvoicePayment(quote_id=quote.id, paid_on=paid_on, recorded_by_id=actor.user_id)
    return await record_new(session, actor, "markInvoicePaid", row)


async def set_payment_hold(
    session: AsyncSession, actor: Actor, now: datetime, plan_id: int, version: int, holds: bool
) -> CommissionPlan:
    """Hold (or stop holding) the plan's commission until each deal's invoice is paid: the
    option of every version still in force after the closed periods (a version that ended
    in them keeps what its statements were closed with); the next close applies it, and
    money already held is released when its invoice is paid."""
    async with audited_edit(
        session, actor, "setCommissionPlanPaymentHold", CommissionPlan, plan_id, version
    ) as plan:
        closed = await load_closed(session)
        last_closed = closed.ranges[-1][1] if closed.ranges else None
        for row in await plan_queries.plan_versions_of(session, plan.id):
            if last_closed is None or row.effective_to is None or row.effective_to > last_closed:
                row.holds_until_invoice_paid = holds
        plan.holds_until_invoice_paid = holds
    return plan
