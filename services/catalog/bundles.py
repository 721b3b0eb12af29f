"""A bundle's structure: its features (option groups) and their options, replaced as a whole.

An option is identified by its feature's name and its product: where both
match an existing option, that row is kept (and updated), so the configuration
rules that name it survive. An option that is no longer listed is deleted, and
the rules that name it go with it (the foreign keys cascade). The product's
version moves, so editors holding an older copy get a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.catalog import BundleFeature, BundleOption, OptionType, Product, QuantityMode
from db.queries.catalog import (
    bundle_structure,
    contained_products,
    delete_bundle_parts,
    products_by_ids,
)
from services.audit import image, record_change
from services.refusal import Code, Field, refuse
from services.rows import edit_or_refuse
from services.validation import required_text


@dataclass(frozen=True, slots=True)
class OptionSpec:
    product_id: int
    option_type: OptionType = OptionType.OPTIONAL
    default_quantity: int = 1
    min_quantity: int = 1
    max_quantity: int | None = None  # no upper limit
    quantity_mode: QuantityMode = QuantityMode.PER_PARENT


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """A feature, identified across edits by its name (unique in the bundle)."""

    name: str
    options: Sequence[OptionSpec]
    min_options: int = 0
    max_options: int | None = None  # no upper limit


async def set_bundle_structure(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    bundle_id: int,
    version: int,
    features: Sequence[FeatureSpec],
) -> Product:
    """Replace the bundle's features and options, in display order (none: a plain product)."""
    bundle = await edit_or_refuse(
        session, Product, bundle_id, version, field=("input", "productId")
    )
    if not bundle.active:
        raise refuse(Code.INVALID_STATE, f"{bundle.name} is retired.", ("input", "productId"))
    names: set[str] = set()
    feature_names = [check_feature(feature, index, names) for index, feature in enumerate(features)]
    products = await option_products(session, bundle, features)

    old_features, old_options = await bundle_structure(session, bundle.id)
    before = image(bundle, {"features": old_features, "options": old_options})
    features_by_name = {f.name.lower(): f for f in old_features}
    options_by_key = {(o.feature_id, o.product_id): o for o in old_options}
    kept_features: set[int] = set()
    kept_options: set[int] = set()
    new_features: list[BundleFeature] = []
    new_options: list[BundleOption] = []
    for position, (given, name) in enumerate(zip(features, feature_names, strict=True)):
        feature = features_by_name.get(name.lower()) or BundleFeature(bundle_id=bundle.id)
        feature.name, feature.position = name, position
        feature.min_options, feature.max_options = given.min_options, given.max_options
        if feature.id is None:
            session.add(feature)
            await session.flush()
        kept_features.add(feature.id)
        new_features.append(feature)
        for spot, (spec, product) in enumerate(zip(given.options, products[position], strict=True)):
            option = options_by_key.get((feature.id, product.id)) or BundleOption(
                feature_id=feature.id, product_id=product.id
            )
            option.option_type, option.position = spec.option_type, spot
            option.default_quantity = spec.default_quantity
            option.min_quantity = spec.min_quantity
            option.max_quantity = spec.max_quantity
            option.quantity_mode = spec.quantity_mode
            if option.id is None:
                session.add(option)
            else:
                kept_options.add(option.id)
            new_options.append(option)
    await session.flush()
    # Rules naming a dropped option are deleted with it (ON DELETE CASCADE).
    await delete_bundle_parts(
        session,
        [o.id for o in old_options if o.id not in kept_options],
        [f.id for f in old_features if f.id not in kept_features],
    )
    bundle.updated_at = now  # the structure is part of the product: its version moves
    await record_change(
        session,
        actor,
        "setBundleStructure",
        bundle,
        before,
        parts={"features": new_features, "options": new_options},
    )
    return bundle


