"""``escalateApprovalRequests``: flag pending steps past their SLA, and move them up
where the level says so (run by a scheduler, or an admin)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.actor import Actor
from db.codec.approvals import decode, decode_sla, encode_object
from db.queries.approvals import pending_requests_for_update, planning_directory
from services.approvals.requests import announce, approver_ids, request_state
from services.audit import record_change
from services.pricing.policy import PricingPolicy


@dataclass(frozen=True, slots=True)
class EscalationRun:
    escalated: int
    """Requests whose overdue steps moved up."""
    flagged: int
    """Requests past their SLA."""


async def escalate_approval_requests(
    session: AsyncSession, actor: Actor | None, now: datetime, policy: PricingPolicy
) -> EscalationRun:
    """Every pending request (those another transaction holds are skipped) checked against
    its levels' SLA at ``now``; overdue seats get their escalation targets.

    Idempotent: a request whose overdue seats already have their targets is counted as
    flagged, not escalated again (no second announcement, no second audit entry).
    """
    people = await planning_directory(session, policy.default_discount_authority_percent)
    escalated = flagged = 0
    for request in await pending_requests_for_update(session):
        found = engine.escalations(
            await request_state(session, request), decode_sla(request.sla), now, people
        )
        if not found:
            continue
        flagged += 1
        moving = [e for e in found if e.escalate_to]
        if not moving:
            continue
        plan = decode(engine.ApprovalPlan, request.plan)
        for escalation in moving:
            plan = engine.with_escalation(plan, escalation)
        moved = encode_object(plan)
        if moved == request.plan:
            continue  # escalated by an earlier run: a scheduled re-run changes nothing twice
        request.plan = moved
        request.approver_ids = approver_ids(plan)
        escalated += 1
        await announce(session, request, now)
        await record_change(session, actor, "escalateApprovalRequest", request)
    return EscalationRun(escalated=escalated, flagged=flagged)
