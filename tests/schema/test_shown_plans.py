"""``shown_plan`` keeps a stored plan's shown form by everything it depends on: the same
inputs give the kept objects, which equal a fresh build; a new decision, another delegate
or another currency builds again; without the stored text nothing is kept."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

import approvals as engine
from approvals.conditions import ConditionHit, ConditionKind, Dimension
from approvals.counter_offer import CounterOffer
from approvals.plan import PlanApprover, PlanLevel, PlanStep
from approvals.rules import ApprovalMode
from approvals.state import Decision, DecisionKind, RecordedDecision
from db.codec.approvals import decode_text, encode
from schema.types import approval_plan
from schema.types.approval_plan import ApprovalPlan, shown_plan

STEP = PlanStep(
    step_id="7",
    rule_id="7",
    rule_name="Deep discount",
    level=1,
    mode=ApprovalMode.ALL,
    approver_source="MANAGER+1",
    approvers=(PlanApprover(user_id="2"), PlanApprover(user_id="3", delegates=("4",))),
    hits=(
        ConditionHit(
            ConditionKind.LINE_DISCOUNT_ABOVE,
            Dimension.LINE_DISCOUNT,
            Decimal("22.5"),
            Decimal(20),
            "L1",
        ),
        ConditionHit(
            ConditionKind.DEAL_SIZE_ABOVE, Dimension.DEAL_SIZE, Decimal("12000.1"), Decimal(10000)
        ),
    ),
    dimensions=(Dimension.LINE_DISCOUNT,),
)
PLAN = engine.ApprovalPlan(quote_id="9", levels=(PlanLevel(1, "Manager", (STEP,)),))
TEXT = json.dumps(encode(PLAN))
AT = datetime(2026, 3, 1, tzinfo=UTC)


def _decision(seat: str, counter: CounterOffer | None = None) -> RecordedDecision:
    kind = DecisionKind.APPROVE if counter is None else DecisionKind.COUNTER_OFFER
    return RecordedDecision(Decision(seat, kind, "7", counter_offer=counter), seat, False, 1, AT)


def test_the_text_decodes_to_the_plan() -> None:
    assert decode_text(engine.ApprovalPlan, TEXT) == PLAN


def test_kept_plans_equal_fresh_builds_and_are_reused() -> None:
    approval_plan._shown_plans.clear()
    delegates = {"3": ("5",)}
    for decisions in ((), (_decision("2"),), (_decision("3", CounterOffer(note="less")),)):
        for currency in ("USD", "JPY"):
            fresh = ApprovalPlan.from_engine(PLAN, decisions, delegates, currency=currency)
            kept = shown_plan(TEXT, PLAN, decisions, delegates, currency)
            assert kept == fresh
            assert shown_plan(TEXT, PLAN, decisions, dict(delegates), currency) is kept
    assert len(approval_plan._shown_plans) == 6
    seats = shown_plan(TEXT, PLAN, (_decision("2"),), delegates, "USD").levels[0].steps[0].seats
    assert [s.decided for s in seats] == [True, False]
    assert seats[1].delegate_ids == [5]
    other = shown_plan(TEXT, PLAN, (), {"3": ("6",)}, "USD")
    assert other.levels[0].steps[0].seats[1].delegate_ids == [6]
    reasons = shown_plan(TEXT, PLAN, (), delegates, "JPY").levels[0].steps[0].reasons
    assert [(r.observed, r.threshold) for r in reasons] == [
        ("22.50", "20.00"),
        ("12000.1", "10000"),
    ]


def test_without_the_text_nothing_is_kept() -> None:
    approval_plan._shown_plans.clear()
    first = shown_plan(None, PLAN, (), {}, "USD")
    assert first == ApprovalPlan.from_engine(PLAN, (), {}, currency="USD")
    assert shown_plan(None, PLAN, (), {}, "USD") is not first
    assert approval_plan._shown_plans == {}


def test_the_oldest_goes_first_past_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    approval_plan._shown_plans.clear()
    monkeypatch.setattr(approval_plan, "SHOWN_PLANS_KEPT", 2)
    first = shown_plan(TEXT, PLAN, (), {}, "USD")
    shown_plan(TEXT, PLAN, (), {}, "EUR")
    shown_plan(TEXT, PLAN, (), {}, "JPY")
    assert len(approval_plan._shown_plans) == 2
    assert shown_plan(TEXT, PLAN, (), {}, "USD") is not first
    approval_plan._shown_plans.clear()
