"""A kept rebuilt period comes back with the plan versions of the key it was kept under, the
same objects on every hit (``commissions.context.build_context`` remembers a context by the
identity of its inputs), and the calendar setting of a calendar row is one object."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any, cast

import commissions as engine
from commissions.state import PeriodState
from services.commissions import rebuilt_states
from services.commissions.calendar import setting_of


def _key(versions: tuple[Any, ...]) -> Any:
    period = engine.FiscalCalendar(1, True).period_of(date(2026, 11, 2), engine.PeriodKind.QUARTER)
    return rebuilt_states.state_key(
        7,
        period,
        versions,
        cast(Any, ("assignment",)),
        engine.FiscalCalendar(1, True),
        (),
        (1, 2, 3),
    )


def test_a_hit_hands_back_the_first_keys_versions_and_the_result() -> None:
    rebuilt_states.clear()
    first, again = ("v1", "v2"), tuple(["v1", "v2"])
    assert first == again and first is not again
    result = cast(engine.PeriodResult, SimpleNamespace(state=cast(PeriodState, None)))
    rebuilt_states.keep(_key(first), result)
    found = rebuilt_states.recall(_key(again))
    assert found is not None
    versions, kept = found
    assert versions is first and kept is result
    assert rebuilt_states.kept(_key(again)) is result
    assert rebuilt_states.recall(_key(("v1",))) is None
    rebuilt_states.clear()
    assert rebuilt_states.recall(_key(first)) is None


def test_one_setting_object_per_calendar() -> None:
    def row(first_month: int) -> Any:
        return SimpleNamespace(
            first_month=first_month,
            named_by_end_year=True,
            period_kind=SimpleNamespace(value=engine.PeriodKind.QUARTER.value),
        )

    assert setting_of(row(2)) is setting_of(row(2))
    assert setting_of(row(2)).calendar == engine.FiscalCalendar(2, True)
    assert setting_of(row(3)) is not setting_of(row(2))
