"""OPS maintains approval rules: ``createApprovalRule``, ``updateApprovalRule``."""

from __future__ import annotations

import enum
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.codec.approvals import encode
from db.models.approvals import ApprovalRule
from db.models.users import Role as RoleModel
from db.models.users import User
from schema.text_limits import Family, Segment
from resolvers.audit import audit_change
from services.numbers import HUNDRED, percent
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.validation import required_text
from schema.errors import ErrorCode, UserError
from schema.types.approval_rules import ApprovalRuleType
from schema.types.approvals import ApprovalMode, ConditionKind
from schema.types.user import Role


@strawberry.enum
class ApproverKind(enum.Enum):
    ROLE = "ROLE"
    MANAGER = "MANAGER"
    USER = "USER"


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


@strawberry.input
class ApproverInput:
    kind: ApproverKind
    role: Role | None = None  # type: ignore[valid-type]
    levels_up: int = 1
    user_id: strawberry.relay.GlobalID | None = None


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


def _need(value: object, field: str) -> object:
    if value is None or value == []:
        raise reject(ErrorCode.REQUIRED, "This condition needs it.", ["input", "conditions", field])
    return value


def condition(value: ApprovalConditionInput, index: int = 0) -> engine.Condition:
    kind = engine.ConditionKind(value.kind.value)
    pct = value.threshold_percent
    if pct is not None:
        low = -HUNDRED if kind is engine.ConditionKind.MARGIN_BELOW else Decimal(0)  # a margin can be negative
        percent(pct, ["input", "conditions", str(index), "thresholdPercent"], what="A threshold", low=low)
    match kind:
        case engine.ConditionKind.LINE_DISCOUNT_ABOVE:
            return engine.LineDiscountAbove(
                _need(pct, "thresholdPercent"),  # type: ignore[arg-type]
                tuple(str(decode_id(p, "Product")) for p in value.product_ids),
                tuple(value.families),
            )
        case engine.ConditionKind.TOTAL_DISCOUNT_ABOVE:
            return engine.TotalDiscountAbove(_need(pct, "thresholdPercent"))  # type: ignore[arg-type]
        case engine.ConditionKind.NET_BELOW_FLOOR:
            return engine.NetBelowFloor()
        case engine.ConditionKind.MARGIN_BELOW:
            return engine.MarginBelow(_need(pct, "thresholdPercent"), value.when_unknown)  # type: ignore[arg-type]
        case engine.ConditionKind.DEAL_SIZE_ABOVE:
            if value.amount is not None and value.amount < 0:
                raise reject(ErrorCode.INVALID, "An amount cannot be negative.", ["input", "conditions", str(index), "amount"])
            return engine.DealSizeAbove(_need(value.amount, "amount"), str(_need(value.currency, "currency")).upper())  # type: ignore[arg-type]
        case engine.ConditionKind.NON_STANDARD_CLAUSES:
            return engine.NonStandardClauses()
        case engine.ConditionKind.PRODUCT_IN:
            return engine.ProductIn(tuple(str(decode_id(p, "Product")) for p in _need(value.product_ids, "productIds")))  # type: ignore[union-attr]
        case engine.ConditionKind.FAMILY_IN:
            return engine.FamilyIn(tuple(_need(value.families, "families")))  # type: ignore[arg-type]
        case engine.ConditionKind.SEGMENT_IN:
            return engine.SegmentIn(tuple(s.upper() for s in _need(value.segments, "segments")))  # type: ignore[union-attr]
        case engine.ConditionKind.BREACH_CODE_IN:
            return engine.BreachCodeIn(tuple(_need(value.breach_codes, "breachCodes")))  # type: ignore[arg-type]
    raise reject(ErrorCode.INVALID, "Unknown condition.", ["input", "conditions"])


async def approver(session: AsyncSession, value: ApproverInput) -> engine.rules.ApproverSpec:  # type: ignore[name-defined]
    field = ["input", "approver"]
    if value.kind is ApproverKind.ROLE:
        if value.role is None:
            raise reject(ErrorCode.REQUIRED, "Name the role.", [*field, "role"])
        return engine.RoleApprover(RoleModel(value.role.value).value)
    if value.kind is ApproverKind.MANAGER:
        if not 1 <= value.levels_up <= 10:
            raise reject(ErrorCode.INVALID, "Between 1 and 10 levels up.", [*field, "levelsUp"])
        return engine.ManagerApprover(value.levels_up)
    if value.user_id is None:
        raise reject(ErrorCode.REQUIRED, "Name the user.", [*field, "userId"])
    user = await session.get(User, decode_id(value.user_id, "User", [*field, "userId"]))
    if user is None or not user.active:
        raise reject(ErrorCode.NOT_FOUND, "No active user with this id.", [*field, "userId"])
    return engine.UserApprover(str(user.id))


MAX_SLA_HOURS = 24 * 366
"""A year: an SLA's deadline is ``now + hours``, which must stay a real date."""


async def apply_rule(session: AsyncSession, row: ApprovalRule, value: ApprovalRuleInput) -> None:
    if not 1 <= value.level <= 20:
        raise reject(ErrorCode.INVALID, "A level is between 1 and 20.", ["input", "level"])
    if value.sla_hours is not None and not 0 < value.sla_hours <= MAX_SLA_HOURS:
        raise reject(ErrorCode.INVALID, f"An SLA is from 1 to {MAX_SLA_HOURS} hours.", ["input", "slaHours"])
    if not value.conditions:
        raise reject(ErrorCode.REQUIRED, "Give at least one condition.", ["input", "conditions"])
    row.name = required_text(value.name, ["input", "name"], max_length=200)
    row.level = value.level
    row.level_name = required_text(value.level_name, ["input", "levelName"], max_length=100)
    row.conditions = [encode(condition(c, index)) for index, c in enumerate(value.conditions)]
    row.approver = encode(await approver(session, value.approver))
    row.mode = engine.ApprovalMode(value.mode.value).value
    row.sla_hours = value.sla_hours
    row.escalate_up = value.escalate_up


async def create_approval_rule(info: strawberry.Info, input: ApprovalRuleInput) -> ApprovalRulePayload:
    async def work(session: AsyncSession) -> ApprovalRule:
        row = ApprovalRule()
        await apply_rule(session, row, input)
        session.add(row)
        await audit_change(info, session, "createApprovalRule", row)
        return row

    outcome = await atomically(info, work)
    return ApprovalRulePayload(rule=ApprovalRuleType.from_row(outcome.value) if outcome.value else None, user_errors=outcome.errors)


async def update_approval_rule(info: strawberry.Info, input: UpdateApprovalRuleInput) -> ApprovalRulePayload:
    async def work(session: AsyncSession) -> ApprovalRule:
        row = await session.get(ApprovalRule, decode_id(input.id, "ApprovalRule"), with_for_update=True)
        if row is None:
            raise reject(ErrorCode.NOT_FOUND, "No ApprovalRule with this id.", ["input", "id"])
        check_version(row, input.version)
        if input.rule is not None:
            await apply_rule(session, row, input.rule)
        if input.active is not None:
            row.active = input.active
        await audit_change(info, session, "updateApprovalRule", row)
        return row

    outcome = await atomically(info, work)
    return ApprovalRulePayload(rule=ApprovalRuleType.from_row(outcome.value) if outcome.value else None, user_errors=outcome.errors)
