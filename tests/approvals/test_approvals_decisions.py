"""Deciding a request: every path, every refusal."""

from datetime import datetime

from approvals_builders import DAY, HOUR, NOW, all_of_finance, d, line, org, quote, rule

from approvals import (
    CounterOffer,
    Decision,
    DecisionKind,
    DelegationFact,
    LineCounter,
    LineDiscountAbove,
    ManagerApprover,
    NonStandardClauses,
    ReasonCode,
    RequestState,
    RequestStatus,
    RoleApprover,
    Rule,
    TotalDiscountAbove,
    build_plan,
    decide,
)
from approvals.directory import Directory

APPROVE, REJECT, COUNTER = DecisionKind.APPROVE, DecisionKind.REJECT, DecisionKind.COUNTER_OFFER

#: Level 1: manager (ANY) and finance (ALL) in parallel; level 2: legal.
RULES = (
    rule("MGR", LineDiscountAbove(d(10)), level=1),
    all_of_finance("FIN", TotalDiscountAbove(d(10)), level=1),
    rule("LEGAL", NonStandardClauses(), level=2, approver=RoleApprover("LEGAL")),
)
FACTS = quote(line("L1", discount="20"), total_discount="20", non_standard=True)
#: The manager and both finance approvers: level 1 complete.
LEVEL_1_APPROVALS = (
    Decision("mgr", APPROVE, "MGR"),
    Decision("fin1", APPROVE, "FIN"),
    Decision("fin2", APPROVE, "FIN"),
)


def submitted(rules: tuple[Rule, ...] = RULES, directory: Directory | None = None) -> RequestState:
    plan = build_plan(FACTS, rules, directory or org(), NOW)
    return RequestState(plan, FACTS, NOW)


def apply(state: RequestState, *decisions: Decision, at: datetime = NOW) -> RequestState:
    """Apply decisions that must all be accepted; return the final state."""
    for decision in decisions:
        outcome = decide(state, decision, at)
        assert outcome.accepted, outcome.reasons
        state = outcome.state
    return state


def test_an_any_step_completes_with_one_approval() -> None:
    state = submitted((RULES[0],))

    outcome = decide(state, Decision("mgr", APPROVE, "MGR"), NOW + HOUR)

    assert outcome.accepted
    assert outcome.status is RequestStatus.APPROVED
    assert outcome.level_completed


def test_an_all_step_waits_for_every_approver() -> None:
    state = submitted((RULES[1],))

    first = decide(state, Decision("fin1", APPROVE, "FIN"), NOW)
    second = decide(first.state, Decision("fin2", APPROVE, "FIN"), NOW)

    assert (first.status, first.current_level, first.level_completed) == (
        RequestStatus.PENDING,
        1,
        False,
    )
    assert second.status is RequestStatus.APPROVED


def test_a_level_completes_only_when_all_its_parallel_steps_do() -> None:
    state = apply(submitted(), Decision("mgr", APPROVE, "MGR"), Decision("fin1", APPROVE, "FIN"))

    outcome = decide(state, Decision("fin2", APPROVE, "FIN"), NOW + HOUR)

    assert (outcome.status, outcome.current_level, outcome.level_completed) == (
        RequestStatus.PENDING,
        2,
        True,
    )


def test_the_last_approval_approves_the_request_and_returns_its_envelope() -> None:
    state = apply(submitted(), *LEVEL_1_APPROVALS)

    outcome = decide(state, Decision("legal1", APPROVE, "LEGAL"), NOW + DAY)

    assert outcome.status is RequestStatus.APPROVED
    assert outcome.envelope is not None
    assert outcome.envelope.approved_at == NOW + DAY
    assert outcome.envelope.approved_rule_ids == ("FIN", "LEGAL", "MGR")


def test_a_rejection_with_a_reason_rejects_the_whole_request() -> None:
    outcome = decide(submitted(), Decision("fin2", REJECT, "FIN", reason="margin too thin"), NOW)

    assert outcome.accepted
    assert outcome.status is RequestStatus.REJECTED
    assert outcome.recorded is not None and outcome.recorded.decision.reason == "margin too thin"


def test_a_rejection_without_a_reason_is_refused() -> None:
    outcome = decide(submitted(), Decision("mgr", REJECT, "MGR", reason="  "), NOW)

    assert not outcome.accepted
    assert outcome.reasons == (ReasonCode.REASON_REQUIRED,)


def test_a_counter_offer_closes_the_request_as_countered_and_records_the_proposal() -> None:
    offer = CounterOffer((LineCounter("L1", discount_pct=d(15)),), note="15 % and we sign")

    outcome = decide(submitted(), Decision("mgr", COUNTER, "MGR", counter_offer=offer), NOW)

    assert outcome.status is RequestStatus.COUNTERED
    assert outcome.counter_offer == offer
    assert outcome.recorded is not None and outcome.recorded.decision.counter_offer == offer


def test_a_counter_offer_without_a_proposal_is_refused() -> None:
    outcome = decide(submitted(), Decision("mgr", COUNTER, "MGR"), NOW)

    assert outcome.reasons == (ReasonCode.COUNTER_OFFER_INVALID,)