def check_feature(feature: FeatureSpec, index: int, names: set[str]) -> str:
    at = ("input", "features", str(index))
    name = required_text(feature.name, (*at, "name"), max_length=200)
    if name.lower() in names:
        raise refuse(Code.INVALID, f"Two features are named '{name}'.", (*at, "name"))
    names.add(name.lower())
    if feature.min_options < 0:
        raise refuse(Code.INVALID, "minOptions cannot be negative.", (*at, "minOptions"))
    if feature.max_options is not None and feature.max_options < feature.min_options:
        raise refuse(Code.INVALID, "maxOptions must be at least minOptions.", (*at, "maxOptions"))
    if feature.min_options > len(feature.options):
        raise refuse(
            Code.INVALID,
            f"{name} asks for {feature.min_options} options but offers {len(feature.options)}.",
            (*at, "minOptions"),
        )
    always = sum(1 for o in feature.options if o.option_type is not OptionType.OPTIONAL)
    if feature.max_options is not None and always > feature.max_options:
        raise refuse(
            Code.INVALID,
            f"{name} always holds its {always} REQUIRED and INCLUDED options, more than "
            "maxOptions.",
            (*at, "maxOptions"),
        )
    for position, option in enumerate(feature.options):
        check_quantities(option, (*at, "options", str(position)))
    return name


def check_quantities(option: OptionSpec, at: Field) -> None:
    """0 < min ≤ default ≤ max, as the pricing engine requires of an option."""
    if option.min_quantity < 1:
        raise refuse(Code.INVALID, "minQuantity is at least 1.", (*at, "minQuantity"))
    if option.default_quantity < option.min_quantity:
        raise refuse(
            Code.INVALID, "defaultQuantity must be at least minQuantity.", (*at, "defaultQuantity")
        )
    if option.max_quantity is not None and option.max_quantity < option.default_quantity:
        raise refuse(
            Code.INVALID, "maxQuantity must be at least defaultQuantity.", (*at, "maxQuantity")
        )


def option_field(feature: int, option: int) -> tuple[str, ...]:
    return ("input", "features", str(feature), "options", str(option), "productId")


async def option_products(
    session: AsyncSession, bundle: Product, features: Sequence[FeatureSpec]
) -> list[list[Product]]:
    """Each option's product, per feature: existing, active, not the bundle, once per feature."""
    found = await products_by_ids(
        session, {o.product_id for feature in features for o in feature.options}
    )
    result = []
    for f, feature in enumerate(features):
        seen: set[int] = set()
        products = []
        for o, option in enumerate(feature.options):
            at = option_field(f, o)
            product = found.get(option.product_id)
            if product is None:
                raise refuse(Code.NOT_FOUND, "No Product with this id.", at)
            if not product.active:
                raise refuse(Code.INVALID_STATE, f"{product.name} ({product.sku}) is retired.", at)
            if product.id == bundle.id:
                raise refuse(Code.INVALID, "A bundle cannot contain itself.", at)
            if product.id in seen:
                raise refuse(
                    Code.INVALID, f"{product.name} is already an option of this feature.", at
                )
            seen.add(product.id)
            products.append(product)
        result.append(products)
    await refuse_nesting_loops(session, bundle, result)
    return result


async def refuse_nesting_loops(
    session: AsyncSession, bundle: Product, products: list[list[Product]]
) -> None:
    """No option may contain the bundle through its own options (A in B in A)."""
    origin: dict[int, tuple[int, int]] = {}
    for f, feature in enumerate(products):
        for o, product in enumerate(feature):
            origin.setdefault(product.id, (f, o))
    frontier = dict(origin)
    while frontier:
        reached: dict[int, tuple[int, int]] = {}
        for parent, child in await contained_products(session, frontier):
            if child == bundle.id:
                f, o = frontier[parent]
                raise refuse(
                    Code.INVALID,
                    f"{products[f][o].name} already contains {bundle.name}, so {bundle.name} "
                    "cannot contain it.",
                    option_field(f, o),
                )
            if child not in origin:
                origin[child] = reached[child] = frontier[parent]
        frontier = reached
