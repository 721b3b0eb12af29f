"""``myNewContent``: the rep's home screen, "what is new for your open deals"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import strawberry

from resolvers.reading import read
from schema.errors import BadUserInput
from schema.permissions import require_viewer, signed_in
from schema.types.content import ContentItem
from schema.types.content_relevance import ContentFitForQuote, NewContentForDeals
from services.content.relevance import NEW_MAX, NewForDeals, new_content_for_open_deals

SINCE_MAX = timedelta(days=366)
"""How far back ``since`` may reach."""


@strawberry.type
class NewContentQueries:
    @strawberry.field(
        extensions=signed_in(),
        description="What is new for your open deals: items published since `since` (the last "
        "14 days by default) that fit any of your open quotes (draft, pending approval, "
        "approved, sent), best fit first, each with the quotes it fits and why. Two "
        "statements however many quotes you have. Anyone signed in.",
    )
    async def my_new_content(
        self,
        info: strawberry.Info,
        first: Annotated[
            int, strawberry.argument(description=f"How many items (1 to {NEW_MAX}).")
        ] = 10,
        since: Annotated[
            datetime | None,
            strawberry.argument(
                description="Only items published after this instant (at most a year ago); "
                "null: the last 14 days."
            ),
        ] = None,
    ) -> list[NewContentForDeals]:
        viewer = require_viewer(info)
        if not 1 <= first <= NEW_MAX:
            raise BadUserInput(f"first is from 1 to {NEW_MAX}.", argument="first")
        now = datetime.now(UTC)
        if since is not None and (since.tzinfo is None or since < now - SINCE_MAX):
            raise BadUserInput(
                "since is an instant with an offset, within a year.", argument="since"
            )
        found = await read(info, new_content_for_open_deals, viewer, now, since, first)
        return new_content_types(found)


def new_content_types(found: list[NewForDeals]) -> list[NewContentForDeals]:
    """The service's answer as the API shows it."""
    return [
        NewContentForDeals(
            item=ContentItem.from_row(new.item),
            quotes=[
                ContentFitForQuote(
                    score=fit.relevance.score,
                    reasons=list(fit.relevance.reasons),
                    quote_id=fit.quote_id,
                )
                for fit in new.quotes
            ],
        )
        for new in found
    ]
