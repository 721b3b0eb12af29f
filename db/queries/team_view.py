"""Batch reads for a manager's team view: every rep's open quotes with the instant each
was last touched, in one statement whatever the number of reps."""

from __future__ import annotations

import functools
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import ARRAY, Integer, Row, Select, any_, bindparam, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_activities import Activity
from db.models.performance_forecast import QuoteCloseDateChange
from db.models.quotes import Quote, QuoteEvent, QuoteStatus
from db.models.users import User
from db.queries.batches import plain_rows

OPEN_STATUSES = (
    QuoteStatus.DRAFT,
    QuoteStatus.PENDING_APPROVAL,
    QuoteStatus.APPROVED,
    QuoteStatus.SENT,
    QuoteStatus.ACCEPTED,
)
"""A deal is open until it is won, lost, rejected or expired."""


class OpenQuote(NamedTuple):
    """An open quote of a rep and when anything last happened to it."""

    quote_id: int
    owner_id: int
    currency: str
    amount: Decimal
    last_touched: datetime


def _latest(column: Any, quote_id: Any, quote_column: Any) -> Any:
    """The latest ``column`` of the rows whose ``quote_column`` is the outer ``quote_id`` (a
    correlated scalar)."""
    return select(func.max(column)).where(quote_column == quote_id).scalar_subquery()


def latest_touches(quotes: Any) -> Any:
    """Per quote of ``quotes`` (a CTE with an ``id``) that has any, the latest quote event or
    close-date change, as ``(quote_id, at)``: one grouped read of each joined by hash, not
    a scan per quote. Activities are many per quote and indexed by (quote, time): the
    latest of them is one index probe per quote (``latest_activity``)."""
    ids = select(quotes.c.id)
    kinds = union_all(
        *(
            select(quote_column.label("quote_id"), func.max(column).label("at"))
            .where(quote_column.in_(ids))
            .group_by(quote_column)
            for column, quote_column in (
                (QuoteEvent.at, QuoteEvent.quote_id),
                (QuoteCloseDateChange.at, QuoteCloseDateChange.quote_id),
            )
        )
    ).subquery("touch_kinds")
    return (
        select(kinds.c.quote_id, func.max(kinds.c.at).label("at"))
        .group_by(kinds.c.quote_id)
        .subquery("touches")
    )


def latest_activity(quote_id: Any) -> Any:
    """The latest activity naming the quote ``quote_id`` (a column of the outer query)."""
    return _latest(Activity.occurred_at, quote_id, Activity.quote_id)


@functools.cache
def _open_quotes_statement() -> Select[Any]:
    """The statement of ``open_quotes``, built once (the parameter ``owners``)."""
    quotes = (
        select(Quote.id, Quote.owner_id, Quote.currency, Quote.net_total, Quote.created_at)
        .where(
            Quote.owner_id.in_(bindparam("owners", expanding=True)),
            Quote.status.in_(OPEN_STATUSES),
        )
        .cte("team_open_quotes")
    )
    q = quotes.c
    touches = latest_touches(quotes)
    return (
        select(
            q.id,
            q.owner_id,
            q.currency,
            q.net_total,
            func.greatest(q.created_at, touches.c.at, latest_activity(q.id)),
        )
        .select_from(quotes)
        .outerjoin(touches, touches.c.quote_id == q.id)
        .order_by(q.id)
    )


async def open_quotes(session: AsyncSession, owner_ids: Collection[int]) -> list[OpenQuote]:
    """The open quotes of ``owner_ids``, each with when it was last touched (its
    creation, a quote event, a change of its close date or an activity naming it, whichever
    came last: ``latest_touches``), in one statement."""
    params = {"owners": list(owner_ids) or [-1]}
    return [OpenQuote(*row) for row in await plain_rows(session, _open_quotes_statement(), params)]


@functools.cache
def _quote_rows_statement() -> Select[Any]:
    """The statement of ``quote_rows``, built once (the array parameter ``ids``)."""
    table: Any = Quote.__table__
    return select(*table.columns).where(table.c.id == any_(bindparam("ids", type_=ARRAY(Integer))))


async def quote_rows(session: AsyncSession, ids: Collection[int]) -> dict[int, Row[Any]]:
    """The quotes ``ids`` as plain rows (every column, named as the model's attributes), by
    id: a team's stale quotes are a few hundred, and building ORM objects for them cost more
    than the statement."""
    if not ids:
        return {}
    rows = (await session.execute(_quote_rows_statement(), {"ids": list(ids)})).all()
    return {row.id: row for row in rows}


async def team_with_managers(session: AsyncSession, manager_id: int) -> dict[int, int | None]:
    """Everyone below ``manager_id`` at any depth, each with their own manager (for team
    targets), in one statement."""
    team = (
        select(User.id, User.manager_id)
        .where(User.manager_id == manager_id)
        .cte("team", recursive=True)
    )
    team = team.union(select(User.id, User.manager_id).join(team, User.manager_id == team.c.id))
    rows = await session.execute(select(team.c.id, team.c.manager_id))
    return {rep: manager for rep, manager in rows.all()}
