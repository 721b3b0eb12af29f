"""Escalation: steps pending past their level's SLA, and who is next up."""

from approvals_builders import DAY, HOUR, NOW, all_of_finance, d, line, org, quote, rule

from approvals import (
    Decision,
    DecisionKind,
    LineDiscountAbove,
    ReasonCode,
    RequestState,
    Sla,
    TotalDiscountAbove,
    UserFact,
    build_plan,
    decide,
    escalations,
    with_escalation,
)

RULES = (
    rule("MGR", LineDiscountAbove(d(10)), level=1),
    all_of_finance("FIN", TotalDiscountAbove(d(10)), level=2),
)
FACTS = quote(line(discount="20"), total_discount="20")
SLA = {1: Sla(DAY), 2: Sla(DAY, escalate_up=True)}


def submitted() -> RequestState:
    return RequestState(build_plan(FACTS, RULES, org(), NOW), FACTS, NOW)


def test_a_step_within_its_sla_is_not_escalated() -> None:
    assert escalations(submitted(), SLA, NOW + DAY) == ()


def test_a_step_pending_past_its_sla_is_flagged_with_how_late_it_is() -> None:
    (late,) = escalations(submitted(), SLA, NOW + DAY + HOUR)

    assert (late.level, late.step_id, late.pending_approvers) == (1, "MGR", ("mgr",))
    assert (late.pending_since, late.due_at, late.overdue_by) == (NOW, NOW + DAY, HOUR)
    assert late.escalate_to == ()


def test_the_sla_of_a_level_runs_from_when_that_level_started() -> None:
    started = NOW + 2 * DAY
    state = decide(submitted(), Decision("mgr", DecisionKind.APPROVE, "MGR"), started).state

    assert escalations(state, SLA, started + DAY) == ()
    (late,) = escalations(state, SLA, started + DAY + HOUR)
    assert (late.level, late.pending_since) == (2, started)


def test_escalation_up_names_the_managers_of_the_pending_approvers() -> None:
    state = decide(submitted(), Decision("mgr", DecisionKind.APPROVE, "MGR"), NOW).state
    state = decide(state, Decision("fin1", DecisionKind.APPROVE, "FIN"), NOW).state

    (late,) = escalations(state, SLA, NOW + 2 * DAY, org())

    assert late.pending_approvers == ("fin2",)
    assert late.escalate_to == ("cfo",)
    assert late.reasons == ()


def test_escalation_up_without_a_manager_is_escalation_target_unresolved() -> None:
    directory = org(UserFact("fin2", ("FINANCE",), None))
    state = decide(submitted(), Decision("mgr", DecisionKind.APPROVE, "MGR"), NOW).state

    (late,) = escalations(state, SLA, NOW + 2 * DAY, directory)

    assert late.escalate_to == ("cfo",)
    assert late.reasons == (ReasonCode.ESCALATION_TARGET_UNRESOLVED,)


def test_a_level_without_an_sla_never_escalates() -> None:
    assert escalations(submitted(), {2: Sla(HOUR)}, NOW + 30 * DAY) == ()


def test_a_closed_request_never_escalates() -> None:
    state = decide(submitted(), Decision("mgr", DecisionKind.REJECT, "MGR", reason="no"), NOW).state

    assert escalations(state, SLA, NOW + 30 * DAY) == ()


def test_an_escalation_adds_its_targets_to_the_pending_seats_of_its_step_only() -> None:
    state = decide(submitted(), Decision("mgr", DecisionKind.APPROVE, "MGR"), NOW).state
    state = decide(state, Decision("fin1", DecisionKind.APPROVE, "FIN"), NOW).state
    (late,) = escalations(state, SLA, NOW + 2 * DAY, org())

    plan = with_escalation(state.plan, late)

    seats = {a.user_id: a.escalated_to for step in plan.steps for a in step.approvers}
    assert seats == {"mgr": (), "fin1": (), "fin2": ("cfo",)}


def test_escalating_twice_names_each_target_once() -> None:
    state = decide(submitted(), Decision("mgr", DecisionKind.APPROVE, "MGR"), NOW).state
    (late,) = escalations(state, SLA, NOW + 2 * DAY, org())

    once = with_escalation(state.plan, late)

    assert with_escalation(once, late) == once


def test_an_escalated_seat_can_be_decided_by_its_target() -> None:
    state = decide(submitted(), Decision("mgr", DecisionKind.APPROVE, "MGR"), NOW).state
    state = decide(state, Decision("fin1", DecisionKind.APPROVE, "FIN"), NOW).state
    (late,) = escalations(state, SLA, NOW + 2 * DAY, org())
    escalated = RequestState(
        with_escalation(state.plan, late), state.facts, state.submitted_at, state.decisions
    )

    outcome = decide(escalated, Decision("cfo", DecisionKind.APPROVE, "FIN"), NOW + 2 * DAY, org())

    assert outcome.accepted
