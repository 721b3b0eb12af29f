"""Quotes as a phone shows them: one query carries lines, prices, status, clauses and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated
from decimal import Decimal

import strawberry
from strawberry import relay

from db.models.quotes import Quote as QuoteRow
from db.models.quotes import QuoteClause as ClauseRow
from db.models.quotes import QuoteEvent as EventRow
from db.models.quotes import QuoteLine as LineRow
from db.models.quotes import QuoteRevision as RevisionRow
from db.models.quotes import QuoteStatus as QuoteStatusModel
from schema.connection import CountedConnection
from schema.nodes import nodes_via, owned
from schema.money import Money, money
from schema.scalars import CurrencyCode
from schema.types.account import Account
from schema.types.catalog import Product
from schema.types.pricing import PricedLine, PricedQuote
from schema.types.pricing_snapshot import priced_quote_type
from services.pricing.snapshots import priced_quote_of
from schema.types.user import User

if TYPE_CHECKING:
    from schema.types.commissions import CommissionEstimate

QuoteStatus = strawberry.enum(QuoteStatusModel, name="QuoteStatus")


@strawberry.type(description="A clause of the quote's terms, from the library or written for this quote.")
class QuoteClause:
    title: str
    body: str
    from_library: bool
    edited: bool

    @classmethod
    def from_row(cls, row: ClauseRow) -> QuoteClause:
        return cls(title=row.title, body=row.body, from_library=row.clause_version_id is not None, edited=row.edited)


@strawberry.type(description="A line as the rep entered it, with its price from the revision's pricing.")
class QuoteLine:
    id: strawberry.ID
    key: str
    quantity: int
    discount_percent: Decimal | None
    discount_amount: Decimal | None
    term_months: int | None
    configuration: strawberry.scalars.JSON | None
    priced: PricedLine | None = strawberry.field(description="This line's waterfall, or null when unpriced.")
    children: list[PricedLine] = strawberry.field(description="Bundle options priced as child lines.")
    product_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product | None:
        row = await info.context.loaders.product_by_id.load(self.product_id)
        return Product.from_row(row) if row else None


@strawberry.type(description="Something that happened to the quote: a status change or a customer comment.")
class QuoteEvent:
    kind: str
    revision: int
    from_status: str | None
    to_status: str | None
    customer_name: str | None
    message: str | None
    at: datetime
    actor_id: strawberry.Private[int | None]

    @strawberry.field
    async def actor(self, info: strawberry.Info) -> User | None:
        if self.actor_id is None:
            return None
        row = await info.context.loaders.user_by_id.load(self.actor_id)
        return User.from_row(row) if row else None

    @classmethod
    def from_row(cls, row: EventRow) -> QuoteEvent:
        return cls(
            kind=row.kind,
            revision=row.revision,
            from_status=row.from_status,
            to_status=row.to_status,
            customer_name=row.customer_name,
            message=row.message,
            at=row.at,
            actor_id=row.actor_id,
        )


@strawberry.type(description="One version of a quote's content; frozen once approved or sent.")
class QuoteRevision:
    number: int
    terms: str
    customer_notes: str
    non_standard: bool = strawberry.field(description="A standard clause removed or edited, or one added.")
    pricing_date: date
    created_at: datetime
    frozen_at: datetime | None
    sent_at: datetime | None
    pricing: PricedQuote
    revision_id: strawberry.Private[int]
    internal_notes: strawberry.Private[str]

    @strawberry.field(description="Internal notes: never shown to the customer.")
    def notes(self) -> str:
        return self.internal_notes

    @strawberry.field
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        rows = await info.context.loaders.lines_by_revision_id.load(self.revision_id)
        return [quote_line(row, self.pricing) for row in rows]

    @strawberry.field
    async def clauses(self, info: strawberry.Info) -> list[QuoteClause]:
        rows = await info.context.loaders.clauses_by_revision_id.load(self.revision_id)
        return [QuoteClause.from_row(r) for r in rows]

    @classmethod
    def from_row(cls, row: RevisionRow) -> QuoteRevision:
        return cls(
            number=row.number,
            terms=row.terms,
            customer_notes=row.customer_notes,
            non_standard=row.non_standard,
            pricing_date=row.pricing_date,
            created_at=row.created_at,
            frozen_at=row.frozen_at,
            sent_at=row.sent_at,
            pricing=priced_quote_type(priced_quote_of(row)),
            revision_id=row.id,
            internal_notes=row.notes,
        )


def quote_line(row: LineRow, pricing: PricedQuote) -> QuoteLine:
    priced = next((line for line in pricing.lines if line.key == row.key), None)
    return QuoteLine(
        id=strawberry.ID(relay.to_base64("QuoteLine", row.id)),
        key=row.key,
        quantity=row.quantity,
        discount_percent=row.discount_percent,
        discount_amount=row.discount_amount,
        term_months=row.term_months,
        configuration=row.configuration,
        priced=priced,
        children=[line for line in pricing.lines if line.parent_key == row.key],
        product_id=row.product_id,
    )


@strawberry.type(description="A quote: an offer to one account, in one currency, with its revisions.")
class Quote(relay.Node):
    id: relay.NodeID[int]
    number: str = strawberry.field(description="Human reference, e.g. Q-1042.")
    name: str
    status: QuoteStatus  # type: ignore[valid-type]
    currency: CurrencyCode
    valid_until: date
    expected_close_date: date | None
    actual_close_date: date | None
    outcome_reason: str | None
    net_total: Money
    version: int = strawberry.field(description="Send back on every edit; a stale one is a CONFLICT.")
    revision_number: int = strawberry.field(description="The current revision.")
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    account_id: strawberry.Private[int]
    owner_id: strawberry.Private[int]

    @strawberry.field
    async def account(self, info: strawberry.Info) -> Account | None:
        row = await info.context.loaders.account_by_id.load(self.account_id)
        return Account.from_row(row) if row else None

    @strawberry.field
    async def owner(self, info: strawberry.Info) -> User | None:
        row = await info.context.loaders.user_by_id.load(self.owner_id)
        return User.from_row(row) if row else None

    @strawberry.field(description="The current revision: lines, pricing, clauses.")
    async def revision(self, info: strawberry.Info) -> QuoteRevision:
        rows = await info.context.loaders.revisions_by_quote_id.load(self.id)
        return QuoteRevision.from_row(next(r for r in rows if r.number == self.revision_number))

    @strawberry.field(description="Every revision, newest first; earlier ones stay readable.")
    async def revisions(self, info: strawberry.Info) -> list[QuoteRevision]:
        rows = await info.context.loaders.revisions_by_quote_id.load(self.id)
        return [QuoteRevision.from_row(r) for r in sorted(rows, key=lambda r: -r.number)]

    @strawberry.field(description="Shortcut to the current revision's lines.")
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        return await (await self.revision(info)).lines(info)

    @strawberry.field(description="Shortcut to the current revision's priced result.")
    async def pricing(self, info: strawberry.Info) -> PricedQuote:
        return (await self.revision(info)).pricing

    @strawberry.field(description="Status changes and customer comments, oldest first.")
    async def history(self, info: strawberry.Info) -> list[QuoteEvent]:
        rows = await info.context.loaders.events_by_quote_id.load(self.id)
        return [QuoteEvent.from_row(r) for r in rows]

    @strawberry.field(
        description="What this deal would pay its owner if won (on `closeDate`, today by default), "
        "given the period to date; the lines explain every amount."
    )
    async def commission_estimate(
        self, info: strawberry.Info, close_date: date | None = None
    ) -> Annotated[CommissionEstimate, strawberry.lazy("schema.types.commissions")] | None:
        return await info.context.loaders.commissions.estimate_by_quote.load((self.id, close_date))

    @classmethod
    def from_row(cls, row: QuoteRow) -> Quote:
        return cls(
            id=row.id,
            number=f"Q-{row.number}",
            name=row.name,
            status=row.status,
            currency=row.currency,
            valid_until=row.valid_until,
            expected_close_date=row.expected_close_date,
            actual_close_date=row.actual_close_date,
            outcome_reason=row.outcome_reason,
            net_total=money(row.net_total, row.currency),
            version=row.version,
            revision_number=row.current_revision,
            created_at=row.created_at,
            updated_at=row.updated_at,
            sent_at=row.sent_at,
            account_id=row.account_id,
            owner_id=row.owner_id,
        )


    resolve_nodes = nodes_via("quote_by_id", owned)


@strawberry.type(name="QuoteConnection")
class QuoteConnection(CountedConnection[Quote]):
    pass
