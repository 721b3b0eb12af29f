"""Adjustments and inquiries (disputes) with their threads."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import strawberry
from strawberry import relay

from db.models import commissions as rows
from schema.connection import CountedConnection
from schema.ids import node_keys
from schema.money import Money, money
from schema.types.user import User

if TYPE_CHECKING:
    pass

from schema.types.commissions.common import (
    CommissionInquiryCategory,
    CommissionInquiryStatus,
    _loaders,
    _may_see,
    _user,
)
from schema.types.commissions.credits import CommissionCredit
from schema.types.commissions.statements import CommissionStatementLine


@strawberry.type(
    description="A signed correction by FINANCE, in the open period of `effectiveDate`."
)
class CommissionAdjustment(relay.Node):
    id: relay.NodeID[int]
    effective_date: date
    amount: Money
    description: str
    created_at: datetime
    rep_id: strawberry.Private[int]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @classmethod
    def from_row(cls, row: rows.CommissionAdjustment) -> CommissionAdjustment:
        return cls(
            id=row.id,
            effective_date=row.effective_date,
            amount=money(row.amount, row.currency),
            description=row.description,
            created_at=row.created_at,
            rep_id=row.rep_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).adjustment_by_id.load_many(node_keys(node_ids))
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(description="One message of an inquiry's thread.")
class CommissionInquiryMessage:
    kind: str = strawberry.field(description="OPENED, ANSWER, RESOLVED or REJECTED.")
    message: str
    attachment_ref: str | None
    at: datetime
    author_id: strawberry.Private[int | None]

    @strawberry.field
    async def author(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.author_id)


@strawberry.type(
    description="A rep's question or dispute about a statement line or a credit, and its outcome."
)
class CommissionInquiry(relay.Node):
    id: relay.NodeID[int]
    category: CommissionInquiryCategory  # type: ignore[valid-type]
    status: CommissionInquiryStatus  # type: ignore[valid-type]
    version: int = strawberry.field(
        description="Send back on every action; a stale one is a CONFLICT."
    )
    attachment_ref: str | None
    resolution: str | None = strawberry.field(
        description="FINANCE's reason when resolved or rejected."
    )
    created_at: datetime
    updated_at: datetime
    rep_id: strawberry.Private[int]
    statement_line_id: strawberry.Private[int | None]
    credit_id: strawberry.Private[int | None]
    adjustment_id: strawberry.Private[int | None]

    @strawberry.field
    async def rep(self, info: strawberry.Info) -> User | None:
        return await _user(info, self.rep_id)

    @strawberry.field
    async def statement_line(self, info: strawberry.Info) -> CommissionStatementLine | None:
        if self.statement_line_id is None:
            return None
        found = await CommissionStatementLine.resolve_nodes(
            info=info, node_ids=[str(self.statement_line_id)]
        )
        return found[0]

    @strawberry.field
    async def credit(self, info: strawberry.Info) -> CommissionCredit | None:
        if self.credit_id is None:
            return None
        row = await _loaders(info).credit_by_id.load(self.credit_id)
        return CommissionCredit.from_row(row) if row else None

    @strawberry.field(description="The correction a resolution made, if any.")
    async def adjustment(self, info: strawberry.Info) -> CommissionAdjustment | None:
        if self.adjustment_id is None:
            return None
        row = await _loaders(info).adjustment_by_id.load(self.adjustment_id)
        return CommissionAdjustment.from_row(row) if row else None

    @strawberry.field(description="The conversation, oldest first.")
    async def thread(self, info: strawberry.Info) -> list[CommissionInquiryMessage]:
        found = await _loaders(info).messages_by_inquiry_id.load(self.id)
        return [
            CommissionInquiryMessage(
                kind=m.kind,
                message=m.message,
                attachment_ref=m.attachment_ref,
                at=m.at,
                author_id=m.author_id,
            )
            for m in found
        ]

    @classmethod
    def from_row(cls, row: rows.CommissionInquiry) -> CommissionInquiry:
        return cls(
            id=row.id,
            category=row.category,
            status=row.status,
            version=row.version,
            attachment_ref=row.attachment_ref,
            resolution=row.resolution,
            created_at=row.created_at,
            updated_at=row.updated_at,
            rep_id=row.rep_id,
            statement_line_id=row.statement_line_id,
            credit_id=row.credit_id,
            adjustment_id=row.adjustment_id,
        )

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        found = await _loaders(info).inquiry_by_id.load_many(node_keys(node_ids))
        return [
            cls.from_row(r) if r is not None and _may_see(info, r.rep_id) else None for r in found
        ]


@strawberry.type(name="CommissionInquiryConnection")
class CommissionInquiryConnection(CountedConnection[CommissionInquiry]):
    pass
