"""``setBundleStructure`` (OPS): replace a bundle's features and options as a whole.

Options whose feature name and product match an existing one are kept with the
configuration rules that name them; rules naming a removed option go with it
(see ``services.catalog.bundles``).
"""

from __future__ import annotations

import strawberry
from strawberry import relay

from db.models.catalog import OptionType as OptionTypeModel
from db.models.catalog import QuantityMode as QuantityModeModel
from resolvers.mutation import Arguments, Command, Key, command, key, mutation, version_field
from schema.types.catalog import OptionType, Product, QuantityMode
from services.catalog import bundles
from services.catalog.bundles import FeatureSpec, OptionSpec
from services.catalog.bundles import option_field as at


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
    version: int = version_field()
    features: list[BundleFeatureInput]


def features_of(features: list[BundleFeatureInput]) -> list[Command[FeatureSpec]]:
    return [
        command(
            FeatureSpec,
            feature,
            options=[
                command(OptionSpec, option, product_id=Key(option.product_id, "Product", at(f, o)))
                for o, option in enumerate(feature.options)
            ],
        )
        for f, feature in enumerate(features)
    ]


@mutation(bundles.set_bundle_structure, Product)
def set_bundle_structure(input: SetBundleStructureInput) -> Arguments:
    bundle = key(input.product_id, "Product", "productId")
    return bundle, input.version, features_of(input.features)
