"""An approval rule as OPS reads it: its conditions and approver typed as they are written
(``ApprovalRuleInput``), never untyped JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import strawberry
from strawberry import relay

import approvals as engine
from db.codec.approvals import decode
from db.models.approvals import ApprovalRule as RuleRow
from db.models.users import Role as RoleModel
from schema.decimals import written_percent
from schema.money import unit_precision
from schema.nodes import nodes_via
from schema.rows import from_attrs
from schema.scalars import CurrencyCode
from schema.types.approval_plan import ApprovalMode, ConditionKind, linked
from schema.types.user import Role, User


@strawberry.type(
    description="One condition of an approval rule, as `ApprovalConditionInput` writes it:"
    " `kind` says which of the other fields it reads; the rest are null or empty."
)
class ApprovalCondition:
    kind: ConditionKind  # type: ignore[valid-type]
    """What the condition tests."""
    threshold_percent: Decimal | None
    """LINE_DISCOUNT_ABOVE and TOTAL_DISCOUNT_ABOVE: the discount above which the rule applies;
    MARGIN_BELOW: the margin below which it applies. In percent, exactly 4 decimal places, as
    written ("20.0000" is 20 %); null for other kinds."""
    amount: Decimal | None
    """DEAL_SIZE_ABOVE: the total net above which the rule applies, in `currency`, with at least its
    minor units and at most 6 decimal places; null for other kinds."""
    currency: CurrencyCode | None
    """DEAL_SIZE_ABOVE: the currency of `amount` (quotes in other currencies never match); null for
    other kinds."""
    product_ids: list[relay.GlobalID]
    """PRODUCT_IN: the products that trigger it; LINE_DISCOUNT_ABOVE: the only products whose lines
    it looks at (empty: all). `Product` global IDs."""
    families: list[str]
    """FAMILY_IN: the product families that trigger it; LINE_DISCOUNT_ABOVE: the only families whose
    lines it looks at (empty: all)."""
    segments: list[str]
    """SEGMENT_IN: the account segments that trigger it (upper case)."""
    breach_codes: list[str]
    """BREACH_CODE_IN: the pricing guardrail breach codes that trigger it."""
    when_unknown: bool
    """MARGIN_BELOW: a quote whose margin is unknown (no costs) triggers it too; false for other
    kinds."""

    @classmethod
    def from_engine(cls, condition: engine.Condition) -> ApprovalCondition:
        threshold = getattr(condition, "threshold_pct", getattr(condition, "min_pct", None))
        amount: Decimal | None = getattr(condition, "amount", None)
        currency: str | None = getattr(condition, "currency", None)
        return cls(
            kind=condition.kind,
            threshold_percent=written_percent(threshold),
            amount=None if amount is None else unit_precision(amount, currency or ""),
            currency=None if currency is None else CurrencyCode(currency),
            product_ids=[
                relay.GlobalID("Product", p) for p in getattr(condition, "product_ids", ())
            ],
            families=list(getattr(condition, "families", ())),
            segments=list(getattr(condition, "segments", ())),
            breach_codes=list(getattr(condition, "codes", ())),
            when_unknown=getattr(condition, "when_unknown", False),
        )


@strawberry.type(
    name="ApprovalRoleApprover",
    description="Every active user holding `role` approves (except the quote's owner).",
)
class RoleApprover:
    role: Role  # type: ignore[valid-type]
    """The role whose holders approve."""


@strawberry.type(
    name="ApprovalManagerApprover",
    description="The quote owner's manager, some levels up the hierarchy, approves.",
)
class ManagerApprover:
    levels_up: int
    """How far up: 1 is the owner's direct manager, 2 that manager's manager (1 to 10)."""


@strawberry.type(name="ApprovalUserApprover", description="One named user approves.")
class UserApprover:
    user_id: strawberry.Private[int]

    user = linked("user_by_id", "user_id", User, "The user who approves.")


ApprovalApprover = Annotated[
    RoleApprover | ManagerApprover | UserApprover,
    strawberry.union(
        "ApprovalApprover",
        description="Who approves the steps a rule triggers, as `ApproverInput` writes it: one"
        " of a role, the owner's manager, or a user (switch on `__typename`).",
    ),
]


def approver_type(spec: engine.rules.ApproverSpec) -> RoleApprover | ManagerApprover | UserApprover:
    """The engine's approver spec as the API shows it."""
    if isinstance(spec, engine.rules.RoleApprover):
        return RoleApprover(role=RoleModel(spec.role))
    if isinstance(spec, engine.rules.ManagerApprover):
        return ManagerApprover(levels_up=spec.levels_up)
    return UserApprover(user_id=int(spec.user_id))


@strawberry.type(
    name="ApprovalRule",
    description="Conditions over a priced quote, and who approves at which level.",
)
class ApprovalRuleType(relay.Node):
    id: relay.NodeID[int]
    name: str
    """The rule's name, shown on the steps it triggers."""
    level: int
    """The approval level its steps join (1 runs first; a level starts when the one before it is
    complete)."""
    level_name: str
    """The level's name to show, e.g. `Manager`."""
    conditions: list[ApprovalCondition] = strawberry.field(
        description="What triggers the rule: conditions that must all hold (an empty list"
        " applies to every quote)."
    )
    approver: ApprovalApprover
    """Who approves the steps the rule triggers."""
    mode: ApprovalMode  # type: ignore[valid-type]
    """Whether one or every approver the rule names must approve."""
    sla_hours: int | None
    """Hours the level may stay pending before its requests are overdue (the level keeps the
    shortest of its rules'); null for no limit."""
    escalate_up: bool
    """Past the SLA, each pending approver's manager may decide in their place."""
    active: bool
    """Only active rules apply to quotes submitted or previewed from now on."""
    version: int
    """Send back on update; a stale one is a CONFLICT."""

    @classmethod
    def from_row(cls, row: RuleRow) -> ApprovalRuleType:
        return from_attrs(
            cls,
            row,
            conditions=[
                ApprovalCondition.from_engine(decode(engine.Condition, c)) for c in row.conditions
            ],
            approver=approver_type(decode(engine.rules.ApproverSpec, row.approver)),
            mode=engine.ApprovalMode(row.mode),
        )

    resolve_nodes = nodes_via("approval_rule_by_id")
