"""Loading what the approvals engine decides on: the quote's facts, the rules, the people.

Discounts here are the rep's *discretionary* discount (line and quote
discounts), not what tiers and promotions gave: a volume tier needs nobody's
approval, a rep's 25% does.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from approvals.rules import ApproverSpec
from db.codec.approvals import decode
from db.models.accounts import Account
from db.models.approvals import ApprovalRule, Delegation
from db.models.catalog import Product
from db.models.price_books import PriceBook, PriceBookEntry
from db.models.quotes import Quote, QuoteClause, QuoteRevision
from db.models.users import User
from services.pricing.snapshots import discretionary_discount, priced_quote_of

HUNDRED = Decimal(100)


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(Decimal("0.0001")) if whole > 0 else Decimal(0)


async def quote_facts(session: AsyncSession, quote: Quote, revision: QuoteRevision) -> engine.QuoteFacts:
    priced = priced_quote_of(revision)
    lines = [line for line in priced.lines if line.parent_line_id is None and line.net_amount is not None]
    product_ids = {int(line.product_id) for line in lines}
    products = {p.id: p for p in (await session.scalars(select(Product).where(Product.id.in_(product_ids)))).all()}
    floors = {
        entry.product_id: entry.floor_price
        for entry in (
            await session.scalars(
                select(PriceBookEntry)
                .join(PriceBook, PriceBook.id == PriceBookEntry.price_book_id)
                .where(
                    PriceBook.is_standard,
                    PriceBook.active,
                    PriceBook.currency == quote.currency,
                    PriceBookEntry.product_id.in_(product_ids),
                    PriceBookEntry.valid_from <= revision.pricing_date,
                    (PriceBookEntry.valid_to.is_(None)) | (PriceBookEntry.valid_to > revision.pricing_date),
                )
            )
        ).all()
    }
    account = await session.get(Account, quote.account_id)
    clauses = (
        await session.scalars(select(QuoteClause).where(QuoteClause.revision_id == revision.id).order_by(QuoteClause.position))
    ).all()
    clause_hash = hashlib.sha256(json.dumps([[c.title, c.body] for c in clauses]).encode()).hexdigest()
    total_net = priced.net_total.amount
    total_discretionary = sum((discretionary_discount(line) for line in lines), Decimal(0))
    facts_lines = []
    for line in lines:
        assert line.net_amount is not None
        net = line.net_amount.amount
        given = discretionary_discount(line)
        quantity = Decimal(line.quantity)
        product = products.get(int(line.product_id))
        facts_lines.append(
            engine.LineFacts(
                line_id=line.line_id,
                product_id=line.product_id,
                family=(product.family or "") if product else "",
                discount_pct=_pct(given, net + given),
                net_unit_price=(net / quantity) if quantity else net,
                floor_price=floors.get(int(line.product_id)),
                quantity=quantity,
            )
        )
    return engine.QuoteFacts(
        quote_id=str(quote.id),
        owner_id=str(quote.owner_id),
        currency=quote.currency,
        total_net=total_net,
        total_list=priced.list_total.amount,
        total_discount_pct=_pct(total_discretionary, total_net + total_discretionary),
        margin_pct=priced.margin_percent,
        segment=account.segment if account else "",
        lines=tuple(facts_lines),
        has_non_standard_clauses=revision.non_standard,
        clauses_hash=clause_hash,
        breach_codes=tuple(sorted({b.code.value for b in priced.breaches})),
    )


async def active_rules(session: AsyncSession) -> tuple[tuple[engine.Rule, ...], dict[int, tuple[int | None, bool]]]:
    """The engine's rules, and each level's SLA (hours, escalate up) — the strictest rule's."""
    rows = (await session.scalars(select(ApprovalRule).where(ApprovalRule.active).order_by(ApprovalRule.id))).all()
    sla: dict[int, tuple[int | None, bool]] = {}
    for row in rows:
        hours, escalate = sla.get(row.level, (None, False))
        if row.sla_hours is not None:
            hours = row.sla_hours if hours is None else min(hours, row.sla_hours)
        sla[row.level] = (hours, escalate or row.escalate_up)
    return tuple(rule_from_row(row) for row in rows), sla


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


async def directory(session: AsyncSession, pricing_default_authority: Decimal) -> engine.Directory:
    users = (await session.scalars(select(User))).all()
    delegations = (await session.scalars(select(Delegation))).all()
    return engine.Directory(
        users=tuple(
            engine.UserFact(
                user_id=str(u.id),
                roles=tuple(r.value for r in u.roles),
                manager_id=str(u.manager_id) if u.manager_id else None,
                active=u.active,
                discount_authority_pct=(
                    u.discount_authority_percent if u.discount_authority_percent is not None else pricing_default_authority
                ),
            )
            for u in users
        ),
        delegations=tuple(
            engine.DelegationFact(user_id=str(d.user_id), delegate_id=str(d.delegate_id), start=d.starts_at, end=d.ends_at)
            for d in delegations
        ),
    )


def approver_ids(plan: engine.ApprovalPlan) -> list[int]:
    """The plan's seats and escalation targets: who may act on it whatever the date.

    Delegates are not listed: a delegate acts, reads and lists a request only
    while their delegation is in force, which is judged when they do.
    """
    seats = {a.user_id for step in plan.steps for a in step.approvers}
    seats |= {e for step in plan.steps for a in step.approvers for e in a.escalated_to}
    return sorted(int(s) for s in seats if s.isdigit())


