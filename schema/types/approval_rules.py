"""An approval rule as OPS reads it."""

from __future__ import annotations

import dataclasses
import enum
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

import approvals as engine
from db.codec.approvals import decode
from db.models.approvals import ApprovalRule as RuleRow
from schema.nodes import nodes_via
from schema.rows import from_attrs


def plain(value: Any) -> Any:
    """An engine value in the plain JSON ``conditions``/``approver`` have always shown
    (decimals as strings, enums as values, ``@type`` naming a condition), whatever
    the storage format: the API does not change with the codec."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        shown = {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {**shown, "@type": type(value).__name__}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset)):
        return [plain(v) for v in value]
    return value


@strawberry.type(
    name="ApprovalRule",
    description="Conditions over a priced quote, and who approves at which level.",
)
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
    version: int = strawberry.field(description="Send back on update; a stale one is a CONFLICT.")

    @classmethod
    def from_row(cls, row: RuleRow) -> ApprovalRuleType:
        return from_attrs(
            cls,
            row,
            conditions=[plain(decode(engine.Condition, c)) for c in row.conditions],
            approver=plain(decode(engine.rules.ApproverSpec, row.approver)),
        )

    resolve_nodes = nodes_via("approval_rule_by_id")
