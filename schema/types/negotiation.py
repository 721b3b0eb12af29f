"""Negotiation as the API shows it: a revision's options, the customer's change requests,
and the quote's timeline of rep, approver and customer events."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

import pricing as engine
from db.codec.pricing import CODEC
from db.models.negotiation import QuoteChangeRequest as ChangeRequestRow
from db.models.negotiation import QuoteOption as OptionRow
from db.models.quotes import QuoteEventKind as QuoteEventKindModel
from db.models.quotes import QuoteRevision as RevisionRow
from db.models.quotes import QuoteStatus as QuoteStatusModel
from schema.connection import (
    CountedConnection,
    PageRequest,
    decode_keyset,
    encode_cursor,
    page_size,
)
from schema.enums import described_enum
from schema.errors import BadUserInput
from schema.money import Money, money
from schema.nodes import node_of, nodes_via
from schema.rows import from_attrs, loader, related
from schema.types.pricing import PricedQuote
from schema.types.pricing_snapshot import priced_quote_type
from schema.types.quote_events import EVENT_KINDS
from schema.types.user import User

if TYPE_CHECKING:
    from db.actor import Actor
    from schema.types.commissions import CommissionEstimate
    from schema.types.quote import Quote, QuoteStatus

PRIMARY_KEY = "O1"
PRIMARY_NAME = "Standard"

CloseDateArgument = Annotated[
    date | None,
    strawberry.argument(
        description="The day the deal would be won; null means today (server time, UTC)."
    ),
]
"""The ``closeDate`` argument of a commission estimate (a quote's or an option's)."""


class ChangeRequestStatusModel(enum.Enum):
    OPEN = "OPEN"
    ACCEPTED = "ACCEPTED"
    DECLINED = "DECLINED"
    WITHDRAWN = "WITHDRAWN"


QuoteChangeRequestStatus = described_enum(
    ChangeRequestStatusModel,
    "QuoteChangeRequestStatus",
    "Where a customer's change request stands.",
    {
        "OPEN": "Waiting for the rep's answer.",
        "ACCEPTED": "The rep accepted it into a new revision (`acceptedRevision`).",
        "DECLINED": "The rep declined it (`declineReason`).",
        "WITHDRAWN": "It no longer applies (the offer was answered or revised another way).",
    },
)


class ClauseChangeActionModel(enum.Enum):
    ADD = "ADD"
    REMOVE = "REMOVE"
    EDIT = "EDIT"


ClauseChangeAction = described_enum(
    ClauseChangeActionModel,
    "ClauseChangeAction",
    "What a customer proposes to do to the offer's terms.",
    {
        "ADD": "Add a clause (`text`, optionally `title`).",
        "REMOVE": "Remove the clause `clauseId`.",
        "EDIT": "Change the text of the clause `clauseId` to `text`.",
    },
)


class TimelineActorKindModel(enum.Enum):
    REP = "REP"
    APPROVER = "APPROVER"
    CUSTOMER = "CUSTOMER"
    SYSTEM = "SYSTEM"


TimelineActorKind = described_enum(
    TimelineActorKindModel,
    "TimelineActorKind",
    "Who did what a timeline entry records.",
    {
        "REP": "The quote's owner (or an admin acting on the quote).",
        "APPROVER": "An approver (a decision, or the approval that moved the quote).",
        "CUSTOMER": "The customer, through the shared link (`customerName`).",
        "SYSTEM": "DealDesk itself (e.g. expiry).",
    },
)

DECISION_KINDS = {
    "DECISION_APPROVE": "An approver approved their step of the approval request.",
    "DECISION_REJECT": "An approver rejected the approval request (`message`: why).",
    "DECISION_COUNTER_OFFER": "An approver answered with a counter-offer.",
}
TimelineKindModel = enum.Enum(  # type: ignore[misc]
    "TimelineKindModel",
    [(k, k) for k in (*(m.value for m in QuoteEventKindModel), *DECISION_KINDS)],
)
QuoteTimelineKind = described_enum(
    TimelineKindModel,
    "QuoteTimelineKind",
    "What a timeline entry records: a quote event (as `QuoteEventKind`) or an approver's "
    "decision (`DECISION_…`).",
    {**EVENT_KINDS, **DECISION_KINDS},
)


def encode_clause_id(pk: int) -> str:
    return relay.to_base64("QuoteClause", pk)


@strawberry.type(description="A clause change the customer proposed.")
class QuoteClauseChange:
    action: ClauseChangeAction  # type: ignore[valid-type]
    """Add, remove or edit."""
    clause_id: strawberry.ID | None
    """The clause removed or edited (`QuoteClause.id` of the revision proposed on); null
    for an added clause."""
    title: str | None
    """The new clause's title, or the edited clause's new title; null when unchanged."""
    text: str | None
    """The new or edited clause's text; null for a removal."""

    @classmethod
    def from_stored(cls, data: dict[str, Any]) -> QuoteClauseChange:
        pk = data.get("clause_id")
        return cls(
            action=ClauseChangeActionModel(data["action"]),
            clause_id=None if pk is None else strawberry.ID(encode_clause_id(int(pk))),
            title=data.get("title"),
            text=data.get("text"),
        )


