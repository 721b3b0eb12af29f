"""Statements and their lines."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from commissions.payments import payment_status
from db.actor import Actor
from db.codec.commissions import payout_lines_of, summary_of
from db.models import commission_payouts as payout_rows
from db.models import commissions as rows
from documents.statement_pdf import render_statement_pdf
from schema.connection import CountedConnection
from schema.money import Money, money
from schema.nodes import Visible, nodes_via
from schema.rows import from_attrs, loader, related, required, row_object
from schema.scalars import CurrencyCode
from schema.types.commissions.common import (
    PERCENT_SCALE,
    QUOTE_HIDDEN,
    CommissionStatementLineKind,
    CommissionStatementStatus,
    percent,
    quote_number,
    rep_field,
    rep_owned,
    visible_quote,
)
from schema.types.commissions.credits import CommissionCredit
from schema.types.commissions.draws_payments import (
    CommissionCarryConversion,
    CommissionDrawConversion,
    CommissionHeldDeal,
    CommissionPayment,
    CommissionPaymentStatus,
)
from schema.types.commissions.payouts import (
    CommissionComponentTotal,
    CommissionPayoutLine,
    CommissionSpifAward,
)
from schema.types.commissions.periods import CommissionPeriod
from schema.types.commissions.statement_parts import CommissionStatementPart
from schema.types.user import User


async def _statements_of(
    info: strawberry.Info, lines: list[rows.CommissionStatementLine]
) -> dict[int, rows.CommissionStatement]:
    found = await loader(info, "commissions.statement_by_id").load_many(
        [line.statement_id for line in lines]
    )
    return {statement.id: statement for statement in found if statement is not None}


async def _line_scope(
    info: strawberry.Info, viewer: Actor, lines: list[rows.CommissionStatementLine]
) -> Visible:
    """A line is seen by whoever sees its statement."""
    statements = await _statements_of(info, lines)
    return lambda viewer, line: rep_owned(viewer, statements[line.statement_id])


async def _in_statement_currency(
    info: strawberry.Info, lines: list[rows.CommissionStatementLine]
) -> Callable[[rows.CommissionStatementLine], CommissionStatementLine]:
    statements = await _statements_of(info, lines)
    return lambda line: statement_line(line, statements[line.statement_id].currency)


@strawberry.type(
    description="One line of a statement: a credit's commission, a period-level line,"
    " an adjustment or an award."
)
class CommissionStatementLine(relay.Node):
    id: relay.NodeID[int]
    position: int
    """The line's place on its statement, from 1."""
    kind: CommissionStatementLineKind  # type: ignore[valid-type]
    """What the line is about."""
    description: str
    """The line as the statement prints it."""
    amount: Money
    """What the line adds to the statement (negative: takes away), in the statement's currency."""
    details: list[CommissionPayoutLine]
    """The explained amounts behind this line."""
    credit_id: strawberry.Private[int | None]
    quote_id: strawberry.Private[int | None]
    statement_id: strawberry.Private[int]

    credit = related(
        "commissions.credit_by_id",
        "credit_id",
        CommissionCredit,
        description="The credit a SALE or CLAWBACK line is about; null on other lines.",
    )

    quote = strawberry.field(
        resolver=visible_quote,
        description="The quote a SALE or CLAWBACK line is about; null on other lines."
        + QUOTE_HIDDEN,
    )

    quote_number = strawberry.field(
        resolver=quote_number,
        graphql_type=str | None,
        description="The quote's human reference (e.g. Q-1042) on a line about a quote, even"
        " when `quote` is hidden from you; null on other lines.",
    )

    resolve_nodes = nodes_via(
        "commissions.statement_line_by_id", scope=_line_scope, build=_in_statement_currency
    )


def statement_line(row: rows.CommissionStatementLine, currency: str) -> CommissionStatementLine:
    return from_attrs(
        CommissionStatementLine,
        row,
        amount=money(row.amount, currency),
        details=[CommissionPayoutLine.of(d, currency) for d in payout_lines_of(row.details)],
    )


@strawberry.type(
    name="CommissionStatementLineConnection",
    description="A page of a statement's lines, in statement order.",
)
class CommissionStatementLineConnection(CountedConnection[CommissionStatementLine]):
    pass


_TOTALS = (
    "sales_total",
    "clawback_total",
    "period_total",
    "adjustments_total",
    "earned_total",
    "non_cash_value",
    "carried_in",
    "held_total",
    "released_total",
    "draw_paid",
    "draw_recovered",
    "draw_outstanding",
    "amount_due",
    "carried_forward",
)
"""The statement's amounts, each in the statement's currency."""


