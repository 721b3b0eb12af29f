"""Rounding of money to a currency's minor units.

Commission figures stay exact (unrounded ``Decimal``) while they are being
worked out and are rounded only at the defined points: once per component
amount on a credit, and once per period-level line. Everything that rounds
goes through :func:`round_money` so the rule (ISO 4217 minor units, half-up)
lives in one place.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel.numbers import get_currency_precision, is_currency

ZERO = Decimal(0)
ONE = Decimal(1)


def is_known_currency(currency: str) -> bool:
    """True for an ISO 4217 code babel knows; engines refuse anything else."""
    return is_currency(currency)


@lru_cache(maxsize=256)
def minor_unit(currency: str) -> Decimal:
    """The smallest amount of ``currency``: 0.01 for USD, 1 for JPY, 0.001 for BHD.

    Cached because it is asked once per payout line on the hot path and the
    ISO 4217 table never changes while the process runs.
    """
    return Decimal(1).scaleb(-get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Round ``amount`` to ``currency``'s minor units, ties away from zero.

    ``ROUND_HALF_UP`` is symmetric around zero (-2.5 -> -3), so a clawback
    rounds to exactly the negation of the amount it mirrors.
    """
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)
