"""``setExchangeRate`` and ``deleteExchangeRate`` (OPS): the dated rates that convert credits
in another currency than the rep's plan (``services.commissions.exchange_rates``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.mutation import Arguments, command, key, mutation
from schema.scalars import CurrencyCode
from schema.types.commissions import ExchangeRate
from services.commissions import exchange_rates
from services.commissions.exchange_rates import SetRate


@strawberry.input(
    description="A rate for a currency pair from a day; setting the same pair and day again"
    " replaces it (a retry changes nothing twice). Credits already converted keep their rate."
)
class SetExchangeRateInput:
    from_currency: CurrencyCode
    """The deal's currency, converted from."""
    to_currency: CurrencyCode
    """The plan's currency, converted to; not `fromCurrency`."""
    rate: Decimal = strawberry.field(
        description="What one unit of `fromCurrency` is worth in `toCurrency`: above 0, at most"
        " 1,000,000,000 (else INVALID)."
    )
    valid_from: date = strawberry.field(
        description="The first close date it converts (1970 to 2199); it holds until the pair's"
        " next rate."
    )


@strawberry.input(
    description="An exchange rate to delete; credits converted with it keep the rate they used."
)
class DeleteExchangeRateInput:
    id: relay.GlobalID = strawberry.field(description="The global ID of the exchange rate.")


@mutation(exchange_rates.set_exchange_rate, ExchangeRate)
def set_exchange_rate(input: SetExchangeRateInput) -> Arguments:
    """The pair, the rate and the day it starts."""
    return (
        command(
            SetRate,
            input,
            from_currency=str(input.from_currency),
            to_currency=str(input.to_currency),
        ),
    )


@mutation(exchange_rates.delete_exchange_rate, ExchangeRate)
def delete_exchange_rate(input: DeleteExchangeRateInput) -> Arguments:
    """The rate to delete."""
    return (key(input.id, "ExchangeRate"),)
