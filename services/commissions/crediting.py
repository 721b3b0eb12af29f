"""Writing the credit ledger: a won quote's credits, and a reversal's clawbacks.

Both run inside the mutation's transaction, so a quote is never WON without its
credits. A credit or clawback dated in a closed period lands on the first open
day after it (the closed period stays as its statements say); ``rated_on``
keeps the real close date, so plan rules judge the deal as it happened.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.codec.commissions import credit_lines_of, encode, encode_all
from db.models.commissions import CommissionCredit, CreditRole, ReversalKind
from db.models.quotes import Quote
from db.queries import commissions as queries
from services.commissions.calendar import load_calendar, load_closed
from services.commissions.deals import quote_deals
from services.commissions.period_states import after_credits
from services.commissions.refusals import refused
from services.commissions.rep_plans import engine_credit, original_key


def credit_row(
    credit: engine.Credit, quote_id: int, reverses_id: int | None = None
) -> CommissionCredit:
    return CommissionCredit(
        credit_key=credit.credit_id,
        quote_id=quote_id,
        rep_id=int(credit.rep_id),
        role=CreditRole(credit.role.value),
        share=credit.share,
        credit_date=credit.credit_date,
        rated_on=credit.rated_on,
        currency=credit.currency,
        amount=sum((line.amount for line in credit.lines), Decimal(0)),
        account=encode(credit.account),
        lines=encode_all(credit.lines),
        deal_discount=credit.deal_discount,
        deal_margin=credit.deal_margin,
        reverses_id=reverses_id,
        reversal_kind=ReversalKind(credit.reversal_kind.value) if credit.reversal_kind else None,
        completes_reversal=credit.completes_reversal,
    )


async def credit_won_quote(
    session: AsyncSession, quote: Quote, close_date: date
) -> list[CommissionCredit]:
    """Credit the owner (or the split reps) and their managers for a quote just won."""
    if any(not row.reverses_id for row in await queries.quote_credits(session, quote.id)):
        return []  # credited already: a ledger fact is written once
    setting = await load_calendar(session)
    closed = await load_closed(session)
    deals, splits = await quote_deals(session, [quote], {quote.id: close_date}, won=True)
    deal = deals[quote.id]
    reps = [int(s.rep_id) for s in splits[quote.id]] or [quote.owner_id]
    hierarchy = {str(k): str(v) for k, v in (await queries.manager_chain(session, reps)).items()}
    result = engine.credit_deal(deal, splits[quote.id], hierarchy)
    if not result.ok:
        raise refused(result.refusals, ("input",))
    landing = closed.landing(close_date)
    rows = [
        credit_row(dataclasses.replace(c, credit_date=landing), quote.id) for c in result.credits
    ]
    session.add_all(rows)
    await after_credits(session, rows, setting)
    return rows


async def claw_back_quote(
    session: AsyncSession,
    quote: Quote,
    kind: engine.ReversalKind,
    reversal_date: date,
    line_keys: Sequence[str] = (),
) -> tuple[list[CommissionCredit], bool]:
    """Clawback credits for a reversed quote, landing in the open period of the reversal.

    Returns the new rows and whether every credited line of the deal is now reversed.
    """
    existing = await queries.quote_credits(session, quote.id)
    setting = await load_calendar(session)
    closed = await load_closed(session)
    reversals = {row.credit_key.rsplit("~", 1)[1] for row in existing if row.reverses_id}
    reversal = engine.Reversal(
        reversal_id=f"R{len(reversals) + 1}",
        deal_id=str(quote.id),
        reversal_date=closed.landing(reversal_date),
        kind=kind,
        line_ids=tuple(line_keys),
    )
    result = engine.claw_back(tuple(engine_credit(row) for row in existing), reversal)
    if not result.ok:
        raise refused(result.refusals, ("input",))
    ids = {row.credit_key: row.id for row in existing}
    rows = [credit_row(c, quote.id, ids[c.reverses or ""]) for c in result.credits]
    session.add_all(rows)
    await after_credits(session, rows, setting)
    complete = _fully_reversed(existing, result.credits)
    return rows, complete


def _fully_reversed(existing: Sequence[CommissionCredit], new: Sequence[engine.Credit]) -> bool:
    sold = {
        (row.credit_key, line.line_id)
        for row in existing
        if not row.reverses_id
        for line in credit_lines_of(row.lines)
    }
    done = {
        (original_key(row.credit_key), line.line_id)
        for row in existing
        if row.reverses_id
        for line in credit_lines_of(row.lines)
    } | {(c.reverses, line.line_id) for c in new for line in c.lines}
    return sold <= done
