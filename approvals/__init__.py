"""DealDesk approvals: a pure rule engine for who must approve a quote.

Inputs are value objects the resolver builds (quote facts, rules, the
directory, the request state) and "now" is always an argument; outputs are
frozen dataclasses that explain themselves (which rule, which condition,
observed value against threshold). Refusals are :class:`ReasonCode` values
in the results, never exceptions. Nothing here does I/O.

Entry points:

* :func:`build_plan` - the approval plan for a quote (empty = auto-approved);
* :func:`decide` - apply an approver's decision to a request;
* :func:`accept_counter_offer` - the rep takes an approver's proposal;
* :func:`reapproval_needed` - whether an edit still fits the approval;
* :func:`escalations` - steps pending past their SLA;
* :func:`awaited_by` - who is told a request awaits them;
* :func:`awaiting`, :func:`steps_to_decide`, :func:`represented`, :func:`may_see` - who may act for
  a seat at a given moment (delegation is decided when the delegate acts).
"""

from approvals.acting import (
    awaited_by,
    awaiting,
    awaiting_as,
    may_fill,
    may_see,
    represented,
    standing_in,
    steps_to_decide,
)
from approvals.conditions import (
    BreachCodeIn,
    Condition,
    ConditionHit,
    ConditionKind,
    DealSizeAbove,
    Dimension,
    FamilyIn,
    LineDiscountAbove,
    MarginBelow,
    NetBelowFloor,
    NonStandardClauses,
    ProductIn,
    SegmentIn,
    TotalDiscountAbove,
)
from approvals.counter_acceptance import (
    CounterAcceptance,
    DiscountTargets,
    LineTarget,
    accept_counter_offer,
)
from approvals.counter_offer import CounterOffer, LineCounter
from approvals.decisions import DecisionOutcome, decide
from approvals.directory import DelegationFact, Directory, UserFact
from approvals.envelope import ApprovedEnvelope, LineBound, envelope_from
from approvals.escalation import Escalation, Sla, escalations, with_escalation
from approvals.facts import LineFacts, QuoteFacts
from approvals.plan import ApprovalPlan, PlanApprover, PlanLevel, PlanStep
from approvals.planner import build_plan
from approvals.reapproval import Exceedance, ExceedanceKind, ReapprovalResult, reapproval_needed
from approvals.reasons import ReasonCode
from approvals.rules import ApprovalMode, ManagerApprover, RoleApprover, Rule, UserApprover
from approvals.state import (
    Decision,
    DecisionKind,
    Progress,
    RecordedDecision,
    RequestState,
    RequestStatus,
    progress,
)

__all__ = [
    "ApprovalMode",
    "ApprovalPlan",
    "ApprovedEnvelope",
    "BreachCodeIn",
    "Condition",
    "ConditionHit",
    "ConditionKind",
    "CounterAcceptance",
    "CounterOffer",
    "DealSizeAbove",
    "Decision",
    "DecisionKind",
    "DecisionOutcome",
    "DelegationFact",
    "Dimension",
    "Directory",
    "DiscountTargets",
    "Escalation",
    "Exceedance",
    "ExceedanceKind",
    "FamilyIn",
    "LineBound",
    "LineCounter",
    "LineDiscountAbove",
    "LineFacts",
    "LineTarget",
    "ManagerApprover",
    "MarginBelow",
    "NetBelowFloor",
    "NonStandardClauses",
    "PlanApprover",
    "PlanLevel",
    "PlanStep",
    "ProductIn",
    "Progress",
    "QuoteFacts",
    "ReapprovalResult",
    "ReasonCode",
    "RecordedDecision",
    "RequestState",
    "RequestStatus",
    "RoleApprover",
    "Rule",
    "SegmentIn",
    "Sla",
    "TotalDiscountAbove",
    "UserApprover",
    "UserFact",
    "accept_counter_offer",
    "awaited_by",
    "awaiting",
    "awaiting_as",
    "build_plan",
    "decide",
    "envelope_from",
    "escalations",
    "may_fill",
    "may_see",
    "progress",
    "reapproval_needed",
    "represented",
    "standing_in",
    "steps_to_decide",
    "with_escalation",
]