async def _currency_of(info: strawberry.Info, quote_id: int) -> str:
    row = await info.context.loaders.quote_by_id.load(quote_id)
    return str(row.currency) if row is not None else "USD"


async def _visible_quotes(info: strawberry.Info, viewer: Actor, rows: list[Any]) -> Any:
    quotes = await info.context.loaders.quote_by_id.load_many([r.quote_id for r in rows])
    owners = {q.id: q.owner_id for q in quotes if q is not None}

    def visible(actor: Actor, row: Any) -> bool:
        owner = owners.get(row.quote_id)
        return owner is not None and actor.may_see_owner(owner)

    return visible


@strawberry.type(
    description="A customer's proposal through the shared link: an option, clause changes, a "
    "counter-price and a comment, which the rep accepts into a new revision or declines."
)
class QuoteChangeRequest(relay.Node):
    id: relay.NodeID[int]
    status: QuoteChangeRequestStatus  # type: ignore[valid-type]
    """Where it stands."""
    revision: int
    """The revision the customer proposed on."""
    option_key: str | None
    """The option the customer chose (`QuoteOption.key`); null when none was named."""
    clause_changes: list[QuoteClauseChange]
    """The clause changes proposed, in order."""
    comment: str
    """The customer's comment; empty when none."""
    customer_name: str
    """Who proposed, for the customer."""
    decline_reason: str | None
    """Why the rep declined; null otherwise."""
    created_at: datetime
    """When it was proposed."""
    decided_at: datetime | None
    """When the rep answered; null while open."""
    accepted_revision: int | None
    """The revision it was accepted into; null unless ACCEPTED."""
    quote_id: strawberry.Private[int]
    decided_by_id: strawberry.Private[int | None]
    counter: strawberry.Private[Any]

    decided_by = related(
        "user_by_id", "decided_by_id", User, description="Who answered; null while open."
    )

    @strawberry.field(
        description="The price the customer offers for the whole quote (net); null when none."
    )
    async def counter_price(self, info: strawberry.Info) -> Money | None:
        if self.counter is None:
            return None
        return money(self.counter, await _currency_of(info, self.quote_id))

    @strawberry.field(description="The quote proposed on.")
    async def quote(
        self, info: strawberry.Info
    ) -> Annotated[Quote, strawberry.lazy("schema.types.quote")] | None:
        from schema.types.quote import Quote  # here: an import cycle

        return await node_of(info, Quote, self.quote_id)

    @classmethod
    def from_row(cls, row: ChangeRequestRow) -> QuoteChangeRequest:
        return from_attrs(
            cls,
            row,
            status=ChangeRequestStatusModel(row.status),
            clause_changes=[QuoteClauseChange.from_stored(c) for c in row.clause_changes],
            counter=row.counter_price,
        )

    resolve_nodes = nodes_via("negotiation.change_request_by_id", scope=_visible_quotes)


def option_pricing(row: OptionRow) -> engine.PricedQuote:
    priced: engine.PricedQuote = CODEC.decode_as(engine.PricedQuote, row.priced)
    return priced


