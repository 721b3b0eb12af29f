"""``setCommissionPlanClawbackWindow``: how long after a rep leaves their returns still claw
back, on a plan that exists (``createCommissionPlan`` sets it for a new one).

The window is judged when a reversal is written, on its real day, so a change applies to
reversals written from now on; clawbacks already in the ledger stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.commissions import CommissionPlan
from services.refusal import Code, refuse
from services.rows import audited_edit

MAX_CLAWBACK_WINDOW_DAYS = 3660
"""Ten years: the database's check on ``commission_plans.clawback_window_days``."""


def check_window(days: int | None) -> int | None:
    """``days`` when it is a window (0 to ten years) or None (no window), else INVALID."""
    if days is not None and not 0 <= days <= MAX_CLAWBACK_WINDOW_DAYS:
        raise refuse(
            Code.INVALID,
            f"A clawback window is 0 to {MAX_CLAWBACK_WINDOW_DAYS} days.",
            ("input", "clawbackWindowDays"),
        )
    return days


@dataclass(frozen=True, slots=True)
class SetClawbackWindow:
    plan_id: int
    version: int
    clawback_window_days: int | None


async def set_clawback_window(
    session: AsyncSession, actor: Actor, now: datetime, command: SetClawbackWindow
) -> CommissionPlan:
    """Set (or, with None, remove) a plan's clawback window, at the plan's version read."""
    days = check_window(command.clawback_window_days)
    async with audited_edit(
        session,
        actor,
        "setCommissionPlanClawbackWindow",
        CommissionPlan,
        command.plan_id,
        command.version,
    ) as plan:
        plan.clawback_window_days = days
        plan.updated_at = func.now()  # bumps the plan's version
    return plan
