"""Quotes as a phone shows them: one query carries lines, prices, status, clauses and history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from db.models.quotes import Quote as QuoteRow
from db.models.quotes import QuoteClause as ClauseRow
from db.models.quotes import QuoteEvent as EventRow
from db.models.quotes import QuoteEventKind as QuoteEventKindModel
from db.models.quotes import QuoteRevision as RevisionRow
from db.models.quotes import QuoteStatus as QuoteStatusModel
from schema.connection import CountedConnection
from schema.enums import described_enum
from schema.money import Money, money
from schema.nodes import nodes_via, owned
from schema.rows import from_attrs, from_row_now, loader, related, row_objects
from schema.scalars import CurrencyCode
from schema.types.account import Account
from schema.types.negotiation import (
    CloseDateArgument,
    QuoteChangeRequest,
    QuoteChangeRequestStatus,
    QuoteOption,
    QuoteTimelineConnection,
    quote_options,
    timeline_connection,
)
from schema.types.performance.forecast import (
    QuoteCloseDateChange,
    QuoteForecastCall,
    close_date_history,
    forecast_call,
)
from schema.types.pricing import PricedQuote
from schema.types.pricing_snapshot import StoredPricing, StoredPricings
from schema.types.quote_events import QuoteEventKind
from schema.types.quote_lines import (
    LINE_ITEMS,
    PricingOf,
    QuoteLine,
    line_items_field,
    page_pricing_of,
    quote_line,
    stored_pricing_of,
)
from schema.types.user import User

if TYPE_CHECKING:
    from schema.types.commissions import CommissionEstimate
    from schema.types.content import ContentItem
    from schema.types.content_relevance import RelevantContentItem

QuoteStatus = described_enum(
    QuoteStatusModel,
    "QuoteStatus",
    "Where a quote stands: DRAFT → PENDING_APPROVAL → APPROVED → SENT → ACCEPTED, REJECTED "
    "or EXPIRED; WON and LOST record the opportunity's outcome.",
    {
        "DRAFT": "Being edited by the rep; also where a recalled or approval-rejected quote "
        "returns.",
        "PENDING_APPROVAL": "Submitted: waiting for the approvals its breaches need.",
        "APPROVED": "Approved (or needed no approval): ready to send; the revision is frozen.",
        "SENT": "Sent to the customer, who can accept or reject it through the shared link.",
        "ACCEPTED": "The customer accepted the offer.",
        "REJECTED": "The customer rejected the offer.",
        "EXPIRED": "Its validity ran out before the customer answered.",
        "WON": "The opportunity closed won: commissions are credited.",
        "LOST": "The opportunity closed lost.",
    },
)


@strawberry.type(
    description="A clause of the quote's terms, from the library or written for this quote."
)
class QuoteClause:
    clause_id: strawberry.ID
    """Names the clause in a customer's proposal (`proposeSharedQuoteChange`); each revision's
    clauses have their own."""
    title: str
    """The clause's heading, as printed."""
    body: str
    """The clause's text, as printed."""
    from_library: bool
    """True when it comes from the clause library (a version of a library clause)."""
    edited: bool
    """True when the library text was edited for this quote: non-standard terms."""

    @classmethod
    def from_row(cls, row: ClauseRow) -> QuoteClause:
        return from_attrs(
            cls,
            row,
            clause_id=strawberry.ID(relay.to_base64("QuoteClause", row.id)),
            from_library=row.clause_version_id is not None,
        )


LINES_DEPRECATED = (
    "Every line in one answer: a 2,000-line quote is megabytes. Page with `lineItems` "
    "(`first`/`after`), whose `totals` need no line at all."
)


