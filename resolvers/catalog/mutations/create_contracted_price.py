"""``createContractedPrice`` (OPS): a price agreed with one account, overriding every book.

One account's prices for one product in one currency never overlap in time
(see ``services.catalog.contracted_prices``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import relay

from resolvers.catalog.inputs import valid_from_field, valid_to_field
from resolvers.mutation import Arguments, command, idempotency_key_field, key, mutation
from schema.scalars import CurrencyCode
from schema.text_limits import IdempotencyKey
from schema.types.price_books import ContractedPrice
from services.catalog import contracted_prices
from services.catalog.contracted_prices import NewContractedPrice


@strawberry.input(description="`validTo` is exclusive, null for open-ended.")
class CreateContractedPriceInput:
    account_id: relay.GlobalID
    """The global ID of the account the price was negotiated with."""
    product_id: relay.GlobalID
    """The global ID of the product."""
    unit_price: Decimal = strawberry.field(
        description=(
            "The negotiated price of one unit, in `currency`; it replaces the book price for this"
            " account."
        )
    )
    currency: CurrencyCode
    """The currency of `unitPrice`; it applies to quotes in this currency only."""
    valid_from: date = valid_from_field()
    valid_to: date | None = valid_to_field()
    idempotency_key: IdempotencyKey | None = idempotency_key_field()


@mutation(
    contracted_prices.create_contracted_price,
    ContractedPrice,
    constraint_errors=contracted_prices.CONSTRAINT_REFUSALS,
)
def create_contracted_price(input: CreateContractedPriceInput) -> Arguments:
    """The account, product, negotiated unit price and the dates it holds."""
    account = key(input.account_id, "Account", "accountId")
    product = key(input.product_id, "Product", "productId")
    return (command(NewContractedPrice, input, account_id=account, product_id=product),)
