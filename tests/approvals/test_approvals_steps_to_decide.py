"""Which steps one decision is about (``steps_to_decide``): the rule the decide mutation
and "my turn" share, built on the steps awaiting the user (``awaiting``)."""

from __future__ import annotations

from datetime import timedelta

from approvals_builders import DAY, HOUR, NOW, d, line, org, quote, rule
from hypothesis import given
from hypothesis import strategies as st

from approvals import (
    Decision,
    DecisionKind,
    DelegationFact,
    LineDiscountAbove,
    ReasonCode,
    RequestState,
    RoleApprover,
    TotalDiscountAbove,
    awaiting,
    build_plan,
    decide,
    steps_to_decide,
)

APPROVE, REJECT, COUNTER = DecisionKind.APPROVE, DecisionKind.REJECT, DecisionKind.COUNTER_OFFER
#: "mgr" is away for a day from NOW; "desk" stands in.
AWAY = org(delegations=(DelegationFact("mgr", "desk", NOW, NOW + DAY),))
USERS = ("rep", "mgr", "vp", "fin1", "fin2", "desk", "legal1")
#: Level 1: two steps for the rep's manager; level 2: finance.
RULES = (
    rule("MGR-LINE", LineDiscountAbove(d(10)), level=1),
    rule("MGR-TOTAL", TotalDiscountAbove(d(10)), level=1),
    rule("FIN", TotalDiscountAbove(d(15)), level=2, approver=RoleApprover("FINANCE")),
)
FACTS = quote(line(discount="20"), total_discount="20")


def submitted() -> RequestState:
    return RequestState(build_plan(FACTS, RULES, org(), NOW), FACTS, NOW)


def test_an_approval_without_a_step_covers_every_step_awaiting_the_approver() -> None:
    assert steps_to_decide(submitted(), "mgr", org(), NOW, APPROVE) == ("MGR-LINE", "MGR-TOTAL")


def test_a_rejection_or_counter_offer_without_a_step_is_about_the_first_awaiting_step() -> None:
    assert steps_to_decide(submitted(), "mgr", org(), NOW, REJECT) == ("MGR-LINE",)
    assert steps_to_decide(submitted(), "mgr", org(), NOW, COUNTER) == ("MGR-LINE",)


def test_a_named_step_is_that_step_whoever_asks() -> None:
    assert steps_to_decide(submitted(), "fin1", org(), NOW, APPROVE, "FIN") == ("FIN",)


def test_a_delegate_in_force_decides_the_steps_of_the_seat_they_stand_in_for() -> None:
    assert steps_to_decide(submitted(), "desk", AWAY, NOW + HOUR, APPROVE) == (
        "MGR-LINE",
        "MGR-TOTAL",
    )


def test_when_nothing_awaits_the_user_the_active_levels_step_is_named_and_decide_says_why() -> None:
    state = submitted()

    steps = steps_to_decide(state, "fin1", org(), NOW, APPROVE)
    outcome = decide(state, Decision("fin1", APPROVE, steps[0]), NOW, org())

    assert steps == ("MGR-LINE",)
    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)


def test_after_the_first_level_the_next_levels_approvers_are_awaited() -> None:
    state = submitted()
    for step in steps_to_decide(state, "mgr", org(), NOW, APPROVE):
        state = decide(state, Decision("mgr", APPROVE, step), NOW, org()).state

    assert steps_to_decide(state, "fin2", org(), NOW, APPROVE) == ("FIN",)
    assert steps_to_decide(state, "mgr", org(), NOW, APPROVE) == ("FIN",)
    assert awaiting(state, "mgr", org(), NOW) == ()


@given(
    user=st.sampled_from(USERS),
    kind=st.sampled_from((APPROVE, REJECT)),
    hours=st.integers(-24, 48),
    first_level_done=st.booleans(),
)
def test_the_steps_to_decide_are_accepted_exactly_when_they_await_the_user(
    user: str, kind: DecisionKind, hours: int, first_level_done: bool
) -> None:
    at = NOW + timedelta(hours=hours)
    state = submitted()
    if first_level_done:
        for step in ("MGR-LINE", "MGR-TOTAL"):
            state = decide(state, Decision("mgr", APPROVE, step), NOW, org()).state
    mine = awaiting(state, user, AWAY, at)

    steps = steps_to_decide(state, user, AWAY, at, kind)
    outcomes = [decide(state, Decision(user, kind, s, reason="no"), at, AWAY) for s in steps]

    if mine:
        assert steps == (mine if kind is APPROVE else mine[:1])
        assert all(o.accepted for o in outcomes)
    else:
        assert len(steps) == 1 and not outcomes[0].accepted
