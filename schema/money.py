"""``Money``: an exact amount and its currency. Never a float."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.scalars import CurrencyCode


@strawberry.type(description="An exact amount of money; `amount` is a decimal string.")
class Money:
    amount: Decimal
    currency: CurrencyCode
