"""``Quote.relevantContent``: content that fits the deal, for the viewer's roles, and why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from content.relevance import Reason
from db.queries.content_relevance import audience_of
from schema.enums import described_enum
from schema.errors import BadUserInput
from schema.permissions import require_viewer
from schema.rows import loader
from schema.types.content import ContentItem

if TYPE_CHECKING:
    from schema.types.quote import Quote

RELEVANT_MAX = 50

RelevanceReason = described_enum(
    Reason,
    "RelevanceReason",
    "Why an item is shown for a deal; each adds to its score.",
    {
        "PRODUCT": "It is about one of the quote's products (the strongest sign, 8).",
        "COMPETITOR": "It is about a competitor named on the quote (6).",
        "FAMILY": "It is about one of the quote's product families (4).",
        "INDUSTRY": "It is for the account's industry, by its industries or tags (3).",
        "SEGMENT": "It is for the account's segment, by its segments or tags (2).",
        "STAGE": "Its kind helps at the quote's status (2); never alone, never once closed.",
    },
)


@strawberry.type(description="An item that fits a deal, its score and why it is shown.")
class RelevantContentItem:
    item: ContentItem
    """The item."""
    score: int
    """The sum of its reasons' weights: higher is a better fit."""
    reasons: list[RelevanceReason]  # type: ignore[valid-type]
    """Why it is shown, strongest first."""

    @classmethod
    def ranked(cls, hits: Iterable[Any]) -> list[RelevantContentItem]:
        """``hits`` (each an item row and its ``content.relevance.Relevance``) as shown."""
        return [
            cls(
                item=ContentItem.from_row(hit.item),
                score=hit.relevance.score,
                reasons=list(hit.relevance.reasons),
            )
            for hit in hits
        ]


def check_first(first: int) -> None:
    """Refuse a ``first`` outside 1 to ``RELEVANT_MAX``."""
    if not 1 <= first <= RELEVANT_MAX:
        raise BadUserInput(f"first is from 1 to {RELEVANT_MAX}.", argument="first")


@strawberry.type(description="One of your open quotes a new item fits, and why.")
class ContentFitForQuote:
    score: int
    """The item's score for that quote."""
    reasons: list[RelevanceReason]  # type: ignore[valid-type]
    """Why it fits that quote, strongest first."""
    quote_id: strawberry.Private[int]

    @strawberry.field(description="The quote.")
    async def quote(
        self, info: strawberry.Info
    ) -> Annotated[Quote, strawberry.lazy("schema.types.quote")]:
        from schema.types.quote import Quote  # here: an import cycle

        return Quote.from_row(await loader(info, "quote_by_id").load(self.quote_id))


@strawberry.type(description="A newly published item that fits some of your open quotes.")
class NewContentForDeals:
    item: ContentItem
    """The item."""
    quotes: list[ContentFitForQuote]
    """The open quotes it fits, best fit first."""


async def relevant_content_ranked(
    info: strawberry.Info, quote_id: int, first: int
) -> list[RelevantContentItem]:
    """The best ``first`` live items for the quote, through the request's batching loader
    (every quote of a list in one statement)."""
    check_first(first)
    viewer = require_viewer(info)
    found = await loader(info, "content.relevant_by_quote").load(
        (quote_id, first, audience_of(viewer))
    )
    return RelevantContentItem.ranked(found)


async def relevant_content(info: strawberry.Info, quote_id: int, first: int) -> list[ContentItem]:
    """The items of ``relevant_content_ranked``, without their reasons."""
    return [hit.item for hit in await relevant_content_ranked(info, quote_id, first)]
