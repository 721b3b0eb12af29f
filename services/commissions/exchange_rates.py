"""Exchange rates (OPS): set one for a currency pair from a day, delete one, read those a
conversion needs.

A rate says what one unit of ``fromCurrency`` is worth in ``toCurrency`` from
``validFrom`` until the next rate of the pair. Setting the same pair and day again
replaces the rate (so a retried call changes nothing twice). A credit keeps the rate it
was converted with, so changing or deleting a rate never changes a credit already
written: it applies to the credits and estimates that come after.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

import commissions as engine
from commissions.money import is_known_currency
from db.actor import Actor
from db.models.commissions import ExchangeRate
from db.queries import exchange_rates as queries
from services.audit import record_change, record_new
from services.refusal import Code, refuse
from services.rows import get_or_refuse, new_row

EARLIEST = date(1970, 1, 1)
LATEST = date(2199, 12, 31)


@dataclass(frozen=True, slots=True)
class SetRate:
    from_currency: str
    to_currency: str
    rate: Decimal
    valid_from: date


def _check(command: SetRate) -> None:
    for name, code in (
        ("fromCurrency", command.from_currency),
        ("toCurrency", command.to_currency),
    ):
        if not is_known_currency(code):
            raise refuse(Code.INVALID, f"Unknown currency {code}.", ("input", name))
    if command.from_currency == command.to_currency:
        raise refuse(
            Code.INVALID, "A rate converts between two currencies.", ("input", "toCurrency")
        )
    if not engine.check_rate(command.rate):
        raise refuse(
            Code.INVALID,
            "A rate is above 0 and at most 1,000,000,000.",
            ("input", "rate"),
        )
    if not EARLIEST <= command.valid_from <= LATEST:
        raise refuse(Code.INVALID, "A rate is valid from 1970 to 2199.", ("input", "validFrom"))


async def set_exchange_rate(
    session: AsyncSession, actor: Actor, now: datetime, command: SetRate
) -> ExchangeRate:
    """``setExchangeRate``: the pair's rate from ``valid_from`` (created, or replaced)."""
    _check(command)
    row = await queries.rate_for(
        session, command.from_currency, command.to_currency, command.valid_from
    )
    if row is None:
        row = new_row(ExchangeRate, command, set_by_id=actor.user_id)
        return await record_new(session, actor, "setExchangeRate", row)
    row.rate = command.rate
    row.set_by_id = actor.user_id
    await record_change(session, actor, "setExchangeRate", row)
    return row


async def delete_exchange_rate(
    session: AsyncSession, actor: Actor, now: datetime, rate_id: int
) -> ExchangeRate:
    """``deleteExchangeRate``: the rate is gone; credits converted with it keep their rate."""
    row = await get_or_refuse(session, ExchangeRate, rate_id, name="exchange rate", lock=True)
    await record_change(session, actor, "deleteExchangeRate", row)
    await session.delete(row)
    await session.flush()
    return row


def engine_rate(row: ExchangeRate) -> engine.ExchangeRate:
    return engine.ExchangeRate(row.from_currency, row.to_currency, row.rate, row.valid_from)


async def load_rates(
    session: AsyncSession, from_currencies: Iterable[str], on_or_before: date
) -> tuple[engine.ExchangeRate, ...]:
    """The rates a conversion of credits in ``from_currencies`` dated up to ``on_or_before``
    may use."""
    rows = await queries.rates_from(session, from_currencies, on_or_before)
    return tuple(engine_rate(row) for row in rows)
