"""Content that fits deals, ranked in SQL by ``content.relevance``'s weights.

Both reads are one statement however many quotes they are for: the deals (current revision's
products and families, named competitors, the account's segment and industry, the status) are
a CTE over the quotes asked for, and the items are matched to each deal by array overlaps the
GIN indexes of revision 0021 answer. The engine explains each item found (its reasons); the
SQL only ranks, by the same sum.

``relevantContent`` bounds its work per deal and stays exact. Scoring every item that shares
a link with a deal reads thousands of rows (a segment, an industry or a family links a tenth
of a library), so the candidates are the union of lists, each read by its GIN index(es):

* every in-scope item sharing a product, and every one sharing a named competitor (narrow:
  tens to hundreds of items in a real library; these lists are not cut);
* every item sharing two of the broad kinds (family and industry, family and segment,
  industry and segment: an index intersection, few rows);
* at most ``CAPS[kind]`` items sharing one broad kind, in no particular order.

The union is scored exactly, on the listed rows. An item in no list shares no product and no
competitor, at most one broad kind, and that kind's list was cut: it scores at most the
largest cut broad weight plus the stage's (4 + 2 = 6 at most): the deal's bound. Every item
scoring above the bound is listed, so when the N-th best candidate scores above it (or
nothing was cut) the top N is exactly the full ranking's: any item sharing a product scores
8 or more, so a deal with N product items is always certain. Otherwise that quote is ranked
again in full (a second statement, for those quotes only): a deal with no product or
competitor content and a large broad kind pays the full price, exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from itertools import combinations
from typing import Any

from sqlalchemy import (
    CTE,
    ColumnElement,
    Select,
    and_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    inspect,
    literal,
    or_,
    select,
    text,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, defer
from sqlalchemy.sql.expression import Subquery
from sqlalchemy.types import DateTime, Integer, String

import content.relevance as rel
from content.relevance import Deal, Links, Reason
from db.actor import Actor
from db.models.accounts import Account
from db.models.catalog import Product
from db.models.content import ContentItem, ContentItemLinks
from db.models.quotes import Quote, QuoteLine, QuoteRevision, QuoteStatus
from db.models.users import Role
from db.queries.batches import one_of
from db.queries.quotes import OPEN

LINKS = ContentItemLinks
"""The narrow copy of the items' links that candidates are scored on."""
CAPS: dict[Reason, int] = {Reason.FAMILY: 100, Reason.INDUSTRY: 100, Reason.SEGMENT: 100}
"""The most in-scope items a broad kind of link alone yields per deal before exact scoring
(above ``services.content.relevance.RELEVANT_MAX``); the module docstring says why the
ranking stays exact."""
UNSHOWN = ("terms_a", "terms_b", "terms_c", "snippet_text", "search_vector")
"""What search indexes and no relevance read shows: not loaded."""


@dataclass(frozen=True, slots=True)
class Match:
    """An item found for a quote, with the quote's deal and the score the SQL ranked by."""

    quote_id: int
    deal: Deal
    item: ContentItem
    score: int


def links_of(item: ContentItem) -> Links:
    """What the engine judges an item by."""
    return Links(
        kind=item.kind,
        product_ids=tuple(item.product_ids),
        families=tuple(item.families),
        competitors=tuple(item.competitors),
        segments=tuple(item.segments),
        industries=tuple(item.industries),
        tags=tuple(item.tags),
    )


def _deals(asked: Select[Any]) -> CTE:
    """A deal per quote ``asked`` selects (its ``quote_id`` and any more columns, kept)."""
    wanted = asked.cte("asked")
    revision = QuoteRevision
    on_revision = QuoteLine.revision_id == revision.id
    products = select(func.array_agg(distinct(QuoteLine.product_id))).where(on_revision)
    families = (
        select(func.array_agg(distinct(Product.family)))
        .select_from(QuoteLine)
        .join(Product, Product.id == QuoteLine.product_id)
        .where(on_revision, Product.family.is_not(None))
    )
    return (
        select(
            wanted,
            Quote.status,
            Account.segment,
            Account.industry,
            revision.competitors,
            _customer_keys(Account.industry).label("industry_keys"),
            _customer_keys(Account.segment).label("segment_keys"),
            products.scalar_subquery().label("product_ids"),
            families.scalar_subquery().label("families"),
        )
        .join(Quote, Quote.id == wanted.c.quote_id)
        .join(Account, Account.id == Quote.account_id)
        .join(
            revision,
            and_(revision.quote_id == Quote.id, revision.number == Quote.current_revision),
        )
        .cte("deal")
    )


