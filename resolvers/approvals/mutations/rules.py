"""OPS maintains approval rules: ``createApprovalRule``, ``updateApprovalRule``."""

from __future__ import annotations

from decimal import Decimal

import strawberry

import approvals as engine
from db.models.approvals import ApprovalRule
from db.models.users import Role as RoleModel
from resolvers.approvals.payload import UseCase, as_viewer
from resolvers.mutation import decode_id, payload_of
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

    def command(self) -> ConditionCommand:
        return ConditionCommand(
            kind=engine.ConditionKind(self.kind.value),
            threshold_percent=self.threshold_percent,
            amount=self.amount,
            currency=self.currency,
            product_ids=tuple(decode_id(p, "Product") for p in self.product_ids),
            families=tuple(self.families),
            segments=tuple(self.segments),
            breach_codes=tuple(self.breach_codes),
            when_unknown=self.when_unknown,
        )


@strawberry.input
class ApproverInput:
    kind: ApproverKind  # type: ignore[valid-type]
    role: Role | None = None  # type: ignore[valid-type]
    levels_up: int = 1
    user_id: strawberry.relay.GlobalID | None = None

    def command(self) -> ApproverCommand:
        user_id = None
        if self.kind is use_cases.ApproverKind.USER and self.user_id is not None:
            user_id = decode_id(self.user_id, "User", ["input", "approver", "userId"])
        return ApproverCommand(
            kind=self.kind,
            role=RoleModel(self.role.value) if self.role is not None else None,
            levels_up=self.levels_up,
            user_id=user_id,
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

    def command(self) -> RuleCommand:
        return RuleCommand(
            name=self.name,
            level=self.level,
            level_name=self.level_name,
            conditions=tuple(c.command() for c in self.conditions),
            approver=self.approver.command(),
            mode=engine.ApprovalMode(self.mode.value),
            sla_hours=self.sla_hours,
            escalate_up=self.escalate_up,
        )


@strawberry.input
class UpdateApprovalRuleInput:
    id: strawberry.relay.GlobalID
    version: int
    rule: ApprovalRuleInput | None = None
    active: bool | None = None


@strawberry.type
class ApprovalRulePayload:
    rule: ApprovalRuleType | None = None
    user_errors: list[UserError]


async def _rule_payload(
    info: strawberry.Info, use_case: UseCase[ApprovalRule]
) -> ApprovalRulePayload:
    return payload_of(
        ApprovalRulePayload, await as_viewer(info, use_case), "rule", ApprovalRuleType.from_row
    )


async def create_approval_rule(
    info: strawberry.Info, input: ApprovalRuleInput
) -> ApprovalRulePayload:
    return await _rule_payload(
        info,
        lambda session, actor, now: use_cases.create_approval_rule(
            session, actor, now, input.command()
        ),
    )


async def update_approval_rule(
    info: strawberry.Info, input: UpdateApprovalRuleInput
) -> ApprovalRulePayload:
    rule = input.rule
    return await _rule_payload(
        info,
        lambda session, actor, now: use_cases.update_approval_rule(
            session,
            actor,
            now,
            decode_id(input.id, "ApprovalRule"),
            input.version,
            rule and rule.command(),
            input.active,
        ),
    )