@strawberry.type(
    description="A rep's statement for a closed period:"
    " lines, components, adjustments, clawbacks, totals."
)
class CommissionStatement(relay.Node):
    id: relay.NodeID[int]
    currency: CurrencyCode
    """The plan's currency: every amount of the statement is in it."""
    attainment_percent: Decimal | None = strawberry.field(
        description="Credited revenue counting toward quota as a percentage of quota at period"
        " end (100.00 is on quota). " + PERCENT_SCALE + "; null without a quota."
    )
    quota: Money | None
    """The rep's quota for the period; null without one."""
    tier: str | None
    """The name of the quota tier reached; null when the plan has no tiers."""
    sales_total: Money
    """Commission on the period's sales."""
    clawback_total: Money
    """Commission taken back by clawbacks (zero or negative)."""
    period_total: Money
    """Tiers, gate, caps and cash SPIFs of the whole period."""
    adjustments_total: Money
    """The sum of FINANCE's adjustments in the period."""
    earned_total: Money
    """Sales, clawbacks, period total and adjustments together (held deals included)."""
    non_cash_value: Money
    """Stated value of non-cash awards (trips), not paid in cash."""
    components: list[CommissionComponentTotal]
    """The commission per rule of the plan."""
    awards: list[CommissionSpifAward]
    """SPIFs reached in the period, cash and non-cash."""
    assignment_parts: list[CommissionStatementPart]
    """One part per assignment the rep held in the period (a role or territory change, a
    joiner, a leaver), each with its days and proration factor; `quota` is their prorated
    quotas together."""
    final: bool
    """True on a leaver's final statement: their last assignment ended in this period."""
    created_at: datetime
    """When the statement was issued."""
    carried_in: Money
    """The negative balance the rep's previous statement carried forward (zero or negative)."""
    held_total: Money
    """Earned on deals whose invoice is not paid yet, under a plan that holds until it is: held,
    not due (see `heldDeals`)."""
    released_total: Money
    """Held by earlier statements and released now that the deals' invoices are paid."""
    draw_paid: Money
    """What the rep's draws paid on top of what the period earned (zero without a shortfall):
    every draw touching the period, a draw of an assignment prorated by its days in it, one in
    another currency converted (`drawConversions`)."""
    draw_recovered: Money
    """Taken from this period's earnings above the draw to recover earlier recoverable draws
    (zero or positive)."""
    draw_outstanding: Money
    """Recoverable draw paid and not recovered yet, after this statement."""
    amount_due: Money
    """What this statement pays (zero or positive): `earnedTotal - heldTotal + releasedTotal +
    carriedIn`, less `drawRecovered`, plus `drawPaid`, and zero when that is negative (the
    negative balance goes to `carriedForward`)."""
    carried_forward: Money
    """The negative balance the rep's next statement starts with (zero or negative)."""
    held_deals: list[CommissionHeldDeal]
    """The deals whose commission is still held after this statement, with the amount each."""
    carried_in_conversion: CommissionCarryConversion | None
    """Set when the previous statement was in another currency: the dated rate that converted
    what it carried (`carriedIn`, `drawOutstanding` brought in, held deals); null otherwise."""
    draw_conversions: list[CommissionDrawConversion]
    """The draws of the period paid in another currency than the statement's, each with the
    dated rate that converted it into `drawPaid`'s currency; empty when none was."""
    rep_id: strawberry.Private[int]
    period_id: strawberry.Private[int]
    balance_at_close: strawberry.Private[Decimal]
    due_at_close: strawberry.Private[Decimal]

    async def _payments(self, info: strawberry.Info) -> list[payout_rows.CommissionPayment]:
        found: list[payout_rows.CommissionPayment] = await loader(
            info, "commissions.payments_by_statement_id"
        ).load(self.id)
        return found

    @strawberry.field(
        description="The payments FINANCE recorded against the statement, oldest first."
    )
    async def payments(self, info: strawberry.Info) -> list[CommissionPayment]:
        return [CommissionPayment.from_row(row) for row in await self._payments(info)]

    @strawberry.field(
        description="The sum of `payments`: money actually paid against the statement."
    )
    async def previously_paid(self, info: strawberry.Info) -> Money:
        paid = sum((row.amount for row in await self._payments(info)), Decimal(0))
        return money(paid, self.currency)

    @strawberry.field(
        description="`amountDue + carriedForward - previouslyPaid`: still to pay on the"
        " statement; negative when the period ends with money the rep owes back (carried"
        " forward to the next statement)."
    )
    async def balance_due(self, info: strawberry.Info) -> Money:
        paid = sum((row.amount for row in await self._payments(info)), Decimal(0))
        return money(self.balance_at_close - paid, self.currency)

    @strawberry.field(
        description="PAID, PARTIALLY_PAID or UNPAID: `previouslyPaid` against `amountDue`"
        " (filter `commissionStatements` with `paymentStatus`)."
    )
    async def payment_status(self, info: strawberry.Info) -> CommissionPaymentStatus:  # type: ignore[valid-type]
        paid = [row.amount for row in await self._payments(info)]
        return payment_status(self.due_at_close, paid)

    rep = rep_field("The rep the statement pays.")

    period = required(
        "commissions.period_by_id",
        "period_id",
        CommissionPeriod,
        description="The closed period the statement is for.",
    )

    async def _approval(self, info: strawberry.Info) -> rows.CommissionStatementApproval | None:
        return await loader(info, "commissions.approval_by_statement_id").load(self.id)

    @strawberry.field(description="DRAFT until FINANCE approves the payout.")
    async def status(self, info: strawberry.Info) -> CommissionStatementStatus:
        approval = await self._approval(info)
        return CommissionStatementStatus.APPROVED if approval else CommissionStatementStatus.DRAFT

    @strawberry.field(description="When FINANCE approved the payout; null while DRAFT.")
    async def approved_at(self, info: strawberry.Info) -> datetime | None:
        approval = await self._approval(info)
        return approval.approved_at if approval else None

    @strawberry.field(
        description="Who approved the payout; null while DRAFT (or if their account is gone)."
    )
    async def approved_by(self, info: strawberry.Info) -> User | None:
        approval = await self._approval(info)
        approver = None if approval is None else approval.approved_by_id
        return await row_object(info, "user_by_id", approver, User)

    @strawberry.field(
        description="Every line in order"
        " (page with `commissionStatementLines` for long statements)."
    )
    async def lines(self, info: strawberry.Info) -> list[CommissionStatementLine]:
        found = await loader(info, "commissions.lines_by_statement_id").load(self.id)
        return [statement_line(row, self.currency) for row in found]

    @strawberry.field(description="The statement as a PDF, base64-encoded.")
    async def pdf_base64(self, info: strawberry.Info) -> str:
        document = await loader(info, "commissions.statement_document_by_id").load(self.id)
        if document is None:
            return ""
        # Laid out in the CPU pool's processes: rendering holds the GIL.
        pdf: bytes = await info.context.config.cpu.run_in_process(render_statement_pdf, document)
        return base64.b64encode(pdf).decode()

    @classmethod
    def from_row(cls, row: rows.CommissionStatement) -> CommissionStatement:
        c = row.currency
        summary = summary_of(row.summary)
        return from_attrs(
            cls,
            row,
            attainment_percent=percent(row.attainment),
            quota=money(row.quota, c) if row.quota is not None else None,
            **{total: money(getattr(row, total), c) for total in _TOTALS},
            components=[CommissionComponentTotal.of(t, c) for t in summary.components],
            awards=[CommissionSpifAward.of(a, c) for a in summary.awards],
            assignment_parts=[CommissionStatementPart.of(p, c) for p in summary.parts],
            final=any(p.leaving for p in summary.parts),
            held_deals=[CommissionHeldDeal.of(q, a, c) for q, a in sorted(row.held_pool.items())],
            balance_at_close=row.balance_due,
            due_at_close=row.amount_due,
            carried_in_conversion=_conversion(row),
            draw_conversions=[CommissionDrawConversion.of(d, c) for d in row.draw_conversions],
        )

    # A rep sees their own statements, a manager the team's, FINANCE all; others get null.
    resolve_nodes = nodes_via("commissions.statement_by_id", rep_owned)


def _conversion(row: rows.CommissionStatement) -> CommissionCarryConversion | None:
    if (
        row.carry_from_currency is None
        or row.carry_rate is None
        or row.carry_rate_valid_from is None
        or row.carried_in_original is None
    ):
        return None
    return CommissionCarryConversion(
        from_currency=CurrencyCode(row.carry_from_currency),
        rate=row.carry_rate,
        valid_from=row.carry_rate_valid_from,
        carried_in_original=money(row.carried_in_original, row.carry_from_currency),
    )


@strawberry.type(
    name="CommissionStatementConnection", description="A page of commission statements."
)
class CommissionStatementConnection(CountedConnection[CommissionStatement]):
    pass
