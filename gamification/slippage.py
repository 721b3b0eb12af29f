"""Slippage: a deal's expected close moved out of its fiscal quarter into a later one.

A manager forecasts by quarter, so a close date that moves within its quarter
changes nothing they committed to, and one that moves earlier is good news; only
a move into a later quarter takes revenue out of the quarter it was counted in.
A first date (nothing before it) is a forecast, not a slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from gamification.calendar import Grain, Period, PeriodCalendar


@dataclass(frozen=True, slots=True)
class Slippage:
    """The slip and what explains it: the dates, their fiscal quarters, the amount moved."""

    from_date: date
    to_date: date
    from_period: Period
    """The fiscal quarter the deal was expected to close in."""
    to_period: Period
    """The later fiscal quarter it is now expected to close in."""
    amount: Decimal
    """The deal's amount that left ``from_period``."""

    @property
    def quarters(self) -> int:
        """How many quarters later the deal now closes (1 for the next quarter)."""
        months = (self.to_period.start.year - self.from_period.start.year) * 12 + (
            self.to_period.start.month - self.from_period.start.month
        )
        return months // 3


def detect_slippage(
    previous_close: date | None, new_close: date, amount: Decimal, calendar: PeriodCalendar
) -> Slippage | None:
    """The slip when ``new_close`` lies in a later fiscal quarter than ``previous_close``;
    None for a first date, a move within the quarter or an earlier one."""
    if previous_close is None:
        return None
    before = calendar.period_of(previous_close, Grain.QUARTER)
    after = calendar.period_of(new_close, Grain.QUARTER)
    if after.start <= before.start:
        return None
    return Slippage(previous_close, new_close, before, after, amount)
