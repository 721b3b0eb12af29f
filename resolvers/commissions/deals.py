"""Quotes → the engine's deals: the priced lines, the account, the splits.

A deal line is a priced quote line (bundle options are lines of their own, as
the quote totals them) with its net amount, quantity, discount and margin as
fractions. The account is a new logo when it has never bought before.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
import pricing
from db.models.accounts import Account as AccountRow
from db.models.catalog import Product
from db.models.commissions import QuoteSplit
from db.models.quotes import Quote, QuoteRevision
from db.queries import commissions as queries
from services.pricing.snapshots import priced_quote_of

HUNDRED = Decimal(100)


def deal_lines(
    priced: pricing.PricedQuote | None, families: Mapping[int, str]
) -> tuple[engine.DealLine, ...]:
    lines = []
    for line in priced.lines if priced is not None else ():
        if line.net_amount is None:
            continue  # unpriced: nothing to credit
        margin = line.margin_percent
        lines.append(
            engine.DealLine(
                line_id=line.line_id,
                product_id=line.product_id,
                family=families.get(int(line.product_id), ""),
                amount=line.net_amount.amount,
                quantity=Decimal(line.quantity),
                discount=(line.discount_percent or Decimal(0)) / HUNDRED,
                margin=None if margin is None else margin / HUNDRED,
            )
        )
    return tuple(lines)


def deal_account(account: AccountRow | None, has_bought: bool) -> engine.Account:
    if account is None:
        return engine.Account()
    return engine.Account(
        segment=account.segment, industry=account.industry or "", new_logo=not has_bought
    )


def engine_splits(rows: Sequence[QuoteSplit]) -> tuple[engine.Split, ...]:
    return tuple(engine.Split(str(row.rep_id), row.share_percent / HUNDRED) for row in rows)


async def product_families(session: AsyncSession, product_ids: Iterable[int]) -> dict[int, str]:
    ids = set(product_ids)
    if not ids:
        return {}
    rows = await session.execute(select(Product.id, Product.family).where(Product.id.in_(ids)))
    return {pid: family or "" for pid, family in rows}


def priced_product_ids(priced: pricing.PricedQuote) -> set[int]:
    return {int(line.product_id) for line in priced.lines if line.product_id.isdigit()}


async def quote_deals(
    session: AsyncSession,
    quotes: Sequence[Quote],
    close_dates: Mapping[int, date],
    *,
    won: bool = False,
) -> tuple[dict[int, engine.Deal], dict[int, tuple[engine.Split, ...]]]:
    """A deal per quote from its current revision (closing on ``close_dates``), and its splits.

    Five queries whatever the number of quotes.
    """
    revisions: dict[int, QuoteRevision] = await queries.current_revisions(session, quotes)
    product_ids = (
        set().union(*(priced_product_ids(priced_quote_of(r)) for r in revisions.values()))
        if revisions
        else set()
    )
    families = await product_families(session, product_ids)
    accounts = await queries.accounts_by_ids(session, {q.account_id for q in quotes})
    bought = await queries.accounts_with_wins(
        session, {q.account_id for q in quotes}, except_quote_ids={q.id for q in quotes}
    )
    splits = await queries.splits_of(session, [q.id for q in quotes])
    deals = {}
    for quote in quotes:
        revision = revisions.get(quote.id)
        deals[quote.id] = engine.Deal(
            deal_id=str(quote.id),
            owner_id=str(quote.owner_id),
            status=engine.DealStatus.WON if won else engine.DealStatus.OPEN,
            close_date=close_dates[quote.id],
            currency=quote.currency,
            lines=deal_lines(priced_quote_of(revision) if revision else None, families),
            account=deal_account(accounts.get(quote.account_id), quote.account_id in bought),
        )
    return deals, {q.id: engine_splits(splits.get(q.id, [])) for q in quotes}
