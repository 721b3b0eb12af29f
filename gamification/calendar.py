"""Performance periods: half-open local-date ranges on the fiscal calendar.

A KPI's day, week, month, quarter or year is read in the rep's own time zone
(a call at 23:30 in Bangkok counts on Bangkok's day, not UTC's), weeks start on
the organisation's chosen weekday, and months, quarters and years follow the
fiscal year's first month. Every period is ``[start, end)`` in local dates, so
consecutive periods never overlap and never leave a gap; the UTC instants that
bound it come from ``bounds`` with the rep's zone, which is where daylight-saving
change-overs make a local day 23 or 25 hours long.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import auto

from gamification.enums import NamedEnum


class Grain(NamedEnum):
    """The length of a performance period."""

    DAY = auto()
    WEEK = auto()
    MONTH = auto()
    QUARTER = auto()
    YEAR = auto()


_MONTHS_IN = {Grain.MONTH: 1, Grain.QUARTER: 3, Grain.YEAR: 12}


def _add_months(first_of_month: date, months: int) -> date:
    index = first_of_month.year * 12 + (first_of_month.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    """Local dates ``[start, end)`` of one grain, with a stable label.

    Labels: ``2026-11-30`` (day), ``W2026-11-30`` (the week starting that day),
    ``FY2027-M02``, ``FY2027-Q1`` and ``FY2027`` under the fiscal naming rule.
    """

    grain: Grain
    start: date
    end: date
    label: str

    def contains(self, day: date) -> bool:
        """True when the local ``day`` falls inside the period."""
        return self.start <= day < self.end

    @property
    def days(self) -> int:
        """How many local days the period holds."""
        return (self.end - self.start).days

    def bounds(self, zone: tzinfo) -> tuple[datetime, datetime]:
        """The instants ``[start, end)`` of the period in ``zone``, as UTC datetimes.

        UTC, because Python subtracts two datetimes of one zone by wall clock: a
        23-hour daylight-saving day would otherwise measure 24 hours.
        """
        return (
            datetime.combine(self.start, time(), zone).astimezone(UTC),
            datetime.combine(self.end, time(), zone).astimezone(UTC),
        )


@dataclass(frozen=True, slots=True)
class PeriodCalendar:
    """The organisation's rules for cutting time into periods.

    ``fiscal_first_month``: the month (1-12) a fiscal year starts in; a year is
    named after the civil year it ends in (a year starting February 2026 is
    FY2027) or, with ``named_by_end_year`` false, the year it starts in: the
    commission calendar's rule, so a period's label is the same on both sides.
    ``week_start``: the weekday weeks start on, 0 for Monday through 6 for Sunday.
    """

    fiscal_first_month: int = 1
    week_start: int = 0
    named_by_end_year: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.fiscal_first_month <= 12:
            raise ValueError("fiscal_first_month must be 1..12")
        if not 0 <= self.week_start <= 6:
            raise ValueError("week_start must be 0 (Monday) .. 6 (Sunday)")

    def period_of(self, day: date, grain: Grain) -> Period:
        """The period of ``grain`` holding the local ``day``."""
        if grain is Grain.DAY:
            return Period(grain, day, day + timedelta(days=1), day.isoformat())
        if grain is Grain.WEEK:
            start = day - timedelta(days=(day.weekday() - self.week_start) % 7)
            return Period(grain, start, start + timedelta(days=7), f"W{start.isoformat()}")
        first = self.fiscal_first_month
        start_year = day.year if day.month >= first else day.year - 1
        year_start = date(start_year, first, 1)
        size = _MONTHS_IN[grain]
        index = ((day.month - first) % 12) // size
        start = _add_months(year_start, index * size)
        end = _add_months(start, size)
        return Period(grain, start, end, self._label(grain, start_year, index + 1))

    def previous(self, period: Period) -> Period:
        """The period of the same grain just before ``period``."""
        return self.period_of(period.start - timedelta(days=1), period.grain)

    def following(self, period: Period) -> Period:
        """The period of the same grain just after ``period``."""
        return self.period_of(period.end, period.grain)

    def periods_between(self, first: date, last: date, grain: Grain) -> list[Period]:
        """Every period of ``grain`` touching the local dates ``first``..``last``, in order."""
        periods: list[Period] = []
        period = self.period_of(first, grain)
        while period.start <= last:
            periods.append(period)
            period = self.following(period)
        return periods

    def _label(self, grain: Grain, start_year: int, index: int) -> str:
        ends_later = self.named_by_end_year and self.fiscal_first_month != 1
        year = start_year + 1 if ends_later else start_year
        if grain is Grain.QUARTER:
            return f"FY{year}-Q{index}"
        if grain is Grain.MONTH:
            return f"FY{year}-M{index:02d}"
        return f"FY{year}"


def local_day(instant: datetime, zone: tzinfo) -> date:
    """The date ``instant`` (aware) falls on in ``zone``."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(zone).date()
