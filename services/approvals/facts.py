"""What the approvals engine decides on about a quote: its facts, from the priced revision.

The one module here that reads a revision's stored pricing snapshot.

Discounts here are the rep's *discretionary* discount (line and quote
discounts), not what tiers and promotions gave: a volume tier needs nobody's
approval, a rep's 25% does.
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import approvals as engine
from schema.decimals import stored_decimal  # a pure bound, not GraphQL
from db.models.accounts import Account
from db.models.quotes import Quote, QuoteRevision
from db.queries.approvals import products_by_id, standard_floor_prices
from services.quotes.editing import revision_clauses

DISCRETIONARY = ("LINE_DISCOUNT", "QUOTE_DISCOUNT")
HUNDRED = Decimal(100)

PricedLine = dict[str, Any]
"""One line of a revision's stored pricing snapshot (``QuoteRevision.priced["lines"]``)."""


def discretionary(line: PricedLine) -> Decimal:
    """What the rep's own discounts took off the line (positive)."""
    return -sum((stored_decimal(s["amount_delta"]) for s in line["steps"] if s["kind"] in DISCRETIONARY), Decimal(0))


def priced_lines(revision: QuoteRevision) -> dict[str, PricedLine]:
    """The revision's priced lines by line key."""
    return {line["key"]: line for line in revision.priced.get("lines", [])}


def unit_before_discount(line: PricedLine) -> Decimal | None:
    """A line's unit price before the rep's own discounts, from its stored waterfall."""
    if line["net_amount"] is None or not line["quantity"]:
        return None
    return (stored_decimal(line["net_amount"]) + discretionary(line)) / stored_decimal(line["quantity"])


def _pct(part: Decimal, whole: Decimal) -> Decimal:
    return (part / whole * HUNDRED).quantize(Decimal("0.0001")) if whole > 0 else Decimal(0)


async def quote_facts(session: AsyncSession, quote: Quote, revision: QuoteRevision) -> engine.QuoteFacts:
    """The facts of ``revision`` the approval rules test."""
    priced = revision.priced
    lines = [line for line in priced.get("lines", []) if line["parent_key"] is None and line["net_amount"] is not None]
    product_ids = {line["product_id"] for line in lines}
    products = await products_by_id(session, product_ids)
    floors = await standard_floor_prices(session, quote.currency, product_ids, revision.pricing_date)
    account = await session.get(Account, quote.account_id)
    clauses = await revision_clauses(session, revision)
    clause_hash = hashlib.sha256(json.dumps([[c.title, c.body] for c in clauses]).encode()).hexdigest()
    total_net = stored_decimal(priced.get("net_total") or 0)
    total_discretionary = sum((discretionary(line) for line in lines), Decimal(0))
    facts_lines = []
    for line in lines:
        net = stored_decimal(line["net_amount"])
        given = discretionary(line)
        quantity = stored_decimal(line["quantity"])
        product = products.get(line["product_id"])
        facts_lines.append(
            engine.LineFacts(
                line_id=line["key"],
                product_id=str(line["product_id"]),
                family=(product.family or "") if product else "",
                discount_pct=_pct(given, net + given),
                net_unit_price=(net / quantity) if quantity else net,
                floor_price=floors.get(line["product_id"]),
                quantity=quantity,
            )
        )
    margin = priced.get("margin_percent")
    return engine.QuoteFacts(
        quote_id=str(quote.id),
        owner_id=str(quote.owner_id),
        currency=quote.currency,
        total_net=total_net,
        total_list=stored_decimal(priced.get("list_total") or 0),
        total_discount_pct=_pct(total_discretionary, total_net + total_discretionary),
        margin_pct=stored_decimal(margin) if margin is not None else None,
        segment=account.segment if account else "",
        lines=tuple(facts_lines),
        has_non_standard_clauses=revision.non_standard,
        clauses_hash=clause_hash,
        breach_codes=tuple(sorted({b["code"] for b in priced.get("breaches", [])})),
    )
