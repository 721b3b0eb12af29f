"""A manager's team in one read: per rep, the KPI lines, open pipeline, slips of the
current fiscal quarter and quotes nobody touched for a while.

Every kind of data is one batch read for the whole team, so the statement count does not
grow with the number of reps.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.users import Role
from db.queries import forecast as forecast_queries
from db.queries.team_view import OpenQuote, open_quotes, team_with_managers
from gamification.calendar import Grain, PeriodCalendar, local_day
from services.performance.context import load_zones
from services.performance.kpis import KpiLine, KpiSelection, kpis
from services.performance.slippage import fiscal_calendar
from services.refusal import Code, refuse

STALE_DAYS_RANGE = (1, 365)


@dataclass(frozen=True, slots=True)
class Tally:
    """How many deals and their amount, in one currency."""

    currency: str
    count: int
    amount: Decimal


@dataclass(slots=True)
class TeamMember:
    """One rep's lines of the team view."""

    rep_id: int
    kpis: list[KpiLine] = field(default_factory=list)
    pipeline: list[Tally] = field(default_factory=list)
    slipped: list[Tally] = field(default_factory=list)
    stale: list[tuple[OpenQuote, int]] = field(default_factory=list)
    """Open quotes untouched for a while, with the whole days since their last touch."""


def tallies(deals: Iterable[tuple[str, Decimal]]) -> list[Tally]:
    """(currency, amount) pairs counted and summed per currency, by currency code."""
    amounts: dict[str, list[Decimal]] = {}
    for currency, amount in deals:
        found = amounts.get(currency)
        if found is None:
            amounts[currency] = [amount]
        else:
            found.append(amount)
    # Summed in the order given, from zero, as adding them one by one did.
    return [Tally(c, len(a), sum(a, Decimal(0))) for c, a in sorted(amounts.items())]


def team_manager(actor: Actor, manager_id: int | None) -> int:
    """Whose team: the actor's own (a manager), or any manager's for OPS and ADMIN; anyone
    else is refused FORBIDDEN (naming the argument ``manager``)."""
    if manager_id is None or manager_id == actor.user_id:
        if not actor.has_any(Role.MANAGER, Role.OPS):
            raise refuse(Code.FORBIDDEN, "Only managers have a team.", ("manager",))
        return actor.user_id
    if not actor.has_any(Role.OPS):
        raise refuse(Code.FORBIDDEN, "Only OPS and ADMIN see another manager's team.", ("manager",))
    return manager_id


def _stale(
    quotes: list[OpenQuote], now: datetime, days: int
) -> dict[int, list[tuple[OpenQuote, int]]]:
    found: dict[int, list[tuple[OpenQuote, int]]] = {}
    for q in quotes:
        age = (now - q.last_touched).days
        if age >= days:
            found.setdefault(q.owner_id, []).append((q, age))
    return found


StaleKey = tuple[datetime, int]
"""Where a stale quote stands in the team's list: its last touch, then its id."""


@dataclass(frozen=True, slots=True)
class StalePage:
    """One page of the team's stale quotes, the longest untouched first, with the count and
    the amounts of all of them (every page, not only this one)."""

    quotes: list[tuple[OpenQuote, int]]
    """The page: each quote with the whole days since its last touch."""
    has_more: bool
    """Whether stale quotes follow the page."""
    total: int
    """How many stale quotes in all."""
    totals: list[Tally]
    """All of them counted and summed per currency."""


def stale_key(quote: OpenQuote) -> StaleKey:
    """The order of the stale list: the longest untouched first, then by id."""
    return (quote.last_touched, quote.quote_id)


def stale_page(
    quotes: Sequence[OpenQuote], now: datetime, days: int, after: StaleKey | None, size: int
) -> StalePage:
    """The ``size`` stale quotes (untouched ``days`` days or more) that follow ``after`` in
    the order of ``stale_key``, out of the team's open ``quotes``."""
    stale = sorted(
        ((q, age) for q in quotes if (age := (now - q.last_touched).days) >= days),
        key=lambda found: stale_key(found[0]),
    )
    following = [s for s in stale if stale_key(s[0]) > after] if after else stale
    return StalePage(
        quotes=following[:size],
        has_more=len(following) > size,
        total=len(stale),
        totals=tallies((q.currency, q.amount) for q, _ in stale),
    )


async def my_team(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    manager_id: int | None,
    stale_after_days: int,
    grain: Grain,
    *,
    with_kpis: bool = True,
    reps: Sequence[int] | None = None,
    quotes: list[OpenQuote] | None = None,
    today: date | None = None,
    calendar: PeriodCalendar | None = None,
    slips: Sequence[Any] | None = None,
) -> list[TeamMember]:
    """Each rep under the manager (at any depth), by id. Without ``with_kpis`` (a screen
    that shows no KPI card) the KPI lines, the costliest part, are left empty. A caller
    that already read the team (``reps``, every rep under the manager) or its open
    ``quotes`` (``open_quotes`` of those reps), the actor's ``today`` (in their time zone),
    the fiscal ``calendar`` or the slips of the reps' deals (``slips``, as
    ``forecast_queries.slips_of`` reads them: oldest first, of these reps or more) passes
    them and they are not read again."""
    low, high = STALE_DAYS_RANGE
    if not low <= stale_after_days <= high:
        raise refuse(Code.INVALID, f"Between {low} and {high} days.", ("staleAfterDays",))
    manager = team_manager(actor, manager_id)
    members: dict[int, TeamMember] = {}
    if with_kpis:
        lines = await kpis(session, actor, now, KpiSelection(team_of=manager, grain=grain))
        for line in lines:
            members.setdefault(line.rep_id, TeamMember(line.rep_id)).kpis.append(line)
    elif reps is not None:
        members = {rep: TeamMember(rep) for rep in reps}
    else:
        members = {rep: TeamMember(rep) for rep in await team_with_managers(session, manager)}
    ids = sorted(members)
    if quotes is None:
        quotes = await open_quotes(session, ids)
    if today is None:
        zone = (await load_zones(session, [actor.user_id])).get(actor.user_id)
        today = local_day(now, zone) if zone else now.date()
    if calendar is None:
        calendar = await fiscal_calendar(session)
    quarter = calendar.period_of(today, Grain.QUARTER)
    if slips is None:
        slipped_out = forecast_queries.slippage_select(ids, quarter.start, quarter.end)
        slips = list(await session.scalars(slipped_out))
    team = set(ids)
    latest_slips = {  # the latest of each deal's slips out of the quarter
        slip.quote_id: slip
        for slip in slips
        if slip.rep_id in team and quarter.start <= slip.from_date < quarter.end
    }
    stale = _stale(quotes, now, stale_after_days)
    pipeline: dict[int, list[tuple[str, Decimal]]] = {}
    for q in quotes:
        pipeline.setdefault(q.owner_id, []).append((q.currency, q.amount))
    slipped: dict[int, list[tuple[str, Decimal]]] = {}
    for slip in latest_slips.values():
        slipped.setdefault(slip.rep_id, []).append((slip.currency, slip.amount))
    for rep, member in members.items():
        member.pipeline = tallies(pipeline.get(rep, ()))
        member.slipped = tallies(slipped.get(rep, ()))
        member.stale = stale.get(rep, [])
    return [members[rep] for rep in ids]
