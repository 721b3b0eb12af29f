"""Demo approval rules: manager → finance → legal, in the engine's own terms."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.codec.approvals import encode
from db.models.approvals import ApprovalRule

RULES = [
    (
        "Line discount above rep authority",
        1,
        "Manager",
        [engine.LineDiscountAbove(Decimal("10"))],
        engine.ManagerApprover(1),
        "ANY",
        4,
        True,
    ),
    (
        "Quote discount above rep authority",
        1,
        "Manager",
        [engine.TotalDiscountAbove(Decimal("10"))],
        engine.ManagerApprover(1),
        "ANY",
        4,
        True,
    ),
    (
        "Price below floor",
        1,
        "Manager",
        [engine.NetBelowFloor()],
        engine.ManagerApprover(1),
        "ANY",
        4,
        True,
    ),
    (
        "Deep discount",
        2,
        "Finance",
        [engine.TotalDiscountAbove(Decimal("25"))],
        engine.RoleApprover("FINANCE"),
        "ANY",
        24,
        False,
    ),
    (
        "Low margin",
        2,
        "Finance",
        [engine.MarginBelow(Decimal("20"))],
        engine.RoleApprover("FINANCE"),
        "ANY",
        24,
        False,
    ),
    (
        "Large deal",
        2,
        "Finance",
        [engine.DealSizeAbove(Decimal("250000"), "USD")],
        engine.RoleApprover("FINANCE"),
        "ANY",
        24,
        False,
    ),
    (
        "Non-standard terms",
        3,
        "Legal",
        [engine.NonStandardClauses()],
        engine.RoleApprover("ADMIN"),
        "ANY",
        48,
        False,
    ),
]


async def load_approval_rules(session: AsyncSession) -> None:
    existing = set((await session.scalars(select(ApprovalRule.name))).all())
    for name, level, level_name, conditions, approver, mode, sla_hours, escalate in RULES:
        if name in existing:
            continue
        session.add(
            ApprovalRule(
                name=name,
                level=level,
                level_name=level_name,
                conditions=[encode(c) for c in conditions],
                approver=encode(approver),
                mode=mode,
                sla_hours=sla_hours,
                escalate_up=escalate,
            )
        )
    await session.flush()
