"""Quotes → the engine's deals: the priced lines, the account, the splits.

A deal line is a priced quote line (bundle options are lines of their own, as
the quote totals them) with its net amount, quantity, discount and margin as
fractions. The account is a new logo when it has never bought before.

``priced_lines`` is the one place that reads a quote's priced snapshot.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from db.codec.tagged import _bounded_decimal as stored_decimal
from db.models.accounts import Account as AccountRow
from db.models.commissions import QuoteSplit
from db.models.quotes import Quote
from db.queries import commissions as queries

HUNDRED = Decimal(100)


@dataclass(frozen=True, slots=True)
class PricedLine:
    """A priced quote line as commissions need it (fractions, not percents)."""

    key: str
    product_id: int
    amount: Decimal
    quantity: Decimal
    discount: Decimal
    margin: Decimal | None


def priced_lines(priced: Mapping[str, Any]) -> tuple[PricedLine, ...]:
    """The priced lines of a quote's priced snapshot (unpriced lines are left out).

    The only reader of the snapshot's JSON in commissions: when the snapshot
    changes format, this function changes alone.
    """
    lines = []
    for line in priced.get("lines", []):
        if line.get("net_amount") is None:
            continue  # unpriced: nothing to credit
        margin = line.get("margin_percent")
        lines.append(
            PricedLine(
                key=line["key"],
                product_id=line["product_id"],
                amount=stored_decimal(str(line["net_amount"])),
                quantity=stored_decimal(str(line["quantity"])),
                discount=stored_decimal(str(line.get("discount_percent") or 0)) / HUNDRED,
                margin=None if margin is None else stored_decimal(str(margin)) / HUNDRED,
            )
        )
    return tuple(lines)


def deal_lines(
    lines: Sequence[PricedLine], families: Mapping[int, str]
) -> tuple[engine.DealLine, ...]:
    return tuple(
        engine.DealLine(
            line_id=line.key,
            product_id=str(line.product_id),
            family=families.get(line.product_id, ""),
            amount=line.amount,
            quantity=line.quantity,
            discount=line.discount,
            margin=line.margin,
        )
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


async def families_of(
    session: AsyncSession, lines: Iterable[PricedLine]
) -> dict[int, str]:
    return await queries.product_families(session, {line.product_id for line in lines if line.product_id > 0})


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
    lines = {quote_id: priced_lines(r.priced) for quote_id, r in revisions.items()}
    families = await families_of(session, [line for found in lines.values() for line in found])
    account_ids = {q.account_id for q in quotes}
    accounts = await queries.accounts_by_ids(session, account_ids)
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
            lines=deal_lines(lines.get(quote.id, ()), families),
            account=deal_account(accounts.get(quote.account_id), quote.account_id in bought),
        )
        for quote in quotes
    }
    return deals, {q.id: engine_splits(splits.get(q.id, [])) for q in quotes}
