"""A won deal undone: the commissions' clawbacks and the rep's sale taken back, together.

``reverseWonQuote`` (and the demo) call :func:`reverse_won_deal`: the commissions side
writes the clawbacks and, once every line is reversed, sets the quote LOST
(``services.commissions.quotes.reverse_won_quote``); the performance side then takes the
same lines out of the rep's SALE fact (``services.performance.quote_facts``), so KPIs,
rollups and contest totals move back in the same transaction. The two domains meet here,
above both, as they do in the status machine (``services.quotes.transitions``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.commissions import CommissionCredit
from db.models.quotes import Quote, QuoteStatus
from services.commissions.quotes import ReverseQuote, reverse_won_quote
from services.performance.quote_facts import on_sale_reversed


async def reverse_won_deal(
    session: AsyncSession, actor: Actor, now: datetime, command: ReverseQuote
) -> tuple[Quote, list[CommissionCredit]]:
    """Reverse the won quote (all of it, or ``command.line_keys``) in commissions and in the
    rep's sales; the quote and the clawbacks written. Units returned in part
    (``command.returned_units``) leave the sale's facts too: their units and their part of
    the line's revenue (the sale and its customer still count)."""
    quote, clawbacks = await reverse_won_quote(session, actor, now, command)
    complete = quote.status is not QuoteStatus.WON
    if complete or command.line_keys or command.returned_units:
        await on_sale_reversed(
            session,
            quote,
            now,
            command.line_keys,
            complete=complete,
            returned_units=command.returned_units,
        )
    return quote, clawbacks