@strawberry.type(
    description="Something that happened to the quote: a status change or a customer comment."
)
class QuoteEvent:
    kind: QuoteEventKind  # type: ignore[valid-type]
    """What happened: an event of the quote's own, or the action that moved its status."""
    revision: int
    """The revision number current at the time."""
    from_status: QuoteStatus | None  # type: ignore[valid-type]
    """The status before, for a status change; null otherwise."""
    to_status: QuoteStatus | None  # type: ignore[valid-type]
    """The status after, for a status change, creation or a new revision; null otherwise."""
    customer_name: str | None
    """Who answered for the customer through the shared link; null for users."""
    message: str | None
    """The note or comment given with it; null when none."""
    at: datetime
    """When it happened."""
    actor_id: strawberry.Private[int | None]

    actor = related(
        "user_by_id",
        "actor_id",
        User,
        description="The user who did it; null for the customer or the system (expiry).",
    )

    @classmethod
    def from_row(cls, row: EventRow) -> QuoteEvent:
        def status(value: str | None) -> QuoteStatusModel | None:
            return None if value is None else QuoteStatusModel(value)

        return from_attrs(
            cls,
            row,
            kind=QuoteEventKindModel(row.kind),
            from_status=status(row.from_status),
            to_status=status(row.to_status),
        )


@strawberry.type(description="One version of a quote's content; frozen once approved or sent.")
class QuoteRevision:
    number: int
    """1 for the first revision, then counting up."""
    terms: str
    """Free-text terms printed on the quote."""
    customer_notes: str
    """Notes printed for the customer."""
    competitors: list[str]
    """The competitors named on the deal in this revision, as keys (lower-cased); internal,
    never shown to the customer."""
    non_standard: bool
    """A standard clause removed or edited, or one added."""
    pricing_date: date
    """The date whose prices, contracts and promotions price this revision."""
    created_at: datetime
    """When the revision was created."""
    frozen_at: datetime | None
    """When it was frozen (approved or sent); null while editable."""
    sent_at: datetime | None
    """When this revision was sent to the customer; null if never."""
    revision_id: strawberry.Private[int]
    internal_notes: strawberry.Private[str]
    stored_pricing: strawberry.Private[dict[str, Any]]

    def stored(self, info: strawberry.Info) -> StoredPricing:
        """The revision's snapshot, decoded once for the whole request."""
        pricings: StoredPricings = info.context.loaders.quotes.stored_pricings
        return pricings.of(self.revision_id, self.stored_pricing)

    @strawberry.field(
        description="The revision's priced result, as stored when it was last priced."
    )
    def pricing(self, info: strawberry.Info) -> PricedQuote:
        return self.stored(info).quote_type()

    @strawberry.field(description="Internal notes: never shown to the customer.")
    def notes(self) -> str:
        return self.internal_notes

    @strawberry.field(
        description="The lines as entered, in order, each with its price.",
        deprecation_reason=LINES_DEPRECATED,
    )
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        loader = info.context.loaders.quotes.line_rows_by_revision_id
        pricing = self.stored(info)
        return [quote_line(row, pricing) for row in await loader.load(self.revision_id)]

    async def priced_lines(self, info: strawberry.Info) -> tuple[int, int, PricingOf]:
        """The revision whose lines ``lineItems`` pages, and its pricing (read whole)."""
        return self.revision_id, 0, stored_pricing_of(self.stored(info))

    line_items = line_items_field(LINE_ITEMS, priced_lines)

    @strawberry.field(description="The terms' clauses, in printed order.")
    async def clauses(self, info: strawberry.Info) -> list[QuoteClause]:
        return await row_objects(info, "clauses_by_revision_id", self.revision_id, QuoteClause)

    @classmethod
    def from_row(cls, row: RevisionRow) -> QuoteRevision:
        return from_attrs(
            cls,
            row,
            revision_id=row.id,
            internal_notes=row.notes,
            stored_pricing=row.priced,
        )


