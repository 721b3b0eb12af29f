"""The live pricing previews: ``priceQuote`` and ``validateConfiguration``.

Both are queries, so a refused request is a top-level error naming the argument
(``BAD_USER_INPUT``, or ``NOT_FOUND`` for a missing or foreign row).
"""

from __future__ import annotations

from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

import strawberry

from resolvers.pricing.inputs import (
    PriceQuoteInput,
    ValidateConfigurationInput,
    configuration,
    proposal,
    reference,
)
from schema.errors import ApiError, BadUserInput, NotFound
from schema.permissions import require_viewer, signed_in
from schema.types.pricing import ConfigurationResult, PricedQuote
from schema.types.pricing_snapshot import configuration_type, priced_quote_type
from services.pricing import price_quote as pricing
from services.pricing import validate_configuration as validating
from services.pricing.price_quote import ProposedConfiguration
from services.refusal import Code, Refused

T = TypeVar("T")


def api_error(refused: Refused) -> ApiError:
    """A query's refusal as a top-level error on the argument it names."""
    refusal = refused.refusals[0]
    error = NotFound if refusal.code is Code.NOT_FOUND else BadUserInput
    return error(refusal.message, argument=refusal.field[-1])


async def answer(work: Awaitable[T]) -> T:
    try:
        return await work
    except Refused as refused:
        raise api_error(refused) from refused


async def validate_configuration(
    info: strawberry.Info,
    input: Annotated[
        ValidateConfigurationInput,
        strawberry.argument(
            description="The bundle product, its quantity and the rep's configuration."
        ),
    ],
) -> ConfigurationResult:
    product = reference(input.product_id, "Product")
    proposed = configuration(input.configuration) or ProposedConfiguration()
    async with info.context.db.read() as session:
        work = validating.validate_configuration(session, product, input.quantity, proposed)
        return configuration_type(await answer(work))


async def price_quote(
    info: strawberry.Info,
    input: Annotated[
        PriceQuoteInput,
        strawberry.argument(
            description="The account, lines and options to price (nothing is saved)."
        ),
    ],
) -> PricedQuote:
    actor, now, policy = require_viewer(info), datetime.now(UTC), info.context.config.pricing
    async with info.context.db.read() as session:
        work = pricing.price_quote(session, actor, now, policy, proposal(input))
        return priced_quote_type(await answer(work))


@strawberry.type
class PricingQueries:
    validate_configuration: ConfigurationResult = strawberry.field(
        resolver=validate_configuration,
        extensions=signed_in(),
        description="Check a configuration against its bundle's rules: every violation at once.",
    )
    price_quote: PricedQuote = strawberry.field(
        resolver=price_quote,
        extensions=signed_in(),
        description=(
            "Price proposed lines for an account without saving: the live price while configuring."
        ),
    )