def test_a_proposal_attached_to_an_approval_is_refused() -> None:
    offer = CounterOffer(total_discount_pct=d(10))

    outcome = decide(submitted(), Decision("mgr", APPROVE, "MGR", counter_offer=offer), NOW)

    assert outcome.reasons == (ReasonCode.COUNTER_OFFER_INVALID,)


def test_a_foreign_approver_is_refused() -> None:
    outcome = decide(submitted(), Decision("legal1", APPROVE, "MGR"), NOW)

    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)


def test_the_quote_owner_cannot_approve_their_own_quote() -> None:
    outcome = decide(submitted(), Decision("rep", APPROVE, "MGR"), NOW)

    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)


def test_deciding_a_later_level_before_earlier_ones_is_refused() -> None:
    outcome = decide(submitted(), Decision("legal1", APPROVE, "LEGAL"), NOW)

    assert outcome.reasons == (ReasonCode.LEVEL_NOT_ACTIVE,)


def test_deciding_a_completed_any_step_is_refused() -> None:
    directory = org(delegations=(DelegationFact("mgr", "vp", NOW - DAY, NOW + DAY),))
    state = apply(submitted(directory=directory), Decision("mgr", APPROVE, "MGR"))

    outcome = decide(state, Decision("vp", REJECT, "MGR", reason="no"), NOW, directory)

    assert outcome.reasons == (ReasonCode.STEP_ALREADY_DECIDED,)


def test_deciding_a_step_of_a_finished_level_is_refused() -> None:
    state = apply(submitted(), *LEVEL_1_APPROVALS)

    outcome = decide(state, Decision("fin1", APPROVE, "FIN"), NOW)

    assert outcome.reasons == (ReasonCode.STEP_ALREADY_DECIDED,)


def test_an_all_approver_cannot_approve_twice() -> None:
    state = apply(submitted(), Decision("fin1", APPROVE, "FIN"))

    outcome = decide(state, Decision("fin1", APPROVE, "FIN"), NOW)

    assert outcome.reasons == (ReasonCode.APPROVER_ALREADY_DECIDED,)


def test_an_unknown_step_is_refused() -> None:
    assert decide(submitted(), Decision("mgr", APPROVE, "NOPE"), NOW).reasons == (
        ReasonCode.STEP_NOT_FOUND,
    )


def test_a_closed_request_takes_no_more_decisions() -> None:
    state = apply(submitted(), Decision("mgr", REJECT, "MGR", reason="no"))

    outcome = decide(state, Decision("fin1", APPROVE, "FIN"), NOW)

    assert (outcome.accepted, outcome.status, outcome.reasons) == (
        False,
        RequestStatus.REJECTED,
        (ReasonCode.REQUEST_NOT_PENDING,),
    )


def test_an_auto_approved_request_is_not_pending() -> None:
    state = RequestState(build_plan(quote(), RULES, org(), NOW), quote(), NOW)

    outcome = decide(state, Decision("mgr", APPROVE, "MGR"), NOW)

    assert outcome.reasons == (ReasonCode.REQUEST_NOT_PENDING,)
    assert outcome.status is RequestStatus.APPROVED


def test_a_refused_decision_leaves_the_state_unchanged() -> None:
    state = submitted()

    outcome = decide(state, Decision("legal1", APPROVE, "MGR"), NOW)

    assert outcome.state is state
    assert outcome.recorded is None


def test_a_delegate_decides_for_the_absent_approver_and_is_recorded_as_such() -> None:
    directory = org(delegations=(DelegationFact("mgr", "desk", NOW - DAY, NOW + DAY),))
    state = submitted((RULES[0],), directory)

    outcome = decide(state, Decision("desk", APPROVE, "MGR"), NOW, directory)

    assert outcome.status is RequestStatus.APPROVED
    assert outcome.recorded is not None
    assert (outcome.recorded.seat_user_id, outcome.recorded.delegated) == ("mgr", True)


def test_a_delegate_fills_the_absent_approvers_seat_on_an_all_step() -> None:
    directory = org(delegations=(DelegationFact("fin2", "fin1", NOW - DAY, NOW + DAY),))
    state = submitted((RULES[1],), directory)

    own = decide(state, Decision("fin1", APPROVE, "FIN"), NOW, directory)
    for_fin2 = decide(
        own.state, Decision("fin1", APPROVE, "FIN", on_behalf_of="fin2"), NOW, directory
    )

    assert own.status is RequestStatus.PENDING
    assert for_fin2.status is RequestStatus.APPROVED


def test_acting_on_behalf_of_someone_who_did_not_delegate_is_refused() -> None:
    state = submitted((RULES[1],))

    outcome = decide(state, Decision("fin1", APPROVE, "FIN", on_behalf_of="fin2"), NOW)

    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)


def test_a_step_without_approvers_blocks_its_level() -> None:
    state = submitted((rule("X", LineDiscountAbove(d(10)), approver=ManagerApprover(9)),))

    outcome = decide(state, Decision("mgr", APPROVE, "X"), NOW)

    assert outcome.reasons == (ReasonCode.NOT_AN_APPROVER,)
    assert state.plan.issues == (ReasonCode.APPROVER_UNRESOLVED,)
