"""``Money``: an exact amount and its currency. Never a float."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.scalars import CurrencyCode


@strawberry.type(description="An exact amount of money; `amount` is a decimal string.")
class Money:
    amount: Decimal
    currency: CurrencyCode


def money(amount: Decimal, currency: str) -> Money:
    """A stored total shown with exactly its currency's minor units (1232.00 USD, not 1232.000000)."""
    from babel.numbers import get_currency_precision

    return Money(amount=amount.quantize(Decimal(1).scaleb(-get_currency_precision(currency))), currency=currency)
