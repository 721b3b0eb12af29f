"""Content that fits a deal not saved yet (``previewDeal``): ranked by the very statement
``content_relevance`` ranks saved quotes with, its deal CTE built from bound values (the
proposed products, whose families come from the catalog, the account's segment and
industry, the competitors and the stage) instead of a quote's current revision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CTE, Select, any_, bindparam, distinct, func, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import Integer, String

from content.relevance import Reason
from db.models.catalog import Product
from db.models.quotes import Quote, QuoteStatus
from db.queries.content_relevance import (
    BROAD,
    CAPS,
    CUSTOM_PLANS,
    Match,
    _customer_keys,
    _run,
    _shape,
    certain,
)


@dataclass(frozen=True, slots=True)
class ProposedDeal:
    """A deal not saved yet, as relevance reads one: its products (families come from the
    catalog), the account's segment and industry, the competitors named (as stored keys)
    and the stage it is at (a quote status)."""

    product_ids: tuple[int, ...]
    segment: str | None
    industry: str | None
    competitors: tuple[str, ...]
    status: QuoteStatus


PROPOSED = 0
"""The quote id ``Match`` carries for the proposed deal."""


def _proposed_deal() -> CTE:
    """``_deals``' columns for the one proposed deal, from bound values."""
    products = bindparam("product_ids", type_=ARRAY(Integer))
    segment = bindparam("segment", type_=String)
    industry = bindparam("industry", type_=String)
    families = select(func.array_agg(distinct(Product.family))).where(
        Product.id == any_(products), Product.family.is_not(None)
    )
    return select(
        literal(PROPOSED, Integer).label("quote_id"),
        bindparam("lim", type_=Integer).label("lim"),
        bindparam("status", type_=Quote.__table__.c.status.type).label("status"),
        segment.label("segment"),
        industry.label("industry"),
        bindparam("competitors", type_=ARRAY(String)).label("competitors"),
        _customer_keys(industry).label("industry_keys"),
        _customer_keys(segment).label("segment_keys"),
        products.label("product_ids"),
        families.scalar_subquery().label("families"),
    ).cte("deal")


def proposed_ranking(
    now: datetime,
    roles: Sequence[str] | None,
    deal: ProposedDeal,
    limit: int,
    caps: Mapping[Reason, int] | None,
) -> tuple[Select[Any], dict[str, Any]]:
    """``ranking`` for a proposed deal; public for the benchmark's EXPLAIN."""
    capped = None if caps is None else tuple(caps[r] for r in BROAD)
    shape = _shape(roles is not None, capped, _proposed_deal)
    values: dict[str, Any] = {
        "product_ids": list(deal.product_ids),
        "segment": deal.segment,
        "industry": deal.industry,
        "competitors": list(deal.competitors),
        "status": deal.status,
        "lim": limit,
        "now": now,
    }
    if roles is not None:
        values["roles"] = list(roles)
    return shape, values


async def relevant_for_proposal(
    session: AsyncSession,
    now: datetime,
    roles: Sequence[str] | None,
    deal: ProposedDeal,
    limit: int,
) -> list[Match]:
    """``relevant_by_quote`` for a deal not saved yet: its best ``limit`` live items in scope,
    ranked exactly as a saved quote with these products, account and competitors would be
    (one statement, a second uncapped one when the caps could have changed the top)."""
    await session.execute(CUSTOM_PLANS)
    found = await _run(session, proposed_ranking(now, roles, deal, limit, CAPS))
    if certain(found, limit):
        return [match for match, _ in found]
    return [m for m, _ in await _run(session, proposed_ranking(now, roles, deal, limit, None))]
