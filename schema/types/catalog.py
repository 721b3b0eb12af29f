"""Catalog types: products, their attributes, and bundles (features → options)."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry import relay
from strawberry.permission import PermissionExtension

from db.models.catalog import AttributeType as AttributeTypeModel
from db.models.catalog import BundleFeature as FeatureRow
from db.models.catalog import ConfigurationRule as RuleRow
from db.models.catalog import ConfigurationRuleKind as RuleKindModel
from db.models.catalog import OptionType as OptionTypeModel
from db.models.catalog import ProductAttribute as AttributeRow
from db.models.catalog import QuantityMode as QuantityModeModel
from db.models.users import Role
from schema.connection import CountedConnection
from schema.money import Money
from schema.nodes import nodes_via
from schema.permissions import HasRole, IsAuthenticated
from schema.rows import FromRow, from_attrs, row_objects

AttributeType = strawberry.enum(AttributeTypeModel, name="AttributeType")
OptionType = strawberry.enum(
    OptionTypeModel,
    name="OptionType",
    description="INCLUDED options are free; REQUIRED always come.",
)
QuantityMode = strawberry.enum(QuantityModeModel, name="QuantityMode")
ConfigurationRuleKind = strawberry.enum(RuleKindModel, name="ConfigurationRuleKind")


# Cost and margin are for managers and back office; a rep's query gets null, not an error,
# so one screen's query works for every role.
def cost_viewers() -> list[PermissionExtension]:
    """A fresh extension per field: strawberry sizes its silent answer ([] or null) to the field."""
    return [
        PermissionExtension(
            permissions=[IsAuthenticated(), HasRole(Role.MANAGER, Role.OPS, Role.FINANCE)],
            fail_silently=True,
        )
    ]


@strawberry.type(description="A typed attribute a rep sets when configuring a product.")
class ProductAttribute:
    code: str
    name: str
    type: AttributeType  # type: ignore[valid-type]
    choices: list[str]
    required: bool

    @classmethod
    def from_row(cls, row: AttributeRow) -> ProductAttribute:
        return from_attrs(cls, row, choices=list(row.choices))


@strawberry.type(description="A product a bundle offers inside one of its features.")
class BundleOption(relay.Node, FromRow):
    id: relay.NodeID[int]
    option_type: OptionType  # type: ignore[valid-type]
    default_quantity: int
    min_quantity: int
    max_quantity: int | None
    quantity_mode: QuantityMode  # type: ignore[valid-type]
    product_id: strawberry.Private[int]

    @strawberry.field
    async def product(self, info: strawberry.Info) -> Product:
        return Product.from_row(await info.context.loaders.product_by_id.load(self.product_id))

    resolve_nodes = nodes_via("bundle_option_by_id")


@strawberry.type(description="An option group of a bundle, with how many options it takes.")
class BundleFeature:
    name: str
    min_options: int
    max_options: int | None
    feature_id: strawberry.Private[int]

    @strawberry.field
    async def options(self, info: strawberry.Info) -> list[BundleOption]:
        return await row_objects(info, "options_by_feature_id", self.feature_id, BundleOption)

    @classmethod
    def from_row(cls, row: FeatureRow) -> BundleFeature:
        return from_attrs(cls, row, feature_id=row.id)


def _option_global_id(key: int | None) -> strawberry.ID | None:
    return strawberry.ID(relay.to_base64("BundleOption", key)) if key else None


@strawberry.type(description="A configuration rule of a bundle, with the message a rep sees.")
class ConfigurationRule(relay.Node):
    id: relay.NodeID[int]
    kind: ConfigurationRuleKind  # type: ignore[valid-type]
    option_id: strawberry.ID | None
    target_option_id: strawberry.ID | None
    condition: strawberry.scalars.JSON | None
    requirement: strawberry.scalars.JSON | None
    quantity: int | None
    message: str | None
    active: bool

    @classmethod
    def from_row(cls, row: RuleRow) -> ConfigurationRule:
        return from_attrs(
            cls,
            row,
            option_id=_option_global_id(row.option_id),
            target_option_id=_option_global_id(row.target_option_id),
        )

    resolve_nodes = nodes_via("configuration_rule_by_id")


@strawberry.type(description="Something we sell; a bundle when it has features.")
class Product(relay.Node, FromRow):
    id: relay.NodeID[int]
    sku: str = strawberry.field(description="The stock-keeping unit; unique in the catalog.")
    name: str
    description: str
    family: str | None
    unit_of_measure: str
    active: bool
    version: int
    created_at: datetime

    @strawberry.field(description="What a configuration sets: typed attributes.")
    async def attributes(self, info: strawberry.Info) -> list[ProductAttribute]:
        return await row_objects(info, "attributes_by_product_id", self.id, ProductAttribute)

    @strawberry.field(description="Option groups; empty for a plain product.")
    async def features(self, info: strawberry.Info) -> list[BundleFeature]:
        return await row_objects(info, "features_by_bundle_id", self.id, BundleFeature)

    @strawberry.field(description="Active configuration rules of this bundle.")
    async def configuration_rules(self, info: strawberry.Info) -> list[ConfigurationRule]:
        return await row_objects(info, "rules_by_bundle_id", self.id, ConfigurationRule)

    @strawberry.field(
        extensions=cost_viewers(),
        description=(
            "Unit cost per currency (not shown to reps), as stored: "
            "up to 6 decimal places, at least the currency's minor units."
        ),
    )
    async def unit_costs(self, info: strawberry.Info) -> list[Money] | None:
        rows = await info.context.loaders.costs_by_product_id.load(self.id)
        return [Money.unit_price(r.unit_cost, r.currency) for r in rows]

    resolve_nodes = nodes_via("product_by_id")


@strawberry.type(name="ProductConnection")
class ProductConnection(CountedConnection[Product]):
    pass
