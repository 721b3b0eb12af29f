"""Approval requests as the use cases handle them: locked, as engine state, opened,
and announced to every server process.

A request stores engine values (plan, facts, envelope, decisions) and its SLA per
level through ``db.codec.approvals``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
import pricing
from approvals.rules import ApproverSpec
from db.codec.approvals import LevelSla, decode, encode_object, encode_sla
from db.events import publish
from db.models.approvals import ApprovalRequest, ApprovalRequestStatus, ApprovalRule
from db.models.quotes import Quote, QuoteRevision
from db.queries.approvals import (
    active_rules_in_id_order,
    directory_of,
    last_approved_request,
    planning_context,
    planning_directory,
    possible_stand_ins,
    request_decisions,
    request_state_of,
)
from services.approvals.facts import Deal, facts_of, quote_facts, top_lines
from services.approvals.mail_queue import tell_approvers
from services.notifications.outbox import approval_event
from services.rows import get_or_refuse


async def lock_request(session: AsyncSession, request_id: int) -> ApprovalRequest:
    """The request, locked, or NOT_FOUND."""
    return await get_or_refuse(session, ApprovalRequest, request_id, lock=True)


async def request_state(session: AsyncSession, row: ApprovalRequest) -> engine.RequestState:
    """The request as the engine sees it: plan, facts, submission and decisions so far."""
    return request_state_of(row, await request_decisions(session, row.id))


def rule_from_row(row: ApprovalRule) -> engine.Rule:
    return engine.Rule(
        rule_id=str(row.id),
        name=row.name,
        level=row.level,
        level_name=row.level_name,
        conditions=tuple(decode(engine.Condition, c) for c in row.conditions),
        approver=decode(ApproverSpec, row.approver),
        mode=engine.ApprovalMode(row.mode),
        active=row.active,
    )


async def active_rules(
    session: AsyncSession,
) -> tuple[tuple[engine.Rule, ...], dict[int, LevelSla]]:
    """The engine's rules, and each level's SLA (hours, escalate up): the strictest rule's."""
    return rules_and_sla(await active_rules_in_id_order(session))


def rules_and_sla(
    rows: Sequence[ApprovalRule],
) -> tuple[tuple[engine.Rule, ...], dict[int, LevelSla]]:
    """``active_rules`` of the rows already read (active ones, in creation order)."""
    sla: dict[int, LevelSla] = {}
    for row in rows:
        hours, escalate = sla.get(row.level, (None, False))
        if row.sla_hours is not None:
            hours = row.sla_hours if hours is None else min(hours, row.sla_hours)
        sla[row.level] = (hours, escalate or row.escalate_up)
    return tuple(rule_from_row(row) for row in rows), sla


@dataclass(frozen=True, slots=True)
class PlannedApproval:
    """What a submit would run now."""

    facts: engine.QuoteFacts
    plan: engine.ApprovalPlan
    sla: dict[int, LevelSla]
    within_earlier_approval: bool
    """The quote changed only within what an earlier request approved."""


async def plan_for(
    session: AsyncSession,
    quote: Quote,
    revision: QuoteRevision,
    default_authority_percent: Decimal,
    now: datetime,
) -> PlannedApproval:
    """The plan a submit of ``revision`` would run at ``now``."""
    facts = await quote_facts(session, quote, revision)
    rules, sla = await active_rules(session)
    people = await planning_directory(session, default_authority_percent)
    last = await last_approved_request(session, quote.id)
    if last is not None:
        result = engine.reapproval_needed(
            decode(engine.ApprovedEnvelope, last.envelope), facts, rules, people, now
        )
        return PlannedApproval(facts, result.plan, sla, not result.needed)
    return PlannedApproval(facts, engine.build_plan(facts, rules, people, now), sla, False)


def approver_ids(plan: engine.ApprovalPlan) -> list[int]:
    """The plan's seats and escalation targets: who may act on it whatever the date.

    Delegates are not listed: a delegate acts, reads and lists a request only
    while their delegation is in force, which is judged when they do.
    """
    seats = {a.user_id for step in plan.steps for a in step.approvers}
    seats |= {e for step in plan.steps for a in step.approvers for e in a.escalated_to}
    return sorted(int(s) for s in seats if s.isdigit())


async def open_request(
    session: AsyncSession, quote: Quote, planned: PlannedApproval, submitted_by: int, now: datetime
) -> ApprovalRequest:
    """A PENDING request for the quote's current revision, announced."""
    request = ApprovalRequest(
        quote_id=quote.id,
        revision=quote.current_revision,
        status=ApprovalRequestStatus.PENDING,
        submitted_by=submitted_by,
        submitted_at=now,
        facts=encode_object(planned.facts),
        plan=encode_object(planned.plan),
        approver_ids=approver_ids(planned.plan),
        sla=encode_sla(planned.sla),
    )
    session.add(request)
    await session.flush()
    await announce(session, request, now)
    return request


def close(request: ApprovalRequest, status: ApprovalRequestStatus, now: datetime) -> None:
    request.status = status
    request.closed_at = now


async def announce(
    session: AsyncSession, request: ApprovalRequest, now: datetime | None = None
) -> None:
    """Tell every server process: the request, its quote, and each approver's inbox changed;
    append it to the outbox (webhooks and push). With ``now`` (a change that can make a step
    await somebody new), also queue an email for each approver newly awaited
    (``services.approvals.mail_queue``)."""
    if now is not None:
        await tell_approvers(session, request, now)
    announced = {
        "id": request.id,
        "quote_id": request.quote_id,
        "status": request.status.value,
        "approvers": list(request.approver_ids),
        "stand_ins": await possible_stand_ins(session, request.approver_ids),
        "owner": request.submitted_by,
    }
    await publish(session, "approval_request", **announced)
    await approval_event(session, announced)  # the outbox: webhooks and push


async def plan_for_priced(
    session: AsyncSession,
    priced: pricing.PricedQuote,
    deal: Deal,
    default_authority_percent: Decimal,
    now: datetime,
) -> PlannedApproval:
    """The plan a first submit of a deal priced ``priced`` would run at ``now`` (a deal not
    saved yet has no earlier approval to stay within): its facts as ``quote_facts`` makes
    them, the rules and the directory, read in one statement (``planning_context``)."""
    lines = top_lines(priced)
    read = await planning_context(
        session, priced.currency, {int(line.product_id) for line in lines}, priced.pricing_date
    )
    facts = facts_of(priced, deal, read.families, read.floors)
    rules, sla = rules_and_sla(read.rules)
    people = directory_of(read.users, read.delegations, default_authority_percent)
    return PlannedApproval(facts, engine.build_plan(facts, rules, people, now), sla, False)
