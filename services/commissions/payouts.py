"""The payout of each statement a close writes: held credits, released ones, the negative
balance carried in, the draw (``commissions.payouts``); read, for the close, in two queries.

Called from ``closing.close_period`` (the hook is two calls: ``payout_inputs`` once,
``payout_columns`` per statement). What one statement carries to the next (the negative
balance, the recoverable draw outstanding, the pool of held commission) is stored on the
statement and read back from the rep's latest earlier statement in the same currency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.draws import Draw, DrawKind
from commissions.holds import DealAmount, apply_holds
from commissions.payouts import Payout, PayoutCarry, settle_payout
from db.models.commission_payouts import CommissionDraw
from db.models.commissions import CommissionStatement
from db.queries import commission_payouts as queries
from services.commissions.rep_plans import RepPlan


@dataclass(frozen=True, slots=True)
class PayoutInputs:
    """What the close's payouts need beyond the statements: draws, paid invoices, carries."""

    draws: Mapping[int, CommissionDraw]
    paid_quotes: frozenset[str]
    """The quotes (ids as text, as held pools key them) whose invoice is paid by period end."""
    carried: Mapping[int, CommissionStatement]


async def payout_inputs(
    session: AsyncSession,
    period: engine.FiscalPeriod,
    plans: Mapping[int, RepPlan],
    carried: Mapping[int, CommissionStatement],
    quote_ids: Iterable[int],
) -> PayoutInputs:
    """The draws covering ``period`` and the invoices paid by its end, among the quotes
    credited in it and those earlier statements still hold."""
    held = {int(q) for row in carried.values() for q in row.held_pool}
    draws = await queries.draws_covering(session, plans.keys(), period.start, period.end)
    holding = any(plan.plan_row.holds_until_invoice_paid for plan in plans.values())
    wanted = {*quote_ids, *held} if holding else held  # no plan holds: only pools to release
    paid = await queries.invoices_paid(session, wanted, period.end)
    return PayoutInputs(draws, frozenset(str(q) for q in paid), carried)


def carry_of(row: CommissionStatement | None, currency: str) -> PayoutCarry:
    """What the rep's previous statement hands on; nothing across a change of currency."""
    if row is None or row.currency != currency:
        return PayoutCarry()
    return PayoutCarry(
        row.carried_forward,
        row.draw_outstanding,
        tuple(sorted((q, Decimal(a)) for q, a in row.held_pool.items())),
    )


def draw_of(row: CommissionDraw | None, currency: str) -> Draw | None:
    """The engine's draw; a draw in another currency than the statement's pays nothing."""
    if row is None or row.currency != currency:
        return None
    return Draw(DrawKind(row.kind.value), row.amount)


def payout_of(
    rep_id: int,
    statement: engine.Statement,
    plan: RepPlan,
    inputs: PayoutInputs,
    quote_id_of: Callable[[str], int],
) -> Payout:
    """The statement's payout under the rep's plan (held until invoice paid or not);
    ``quote_id_of`` gives the quote of a credit key (asked only when something is held)."""
    carry = carry_of(inputs.carried.get(rep_id), statement.currency)
    holding = plan.plan_row.holds_until_invoice_paid
    amounts = (
        [
            DealAmount(str(quote_id_of(entry.credit_id)), entry.amount, entry.clawback)
            for entry in (*statement.credits, *statement.clawbacks)
        ]
        if holding or carry.held  # nothing to hold or release: no pass over the credits
        else []
    )
    holds = apply_holds(amounts, inputs.paid_quotes, dict(carry.held), holding)
    draw = draw_of(inputs.draws.get(rep_id), statement.currency)
    return settle_payout(statement.earned_total, holds, carry, draw)


def payout_columns(payout: Payout) -> dict[str, Any]:
    """The statement row's payout columns; ``previously_paid`` is 0 at close (payments come
    after), and ``balance_due`` is ``amount_due + carried_forward``."""
    return {
        "previously_paid": Decimal(0),
        "balance_due": payout.balance,
        "carried_in": payout.carried_in,
        "held_total": payout.held,
        "released_total": payout.released,
        "draw_paid": payout.draw.shortfall_paid,
        "draw_recovered": payout.draw.recovered,
        "draw_outstanding": payout.carry.draw_outstanding,
        "amount_due": payout.amount_due,
        "carried_forward": payout.carried_forward,
        "held_pool": {q: str(a) for q, a in payout.carry.held},
    }
