"""Building the approval plan for a priced quote.

``build_plan`` is the one entry point the resolver calls before submission
(to show the rep what will happen) and at submission (to open the request).
It is deterministic: rules are visited in (level, rule id) order and hits in
line-id order, so neither the order OPS listed rules in nor the order of the
quote's lines can change the plan.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from approvals.directory import Directory, index_users
from approvals.facts import QuoteFacts
from approvals.plan import ApprovalPlan, PlanLevel, PlanStep
from approvals.resolution import resolve_approvers
from approvals.rules import Rule, rule_hits


def owner_authority(facts: QuoteFacts, directory: Directory) -> Decimal:
    """The discount the quote owner may give without approval.

    An unknown or inactive owner has no authority, so every discount rule
    applies at its own threshold.
    """
    owner = index_users(directory).get(facts.owner_id)
    if owner is None or not owner.active:
        return Decimal(0)
    return owner.discount_authority_pct


def build_plan(
    facts: QuoteFacts, rules: Iterable[Rule], directory: Directory, now: datetime
) -> ApprovalPlan:
    """The full approval plan for ``facts``; an empty plan means auto-approved.

    Every rule whose conditions all hold becomes one step at its level. A
    discount within the owner's own authority never triggers a discount
    condition. Approvers are resolved against ``directory`` with the
    delegations in force at ``now``; a step nobody can fill keeps its place
    and carries ``APPROVER_UNRESOLVED``.
    """
    users = index_users(directory)
    authority = owner_authority(facts, directory)
    steps: list[PlanStep] = []
    names: dict[int, str] = {}
    for rule in sorted(rules, key=lambda r: (r.level, r.rule_id)):
        hits = rule_hits(rule, facts, authority)
        if hits is None:
            continue
        resolution = resolve_approvers(rule.approver, facts.owner_id, users, directory, now)
        steps.append(
            PlanStep(
                step_id=rule.rule_id,
                rule_id=rule.rule_id,
                rule_name=rule.name,
                level=rule.level,
                mode=rule.mode,
                approver_source=rule.approver.describe(),
                approvers=resolution.approvers,
                hits=hits,
                dimensions=tuple(sorted(rule.dimensions)),
                issues=resolution.issues,
            )
        )
        # Rules of one level may spell its name differently; the smallest
        # name wins so the choice never depends on rule order.
        known = names.get(rule.level)
        names[rule.level] = rule.level_name if known is None else min(known, rule.level_name)
    levels = tuple(
        PlanLevel(level, names[level], tuple(s for s in steps if s.level == level))
        for level in sorted(names)
    )
    return ApprovalPlan(facts.quote_id, levels)
