"""Quote events become facts ("sales are not typed twice").

The quote workflow calls these inside its own transaction: a quote created is
QUOTE_GENERATED, sent QUOTE_SENT, accepted QUOTE_ACCEPTED, and won a SALE with
the quote's net total as revenue, the current revision's line quantities as
units and the account as the customer. A sale following a TRANSFER logged for
the quote or its account by the same rep carries ``transferred=true`` and the
transfer's id (transfer conversion counts those). Each fact's external id is
the quote and event, so a quote re-won after being reopened counts once.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Quote, QuoteStatus
from db.queries import activities as log
from gamification.facts import Fact, attributes_of
from services.performance.rollups import LogEntry, log_and_roll_up

KIND_OF = {
    QuoteStatus.SENT: "QUOTE_SENT",
    QuoteStatus.ACCEPTED: "QUOTE_ACCEPTED",
    QuoteStatus.WON: "SALE",
}


async def _record(session: AsyncSession, quote: Quote, fact: Fact) -> None:
    await log_and_roll_up(session, [LogEntry(fact, quote.account_id, quote.id)])


def _fact(
    quote: Quote,
    kind: str,
    now: datetime,
    quantity: Decimal = Decimal(1),
    amount: Decimal | None = None,
    attributes: dict[str, str] | None = None,
    occurrence: str | None = None,
) -> Fact:
    return Fact(
        rep_id=quote.owner_id,
        kind=kind,
        occurred_at=now,
        quantity=quantity,
        amount=amount,
        customer_key=f"account:{quote.account_id}",
        attributes=attributes_of(attributes or {}),
        external_id=f"quote:{quote.id}:{kind}" + (f":{occurrence}" if occurrence else ""),
    )


async def on_quote_created(session: AsyncSession, quote: Quote, now: datetime) -> None:
    await _record(session, quote, _fact(quote, "QUOTE_GENERATED", now))


async def on_quote_moved(
    session: AsyncSession, quote: Quote, previous: QuoteStatus, now: datetime
) -> None:
    """Record the fact of the status ``quote`` just reached from ``previous``, if it has one."""
    kind = KIND_OF.get(quote.status)
    if kind is None or previous is quote.status:
        return
    if kind != "SALE":
        await _record(session, quote, _fact(quote, kind, now))
        return
    units = await log.quote_units(session, quote.id, quote.current_revision)
    transfer = await log.transfer_behind(session, quote.owner_id, quote.id, quote.account_id)
    attributes = {"transferred": "true", "transfer_id": transfer} if transfer else {}
    sale = _fact(quote, kind, now, Decimal(max(units, 1)), quote.net_total, attributes)
    await _record(session, quote, sale)


async def on_quote_slipped(
    session: AsyncSession, quote: Quote, event_id: int, amount: Decimal, now: datetime
) -> None:
    """A SLIPPAGE fact for slippage event ``event_id`` (a quote may slip more than once)."""
    slip = _fact(quote, "SLIPPAGE", now, amount=amount, occurrence=str(event_id))
    await _record(session, quote, slip)
