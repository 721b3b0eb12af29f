"""Writing the credit ledger: a won quote's credits, and a reversal's clawbacks.

Both run inside the mutation's transaction, so a quote is never WON without its
credits. A credit for a rep whose plan (in the credit's period) pays in another currency
than the deal's is converted here with the exchange rate valid on the close date
(``commissions.currency``), and stores the original amount and the rate; without such a
rate the win is refused with ``EXCHANGE_RATE_MISSING`` and nothing is written, so no
credit is ever left out of a period. A clawback mirrors its converted sale (same rate).

A credit or clawback dated in a closed period lands on the first open day after it (the
closed period stays as its statements say); ``rated_on`` keeps the real close date, so
plan rules judge the deal as it happened. A rep who left more than their plan's clawback
window before the reversal day gets no clawback; a rep between two assignments on the
reversal day gets it on the first day of the next one; a sale made while the rep held no
assignment was paid nothing and gets no clawback (``services.commissions.people``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.codec.commissions import encode, encode_all
from db.models.commissions import CommissionCredit, CreditRole, ReversalKind
from db.models.quotes import Quote
from db.queries import commissions as queries
from services.commissions.calendar import CalendarSetting, load_calendar, load_closed
from services.commissions.deals import quote_deals
from services.commissions.exchange_rates import load_rates
from services.commissions.people import on_assignments, within_clawback_windows
from services.commissions.period_states import after_credits
from services.commissions.refusals import refused
from services.commissions.rep_plans import engine_credit, rep_plans
from services.commissions.returns import stand_clawbacks
from services.refusal import Code, refuse


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
        original_currency=credit.original_currency,
        original_amount=credit.original_amount,
        exchange_rate=credit.exchange_rate,
        deal_scope={"products": list(credit.deal_products), "families": list(credit.deal_families)},
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
    credits = [dataclasses.replace(c, credit_date=landing) for c in result.credits]
    credits = await _in_plan_currencies(session, credits, setting, landing)
    rows = [credit_row(c, quote.id) for c in credits]
    session.add_all(rows)
    await after_credits(session, rows, setting)
    return rows


async def claw_back_quote(
    session: AsyncSession,
    quote: Quote,
    kind: engine.ReversalKind,
    reversal_date: date,
    line_keys: Sequence[str] = (),
    returned_units: Sequence[tuple[str, Decimal]] = (),
) -> tuple[list[CommissionCredit], bool]:
    """Clawback credits for a reversed quote, landing in the open period of the reversal
    (``returned_units``: lines returned in part, by quote line key and units).

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
        returned_units=tuple(engine.ReturnedUnits(key, units) for key, units in returned_units),
    )
    ledger = tuple(engine_credit(row) for row in existing)
    result = engine.claw_back(ledger, reversal)
    if not result.ok:
        raise refused(result.refusals, ("input",))
    ids = {row.credit_key: row.id for row in existing}
    kept = await within_clawback_windows(session, result.credits, reversal_date)  # leavers
    kept = await on_assignments(session, ledger, kept, closed)  # gaps between assignments
    kept = await stand_clawbacks(session, ledger, kept, setting)  # cumulative unit tables
    rows = [credit_row(c, quote.id, ids[c.reverses or ""]) for c in kept]
    session.add_all(rows)
    await after_credits(session, rows, setting)
    complete = _fully_reversed(ledger + result.credits)
    return rows, complete


async def _in_plan_currencies(
    session: AsyncSession,
    credits: Sequence[engine.Credit],
    setting: CalendarSetting,
    day: date,
) -> list[engine.Credit]:
    """Each credit in its rep's plan currency (the plan of the period it lands in); a rep
    with no plan then keeps the deal's currency (a period converts it when computed)."""
    plans = await rep_plans(
        session, {int(c.rep_id) for c in credits}, setting.period_of(day), setting
    )
    wanted = {
        c.credit_id: plans[int(c.rep_id)].plan_row.currency
        for c in credits
        if int(c.rep_id) in plans
    }
    foreign = [c for c in credits if wanted.get(c.credit_id, c.currency) != c.currency]
    if not foreign:
        return list(credits)
    rates = await load_rates(
        session, {c.currency for c in foreign}, max(c.rated_on for c in foreign)
    )
    out = []
    for credit in credits:
        converted, missing = engine.convert_credit(
            credit, wanted.get(credit.credit_id, credit.currency), rates
        )
        if converted is None:  # the rate is missing for the close date the win was given
            message = missing.message if missing else "No exchange rate for this deal."
            raise refuse(Code.EXCHANGE_RATE_MISSING, message, ("input", "closeDate"))
        out.append(converted)
    return out


def _fully_reversed(ledger: Sequence[engine.Credit]) -> bool:
    """True when nothing of any credited line of the deal is left to return (a line
    returned in part still stands)."""
    returned = engine.returned_so_far(tuple(ledger))
    return all(
        (back := returned.get((credit.credit_id, line.line_id))) is not None and back.done(line)
        for credit in ledger
        if not credit.is_clawback
        for line in credit.lines
    )
