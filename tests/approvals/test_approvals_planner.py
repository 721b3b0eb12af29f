"""The approval plan: levels in order, steps in parallel, and why each is needed."""

from approvals_builders import DAY, NOW, all_of_finance, d, line, org, quote, rule

from approvals import (
    ApprovalMode,
    ConditionKind,
    DealSizeAbove,
    DelegationFact,
    LineDiscountAbove,
    ManagerApprover,
    NonStandardClauses,
    PlanApprover,
    ReasonCode,
    RoleApprover,
    TotalDiscountAbove,
    UserFact,
    build_plan,
)

RULES = (
    rule("MGR-DISC", LineDiscountAbove(d(10)), level=1, level_name="Manager"),
    rule(
        "VP-DISC",
        LineDiscountAbove(d(25)),
        level=2,
        level_name="VP",
        approver=ManagerApprover(2),
    ),
    all_of_finance("FIN-BIG", DealSizeAbove(d(100000), "USD"), level=3, level_name="Finance"),
    rule(
        "LEGAL",
        NonStandardClauses(),
        level=4,
        level_name="Legal",
        approver=RoleApprover("LEGAL"),
    ),
)


def test_a_quote_within_authority_matching_no_rule_is_auto_approved() -> None:
    plan = build_plan(quote(line(discount="8")), RULES, org(), NOW)

    assert plan.auto_approved
    assert plan.levels == ()


def test_a_discount_beyond_the_manager_threshold_needs_the_manager_only() -> None:
    plan = build_plan(quote(line(discount="15")), RULES, org(), NOW)

    assert [(lv.level, lv.name) for lv in plan.levels] == [(1, "Manager")]
    (step,) = plan.levels[0].steps
    assert step.rule_id == "MGR-DISC"
    assert step.approvers == (PlanApprover("mgr"),)
    assert step.approver_source == "MANAGER+1"


def test_the_plan_says_which_rule_which_condition_and_observed_against_threshold() -> None:
    plan = build_plan(quote(line("L7", discount="15")), RULES, org(), NOW)

    (hit,) = plan.steps[0].hits
    assert (hit.kind, hit.line_id, hit.observed, hit.threshold) == (
        ConditionKind.LINE_DISCOUNT_ABOVE,
        "L7",
        d(15),
        d(10),
    )


def test_levels_run_in_order_manager_vp_finance_legal() -> None:
    facts = quote(line(discount="30"), total_net="250000", non_standard=True)

    plan = build_plan(facts, RULES, org(), NOW)

    assert [lv.name for lv in plan.levels] == ["Manager", "VP", "Finance", "Legal"]
    assert plan.step("VP-DISC").approvers == (PlanApprover("vp"),)  # type: ignore[union-attr]
    finance = plan.step("FIN-BIG")
    assert finance is not None and finance.mode is ApprovalMode.ALL
    assert [a.user_id for a in finance.approvers] == ["fin1", "fin2"]


def test_rules_of_one_level_become_parallel_steps_in_rule_id_order() -> None:
    rules = (
        rule("B-TOTAL", TotalDiscountAbove(d(10)), level=1),
        rule("A-LINE", LineDiscountAbove(d(10)), level=1, approver=RoleApprover("DEAL_DESK")),
    )

    plan = build_plan(quote(line(discount="20"), total_discount="20"), rules, org(), NOW)

    (level,) = plan.levels
    assert [s.step_id for s in level.steps] == ["A-LINE", "B-TOTAL"]


def test_an_unfillable_approver_stays_in_the_plan_as_approver_unresolved() -> None:
    rules = (rule("TOO-HIGH", LineDiscountAbove(d(10)), approver=ManagerApprover(9)),)

    plan = build_plan(quote(line(discount="20")), rules, org(), NOW)

    assert plan.steps[0].issues == (ReasonCode.APPROVER_UNRESOLVED,)
    assert plan.issues == (ReasonCode.APPROVER_UNRESOLVED,)
    assert not plan.submittable


def test_an_inactive_owner_has_no_discount_authority() -> None:
    directory = org(UserFact("rep", ("REP",), "mgr", False, d(10)))

    plan = build_plan(
        quote(line(discount="8")), (rule("R", LineDiscountAbove(d(5))),), directory, NOW
    )

    assert [s.step_id for s in plan.steps] == ["R"]


def test_delegation_active_at_plan_time_is_recorded_on_the_seat() -> None:
    away = DelegationFact("mgr", "desk", NOW - DAY, NOW + DAY)

    plan = build_plan(quote(line(discount="15")), RULES, org(delegations=(away,)), NOW)

    assert plan.steps[0].approvers == (PlanApprover("mgr", ("desk",)),)


def test_a_level_name_spelt_differently_by_two_rules_is_chosen_deterministically() -> None:
    rules = (
        rule("A", LineDiscountAbove(d(10)), level=1, level_name="Managers"),
        rule("B", TotalDiscountAbove(d(10)), level=1, level_name="Manager"),
    )

    plan = build_plan(quote(line(discount="20"), total_discount="20"), rules, org(), NOW)

    assert plan.levels[0].name == "Manager"