def _customer_keys(value: Any) -> ColumnElement[Any]:
    """``content.relevance.customer_keys`` in SQL (a null value: no key matches); made once
    per deal, not per item."""
    key = func.lower(func.btrim(value))
    dashed = func.regexp_replace(key, r"[_\s]+", "-", "g")
    keys = array([func.left(key, rel.KEY_MAX), func.left(dashed, rel.KEY_MAX)])
    return cast(keys, ARRAY(String))


def _shared(
    deal: CTE, item: Any = LINKS
) -> tuple[list[tuple[ColumnElement[bool], Reason]], ColumnElement[bool]]:
    """Each link an item may share with ``deal`` and the reason it gives; and whether it
    shares any (the tags matched against the industry's and segment's keys at once: one
    index scan fewer)."""
    industry, segment = deal.c.industry_keys, deal.c.segment_keys
    by_link = [
        (item.product_ids.overlap(deal.c.product_ids), Reason.PRODUCT),
        (item.competitors.overlap(deal.c.competitors), Reason.COMPETITOR),
        (item.families.overlap(deal.c.families), Reason.FAMILY),
    ]
    customer = [
        (item.industries.overlap(industry), item.tags.overlap(industry), Reason.INDUSTRY),
        (item.segments.overlap(segment), item.tags.overlap(segment), Reason.SEGMENT),
    ]
    keys = cast(industry.op("||")(segment), ARRAY(String))
    shares = or_(
        *(c for c, _ in by_link),
        *(linked for linked, _, _ in customer),
        item.tags.overlap(keys),
    )
    reasons = by_link + [(or_(linked, tagged), r) for linked, tagged, r in customer]
    return reasons, shares


def _stage(deal: CTE, item: Any = LINKS) -> ColumnElement[int]:
    kinds = [
        (and_(deal.c.status == QuoteStatus(status), one_of(item.kind, [k.value for k in ks])), 1)
        for status, ks in rel.STAGE_KINDS.items()
    ]
    return case(*kinds, else_=0) * rel.WEIGHTS[Reason.STAGE]


def matching(deal: CTE, item: Any = LINKS) -> tuple[ColumnElement[bool], ColumnElement[int]]:
    """Whether an item (a row of ``item``: ``LINKS`` or a subquery of its columns) shares
    anything with ``deal``, and its score (valid where it does)."""
    reasons, shares = _shared(deal, item)
    score: Any = sum(case((c, rel.WEIGHTS[r]), else_=0) for c, r in reasons)
    return shares, score + _stage(deal, item)


def audience_of(actor: Actor) -> tuple[str, ...] | None:
    """The roles whose items ``actor`` sees, as ``in_scope`` takes them (None: every
    audience, for OPS)."""
    return None if actor.has_any(Role.OPS) else tuple(sorted(r.value for r in actor.roles))


def in_scope(now: Any, roles: Any, item: Any = LINKS) -> list[ColumnElement[bool]]:
    """Live at ``now`` and in the audience of ``roles`` (None: every audience; values or
    bound parameters)."""
    conditions = [
        item.publish_at <= now,
        or_(item.retire_at.is_(None), item.retire_at > now),
    ]
    if isinstance(roles, ColumnElement):
        held: Any = roles
    elif roles is not None:
        held = array([literal(r, String) for r in roles], type_=ARRAY(String))
    if roles is not None:
        conditions.append(
            or_(func.cardinality(item.audience_roles) == 0, item.audience_roles.overlap(held))
        )
    return conditions


def _deal(row: Any) -> Deal:
    return Deal(
        product_ids=tuple(row.product_ids or ()),
        families=tuple(row.families or ()),
        segment=row.segment,
        industry=row.industry,
        status=row.status.value,
        competitors=tuple(row.competitors or ()),
    )


BROAD = (Reason.FAMILY, Reason.INDUSTRY, Reason.SEGMENT)


def _candidates(deal: CTE, now: Any, roles: Any, caps: Mapping[Reason, int]) -> Subquery:
    """The deal's candidates (``LINKS``' columns, an item once per list it is in) and each
    row's ``cut``: the weight of its list's broad kind if that list was cut (else 0)."""
    listed = aliased(LINKS, name="listed")
    scope = in_scope(now, roles, listed)
    shares = dict((r, c) for c, r in _shared(deal, listed)[0])

    def listing(tag: int, *conditions: ColumnElement[bool]) -> Select[Any]:
        found = select(*inspect(listed).selectable.c, literal(tag, Integer).label("tag"))
        return found.where(*scope, *conditions).correlate(deal)

    lists = [listing(0, shares[Reason.PRODUCT]), listing(0, shares[Reason.COMPETITOR])]
    lists += [listing(0, shares[a], shares[b]) for a, b in combinations(BROAD, 2)]
    lists += [listing(t, shares[r]).limit(caps[r] + 1) for t, r in enumerate(BROAD, 1)]
    hits = union_all(*lists).subquery("hits")
    listed_n = func.count().over(partition_by=hits.c.tag)
    cut = case(
        *(
            (and_(hits.c.tag == t, listed_n > caps[r]), rel.WEIGHTS[r])
            for t, r in enumerate(BROAD, 1)
        ),
        else_=0,
    )
    return select(hits, cut.label("cut")).subquery("candidates")


