"""Queries for slippage and the forecast: close-date history, slips, categories, and
each of them as it stood at an earlier instant (the forecast of a week ago)."""

from __future__ import annotations

import functools
from collections.abc import Collection, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    DateTime,
    Integer,
    Row,
    Select,
    Text,
    any_,
    bindparam,
    case,
    cast,
    literal,
    null,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from db.models.performance_forecast import (
    ForecastCategory,
    ForecastCategoryChange,
    QuoteCloseDateChange,
    SlippageEvent,
)
from db.models.quotes import Quote, QuoteEvent, QuoteStatus
from db.queries.batches import grouped_rows, plain_rows


def _owned_by(stmt: Select[Any], column: Any, owner_ids: Collection[int] | None) -> Select[Any]:
    """``stmt`` limited to ``owner_ids`` (``None``: everyone)."""
    return stmt if owner_ids is None else stmt.where(column.in_(owner_ids or {-1}))


class ForecastQuote(NamedTuple):
    """What the forecast needs of a quote and its calls (columns, not ORM rows: a team's
    forecast reads hundreds of quotes on every home screen)."""

    id: int
    owner_id: int
    net_total: Decimal
    currency: str
    expected_close_date: date | None
    status: QuoteStatus
    created_at: datetime
    rep_category: str | None
    manager_category: str | None


@functools.cache
def _forecast_quotes_statement(owned: bool) -> Select[Any]:
    """The statement of ``forecast_quotes``, built once: for some owners (the expanding
    parameter ``owners``) or for all."""
    stmt = (
        select(
            Quote.id,
            Quote.owner_id,
            Quote.net_total,
            Quote.currency,
            Quote.expected_close_date,
            Quote.status,
            Quote.created_at,
            ForecastCategory.rep_category,
            ForecastCategory.manager_category,
        )
        .outerjoin(ForecastCategory, ForecastCategory.quote_id == Quote.id)
        .where(Quote.expected_close_date.is_not(None))
    )
    if owned:
        stmt = stmt.where(Quote.owner_id.in_(bindparam("owners", expanding=True)))
    return stmt.order_by(Quote.id)


async def forecast_quotes(
    session: AsyncSession, owner_ids: Collection[int] | None
) -> list[ForecastQuote]:
    """Quotes of ``owner_ids`` with an expected close date, and their calls. (A close date is
    never cleared, so a quote without one had none at any earlier time either.)"""
    stmt = _forecast_quotes_statement(owner_ids is not None)
    params = {} if owner_ids is None else {"owners": list(owner_ids) or [-1]}
    return [ForecastQuote(*row) for row in await plain_rows(session, stmt, params)]


@functools.cache
def _slips_statement(owned: bool) -> Select[Any]:
    """The statement of ``slips_of``, built once (the expanding parameter ``owners``)."""
    table: Any = SlippageEvent.__table__
    stmt = select(*table.columns).order_by(table.c.at, table.c.id)
    if owned:
        stmt = stmt.where(table.c.rep_id.in_(bindparam("owners", expanding=True)))
    return stmt


async def slips_of(session: AsyncSession, owner_ids: Collection[int] | None) -> list[Row[Any]]:
    """The slippage events of ``owner_ids``' deals (None: everyone's), oldest first, as plain
    rows (every column, named as the model's attributes; no ORM objects: the forecast of a
    team reads every slip it ever had)."""
    params = {} if owner_ids is None else {"owners": list(owner_ids) or [-1]}
    return list(await plain_rows(session, _slips_statement(owner_ids is not None), params))


def slippage_select(
    owner_ids: Collection[int] | None, start: date | None, end: date | None
) -> Select[Any]:
    """Slips of ``owner_ids``' deals (None: all) that left the local dates ``[start, end)``."""
    stmt = _owned_by(select(SlippageEvent), SlippageEvent.rep_id, owner_ids)
    if start is not None:
        stmt = stmt.where(SlippageEvent.from_date >= start)
    if end is not None:
        stmt = stmt.where(SlippageEvent.from_date < end)
    return stmt


