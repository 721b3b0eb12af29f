"""Batch reads for a manager's team view: every rep's open quotes with the instant each
was last touched, in one statement whatever the number of reps."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_activities import Activity
from db.models.performance_forecast import QuoteCloseDateChange
from db.models.quotes import Quote, QuoteEvent, QuoteStatus
from db.models.users import User

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


def _latest(column: object, quote_column: object) -> object:
    """The latest ``column`` of the rows of the outer quote (a correlated scalar)."""
    return select(func.max(column)).where(quote_column == Quote.id).scalar_subquery()  # type: ignore[arg-type]


def last_touched() -> Any:
    """When the outer quote was last touched: its creation, a quote event, a change of its
    close date or an activity that names it, whichever came last."""
    return func.greatest(
        Quote.created_at,
        _latest(QuoteEvent.at, QuoteEvent.quote_id),
        _latest(QuoteCloseDateChange.at, QuoteCloseDateChange.quote_id),
        _latest(Activity.occurred_at, Activity.quote_id),
    )


async def open_quotes(session: AsyncSession, owner_ids: Collection[int]) -> list[OpenQuote]:
    """The open quotes of ``owner_ids``, each with when it was last touched
    (``last_touched``)."""
    touched = last_touched()
    stmt = (
        select(Quote.id, Quote.owner_id, Quote.currency, Quote.net_total, touched)
        .where(Quote.owner_id.in_(owner_ids or {-1}), Quote.status.in_(OPEN_STATUSES))
        .order_by(Quote.id)
    )
    return [OpenQuote(*row) for row in (await session.execute(stmt)).all()]


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
