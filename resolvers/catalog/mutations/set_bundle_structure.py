"""``setBundleStructure`` (OPS): replace a bundle's features and options as a whole.

An option is identified by its feature's name and its product: where both
match an existing option, that row is kept (and updated), so the configuration
rules that name it survive. An option that is no longer listed is deleted, and
the rules that name it go with it (the foreign keys cascade). The product's
version moves, so editors holding an older copy get a conflict.
"""

from __future__ import annotations

from collections.abc import Sequence

import strawberry
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.catalog import BundleFeature as FeatureRow
from db.models.catalog import BundleOption as OptionRow
from db.models.catalog import OptionType as OptionTypeModel
from db.models.catalog import Product as ProductRow
from db.models.catalog import QuantityMode as QuantityModeModel
from resolvers.catalog.rules import audit_aggregate, load_product, with_parts
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.validation import required_text
from schema.errors import ErrorCode, UserError
from schema.types.catalog import OptionType, Product, QuantityMode


@strawberry.input
class BundleOptionInput:
    product_id: relay.GlobalID
    option_type: OptionType = OptionTypeModel.OPTIONAL  # type: ignore[valid-type]
    default_quantity: int = 1
    min_quantity: int = 1
    max_quantity: int | None = strawberry.field(
        default=None, description="Null means no upper limit."
    )
    quantity_mode: QuantityMode = QuantityModeModel.PER_PARENT  # type: ignore[valid-type]


@strawberry.input
class BundleFeatureInput:
    name: str = strawberry.field(
        description="Unique in the bundle; it identifies the feature across edits."
    )
    min_options: int = 0
    max_options: int | None = strawberry.field(
        default=None, description="Null means no upper limit."
    )
    options: list[BundleOptionInput]


@strawberry.input(
    description="The whole structure, in display order; an empty list makes a plain product."
)
class SetBundleStructureInput:
    product_id: relay.GlobalID
    version: int
    features: list[BundleFeatureInput]


@strawberry.type
class SetBundleStructurePayload:
    product: Product | None = None
    user_errors: list[UserError]


def check_feature(feature: BundleFeatureInput, index: int, names: set[str]) -> str:
    at = ["input", "features", str(index)]
    name = required_text(feature.name, [*at, "name"], max_length=200)
    if name.lower() in names:
        raise reject(ErrorCode.INVALID, f"Two features are named '{name}'.", [*at, "name"])
    names.add(name.lower())
    if feature.min_options < 0:
        raise reject(ErrorCode.INVALID, "minOptions cannot be negative.", [*at, "minOptions"])
    if feature.max_options is not None and feature.max_options < feature.min_options:
        raise reject(
            ErrorCode.INVALID, "maxOptions must be at least minOptions.", [*at, "maxOptions"]
        )
    if feature.min_options > len(feature.options):
        raise reject(
            ErrorCode.INVALID,
            f"{name} asks for {feature.min_options} options but offers {len(feature.options)}.",
            [*at, "minOptions"],
        )
    always = sum(1 for o in feature.options if o.option_type is not OptionTypeModel.OPTIONAL)
    if feature.max_options is not None and always > feature.max_options:
        raise reject(
            ErrorCode.INVALID,
            f"{name} always holds its {always} REQUIRED and INCLUDED options, more than "
            "maxOptions.",
            [*at, "maxOptions"],
        )
    for position, option in enumerate(feature.options):
        check_quantities(option, [*at, "options", str(position)])
    return name


def check_quantities(option: BundleOptionInput, at: Sequence[str]) -> None:
    """0 < min ≤ default ≤ max, as the pricing engine requires of an option."""
    if option.min_quantity < 1:
        raise reject(ErrorCode.INVALID, "minQuantity is at least 1.", [*at, "minQuantity"])
    if option.default_quantity < option.min_quantity:
        raise reject(
            ErrorCode.INVALID,
            "defaultQuantity must be at least minQuantity.",
            [*at, "defaultQuantity"],
        )
    if option.max_quantity is not None and option.max_quantity < option.default_quantity:
        raise reject(
            ErrorCode.INVALID, "maxQuantity must be at least defaultQuantity.", [*at, "maxQuantity"]
        )


async def option_products(
    session: AsyncSession, bundle: ProductRow, features: Sequence[BundleFeatureInput]
) -> list[list[ProductRow]]:
    """Each option's product, per feature: existing, active, not the bundle, once per feature."""
    ids = [
        [
            decode_id(
                option.product_id,
                "Product",
                ["input", "features", str(f), "options", str(o), "productId"],
            )
            for o, option in enumerate(feature.options)
        ]
        for f, feature in enumerate(features)
    ]
    wanted = {i for feature in ids for i in feature}
    found = {
        p.id: p for p in await session.scalars(select(ProductRow).where(ProductRow.id.in_(wanted)))
    }
    result = []
    for f, feature_ids in enumerate(ids):
        seen: set[int] = set()
        products = []
        for o, product_id in enumerate(feature_ids):
            at = ["input", "features", str(f), "options", str(o), "productId"]
            product = found.get(product_id)
            if product is None:
                raise reject(ErrorCode.NOT_FOUND, "No Product with this id.", at)
            if not product.active:
                raise reject(
                    ErrorCode.INVALID_STATE, f"{product.name} ({product.sku}) is retired.", at
                )
            if product.id == bundle.id:
                raise reject(ErrorCode.INVALID, "A bundle cannot contain itself.", at)
            if product.id in seen:
                raise reject(
                    ErrorCode.INVALID, f"{product.name} is already an option of this feature.", at
                )
            seen.add(product.id)
            products.append(product)
        result.append(products)
    await refuse_nesting_loops(session, bundle, result)
    return result