def ranking(
    now: datetime,
    roles: Sequence[str] | None,
    limits: Sequence[tuple[int, int]],
    caps: Mapping[Reason, int] | None,
) -> tuple[Select[Any], dict[str, Any]]:
    """The statement ranking each quote's top items, each row with the quote's bound (0 where
    nothing was cut), and its parameters; public for the benchmark's EXPLAIN."""
    shape = _shape(roles is not None, None if caps is None else tuple(caps[r] for r in BROAD))
    values: dict[str, Any] = {
        "quote_ids": [q for q, _ in limits],
        "lims": [n for _, n in limits],
        "now": now,
    }
    if roles is not None:
        values["roles"] = list(roles)
    return shape, values


@lru_cache(maxsize=32)
def _shape(
    with_roles: bool, capped: tuple[int, ...] | None, deal_of: Callable[[], CTE] | None = None
) -> Select[Any]:
    """The ranking statement for a kind of call, built once: building it takes longer than
    running it (about 10 ms of Python for the capped one). ``deal_of``: the deals' CTE, with
    ``_deals``' columns (``content_relevance_proposed``'s one deal not saved yet); the saved
    quotes of the bound ``quote_ids`` by default."""
    now = bindparam("now", type_=DateTime(timezone=True))
    roles = bindparam("roles", type_=ARRAY(String)) if with_roles else None
    caps = None if capped is None else dict(zip(BROAD, capped, strict=True))
    if deal_of is not None:
        deal = deal_of()
    else:
        ids = bindparam("quote_ids", type_=ARRAY(Integer))
        counts = bindparam("lims", type_=ARRAY(Integer))
        asked = select(func.unnest(ids).label("quote_id"), func.unnest(counts).label("lim"))
        deal = _deals(asked)
    item = ContentItem
    if caps is None:
        shares, score = matching(deal)
        scored = select(
            LINKS.item_id.label("id"),
            LINKS.publish_at,
            score.label("score"),
            literal(0, Integer).label("cut"),
        ).where(*in_scope(now, roles), shares)
    else:
        # Scored on the listed rows (no second read of each); an item in several lists is
        # one row again by DISTINCT (same score), the cut being the deal's largest.
        found = _candidates(deal, now, roles, caps)
        score = matching(deal, found.c)[1]
        cut = func.max(found.c.cut).over()
        scored = select(
            found.c.item_id.label("id"), found.c.publish_at, score.label("score"), cut.label("cut")
        ).distinct()
    order = scored.selected_columns
    top = (
        scored.order_by(order.score.desc(), order.publish_at.desc(), order.id)
        .limit(deal.c.lim)
        .correlate(deal)
        .lateral("top")
    )
    return (
        select(deal, top.c.cut.label("bound"), top.c.score, item)
        .select_from(deal)
        .join(top, true())
        .join(item, item.id == top.c.id)
        .options(*(defer(getattr(item, name)) for name in UNSHOWN))
        .order_by(deal.c.quote_id, top.c.score.desc(), top.c.publish_at.desc(), item.id)
    )


CUSTOM_PLANS = text("SET LOCAL plan_cache_mode = force_custom_plan")
"""Plan the ranking for its own quote ids, roles and caps every time. asyncpg prepares every
statement, and after five runs PostgreSQL may switch a prepared statement to a generic plan,
which cannot see how selective the bound arrays are: measured at 100,000 items
(bench/bench_relevant_content.py, idle machine), ``relevantContent(first: 5)`` went from p50
70 / p95 272 ms to 21 / 28 ms with this, and a page of 5 quotes from 332 / 381 ms to 37 / 54 ms,
while EXPLAIN ANALYZE (a custom plan) ran the statement in 7 ms throughout. ``LOCAL``: only this
transaction, so other statements keep PostgreSQL's choice."""


async def _ranked(
    session: AsyncSession,
    now: datetime,
    roles: Sequence[str] | None,
    limits: Sequence[tuple[int, int]],
    caps: Mapping[Reason, int] | None,
) -> list[tuple[Match, int]]:
    """Each quote's top items, each with the quote's bound."""
    return await _run(session, ranking(now, roles, limits, caps))


