"""Invariants of the approvals engine, checked with hypothesis."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from approvals_builders import DAY, NOW, org, rule
from hypothesis import given, settings
from hypothesis import strategies as st

from approvals import (
    ApprovalMode,
    ApprovalPlan,
    BreachCodeIn,
    Condition,
    DealSizeAbove,
    Decision,
    DecisionKind,
    FamilyIn,
    LineDiscountAbove,
    LineFacts,
    ManagerApprover,
    MarginBelow,
    NetBelowFloor,
    NonStandardClauses,
    ProductIn,
    QuoteFacts,
    RequestState,
    RoleApprover,
    Rule,
    SegmentIn,
    TotalDiscountAbove,
    UserApprover,
    build_plan,
    decide,
    envelope_from,
    reapproval_needed,
)

DIRECTORY = org()
AUTHORITY = Decimal(10)
PRODUCTS = ("P-A", "P-B", "P-C")
FAMILIES = ("HW", "SW")
SEGMENTS = ("SMB", "MID", "ENT")
BREACHES = ("BELOW_FLOOR", "MAX_DISCOUNT", "STACKING")

pct = st.decimals(min_value=0, max_value=100, places=1)
money = st.decimals(min_value=0, max_value=100000, places=2)
qty = st.decimals(min_value=1, max_value=50, places=0)


@st.composite
def lines(draw: st.DrawFn) -> tuple[LineFacts, ...]:
    ids = draw(
        st.lists(st.sampled_from([f"L{i}" for i in range(8)]), min_size=1, max_size=5, unique=True)
    )
    return tuple(
        LineFacts(
            line_id=line_id,
            product_id=draw(st.sampled_from(PRODUCTS)),
            family=draw(st.sampled_from(FAMILIES)),
            discount_pct=draw(pct),
            net_unit_price=draw(money),
            floor_price=draw(st.none() | money),
            quantity=draw(qty),
        )
        for line_id in ids
    )


@st.composite
def quotes(draw: st.DrawFn) -> QuoteFacts:
    return QuoteFacts(
        quote_id="Q1",
        owner_id="rep",
        currency=draw(st.sampled_from(("USD", "EUR"))),
        total_net=draw(money),
        total_list=draw(money),
        total_discount_pct=draw(pct),
        margin_pct=draw(st.none() | st.decimals(min_value=-50, max_value=90, places=1)),
        segment=draw(st.sampled_from(SEGMENTS)),
        lines=draw(lines()),
        has_non_standard_clauses=draw(st.booleans()),
        clauses_hash=draw(st.sampled_from(("", "v1", "v2"))),
        breach_codes=tuple(draw(st.lists(st.sampled_from(BREACHES), unique=True, max_size=3))),
    )


discount_conditions: st.SearchStrategy[Condition] = st.one_of(
    st.builds(LineDiscountAbove, pct),
    st.builds(LineDiscountAbove, pct, families=st.just(("HW",))),
    st.builds(TotalDiscountAbove, pct),
)
any_condition: st.SearchStrategy[Condition] = st.one_of(
    discount_conditions,
    st.just(NetBelowFloor()),
    st.builds(MarginBelow, pct, when_unknown=st.booleans()),
    st.builds(DealSizeAbove, money, st.sampled_from(("USD", "EUR"))),
    st.just(NonStandardClauses()),
    st.builds(ProductIn, st.lists(st.sampled_from(PRODUCTS), min_size=1, unique=True).map(tuple)),
    st.builds(FamilyIn, st.lists(st.sampled_from(FAMILIES), min_size=1, unique=True).map(tuple)),
    st.builds(SegmentIn, st.lists(st.sampled_from(SEGMENTS), min_size=1, unique=True).map(tuple)),
    st.builds(
        BreachCodeIn, st.lists(st.sampled_from(BREACHES), min_size=1, unique=True).map(tuple)
    ),
)
approvers = st.one_of(
    st.builds(ManagerApprover, st.integers(min_value=1, max_value=5)),
    st.builds(RoleApprover, st.sampled_from(("FINANCE", "LEGAL", "VP", "NOBODY"))),
    st.builds(UserApprover, st.sampled_from(("desk", "cfo", "ghost"))),
)


def rule_sets(conditions: st.SearchStrategy[Condition]) -> st.SearchStrategy[tuple[Rule, ...]]:
    one = st.tuples(
        st.lists(conditions, min_size=1, max_size=3),
        st.integers(min_value=1, max_value=3),
        approvers,
        st.sampled_from(ApprovalMode),
    )
    return st.lists(one, max_size=6).map(
        lambda specs: tuple(
            rule(f"R{i}", *conds, level=level, approver=who, mode=mode)
            for i, (conds, level, who, mode) in enumerate(specs)
        )
    )


def step_keys(plan: ApprovalPlan) -> set[tuple[int, str]]:
    return {(step.level, step.step_id) for step in plan.steps}


@given(facts=quotes(), rules=rule_sets(any_condition), data=st.data())
def test_the_plan_is_deterministic_and_ignores_rule_and_line_order(
    facts: QuoteFacts, rules: tuple[Rule, ...], data: st.DataObject
) -> None:
    shuffled_rules = tuple(data.draw(st.permutations(rules)))
    shuffled_lines = dataclasses.replace(
        facts, lines=tuple(data.draw(st.permutations(facts.lines)))
    )

    plan = build_plan(facts, rules, DIRECTORY, NOW)

    assert plan == build_plan(facts, rules, DIRECTORY, NOW)
    assert plan == build_plan(shuffled_lines, shuffled_rules, DIRECTORY, NOW)


@given(facts=quotes(), rules=rule_sets(discount_conditions))
def test_a_quote_within_the_reps_authority_matching_no_rule_has_an_empty_plan(
    facts: QuoteFacts, rules: tuple[Rule, ...]
) -> None:
    within = dataclasses.replace(
        facts,
        total_discount_pct=min(facts.total_discount_pct, AUTHORITY),
        lines=tuple(
            dataclasses.replace(line, discount_pct=min(line.discount_pct, AUTHORITY))
            for line in facts.lines
        ),
    )

    assert build_plan(within, rules, DIRECTORY, NOW).auto_approved


@given(facts=quotes(), rules=rule_sets(any_condition), raise_by=pct, raise_total_by=pct)
def test_raising_a_discount_never_shrinks_the_plan(
    facts: QuoteFacts, rules: tuple[Rule, ...], raise_by: Decimal, raise_total_by: Decimal
) -> None:
    raised = dataclasses.replace(
        facts,
        total_discount_pct=facts.total_discount_pct + raise_total_by,
        lines=tuple(
            dataclasses.replace(line, discount_pct=line.discount_pct + raise_by)
            for line in facts.lines
        ),
    )

    before = build_plan(facts, rules, DIRECTORY, NOW)
    after = build_plan(raised, rules, DIRECTORY, NOW)

    assert step_keys(before) <= step_keys(after)


@st.composite
def within(draw: st.DrawFn, facts: QuoteFacts) -> QuoteFacts:
    """An edit of ``facts`` that concedes nothing beyond what was approved."""
    less = st.decimals(min_value=0, max_value=10, places=1)
    kept = draw(st.lists(st.sampled_from(facts.lines), unique_by=lambda x: x.line_id, max_size=5))
    edited_lines = tuple(
        dataclasses.replace(
            line,
            discount_pct=max(Decimal(0), line.discount_pct - draw(less)),
            net_unit_price=line.net_unit_price + draw(less),
            quantity=max(Decimal(1), line.quantity - draw(less).to_integral_value()),
        )
        for line in kept
    )
    margin = facts.margin_pct
    return dataclasses.replace(
        facts,
        lines=edited_lines,
        total_net=max(Decimal(0), facts.total_net - draw(less)),
        total_discount_pct=max(Decimal(0), facts.total_discount_pct - draw(less)),
        margin_pct=None if margin is None else margin + draw(less),
        breach_codes=tuple(draw(st.lists(st.sampled_from(facts.breach_codes), unique=True)))
        if facts.breach_codes
        else (),
    )


@given(facts=quotes(), rules=rule_sets(any_condition), data=st.data())
def test_staying_within_the_envelope_never_needs_reapproval(
    facts: QuoteFacts, rules: tuple[Rule, ...], data: st.DataObject
) -> None:
    envelope = envelope_from(facts, build_plan(facts, rules, DIRECTORY, NOW), NOW)
    edited = data.draw(within(facts))

    result = reapproval_needed(envelope, edited, rules, DIRECTORY, NOW + DAY)

    assert not result.needed, result.exceeded


@settings(max_examples=60)
@given(
    kinds=st.lists(
        st.sampled_from((DecisionKind.APPROVE, DecisionKind.REJECT)), min_size=2, max_size=2
    ),
    order=st.permutations(("fin1", "fin2")),
    parallel_step=st.booleans(),
)
def test_exactly_one_of_two_conflicting_decisions_on_an_any_step_succeeds(
    kinds: list[DecisionKind], order: list[str], parallel_step: bool
) -> None:
    facts = QuoteFacts("Q1", "rep", "USD", Decimal(1), Decimal(1), Decimal(50), None, "SMB")
    rules: tuple[Rule, ...] = (
        rule("FIN", TotalDiscountAbove(Decimal(20)), approver=RoleApprover("FINANCE")),
    )
    if parallel_step:  # another pending step keeps the request open after the first decision
        rules += (rule("DESK", TotalDiscountAbove(Decimal(20)), approver=UserApprover("desk")),)
    state = RequestState(build_plan(facts, rules, DIRECTORY, NOW), facts, NOW)

    accepted = 0
    for who, kind in zip(order, kinds, strict=True):
        outcome = decide(state, Decision(who, kind, "FIN", reason="conflict"), NOW)
        accepted += outcome.accepted
        state = outcome.state

    assert accepted == 1
