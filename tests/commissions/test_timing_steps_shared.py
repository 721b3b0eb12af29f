"""The accelerators' steps of a day are found once per plan version and calendar, not once
per rep: every rep's rules compiled from the same version share them; another calendar (a
fiscal year starting in another month moves the quarter's end) finds its own."""

from datetime import date
from decimal import Decimal as D

from commission_plans import BASE_15, plan

from commissions import TimingAccelerator
from commissions.context import compile_rules
from commissions.fiscal_calendar import FiscalCalendar
from commissions.rating_steps import timing_steps

QUARTER_END = TimingAccelerator("qend", "Quarter end x1.2", D("1.2"), days=14)


def test_reps_on_one_version_share_a_days_steps_and_another_calendar_has_its_own() -> None:
    version = plan(BASE_15, QUARTER_END)
    calendar, shifted = FiscalCalendar(), FiscalCalendar(first_month=2)
    day = date(2025, 3, 25)  # the last two weeks of a calendar quarter, not of a shifted one
    first, second = compile_rules(version), compile_rules(version)

    steps = timing_steps(first, day, calendar)
    assert [step[0][0] for step in steps] == ["qend"]
    assert timing_steps(second, day, calendar) is steps  # found once, shared
    assert timing_steps(compile_rules(version), day, shifted) == []
    other = plan(BASE_15, QUARTER_END, version=2)  # an equal plan, another version object
    assert timing_steps(compile_rules(other), day, calendar) == steps
