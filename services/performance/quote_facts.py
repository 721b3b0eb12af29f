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
revenue (the sale and its customer still count); so does a return of some units of a line
(``returnedUnits``: the units, and that part of the line's share), the units it took noted
on the fact (``returned_units``) so a later return of the whole line takes only the rest;
undoing the rest takes back what is left, the count and the customer. Facts carry the
quote's currency (``currency``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.codec.pricing import priced_quote_of
from db.models.quotes import Quote, QuoteStatus
from db.queries import activities as log
from gamification.facts import FULL, PARTIAL, REVERSAL, Fact, attributes_of
from pricing.money import round_money
from pricing.results import PricedLine
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


RETURNED_UNITS = "returned_units"
"""The attribute of a reversal taking back some units of lines: ``key=units`` pairs, ``;``
between them (what a later return of the same whole lines no longer takes)."""


def _partial_share(
    quote: Quote, lines: Sequence[PricedLine], fractions: Mapping[str, Decimal]
) -> tuple[Decimal, Decimal]:
    """(units, revenue) of the lines keyed in ``fractions``, each line taken by that fraction
    of its units: revenue is the quote's net total split in proportion to the lines' net
    amounts (a quote-level discount shares alike), in the currency's units."""
    nets = {line.line_id: line.net_amount.amount for line in lines if line.net_amount}
    quantities = {line.line_id: Decimal(line.quantity) for line in lines}
    units = sum((quantities.get(k, Decimal(0)) * f for k, f in fractions.items()), Decimal(0))
    whole = sum(nets.values(), Decimal(0))
    if not whole:
        return units, Decimal(0)
    part = sum((nets.get(k, Decimal(0)) * f for k, f in fractions.items()), Decimal(0))
    return units, round_money(quote.net_total * part / whole, quote.currency)


def _units_taken(facts: Iterable[Fact], quantities: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """Units of each line earlier partial reversals took back: the units they noted
    (``RETURNED_UNITS``), all of a line they returned whole (named in their external id)."""
    taken: dict[str, Decimal] = {}
    for fact in facts:
        noted = fact.attribute(RETURNED_UNITS)
        for pair in (noted or "").split(";"):
            if pair:
                key, units = pair.split("=")
                taken[key] = taken.get(key, Decimal(0)) + Decimal(units)
        whole = (fact.external_id or "").partition(":reversal:")[2].partition("+")[0]
        for key in filter(None, whole.split(",")):
            taken[key] = quantities.get(key, Decimal(0))
    return taken


async def on_sale_reversed(
    session: AsyncSession,
    quote: Quote,
    now: datetime,
    line_keys: Collection[str] = (),
    *,
    complete: bool,
    returned_units: Sequence[tuple[str, Decimal]] = (),
) -> Fact | None:
    """Undo the quote's SALE: the ``line_keys`` lines of it and the ``returned_units``
    (line key, units) of others, or (``complete``) all that is left of it; the reversal
    fact logged, or None when there was no sale to undo (or nothing of it to take)."""
    logged = [fact_of_row(row) for row in await log.sale_facts(session, quote.id)]
    sale = next((f for f in logged if f.reversal is None), None)
    if sale is None or any(f.reversal == FULL for f in logged):
        return None
    taken = [f for f in logged if f.reversal == PARTIAL]
    extra: dict[str, str] = {}
    if complete:
        units = sale.quantity - sum((f.quantity for f in taken), Decimal(0))
        amount = (sale.amount or Decimal(0)) - sum(
            (f.amount or Decimal(0) for f in taken), Decimal(0)
        )
        occurrence = "ALL"
    else:
        revision = await log.quote_revision(session, quote.id, quote.current_revision)
        lines = priced_quote_of(revision).lines
        quantities = {line.line_id: Decimal(line.quantity) for line in lines}
        before = _units_taken(taken, quantities)
        fractions = {  # a whole line: what earlier returns of it left
            key: 1 - before.get(key, Decimal(0)) / quantities[key]
            for key in line_keys
            if quantities.get(key) and before.get(key, Decimal(0)) < quantities[key]
        }
        for key, returned in returned_units:
            if quantities.get(key):
                fractions[key] = fractions.get(key, Decimal(0)) + returned / quantities[key]
        units, amount = _partial_share(quote, lines, fractions)
        if units <= 0:
            return None
        occurrence = ",".join(sorted(line_keys))
        if returned_units:
            noted = ";".join(f"{key}={units:f}" for key, units in sorted(returned_units))
            extra[RETURNED_UNITS] = noted
            occurrence = f"{occurrence}+units:{len(taken) + 1}"
    reversal = dataclasses.replace(
        sale,
        quantity=units if units > 0 else Decimal(1),
        amount=max(amount, Decimal(0)),
        attributes=attributes_of(
            {
                **dict(sale.attributes),
                **extra,
                REVERSAL: FULL if complete else PARTIAL,
                "reversed_at": now.isoformat(),
            }
        ),
        external_id=f"{sale.external_id}:reversal:{occurrence}",
    )
    await _record(session, quote, reversal)
    return reversal
