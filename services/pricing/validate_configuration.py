"""``validate_configuration``: every violated rule of a proposed configuration, at once."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

import pricing as engine
from db.queries.pricing import load_catalog_slice
from services.pricing import engine_inputs
from services.pricing.price_quote import ProposedConfiguration, Reference, configuration, row_id
from services.refusal import Code, refuse


async def validate_configuration(
    session: AsyncSession, product: Reference, quantity: int, proposed: ProposedConfiguration
) -> engine.ConfigurationResult:
    """The bundle's rules checked against ``proposed`` for ``quantity`` bundle units."""
    if quantity < 1:
        raise refuse(Code.INVALID, "`quantity` must be at least 1.", ("input", "quantity"))
    product_id = row_id(product)
    catalog = await load_catalog_slice(session, [product_id]) if product_id is not None else None
    if catalog is None or product_id not in catalog.products:
        raise refuse(Code.NOT_FOUND, "No product with this id.", ("input", "productId"))
    found = next(p for p in engine_inputs.products(catalog) if p.id == str(product_id))
    chosen = configuration(proposed, product, catalog) or engine.Configuration()
    return engine.validate_configuration(found, chosen, quantity)
