"""What an approval email and a link's page show of a deal: customer, totals, discount, the
margin to those who may see it, each rule awaiting the approver and why, the rep's note."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from approvals.conditions import Observed
from db.codec.approvals import decode
from db.models.accounts import Account
from db.models.approvals import ApprovalRequest
from db.models.quotes import Quote
from db.models.users import Role, User
from db.queries.approval_mail import submit_note

MARGIN_ROLES = frozenset({Role.MANAGER, Role.FINANCE, Role.OPS, Role.ADMIN})
"""Who may see cost and margin (reps may not)."""


@dataclass(frozen=True, slots=True)
class StepView:
    step_id: str
    rule_name: str
    level_name: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DealView:
    request_id: int
    quote_id: int
    quote_number: int
    quote_name: str
    customer: str
    rep: str
    submitted_at: datetime
    total_list: str
    total_net: str
    discount: str
    margin: str | None
    """``None`` when the reader may not see margins; ``unknown`` without costs."""
    justification: str
    steps: tuple[StepView, ...]


def money(amount: Decimal, currency: str) -> str:
    return f"{amount.quantize(Decimal('0.01')):,} {currency}"


def percent(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01'))} %"


def _reason(hit: engine.ConditionHit, facts: engine.QuoteFacts, sees_margin: bool) -> str:
    where = f"line {hit.line_id}: " if hit.line_id else ""
    if hit.dimension is engine.Dimension.MARGIN and not sees_margin:
        return f"{where}margin below the minimum"
    observed, threshold = _shown(hit.observed), _shown(hit.threshold)
    name = hit.dimension.value.lower().replace("_", " ")
    return f"{where}{name} {observed} (limit {threshold})"


def _shown(value: Observed) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, tuple):
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    return str(value)


async def deal_view(
    session: AsyncSession, request: ApprovalRequest, reader: User, step_ids: Iterable[str]
) -> DealView:
    facts = decode(engine.QuoteFacts, request.facts)
    plan = decode(engine.ApprovalPlan, request.plan)
    quote = await session.get(Quote, request.quote_id)
    assert quote is not None
    account = await session.get(Account, quote.account_id)
    rep = await session.get(User, quote.owner_id)
    sees_margin = bool(MARGIN_ROLES.intersection(reader.roles))
    wanted = set(step_ids)
    levels = {level.level: level.name for level in plan.levels}
    steps = tuple(
        StepView(
            step_id=step.step_id,
            rule_name=step.rule_name,
            level_name=levels.get(step.level, str(step.level)),
            reasons=tuple(_reason(hit, facts, sees_margin) for hit in step.hits),
        )
        for step in plan.steps
        if step.step_id in wanted
    )
    margin = None
    if sees_margin:
        margin = percent(facts.margin_pct) if facts.margin_pct is not None else "unknown"
    note = await submit_note(session, quote.id, request.revision)
    return DealView(
        request_id=request.id,
        quote_id=quote.id,
        quote_number=quote.number,
        quote_name=quote.name,
        customer=account.name if account else "",
        rep=rep.name if rep else "",
        submitted_at=request.submitted_at,
        total_list=money(facts.total_list, facts.currency),
        total_net=money(facts.total_net, facts.currency),
        discount=percent(facts.total_discount_pct),
        margin=margin,
        justification=note or "",
        steps=steps,
    )
