"""Exchange rates OPS keep for credits in another currency than the rep's plan."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import relay

from db.models import commissions as rows
from schema.connection import CountedConnection
from schema.nodes import nodes_via
from schema.rows import from_attrs
from schema.scalars import CurrencyCode


@strawberry.type(
    description="One unit of `fromCurrency` is worth `rate` of `toCurrency` from `validFrom` until"
    " the next rate of the pair. A credit converted with it keeps the rate it used."
)
class ExchangeRate(relay.Node):
    id: relay.NodeID[int]
    from_currency: CurrencyCode
    """The currency converted from (the deal's)."""
    to_currency: CurrencyCode
    """The currency converted to (the plan's)."""
    rate: Decimal = strawberry.field(
        description="What one unit of `fromCurrency` is worth in `toCurrency`, as set (above 0,"
        " at most 1,000,000,000)."
    )
    valid_from: date
    """The first close date the rate converts; it holds until the pair's next `validFrom`."""
    updated_at: datetime
    """When the rate was last set."""

    @classmethod
    def from_row(cls, row: rows.ExchangeRate) -> ExchangeRate:
        return from_attrs(cls, row, rate=row.rate.normalize())

    resolve_nodes = nodes_via("commissions.exchange_rate_by_id")


@strawberry.type(
    name="ExchangeRateConnection",
    description="A page of exchange rates, by pair and then `validFrom`.",
)
class ExchangeRateConnection(CountedConnection[ExchangeRate]):
    pass
