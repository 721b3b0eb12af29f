"""What the approvals engine decides on about a quote: its facts, from the priced revision.

The one module here that reads a revision's stored pricing snapshot.

Discounts here are the rep's *discretionary* discount (line and quote
discounts), not what tiers and promotions gave: a volume tier needs nobody's
approval, a rep's 25% does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
import pricing
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteRevision
from db.queries.approvals import products_by_id, standard_floor_prices
from services.pricing.snapshots import discretionary_discount, priced_quote_of
from services.quotes.editing import revision_clauses

HUNDRED = Decimal(100)
NO_CLAUSES = hashlib.sha256(b"[]").hexdigest()
"""The clauses hash of a deal with no clauses."""


def priced_lines(revision: QuoteRevision) -> dict[str, pricing.PricedLine]:
    """The revision's priced lines by line key."""
    return {line.line_id: line for line in priced_quote_of(revision).lines}


def unit_before_discount(line: pricing.PricedLine) -> Decimal | None:
    """A line's unit price before the rep's own discounts, from its stored waterfall."""
    if line.net_amount is None or not line.quantity:
        return None
    return (line.net_amount.amount + discretionary_discount(line)) / line.quantity


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(Decimal("0.0001")) if whole > 0 else Decimal(0)


async def quote_facts(
    session: AsyncSession, quote: Quote, revision: QuoteRevision
) -> engine.QuoteFacts:
    """The facts of ``revision`` the approval rules test."""
    account = await session.get(Account, quote.account_id)
    clauses = await revision_clauses(session, revision)
    clause_hash = hashlib.sha256(
        json.dumps([[c.title, c.body] for c in clauses]).encode()
    ).hexdigest()
    return await priced_facts(
        session,
        priced_quote_of(revision),
        Deal(
            quote_id=str(quote.id),
            owner_id=quote.owner_id,
            segment=account.segment if account else "",
            non_standard_clauses=revision.non_standard,
            clauses_hash=clause_hash,
        ),
    )


@dataclass(frozen=True, slots=True)
class Deal:
    """What the facts take from the deal around the priced lines."""

    quote_id: str
    owner_id: int
    segment: str
    non_standard_clauses: bool = False
    clauses_hash: str = NO_CLAUSES
    """The hash of the clauses (only a re-approval compares it); none by default."""


async def priced_facts(
    session: AsyncSession, priced: pricing.PricedQuote, deal: Deal
) -> engine.QuoteFacts:
    """The facts the approval rules test, from the pricing engine's own value (a saved
    revision's decoded snapshot, or a preview priced moments ago: never through JSON);
    its currency and date decide the floors. Two statements."""
    product_ids = {int(line.product_id) for line in top_lines(priced)}
    products = await products_by_id(session, product_ids)
    floors = await standard_floor_prices(session, priced.currency, product_ids, priced.pricing_date)
    families = {pk: product.family for pk, product in products.items()}
    return facts_of(priced, deal, families, floors)


def top_lines(priced: pricing.PricedQuote) -> list[pricing.PricedLine]:
    """The priced top-level lines (bundle options are their bundle's): what rules test."""
    return [
        line for line in priced.lines if line.parent_line_id is None and line.net_amount is not None
    ]


def facts_of(
    priced: pricing.PricedQuote,
    deal: Deal,
    families: Mapping[int, str | None],
    floors: Mapping[int, Decimal | None],
) -> engine.QuoteFacts:
    """``priced_facts`` once the products' families and floors are read."""
    lines = top_lines(priced)
    total_net = priced.net_total.amount
    total_discretionary = sum((discretionary_discount(line) for line in lines), Decimal(0))
    facts_lines = []
    for line in lines:
        assert line.net_amount is not None  # filtered above
        net = line.net_amount.amount
        given = discretionary_discount(line)
        quantity = Decimal(line.quantity)
        facts_lines.append(
            engine.LineFacts(
                line_id=line.line_id,
                product_id=line.product_id,
                family=families.get(int(line.product_id)) or "",
                discount_pct=_pct(given, net + given),
                net_unit_price=(net / quantity) if quantity else net,
                floor_price=floors.get(int(line.product_id)),
                quantity=quantity,
            )
        )
    return engine.QuoteFacts(
        quote_id=deal.quote_id,
        owner_id=str(deal.owner_id),
        currency=priced.currency,
        total_net=total_net,
        total_list=priced.list_total.amount,
        total_discount_pct=_pct(total_discretionary, total_net + total_discretionary),
        margin_pct=priced.margin_percent,
        segment=deal.segment,
        lines=tuple(facts_lines),
        has_non_standard_clauses=deal.non_standard_clauses,
        clauses_hash=deal.clauses_hash,
        breach_codes=tuple(sorted({b.code.value for b in priced.breaches})),
    )
