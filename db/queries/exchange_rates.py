"""Exchange rates: the ones a conversion may need, the one set for a pair and day."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.commissions import ExchangeRate
from db.queries.listing import matching


async def rates_from(
    session: AsyncSession, from_currencies: Iterable[str], on_or_before: date
) -> list[ExchangeRate]:
    """Every rate out of these currencies valid from ``on_or_before`` or earlier (one query)."""
    wanted = sorted(set(from_currencies))
    if not wanted:
        return []
    stmt = select(ExchangeRate).where(
        ExchangeRate.from_currency.in_(wanted), ExchangeRate.valid_from <= on_or_before
    )
    return list((await session.scalars(stmt.order_by(ExchangeRate.id))).all())


async def rate_for(
    session: AsyncSession, from_currency: str, to_currency: str, valid_from: date
) -> ExchangeRate | None:
    """The rate set for the pair from exactly ``valid_from``, locked for update."""
    stmt = (
        select(ExchangeRate)
        .where(
            ExchangeRate.from_currency == from_currency,
            ExchangeRate.to_currency == to_currency,
            ExchangeRate.valid_from == valid_from,
        )
        .with_for_update()
    )
    row: ExchangeRate | None = await session.scalar(stmt)
    return row


def listing(from_currency: str | None, to_currency: str | None) -> Select[Any]:
    """The ``exchangeRates`` list, optionally of one source or target currency."""
    return matching(ExchangeRate, from_currency=from_currency, to_currency=to_currency)
