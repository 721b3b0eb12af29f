"""The demo forecast: open deals of several reps with expected close dates this fiscal
quarter and next, each rep's call on their deals, a manager's override, and two slips.

Made through the quote and forecast use cases as the reps and a manager would: a
slipped deal is created closing this quarter, then its close date is moved into the
next with the rep's reason (``update_quote``), so the close-date history, the
slippage event, its SLIPPAGE fact and the manager's live notice are all real.
Dates are relative to ``now`` on the fiscal calendar. Loaded once (the first deal's
name is the marker).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.actor import Actor
from db.queries import demo as queries
from gamification.calendar import Grain
from gamification.forecast import Category
from server.demo.quotes import POLICY, QuoteMade, make_quote, move_quote
from server.demo.running import run, run_as, user_id
from services.performance.forecast import override_forecast_category, set_forecast_category
from services.performance.slippage import fiscal_calendar
from services.quotes.editing import QuoteRef
from services.quotes.lines import NewLine
from services.quotes.update import HeaderChange, update_quote

EAST = "east.manager@dealdesk.example"


@dataclass(frozen=True, slots=True)
class Deal:
    """An open deal: whose, for which account, what, closing ``days`` into this fiscal
    quarter (``next_quarter``: the next one), moved on by ``steps``, called ``call``
    by its rep. With a ``slip_reason`` it is first expected this quarter and then slips
    ``days`` into the next."""

    rep: str
    account: str
    name: str
    lines: tuple[tuple[str, int], ...]
    days: int
    steps: tuple[str, ...]
    call: Category
    next_quarter: bool = False
    slip_reason: str | None = None


def _rep(n: int) -> str:
    return f"rep{n}@dealdesk.example"


C, B, P = Category.COMMIT, Category.BEST_CASE, Category.PIPELINE
SENT = ("submit", "send")
DEALS = (
    Deal(_rep(1), "Acme Manufacturing", "Acme data platform", (("SW-ANL", 400),), 10, SENT, C),
    Deal(_rep(1), "Nakatomi Trading", "Nakatomi API rollout", (("SW-API", 60),), 20, (), P, True),
    Deal(_rep(2), "Globex Corporation", "Globex security suite", (("SW-SEC", 900),), 5, SENT, C),
    Deal(
        _rep(2), "Aperture Science", "Aperture security pilot", (("SW-SEC", 300),), 18,
        ("submit",), B, slip_reason="Their security review moved to next quarter.",
    ),
    Deal(_rep(3), "Initech", "Initech analytics", (("SW-ANL", 120),), 14, ("submit",), B),
    Deal(_rep(5), "Stark Logistics", "Stark premium support", (("SUP-PRM", 5),), 8, SENT, B),
    Deal(
        _rep(5), "Blue Sun Energy", "Blue Sun training programme", (("SVC-TRN", 4),), 25, (), P,
        slip_reason="The customer's training budget is only approved in their new fiscal year.",
    ),
    Deal(_rep(6), "Wayne Retail", "Wayne Retail analytics", (("SW-ANL", 90),), 5, (), P, True),
    Deal(
        _rep(7), "Massive Dynamic", "Massive Dynamic support renewal", (("SUP-PRM", 3),), 20,
        SENT, C,
    ),
)  # fmt: skip
OVERRIDE = (
    EAST,
    "Acme data platform",
    Category.BEST_CASE,
    "Procurement has not signed the PO yet: best case until they do.",
)
"""The east manager's override of one of rep1's calls (both calls are kept)."""


@dataclass(frozen=True, slots=True)
class Known:
    """What the forecast builds on: products by SKU, accounts by name, this fiscal quarter."""

    products: dict[str, int]
    accounts: dict[str, int]
    quarter: tuple[date, date]
    next_start: date


async def _known(today: date, session: AsyncSession) -> Known | None:
    """None when the demo forecast is already there."""
    if await queries.quote_named(session, DEALS[0].name) is not None:
        return None
    accounts: dict[str, int] = {}
    for rep in {deal.rep for deal in DEALS}:
        accounts |= await queries.account_ids_of(session, await user_id(session, rep))
    calendar = await fiscal_calendar(session)
    quarter = calendar.period_of(today, Grain.QUARTER)
    following = calendar.following(quarter)
    return Known(
        await queries.product_ids_by_sku(session),
        accounts,
        (quarter.start, quarter.end),
        following.start,
    )


def _close(known: Known, today: date, days: int, next_quarter: bool) -> date:
    """``days`` from today, inside this quarter; or ``days`` into the next quarter."""
    if next_quarter:
        return known.next_start + timedelta(days=days)
    return min(today + timedelta(days=days), known.quarter[1] - timedelta(days=1))


async def _slip(
    made: QuoteMade,
    to: date,
    reason: str,
    session: AsyncSession,
    actor: Actor,
    now: datetime,
) -> QuoteMade:
    change = HeaderChange(expected_close_date=to, close_date_change_reason=reason)
    ref = QuoteRef(made.quote_id, made.version)
    quote = await update_quote(session, actor, now, POLICY, ref, change)
    return QuoteMade(quote.id, quote.version)


async def _call(
    quote_id: int, category: Category, session: AsyncSession, actor: Actor, now: datetime
) -> None:
    await set_forecast_category(session, actor, now, quote_id, category)


async def _override(
    quote_id: int,
    category: Category,
    note: str,
    session: AsyncSession,
    actor: Actor,
    now: datetime,
) -> None:
    await override_forecast_category(session, actor, now, quote_id, category, note)


async def _deal(
    sessions: async_sessionmaker[AsyncSession], now: datetime, known: Known, deal: Deal
) -> int:
    today = now.date()
    lines = [NewLine(known.products[sku], quantity) for sku, quantity in deal.lines]
    expected = _close(known, today, deal.days, deal.next_quarter and not deal.slip_reason)
    made = await make_quote(
        sessions, now, deal.rep, known.accounts[deal.account], deal.name, lines, expected
    )
    if deal.slip_reason is not None:
        later = _close(known, today, deal.days, True)
        slip = partial(_slip, made, later, deal.slip_reason)
        made = await run_as(sessions, deal.rep, now, slip)
    for step in deal.steps:
        made = await move_quote(sessions, now, deal.rep, step, made)
    await run_as(sessions, deal.rep, now, partial(_call, made.quote_id, deal.call))
    return made.quote_id


async def load_forecast(sessions: async_sessionmaker[AsyncSession], now: datetime) -> int:
    """Load the demo forecast once; how many deals were made."""
    known = await run(sessions, partial(_known, now.date()))
    if known is None:
        return 0
    made = {deal.name: await _deal(sessions, now, known, deal) for deal in DEALS}
    manager, name, category, note = OVERRIDE
    await run_as(sessions, manager, now, partial(_override, made[name], category, note))
    return len(made)
