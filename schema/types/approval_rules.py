"""An approval rule as OPS reads it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay

from db.models.approvals import ApprovalRule as RuleRow
from schema.permissions import viewer_of


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

    @classmethod
    async def resolve_nodes(
        cls, *, info: strawberry.Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Any]:
        if viewer_of(info) is None:
            return [None for _ in node_ids]
        rows = await info.context.loaders.approval_rule_by_id.load_many([int(i) for i in node_ids])
        return [cls.from_row(r) if r else None for r in rows]
