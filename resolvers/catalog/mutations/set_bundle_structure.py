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


@strawberry.input(
    description="One option of a feature: a product the rep may (or must) add to the bundle."
)
class BundleOptionInput:
    product_id: relay.GlobalID
    """The global ID of the product offered as this option."""
    option_type: OptionType = OptionTypeModel.OPTIONAL
    """OPTIONAL (the default): the rep may pick it; INCLUDED: always comes, free with the bundle;
    REQUIRED: always comes, priced."""
    default_quantity: int = 1
    """The quantity when the rep gives none; 1 by default."""
    min_quantity: int = 1
    """The least quantity the rep may choose; 1 by default."""
    max_quantity: int | None = None
    """Null means no upper limit."""
    quantity_mode: QuantityMode = QuantityModeModel.PER_PARENT
    """PER_PARENT (the default): the quantity is per bundle unit; FIXED: it stands as is for the
    whole line."""


@strawberry.input(
    description=(
        "A group of options in a bundle (e.g. Storage), with how many of them the rep picks."
    )
)
class BundleFeatureInput:
    name: str
    """Unique in the bundle; it identifies the feature across edits."""
    min_options: int = 0
    """The fewest options the rep must pick in this feature; 0 by default."""
    max_options: int | None = None
    """Null means no upper limit."""
    options: list[BundleOptionInput]
    """The feature's options, in display order."""


@strawberry.input(
    description="The whole structure, in display order; an empty list makes a plain product."
)
class SetBundleStructureInput:
    product_id: relay.GlobalID
    """The global ID of the bundle product."""
    version: int = version_field()
    features: list[BundleFeatureInput]
    """Every feature of the bundle, in display order; it replaces the current ones."""


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
    """The bundle product (`id`, `version`) and its whole new feature list."""
    bundle = key(input.product_id, "Product", "productId")
    return bundle, input.version, features_of(input.features)
