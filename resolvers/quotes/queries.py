"""``myQuotes``: the rep's quote list (a manager's team's), filtered and sorted for a phone."""

from __future__ import annotations

import asyncio
import enum
from datetime import UTC, datetime, timedelta
from typing import Annotated

import strawberry

from db.models.quotes import Quote as QuoteRow
from db.models.quotes import QuoteStatus as QuoteStatusModel
from db.queries.quotes import quote_list
from resolvers.pagination import Listing, Selection, argument_id
from resolvers.quotes.shared import shared_quote
from schema.errors import BadUserInput
from schema.ids import NO_ROW, node_key
from schema.permissions import require_viewer, signed_in
from schema.selections import nodes_ask
from schema.types.quote import Quote, QuoteConnection, QuoteStatus
from schema.types.shared_quote import SharedQuote
from services.numbers import MAX_DAYS


@strawberry.enum(description="What `myQuotes` sorts by.")
class QuoteSortField(enum.Enum):
    UPDATED_AT = strawberry.enum_value("updated_at", description="When the quote last changed.")
    CREATED_AT = strawberry.enum_value("created_at", description="When the quote was created.")
    VALID_UNTIL = strawberry.enum_value("valid_until", description="The last day the offer holds.")
    NET_TOTAL = strawberry.enum_value(
        "net_total",
        description="The quote's net total (amounts compared as numbers, whatever the currency).",
    )
    NUMBER = strawberry.enum_value("number", description="The quote number (Q-<number>).")


@strawberry.enum(description="Which way a sort runs.")
class SortDirection(enum.Enum):
    ASC = strawberry.enum_value("ASC", description="Smallest, earliest or A first.")
    DESC = strawberry.enum_value("DESC", description="Largest, latest or Z first.")


@strawberry.input(
    description=(
        "How `myQuotes` orders quotes: by `field`, in `direction` (ties broken by id, so paging"
        " is stable)."
    )
)
class QuoteSort:
    field: QuoteSortField = QuoteSortField.UPDATED_AT
    """What to sort by; UPDATED_AT by default."""
    direction: SortDirection = SortDirection.DESC
    """DESC (the default): newest, latest or largest first; ASC: the reverse."""


@strawberry.input(
    description=(
        "Narrows `myQuotes`; every field given must hold (fields left out match everything)."
    )
)
class QuoteFilter:
    status: list[QuoteStatus] | None = None
    """Only quotes in one of these states; every state when null."""
    account_id: strawberry.relay.GlobalID | None = None
    """Only quotes for this account (global ID)."""
    search: str | None = None
    """Part of the quote's name, or its number."""
    expiring_within_days: int | None = strawberry.field(
        default=None,
        description=f"Open quotes whose validity ends this soon: 0 to {MAX_DAYS} days.",
    )
    mine_only: bool = False
    """A manager's own quotes, not the team's."""


QUOTES = Listing(
    (QuoteRow.updated_at, QuoteRow.id), QuoteConnection, Quote.from_row, descending=True
)


QuoteFilterArgument = Annotated[
    QuoteFilter | None,
    strawberry.argument(description="Only the quotes that match; all you may see when null."),
]


async def load_links_ahead(info: strawberry.Info, rows: list[QuoteRow]) -> None:
    """The accounts and owners a page of quotes shows, loaded in the batches their fields
    would make (the same statements) before the nodes resolve: each node's `account` and
    `owner` then answer synchronously instead of awaiting a loader each."""
    loaders, asked = info.context.loaders, info.selected_fields
    ahead = []
    if nodes_ask(asked, "account"):
        ahead.append(loaders.account_by_id.load_many(sorted({r.account_id for r in rows})))
    if nodes_ask(asked, "owner"):
        ahead.append(loaders.user_by_id.load_many(sorted({r.owner_id for r in rows})))
    await asyncio.gather(*ahead)


@strawberry.type
class QuoteQueries:
    @QUOTES.field(
        signed_in(), "Your quotes (a manager: the team's), newest change first by default."
    )
    def my_quotes(
        self,
        info: strawberry.Info,
        filter: QuoteFilterArgument = None,
        sort: Annotated[
            QuoteSort | None,
            strawberry.argument(description="The order; latest change first when null."),
        ] = None,
    ) -> Selection:
        viewer = require_viewer(info)
        filter = filter or QuoteFilter()
        sort = sort or QuoteSort()
        account_id = argument_id(filter.account_id, "Account", "accountId", argument="filter")
        search = None
        if filter.search:
            text = filter.search.strip()
            number = node_key(text.upper().removeprefix("Q-"))
            search = (
                text,
                None if number == NO_ROW else number,
            )  # ASCII digits within int32: '²' and 10**30 are names
        window = None
        if filter.expiring_within_days is not None:
            if not 0 <= filter.expiring_within_days <= MAX_DAYS:
                raise BadUserInput(
                    f"`expiringWithinDays` is from 0 to {MAX_DAYS}.", argument="filter"
                )
            today = datetime.now(UTC).date()
            window = (today, today + timedelta(days=filter.expiring_within_days))
        stmt = quote_list(
            owners=frozenset({viewer.user_id}) if filter.mine_only else viewer.visible_owner_ids(),
            statuses=[QuoteStatusModel(s.value) for s in filter.status or ()],
            account_id=account_id,
            name_or_number=search,
            valid_between=window,
        )
        key = getattr(QuoteRow, sort.field.value)
        keys = [key, QuoteRow.id] if key is not QuoteRow.number else [key]
        return Selection(
            stmt,
            listing=QUOTES.sorted_by(keys, descending=sort.direction is SortDirection.DESC),
            prefetch=load_links_ahead,
        )

    shared_quote: SharedQuote = strawberry.field(
        resolver=shared_quote,
        description=(
            "Public: the offer behind a shared link (no sign-in). "
            "Errors: INVALID_TOKEN, TOKEN_EXPIRED, SUPERSEDED."
        ),
    )
