"""Queries over quotes: their revisions, lines, clauses and events, and the rep's quote list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Select, func, literal_column, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from db.models.catalog import BundleFeature, BundleOption, Product
from db.models.quotes import Quote, QuoteClause, QuoteEvent, QuoteLine, QuoteRevision, QuoteStatus

OPEN = (QuoteStatus.DRAFT, QuoteStatus.PENDING_APPROVAL, QuoteStatus.APPROVED, QuoteStatus.SENT)


async def revision_by_number(
    session: AsyncSession, quote_id: int, number: int
) -> QuoteRevision | None:
    return await session.scalar(
        select(QuoteRevision).where(
            QuoteRevision.quote_id == quote_id, QuoteRevision.number == number
        )
    )


async def revision_to_edit(
    session: AsyncSession, quote_id: int, number: int
) -> QuoteRevision | None:
    """The revision without its priced snapshot (an edit reprices and writes a new one; the
    old one, a megabyte for a large quote, is not decoded for nothing)."""
    return await session.scalar(
        select(QuoteRevision)
        .options(defer(QuoteRevision.priced))
        .where(QuoteRevision.quote_id == quote_id, QuoteRevision.number == number)
    )


PRICE_FIGURES = ("list_unit_price", "net_unit_price", "net_amount", "discount_percent")
"""The figures of a stored priced line that say whether its price changed."""


async def priced_line_figures(session: AsyncSession, revision_id: int) -> dict[str, list[Any]]:
    """Each priced line's ``PRICE_FIGURES`` as stored in the revision's snapshot (tagged
    JSON, ``db.codec.tagged``), by line key: PostgreSQL picks them out of the snapshot into
    one small array, so the megabyte of waterfall steps around them is neither sent nor
    decoded."""
    element = func.jsonb_array_elements(
        QuoteRevision.priced.op("->")("lines").op("->")("$tuple")
    ).table_valued("value")
    value = element.c.value
    figures = func.jsonb_build_array(
        value.op("->")("line_id"), *(value.op("->")(name) for name in PRICE_FIGURES)
    )
    rows = await session.scalar(
        select(func.jsonb_agg(figures, type_=JSONB))
        .select_from(QuoteRevision)
        .join(element, literal_column("true"))
        .where(QuoteRevision.id == revision_id)
    )
    return {key: values for key, *values in rows or ()}


async def revision_lines(session: AsyncSession, revision_id: int) -> list[QuoteLine]:
    rows = await session.scalars(
        select(QuoteLine).where(QuoteLine.revision_id == revision_id).order_by(QuoteLine.position)
    )
    return list(rows.all())


async def revision_clauses(session: AsyncSession, revision_id: int) -> list[QuoteClause]:
    rows = await session.scalars(
        select(QuoteClause)
        .where(QuoteClause.revision_id == revision_id)
        .order_by(QuoteClause.position)
    )
    return list(rows.all())


async def line_terms(session: AsyncSession, revision_id: int) -> dict[str, int | None]:
    """Each line's term in months, by line key."""
    rows = await session.execute(
        select(QuoteLine.key, QuoteLine.term_months).where(QuoteLine.revision_id == revision_id)
    )
    return {key: months for key, months in rows.all()}


async def customer_comments(session: AsyncSession, quote_id: int) -> Sequence[QuoteEvent]:
    """What the customer wrote through a shared link, oldest first."""
    rows = await session.scalars(
        select(QuoteEvent)
        .where(QuoteEvent.quote_id == quote_id, QuoteEvent.kind == "COMMENT")
        .order_by(QuoteEvent.id)
    )
    return rows.all()


async def products_by_id(session: AsyncSession, ids: Collection[int]) -> dict[int, Product]:
    """The products ``ids`` names, in one query (a 50-line quote is not 50 lookups)."""
    if not ids:
        return {}
    return {
        p.id: p for p in (await session.scalars(select(Product).where(Product.id.in_(ids)))).all()
    }


async def bundle_option_ids(session: AsyncSession, bundle_id: int) -> set[int]:
    """The ids of every option of the bundle ``bundle_id`` (empty for a plain product)."""
    rows = await session.scalars(
        select(BundleOption.id)
        .join(BundleFeature, BundleFeature.id == BundleOption.feature_id)
        .where(BundleFeature.bundle_id == bundle_id)
    )
    return set(rows.all())


def quote_list(
    *,
    owners: Collection[int] | None,
    statuses: Collection[QuoteStatus] = (),
    account_id: int | None = None,
    name_or_number: tuple[str, int | None] | None = None,
    valid_between: tuple[date, date] | None = None,
) -> Select[tuple[Quote]]:
    """The quotes a list screen shows: owned by ``owners`` (all when ``None``), filtered.

    ``name_or_number`` is a part of the name and, when it reads as one, a quote number;
    ``valid_between`` keeps the open quotes whose validity ends within the window.
    """
    stmt = select(Quote)
    if owners is not None:
        stmt = stmt.where(Quote.owner_id.in_(owners))
    if statuses:
        stmt = stmt.where(Quote.status.in_(statuses))
    if account_id is not None:
        stmt = stmt.where(Quote.account_id == account_id)
    if name_or_number is not None:
        text, number = name_or_number
        condition = Quote.name.ilike(f"%{text}%")
        if number is not None:
            condition = condition | (Quote.number == number)
        stmt = stmt.where(condition)
    if valid_between is not None:
        start, end = valid_between
        stmt = stmt.where(
            Quote.status.in_(OPEN), Quote.valid_until >= start, Quote.valid_until <= end
        )
    return stmt