async def _run(
    session: AsyncSession, statement: tuple[Select[Any], dict[str, Any]]
) -> list[tuple[Match, int]]:
    rows = await session.execute(*statement)
    return [
        (Match(row.quote_id, _deal(row), row.ContentItem, row.score), row.bound)
        for row in rows.all()
    ]


async def relevant_by_quote(
    session: AsyncSession,
    now: datetime,
    roles: Sequence[str] | None,
    limits: Sequence[tuple[int, int]],
    caps: Mapping[Reason, int] | None = CAPS,
) -> list[Match]:
    """For each ``(quote id, how many)``, its best live items in scope, best first (then
    newest, then by id): one statement, a LATERAL top-N per quote over at most ``caps``
    candidates per kind of link (None: every item sharing a link); a second, uncapped, for
    the quotes whose top N the caps could have changed (module docstring). Both planned for
    their own values (``CUSTOM_PLANS``, one ``SET LOCAL`` before them)."""
    if not limits:
        return []
    await session.execute(CUSTOM_PLANS)
    found = await _ranked(session, now, roles, limits, caps)
    per_quote: dict[int, list[tuple[Match, int]]] = {}
    for match, bound in found:
        per_quote.setdefault(match.quote_id, []).append((match, bound))
    redo = [(q, n) for q, n in limits if not certain(per_quote.get(q, []), n)]
    if not redo:
        return [match for match, _ in found]
    exact = await _ranked(session, now, roles, redo, None)
    redone = {q for q, _ in redo}
    kept = [m for m, _ in found if m.quote_id not in redone]
    return sorted(
        kept + [m for m, _ in exact],
        key=lambda m: m.quote_id,
    )


def certain(top: Sequence[tuple[Match, int]], wanted: int) -> bool:
    """Whether a quote's capped top ``wanted`` is its exact top: nothing was cut, or its
    ``wanted``-th item scores above what any unlisted item can (the bound)."""
    if not top or top[0][1] == 0:
        return True
    bound = top[0][1] + rel.WEIGHTS[Reason.STAGE]
    return len(top) >= wanted and top[wanted - 1][0].score > bound


@lru_cache(maxsize=2)
def _new_for_open_deals_shape(with_roles: bool) -> Select[Any]:
    """The statement of ``new_for_open_deals``, built once per kind of call (building it
    costs more Python than running it): its values are the parameters ``owner``, ``now``,
    ``since``, ``lim`` and, ``with_roles``, ``roles``."""
    now = bindparam("now", type_=DateTime(timezone=True))
    roles = bindparam("roles", type_=ARRAY(String)) if with_roles else None
    asked = select(Quote.id.label("quote_id")).where(
        Quote.owner_id == bindparam("owner", type_=Integer), one_of(Quote.status, OPEN)
    )
    deal = _deals(asked)
    shares, score = matching(deal)
    item, links = ContentItem, LINKS
    pairs = (
        select(links.item_id, links.publish_at, deal.c.quote_id, score.label("score"))
        .join(deal, shares)
        .where(
            *in_scope(now, roles),
            links.publish_at > bindparam("since", type_=DateTime(timezone=True)),
        )
        .cte("pairs")
    )
    best = func.max(pairs.c.score)
    top = (
        select(pairs.c.item_id, best.label("best"))
        .group_by(pairs.c.item_id, pairs.c.publish_at)
        .order_by(best.desc(), pairs.c.publish_at.desc(), pairs.c.item_id)
        .limit(bindparam("lim", type_=Integer))
        .cte("top")
    )
    return (
        select(deal, pairs.c.score, item)
        .select_from(top)
        .join(pairs, pairs.c.item_id == top.c.item_id)
        .join(deal, deal.c.quote_id == pairs.c.quote_id)
        .join(item, item.id == top.c.item_id)
        .options(*(defer(getattr(item, name)) for name in UNSHOWN))
        .order_by(
            top.c.best.desc(),
            item.publish_at.desc(),
            item.id,
            pairs.c.score.desc(),
            pairs.c.quote_id,
        )
    )


async def new_for_open_deals(
    session: AsyncSession,
    now: datetime,
    roles: Sequence[str] | None,
    owner_id: int,
    since: datetime,
    limit: int,
) -> list[Match]:
    """Items published after ``since`` (and by ``now``) that fit any of the owner's open
    quotes: the best ``limit`` items (by their best score, then newest), each with every
    quote it fits, best first. One statement, built once (``_new_for_open_deals_shape``)."""
    values: dict[str, Any] = {"owner": owner_id, "now": now, "since": since, "lim": limit}
    if roles is not None:
        values["roles"] = list(roles)
    rows = await session.execute(_new_for_open_deals_shape(roles is not None), values)
    return [Match(row.quote_id, _deal(row), row.ContentItem, row.score) for row in rows.all()]
