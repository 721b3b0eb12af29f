"""An approval rule as OPS reads it."""

from __future__ import annotations


import strawberry

from schema.nodes import nodes_via
from strawberry import relay

from db.models.approvals import ApprovalRule as RuleRow


@strawberry.type(name="ApprovalRule", description="Conditions over a priced quote, and who approves at which level.")
class ApprovalRuleType(relay.Node):
    id: relay.NodeID[int]
    name: str
    level: int
    level_name: str
    conditions: strawberry.scalars.JSON
    approver: strawberry.scalars.JSON
    mode: str
    sla_hours: int | None
    escalate_up: bool
    active: bool
    version: int

    @classmethod
    def from_row(cls, row: RuleRow) -> ApprovalRuleType:
        return cls(
            id=row.id,
            name=row.name,
            level=row.level,
            level_name=row.level_name,
            conditions=row.conditions,
            approver=row.approver,
            mode=row.mode,
            sla_hours=row.sla_hours,
            escalate_up=row.escalate_up,
            active=row.active,
            version=row.version,
        )


    resolve_nodes = nodes_via("approval_rule_by_id")