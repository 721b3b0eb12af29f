"""Queries over quotes: their revisions, lines, clauses and events, and the rep's quote list."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Integer,
    Row,
    Select,
    Text,
    bindparam,
    cast,
    delete,
    func,
    literal,
    select,
    text,
    tuple_,
    union_all,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer
from sqlalchemy.types import String

from db.models.catalog import BundleFeature, BundleOption, Product
from db.models.negotiation import QuoteOption
from db.models.quotes import (
    Quote,
    QuoteClause,
    QuoteEvent,
    QuoteLine,
    QuotePricedLine,
    QuoteRevision,
    QuoteStatus,
    priced_snapshot,
)

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
        .options(defer(QuoteRevision.priced), defer(QuoteRevision.priced_header))
        .where(QuoteRevision.quote_id == quote_id, QuoteRevision.number == number)
    )


async def revision_for_document(
    session: AsyncSession, quote_id: int, number: int
) -> tuple[QuoteRevision, str] | None:
    """The revision and its priced snapshot as JSON text, the row without the decoded
    snapshot: a document decodes the text in the CPU pool, never on the event loop (a
    1,000-line quote's snapshot is a megabyte)."""
    found = (
        await session.execute(
            select(QuoteRevision, cast(priced_snapshot(), Text))
            .options(defer(QuoteRevision.priced))
            .where(QuoteRevision.quote_id == quote_id, QuoteRevision.number == number)
        )
    ).first()
    return None if found is None else (found[0], found[1])


async def snapshot_products(session: AsyncSession, revision_id: int) -> dict[int, Product]:
    """The products a revision's priced snapshot names (its lines and their bundle
    options), read by PostgreSQL out of the stored JSON, in one statement."""
    product = QuotePricedLine.data.op("->>")("product_id")
    named = select(cast(product, Integer)).where(
        QuotePricedLine.revision_id == revision_id, product.op("~")("^[0-9]{1,9}$")
    )
    rows = await session.scalars(select(Product).where(Product.id.in_(named)))
    return {p.id: p for p in rows.all()}


PRICE_FIGURES = ("list_unit_price", "net_unit_price", "net_amount", "discount_percent")
"""The figures of a stored priced line that say whether its price changed."""


async def priced_line_figures(session: AsyncSession, revision_id: int) -> dict[str, list[Any]]:
    """Each priced line's ``PRICE_FIGURES`` as stored in the revision's snapshot (tagged
    JSON, ``db.codec.tagged``), by line key: PostgreSQL picks them out of the line rows
    into one small array, so the megabyte of waterfall steps around them is neither sent
    nor decoded."""
    value = QuotePricedLine.data
    figures = func.jsonb_build_array(
        QuotePricedLine.line_id, *(value.op("->")(name) for name in PRICE_FIGURES)
    )
    rows = await session.scalar(
        select(
            func.jsonb_agg(aggregate_order_by(figures, QuotePricedLine.position), type_=JSONB)
        ).where(QuotePricedLine.revision_id == revision_id)
    )
    return {key: values for key, *values in rows or ()}


async def revision_lines(session: AsyncSession, revision_id: int) -> list[QuoteLine]:
    rows = await session.scalars(
        select(QuoteLine).where(QuoteLine.revision_id == revision_id).order_by(QuoteLine.position)
    )
    return list(rows.all())


LINE_COLUMNS = (
    QuoteLine.revision_id,
    QuoteLine.id,
    QuoteLine.position,
    QuoteLine.key,
    QuoteLine.product_id,
    QuoteLine.quantity,
    QuoteLine.configuration,
    QuoteLine.discount_percent,
    QuoteLine.discount_amount,
    QuoteLine.term_months,
)
"""What a read shows of a line: plain rows of these columns, never hydrated as ORM objects."""


async def line_rows(session: AsyncSession, revision_ids: Sequence[int]) -> list[Row[Any]]:
    """Every line of the revisions ``revision_ids``, as plain rows, by revision then position."""
    stmt = (
        select(*LINE_COLUMNS)
        .where(QuoteLine.revision_id.in_(revision_ids))
        .order_by(QuoteLine.revision_id, QuoteLine.position, QuoteLine.id)
    )
    return list((await session.execute(stmt)).all())


async def delete_lines(session: AsyncSession, line_ids: Collection[int]) -> None:
    """Delete these lines in one statement."""
    if line_ids:
        await session.execute(
            delete(QuoteLine).where(QuoteLine.id.in_(line_ids)),
            execution_options={"synchronize_session": False},
        )


async def update_line(session: AsyncSession, line_id: int, values: dict[str, Any]) -> Row[Any]:
    """Set ``values`` (column name → value) on one line; the line as stored
    (``LINE_COLUMNS``: a Decimal at its column's scale, as a later read gives it)."""
    stmt = (
        update(QuoteLine)
        .where(QuoteLine.id == line_id)
        .values(values)
        .returning(*LINE_COLUMNS)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).one()


_LINES = QuoteLine.__table__.c
_INSERT_LINES = (
    text(
        "INSERT INTO quote_lines (revision_id, key, position, product_id, quantity,"
        " configuration, discount_percent, discount_amount, term_months)"
        " SELECT :revision_id, u.key, u.position, u.product_id, u.quantity,"
        " u.configuration::jsonb, u.discount_percent, u.discount_amount, u.term_months"
        " FROM unnest(:keys, :positions, :product_ids, :quantities, :configurations,"
        " :discount_percents, :discount_amounts, :term_months) WITH ORDINALITY"
        " AS u(key, position, product_id, quantity, configuration, discount_percent,"
        " discount_amount, term_months, n)"
        " ORDER BY u.n"
        " RETURNING revision_id, id, position, key, product_id, quantity, configuration,"
        " discount_percent, discount_amount, term_months"
    )
    .bindparams(
        bindparam("revision_id", type_=Integer),
        bindparam("keys", type_=ARRAY(String)),
        bindparam("positions", type_=ARRAY(Integer)),
        bindparam("product_ids", type_=ARRAY(Integer)),
        bindparam("quantities", type_=ARRAY(Integer)),
        bindparam("configurations", type_=ARRAY(Text)),
        bindparam("discount_percents", type_=ARRAY(_LINES.discount_percent.type)),
        bindparam("discount_amounts", type_=ARRAY(_LINES.discount_amount.type)),
        bindparam("term_months", type_=ARRAY(Integer)),
    )
    .columns(*(_LINES[column.key] for column in LINE_COLUMNS))
)


async def insert_lines(
    session: AsyncSession, revision_id: int, lines: Sequence[dict[str, Any]]
) -> list[Row[Any]]:
    """Insert ``lines`` (column name → value, ``configuration`` as JSON text or None) into
    revision ``revision_id`` in one statement, without building ORM objects; the lines as
    stored (``LINE_COLUMNS``, in the given order: a Decimal at its column's scale, as a
    later read gives it)."""
    if not lines:
        return []
    params: dict[str, Any] = {"revision_id": revision_id}
    for name, column in (
        ("keys", "key"),
        ("positions", "position"),
        ("product_ids", "product_id"),
        ("quantities", "quantity"),
        ("configurations", "configuration"),
        ("discount_percents", "discount_percent"),
        ("discount_amounts", "discount_amount"),
        ("term_months", "term_months"),
    ):
        params[name] = [line[column] for line in lines]
    rows = list((await session.execute(_INSERT_LINES, params)).all())
    rows.sort(key=lambda row: row.position)
    return rows


@dataclass(frozen=True, slots=True)
class LinePage:
    """One page of a revision's lines in position order: at most ``limit`` lines strictly
    after ``after`` and before ``before`` (each a line's ``(position, id)``), the first ones,
    or with ``backwards`` the last ones."""

    revision_id: int
    limit: int
    after: tuple[int, int] | None = None
    before: tuple[int, int] | None = None
    backwards: bool = False
    version: int = 0
    """The quote's version when the page was asked for: not read, only part of the page's
    identity, so that a request's loader reads a page again after an edit."""


def _page_select(number: int, page: LinePage) -> Select[Any]:
    order = tuple_(QuoteLine.position, QuoteLine.id)
    stmt = select(literal(number, Integer).label("page"), *LINE_COLUMNS).where(
        QuoteLine.revision_id == page.revision_id
    )
    if page.after is not None:
        stmt = stmt.where(order > tuple_(*page.after))
    if page.before is not None:
        stmt = stmt.where(order < tuple_(*page.before))
    if page.backwards:
        stmt = stmt.order_by(QuoteLine.position.desc(), QuoteLine.id.desc())
    else:
        stmt = stmt.order_by(QuoteLine.position, QuoteLine.id)
    return stmt.limit(page.limit)


async def line_pages(session: AsyncSession, pages: Sequence[LinePage]) -> list[list[Row[Any]]]:
    """Each page's lines as plain rows in position order: one statement however many pages
    (each an indexed range of its revision's lines)."""
    selects = [_page_select(number, page) for number, page in enumerate(pages)]
    stmt = selects[0] if len(selects) == 1 else union_all(*selects)
    found: list[list[Row[Any]]] = [[] for _ in pages]
    for row in (await session.execute(stmt)).all():
        found[row.page].append(row)
    for rows in found:
        rows.sort(key=lambda row: (row.position, row.id))
    return found


async def line_counts(session: AsyncSession, revision_ids: Sequence[int]) -> dict[int, int]:
    """How many lines each of the revisions ``revision_ids`` has (absent: none)."""
    rows = await session.execute(
        select(QuoteLine.revision_id, func.count())
        .where(QuoteLine.revision_id.in_(revision_ids))
        .group_by(QuoteLine.revision_id)
    )
    return {revision_id: count for revision_id, count in rows.all()}


async def revision_ids(
    session: AsyncSession, numbers: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], int]:
    """The id of each revision named by (quote id, revision number)."""
    rows = await session.execute(
        select(QuoteRevision.quote_id, QuoteRevision.number, QuoteRevision.id).where(
            tuple_(QuoteRevision.quote_id, QuoteRevision.number).in_(numbers)
        )
    )
    return {(quote_id, number): id for quote_id, number, id in rows.all()}


