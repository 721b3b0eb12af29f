"""OPS maintains approval rules: ``createApprovalRule``, ``updateApprovalRule``."""

from __future__ import annotations

from decimal import Decimal

import strawberry

import approvals as engine
from db.models.users import Role as RoleModel
from resolvers.mutation import Command, EditInput, Key, command, key, payload_of, perform
from schema.errors import UserError
from schema.text_limits import Family, Segment
from schema.types.approval_rules import ApprovalRuleType
from schema.types.approvals import ApprovalMode, ConditionKind
from schema.types.user import Role
from services.approvals import rules as use_cases
from services.approvals.rules import ApproverCommand, ConditionCommand, RuleCommand

ApproverKind = strawberry.enum(use_cases.ApproverKind, name="ApproverKind")


@strawberry.input(description="One condition; fill the fields its kind reads.")
class ApprovalConditionInput:
    kind: ConditionKind  # type: ignore[valid-type]
    threshold_percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    product_ids: list[strawberry.relay.GlobalID] = strawberry.field(default_factory=list)
    families: list[Family] = strawberry.field(default_factory=list)
    segments: list[Segment] = strawberry.field(default_factory=list)
    breach_codes: list[str] = strawberry.field(default_factory=list)
    when_unknown: bool = False

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


@strawberry.input
class ApproverInput:
    kind: ApproverKind  # type: ignore[valid-type]
    role: Role | None = None  # type: ignore[valid-type]
    levels_up: int = 1
    user_id: strawberry.relay.GlobalID | None = None

    def command(self) -> Command[ApproverCommand]:
        user = self.user_id if self.kind is use_cases.ApproverKind.USER else None
        return command(
            ApproverCommand,
            self,
            role=RoleModel(self.role.value) if self.role is not None else None,
            user_id=Key(user, "User", ("input", "approver", "userId")),
        )


@strawberry.input
class ApprovalRuleInput:
    name: str
    level: int
    level_name: Family
    conditions: list[ApprovalConditionInput]
    approver: ApproverInput
    mode: ApprovalMode = engine.ApprovalMode.ANY  # type: ignore[valid-type]
    sla_hours: int | None = strawberry.field(default=None, description="1 to 8784 hours (a year).")
    escalate_up: bool = False

    def command(self) -> Command[RuleCommand]:
        return command(
            RuleCommand,
            self,
            conditions=tuple(c.command() for c in self.conditions),
            approver=self.approver.command(),
            mode=engine.ApprovalMode(self.mode.value),
        )


@strawberry.input
class UpdateApprovalRuleInput(EditInput):
    rule: ApprovalRuleInput | None = strawberry.field(
        default=None, description="Replaces the rule's whole definition."
    )
    active: bool | None = strawberry.field(
        default=None, description="false switches the rule off, true on again."
    )


@strawberry.type
class ApprovalRulePayload:
    rule: ApprovalRuleType | None = None
    user_errors: list[UserError]


async def create_approval_rule(
    info: strawberry.Info, input: ApprovalRuleInput
) -> ApprovalRulePayload:
    outcome = await perform(info, use_cases.create_approval_rule, input.command())
    return payload_of(ApprovalRulePayload, outcome, "rule", ApprovalRuleType.from_row)


async def update_approval_rule(
    info: strawberry.Info, input: UpdateApprovalRuleInput
) -> ApprovalRulePayload:
    rule = None if input.rule is None else input.rule.command()
    outcome = await perform(
        info,
        use_cases.update_approval_rule,
        key(input.id, "ApprovalRule"),
        input.version,
        rule,
        input.active,
    )
    return payload_of(ApprovalRulePayload, outcome, "rule", ApprovalRuleType.from_row)
