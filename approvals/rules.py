"""Approval rules as OPS maintains them, and whether one applies to a quote.

A rule is: *when* all its conditions hold, *who* must approve (a role, the
rep's manager N levels up, or a named user), at *which* level, and whether
one of several approvers suffices (ANY) or every one must agree (ALL).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum, unique

from approvals.conditions import Condition, ConditionHit, Dimension
from approvals.facts import QuoteFacts


@unique
class ApprovalMode(StrEnum):
    """How the approvers of one step combine."""

    ANY = "ANY"
    ALL = "ALL"


@dataclass(frozen=True, slots=True)
class RoleApprover:
    """Every active user holding ``role`` (except the quote owner)."""

    role: str

    def describe(self) -> str:
        """A short label for the plan, e.g. ``ROLE:FINANCE``."""
        return f"ROLE:{self.role}"


@dataclass(frozen=True, slots=True)
class ManagerApprover:
    """The quote owner's manager, ``levels_up`` steps up (1 = direct manager)."""

    levels_up: int = 1

    def describe(self) -> str:
        """A short label for the plan, e.g. ``MANAGER+2``."""
        return f"MANAGER+{self.levels_up}"


@dataclass(frozen=True, slots=True)
class UserApprover:
    """One named user, e.g. the deal-desk lead."""

    user_id: str

    def describe(self) -> str:
        """A short label for the plan, e.g. ``USER:u-42``."""
        return f"USER:{self.user_id}"


#: Who a rule asks to approve.
ApproverSpec = RoleApprover | ManagerApprover | UserApprover


@dataclass(frozen=True, slots=True)
class Rule:
    """One approval rule.

    ``level`` orders the levels (lower runs first); ``level_name`` is what
    the rep sees ("Manager", "VP", "Finance", "Legal"). Conditions are
    combined with AND; a rule without conditions applies to every quote (for
    example "legal signs every deal"). Rule ids must be unique: a rule's id
    is its step id in the plan.
    """

    rule_id: str
    name: str
    level: int
    level_name: str
    conditions: tuple[Condition, ...]
    approver: ApproverSpec
    mode: ApprovalMode = ApprovalMode.ANY
    active: bool = True

    @property
    def dimensions(self) -> frozenset[Dimension]:
        """The quote dimensions this rule's conditions read."""
        return frozenset(condition.dimension for condition in self.conditions)


def rule_hits(
    rule: Rule, facts: QuoteFacts, authority_pct: Decimal
) -> tuple[ConditionHit, ...] | None:
    """The hits that make ``rule`` apply to ``facts``, or ``None`` when it does not.

    ``None`` and ``()`` differ on purpose: ``()`` is a rule without
    conditions, which applies with nothing to point at. Inactive rules never
    apply.
    """
    if not rule.active:
        return None
    found: list[ConditionHit] = []
    for condition in rule.conditions:
        hits = condition.hits(facts, authority_pct)
        if not hits:
            return None
        found.extend(hits)
    return tuple(found)
