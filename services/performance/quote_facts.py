"""Quote events become facts ("sales are not typed twice").

The quote workflow calls these inside its own transaction: a quote created is
QUOTE_GENERATED, sent QUOTE_SENT, accepted QUOTE_ACCEPTED, and won a SALE with
the quote's net total as revenue, the current revision's line quantities as
units and the account as the customer. A sale following a TRANSFER logged for
the quote or its account by the same rep carries ``transferred=true`` and the
transfer's id (transfer conversion counts those). Each fact's external id is
the quote and event, so a quote re-won after being reopened counts once.

A won deal undone (``reverseWonQuote``, or any move out of WON) is a reversal of its
SALE (``gamification.facts.REVERSAL``): dated at the sale's own instant, so the
sale leaves the very days, periods and contest windows it counted in, as if it had
not happened. A partial return takes back those lines' units and their share of the
revenue (the sale and its customer still count); undoing the rest takes back what is
left, the count and the customer. Facts carry the quote's currency (``currency``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.codec.pricing import priced_quote_of
from db.models.quotes import Quote, QuoteRevision, QuoteStatus
from db.queries import activities as log
from gamification.facts import FULL, PARTIAL, REVERSAL, Fact, attributes_of
from pricing.money import round_money
from services.performance.rollups import LogEntry, fact_of_row, log_and_roll_up

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
        attributes=attributes_of({"currency": quote.currency, **(attributes or {})}),
        external_id=f"quote:{quote.id}:{kind}" + (f":{occurrence}" if occurrence else ""),
    )


async def on_quote_created(session: AsyncSession, quote: Quote, now: datetime) -> None:
    await _record(session, quote, _fact(quote, "QUOTE_GENERATED", now))


async def on_quote_moved(
    session: AsyncSession, quote: Quote, previous: QuoteStatus, now: datetime
) -> None:
    """Record the fact of the status ``quote`` just reached from ``previous``, if it has one."""
    if previous is QuoteStatus.WON and quote.status is not QuoteStatus.WON:
        await on_sale_reversed(session, quote, now, complete=True)
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


def _partial_share(quote: Quote, revision: QuoteRevision, line_keys: Collection[str]) -> Decimal:
    """The revenue of the ``line_keys`` lines: the quote's net total split in proportion to
    the lines' net amounts (a quote-level discount shares alike), in the currency's units."""
    lines = priced_quote_of(revision).lines
    nets = {line.line_id: line.net_amount.amount for line in lines if line.net_amount}
    whole = sum(nets.values(), Decimal(0))
    if not whole:
        return Decimal(0)
    part = sum((nets.get(key, Decimal(0)) for key in line_keys), Decimal(0))
    return round_money(quote.net_total * part / whole, quote.currency)


async def on_sale_reversed(
    session: AsyncSession,
    quote: Quote,
    now: datetime,
    line_keys: Collection[str] = (),
    *,
    complete: bool,
) -> Fact | None:
    """Undo the quote's SALE: the ``line_keys`` lines of it, or (``complete``) all that is
    left of it; the reversal fact logged, or None when there was no sale to undo."""
    logged = [fact_of_row(row) for row in await log.sale_facts(session, quote.id)]
    sale = next((f for f in logged if f.reversal is None), None)
    if sale is None or any(f.reversal == FULL for f in logged):
        return None
    taken = [f for f in logged if f.reversal == PARTIAL]
    if complete:
        units = sale.quantity - sum((f.quantity for f in taken), Decimal(0))
        amount = (sale.amount or Decimal(0)) - sum(
            (f.amount or Decimal(0) for f in taken), Decimal(0)
        )
        occurrence = "ALL"
    else:
        revision = await log.quote_revision(session, quote.id, quote.current_revision)
        units = Decimal(await log.quote_units(session, quote.id, quote.current_revision, line_keys))
        amount = _partial_share(quote, revision, line_keys)
        occurrence = ",".join(sorted(line_keys))
    reversal = dataclasses.replace(
        sale,
        quantity=max(units, Decimal(1)),
        amount=max(amount, Decimal(0)),
        attributes=attributes_of(
            {
                **dict(sale.attributes),
                REVERSAL: FULL if complete else PARTIAL,
                "reversed_at": now.isoformat(),
            }
        ),
        external_id=f"{sale.external_id}:reversal:{occurrence}",
    )
    await _record(session, quote, reversal)
    return reversal
