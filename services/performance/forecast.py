"""The forecast: set and override categories, and the forecast of a rep, a team or the org.

A rep calls their own deals (COMMIT, BEST_CASE, PIPELINE, OMITTED); their manager (or
one above) may override the call with a note. Both calls are kept on the quote and
every call is logged, so the forecast of a week ago is computed from history, and
"change since last week" is the same computation at ``now - 7 days``: a deal's close
date, stage and calls as they stood then (its amount is today's: revisions are not
replayed, an approximation stated in the API).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.performance_forecast import ForecastCategory, ForecastCategoryChange
from db.models.quotes import Quote
from db.models.users import Role
from db.queries import forecast as queries
from db.queries.forecast import ForecastQuote
from db.queries.users import team_member_ids
from gamification.calendar import Grain, PeriodCalendar
from gamification.forecast import Category, Deal, ForecastRow, Slip, Snapshot, Stage
from gamification.forecast import build_forecast as build
from services.performance.slippage import REASON_MAX_LENGTH, fiscal_calendar
from services.refusal import Code, refuse
from services.rows import owned_or_refuse, visible_or_refuse
from services.validation import optional_text

LAST_WEEK = timedelta(days=7)
QUOTE_FIELD = ("input", "quoteId")


async def _calls(session: AsyncSession, quote: Quote) -> ForecastCategory:
    calls = await session.get(ForecastCategory, quote.id, with_for_update=True)
    if calls is None:
        calls = ForecastCategory(quote_id=quote.id)
        session.add(calls)
    return calls


async def _logged(
    session: AsyncSession,
    actor: Actor,
    quote: Quote,
    category: Category,
    *,
    by_manager: bool,
    note: str | None = None,
) -> Quote:
    """Append the call to the quote's log (the forecast of an earlier day reads it)."""
    session.add(
        ForecastCategoryChange(
            quote_id=quote.id,
            by_manager=by_manager,
            category=category.value,
            note=note,
            actor_id=actor.user_id,
        )
    )
    await session.flush()
    return quote


async def set_forecast_category(
    session: AsyncSession, actor: Actor, now: datetime, quote_id: int, category: Category
) -> Quote:
    """The rep's call on their own quote (another's looks missing: NOT_FOUND)."""
    quote = await owned_or_refuse(session, actor, Quote, quote_id, field=QUOTE_FIELD)
    calls = await _calls(session, quote)
    calls.rep_category, calls.rep_set_by, calls.rep_set_at = category.value, actor.user_id, now
    return await _logged(session, actor, quote, category, by_manager=False)


async def override_forecast_category(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    quote_id: int,
    category: Category,
    note: str | None,
) -> Quote:
    """A manager's override on a quote of their team, kept beside the rep's call. A quote
    the manager cannot see is NOT_FOUND; their own (or one they only see) is FORBIDDEN."""
    quote = await visible_or_refuse(session, actor, Quote, quote_id, lock=True, field=QUOTE_FIELD)
    if not (actor.has_any(Role.ADMIN) or (actor.is_manager and quote.owner_id in actor.team_ids)):
        raise refuse(Code.FORBIDDEN, "Only a manager of the quote's rep may override.", QUOTE_FIELD)
    note = optional_text(note, ("input", "note"), max_length=REASON_MAX_LENGTH)
    calls = await _calls(session, quote)
    calls.manager_category, calls.manager_note = category.value, note
    calls.manager_set_by, calls.manager_set_at = actor.user_id, now
    return await _logged(session, actor, quote, category, by_manager=True, note=note)


async def owners_in_scope(
    session: AsyncSession, actor: Actor, rep_id: int | None, manager_id: int | None
) -> frozenset[int] | None:
    """Whose deals: ``rep_id``'s, the team under ``manager_id`` (and the manager), or
    everyone the actor may see (``None``: all). Someone the actor may not see is NOT_FOUND."""
    visible = actor.visible_owner_ids()
    owners = visible
    if manager_id is not None:
        if visible is not None and manager_id not in visible:
            raise refuse(Code.NOT_FOUND, "No such team among those you may see.", ("team",))
        owners = await team_member_ids(session, manager_id) | {manager_id}
    if rep_id is not None:
        if (visible is not None and rep_id not in visible) or (
            owners is not None and rep_id not in owners
        ):
            raise refuse(Code.NOT_FOUND, "No such rep among those you may see.", ("rep",))
        owners = frozenset({rep_id})
    return owners


def _deal(
    quote: ForecastQuote, close: date, status: str, rep: str | None, manager: str | None
) -> Deal:
    return Deal(
        quote.id,
        quote.owner_id,
        quote.net_total,
        quote.currency,
        close,
        Stage(status),
        Category(rep) if rep is not None else None,
        Category(manager) if manager is not None else None,
    )


def _deals_now(rows: Sequence[ForecastQuote]) -> list[Deal]:
    return [
        _deal(
            quote,
            quote.expected_close_date,
            quote.status.value,
            quote.rep_category,
            quote.manager_category,
        )
        for quote in rows
        if quote.expected_close_date is not None
    ]


async def _deals_then(
    session: AsyncSession, rows: Sequence[ForecastQuote], then: datetime
) -> list[Deal]:
    """The deals as they stood at ``then``: quotes created by then, with the close date,
    status and calls of that moment (from their histories)."""
    quotes = [quote for quote in rows if quote.created_at <= then]
    ids = [quote.id for quote in quotes]
    closes, statuses, rep_calls, manager_calls = await queries.histories_as_of(session, ids, then)
    deals = []
    for quote in quotes:
        close = closes.get(quote.id, quote.expected_close_date)
        status = statuses.get(quote.id, quote.status.value)
        if close is not None and status is not None:
            deals.append(
                _deal(quote, close, status, rep_calls.get(quote.id), manager_calls.get(quote.id))
            )
    return deals


async def forecast(
    session: AsyncSession,
    now: datetime,
    owners: frozenset[int] | None,
    grain: Grain,
    calendar: PeriodCalendar | None = None,
    slip_rows: Sequence[Any] | None = None,
) -> list[ForecastRow]:
    """The deals of ``owners`` (``owners_in_scope``; None: all) per period of ``grain`` and
    currency: the totals now and their change since a week ago. A caller that has read the
    fiscal ``calendar`` or the owners' slips (``slip_rows``, as ``queries.slips_of``)
    passes them."""
    rows = await queries.forecast_quotes(session, owners)
    if slip_rows is None:
        slip_rows = await queries.slips_of(session, owners)
    slips = [Slip(e.quote_id, e.amount, e.currency, e.from_date, e.at) for e in slip_rows]
    then = now - LAST_WEEK
    current = Snapshot(_deals_now(rows), slips)
    previous = Snapshot(await _deals_then(session, rows, then), [s for s in slips if s.at <= then])
    if calendar is None:
        calendar = await fiscal_calendar(session)
    return build(current, previous, calendar, grain)
