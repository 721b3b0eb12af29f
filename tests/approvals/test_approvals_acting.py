"""Delegation is decided when the delegate acts: before, during and after its window."""

from __future__ import annotations

from datetime import datetime, timedelta

from approvals_builders import DAY, HOUR, NOW, d, line, org, quote, rule
from hypothesis import given
from hypothesis import strategies as st

from approvals import (
    Decision,
    DecisionKind,
    DelegationFact,
    LineDiscountAbove,
    PlanApprover,
    ReasonCode,
    RequestState,
    RequestStatus,
    UserFact,
    awaiting,
    awaiting_as,
    build_plan,
    decide,
    may_see,
    represented,
    standing_in,
)

APPROVE = DecisionKind.APPROVE
RULES = (rule("MGR", LineDiscountAbove(d(10))),)
FACTS = quote(line("L1", discount="20"))
#: "mgr" is away for one day from NOW + 1 h; "desk" stands in.
START, END = NOW + HOUR, NOW + HOUR + DAY
AWAY = org(delegations=(DelegationFact("mgr", "desk", START, END),))


def submitted_at(at: datetime = NOW) -> RequestState:
    """Submitted at ``at`` with no delegation known then: the plan records no delegate."""
    return RequestState(build_plan(FACTS, RULES, org(), at), FACTS, at)


def test_a_delegation_set_after_submission_lets_the_delegate_decide_while_it_runs() -> None:
    state = submitted_at(NOW)
    assert state.plan.steps[0].approvers == (PlanApprover("mgr"),)

    outcome = decide(state, Decision("desk", APPROVE, "MGR"), START + HOUR, AWAY)

    assert outcome.status is RequestStatus.APPROVED
    assert outcome.recorded is not None and outcome.recorded.delegated is True


def test_before_and_after_the_window_the_delegate_is_refused() -> None:
    state = submitted_at(NOW)

    before = decide(state, Decision("desk", APPROVE, "MGR"), START - timedelta(seconds=1), AWAY)
    at_end = decide(state, Decision("desk", APPROVE, "MGR"), END, AWAY)
    after = decide(state, Decision("desk", APPROVE, "MGR"), END + timedelta(seconds=6), AWAY)

    assert before.reasons == at_end.reasons == after.reasons == (ReasonCode.NOT_AN_APPROVER,)


def test_a_delegate_recorded_on_the_plan_loses_the_seat_when_the_delegation_ends() -> None:
    during = START + HOUR
    state = RequestState(build_plan(FACTS, RULES, AWAY, during), FACTS, during)
    assert state.plan.steps[0].approvers == (PlanApprover("mgr", ("desk",)),)

    outcome = decide(state, Decision("desk", APPROVE, "MGR"), END + timedelta(seconds=6), AWAY)

    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)


def test_the_approver_decides_their_own_seat_whatever_the_delegation() -> None:
    state = submitted_at(NOW)

    outcome = decide(state, Decision("mgr", APPROVE, "MGR"), START + HOUR, AWAY)

    assert outcome.status is RequestStatus.APPROVED and outcome.recorded is not None
    assert outcome.recorded.delegated is False


def test_awaiting_and_may_see_follow_the_window() -> None:
    state = submitted_at(NOW)
    seats = frozenset({"mgr"})
    moments = {"before": NOW, "during": START, "end": END, "after": END + DAY}

    mine = {name: awaiting(state, "desk", AWAY, at) for name, at in moments.items()}
    seen = {name: may_see(seats, "desk", AWAY, at) for name, at in moments.items()}

    assert mine == {"before": (), "during": ("MGR",), "end": (), "after": ()}
    assert seen == {"before": False, "during": True, "end": False, "after": False}
    assert awaiting(state, "mgr", AWAY, moments["after"]) == ("MGR",)


def test_the_quote_owner_never_stands_in_even_when_named_a_delegate() -> None:
    directory = org(delegations=(DelegationFact("mgr", "rep", NOW - DAY, NOW + DAY),))
    state = submitted_at(NOW)

    outcome = decide(state, Decision("rep", APPROVE, "MGR"), NOW, directory)

    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)
    assert awaiting(state, "rep", directory, NOW) == ()
    assert standing_in(directory, "mgr", NOW, owner_id="rep") == ()


def test_an_inactive_delegate_stands_in_for_nobody() -> None:
    directory = org(UserFact("desk", active=False), delegations=AWAY.delegations)

    assert represented(directory, "desk", START) == frozenset({"desk"})


def test_an_escalation_target_keeps_the_seat_after_any_delegation() -> None:
    state = submitted_at(NOW)
    seat = PlanApprover("mgr", escalated_to=("vp",))
    plan = state.plan
    step = plan.steps[0]
    from dataclasses import replace

    escalated = replace(
        plan, levels=(replace(plan.levels[0], steps=(replace(step, approvers=(seat,)),)),)
    )
    state = RequestState(escalated, FACTS, NOW)

    outcome = decide(state, Decision("vp", APPROVE, "MGR"), END + DAY, org())

    assert outcome.status is RequestStatus.APPROVED


@given(
    start=st.integers(-48, 48),
    length=st.integers(1, 48),
    act=st.integers(-96, 96),
)
def test_a_delegate_may_decide_exactly_while_the_delegation_is_in_force(
    start: int, length: int, act: int
) -> None:
    begin = NOW + start * HOUR
    delegation = DelegationFact("mgr", "desk", begin, begin + length * HOUR)
    directory = org(delegations=(delegation,))
    at = NOW + act * HOUR
    state = submitted_at(NOW)

    outcome = decide(state, Decision("desk", APPROVE, "MGR"), at, directory)

    in_force = delegation.active_at(at)
    assert outcome.accepted is in_force
    assert (awaiting(state, "desk", directory, at) == ("MGR",)) is in_force
    assert may_see(frozenset({"mgr"}), "desk", directory, at) is in_force


@given(
    user=st.sampled_from(["mgr", "desk", "rep", "vp"]),
    delegate=st.sampled_from(["desk", "rep"]),
    start=st.integers(-48, 48),
    length=st.integers(1, 48),
    act=st.integers(-96, 96),
    escalated=st.booleans(),
)
def test_awaiting_as_whom_the_user_represents_without_an_owner_is_awaiting(
    user: str, delegate: str, start: int, length: int, act: int, escalated: bool
) -> None:
    """A list judges ``represented`` once, without an owner, for all its requests
    (``awaiting_as``): the same steps as ``awaiting``, the owner ("rep") included."""
    begin = NOW + start * HOUR
    directory = org(delegations=(DelegationFact("mgr", delegate, begin, begin + length * HOUR),))
    state = submitted_at(NOW)
    if escalated:
        from dataclasses import replace

        plan, step = state.plan, state.plan.steps[0]
        seat = PlanApprover("mgr", escalated_to=("vp", "rep"))
        state = RequestState(
            replace(
                plan, levels=(replace(plan.levels[0], steps=(replace(step, approvers=(seat,)),)),)
            ),
            FACTS,
            NOW,
        )
    at = NOW + act * HOUR

    acting_for = represented(directory, user, at)

    assert awaiting_as(state, user, acting_for) == awaiting(state, user, directory, at)