async def refuse_nesting_loops(
    session: AsyncSession, bundle: ProductRow, products: list[list[ProductRow]]
) -> None:
    """No option may contain the bundle through its own options (A in B in A)."""
    origin: dict[int, tuple[int, int]] = {}
    for f, feature in enumerate(products):
        for o, product in enumerate(feature):
            origin.setdefault(product.id, (f, o))
    frontier = dict(origin)
    while frontier:
        rows = await session.execute(
            select(FeatureRow.bundle_id, OptionRow.product_id)
            .join(OptionRow, OptionRow.feature_id == FeatureRow.id)
            .where(FeatureRow.bundle_id.in_(frontier))
        )
        reached: dict[int, tuple[int, int]] = {}
        for parent, child in rows:
            if child == bundle.id:
                f, o = frontier[parent]
                raise reject(
                    ErrorCode.INVALID,
                    f"{products[f][o].name} already contains {bundle.name}, so {bundle.name} "
                    "cannot contain it.",
                    ["input", "features", str(f), "options", str(o), "productId"],
                )
            if child not in origin:
                origin[child] = reached[child] = frontier[parent]
        frontier = reached


async def current_structure(
    session: AsyncSession, bundle_id: int
) -> tuple[list[FeatureRow], list[OptionRow]]:
    features = list(
        await session.scalars(
            select(FeatureRow)
            .where(FeatureRow.bundle_id == bundle_id)
            .order_by(FeatureRow.position, FeatureRow.id)
        )
    )
    options = list(
        await session.scalars(
            select(OptionRow)
            .where(OptionRow.feature_id.in_([f.id for f in features]))
            .order_by(OptionRow.feature_id, OptionRow.position, OptionRow.id)
        )
    )
    return features, options


async def set_bundle_structure(
    info: strawberry.Info, input: SetBundleStructureInput
) -> SetBundleStructurePayload:
    async def work(session: AsyncSession) -> ProductRow:
        bundle = await load_product(
            session, input.product_id, ["input", "productId"], for_update=True
        )
        check_version(bundle, input.version)
        if not bundle.active:
            raise reject(
                ErrorCode.INVALID_STATE, f"{bundle.name} is retired.", ["input", "productId"]
            )
        names: set[str] = set()
        feature_names = [
            check_feature(feature, index, names) for index, feature in enumerate(input.features)
        ]
        products = await option_products(session, bundle, input.features)

        old_features, old_options = await current_structure(session, bundle.id)
        before = with_parts(bundle, {"features": old_features, "options": old_options})
        features_by_name = {f.name.lower(): f for f in old_features}
        options_by_key = {(o.feature_id, o.product_id): o for o in old_options}
        kept_features: set[int] = set()
        kept_options: set[int] = set()
        new_features: list[FeatureRow] = []
        new_options: list[OptionRow] = []
        for position, (given, name) in enumerate(zip(input.features, feature_names, strict=True)):
            feature = features_by_name.get(name.lower()) or FeatureRow(bundle_id=bundle.id)
            feature.name, feature.position = name, position
            feature.min_options, feature.max_options = given.min_options, given.max_options
            if feature.id is None:
                session.add(feature)
                await session.flush()
            kept_features.add(feature.id)
            new_features.append(feature)
            for spot, (option_input, product) in enumerate(
                zip(given.options, products[position], strict=True)
            ):
                option = options_by_key.get((feature.id, product.id)) or OptionRow(
                    feature_id=feature.id, product_id=product.id
                )
                option.option_type, option.position = option_input.option_type, spot
                option.default_quantity = option_input.default_quantity
                option.min_quantity = option_input.min_quantity
                option.max_quantity = option_input.max_quantity
                option.quantity_mode = option_input.quantity_mode
                if option.id is None:
                    session.add(option)
                else:
                    kept_options.add(option.id)
                new_options.append(option)
        await session.flush()
        # Rules naming a dropped option are deleted with it (ON DELETE CASCADE).
        dropped_options = [o.id for o in old_options if o.id not in kept_options]
        dropped_features = [f.id for f in old_features if f.id not in kept_features]
        if dropped_options:
            await session.execute(delete(OptionRow).where(OptionRow.id.in_(dropped_options)))
        if dropped_features:
            await session.execute(delete(FeatureRow).where(FeatureRow.id.in_(dropped_features)))
        bundle.updated_at = func.now()  # the structure is part of the product: its version moves
        await audit_aggregate(
            info,
            session,
            "setBundleStructure",
            bundle,
            {"features": new_features, "options": new_options},
            before,
        )
        return bundle

    outcome = await atomically(info, work)
    return SetBundleStructurePayload(
        product=Product.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
