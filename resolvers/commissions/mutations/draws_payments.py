"""Draws and payments (issue 19): ``recordCommissionPayment`` and ``setCommissionDraw``
(FINANCE), ``markInvoicePaid`` (FINANCE), ``setCommissionPlanPaymentHold`` (OPS, FINANCE)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from commissions.draws import DrawKind
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey
from schema.types.commissions import CommissionPlan
from schema.types.commissions.draws_payments import (
    CommissionDraw,
    CommissionDrawKind,
    CommissionPayment,
    InvoicePayment,
)
from services.commissions import invoices
from services.commissions.draws import NewDraw, end_draw, set_draw
from services.commissions.invoices import InvoicePaid
from services.commissions.payments import NewPayment, record_payment
from services.refusal import Code, Refusal


@strawberry.input(
    description="Money paid to a rep against an approved statement; never more than is left"
    " to pay (`amountDue - previouslyPaid`)."
)
class RecordCommissionPaymentInput:
    statement_id: relay.GlobalID
    """The global ID of the `CommissionStatement` paid."""
    amount: Decimal
    """Above 0, in the statement's currency and its minor units."""
    paid_on: date | None = None
    """The day it was paid (1970 to 2199); today by default."""
    currency: CurrencyCode | None = None
    """The statement's currency by default; another one is CURRENCY_MISMATCH."""
    reference: str | None = None
    """The bank's or payroll's reference (at most 200 characters)."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@strawberry.input(description="A guaranteed amount per commission period for a rep.")
class SetCommissionDrawInput:
    rep_id: relay.GlobalID
    """The global ID of the rep (a `User`)."""
    kind: CommissionDrawKind  # type: ignore[valid-type]
    """Recoverable (an advance) or not (a guarantee)."""
    amount: Decimal
    """Per period: above 0, at most 1,000,000,000, in the currency's minor units. A draw of an
    assignment pays it prorated by its days in a period it covers in part; a rep's own draw pays
    all of it, unless another draw shares the period (each then pays its days)."""
    start_date: date | None = None
    """The first day covered (1970 to 2199), not in a closed period; the assignment's start
    by default (required without `assignmentId`: REQUIRED)."""
    end_date: date | None = None
    """The last day covered (inclusive); null: the assignment's end, open-ended without one."""
    currency: CurrencyCode | None = None
    """The rep's plan currency by default; another one is CURRENCY_MISMATCH."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()
    assignment_id: relay.GlobalID | None = None
    """The global ID of the rep's `CommissionAssignment` the draw belongs to: the draw lies
    within its dates (else INVALID), pays in its plan's currency, and ends when the assignment
    ends (`endCommissionAssignment`); when the assignment is extended, a draw that ended with it
    is extended too. Null: a draw of the rep, by its dates only."""


@strawberry.input(description="The last day a draw covers.")
class EndCommissionDrawInput:
    id: relay.GlobalID
    """The global ID of the `CommissionDraw`."""
    end_date: date
    """The last day covered (inclusive): on or after its start, not in a closed period (nor
    may the draw's current end be); a draw of an assignment not after the assignment's end
    (else INVALID)."""


@strawberry.input(description="A won quote's invoice paid by the customer.")
class MarkInvoicePaidInput:
    quote_id: relay.GlobalID
    """The global ID of the won `Quote`."""
    paid_on: date | None = None
    """The day the customer paid (1970 to 2199); today by default."""
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@strawberry.input(description="Whether a plan holds commission until each deal's invoice is paid.")
class SetCommissionPlanPaymentHoldInput:
    id: relay.GlobalID
    """The global ID of the `CommissionPlan`."""
    version: int
    """The plan's version you read; a stale one is a CONFLICT."""
    holds_until_invoice_paid: bool
    """True: commission on a deal is held until its invoice is marked paid."""


@mutation(record_payment, CommissionPayment, field="payment")
def record_commission_payment(input: RecordCommissionPaymentInput) -> Arguments:
    """The statement and the payment."""
    return key(input.statement_id, "CommissionStatement", "statementId"), command(
        NewPayment, input, currency=None if input.currency is None else str(input.currency)
    )


def _overlap(field: str) -> dict[str, Refusal]:
    """The overlap trigger's constraint as a typed error pointing at ``field``."""
    return {
        "commission_draws_no_overlap": Refusal(
            Code.OVERLAPPING_DRAWS, "The rep has another draw in these dates.", ("input", field)
        )
    }


@mutation(set_draw, CommissionDraw, field="draw", constraint_errors=_overlap("startDate"))
def set_commission_draw(input: SetCommissionDrawInput) -> Arguments:
    """The rep and the draw."""
    return key(input.rep_id, "User", "repId"), command(
        NewDraw,
        input,
        kind=DrawKind(input.kind.value),
        currency=None if input.currency is None else str(input.currency),
        assignment_id=key(input.assignment_id, "CommissionAssignment", "assignmentId"),
    )


@mutation(
    end_draw,
    CommissionDraw,
    field="draw",
    constraint_errors=_overlap("endDate"),
    forgets=lambda loaders: [loaders.commissions.draw_by_id],
)
def end_commission_draw(input: EndCommissionDrawInput) -> Arguments:
    """The draw and its new end."""
    return key(input.id, "CommissionDraw"), input.end_date


@mutation(
    invoices.mark_invoice_paid,
    InvoicePayment,
    field="invoicePayment",
    constraint_errors={
        "uq_invoice_payments_quote_id": Refusal(
            Code.ALREADY_EXISTS, "This quote's invoice is already paid.", ("input", "quoteId")
        )
    },
)
def mark_invoice_paid(input: MarkInvoicePaidInput) -> Arguments:
    """The quote and the day."""
    return key(input.quote_id, "Quote", "quoteId"), command(InvoicePaid, input)


@mutation(
    invoices.set_payment_hold,
    CommissionPlan,
    field="plan",
    forgets=lambda loaders: [loaders.commissions.plan_by_id],
)
def set_commission_plan_payment_hold(input: SetCommissionPlanPaymentHoldInput) -> Arguments:
    """The plan, its version and the option."""
    return key(input.id, "CommissionPlan"), input.version, input.holds_until_invoice_paid
