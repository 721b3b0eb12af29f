"""``validateConfiguration``: every violated rule of a proposed configuration, at once."""

from __future__ import annotations

import strawberry

import pricing as engine
from db.queries.pricing import load_catalog_slice
from services.pricing import engine_inputs
from resolvers.pricing.inputs import ValidateConfigurationInput, configuration, db_id
from resolvers.pricing.outputs import configuration as configuration_result
from schema.errors import BadUserInput, NotFound
from schema.types.pricing import ConfigurationResult


async def validate_configuration(info: strawberry.Info, input: ValidateConfigurationInput) -> ConfigurationResult:
    if input.quantity < 1:
        raise BadUserInput("`quantity` must be at least 1.", argument="quantity")
    product_id = db_id(input.product_id, "Product")
    if product_id is None:
        raise NotFound("No product with this id.", argument="productId")
    async with info.context.db.read() as session:
        catalog = await load_catalog_slice(session, [product_id])
    if product_id not in catalog.products:
        raise NotFound("No product with this id.", argument="productId")
    product = next(p for p in engine_inputs.products(catalog) if p.id == str(product_id))
    config = configuration(input.configuration, product_id, catalog) or engine.Configuration()
    return configuration_result(engine.validate_configuration(product, config, input.quantity))
