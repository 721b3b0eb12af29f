"""OPS maintains approval rules: create one, change one (at the version read), switch it off."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from approvals.rules import ApproverSpec
from db.actor import Actor
from db.codec.approvals import encode_object
from db.models.approvals import ApprovalRule
from db.models.users import Role, User
from services.audit import record_change
from services.numbers import HUNDRED, percent
from services.refusal import Code, refuse
from services.rows import create_written, edit_or_refuse
from services.validation import required_text

MAX_SLA_HOURS = 24 * 366
"""A year: an SLA's deadline is ``now + hours``, which must stay a real date."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class ConditionCommand:
    """One condition; the fields its kind reads are filled."""

    kind: engine.ConditionKind
    threshold_percent: Decimal | None = None
    amount: Decimal | None = None
    currency: str | None = None
    product_ids: tuple[int, ...] = ()
    families: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    breach_codes: tuple[str, ...] = ()
    when_unknown: bool = False
    """MARGIN_BELOW: whether a quote whose margin is unknown (no cost) meets it too."""


class ApproverKind(enum.Enum):
    ROLE = "ROLE"
    MANAGER = "MANAGER"
    USER = "USER"


@dataclass(frozen=True, slots=True)
class ApproverCommand:
    """Who approves: ``role`` for ROLE, ``levels_up`` (1 to 10) for
    MANAGER, ``user_id`` for USER."""

    kind: ApproverKind
    role: Role | None = None
    levels_up: int = 1
    user_id: int | None = None


def _need(value: T | None, field: str) -> T:
    if value is None or value == () or value == []:
        raise refuse(Code.REQUIRED, "This condition needs it.", ("input", "conditions", field))
    return value


def condition(value: ConditionCommand, index: int = 0) -> engine.Condition:
    """The engine's condition, its threshold and amount checked."""
    kind = value.kind
    pct = value.threshold_percent
    if pct is not None:
        low = (
            -HUNDRED if kind is engine.ConditionKind.MARGIN_BELOW else Decimal(0)
        )  # a margin can be negative
        percent(
            pct,
            ["input", "conditions", str(index), "thresholdPercent"],
            what="A threshold",
            low=low,
        )
    match kind:
        case engine.ConditionKind.LINE_DISCOUNT_ABOVE:
            products = tuple(str(p) for p in value.product_ids)
            return engine.LineDiscountAbove(
                _need(pct, "thresholdPercent"), products, value.families
            )
        case engine.ConditionKind.TOTAL_DISCOUNT_ABOVE:
            return engine.TotalDiscountAbove(_need(pct, "thresholdPercent"))
        case engine.ConditionKind.NET_BELOW_FLOOR:
            return engine.NetBelowFloor()
        case engine.ConditionKind.MARGIN_BELOW:
            return engine.MarginBelow(_need(pct, "thresholdPercent"), value.when_unknown)
        case engine.ConditionKind.DEAL_SIZE_ABOVE:
            if value.amount is not None and value.amount < 0:
                raise refuse(
                    Code.INVALID,
                    "An amount cannot be negative.",
                    ("input", "conditions", str(index), "amount"),
                )
            return engine.DealSizeAbove(
                _need(value.amount, "amount"), _need(value.currency, "currency").upper()
            )
        case engine.ConditionKind.NON_STANDARD_CLAUSES:
            return engine.NonStandardClauses()
        case engine.ConditionKind.PRODUCT_IN:
            return engine.ProductIn(tuple(str(p) for p in _need(value.product_ids, "productIds")))
        case engine.ConditionKind.FAMILY_IN:
            return engine.FamilyIn(_need(value.families, "families"))
        case engine.ConditionKind.SEGMENT_IN:
            return engine.SegmentIn(tuple(s.upper() for s in _need(value.segments, "segments")))
        case engine.ConditionKind.BREACH_CODE_IN:
            return engine.BreachCodeIn(_need(value.breach_codes, "breachCodes"))
    raise refuse(Code.INVALID, "Unknown condition.", ("input", "conditions"))


async def approver(session: AsyncSession, value: ApproverCommand) -> ApproverSpec:
    """Who approves the rule's steps: a role, the owner's manager some
    levels up, or one active user."""
    field = ("input", "approver")
    if value.kind is ApproverKind.ROLE:
        if value.role is None:
            raise refuse(Code.REQUIRED, "Name the role.", (*field, "role"))
        return engine.RoleApprover(value.role.value)
    if value.kind is ApproverKind.MANAGER:
        if not 1 <= value.levels_up <= 10:
            raise refuse(Code.INVALID, "Between 1 and 10 levels up.", (*field, "levelsUp"))
        return engine.ManagerApprover(value.levels_up)
    if value.user_id is None:
        raise refuse(Code.REQUIRED, "Name the user.", (*field, "userId"))
    user = await session.get(User, value.user_id)
    if user is None or not user.active:
        raise refuse(Code.NOT_FOUND, "No active user with this id.", (*field, "userId"))
    return engine.UserApprover(str(user.id))


@dataclass(frozen=True, slots=True)
class RuleCommand:
    """An approval rule as OPS writes it: when (all ``conditions``), who, and how fast."""

    name: str
    """Up to 200 characters, not blank."""
    level: int
    """1 to 20: every step of a level must complete before the next level starts."""
    level_name: str
    conditions: tuple[ConditionCommand, ...]
    """At least one; all must hold for the rule to apply."""
    approver: ApproverCommand
    mode: engine.ApprovalMode = engine.ApprovalMode.ANY
    sla_hours: int | None = None
    """1 to ``MAX_SLA_HOURS``; ``None``: the level has no deadline."""
    escalate_up: bool = False


async def _apply_rule(session: AsyncSession, row: ApprovalRule, value: RuleCommand) -> None:
    if not 1 <= value.level <= 20:
        raise refuse(Code.INVALID, "A level is between 1 and 20.", ("input", "level"))
    if value.sla_hours is not None and not 0 < value.sla_hours <= MAX_SLA_HOURS:
        raise refuse(
            Code.INVALID, f"An SLA is from 1 to {MAX_SLA_HOURS} hours.", ("input", "slaHours")
        )
    if not value.conditions:
        raise refuse(Code.REQUIRED, "Give at least one condition.", ("input", "conditions"))
    row.name = required_text(value.name, ["input", "name"], max_length=200)
    row.level = value.level
    row.level_name = required_text(value.level_name, ["input", "levelName"], max_length=100)
    row.conditions = [
        encode_object(condition(c, index)) for index, c in enumerate(value.conditions)
    ]
    row.approver = encode_object(await approver(session, value.approver))
    row.mode = value.mode.value
    row.sla_hours = value.sla_hours
    row.escalate_up = value.escalate_up


async def create_approval_rule(
    session: AsyncSession, actor: Actor, now: datetime, rule: RuleCommand
) -> ApprovalRule:
    return await create_written(
        session, actor, "createApprovalRule", ApprovalRule, _apply_rule, rule
    )


async def update_approval_rule(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    rule_id: int,
    version: int,
    rule: RuleCommand | None = None,
    active: bool | None = None,
) -> ApprovalRule:
    """Replace the rule's definition and/or switch it on or off, at the ``version`` read."""
    row = await edit_or_refuse(session, ApprovalRule, rule_id, version)
    if rule is not None:
        await _apply_rule(session, row, rule)
    if active is not None:
        row.active = active
    await record_change(session, actor, "updateApprovalRule", row)
    return row