# A revision's priced snapshot (``db.codec.pricing``: a tagged ``PricedQuote``) is a
# megabyte at 1,000 lines. These read, in PostgreSQL, what one screen shows, so the rest is
# never sent nor parsed: the header's figures without the lists, and the lines of a page.
#
# The page's lines are joined as text into one JSON array (``json``, not ``jsonb``): building
# a 200-line ``jsonb`` document with ``jsonb_agg`` took ~25 ms of the statement's ~26, joining
# the same texts well under 1 ms, and the reader parses the text either way. The keys are
# matched through a hashed ``IN (SELECT unnest(...))``: asyncpg's prepared statement soon
# runs a generic plan, where ``= ANY(:keys)`` compares each of the revision's lines with
# every key of the page (O(lines x page), ~14 ms for the last page of 1,000 lines).
_SNAPSHOT_PAGES = (
    text(
        """
    SELECT r.id,
           r.priced - CAST(:lists AS text[]) AS header,
           jsonb_array_length(r.priced -> 'breaches' -> '$tuple') AS breaches,
           jsonb_array_length(r.priced -> 'errors' -> '$tuple') = 0 AS priced,
           (SELECT count(*) FROM quote_lines AS q WHERE q.revision_id = r.id) AS line_count,
           (SELECT CAST('[' || coalesce(string_agg(CAST(l.data AS text), ',' ORDER BY l.position),
                                        '') || ']' AS json)
            FROM quote_priced_lines AS l
            WHERE l.revision_id = r.id
              AND (l.line_id IN (SELECT unnest(CAST(:keys AS text[])))
                   OR l.parent_line_id IN (SELECT unnest(CAST(:keys AS text[]))))) AS lines
    FROM quote_revisions AS r
    WHERE r.id = ANY(:ids)
    """
    )
    .bindparams(
        bindparam("lists", type_=ARRAY(String)),
        bindparam("ids", type_=ARRAY(Integer)),
        bindparam("keys", type_=ARRAY(String)),
    )
    .columns(
        id=Integer, header=JSONB, breaches=Integer, priced=Boolean, line_count=Integer, lines=JSON
    )
)