async def close_date_history(
    session: AsyncSession, quote_ids: Iterable[int]
) -> dict[int, list[QuoteCloseDateChange]]:
    """Every change of each quote's expected close date, oldest first."""
    return await grouped_rows(
        session, QuoteCloseDateChange.quote_id, quote_ids, QuoteCloseDateChange.id
    )


def _as_of(
    kind: str,
    key: InstrumentedAttribute[Any],
    at: InstrumentedAttribute[Any],
    values: tuple[Any, Any],
    *where: ColumnElement[bool],
) -> Select[Any]:
    """Per key of the array parameter ``ids``, the value at the parameter ``instant`` as
    text, tagged ``kind``: ``values[0]`` (the value a
    change set) of the last change at or before it, else ``values[1]`` (the value a change
    replaced) of the first change after it; keys with no change at all are missing. A key's
    changes at or before the instant come first, the latest first, then those after, the
    earliest first, and the first of them decides (of two at the same instant, the later
    row)."""
    before = at <= bindparam("instant", type_=DateTime(timezone=True))
    row_id = key.class_.id
    picked = (
        select(key.label("key"), cast(case((before, values[0]), else_=values[1]), Text).label("v"))
        .where(key == any_(bindparam("ids", type_=ARRAY(Integer))), *where)
        .ext(distinct_on(key))
        .order_by(
            key,
            before.desc(),
            case((before, at)).desc(),
            case((before, row_id)).desc(),
            at.asc(),
            row_id.asc(),
        )
        .subquery(kind)
    )
    return select(literal(kind).label("kind"), picked.c.key, picked.c.v)


@functools.cache
def _histories_statement() -> Any:
    """The statement of ``histories_as_of``, built once (parameters ``ids`` and ``instant``):
    building it is most of its cost."""
    c, e, f = QuoteCloseDateChange, QuoteEvent, ForecastCategoryChange
    return union_all(
        _as_of("c", c.quote_id, c.at, (c.to_date, c.from_date)),
        _as_of("s", e.quote_id, e.at, (e.to_status, e.from_status), e.to_status.is_not(None)),
        *(
            _as_of(kind, f.quote_id, f.at, (f.category, null()), f.by_manager.is_(by_manager))
            for kind, by_manager in (("r", False), ("m", True))
        ),
    )


class HistoriesAsOf(NamedTuple):
    """Per quote, what its histories say it was at an earlier instant (a quote whose history
    has no change is missing from that history's map)."""

    close_dates: dict[int, date | None]
    statuses: dict[int, str | None]
    rep_calls: dict[int, str | None]
    manager_calls: dict[int, str | None]


async def histories_as_of(
    session: AsyncSession, quote_ids: Collection[int], instant: datetime
) -> HistoriesAsOf:
    """The close date, status, rep's call and manager's call of each of ``quote_ids`` at
    ``instant``, from their histories, in one statement."""
    found = HistoriesAsOf({}, {}, {}, {})
    if not quote_ids:
        return found
    maps: dict[str, dict[int, Any]] = {
        "c": found.close_dates,
        "s": found.statuses,
        "r": found.rep_calls,
        "m": found.manager_calls,
    }
    params = {"ids": list(quote_ids), "instant": instant}
    for kind, quote_id, value in await plain_rows(session, _histories_statement(), params):
        if kind == "c" and value is not None:
            value = date.fromisoformat(value)
        maps[kind][quote_id] = value
    return found


async def slips_recorded_since(
    session: AsyncSession, owner_ids: Collection[int] | None, since: datetime, limit: int
) -> list[SlippageEvent]:
    """Slips of ``owner_ids``' deals recorded at or after ``since``, oldest first."""
    stmt = _owned_by(select(SlippageEvent), SlippageEvent.rep_id, owner_ids)
    stmt = stmt.where(SlippageEvent.at >= since).order_by(SlippageEvent.at, SlippageEvent.id)
    return list(await session.scalars(stmt.limit(limit)))
