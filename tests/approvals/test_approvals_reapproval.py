"""Smart re-approval: edits inside the approval stay approved, others re-run what they touch."""

from approvals_builders import DAY, NOW, d, line, org, quote, rule

from approvals import (
    ApprovalPlan,
    DealSizeAbove,
    Dimension,
    ExceedanceKind,
    LineDiscountAbove,
    NetBelowFloor,
    NonStandardClauses,
    ProductIn,
    QuoteFacts,
    RoleApprover,
    TotalDiscountAbove,
    build_plan,
    envelope_from,
    reapproval_needed,
)
from approvals.envelope import ApprovedEnvelope
from approvals.reapproval import ReapprovalResult
from approvals.rules import Rule

RULES = (
    rule("MGR-DISC", LineDiscountAbove(d(10)), level=1, level_name="Manager"),
    rule("FIN-DEAL", DealSizeAbove(d(5000), "USD"), level=2, approver=RoleApprover("FINANCE")),
    rule("LEGAL", NonStandardClauses(), level=3, approver=RoleApprover("LEGAL")),
)
L2 = line("L2", discount="15", net="85", qty="5")
APPROVED = quote(
    line("L1", discount="20", net="80", qty="10"), L2, total_net="6000", total_discount="18"
)


def with_l1(
    *, discount: str, net: str, qty: str, total_net: str, total_discount: str = "18"
) -> QuoteFacts:
    """The approved quote with its first line `L1` edited (`L2` unchanged)."""
    return quote(
        line("L1", discount=discount, net=net, qty=qty),
        L2,
        total_net=total_net,
        total_discount=total_discount,
    )


def envelope_of(facts: QuoteFacts = APPROVED, rules: tuple[Rule, ...] = RULES) -> ApprovedEnvelope:
    plan: ApprovalPlan = build_plan(facts, rules, org(), NOW)
    return envelope_from(facts, plan, NOW)


def check(new: QuoteFacts, rules: tuple[Rule, ...] = RULES) -> ReapprovalResult:
    return reapproval_needed(envelope_of(rules=rules), new, rules, org(), NOW + DAY)


def test_an_unchanged_quote_needs_no_reapproval() -> None:
    result = check(APPROVED)

    assert not result.needed
    assert result.plan.auto_approved and result.exceeded == ()


def test_lowering_a_discount_needs_no_reapproval() -> None:
    edited = with_l1(discount="12", net="88", qty="10", total_net="5800", total_discount="14")

    assert not check(edited).needed


def test_fewer_units_of_a_discounted_line_need_no_reapproval() -> None:
    edited = with_l1(discount="20", net="80", qty="4", total_net="5000")

    assert not check(edited).needed


def test_removing_a_line_needs_no_reapproval() -> None:
    edited = quote(
        line("L1", discount="20", net="80", qty="10"), total_net="5500", total_discount="18"
    )

    assert not check(edited).needed


def test_raising_a_discount_beyond_the_approved_one_reruns_only_the_discount_level() -> None:
    edited = with_l1(discount="25", net="75", qty="10", total_net="5900")

    result = check(edited)

    assert result.needed
    assert result.restart_levels == (1,)
    assert [s.step_id for s in result.plan.steps] == ["MGR-DISC"]
    (why,) = result.exceeded
    assert (why.kind, why.dimension, why.line_id, why.approved, why.observed) == (
        ExceedanceKind.BEYOND_APPROVED,
        Dimension.LINE_DISCOUNT,
        "L1",
        d(20),
        d(25),
    )


def test_more_units_of_a_discounted_line_rerun_the_discount_level() -> None:
    edited = with_l1(discount="20", net="80", qty="12", total_net="6000")

    assert check(edited).restart_levels == (1,)


def test_adding_a_discounted_line_reruns_the_discount_level() -> None:
    edited = quote(
        *APPROVED.lines, line("L3", discount="11"), total_net="6000", total_discount="18"
    )

    result = check(edited)

    assert result.restart_levels == (1,)
    assert [e.line_id for e in result.exceeded] == ["L3"]


def test_adding_non_standard_clauses_reruns_only_the_legal_level() -> None:
    edited = quote(*APPROVED.lines, total_net="6000", total_discount="18", non_standard=True)

    result = check(edited)

    assert result.restart_levels == (3,)
    assert result.exceeded[0].kind is ExceedanceKind.RULE_NOT_APPROVED


def test_changing_approved_non_standard_clauses_reruns_legal() -> None:
    approved = quote(*APPROVED.lines, non_standard=True, clauses_hash="v1")
    rules = RULES
    envelope = envelope_of(approved, rules)
    same = quote(*APPROVED.lines, non_standard=True, clauses_hash="v1")
    changed = quote(*APPROVED.lines, non_standard=True, clauses_hash="v2")

    assert not reapproval_needed(envelope, same, rules, org(), NOW).needed
    result = reapproval_needed(envelope, changed, rules, org(), NOW)
    assert result.restart_levels == (3,)
    assert result.exceeded[0].dimension is Dimension.CLAUSES


def test_a_bigger_deal_reruns_only_the_deal_size_level() -> None:
    edited = quote(*APPROVED.lines, total_net="9000", total_discount="18")

    result = check(edited)

    assert result.restart_levels == (2,)
    assert result.exceeded[0].approved == d(6000)


def test_raising_a_discount_within_the_reps_authority_needs_nothing() -> None:
    rules = (rule("TOTAL", TotalDiscountAbove(d(10))),)
    approved = quote(total_discount="3")
    envelope = envelope_of(approved, rules)

    result = reapproval_needed(envelope, quote(total_discount="9"), rules, org(), NOW)

    assert not result.needed


def test_a_rule_added_after_approval_must_be_approved() -> None:
    rules = (*RULES, rule("NEW", ProductIn(("P-CRM",)), level=4, approver=RoleApprover("FINANCE")))

    result = reapproval_needed(envelope_of(), APPROVED, rules, org(), NOW)

    assert result.restart_levels == (4,)
    assert result.exceeded[0].kind is ExceedanceKind.RULE_NOT_APPROVED


def test_another_line_of_an_approved_product_is_covered_for_the_product_rule() -> None:
    rules = (rule("PROD", ProductIn(("P-CRM",)), approver=RoleApprover("FINANCE")),)
    approved = quote(line("L1"))
    envelope = envelope_of(approved, rules)

    result = reapproval_needed(envelope, quote(line("L1"), line("L2")), rules, org(), NOW)

    assert not result.needed


def test_a_lower_price_below_floor_reruns_the_floor_rule() -> None:
    rules = (rule("FLOOR", NetBelowFloor()),)
    approved = quote(line("L1", net="80", floor="90"))
    envelope = envelope_of(approved, rules)
    higher = quote(line("L1", net="85", floor="90"))
    lower = quote(line("L1", net="70", floor="90"))

    assert not reapproval_needed(envelope, higher, rules, org(), NOW).needed
    assert reapproval_needed(envelope, lower, rules, org(), NOW).exceeded[0].approved == d(80)
