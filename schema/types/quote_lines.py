"""A quote's lines as a phone reads a long quote: a page at a time (``lineItems``), each line
with its price from the revision's stored pricing, and the totals computed on the server.

A line's price and its bundle children come from the revision's snapshot, decoded once per
request and indexed by line key once (``schema.types.pricing_snapshot.StoredPricing``): a
line is looked up, never searched for, and only the lines a query shows are decoded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

from db.queries.quotes import LinePage
from schema.connection import PageRequest, decode_cursor, encode_cursor, page_size
from schema.decimals import written_percent
from schema.errors import BadUserInput
from schema.money import (
    UNIT_PRICE_SCALE,
    WRITTEN_PERCENT_SCALE,
    unit_precision,
)
from schema.rows import from_row_now
from schema.selections import nodes_ask
from schema.types.catalog import Product
from schema.types.line_configuration import LineConfiguration
from schema.types.pricing import TOTALS, PricedLine, PricedTotals
from schema.types.pricing_snapshot import PagePricing, StoredPricing


def _priced(root: strawberry.Parent[QuoteLine]) -> PricedLine | None:
    return root.pricing.line(root.key)


def _children(root: strawberry.Parent[QuoteLine]) -> list[PricedLine]:
    return root.pricing.children(root.key)


@strawberry.type(
    description="A line as the rep entered it, with its price from the revision's pricing."
)
class QuoteLine:
    key: str
    """Identifies the line within its quote: the key edits and approvals name (`updateQuoteLines`,
    counter-offers); kept when a new revision copies the line."""
    quantity: int
    """Units quoted, in the product's unit of measure."""
    discount_percent: Decimal | None = strawberry.field(
        description=f"The rep's discount on the line, as a percentage: {WRITTEN_PERCENT_SCALE}; "
        "null when none or when it is an amount."
    )
    discount_amount: Decimal | None = strawberry.field(
        description="The rep's discount off each unit, in the quote's currency, "
        f"{UNIT_PRICE_SCALE}; null when none or when it is a percentage."
    )
    term_months: int | None
    """The subscription term in months (drives term discounts); null when none."""
    configuration: LineConfiguration | None
    """The bundle configuration as entered; null for a plain product."""
    priced: PricedLine | None = strawberry.field(
        resolver=_priced, description="This line's waterfall, or null when unpriced."
    )
    children: list[PricedLine] = strawberry.field(
        resolver=_children, description="Bundle options priced as child lines."
    )
    product_id: strawberry.Private[int]
    pricing: strawberry.Private[StoredPricing]

    @strawberry.field(description="The product quoted.", graphql_type=Product)
    def product(self, info: strawberry.Info) -> Any:
        # At once when the page loaded it ahead (``line_items``): no coroutine, future and
        # task per line; else through the request's loader, as before.
        return from_row_now(info, "product_by_id", self.product_id, Product)


def quote_line(row: Any, pricing: StoredPricing) -> QuoteLine:
    """The line a stored row (``db.queries.quotes.LINE_COLUMNS``) holds, priced by ``pricing``."""
    amount, configuration = row.discount_amount, row.configuration
    return QuoteLine(
        key=row.key,
        quantity=row.quantity,
        discount_percent=written_percent(row.discount_percent),
        discount_amount=None if amount is None else unit_precision(amount, pricing.currency),
        term_months=row.term_months,
        configuration=None
        if configuration is None
        else LineConfiguration.from_stored(configuration, row.product_id),
        product_id=row.product_id,
        pricing=pricing,
    )


@strawberry.type(
    description="A quote revision's totals, computed on the server from its stored pricing: "
    "a phone reads them without fetching a single line."
)
class QuoteTotals(PricedTotals):
    priced: bool
    """True when every line priced and nothing is refused."""
    breach_count: int
    """How many guardrail breaches (per line and for the quote) need approval."""

    @classmethod
    def of(cls, pricing: StoredPricing) -> QuoteTotals:
        quote = pricing.quote_type()
        return cls(
            **{name: getattr(quote, name) for name in TOTALS},
            priced=pricing.priced(),
            breach_count=pricing.breach_count(),
        )


@strawberry.type(description="One line of a page of a quote's lines, with its cursor.")
class QuoteLineEdge:
    cursor: str
    """Pass as `after` (or `before`) to page on from this line."""
    node: QuoteLine
    """The line."""


@strawberry.type(
    description="A page of a quote revision's lines, in order, with the revision's totals."
)
class QuoteLineConnection:
    edges: list[QuoteLineEdge]
    """The lines of this page, in order."""
    page_info: relay.PageInfo
    """Whether there are lines before or after this page, and the cursors to get them."""
    revision_id: strawberry.Private[int]
    pricing: strawberry.Private[StoredPricing]

    @strawberry.field(description="Number of lines in the whole revision, across all pages.")
    async def total_count(self, info: strawberry.Info) -> int:
        if isinstance(self.pricing, PagePricing):  # read with the page's pricing
            return self.pricing.snapshot_header.line_count
        count: int = await info.context.loaders.quotes.line_count_by_revision_id.load(
            self.revision_id
        )
        return count

    @strawberry.field(
        description="The revision's totals, computed on the server over every line, "
        "whatever the page: no line need be fetched to show them."
    )
    def totals(self) -> QuoteTotals:
        return QuoteTotals.of(self.pricing)


