"""Searching content items: PostgreSQL full text over ``search_vector``, filters, facets and
highlighted snippets (``ts_headline`` only for the rows of the page shown)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    and_,
    case,
    func,
    literal,
    literal_column,
    or_,
    select,
    text,
    true,
)
from sqlalchemy.dialects.postgresql import ARRAY, aggregate_order_by, array
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlalchemy.types import Integer, String

from db.models.catalog import Product
from db.models.content import ContentEvent, ContentItem, ContentTerm

SNIPPET_OPTIONS = (
    "MaxFragments=2, MaxWords=24, MinWords=8, FragmentDelimiter=\u2026 , "
    "StartSel=\u0002, StopSel=\u0003"
)
"""``ts_headline`` options: the marks are control characters the caller turns into
``<mark>`` after escaping the text (the body is Markdown that may hold ``<``)."""


FACET_MAX = 50
"""Facet entries listed for products and competitors, most hits first."""


_LATIN = re.compile(r"[A-Za-z]")
_EXCLUDED = re.compile(r"(?:^|[\s\"])-\w")


@dataclass(frozen=True, slots=True)
class TextQuery:
    """A query as ``websearch_to_tsquery`` texts: its words (stemmed by ``english`` for an
    English row, as they are by ``simple`` for any other, as the rows' vectors are made),
    ORed with its Thai and CJK runs' character pairs; or the prefix fallback as
    ``to_tsquery('simple', …)`` text, the same for every row."""

    by_words: str | None = None
    by_pairs: str | None = None
    prefix: str | None = None

    def _queries(self) -> tuple[ColumnElement[Any], ColumnElement[Any] | None] | None:
        """The ``simple`` query, and the ``english`` one when the words have Latin letters
        (without, a stemmer has nothing to do and the two are the same)."""
        if self.prefix is not None:
            return func.to_tsquery("simple", self.prefix), None
        if self.by_words is None:
            return None
        simple: ColumnElement[Any] = func.websearch_to_tsquery("simple", self.by_words)
        english: ColumnElement[Any] | None = None
        if _LATIN.search(self.by_words):
            english = func.websearch_to_tsquery("english", self.by_words)
        if self.by_pairs is not None:
            pairs = func.websearch_to_tsquery("simple", self.by_pairs)
            simple = simple.op("||")(pairs)
            english = None if english is None else english.op("||")(pairs)
        return simple, english

    def _excludes(self) -> bool:
        """Whether the words exclude one (``-word``): then the union of the two queries is
        not enough (a row's stem of the excluded word is not its simple form)."""
        return self.by_words is not None and _EXCLUDED.search(self.by_words) is not None

    def row_tsquery(self) -> ColumnElement[Any] | None:
        """The query a row is ranked and highlighted by: the union of the ``english`` and
        ``simple`` queries (a row matches the half its configuration made), or with an
        excluded word each row's own configuration's query."""
        queries = self._queries()
        if queries is None:
            return None
        simple, english = queries
        if english is None:
            return simple
        if self._excludes():
            return case((_is_english(), english), else_=simple)
        union: ColumnElement[Any] = english.op("||")(simple)
        return union

    def matches(self) -> ColumnElement[bool] | None:
        """The rows this query finds: those the union matches (a constant: the GIN index
        answers it); with an excluded word, each row then held to its own configuration's
        query too (checked row by row, so only then)."""
        queries = self._queries()
        if queries is None:
            return None
        simple, english = queries
        vector = ContentItem.search_vector
        if english is None:
            found: ColumnElement[bool] = vector.op("@@")(simple)
            return found
        union = vector.op("@@")(english.op("||")(simple))
        return and_(union, vector.op("@@")(self.row_tsquery())) if self._excludes() else union


def _is_english() -> ColumnElement[bool]:
    return func.split_part(ContentItem.language, "-", 1) == "en"


def _row_config() -> ColumnElement[Any]:
    """The text search configuration of an item's row, as ``search_vector`` is made."""
    return case(
        (_is_english(), literal_column("'english'::regconfig")),
        else_=literal_column("'simple'::regconfig"),
    )


@dataclass(frozen=True, slots=True)
class Scope:
    """Which items a search may return: live at ``now``, in the viewer's audience
    (``roles`` None: every audience), narrowed by the filters (empty: no narrowing)."""

    now: datetime
    roles: Sequence[str] | None
    kinds: Sequence[str] = ()
    product_ids: Sequence[int] = ()
    competitors: Sequence[str] = ()
    language: str | None = None


def _where(scope: Scope, match: ColumnElement[bool] | None, *, without: str = "") -> list[Any]:
    item = ContentItem
    conditions: list[Any] = [
        item.publish_at <= scope.now,
        or_(item.retire_at.is_(None), item.retire_at > scope.now),
    ]
    if scope.roles is not None:
        roles = array([literal(r, String) for r in scope.roles], type_=ARRAY(String))
        conditions.append(
            or_(func.cardinality(item.audience_roles) == 0, item.audience_roles.overlap(roles))
        )
    if match is not None:
        conditions.append(match)
    if scope.kinds and without not in {"kind", "all"}:
        conditions.append(item.kind.in_(scope.kinds))
    if scope.product_ids and without not in {"product", "all"}:
        ids = array([literal(i, Integer) for i in scope.product_ids], type_=ARRAY(Integer))
        conditions.append(item.product_ids.overlap(ids))
    if scope.competitors and without not in {"competitor", "all"}:
        keys = array([literal(c, String) for c in scope.competitors], type_=ARRAY(String))
        conditions.append(item.competitors.overlap(keys))
    if scope.language is not None:
        conditions.append(
            or_(item.language == scope.language, item.language.startswith(f"{scope.language}-"))
        )
    return conditions


@dataclass(frozen=True, slots=True)
class Found:
    """A page of ranked items, the total, the facet counts, and (when asked) the page's
    highlighted snippets by item id."""

    items: list[ContentItem]
    total: int
    by_kind: list[tuple[str, int]] = field(default_factory=list)
    by_product: list[tuple[int, int]] = field(default_factory=list)
    by_competitor: list[tuple[str, int]] = field(default_factory=list)
    snippets: dict[int, str] = field(default_factory=dict)
    """``ts_headline`` marks (see ``SNIPPET_OPTIONS``), for the page's items only."""


def _facet_filters(scope: Scope) -> dict[str, ColumnElement[bool]]:
    """The filters each facet ignores, by facet."""
    item = ContentItem
    filters: dict[str, ColumnElement[bool]] = {}
    if scope.kinds:
        filters["kind"] = item.kind.in_(scope.kinds)
    if scope.product_ids:
        filters["product"] = _overlaps(item.product_ids, scope.product_ids, Integer)
    if scope.competitors:
        filters["competitor"] = _overlaps(item.competitors, scope.competitors, String)
    return filters


def _counted(values: Any, limit: int | None = None) -> Any:
    """``values`` (a one-column select, ``value``) counted, most first, as a JSON array of
    ``[value, count]`` pairs."""
    rows = values.subquery()
    grouped = (
        select(rows.c.value, func.count().label("n"))
        .group_by(rows.c.value)
        .order_by(func.count().desc(), rows.c.value)
        .limit(limit)
        .subquery()
    )
    pair = func.json_build_array(grouped.c.value, grouped.c.n)
    ordered = aggregate_order_by(pair, grouped.c.n.desc(), grouped.c.value)
    return select(func.coalesce(func.json_agg(ordered), text("'[]'::json"))).scalar_subquery()


_UNSHOWN = tuple(
    defer(getattr(ContentItem, name), raiseload=True)
    for name in ("search_vector", "terms_a", "terms_b", "terms_c", "snippet_text")
)
"""Columns a hit never shows: not fetched (the vector and terms are the widest); the loader
options made once (making them costs more than running the search's SQL)."""


@dataclass(frozen=True, slots=True)
class _Matched:
    """The matches in scope, each filter each facet ignores as a flag, found once (a
    materialised CTE): the page, the total and the facets all read it."""

    cte: Any
    filters: dict[str, ColumnElement[bool]]

    def passing(self, *names: str) -> ColumnElement[bool]:
        return and_(true(), *(self.cte.c[f"{n}_ok"] for n in names if n in self.filters))

    def counts(self) -> list[Any]:
        """The total, and the kind, product and competitor facets (each ignoring its own
        filter) as JSON: scalar subqueries, computed once per statement."""
        c, passing = self.cte.c, self.passing
        total = select(func.count()).select_from(self.cte)
        total = total.where(passing("kind", "product", "competitor"))
        kinds = select(c.kind.label("value")).where(passing("product", "competitor"))
        products = select(func.unnest(c.product_ids).label("value"))
        competitors = select(func.unnest(c.competitors).label("value"))
        return [
            total.scalar_subquery(),
            _counted(kinds),
            _counted(products.where(passing("kind", "competitor")), FACET_MAX),
            _counted(competitors.where(passing("kind", "product")), FACET_MAX),
        ]


def _matched(scope: Scope, text_query: TextQuery) -> _Matched:
    item = ContentItem
    tsquery = text_query.row_tsquery()
    rank = literal(0.0) if tsquery is None else func.ts_rank(item.search_vector, tsquery)
    filters = _facet_filters(scope)
    flags = (condition.label(f"{name}_ok") for name, condition in filters.items())
    found = select(
        item.id,
        item.kind,
        item.product_ids,
        item.competitors,
        item.publish_at,
        rank.label("rank"),
        *flags,
    ).where(and_(*_where(scope, text_query.matches(), without="all")))
    return _Matched(found.cte("matched"), filters)


async def search(
    session: AsyncSession,
    scope: Scope,
    text_query: TextQuery,
    *,
    offset: int,
    limit: int,
    highlight: bool = False,
) -> Found:
    """Items matching ``text_query`` in ``scope``, best first (ties: newest, then lowest
    id), from ``offset``; with the total and facets, each facet ignoring its own filter, and
    with ``highlight`` the page's snippets. One statement: the matches are found (and
    ranked) once, the page's rows fetched by id, and ``ts_headline`` runs on those rows
    only; a second one for the counts only when the page is empty."""
    matched = _matched(scope, text_query)
    m = matched.cte.c
    page = (
        select(m.id, m.rank, m.publish_at)
        .where(matched.passing("kind", "product", "competitor"))
        .order_by(m.rank.desc(), m.publish_at.desc(), m.id)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )
    columns: list[Any] = [ContentItem, *matched.counts()]
    tsquery = text_query.row_tsquery()
    if highlight and tsquery is not None:
        snippet = ContentItem.snippet_text
        columns.append(func.ts_headline(_row_config(), snippet, tsquery, SNIPPET_OPTIONS))
    rows = (
        await session.execute(
            select(*columns)
            .join(page, page.c.id == ContentItem.id)
            .options(*_UNSHOWN)
            .order_by(page.c.rank.desc(), page.c.publish_at.desc(), page.c.id)
        )
    ).all()
    counts = rows[0][1:5] if rows else (await session.execute(select(*matched.counts()))).one()
    return Found(
        items=[row[0] for row in rows],
        total=int(counts[0]),
        by_kind=[(str(v), int(n)) for v, n in _json(counts[1])],
        by_product=[(int(v), int(n)) for v, n in _json(counts[2])],
        by_competitor=[(str(v), int(n)) for v, n in _json(counts[3])],
        snippets={row[0].id: str(row[5]) for row in rows if len(row) > 5},
    )


def _json(value: Any) -> list[Any]:
    return list(json.loads(value) if isinstance(value, str) else value)


async def vocabulary_near(
    session: AsyncSession, places: Sequence[tuple[set[str], int, int]]
) -> list[str]:
    """The indexed words (``content_terms``) starting with one of each place's letters, of a
    length in its range: where corrections of misspelt words are looked for (each letter a
    range scan of the primary key)."""
    term = ContentTerm.term
    near = [
        and_(term >= letter, term < chr(ord(letter) + 1), func.length(term).between(lo, hi))
        for letters, lo, hi in places
        for letter in sorted(letters)
    ]
    if not near:
        return []
    return list((await session.scalars(select(term).where(or_(*near)))).all())


async def missing_product_ids(session: AsyncSession, ids: Sequence[int]) -> list[int]:
    """Of ``ids``, those no product has."""
    if not ids:
        return []
    found = set((await session.scalars(select(Product.id).where(Product.id.in_(ids)))).all())
    return [i for i in ids if i not in found]


async def share_of(
    session: AsyncSession, rep_id: int, item_id: int, quote_id: int
) -> ContentEvent | None:
    """The rep's share of the item on the quote, if made."""
    found = await session.scalars(
        select(ContentEvent).where(
            ContentEvent.action == "SHARE",
            ContentEvent.rep_id == rep_id,
            ContentEvent.content_item_id == item_id,
            ContentEvent.quote_id == quote_id,
        )
    )
    return found.first()


async def shared_on_quotes(
    session: AsyncSession, quote_ids: Sequence[int], now: datetime
) -> dict[int, list[ContentItem]]:
    """The items shared on each quote that are live now, first shared first, by quote."""
    first = func.min(ContentEvent.id).label("first")
    shares = (
        select(ContentEvent.quote_id, ContentEvent.content_item_id, first)
        .where(ContentEvent.action == "SHARE", ContentEvent.quote_id.in_(list(quote_ids)))
        .group_by(ContentEvent.quote_id, ContentEvent.content_item_id)
        .subquery()
    )
    rows = await session.execute(
        select(shares.c.quote_id, ContentItem)
        .join(shares, shares.c.content_item_id == ContentItem.id)
        .where(
            ContentItem.publish_at <= now,
            or_(ContentItem.retire_at.is_(None), ContentItem.retire_at > now),
        )
        .order_by(shares.c.first)
    )
    found: dict[int, list[ContentItem]] = {}
    for quote_id, item in rows.all():
        found.setdefault(quote_id, []).append(item)
    return found


async def item_titled(session: AsyncSession, title: str) -> int | None:
    """The id of an item with this title, if any."""
    return await session.scalar(select(ContentItem.id).where(ContentItem.title == title).limit(1))


def _overlaps(column: Any, values: Sequence[Any], kind: Any) -> ColumnElement[bool]:
    return column.overlap(array([literal(v, kind) for v in values], type_=ARRAY(kind)))
