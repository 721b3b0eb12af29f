"""The one call the quote status machine makes into commissions.

``apply_transition`` calls :func:`on_quote_status_changed` after a quote's
status changed, inside the same transaction: a quote becoming WON writes its
credits (and advances the reps' period states), a WON quote leaving WON writes
clawbacks. Refusals raise ``Refused``, which rolls the status change back too.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.models.quotes import Quote, QuoteStatus
from services.commissions.crediting import claw_back_quote, credit_won_quote


async def on_quote_status_changed(
    session: AsyncSession,
    quote: Quote,
    previous: QuoteStatus,
    current: QuoteStatus,
    today: date,
) -> None:
    if current is QuoteStatus.WON and previous is not QuoteStatus.WON:
        await credit_won_quote(session, quote, quote.actual_close_date or today)
    elif previous is QuoteStatus.WON and current is not QuoteStatus.WON:
        await claw_back_quote(session, quote, engine.ReversalKind.LOST_AFTER_WIN, today)
