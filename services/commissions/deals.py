"""Quotes → the engine's deals: the priced lines, the account, the splits.

A deal line is a priced quote line (bundle options are lines of their own, as
the quote totals them) with its net amount, quantity, discount and margin as
fractions. The account is a new logo when it has never bought before.

``priced_lines`` is the one place that turns a priced quote into deal lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
import pricing
from db.codec.pricing import CODEC
from db.models.accounts import Account as AccountRow
from db.models.commissions import QuoteSplit
from db.models.quotes import Quote
from db.queries import commission_context as context
from db.queries import commissions as queries

HUNDRED = Decimal(100)


def _deal_line(
    line_id: str,
    product_id: str,
    net_amount: pricing.Money | None,
    quantity: int | Decimal,
    discount_percent: Decimal | None,
    margin_percent: Decimal | None,
) -> engine.DealLine | None:
    if net_amount is None:
        return None  # unpriced: nothing to credit
    return engine.DealLine(
        line_id=line_id,
        product_id=product_id,
        family="",
        amount=net_amount.amount,
        quantity=Decimal(quantity),
        discount=(discount_percent or Decimal(0)) / HUNDRED,
        margin=None if margin_percent is None else margin_percent / HUNDRED,
    )


def priced_lines(priced: pricing.PricedQuote) -> tuple[engine.DealLine, ...]:
    """The deal lines of a priced quote (unpriced lines are left out), their family still
    unknown (``with_families`` fills it in): the pricing engine's values handed to the
    commissions engine as its own, never through JSON."""
    found = (
        _deal_line(
            line.line_id,
            line.product_id,
            line.net_amount,
            line.quantity,
            line.discount_percent,
            line.margin_percent,
        )
        for line in priced.lines
    )
    return tuple(line for line in found if line is not None)


def stored_deal_lines(rows: Sequence[Sequence[Any]]) -> tuple[engine.DealLine, ...]:
    """``priced_lines`` of a stored snapshot, from its lines' ``DEAL_LINE_FIELDS`` alone
    (``queries.current_deal_lines``: each line's fields in that order): the same values,
    without decoding every waterfall."""
    found = (_deal_line(*(CODEC.decode(value) for value in row)) for row in rows)
    return tuple(line for line in found if line is not None)


def product_ids(lines: Iterable[engine.DealLine]) -> set[int]:
    """The catalog products ``lines`` name (ids the catalog may hold)."""
    return {int(line.product_id) for line in lines if line.product_id.isdigit()}


def with_families(
    lines: Sequence[engine.DealLine], families: Mapping[int, str]
) -> tuple[engine.DealLine, ...]:
    """``lines`` with their products' families (``families``: by product id)."""
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

    Two statements whatever the number of quotes.
    """
    stored = await queries.current_deal_lines(session, quotes)
    priced = {quote_id: stored_deal_lines(rows) for quote_id, rows in stored.items()}
    rows = await context.deal_rows(
        session,
        {q.account_id for q in quotes},
        [q.id for q in quotes],
        product_ids(line for found in priced.values() for line in found),
    )
    status = engine.DealStatus.WON if won else engine.DealStatus.OPEN
    deals = {
        quote.id: quote_deal(quote, priced.get(quote.id, ()), rows, close_dates[quote.id], status)
        for quote in quotes
    }
    return deals, {q.id: engine_splits(rows.splits.get(q.id, [])) for q in quotes}


def quote_deal(
    quote: Quote,
    lines: Sequence[engine.DealLine],
    rows: context.DealRows,
    close_date: date,
    status: engine.DealStatus = engine.DealStatus.OPEN,
) -> engine.Deal:
    """``quote`` as its owner's deal with ``lines`` (its current revision's, or one of its
    options'), families, account and new-logo flag from ``rows`` (``context.deal_rows``)."""
    return engine.Deal(
        deal_id=str(quote.id),
        owner_id=str(quote.owner_id),
        status=status,
        close_date=close_date,
        currency=quote.currency,
        lines=with_families(lines, rows.families),
        account=deal_account(rows.accounts.get(quote.account_id), quote.account_id in rows.bought),
    )
