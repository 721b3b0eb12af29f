"""Demo approval rules: manager → finance → legal, made through the approval-rule use case."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from approvals import ConditionKind as Kind
from db.actor import Actor
from db.models.users import Role
from db.queries.approvals import approval_rules
from services.approvals.rules import (
    ApproverCommand,
    ApproverKind,
    ConditionCommand,
    RuleCommand,
    create_approval_rule,
)

# level: its name, who approves, the SLA in hours, whether an overdue step escalates up
LEVELS = {
    1: ("Manager", ApproverCommand(ApproverKind.MANAGER, levels_up=1), 4, True),
    2: ("Finance", ApproverCommand(ApproverKind.ROLE, role=Role.FINANCE), 24, False),
    3: ("Legal", ApproverCommand(ApproverKind.ROLE, role=Role.ADMIN), 48, False),
}


def _rule(name: str, level: int, when: ConditionCommand) -> RuleCommand:
    level_name, approver, sla_hours, escalate_up = LEVELS[level]
    return RuleCommand(
        name, level, level_name, (when,), approver, sla_hours=sla_hours, escalate_up=escalate_up
    )


def _over(kind: Kind, percent: str) -> ConditionCommand:
    return ConditionCommand(kind, threshold_percent=Decimal(percent))


RULES = [
    _rule("Line discount above rep authority", 1, _over(Kind.LINE_DISCOUNT_ABOVE, "10")),
    _rule("Quote discount above rep authority", 1, _over(Kind.TOTAL_DISCOUNT_ABOVE, "10")),
    _rule("Price below floor", 1, ConditionCommand(Kind.NET_BELOW_FLOOR)),
    _rule("Deep discount", 2, _over(Kind.TOTAL_DISCOUNT_ABOVE, "25")),
    _rule("Low margin", 2, _over(Kind.MARGIN_BELOW, "20")),
    _rule(
        "Large deal",
        2,
        ConditionCommand(Kind.DEAL_SIZE_ABOVE, amount=Decimal(250_000), currency="USD"),
    ),
    _rule("Non-standard terms", 3, ConditionCommand(Kind.NON_STANDARD_CLAUSES)),
]


async def load_approval_rules(session: AsyncSession, actor: Actor, now: datetime) -> None:
    """The rules not there yet (by name)."""
    existing = {rule.name for rule in await approval_rules(session, include_inactive=True)}
    for rule in RULES:
        if rule.name not in existing:
            await create_approval_rule(session, actor, now, rule)
