"""Draws, invoices marked paid, payments made against statements, and deals held (issue 19)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from commissions.payments import PaymentStatus
from db.models import commission_payouts as rows
from schema.connection import CountedConnection
from schema.enums import described_enum
from schema.money import Money, money
from schema.nodes import node_of, nodes_via
from schema.rows import FromRow, from_attrs, loader
from schema.scalars import CurrencyCode
from schema.types.commissions.common import rep_field, rep_owned, visible_quote
from schema.types.commissions.plans import CommissionAssignment

if TYPE_CHECKING:
    from schema.types.commissions.statements import CommissionStatement

CommissionDrawKind = described_enum(
    rows.CommissionDrawKind,
    "CommissionDrawKind",
    "Whether what a draw pays on top of the rep's earnings is recovered later.",
    {
        "RECOVERABLE": "An advance: what the draw pays on top of earnings is recovered from"
        " later earnings above the draw amount (and from all earnings once the draw ends).",
        "NON_RECOVERABLE": "A guarantee: what the draw pays on top of earnings is never recovered.",
    },
)


CommissionPaymentStatus = described_enum(
    PaymentStatus,
    "CommissionPaymentStatus",
    "How far a statement is paid: the payments recorded against it (`previouslyPaid`)"
    " compared with its `amountDue`.",
    {
        "PAID": "Everything due is paid (a statement with nothing due is PAID).",
        "PARTIALLY_PAID": "Some of `amountDue` is paid, some is left.",
        "UNPAID": "Something is due and nothing is paid yet.",
    },
)


@strawberry.type(
    description="The dated exchange rate that converted the balance a rep's previous statement"
    " carried in another currency (the rep changed to a plan in another currency)."
)
class CommissionCarryConversion:
    from_currency: CurrencyCode
    """The previous statement's currency."""
    rate: Decimal
    """One unit of `fromCurrency` in the statement's currency: the stored rate used."""
    valid_from: date
    """The day the rate is valid from (the latest on or before the period's first day)."""
    carried_in_original: Money
    """The negative balance carried, before conversion, in `fromCurrency`."""


@strawberry.type(
    description="A draw paid in another currency than its statement's: the dated exchange"
    " rate that converted its share of the period (the rep changed to a plan in another"
    " currency while the draw runs)."
)
class CommissionDrawConversion:
    draw_id: strawberry.ID
    """The global ID of the `CommissionDraw`."""
    from_currency: CurrencyCode
    """The draw's currency."""
    rate: Decimal
    """One unit of `fromCurrency` in the statement's currency: the stored rate used."""
    valid_from: date
    """The day the rate is valid from (the latest on or before the period's first day)."""
    original: Money
    """The draw's share of the period in `fromCurrency` (its amount, prorated by its days
    when it does not pay the whole amount)."""
    converted: Money
    """The same share in the statement's currency: what the period's draw counts."""

    @classmethod
    def of(cls, stored: dict[str, str], currency: str) -> CommissionDrawConversion:
        """A conversion as the statement stores it (``draw_conversions``)."""
        return cls(
            draw_id=strawberry.ID(relay.to_base64("CommissionDraw", stored["draw"])),
            from_currency=CurrencyCode(stored["from"]),
            rate=Decimal(stored["rate"]),
            valid_from=date.fromisoformat(stored["valid_from"]),
            original=money(Decimal(stored["original"]), stored["from"]),
            converted=money(Decimal(stored["converted"]), currency),
        )


@strawberry.type(
    description="A guaranteed amount per commission period for a rep: when what the period"
    " pays falls short of it, the draw pays the difference (`CommissionStatement.drawPaid`)."
)
class CommissionDraw(relay.Node):
    id: relay.NodeID[int]
    kind: CommissionDrawKind  # type: ignore[valid-type]
    """Recoverable (an advance) or not (a guarantee)."""
    amount: Money
    """Guaranteed for each period the draw covers, in the rep's plan currency when it was set
    (a statement in another currency converts it with the dated rate); a draw of an assignment
    is prorated by its days in a period it covers in part."""
    start_date: date
    """The first day covered; every period the dates touch is covered."""
    end_date: date | None
    """The last day covered (inclusive); null: open-ended."""
    created_at: datetime
    """When FINANCE set it."""
    rep_id: strawberry.Private[int]
    assignment_id: strawberry.Private[int | None]

    rep = rep_field("The rep the draw pays.")

    @strawberry.field(
        description="The assignment the draw belongs to (it ends when the assignment ends);"
        " null: a draw of the rep, by its dates only."
    )
    async def assignment(self, info: strawberry.Info) -> CommissionAssignment | None:
        if self.assignment_id is None:
            return None
        row = await loader(info, "commissions.assignment_by_id").load(self.assignment_id)
        # a draw of an assignment pays in its plan's currency
        return None if row is None else CommissionAssignment.from_row(row, self.amount.currency)

    @classmethod
    def from_row(cls, row: rows.CommissionDraw) -> CommissionDraw:
        return from_attrs(cls, row, amount=money(row.amount, row.currency))

    # A rep sees their own draws, a manager the team's, FINANCE and OPS everyone's.
    resolve_nodes = nodes_via("commissions.draw_by_id", rep_owned)


@strawberry.type(name="CommissionDrawConnection", description="A page of draws.")
class CommissionDrawConnection(CountedConnection[CommissionDraw]):
    pass


@strawberry.type(description="Money FINANCE actually paid to a rep against a statement.")
class CommissionPayment:
    amount: Money
    """What was paid, in the statement's currency."""
    paid_on: date
    """The day it was paid."""
    reference: str | None
    """The bank's or payroll's reference, if given."""
    created_at: datetime
    """When it was recorded."""
    statement_id: strawberry.Private[int]

    @strawberry.field(
        description="The statement paid, as it stands after the payment (`paymentStatus`,"
        " `balanceDue`); null when you may not see it."
    )
    async def statement(
        self, info: strawberry.Info
    ) -> (
        Annotated[CommissionStatement, strawberry.lazy("schema.types.commissions.statements")]
        | None
    ):
        from schema.types.commissions.statements import CommissionStatement as Statement

        return await node_of(info, Statement, self.statement_id)

    @classmethod
    def from_row(cls, row: rows.CommissionPayment) -> CommissionPayment:
        return from_attrs(cls, row, amount=money(row.amount, row.currency))


@strawberry.type(
    description="A won quote's invoice marked paid: commission held for it under a plan that"
    " holds until the invoice is paid is released at the first close after `paidOn`."
)
class InvoicePayment(FromRow):
    paid_on: date
    """The day the customer paid."""
    created_at: datetime
    """When it was recorded."""
    quote_id: strawberry.Private[int]

    quote = strawberry.field(
        resolver=visible_quote,
        description="The quote whose invoice was paid; null when you may not open it.",
    )


@strawberry.type(
    description="Commission earned on a deal and still held until the deal's invoice is paid."
)
class CommissionHeldDeal:
    amount: Money
    """What is held for the deal after this statement, in the statement's currency."""
    quote_id: strawberry.Private[int]

    quote = strawberry.field(
        resolver=visible_quote, description="The deal's quote; null when you may not open it."
    )

    @classmethod
    def of(cls, quote_id: str, amount: str, currency: str) -> CommissionHeldDeal:
        return cls(amount=money(Decimal(amount), currency), quote_id=int(quote_id))
