"""Quote expiry: an offer whose last valid day has passed moves to EXPIRED on its own.

Run on a schedule (``server.jobs``); a send or an acceptance that comes late expires the
quote too (``services.quotes.transitions``). Each expired quote gets the status machine's
EXPIRE move (the quote event, the commission and performance hooks, the ``quote`` event on
the bus) and an audit entry ``quote.expire`` with no actor: the system did it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.models.quotes import QuoteStatus
from db.queries.quotes import lapsed_quotes_for_update
from quotes.lifecycle import ALLOWED_FROM
from services.audit import record_change
from services.quotes.editing import touch
from services.quotes.transitions import apply_transition

EXPIRING: tuple[QuoteStatus, ...] = tuple(
    sorted(ALLOWED_FROM[rules.Action.EXPIRE], key=lambda status: status.value)
)
"""The statuses an offer can lapse from (the status machine says which)."""

BATCH = 200


@dataclass(frozen=True, slots=True)
class ExpiryRun:
    expired: int
    """Quotes moved to EXPIRED by this run."""
    more: bool
    """The batch was full: another run (a new transaction) may find more."""


async def expire_lapsed_quotes(
    session: AsyncSession, now: datetime, *, limit: int = BATCH
) -> ExpiryRun:
    """Expire up to ``limit`` quotes whose validity ended before ``now``'s (UTC) date.

    Idempotent: a quote is locked and read in this transaction, and an EXPIRED one is no
    longer found, so a second run (or a second worker) expires nothing twice.
    """
    lapsed = await lapsed_quotes_for_update(session, EXPIRING, now.date(), limit)
    for quote in lapsed:
        await apply_transition(session, None, now, quote, rules.Action.EXPIRE)
        touch(quote)
        await record_change(session, None, "quote.expire", quote)
    return ExpiryRun(expired=len(lapsed), more=len(lapsed) == limit)