@dataclass(frozen=True, slots=True)
class SnapshotHeader:
    """A stored snapshot without its lists: its figures (still encoded), how many breaches
    it holds, whether every line priced with nothing refused (the engine's quote-level
    errors hold every line's too), and how many lines the revision has."""

    figures: dict[str, Any]
    breach_count: int
    priced: bool
    line_count: int


SNAPSHOT_LISTS = ("lines", "steps", "breaches", "errors")
"""The lists of a stored snapshot, left out of its header."""


async def snapshot_pages(
    session: AsyncSession, revision_ids: Sequence[int], keys: Collection[str]
) -> dict[int, tuple[SnapshotHeader, list[dict[str, Any]]]]:
    """Each revision's snapshot header, and its stored priced lines (still encoded) whose
    key or whose parent's key is one of ``keys`` (a page's lines and their bundle children,
    in snapshot order): one statement, however many revisions and lines."""
    rows = await session.execute(
        _SNAPSHOT_PAGES,
        {"lists": list(SNAPSHOT_LISTS), "ids": list(revision_ids), "keys": list(keys)},
    )
    return {
        row.id: (SnapshotHeader(row.header, row.breaches, row.priced, row.line_count), row.lines)
        for row in rows.all()
    }


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


async def lapsed_quotes_for_update(
    session: AsyncSession, statuses: Collection[QuoteStatus], today: date, limit: int
) -> Sequence[Quote]:
    """Up to ``limit`` quotes in ``statuses`` whose last valid day is before ``today``, locked;
    those another transaction holds are skipped (it is changing them: the next run sees them)."""
    return (
        await session.scalars(
            select(Quote)
            .where(Quote.status.in_(statuses), Quote.valid_until < today)
            .order_by(Quote.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    ).all()


async def revision_options(session: AsyncSession, revision_id: int) -> list[QuoteOption]:
    """A revision's options (good / better / best), in order; empty for a single-option quote."""
    rows = await session.scalars(
        select(QuoteOption)
        .where(QuoteOption.revision_id == revision_id)
        .order_by(QuoteOption.position, QuoteOption.id)
    )
    return list(rows.all())
