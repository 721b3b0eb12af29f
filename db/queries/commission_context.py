"""What nearly every commissions read starts with, each in one statement built once
(``together.stack`` with placeholders): the calendar and the closed periods (with what the
read needs besides: quotes, wins, families); then, for one period, the reps' assignments,
plans, plan versions, stored period states and credit statistics; and what turns quotes into
deals."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Select, bindparam, func, literal_column, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import commissions as m
from db.models.accounts import Account
from db.models.catalog import Product
from db.models.quotes import Quote, QuoteStatus
from db.queries.commissions import open_quotes_stmt
from db.queries.together import Stacked, fetch, only, stack


def _ids(name: str) -> Any:
    """A placeholder for a list of ids."""
    return bindparam(name, expanding=True)


def _wins(accounts: Any) -> Select[Any]:
    """Accounts among ``accounts`` that already bought (a WON quote): not new logos."""
    return (
        select(Quote.account_id)
        .where(Quote.account_id.in_(accounts), Quote.status == QuoteStatus.WON)
        .distinct()
    )


def _families() -> Select[Any]:
    """The id and family of each product in ``product_ids``."""
    return select(Product.id, Product.family).where(Product.id.in_(_ids("product_ids")))


def _setting(*extra: Select[Any]) -> Stacked:
    return stack(
        select(m.CommissionCalendar).where(m.CommissionCalendar.id == 1),
        select(m.CommissionPeriod)
        .where(m.CommissionPeriod.status == m.CommissionPeriodStatus.CLOSED)
        .order_by(m.CommissionPeriod.start_date),
        *extra,
    )


@functools.cache
def setting_and_quotes() -> Stacked:
    """The setting, and the quotes ``quote_ids``."""
    return _setting(select(Quote).where(Quote.id.in_(_ids("quote_ids"))))


@functools.cache
def setting_and_open_quotes() -> Stacked:
    """The setting, and the open quotes of ``owner_ids``, by id."""
    return _setting(open_quotes_stmt(_ids("owner_ids")))


@functools.cache
def setting_and_open_quote_counts() -> Stacked:
    """The setting, and how many open quotes each of ``owner_ids`` has (those with any):
    counted in the database, no quote row read."""
    open_quotes = open_quotes_stmt(_ids("owner_ids")).order_by(None).subquery()
    return _setting(select(open_quotes.c.owner_id, func.count()).group_by(open_quotes.c.owner_id))


@functools.cache
def setting_wins_and_families() -> Stacked:
    """The setting, which of ``account_ids`` bought before, and the families of
    ``product_ids``."""
    return _setting(_wins(_ids("account_ids")), _families())


async def calendar_closed_and(
    session: AsyncSession, stacked: Stacked, **params: Any
) -> tuple[m.CommissionCalendar | None, list[m.CommissionPeriod], list[list[tuple[Any, ...]]]]:
    """The calendar row, the closed periods (oldest first) and the rows of the other parts
    of ``stacked`` (one of the ``setting_…`` statements), given their ``params``."""
    calendar, closed, *rest = await fetch(session, stacked, **params)
    return (calendar[0][0] if calendar else None), only(closed), rest


@dataclass(frozen=True, slots=True)
class PeriodRows:
    """What the reps' period states are checked with."""

    assignments: list[m.CommissionAssignment]
    """Overlapping the period, oldest start first."""
    plans: dict[int, m.CommissionPlan]
    versions: dict[int, list[m.CommissionPlanVersion]]
    """Each plan's versions by number."""
    states: dict[tuple[int, date], m.CommissionPeriodState]
    stats: dict[tuple[int, date], tuple[int, int]]
    """(count, highest id) of each rep's credits in the period, by (rep, period start)."""
    versions_of_credits: dict[tuple[int, date], int] = field(default_factory=dict)
    """The sum of the row versions (``xmin``) of each rep's credits in the period: with the
    count and highest id, it changes when any of them is inserted, updated or deleted (a
    transaction id only grows), so a state rebuilt from them may be kept in memory."""