def revision_pricing(revision: RevisionRow) -> engine.PricedQuote:
    priced: engine.PricedQuote = CODEC.decode_as(engine.PricedQuote, revision.priced)
    return priced


@strawberry.type(
    description="One of the alternatives a revision offers (good / better / best), each with "
    "its own lines and price. The primary option is the revision's own lines (what `lines` "
    "shows); a quote without alternatives has only it."
)
class QuoteOption:
    key: str
    """Identifies the option within the quote (O1 is the primary; keys are never reused
    within a revision)."""
    name: str
    """What the customer sees it called (e.g. Good, Better, Best)."""
    description: str
    """What sets it apart, for the customer."""
    position: int
    """Its place in the list (0 first)."""
    primary: bool
    """Whether it is the revision's own lines (`lines`, the approvals, the documents)."""
    selected_by_customer: bool
    """Whether it is the option the customer last picked through the shared link."""
    net_total: Money
    """What the customer pays for this option."""
    priced: strawberry.Private[engine.PricedQuote]
    quote_id: strawberry.Private[int]
    revision: strawberry.Private[int]

    @strawberry.field(description="The option's priced result: its lines, waterfall, totals.")
    def pricing(self) -> PricedQuote:
        return priced_quote_type(self.priced)

    @strawberry.field(
        description="What this option would pay the quote's owner if the customer picked it "
        "and the deal were won (on `closeDate`, today by default): estimated exactly as "
        "`Quote.commissionEstimate` is for the quote's own lines, with the same components "
        "and explanations. Only reps and their managers see it: the shared link shows none."
    )
    async def commission_estimate(
        self,
        info: strawberry.Info,
        close_date: CloseDateArgument = None,
    ) -> Annotated[CommissionEstimate, strawberry.lazy("schema.types.commissions")] | None:
        key = OptionEstimateKey(self.quote_id, self.revision, self.key, close_date, self.priced)
        found: CommissionEstimate | None = await loader(info, "negotiation.option_estimate").load(
            key
        )
        return found


@dataclasses.dataclass(frozen=True, slots=True)
class OptionEstimateKey:
    """What ``QuoteOption.commissionEstimate`` asks its loader for: an option of a quote's
    revision (identified by quote, revision and key), on a close date, with its priced result
    (carried along, not compared)."""

    quote_id: int
    revision: int
    option_key: str
    close_date: date | None
    priced: engine.PricedQuote = dataclasses.field(compare=False, hash=False)


async def _selected_key(info: strawberry.Info, quote_id: int, revision: int) -> str | None:
    found: str | None = await loader(info, "negotiation.selected_option").load((quote_id, revision))
    return found


@dataclasses.dataclass(frozen=True, slots=True)
class RevisionOption:
    """One option of a quote's current revision, what the rep's ``QuoteOption`` and the
    customer's ``SharedQuoteOption`` are both built from, so the two never disagree on the
    implicit primary or on which option the customer picked."""

    key: str
    name: str
    description: str
    position: int
    primary: bool
    selected: bool
    """Whether it is the option the customer last picked through the shared link."""
    priced: engine.PricedQuote


async def current_revision_options(
    info: strawberry.Info, quote_id: int, number: int
) -> list[RevisionOption]:
    """The options of revision ``number`` of the quote, in order; a revision without stored
    options has one, the implicit primary (its own lines, key ``O1``, named Standard)."""
    revisions = await info.context.loaders.revisions_by_quote_id.load(quote_id)
    revision: RevisionRow = next(r for r in revisions if r.number == number)
    rows = await loader(info, "negotiation.options_by_revision_id").load(revision.id)
    selected = await _selected_key(info, quote_id, revision.number)
    if not rows:
        return [
            RevisionOption(
                key=PRIMARY_KEY,
                name=PRIMARY_NAME,
                description="",
                position=0,
                primary=True,
                selected=selected == PRIMARY_KEY,
                priced=revision_pricing(revision),
            )
        ]
    return [
        from_attrs(
            RevisionOption,
            row,
            primary=row.is_primary,
            selected=selected == row.key,
            priced=revision_pricing(revision) if row.is_primary else option_pricing(row),
        )
        for row in rows
    ]


