"""Credits in another currency than the plan's: converted with dated exchange rates.

OPS keep a table of rates, each valid from a day until the next one for the same pair.
A credit is converted with the rate of its pair (deal currency to plan currency, that
direction only: no inverse, no cross rates, so the rate shown is the rate used) whose
``valid_from`` is the latest on or before the credit's ``rated_on`` (the close date).
Each line's amount is converted and rounded once to the plan currency's minor units;
the original amount and the rate stay on the credit. A clawback mirrors its converted
sale line by line, so converting and clawing back returns exactly to zero whatever the
rate is on the reversal day. No rate for the pair on that date is
``EXCHANGE_RATE_MISSING``: the credit is refused, never skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from commissions.credits import Credit
from commissions.money import ZERO, round_money
from commissions.reasons import ReasonCode, Refusal, refusal

MAX_RATE = Decimal("1e9")
"""No rate is above 1,000,000,000 (nor at or below 0): anything else is a typing mistake."""


@dataclass(frozen=True, slots=True)
class ExchangeRate:
    """One unit of ``from_currency`` is worth ``rate`` of ``to_currency`` from ``valid_from``."""

    from_currency: str
    to_currency: str
    rate: Decimal
    valid_from: date


def check_rate(rate: Decimal) -> bool:
    """True for a usable rate: finite, above 0 and at most :data:`MAX_RATE`."""
    return rate.is_finite() and ZERO < rate <= MAX_RATE


def rate_on(
    rates: Iterable[ExchangeRate], from_currency: str, to_currency: str, day: date
) -> ExchangeRate | None:
    """The rate for the pair valid on ``day`` (latest ``valid_from`` on or before it)."""
    found: ExchangeRate | None = None
    for rate in rates:
        if (
            rate.from_currency == from_currency
            and rate.to_currency == to_currency
            and rate.valid_from <= day
            and (found is None or rate.valid_from > found.valid_from)
        ):
            found = rate
    return found


def missing_rate(from_currency: str, to_currency: str, day: date) -> Refusal:
    """The refusal of a credit or deal no rate converts."""
    return refusal(
        ReasonCode.EXCHANGE_RATE_MISSING,
        f"No {from_currency} to {to_currency} exchange rate is valid on {day.isoformat()}.",
        "currency",
    )


def convert_credit(
    credit: Credit, currency: str, rates: Iterable[ExchangeRate]
) -> tuple[Credit | None, Refusal | None]:
    """``credit`` in ``currency``: itself when already in it (or converted before), else
    converted with the rate valid on its ``rated_on``; or the refusal when none is."""
    if credit.currency == currency:
        return credit, None
    # converted once already (to another plan's currency): convert from the deal's amounts
    source = credit.original_currency or credit.currency
    if source == currency:  # back in the deal's own currency: nothing to convert
        return convert_with(credit, currency, Decimal(1)), None
    found = rate_on(rates, source, currency, credit.rated_on)
    if found is None or not check_rate(found.rate):
        return None, missing_rate(source, currency, credit.rated_on)
    return convert_with(credit, currency, found.rate), None


def convert_with(credit: Credit, currency: str, rate: Decimal) -> Credit:
    """``credit`` converted at ``rate`` (per line, rounded to ``currency``'s minor units)."""
    source = credit.original_currency or credit.currency
    lines = tuple(
        replace(
            line,
            amount=round_money(_original(line.amount, line.original_amount) * rate, currency),
            original_amount=_original(line.amount, line.original_amount),
        )
        for line in credit.lines
    )
    if source == currency:  # back to the deal's own currency: nothing converted
        lines = tuple(
            replace(line, amount=_original(line.amount, line.original_amount), original_amount=None)
            for line in credit.lines
        )
        return replace(
            credit, currency=currency, lines=lines, original_currency=None, exchange_rate=None
        )
    return replace(
        credit, currency=currency, lines=lines, original_currency=source, exchange_rate=rate
    )


def _original(amount: Decimal, original: Decimal | None) -> Decimal:
    return amount if original is None else original