@functools.cache
def _period_statement() -> Stacked:
    reps, start, end = _ids("rep_ids"), bindparam("start"), bindparam("end")
    assignment, credit, state = m.CommissionAssignment, m.CommissionCredit, m.CommissionPeriodState
    overlapping = (
        assignment.rep_id.in_(reps),
        assignment.start_date <= end,
        or_(assignment.end_date.is_(None), assignment.end_date >= start),
    )
    plan_ids = select(assignment.plan_id).where(*overlapping)
    return stack(
        select(assignment).where(*overlapping).order_by(assignment.start_date, assignment.id),
        select(m.CommissionPlan).where(m.CommissionPlan.id.in_(plan_ids)),
        select(m.CommissionPlanVersion)
        .where(m.CommissionPlanVersion.plan_id.in_(plan_ids))
        .order_by(m.CommissionPlanVersion.plan_id, m.CommissionPlanVersion.number),
        select(state).where(state.rep_id.in_(reps), state.period_start == start),
        select(
            credit.rep_id,
            func.count(),
            func.max(credit.id),
            func.sum(literal_column("commission_credits.xmin::text::bigint", BigInteger)),
        )
        .where(credit.rep_id.in_(reps), credit.credit_date.between(start, end))
        .group_by(credit.rep_id),
        fresh=True,
    )


async def period_rows(
    session: AsyncSession, rep_ids: Iterable[int], start: date, end: date
) -> PeriodRows:
    """Assignments overlapping ``[start, end]``, their plans and versions, and the stored
    states and credit statistics of these reps in the period."""
    reps = set(rep_ids)
    assignments, plans, versions, states, stats = await fetch(
        session, _period_statement(), rep_ids=list(reps), start=start, end=end
    )
    grouped: dict[int, list[m.CommissionPlanVersion]] = defaultdict(list)
    for (version,) in versions:
        grouped[version.plan_id].append(version)
    counted = {rep: (int(n), int(highest or 0)) for rep, n, highest, _ in stats}
    xmins = {rep: int(total or 0) for rep, _, _, total in stats}
    return PeriodRows(
        assignments=only(assignments),
        plans={plan.id: plan for (plan,) in plans},
        versions=grouped,
        states={(row.rep_id, row.period_start): row for (row,) in states},
        stats={(rep, start): counted.get(rep, (0, 0)) for rep in reps},
        versions_of_credits={(rep, start): xmins.get(rep, 0) for rep in reps},
    )


@dataclass(frozen=True, slots=True)
class DealRows:
    """What turns quotes' stored lines into deals, besides the lines."""

    accounts: dict[int, Account]
    bought: set[int]
    """The accounts that already bought (a WON quote other than the quotes asked about)."""
    splits: dict[int, list[m.QuoteSplit]]
    families: dict[int, str]


@functools.cache
def _deal_statement() -> Stacked:
    accounts, quotes = _ids("account_ids"), _ids("quote_ids")
    return stack(
        select(Account).where(Account.id.in_(accounts)),
        _wins(accounts).where(Quote.id.not_in(quotes)),
        select(m.QuoteSplit).where(m.QuoteSplit.quote_id.in_(quotes)).order_by(m.QuoteSplit.id),
        _families(),
    )


async def deal_rows(
    session: AsyncSession,
    account_ids: Iterable[int],
    quote_ids: Iterable[int],
    product_ids: Iterable[int],
) -> DealRows:
    """The accounts, which of them bought before (a WON quote not among ``quote_ids``), the
    quotes' splits and the products' families, in one statement."""
    accounts, wins, splits, families = await fetch(
        session,
        _deal_statement(),
        account_ids=list(set(account_ids)),
        quote_ids=list(set(quote_ids)),
        product_ids=list(set(product_ids)),
    )
    grouped: dict[int, list[m.QuoteSplit]] = defaultdict(list)
    for (split,) in splits:
        grouped[split.quote_id].append(split)
    return DealRows(
        accounts={account.id: account for (account,) in accounts},
        bought={account_id for (account_id,) in wins},
        splits=grouped,
        families={product: family or "" for product, family in families},
    )
