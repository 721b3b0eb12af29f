"""``quoteTimeline``: the quote's new timeline entries, pushed as they happen (the customer's
picks and proposals, the rep's answers, status moves, approvers' decisions).

It follows ``resolvers.subscriptions``' rules: no database connection held while waiting,
events from PostgreSQL LISTEN/NOTIFY, visibility checked again before each push, and after
a resync (the server lost the database for a moment) whatever was missed is sent.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated, Any

import strawberry

from db.models.quotes import Quote as QuoteRow
from db.queries.negotiation import timeline_end, timeline_page
from resolvers.subscriptions import following, is_resync, read_fresh, visible_pk
from schema.types.negotiation import QuoteTimelineEntry, timeline_entry
from schema.types.quote import Quote

MAX_BURST = 200
"""Entries pushed after one event at most (a resync after a long outage sends the newest)."""

Cursor = tuple[datetime, str, int]


def _about(pk: int) -> Any:
    def wanted(event: dict[str, Any]) -> bool:
        return event.get("topic") in ("quote", "approval_request") and event.get("quote_id") == pk

    return wanted


@strawberry.type
class NegotiationSubscriptions:
    @strawberry.subscription(
        description="The quote's new timeline entries as they happen: the customer's picks, "
        "proposals and answers through the shared link, the rep's answers and status moves, "
        "approvers' decisions (each as `Quote.timeline` shows it). Anyone signed in who may "
        "see the quote."
    )
    async def quote_timeline(
        self,
        info: strawberry.Info,
        quote_id: Annotated[
            strawberry.relay.GlobalID,
            strawberry.argument(
                description="The quote to follow (`Quote.id`); one you may not see is NOT_FOUND."
            ),
        ],
    ) -> AsyncGenerator[QuoteTimelineEntry, None]:
        pk = await visible_pk(info, Quote, quote_id)

        async def end() -> tuple[Cursor | None, int]:
            async with info.context.db.read() as session:
                quote = await session.get(QuoteRow, pk)
                return await timeline_end(session, pk), quote.owner_id if quote else 0

        last, owner = await read_fresh(info, end)
        # Nothing while the quote is no longer the viewer's to see (e.g. reassigned).
        async for event, _ in following(info, Quote, pk, _about(pk)):

            async def newer(after: Cursor | None = last) -> list[Any]:
                async with info.context.db.read() as session:
                    return await timeline_page(session, pk, after, MAX_BURST)

            for row in await read_fresh(info, newer):
                last = (row.at, row.source, row.id)
                yield timeline_entry(row, owner)
            if is_resync(event):
                continue