@strawberry.type(
    description="A quote: an offer to one account, in one currency, with its revisions."
)
class Quote(relay.Node):
    id: relay.NodeID[int]
    number: str
    """Human reference, e.g. Q-1042."""
    name: str
    """What the rep calls the deal."""
    status: QuoteStatus  # type: ignore[valid-type]
    """Where the quote stands."""
    currency: CurrencyCode
    """The currency of every amount."""
    valid_until: date
    """Last day the customer can accept the offer (inclusive)."""
    expected_close_date: date | None
    """When the rep expects the deal to close; null when not set."""
    actual_close_date: date | None
    """When it closed WON or LOST; null while open."""
    outcome_reason: str | None
    """Why it was won or lost, as recorded; null while open."""
    net_total: Money
    """The current revision's net total, in minor units."""
    version: int
    """Send back on every edit; a stale one is a CONFLICT."""
    revision_number: int
    """The current revision."""
    created_at: datetime
    """When the quote was created."""
    updated_at: datetime
    """When anything on it last changed."""
    sent_at: datetime | None
    """When it was last sent to the customer; null if never."""
    account_id: strawberry.Private[int]
    owner_id: strawberry.Private[int]

    @strawberry.field(description="The customer account the offer is for.", graphql_type=Account)
    def account(self, info: strawberry.Info) -> Any:
        return from_row_now(info, "account_by_id", self.account_id, Account)

    @strawberry.field(
        description="The rep who owns the quote (its commission credits follow the splits).",
        graphql_type=User,
    )
    def owner(self, info: strawberry.Info) -> Any:
        return from_row_now(info, "user_by_id", self.owner_id, User)

    @strawberry.field(description="The current revision: lines, pricing, clauses.")
    async def revision(self, info: strawberry.Info) -> QuoteRevision:
        rows = await info.context.loaders.revisions_by_quote_id.load(self.id)
        return QuoteRevision.from_row(next(r for r in rows if r.number == self.revision_number))

    @strawberry.field(description="Every revision, newest first; earlier ones stay readable.")
    async def revisions(self, info: strawberry.Info) -> list[QuoteRevision]:
        rows = await info.context.loaders.revisions_by_quote_id.load(self.id)
        return [QuoteRevision.from_row(r) for r in sorted(rows, key=lambda r: -r.number)]

    @strawberry.field(
        description="Shortcut to the current revision's lines.",
        deprecation_reason=LINES_DEPRECATED,
    )
    async def lines(self, info: strawberry.Info) -> list[QuoteLine]:
        return await (await self.revision(info)).lines(info)

    async def priced_lines(self, info: strawberry.Info) -> tuple[int, int, PricingOf]:
        """The current revision, whose lines ``lineItems`` pages, and its pricing as far as
        a page reads it: neither the revision's row nor its whole snapshot is loaded."""
        number = (self.id, self.revision_number)
        revision_id = await info.context.loaders.quotes.revision_id_by_number.load(number)
        if revision_id is None:  # the quote was removed while the request ran
            return await (await self.revision(info)).priced_lines(info)
        return revision_id, self.version, page_pricing_of(info, revision_id, self.version)

    line_items = line_items_field(
        "Shortcut to the current revision's `lineItems`. " + LINE_ITEMS, priced_lines
    )

    @strawberry.field(
        description="The competitors named on the deal (the current revision's), as keys "
        '(lower-cased), e.g. "acme"; internal, never shown to the customer.'
    )
    async def competitors(self, info: strawberry.Info) -> list[str]:
        return (await self.revision(info)).competitors

    @strawberry.field(description="Shortcut to the current revision's priced result.")
    async def pricing(self, info: strawberry.Info) -> PricedQuote:
        return (await self.revision(info)).pricing(info)

    @strawberry.field(
        description="Enablement content that fits this deal, best first: items about its "
        "products, the competitors named on it, their families, the account's industry or "
        "segment, and suited to its stage (`relevantContentRanked` says why). A list of "
        "quotes reads it in one statement."
    )
    async def relevant_content(
        self,
        info: strawberry.Info,
        first: Annotated[int, strawberry.argument(description="How many (1 to 50).")] = 5,
    ) -> list[Annotated[ContentItem, strawberry.lazy("schema.types.content")]]:
        from schema.types.content_relevance import relevant_content  # here: an import cycle

        return await relevant_content(info, self.id, first)

    @strawberry.field(
        description="`relevantContent` with each item's score and the reasons it is shown "
        "(its products, the competitors named on the quote, its families, the account's "
        "industry and segment, the stage)."
    )
    async def relevant_content_ranked(
        self,
        info: strawberry.Info,
        first: Annotated[int, strawberry.argument(description="How many (1 to 50).")] = 5,
    ) -> list[Annotated[RelevantContentItem, strawberry.lazy("schema.types.content_relevance")]]:
        from schema.types.content_relevance import relevant_content_ranked  # an import cycle

        return await relevant_content_ranked(info, self.id, first)

    @strawberry.field(description="Status changes and customer comments, oldest first.")
    async def history(self, info: strawberry.Info) -> list[QuoteEvent]:
        return await row_objects(info, "events_by_quote_id", self.id, QuoteEvent)

    @strawberry.field(
        description="What this deal would pay its owner if won (on `closeDate`, today by default), "
        "given the period to date; the lines explain every amount."
    )
    async def commission_estimate(
        self,
        info: strawberry.Info,
        close_date: CloseDateArgument = None,
    ) -> Annotated[CommissionEstimate, strawberry.lazy("schema.types.commissions")] | None:
        return await info.context.loaders.commissions.estimate_by_quote.load((self.id, close_date))

    # Issue 17: the negotiation (options, the customer's change requests, the timeline).
    @strawberry.field(
        description="The alternatives the current revision offers (good / better / best), in "
        "order, each with its own lines and price; a quote without alternatives has one, its "
        "own lines (the primary option, what `lines` shows)."
    )
    async def options(self, info: strawberry.Info) -> list[QuoteOption]:
        return await quote_options(info, self.id, self.revision_number, self.currency)

    @strawberry.field(
        description="The customer's change requests through the shared link, oldest first."
    )
    async def change_requests(
        self,
        info: strawberry.Info,
        status: Annotated[
            QuoteChangeRequestStatus | None,  # type: ignore[valid-type]
            strawberry.argument(description="Only those in this status; null: all."),
        ] = None,
    ) -> list[QuoteChangeRequest]:
        rows = await loader(info, "negotiation.change_requests_by_quote_id").load(self.id)
        wanted = None if status is None else status.value
        return [
            QuoteChangeRequest.from_row(r) for r in rows if wanted is None or r.status == wanted
        ]

    @strawberry.field(
        description="Everything that happened on the quote, oldest first, as one timeline: "
        "the rep's edits and status moves, each approver's decision, the customer's picks, "
        "proposals and comments, and the system's (expiry). `quoteTimeline` pushes new entries."
    )
    async def timeline(
        self,
        info: strawberry.Info,
        first: Annotated[
            int | None, strawberry.argument(description="How many (default 50, at most 200).")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The cursor to start after.")
        ] = None,
    ) -> QuoteTimelineConnection:
        return await timeline_connection(info, self.id, self.owner_id, first, after)

    # V2 (issue 14): the close-date history and the forecast calls.
    close_date_history: list[QuoteCloseDateChange] = strawberry.field(
        resolver=close_date_history,
        description="Every change of the expected close date, oldest first; the first has no "
        "`fromDate`.",
    )
    forecast_call: QuoteForecastCall = strawberry.field(
        resolver=forecast_call,
        description="The forecast calls on the deal: the rep's, the manager's override (both "
        "kept), and the one the forecast uses.",
    )

    @classmethod
    def from_row(cls, row: QuoteRow) -> Quote:
        return from_attrs(
            cls,
            row,
            number=f"Q-{row.number}",
            net_total=money(row.net_total, row.currency),
            revision_number=row.current_revision,
        )

    resolve_nodes = nodes_via("quote_by_id", owned)


@strawberry.type(name="QuoteConnection", description="A page of quotes.")
class QuoteConnection(CountedConnection[Quote]):
    pass
