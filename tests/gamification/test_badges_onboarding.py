"""Badges are awarded once per level with their facts; onboarding progress counts items."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gamification.badges import BadgeRule, PeriodValue, due_awards, rule_problems
from gamification.calendar import Grain
from gamification.onboarding import Item, Programme, completed_by_activity, progress

DIALS = BadgeRule("dialer", "dials", Grain.DAY, (Decimal(50), Decimal(100)))
VALUES = st.lists(
    st.builds(PeriodValue, st.sampled_from(["d1", "d2", "d3"]), st.integers(0, 200).map(Decimal)),
    max_size=6,
)


def test_each_level_is_explained_by_the_first_period_that_reached_it() -> None:
    days = [PeriodValue("d1", Decimal(60)), PeriodValue("d2", Decimal(120))]
    awards = due_awards(DIALS, days, set())
    assert [(a.level, a.period, a.value) for a in awards] == [
        (1, "d1", Decimal(60)),
        (2, "d2", Decimal(120)),
    ]
    assert awards[1].explanation == "120 in d2 reached 100 (level 2)"


@given(VALUES)
def test_evaluating_again_with_the_awards_made_awards_nothing(values: list[PeriodValue]) -> None:
    first = due_awards(DIALS, values, set())
    assert len({a.level for a in first}) == len(first)
    assert due_awards(DIALS, values, {a.level for a in first}) == ()


def test_thresholds_must_rise() -> None:
    assert rule_problems(BadgeRule("x", "m", Grain.DAY, (Decimal(5), Decimal(5))))
    assert rule_problems(BadgeRule("x", "m", Grain.DAY, (Decimal("NaN"),)))
    assert rule_problems(DIALS) == ()


PROGRAMME = Programme(
    (
        Item("docs", "Read the new-hire documents", "TRAINING_COMPLETED"),
        Item("tools", "Show competent use of the sales tools"),
        Item("ethics", "Complete ethics training", "TRAINING_COMPLETED"),
    )
)


def test_progress_names_the_next_item_and_completes_with_the_last() -> None:
    half = progress(PROGRAMME, ["docs"])
    assert (half.done, half.total, half.percent) == (1, 3, Decimal("33.33"))
    assert half.next_item is not None and half.next_item.key == "tools"
    assert progress(PROGRAMME, ["docs", "tools", "ethics"]).completed


def test_an_activity_completes_the_first_open_item_of_its_kind() -> None:
    item = completed_by_activity(PROGRAMME, "TRAINING_COMPLETED", ["docs"])
    assert item is not None and item.key == "ethics"
    assert completed_by_activity(PROGRAMME, "DIAL", []) is None
