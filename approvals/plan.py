"""The approval plan: levels in sequence, steps in parallel, approvers per step.

A plan is what the rep sees before submitting and what the request walks
through afterwards. Each step is one triggered rule and carries the hits
that explain it, the approvers it resolved to, and any reason code (such as
``APPROVER_UNRESOLVED``) that would block it. An empty plan means the quote
is approved as it stands.
"""

from __future__ import annotations

from dataclasses import dataclass

from approvals.conditions import ConditionHit, Dimension
from approvals.reasons import ReasonCode
from approvals.rules import ApprovalMode


@dataclass(frozen=True, slots=True)
class PlanApprover:
    """One approver seat on a step.

    ``user_id`` is who the rule resolved to. ``delegates`` records who was
    standing in for them when the plan was built (shown before submitting);
    it grants nothing: whether a delegate may act is decided when they act,
    against the delegations in force then (see ``approvals.acting``).
    ``escalated_to`` are managers the step was escalated to past its SLA;
    they may decide for the seat from then on. The decision records who acted.
    """

    user_id: str
    delegates: tuple[str, ...] = ()
    escalated_to: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlanStep:
    """One triggered rule and who must approve it.

    ``step_id`` equals the rule id. ``approver_source`` says how the
    approvers were found (``ROLE:FINANCE``, ``MANAGER+2``, ``USER:u-1``).
    ``dimensions`` are those the rule reads, kept for smart re-approval.
    A step with ``issues`` (no approvers) cannot complete.
    """

    step_id: str
    rule_id: str
    rule_name: str
    level: int
    mode: ApprovalMode
    approver_source: str
    approvers: tuple[PlanApprover, ...]
    hits: tuple[ConditionHit, ...]
    dimensions: tuple[Dimension, ...]
    issues: tuple[ReasonCode, ...] = ()

    def seat_of(self, user_id: str) -> PlanApprover | None:
        """The seat whose own approver is ``user_id``, if any."""
        return next((seat for seat in self.approvers if seat.user_id == user_id), None)


@dataclass(frozen=True, slots=True)
class PlanLevel:
    """Steps that run in parallel; the level completes when all of them do."""

    level: int
    name: str
    steps: tuple[PlanStep, ...]


@dataclass(frozen=True, slots=True)
class ApprovalPlan:
    """The full plan for one quote, levels in the order they run."""

    quote_id: str
    levels: tuple[PlanLevel, ...] = ()

    @property
    def auto_approved(self) -> bool:
        """No rule applies: the quote needs nobody's approval."""
        return not self.levels

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        """Every step, level by level."""
        return tuple(step for level in self.levels for step in level.steps)

    @property
    def issues(self) -> tuple[ReasonCode, ...]:
        """Distinct reason codes that block the plan, in first-seen order."""
        return tuple(dict.fromkeys(code for step in self.steps for code in step.issues))

    @property
    def submittable(self) -> bool:
        """Whether every step has someone who can decide it."""
        return not self.issues

    def step(self, step_id: str) -> PlanStep | None:
        """The step with ``step_id``, or ``None``."""
        return next((step for step in self.steps if step.step_id == step_id), None)

    def only_steps(self, step_ids: frozenset[str]) -> ApprovalPlan:
        """The same plan reduced to ``step_ids``; levels left empty disappear."""
        levels = []
        for level in self.levels:
            kept = tuple(step for step in level.steps if step.step_id in step_ids)
            if kept:
                levels.append(PlanLevel(level.level, level.name, kept))
        return ApprovalPlan(self.quote_id, tuple(levels))
