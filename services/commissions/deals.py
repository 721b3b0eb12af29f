"""Quotes → the engine's deals: the priced lines, the account, the splits.

A deal line is a priced quote line (bundle options are lines of their own, as
the quote totals them) with its net amount, quantity, discount and margin as
fractions. The account is a new logo when it has never bought before.

``priced_lines`` is the one place that turns a priced quote into deal lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
import pricing
from db.codec.pricing import priced_quote_of
from db.models.accounts import Account as AccountRow
from db.models.commissions import QuoteSplit
from db.models.quotes import Quote
from db.queries import commissions as queries

HUNDRED = Decimal(100)


def priced_lines(priced: pricing.PricedQuote) -> tuple[engine.DealLine, ...]:
    """The deal lines of a priced quote (unpriced lines are left out), their family still
    unknown (``with_families`` fills it in): the pricing engine's values handed to the
    commissions engine as its own, never through JSON."""
    lines = []
    for line in priced.lines:
        if line.net_amount is None:
            continue  # unpriced: nothing to credit
        margin = line.margin_percent
        lines.append(
            engine.DealLine(
                line_id=line.line_id,
                product_id=line.product_id,
                family="",
                amount=line.net_amount.amount,
                quantity=Decimal(line.quantity),
                discount=(line.discount_percent or Decimal(0)) / HUNDRED,
                margin=None if margin is None else margin / HUNDRED,
            )
        )
    return tuple(lines)


async def with_families(
    session: AsyncSession, lines: Sequence[engine.DealLine]
) -> tuple[engine.DealLine, ...]:
    """``lines`` with their products' families (one query)."""
    ids = {int(line.product_id) for line in lines if line.product_id.isdigit()}
    families = await queries.product_families(session, ids)
    return tuple(
        dataclasses.replace(line, family=families.get(int(line.product_id), ""))
        if line.product_id.isdigit()
        else line
        for line in lines
    )


def deal_account(account: AccountRow | None, has_bought: bool) -> engine.Account:
    if account is None:
        return engine.Account()
    return engine.Account(
        segment=account.segment, industry=account.industry or "", new_logo=not has_bought
    )


def engine_splits(rows: Sequence[QuoteSplit]) -> tuple[engine.Split, ...]:
    return tuple(engine.Split(str(row.rep_id), row.share_percent / HUNDRED) for row in rows)


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
    revisions = await queries.current_revisions(session, quotes)
    priced = {quote_id: priced_lines(priced_quote_of(r)) for quote_id, r in revisions.items()}
    named = iter(
        await with_families(session, [line for found in priced.values() for line in found])
    )
    lines = {quote_id: tuple(next(named) for _ in found) for quote_id, found in priced.items()}
    account_ids = {q.account_id for q in quotes}
    accounts = await queries.rows_by_ids(session, AccountRow, account_ids)
    bought = await queries.accounts_with_wins(
        session, account_ids, except_quote_ids={q.id for q in quotes}
    )
    splits = await queries.splits_of(session, [q.id for q in quotes])
    deals = {
        quote.id: engine.Deal(
            deal_id=str(quote.id),
            owner_id=str(quote.owner_id),
            status=engine.DealStatus.WON if won else engine.DealStatus.OPEN,
            close_date=close_dates[quote.id],
            currency=quote.currency,
            lines=lines.get(quote.id, ()),
            account=deal_account(accounts.get(quote.account_id), quote.account_id in bought),
        )
        for quote in quotes
    }
    return deals, {q.id: engine_splits(splits.get(q.id, [])) for q in quotes}
