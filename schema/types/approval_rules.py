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
from schema.types.approvals import ApprovalMode


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
    name: str = strawberry.field(description="The rule's name, shown on the steps it triggers.")
    level: int = strawberry.field(
        description="The approval level its steps join (1 runs first; a level starts when the"
        " one before it is complete)."
    )
    level_name: str = strawberry.field(description="The level's name to show, e.g. `Manager`.")
    conditions: strawberry.scalars.JSON = strawberry.field(
        description="What triggers the rule: a list of conditions that must all hold (an"
        " empty list applies to every quote). Each is an object"
        " with `@type` naming the condition (e.g. `LineDiscountAbove`) and its settings"
        ' in snake_case, decimals as strings (`{"@type": "LineDiscountAbove", "threshold_pct":'
        ' "20", "product_ids": [], "families": []}`).'
    )
    approver: strawberry.scalars.JSON = strawberry.field(
        description="Who approves: an object with `@type` `RoleApprover` (`role`),"
        " `ManagerApprover` (`levels_up`: 1 is the quote owner's manager) or `UserApprover`"
        " (`user_id`)."
    )
    mode: ApprovalMode = strawberry.field(  # type: ignore[valid-type]
        description="Whether one or every approver the rule names must approve."
    )
    sla_hours: int | None = strawberry.field(
        description="Hours the level may stay pending before its requests are overdue (the"
        " level keeps the shortest of its rules'); null for no limit."
    )
    escalate_up: bool = strawberry.field(
        description="Past the SLA, each pending approver's manager may decide in their place."
    )
    active: bool = strawberry.field(
        description="Only active rules apply to quotes submitted or previewed from now on."
    )
    version: int = strawberry.field(description="Send back on update; a stale one is a CONFLICT.")

    @classmethod
    def from_row(cls, row: RuleRow) -> ApprovalRuleType:
        return from_attrs(
            cls,
            row,
            conditions=[plain(decode(engine.Condition, c)) for c in row.conditions],
            approver=plain(decode(engine.rules.ApproverSpec, row.approver)),
            mode=engine.ApprovalMode(row.mode),
        )

    resolve_nodes = nodes_via("approval_rule_by_id")
