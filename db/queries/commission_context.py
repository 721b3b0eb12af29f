"""What nearly every commissions read starts with, each in one statement (``together``):
the calendar and the closed periods; then, for one period, the reps' assignments, plans,
plan versions, stored period states and credit statistics."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import commissions as m
from db.models.accounts import Account
from db.models.catalog import Product
from db.models.quotes import Quote, QuoteStatus
from db.queries.together import only, together


def wins_stmt(account_ids: Iterable[int]) -> Select[Any]:
    """Accounts among ``account_ids`` that already bought (a WON quote): not new logos."""
    return (
        select(Quote.account_id)
        .where(Quote.account_id.in_(set(account_ids)), Quote.status == QuoteStatus.WON)
        .distinct()
    )


async def calendar_closed_and(
    session: AsyncSession, *extra: Select[Any]
) -> tuple[m.CommissionCalendar | None, list[m.CommissionPeriod], list[list[tuple[Any, ...]]]]:
    """The calendar row, the closed periods (oldest first) and the rows of ``extra``."""
    calendar, closed, *rest = await together(
        session,
        select(m.CommissionCalendar).where(m.CommissionCalendar.id == 1),
        select(m.CommissionPeriod)
        .where(m.CommissionPeriod.status == m.CommissionPeriodStatus.CLOSED)
        .order_by(m.CommissionPeriod.start_date),
        *extra,
    )
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


async def period_rows(
    session: AsyncSession, rep_ids: Iterable[int], start: date, end: date
) -> PeriodRows:
    """Assignments overlapping ``[start, end]``, their plans and versions, and the stored
    states and credit statistics of these reps in the period."""
    reps = set(rep_ids)
    overlapping = (
        m.CommissionAssignment.rep_id.in_(reps),
        m.CommissionAssignment.start_date <= end,
        or_(m.CommissionAssignment.end_date.is_(None), m.CommissionAssignment.end_date >= start),
    )
    credit = m.CommissionCredit
    plan_ids = select(m.CommissionAssignment.plan_id).where(*overlapping)
    assignments, plans, versions, states, stats = await together(
        session,
        select(m.CommissionAssignment)
        .where(*overlapping)
        .order_by(m.CommissionAssignment.start_date, m.CommissionAssignment.id),
        select(m.CommissionPlan).where(m.CommissionPlan.id.in_(plan_ids)),
        select(m.CommissionPlanVersion)
        .where(m.CommissionPlanVersion.plan_id.in_(plan_ids))
        .order_by(m.CommissionPlanVersion.plan_id, m.CommissionPlanVersion.number),
        select(m.CommissionPeriodState).where(
            m.CommissionPeriodState.rep_id.in_(reps), m.CommissionPeriodState.period_start == start
        ),
        select(credit.rep_id, func.count(), func.max(credit.id))
        .where(credit.rep_id.in_(reps), credit.credit_date.between(start, end))
        .group_by(credit.rep_id),
        fresh=True,
    )
    grouped: dict[int, list[m.CommissionPlanVersion]] = defaultdict(list)
    for (version,) in versions:
        grouped[version.plan_id].append(version)
    counted = {rep: (int(n), int(highest or 0)) for rep, n, highest in stats}
    return PeriodRows(
        assignments=only(assignments),
        plans={plan.id: plan for (plan,) in plans},
        versions=grouped,
        states={(row.rep_id, row.period_start): row for (row,) in states},
        stats={(rep, start): counted.get(rep, (0, 0)) for rep in reps},
    )


def families_stmt(product_ids: Iterable[int]) -> Select[Any]:
    """Each of these products' id and family."""
    return select(Product.id, Product.family).where(Product.id.in_(set(product_ids)))


@dataclass(frozen=True, slots=True)
class DealRows:
    """What turns quotes' stored lines into deals, besides the lines."""

    accounts: dict[int, Account]
    bought: set[int]
    """The accounts that already bought (a WON quote other than the quotes asked about)."""
    splits: dict[int, list[m.QuoteSplit]]
    families: dict[int, str]


async def deal_rows(
    session: AsyncSession,
    account_ids: Iterable[int],
    quote_ids: Iterable[int],
    product_ids: Iterable[int],
) -> DealRows:
    """The accounts, which of them bought before (a WON quote not among ``quote_ids``), the
    quotes' splits and the products' families, in one statement."""
    quotes = set(quote_ids)
    accounts, wins, splits, families = await together(
        session,
        select(Account).where(Account.id.in_(set(account_ids))),
        wins_stmt(account_ids).where(Quote.id.not_in(quotes)),
        select(m.QuoteSplit).where(m.QuoteSplit.quote_id.in_(quotes)).order_by(m.QuoteSplit.id),
        families_stmt(product_ids),
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
