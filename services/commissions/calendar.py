"""The fiscal calendar setting, and where a dated fact lands when its period is closed.

Commission periods follow one company-wide calendar (first fiscal month, naming
rule, monthly or quarterly periods), stored by FINANCE; until set, it is the
civil year in quarters. A closed period never changes, so a credit, clawback or
adjustment dated inside one lands on the first day after it (repeatedly, when
the next period is closed too): the correction shows in an open period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.commissions import CommissionCalendar, CommissionPeriod
from db.queries import commission_context as context
from db.queries import commissions as queries
from db.queries.together import Stacked


@dataclass(frozen=True, slots=True)
class CalendarSetting:
    calendar: engine.FiscalCalendar
    period_kind: engine.PeriodKind

    def period_of(self, day: date) -> engine.FiscalPeriod:
        return self.calendar.period_of(day, self.period_kind)


DEFAULT = CalendarSetting(
    engine.FiscalCalendar(first_month=1, named_by_end_year=True), engine.PeriodKind.QUARTER
)


async def load_calendar(session: AsyncSession) -> CalendarSetting:
    return setting_of(await queries.calendar_row(session))


def setting_of(row: CommissionCalendar | None) -> CalendarSetting:
    if row is None:
        return DEFAULT
    return _setting(row.first_month, row.named_by_end_year, row.period_kind.value)


@lru_cache(maxsize=16)
def _setting(first_month: int, named_by_end_year: bool, period_kind: str) -> CalendarSetting:
    """One (immutable) setting object per calendar: contexts the engine remembers by the
    identity of their inputs (``commissions.context.build_context``) are found again."""
    return CalendarSetting(
        engine.FiscalCalendar(first_month=first_month, named_by_end_year=named_by_end_year),
        engine.PeriodKind(period_kind),
    )


@dataclass(frozen=True, slots=True)
class ClosedPeriods:
    """The closed periods' date ranges, in order."""

    ranges: tuple[tuple[date, date], ...]

    def contains(self, day: date) -> bool:
        return any(start <= day <= end for start, end in self.ranges)

    def landing(self, day: date) -> date:
        """``day``, or the first day after the closed period(s) it falls in."""
        for start, end in self.ranges:
            if start <= day <= end:
                day = end + timedelta(days=1)
        return day


def closed_ranges(rows: Sequence[CommissionPeriod]) -> ClosedPeriods:
    return ClosedPeriods(tuple(sorted((r.start_date, r.end_date) for r in rows)))


async def load_closed(session: AsyncSession) -> ClosedPeriods:
    return closed_ranges(await queries.closed_periods(session))


async def load_setting(
    session: AsyncSession, stacked: Stacked, **params: Any
) -> tuple[CalendarSetting, ClosedPeriods, list[list[tuple[Any, ...]]]]:
    """``load_calendar`` and ``load_closed``, and the rows of the other parts of ``stacked``
    (one of ``commission_context``'s ``setting_…`` statements, given its ``params``), in one
    statement."""
    row, closed, rest = await context.calendar_closed_and(session, stacked, **params)
    return setting_of(row), closed_ranges(closed), rest
