"""Adjustments and inquiries (disputes) with their threads."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import relay

from db.models import commissions as rows
from schema.connection import CountedConnection
from schema.enums import described_enum
from schema.money import Money, money
from schema.nodes import node_of, nodes_via
from schema.rows import FromRow, from_attrs, loader, related
from schema.types.commissions.common import (
    CommissionInquiryCategory,
    CommissionInquiryStatus,
    rep_field,
    rep_owned,
)
from schema.types.commissions.credits import CommissionCredit
from schema.types.commissions.statements import CommissionStatementLine
from schema.types.user import User


@strawberry.type(
    description="A signed correction by FINANCE, in the open period of `effectiveDate`."
)
class CommissionAdjustment(relay.Node):
    id: relay.NodeID[int]
    effective_date: date
    """The day that places the adjustment in a period (an open one)."""
    amount: Money
    """Added to the rep's earnings (negative: taken away), in the minor units of its currency."""
    description: str
    """Why, as the statement prints it."""
    created_at: datetime
    """When FINANCE recorded it."""
    rep_id: strawberry.Private[int]

    rep = rep_field("The rep whose earnings it corrects.")

    @classmethod
    def from_row(cls, row: rows.CommissionAdjustment) -> CommissionAdjustment:
        return from_attrs(cls, row, amount=money(row.amount, row.currency))

    resolve_nodes = nodes_via("commissions.adjustment_by_id", rep_owned)


CommissionInquiryMessageKind = described_enum(
    rows.InquiryMessageKind,
    "CommissionInquiryMessageKind",
    "The step of an inquiry a message of its thread records.",
    {
        "OPENED": "The rep opened the inquiry: their question.",
        "ANSWER": "FINANCE answered; the inquiry stays open for more.",
        "RESOLVED": "FINANCE resolved it (with or without an adjustment): the resolution.",
        "REJECTED": "FINANCE rejected it: the reason, with no change.",
    },
)


@strawberry.type(description="One message of an inquiry's thread.")
class CommissionInquiryMessage:
    kind: CommissionInquiryMessageKind  # type: ignore[valid-type]
    """The step it records."""
    message: str
    """The message's text."""
    attachment_ref: str | None
    """A reference to an attached document, as the author gave it; null: none."""
    at: datetime
    """When it was written."""
    author_id: strawberry.Private[int | None]

    author = related(
        "user_by_id",
        "author_id",
        User,
        description="Who wrote it: the rep, or FINANCE; null if their account is gone.",
    )


@strawberry.type(
    description="A rep's question or dispute about a statement line or a credit, and its outcome."
)
class CommissionInquiry(relay.Node, FromRow):
    id: relay.NodeID[int]
    category: CommissionInquiryCategory  # type: ignore[valid-type]
    """What the inquiry is about."""
    status: CommissionInquiryStatus  # type: ignore[valid-type]
    """Where it stands."""
    version: int
    """Send back on every action; a stale one is a CONFLICT."""
    attachment_ref: str | None
    """A reference to a document the rep attached when opening it; null: none."""
    resolution: str | None
    """FINANCE's reason when resolved or rejected."""
    created_at: datetime
    """When the rep opened it."""
    updated_at: datetime
    """When it last changed."""
    rep_id: strawberry.Private[int]
    statement_line_id: strawberry.Private[int | None]
    credit_id: strawberry.Private[int | None]
    adjustment_id: strawberry.Private[int | None]

    rep = rep_field("The rep who asked.")

    @strawberry.field(
        description="The statement line asked about; null when the inquiry is about a credit."
    )
    async def statement_line(self, info: strawberry.Info) -> CommissionStatementLine | None:
        return await node_of(info, CommissionStatementLine, self.statement_line_id)

    credit = related(
        "commissions.credit_by_id",
        "credit_id",
        CommissionCredit,
        description="The credit asked about; null when the inquiry is about a statement line.",
    )
    adjustment = related(
        "commissions.adjustment_by_id",
        "adjustment_id",
        CommissionAdjustment,
        description="The correction a resolution made, if any.",
    )

    @strawberry.field(description="The conversation, oldest first.")
    async def thread(self, info: strawberry.Info) -> list[CommissionInquiryMessage]:
        found = await loader(info, "commissions.messages_by_inquiry_id").load(self.id)
        return [
            from_attrs(
                CommissionInquiryMessage,
                message,
                kind=rows.InquiryMessageKind(message.kind),
            )
            for message in found
        ]

    resolve_nodes = nodes_via("commissions.inquiry_by_id", rep_owned)


@strawberry.type(name="CommissionInquiryConnection", description="A page of commission inquiries.")
class CommissionInquiryConnection(CountedConnection[CommissionInquiry]):
    pass
