"""Content that fits deals: ``Quote.relevantContent`` for any number of quotes at once, and the
rep's home screen, "what is new for your open deals".

The SQL (``db.queries.content_relevance``) finds and ranks; ``content.relevance`` explains
each item (its reasons) from the same links, so what is shown and why agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from content.relevance import Relevance, judge
from db.actor import Actor
from db.models.content import ContentItem
from db.queries.content_relevance import (
    Match,
    audience_of,
    links_of,
    new_for_open_deals,
    relevant_by_quote,
)
from db.queries.content_relevance_proposed import ProposedDeal
from db.queries.content_relevance_proposed import (
    relevant_for_proposal as relevant_for_proposal_query,
)

RELEVANT_MAX = 50
"""The most items ``relevantContent`` lists for a quote."""
NEW_MAX = 50
"""The most items the home screen lists."""
NEW_WINDOW = timedelta(days=14)
"""How far back the home screen looks by default."""


@dataclass(frozen=True, slots=True)
class RelevantItem:
    """An item that fits a quote, and why."""

    quote_id: int
    item: ContentItem
    relevance: Relevance


@dataclass(frozen=True, slots=True)
class NewForDeals:
    """A newly published item, and each of the rep's open quotes it fits (best first)."""

    item: ContentItem
    quotes: tuple[RelevantItem, ...]


def _explained(match: Match) -> RelevantItem:
    return RelevantItem(match.quote_id, match.item, judge(match.deal, links_of(match.item)))


async def relevant_content(
    session: AsyncSession,
    roles: Sequence[str] | None,
    now: datetime,
    asked: Sequence[tuple[int, int]],
) -> dict[tuple[int, int], list[RelevantItem]]:
    """For each ``(quote id, how many)`` asked, the best live items for the quote (``roles``
    None: every audience), best first, with their reasons; one statement for all of them (a
    quote asked with two sizes is read once, at the larger)."""
    most: dict[int, int] = {}
    for quote_id, limit in asked:
        most[quote_id] = max(most.get(quote_id, 0), min(limit, RELEVANT_MAX))
    found: dict[int, list[RelevantItem]] = {}
    for match in await relevant_by_quote(session, now, roles, list(most.items())):
        found.setdefault(match.quote_id, []).append(_explained(match))
    return {(q, n): found.get(q, [])[:n] for q, n in asked}


async def new_content_for_open_deals(
    session: AsyncSession, actor: Actor, now: datetime, since: datetime | None, limit: int
) -> list[NewForDeals]:
    """Items published since ``since`` (``NEW_WINDOW`` ago by default) that fit any of the
    actor's open quotes, best first, each with the quotes it fits."""
    start = now - NEW_WINDOW if since is None else since
    matches = await new_for_open_deals(
        session, now, audience_of(actor), actor.user_id, start, min(limit, NEW_MAX)
    )
    grouped: dict[int, list[RelevantItem]] = {}
    for match in matches:
        grouped.setdefault(match.item.id, []).append(_explained(match))
    return [NewForDeals(fits[0].item, tuple(fits)) for fits in grouped.values()]


async def relevant_for_proposal(
    session: AsyncSession,
    roles: Sequence[str] | None,
    now: datetime,
    deal: ProposedDeal,
    limit: int,
) -> list[RelevantItem]:
    """``relevant_content`` for a deal not saved yet (``previewDeal``): the best ``limit``
    live items for its products, account and competitors at its stage, with their reasons."""
    found = await relevant_for_proposal_query(session, now, roles, deal, min(limit, RELEVANT_MAX))
    return [_explained(match) for match in found]
