"""A bundle line's configuration as the rep entered it (what ``ConfigurationInput`` sent),
read back as types: the options selected by global ID, the attribute values typed."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from schema.rows import related
from schema.types.attribute_values import AttributeScalar, attribute_kinds, typed_scalar
from schema.types.catalog import BundleOption


@strawberry.type(description="An option the rep selected for a bundle line.")
class OptionSelection:
    option_id: relay.GlobalID
    """Global ID of the BundleOption selected."""
    quantity: int | None
    """Per bundle unit, as entered; null for the option's default quantity."""
    key: strawberry.Private[int]

    option = related(
        "bundle_option_by_id",
        "key",
        BundleOption,
        description="The option selected; null only if it has since left the bundle.",
    )


@strawberry.type(description="A value the rep set for one of the product's attributes.")
class AttributeValue:
    code: str
    """The attribute's code (`ProductAttribute.code`)."""
    value: str = strawberry.field(
        description="As entered, as text: numbers like '2.5', booleans 'true'/'false'.",
        deprecation_reason="A string standing for numbers and booleans: read `typedValue`.",
    )
    product_id: strawberry.Private[int]

    @strawberry.field(
        description="The value typed as the attribute is, as `AttributeValueInput.value` writes"
        " it; text when it does not fit the attribute (then the line is not priced)."
    )
    async def typed_value(self, info: strawberry.Info) -> AttributeScalar:
        kinds = await attribute_kinds(info, self.product_id)
        return typed_scalar(kinds.get(self.code), self.value)


@strawberry.type(
    description="A bundle line's configuration as the rep entered it: what "
    "`ConfigurationInput` sent. The resolved options are in `priced.configuration`."
)
class LineConfiguration:
    selections: list[OptionSelection]
    """The options selected, in the order sent."""
    attributes: list[AttributeValue]
    """The attribute values set, in the order sent."""

    @classmethod
    def from_stored(cls, stored: dict[str, Any], product_id: int) -> LineConfiguration:
        """The configuration of a line of ``product_id`` as
        ``services.quotes.lines.stored_configuration`` keeps it."""
        return cls(
            selections=[
                OptionSelection(
                    option_id=relay.GlobalID("BundleOption", str(s["option_id"])),
                    quantity=s.get("quantity"),
                    key=s["option_id"],
                )
                for s in stored.get("selections", [])
            ],
            attributes=[
                AttributeValue(code=a["code"], value=a["value"], product_id=product_id)
                for a in stored.get("attributes", [])
            ],
        )