def _argument(kind: type, description: str) -> Any:
    return Annotated[kind | None, strawberry.argument(description=description)]


First = _argument(
    int,
    "How many lines after `after`, 0 up to the page cap (200 by default; more is a "
    "BAD_USER_INPUT error, never a silent truncation). 50 when neither `first` nor `last` is "
    "given; not together with `last`.",
)
After = _argument(str, "The `cursor` of the line to start after (from an edge or `endCursor`).")
Last = _argument(
    int, "How many lines before `before`, counting back, 0 up to the page cap; not with `first`."
)
Before = _argument(str, "The `cursor` of the line to end before (from an edge or `startCursor`).")

LINE_ITEMS = (
    "The lines in order, a page at a time (a page holds at most 200), each with its price, "
    "and the totals over every line. Errors: BAD_USER_INPUT for a page too large or a "
    "cursor that is not a line's."
)


def _line_cursor(cursor: str | None, argument: str) -> tuple[int, int] | None:
    """The (position, id) a line's cursor holds; BAD_USER_INPUT naming ``argument`` for
    anything else (another list's cursor, or no cursor at all)."""
    if cursor is None:
        return None
    try:
        values = decode_cursor(cursor)
    except BadUserInput:
        values = []
    match values:
        case ["QuoteLine", int(position), int(line_id)]:
            return position, line_id
    raise BadUserInput(f"`{argument}` is not the cursor of a quote's line.", argument=argument)


PricingOf = Callable[[list[str]], Awaitable[StoredPricing]]
"""A revision's pricing, as far as the lines of the given keys (a page's) need it."""
PricedLines = Callable[[Any, strawberry.Info], Awaitable[tuple[int, int, PricingOf]]]
"""An object's revision whose lines a ``lineItems`` field pages, the quote's version as the
object knows it (0 when it does not: the pages are then cached for the whole request), and
the revision's ``PricingOf``."""


def stored_pricing_of(stored: StoredPricing) -> PricingOf:
    """A revision's pricing already read whole (its row is loaded): every page's."""

    async def pricing(keys: list[str]) -> StoredPricing:
        return stored

    return pricing


def page_pricing_of(info: strawberry.Info, revision_id: int, version: int) -> PricingOf:
    """A revision's pricing as a page reads it: its figures and the page's lines cut out of
    the snapshot by PostgreSQL (``PagePricing``), with ``version`` the quote's."""
    loaders = info.context.loaders.quotes

    async def pricing(keys: list[str]) -> StoredPricing:
        found = await loaders.snapshot_page.load((revision_id, version, tuple(keys)))
        if found is None:
            raise LookupError(f"revision {revision_id} is gone")  # removed mid-request
        return PagePricing(*found)

    return pricing


def line_items_field(description: str, priced_lines: PricedLines) -> Any:
    """The ``lineItems`` connection field of a type that reaches a revision through
    ``priced_lines`` (a quote revision; a quote, its current one)."""

    async def resolve(
        root: strawberry.Parent[Any],
        info: strawberry.Info,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
    ) -> QuoteLineConnection:
        revision_id, version, pricing_of = await priced_lines(root, info)
        request = PageRequest(first=first, after=after, last=last, before=before)
        return await line_items(info, revision_id, pricing_of, request, version)

    return strawberry.field(resolver=resolve, description=description)


async def line_items(
    info: strawberry.Info,
    revision_id: int,
    pricing_of: PricingOf,
    request: PageRequest,
    version: int = 0,
) -> QuoteLineConnection:
    """One page of the revision's lines: one statement for the rows (every page the request
    asks for together), the prices from the request's decoded snapshot."""
    size, backwards = page_size(request, info.context.config.pages)
    after, before = _line_cursor(request.after, "after"), _line_cursor(request.before, "before")
    rows = await info.context.loaders.quotes.line_page.load(
        LinePage(revision_id, size + 1, after, before, backwards, version)
    )
    has_more = len(rows) > size
    rows = rows[1:] if backwards and has_more else rows[:size]
    keys = [row.key for row in rows]
    if rows and nodes_ask(info.selected_fields, "product"):
        # The page's products in the one statement their fields would make, ahead: each
        # line's ``product`` then answers synchronously (``from_row_now``).
        products = info.context.loaders.product_by_id.load_many(
            sorted({row.product_id for row in rows})
        )
        pricing, _ = await asyncio.gather(pricing_of(keys), products)
    else:
        pricing = await pricing_of(keys)
    edges = [
        QuoteLineEdge(
            cursor=encode_cursor(["QuoteLine", row.position, row.id]),
            node=quote_line(row, pricing),
        )
        for row in rows
    ]
    page_info = relay.PageInfo(
        has_next_page=request.before is not None if backwards else has_more,
        has_previous_page=has_more if backwards else request.after is not None,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return QuoteLineConnection(
        edges=edges, page_info=page_info, revision_id=revision_id, pricing=pricing
    )