async def quote_options(
    info: strawberry.Info, quote_id: int, number: int, currency: str
) -> list[QuoteOption]:
    return [
        from_attrs(
            QuoteOption,
            option,
            selected_by_customer=option.selected,
            net_total=money(option.priced.net_total.amount, currency),
            quote_id=quote_id,
            revision=number,
        )
        for option in await current_revision_options(info, quote_id, number)
    ]


@strawberry.type(
    description="One entry of a quote's timeline: a rep, approver, customer or system event."
)
class QuoteTimelineEntry:
    kind: QuoteTimelineKind  # type: ignore[valid-type]
    """What happened."""
    actor_kind: TimelineActorKind  # type: ignore[valid-type]
    """Who did it: the rep, an approver, the customer or the system."""
    at: datetime
    """When it happened."""
    revision: int
    """The revision current at the time."""
    message: str | None
    """The note, comment or reason given with it; null when none."""
    customer_name: str | None
    """Who acted for the customer; null otherwise."""
    from_status: Annotated[QuoteStatus, strawberry.lazy("schema.types.quote")] | None
    """The quote's status before, for a status change; null otherwise."""
    to_status: Annotated[QuoteStatus, strawberry.lazy("schema.types.quote")] | None
    """The quote's status after, for a status change; null otherwise."""
    actor_id: strawberry.Private[int | None]
    change_request_id: strawberry.Private[int | None]

    actor = related(
        "user_by_id", "actor_id", User, description="The user who did it; null otherwise."
    )

    @strawberry.field(description="The customer's change request it is about; null otherwise.")
    async def change_request(self, info: strawberry.Info) -> QuoteChangeRequest | None:
        return await node_of(info, QuoteChangeRequest, self.change_request_id)


def actor_kind(row: Any, owner_id: int) -> TimelineActorKindModel:
    if row.source == "D":
        return TimelineActorKindModel.APPROVER
    if row.actor_id is None:
        return (
            TimelineActorKindModel.CUSTOMER
            if row.customer_name is not None
            else TimelineActorKindModel.SYSTEM
        )
    if row.actor_id == owner_id:
        return TimelineActorKindModel.REP
    if row.kind in ("APPROVE", "REJECT_APPROVAL"):
        return TimelineActorKindModel.APPROVER
    return TimelineActorKindModel.REP


def timeline_entry(row: Any, owner_id: int) -> QuoteTimelineEntry:
    def status(value: str | None) -> QuoteStatusModel | None:
        return None if value is None else QuoteStatusModel(value)

    return from_attrs(
        QuoteTimelineEntry,
        row,
        kind=TimelineKindModel(row.kind),
        actor_kind=actor_kind(row, owner_id),
        from_status=status(row.from_status),
        to_status=status(row.to_status),
    )


@strawberry.type(name="QuoteTimelineConnection", description="A page of a quote's timeline.")
class QuoteTimelineConnection(CountedConnection[QuoteTimelineEntry]):  # type: ignore[type-var]
    pass


async def timeline_connection(
    info: strawberry.Info, quote_id: int, owner_id: int, first: int | None, after: str | None
) -> QuoteTimelineConnection:
    """A page of the quote's timeline, oldest first, after the cursor ``after``."""
    size, _ = page_size(PageRequest(first=first, after=after), info.context.config.pages)
    start = None
    if after is not None:
        at, source, pk = decode_keyset(after, (datetime, str, int), argument="after")
        if source not in ("D", "E"):
            raise BadUserInput("The cursor is not valid.", argument="after")
        start = (at, source, pk)
    rows = await loader(info, "negotiation.timeline_page").load((quote_id, start, size + 1))
    has_more = len(rows) > size
    rows = rows[:size]
    edges = [
        relay.Edge(
            cursor=encode_cursor([row.at.isoformat(), row.source, row.id]),
            node=timeline_entry(row, owner_id),
        )
        for row in rows
    ]
    page_info = relay.PageInfo(
        has_next_page=has_more,
        has_previous_page=after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )

    async def count_total() -> int:
        total: int = await loader(info, "negotiation.timeline_count").load(quote_id)
        return total

    return QuoteTimelineConnection(edges=edges, page_info=page_info, count_total=count_total)
