"""The fiscal calendar: which month, quarter and year a date belongs to.

Commission periods and timing accelerators ("last two weeks of the quarter")
depend on the company's fiscal calendar, not the civil one, so the calendar is
an input value object. Fiscal years may start in any month; months are civil
months and quarters are three of them (4-4-5 week calendars are not modelled).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import auto

from commissions.enums import NamedEnum


class PeriodKind(NamedEnum):
    """The lengths a commission period can have."""

    MONTH = auto()
    QUARTER = auto()
    YEAR = auto()


_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month (day must be the 1st)."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class FiscalPeriod:
    """A closed date range ``[start, end]`` (both inclusive) of one kind.

    ``fiscal_year`` is the year's name under the calendar's naming rule and
    ``index`` the position in that year (month 1-12, quarter 1-4, year 1).
    """

    kind: PeriodKind
    fiscal_year: int
    index: int
    start: date
    end: date

    @property
    def label(self) -> str:
        """A stable human key, e.g. ``FY2025-Q1``, ``FY2025-M07`` or ``FY2025``."""
        if self.kind is PeriodKind.QUARTER:
            return f"FY{self.fiscal_year}-Q{self.index}"
        if self.kind is PeriodKind.MONTH:
            return f"FY{self.fiscal_year}-M{self.index:02d}"
        return f"FY{self.fiscal_year}"

    def contains(self, day: date) -> bool:
        """True when ``day`` falls inside the period."""
        return self.start <= day <= self.end


@dataclass(frozen=True, slots=True)
class FiscalCalendar:
    """Fiscal years starting on the 1st of ``first_month``.

    ``named_by_end_year`` names a year after the civil year it ends in (a year
    starting February 2024 is FY2025), the usual convention; otherwise after
    the year it starts in. With ``first_month=1`` both rules agree.
    """

    first_month: int = 1
    named_by_end_year: bool = True

    def __post_init__(self) -> None:
        if not 1 <= self.first_month <= 12:
            raise ValueError("first_month must be 1..12")

    def period_of(self, day: date, kind: PeriodKind) -> FiscalPeriod:
        """The period of ``kind`` that contains ``day``."""
        offset = (day.month - self.first_month) % 12
        start_year = day.year if day.month >= self.first_month else day.year - 1
        year_start = date(start_year, self.first_month, 1)
        size = _MONTHS_IN[kind]
        index = offset // size
        start = add_months(year_start, index * size)
        end = add_months(start, size) - timedelta(days=1)
        return FiscalPeriod(kind, self._name(start_year), index + 1, start, end)

    def period(self, kind: PeriodKind, fiscal_year: int, index: int) -> FiscalPeriod:
        """The ``index``-th period of ``kind`` in the named ``fiscal_year``."""
        size = _MONTHS_IN[kind]
        if not 1 <= index <= 12 // size:
            raise ValueError(f"{kind.value} index out of range: {index}")
        start_year = fiscal_year
        if self.named_by_end_year and self.first_month != 1:
            start_year -= 1
        start = add_months(date(start_year, self.first_month, 1), (index - 1) * size)
        return self.period_of(start, kind)

    def _name(self, start_year: int) -> int:
        if self.named_by_end_year and self.first_month != 1:
            return start_year + 1
        return start_year
