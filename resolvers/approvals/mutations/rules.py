"""OPS maintains approval rules: ``createApprovalRule``, ``updateApprovalRule``."""

from __future__ import annotations

import enum
from decimal import Decimal

import strawberry

import approvals as engine
from db.models.users import Role as RoleModel
from resolvers.mutation import (
    Arguments,
    Command,
    EditInput,
    Key,
    command,
    empty_list_field,
    key,
    mutation,
    payload_type,
)
from schema.scalars import CurrencyCode
from schema.text_limits import Family, Segment
from schema.types.approval_plan import ApprovalMode, ConditionKind
from schema.types.approval_rules import ApprovalRuleType
from schema.types.user import Role
from services.approvals import rules as use_cases
from services.approvals.rules import ApproverCommand, ConditionCommand, RuleCommand


@strawberry.input(
    description="One condition of an approval rule (the rule applies when all its conditions "
    "hold). Fill the fields its `kind` reads; the others are ignored. A kind missing a field "
    "it needs is a REQUIRED userError naming that field."
)
class ApprovalConditionInput:
    kind: ConditionKind  # type: ignore[valid-type]
    """What the condition looks at; it decides which other fields are read."""
    threshold_percent: Decimal | None = None
    """In percent (`15` is 15 %), for LINE_DISCOUNT_ABOVE and TOTAL_DISCOUNT_ABOVE (0 to 100: the
    discount must exceed it and the rep's own authority) and MARGIN_BELOW (-100 to 100: the
    margin must be below it)."""
    amount: Decimal | None = None
    """For DEAL_SIZE_ABOVE: the quote's total net must exceed this amount, in `currency` (not
    negative)."""
    currency: CurrencyCode | None = None
    """For DEAL_SIZE_ABOVE: the currency of `amount`. Nothing is converted: a quote in another
    currency never matches, so write one condition per currency sold in."""
    product_ids: list[strawberry.relay.GlobalID] = empty_list_field(
        "Product global IDs: for PRODUCT_IN, the products that need approval; for "
        "LINE_DISCOUNT_ABOVE, optionally only lines of these products count. Empty by default."
    )
    families: list[Family] = empty_list_field(
        "Product families: for FAMILY_IN, the families that need approval; for "
        "LINE_DISCOUNT_ABOVE, optionally only lines of these families count. Empty by default."
    )
    segments: list[Segment] = empty_list_field(
        "For SEGMENT_IN: the customer segments (matched without regard to case) that need approval."
    )
    breach_codes: list[str] = empty_list_field(
        "For BREACH_CODE_IN: the pricing guardrail codes that need approval "
        "(BELOW_FLOOR, DISCOUNT_ABOVE_AUTHORITY, MARGIN_BELOW_MINIMUM)."
    )
    when_unknown: bool = False
    """For MARGIN_BELOW: whether a quote whose margin is unknown (no cost in its price book) matches
    too. False by default."""

    def command(self) -> Command[ConditionCommand]:
        return command(
            ConditionCommand,
            self,
            kind=engine.ConditionKind(self.kind.value),
            product_ids=tuple(key(p, "Product") for p in self.product_ids),
            families=tuple(self.families),
            segments=tuple(self.segments),
            breach_codes=tuple(self.breach_codes),
        )


@strawberry.enum(
    name="ApproverKind", description="How an approval rule names who approves its steps."
)
class ApproverKind(enum.Enum):
    ROLE = strawberry.enum_value(
        "ROLE", description="Every active user holding `role`, except the quote's owner."
    )
    MANAGER = strawberry.enum_value(
        "MANAGER",
        description="The quote owner's manager, `levelsUp` steps up the hierarchy "
        "(1 = the direct manager).",
    )
    USER = strawberry.enum_value("USER", description="One named active user, `userId`.")


@strawberry.input(
    description="Who approves the steps a rule creates; fill the field its `kind` reads."
)
class ApproverInput:
    kind: ApproverKind
    """How the approver is named."""
    role: Role | None = None  # type: ignore[valid-type]
    """For ROLE: the role whose holders approve (required then)."""
    levels_up: int = 1
    """For MANAGER: how many steps up from the quote's owner, 1 (the direct manager, the default) to
    10."""
    user_id: strawberry.relay.GlobalID | None = None
    """For USER: the global ID of the active user who approves (required then; ignored for the other
    kinds)."""

    def command(self) -> Command[ApproverCommand]:
        kind = use_cases.ApproverKind(self.kind.value)
        user = self.user_id if kind is use_cases.ApproverKind.USER else None
        return command(
            ApproverCommand,
            self,
            kind=kind,
            role=RoleModel(self.role.value) if self.role is not None else None,
            user_id=Key(user, "User", ("input", "approver", "userId")),
        )


@strawberry.input(
    description="An approval rule as OPS writes it: when it applies (all its conditions hold), "
    "at which level, who approves, and how fast."
)
class ApprovalRuleInput:
    name: str
    """Shown to OPS and in approval reasons; not blank."""
    level: int
    """1 to 20: every step of a level must complete before the next level starts."""
    level_name: Family
    """The level's name as approvers and reps see it (e.g. `Finance`); not blank."""
    conditions: list[ApprovalConditionInput]
    """At least one; the rule applies to a quote when all of them hold."""
    approver: ApproverInput
    """Who approves the rule's steps."""
    mode: ApprovalMode = engine.ApprovalMode.ANY  # type: ignore[valid-type]
    """ANY (the default): one approver suffices; ALL: every one must approve."""
    sla_hours: int | None = None
    """How long the level may stay pending, in hours: 1 to 8784 (a year). Null (the default): no
    deadline."""
    escalate_up: bool = False
    """When the SLA passes, `escalateApprovalRequests` names each pending approver's manager as the
    next approver up. False (the default): the step is only flagged overdue."""

    def command(self) -> Command[RuleCommand]:
        return command(
            RuleCommand,
            self,
            conditions=tuple(c.command() for c in self.conditions),
            approver=self.approver.command(),
            mode=engine.ApprovalMode(self.mode.value),
        )


@strawberry.input(
    description="A change to an approval rule at the version read: a new definition, "
    "switching it on or off, or both."
)
class UpdateApprovalRuleInput(EditInput):
    rule: ApprovalRuleInput | None = None
    """Replaces the rule's whole definition; null keeps it."""
    active: bool | None = None
    """false switches the rule off, true on again; null keeps it."""


ApprovalRulePayload = payload_type(
    "ApprovalRulePayload",
    ApprovalRuleType,
    "rule",
    "createApprovalRule",
    "updateApprovalRule",
    holds="The approval rule as it stands after the change",
)


@mutation(
    use_cases.create_approval_rule, ApprovalRuleType, field="rule", payload=ApprovalRulePayload
)
def create_approval_rule(input: ApprovalRuleInput) -> Arguments:
    return (input.command(),)


@mutation(
    use_cases.update_approval_rule, ApprovalRuleType, field="rule", payload=ApprovalRulePayload
)
def update_approval_rule(input: UpdateApprovalRuleInput) -> Arguments:
    rule = None if input.rule is None else input.rule.command()
    return key(input.id, "ApprovalRule"), input.version, rule, input.active
