"""Approval requests: their engine state, submitting a quote, and telling subscribers."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from db.codec.approvals import decode, encode
from db.events import publish
from db.models.approvals import ApprovalDecision, ApprovalRequest, ApprovalRequestStatus
from db.models.quotes import Quote, QuoteRevision
from db.queries.approvals import possible_stand_ins
from resolvers.approvals.inputs import active_rules, approver_ids, directory, quote_facts
from resolvers.mutation import decode_id, reject
from schema.errors import ErrorCode

OPEN = (ApprovalRequestStatus.PENDING, ApprovalRequestStatus.COUNTERED)


def now_utc() -> datetime:
    return datetime.now(UTC)


async def request_for_update(session: AsyncSession, global_id: strawberry.relay.GlobalID) -> ApprovalRequest:
    row = await session.get(ApprovalRequest, decode_id(global_id, "ApprovalRequest"), with_for_update=True)
    if row is None:
        raise reject(ErrorCode.NOT_FOUND, "No ApprovalRequest with this id.", ["input", "id"])
    return row


async def request_state(session: AsyncSession, row: ApprovalRequest) -> engine.RequestState:
    decisions = (
        await session.scalars(select(ApprovalDecision).where(ApprovalDecision.request_id == row.id).order_by(ApprovalDecision.id))
    ).all()
    return engine.RequestState(
        plan=decode(engine.ApprovalPlan, row.plan),
        facts=decode(engine.QuoteFacts, row.facts),
        submitted_at=row.submitted_at,
        decisions=tuple(decode(engine.RecordedDecision, d.recorded) for d in decisions),
    )


async def last_envelope(session: AsyncSession, quote: Quote) -> engine.ApprovedEnvelope | None:
    """What was last approved for this quote (a decision's or an accepted counter-offer's)."""
    row = await session.scalar(
        select(ApprovalRequest)
        .where(ApprovalRequest.quote_id == quote.id, ApprovalRequest.envelope.is_not(None))
        .order_by(ApprovalRequest.id.desc())
        .limit(1)
    )
    return decode(engine.ApprovedEnvelope, row.envelope) if row is not None else None


async def plan_for(
    info: strawberry.Info, session: AsyncSession, quote: Quote, revision: QuoteRevision
) -> tuple[engine.QuoteFacts, engine.ApprovalPlan, dict[int, tuple[int | None, bool]], bool]:
    """The plan a submit would run now: (facts, plan, SLA per level, within an earlier approval)."""
    facts = await quote_facts(session, quote, revision)
    rules, sla = await active_rules(session)
    people = await directory(session, info.context.config.pricing.default_discount_authority_percent)
    now = now_utc()
    envelope = await last_envelope(session, quote)
    if envelope is not None:
        result = engine.reapproval_needed(envelope, facts, rules, people, now)
        return facts, result.plan, sla, not result.needed
    return facts, engine.build_plan(facts, rules, people, now), sla, False


async def open_request(
    info: strawberry.Info,
    session: AsyncSession,
    quote: Quote,
    facts: engine.QuoteFacts,
    plan: engine.ApprovalPlan,
    sla: dict[int, tuple[int | None, bool]],
    submitted_by: int,
) -> ApprovalRequest:
    request = ApprovalRequest(
        quote_id=quote.id,
        revision=quote.current_revision,
        status=ApprovalRequestStatus.PENDING,
        submitted_by=submitted_by,
        submitted_at=now_utc(),
        facts=encode(facts),
        plan=encode(plan),
        approver_ids=approver_ids(plan),
        sla={str(level): {"hours": hours, "escalate_up": up} for level, (hours, up) in sla.items()},
    )
    session.add(request)
    await session.flush()
    await announce(session, request)
    return request


async def announce(session: AsyncSession, request: ApprovalRequest) -> None:
    """Tell every server process: the request, its quote, and each approver's inbox changed."""
    await publish(
        session,
        "approval_request",
        id=request.id,
        quote_id=request.quote_id,
        status=request.status.value,
        approvers=list(request.approver_ids),
        stand_ins=await possible_stand_ins(session, request.approver_ids),
        owner=request.submitted_by,
    )
