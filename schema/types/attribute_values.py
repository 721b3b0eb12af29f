"""An attribute value read back typed, as ``AttributeScalarInput`` writes it: a union a
client switches on (``__typename``), never a string standing for numbers and booleans.

Values are stored as the use cases keep them (a line's configuration as text, a rule's
condition with a NUMBER as a decimal string and a BOOLEAN as a JSON boolean), so the
attribute's type decides the member. A stored value that does not fit its attribute
(a line priced with an INVALID_ATTRIBUTE_VALUE violation, an attribute since removed)
reads back as text, exactly as it was given.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

import strawberry

from db.models.catalog import AttributeType
from schema.decimals import plain_text


@strawberry.type(description="A TEXT attribute's value, or a CHOICE attribute's choice.")
class AttributeText:
    text: str
    """The text as given (a CHOICE value as listed in the attribute's `choices`); also a value
    that does not fit its attribute's type, as the rep sent it."""


@strawberry.type(description="A NUMBER attribute's value.")
class AttributeNumber:
    number: Decimal = strawberry.field(
        description="The number in the attribute's own unit (e.g. TB), in plain notation with "
        'the decimal places it was written with: "2.5" stays "2.5", "2.50" stays "2.50".'
    )


@strawberry.type(description="A BOOLEAN attribute's value.")
class AttributeBoolean:
    boolean: bool
    """Yes (true) or no (false)."""


AttributeScalarMember = AttributeText | AttributeNumber | AttributeBoolean

AttributeScalar = Annotated[
    AttributeScalarMember,
    strawberry.union(
        "AttributeScalar",
        description="An attribute value, typed as `AttributeScalarInput` writes it: the member"
        " (switch on `__typename`) matches the attribute's `ProductAttribute.type`, with the"
        " field of the same name as the input's (`text`, `number`, `boolean`).",
    ),
]


def typed_scalar(kind: AttributeType | None, stored: Any) -> AttributeScalarMember:
    """The stored value of an attribute of type ``kind`` (None: no such attribute any more)
    as its union member; text when it does not fit the type."""
    if isinstance(stored, bool):
        return AttributeBoolean(boolean=stored)
    text = str(stored)
    if kind is AttributeType.NUMBER:
        # Read as the engine reads it (a rule keeps str(Decimal), which may be "1E+2"), in
        # plain notation; a value no plain notation can show (NaN, 1e-999999999) stays text.
        try:
            return AttributeNumber(number=Decimal(plain_text(Decimal(text.strip()))))
        except (ArithmeticError, ValueError):
            return AttributeText(text=text)
    if kind is AttributeType.BOOLEAN and text.strip().lower() in ("true", "false"):
        return AttributeBoolean(boolean=text.strip().lower() == "true")
    return AttributeText(text=text)


async def attribute_kinds(info: strawberry.Info, product_id: int) -> dict[str, AttributeType]:
    """Each attribute code of the product and its type, through the request's loader."""
    rows = await info.context.loaders.attributes_by_product_id.load(product_id)
    return {row.code: row.type for row in rows}
