"""The reps' search: full text over live items in their audience, ranked, filtered, with
facet counts and highlighted snippets for the page shown.

A query with no hits is tried again with its misspelt words corrected against the indexed
vocabulary (``content_terms``: a letter missing, doubled, wrong or two swapped,
``content.terms.correction``), then as prefixes of its words' leading two thirds
(``content.terms.prefix_query``); the result says when a fallback answered.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from content.rules import ContentKind, normal_keys
from content.terms import (
    candidates_of,
    corrected,
    correction,
    latin_words,
    prefix_query,
    query_texts,
)
from db.actor import Actor
from db.models.content import ContentItem
from db.models.users import Role
from db.queries.content import Found, Scope, TextQuery, search, vocabulary_near
from services.content.segmenters import prepared


@dataclass(frozen=True, slots=True)
class ContentSearch:
    query: str | None = None
    kinds: Sequence[ContentKind] = ()
    product_ids: Sequence[int] = ()
    competitors: Sequence[str] = ()
    language: str | None = None
    offset: int = 0
    limit: int = 20
    highlight: bool = True
    """False: no snippets (``ts_headline`` is the costly part; skip it when not shown)."""


@dataclass(frozen=True, slots=True)
class ContentResults:
    found: Found
    snippets: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    """True when no item matched the words and a fallback (corrected words, prefixes)
    answered."""

    @property
    def items(self) -> list[ContentItem]:
        return self.found.items


def marked(headline: str) -> str:
    """A ``ts_headline`` with its control-character marks, as HTML: the text escaped, the
    matches in ``<mark>``."""
    escaped = html.escape(headline, quote=False)
    return escaped.replace("\u0002", "<mark>").replace("\u0003", "</mark>")


async def search_content(
    session: AsyncSession, actor: Actor, now: datetime, request: ContentSearch
) -> ContentResults:
    everyone = actor.has_any(Role.OPS)
    scope = Scope(
        now=now,
        roles=None if everyone else sorted(role.value for role in actor.roles),
        kinds=[kind.value for kind in request.kinds],
        product_ids=list(request.product_ids),
        competitors=list(normal_keys(request.competitors)),
        language=request.language,
    )
    query = (request.query or "").strip()
    text = await _text_query(query) if query else TextQuery()
    found = await _page(session, scope, request, text)
    fuzzy = False
    if query and found.total == 0:
        found = await _fallbacks(session, scope, request, query)
        fuzzy = found.total > 0
    return ContentResults(found, {k: marked(v) for k, v in found.snippets.items()}, fuzzy)


async def _page(
    session: AsyncSession, scope: Scope, request: ContentSearch, text: TextQuery
) -> Found:
    """One page of ``text``'s hits, with snippets when the request shows them."""
    return await search(
        session,
        scope,
        text,
        offset=request.offset,
        limit=request.limit,
        highlight=request.highlight,
    )


async def _text_query(query: str) -> TextQuery:
    texts = await prepared(lambda s: query_texts(query, s))
    return TextQuery(by_words=texts.by_words, by_pairs=texts.by_pairs)


async def _fallbacks(
    session: AsyncSession, scope: Scope, request: ContentSearch, query: str
) -> Found:
    """For a query that found nothing: its misspelt words corrected, then its words as
    prefixes; the first that finds something (or the last tried)."""
    found = Found([], 0)
    words = latin_words(query)
    vocabulary = await vocabulary_near(session, [candidates_of(w) for w in words])
    fixes = {w: fix for w in words if (fix := correction(w, vocabulary)) is not None}
    if fixes:
        found = await _page(session, scope, request, await _text_query(corrected(query, fixes)))
    if found.total == 0 and (prefix := prefix_query(query)) is not None:
        found = await _page(session, scope, request, TextQuery(prefix=prefix))
    return found
