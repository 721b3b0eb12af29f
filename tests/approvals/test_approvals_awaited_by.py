"""Who is told that a request awaits them: each pair is one ``awaiting`` agrees with."""

from __future__ import annotations

from approvals_builders import DAY, HOUR, NOW, d, line, org, quote, rule
from hypothesis import given
from hypothesis import strategies as st

from approvals import (
    Decision,
    DecisionKind,
    DelegationFact,
    LineDiscountAbove,
    RequestState,
    awaited_by,
    awaiting,
    build_plan,
    decide,
)

RULES = (rule("MGR", LineDiscountAbove(d(10))),)
FACTS = quote(line("L1", discount="20"))


def submitted() -> RequestState:
    return RequestState(build_plan(FACTS, RULES, org(), NOW), FACTS, NOW)


def test_the_seat_is_told_and_nobody_once_it_is_decided() -> None:
    state = submitted()
    assert awaited_by(state, org(), NOW) == (("MGR", "mgr"),)

    outcome = decide(state, Decision("mgr", DecisionKind.APPROVE, "MGR"), NOW, org())

    assert awaited_by(outcome.state, org(), NOW) == ()


def test_a_stand_in_is_told_only_while_the_delegation_is_in_force() -> None:
    away = org(delegations=(DelegationFact("mgr", "desk", NOW + HOUR, NOW + DAY),))
    state = submitted()

    assert awaited_by(state, away, NOW) == (("MGR", "mgr"),)
    assert awaited_by(state, away, NOW + 2 * HOUR) == (("MGR", "desk"), ("MGR", "mgr"))


@given(start=st.integers(-48, 48), length=st.integers(1, 48), at=st.integers(-96, 96))
def test_everyone_told_may_decide_the_step_then(start: int, length: int, at: int) -> None:
    begin = NOW + start * HOUR
    directory = org(delegations=(DelegationFact("mgr", "desk", begin, begin + length * HOUR),))
    when = NOW + at * HOUR
    state = submitted()

    told = awaited_by(state, directory, when)

    assert told
    assert all(step in awaiting(state, user, directory, when) for step, user in told)
    assert ("MGR", "desk") in told or not awaiting(state, "desk", directory, when)
