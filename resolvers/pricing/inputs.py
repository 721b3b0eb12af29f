"""GraphQL inputs for pricing and configuring, and their translation to the use cases' commands.

A reference that names no row of the expected type (a Quote's id as a product,
a malformed id) stays a reference the engine will not find, so it is reported
with every other problem in one answer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import strawberry
from strawberry import relay

from resolvers.lean_input import lean
from schema.ids import NO_ROW, node_key
from schema.scalars import CurrencyCode
from schema.text_limits import Sku
from services.pricing.price_quote import (
    Discount,
    Proposal,
    ProposedConfiguration,
    ProposedLine,
    Reference,
)

T = TypeVar("T")


def member(description: str) -> Any:
    """A field of a ``@oneOf`` input: left out (UNSET) unless it is the one the client gave."""
    return strawberry.field(default=strawberry.UNSET, description=description)


def given(value: T | None) -> T | None:
    """A ``@oneOf`` input's field value, None when the client gave another field."""
    return None if value is strawberry.UNSET else value


@strawberry.input(
    one_of=True,
    description=(
        "A discount a rep gives: exactly one of `percent` or `amount` (`@oneOf`: both, neither"
        " or a null is refused before anything runs, with a top-level error whose"
        " `extensions.code` is GRAPHQL_VALIDATION_FAILED)."
    ),
)
class DiscountInput:
    percent: Decimal | None = member(
        "Percent off the line's price (as a quote discount: of the quote's net), 0 to 100"
        " with at most 4 decimal places, e.g. '12.5' for 12.5 %."
    )
    amount: Decimal | None = member(
        "Amount off each unit of the line, in the quote's currency; as a quote discount,"
        " an amount off the quote's net total (at most that total), spread over the lines"
        " pro rata. Not negative; a saved quote takes at most 1,000,000,000,000."
    )

    def chosen(self) -> tuple[Decimal | None, Decimal | None]:
        """(percent, amount), the one not given as None."""
        return given(self.percent), given(self.amount)


@strawberry.input(description="An option the rep picked in a bundle's feature.")
class OptionSelectionInput:
    option_id: relay.GlobalID
    """The global ID of a `BundleOption` of this bundle."""
    quantity: int | None = None
    """Per bundle unit; the default when left out."""


@strawberry.input(
    one_of=True,
    description=(
        "A value for a product attribute, typed (`@oneOf`: give exactly one). Use the field that"
        " matches the attribute's `ProductAttribute.type`: `number` for NUMBER, `boolean` for"
        " BOOLEAN, `text` for TEXT and for CHOICE (one of the attribute's `choices`). A value"
        " that does not fit the attribute is a configuration violation INVALID_ATTRIBUTE_VALUE"
        " (the line is not priced); in a rule's condition, a userError naming `value`."
    ),
)
class AttributeScalarInput:
    text: str | None = member(
        "Text, for a TEXT attribute, or a CHOICE attribute's choice as listed in `choices`"
        " (case-sensitive). A number or a boolean written as text ('2.5', 'true') is read"
        " as the attribute's type, as before this field was typed."
    )
    number: Decimal | None = member(
        "A number, for a NUMBER attribute, in the attribute's own unit (e.g. TB)."
    )
    boolean: bool | None = member("Yes (true) or no (false), for a BOOLEAN attribute.")

    def as_text(self) -> str:
        """The value as the use cases read and store it: numbers in plain notation
        ('2.5'), booleans as 'true'/'false'."""
        number, boolean = given(self.number), given(self.boolean)
        if number is not None:
            return format(number, "f")
        if boolean is not None:
            return "true" if boolean else "false"
        return str(self.text)


@strawberry.input(description="The value a rep sets for one attribute of a configured product.")
class AttributeValueInput:
    code: Sku
    """The attribute's `code`, as in the product's `attributes` (case-sensitive)."""
    value: AttributeScalarInput
    """The value, in the field that matches the attribute's type."""


@strawberry.input(
    description="How the rep configured a bundle: the options picked and the attribute values set."
)
class ConfigurationInput:
    selections: list[OptionSelectionInput] = strawberry.field(
        default_factory=list,
        description="The options picked (INCLUDED and REQUIRED ones come anyway).",
    )
    attributes: list[AttributeValueInput] = strawberry.field(
        default_factory=list,
        description="A value for each attribute of the product; required ones must be given.",
    )


@lean  # built from a plan made once: strawberry re-resolved each field of each of 50+ lines
@strawberry.input(description="A line to price in a preview.")
class PriceLineInput:
    key: Sku
    """Your id for the line; results refer to it."""
    product_id: relay.GlobalID
    """The global ID of the product; an unknown one is an UNKNOWN_PRODUCT issue."""
    quantity: int
    """Units (or seats), a whole number from 1; another is an INVALID_QUANTITY issue."""
    configuration: ConfigurationInput | None = None
    """Required for a configurable bundle: its options become child lines."""
    discount: DiscountInput | None = None
    """The rep's discount on this line."""
    term_months: int | None = None
    """For a product priced per term: the term in months (it picks term-based tiers)."""


@lean  # priceQuote is the live preview: strawberry re-resolved each field's type per request
@strawberry.input(
    description=(
        "Lines to price for an account as a quote would, without saving anything (the phone's"
        " live preview)."
    )
)
class PriceQuoteInput:
    account_id: relay.GlobalID
    """The global ID of the account (one you may see): its contracts, segment and currency apply."""
    lines: list[PriceLineInput]
    """The lines, each with its own `key`."""
    currency: CurrencyCode | None = None
    """The account's currency by default."""
    pricing_date: date | None = None
    """Today (UTC) by default."""
    quote_discount: DiscountInput | None = None
    """A discount on the whole quote, spread over the lines pro rata after their own discounts."""


@strawberry.input(description="A bundle configuration to check while the rep builds it.")
class ValidateConfigurationInput:
    product_id: relay.GlobalID
    """The global ID of the bundle product."""
    quantity: int = 1
    """How many bundles: per-bundle option quantities are multiplied by it; 1 by default."""
    configuration: ConfigurationInput = strawberry.field(
        default_factory=ConfigurationInput,
        description="The options picked and attribute values set; none by default.",
    )


def db_id(global_id: relay.GlobalID, type_name: str) -> int | None:
    if global_id.type_name != type_name:
        return None
    key = node_key(global_id.node_id)
    return None if key == NO_ROW else key


def reference(global_id: relay.GlobalID, type_name: str) -> Reference:
    """The row id, or the id as the client sent it when it names no ``type_name`` row."""
    found = db_id(global_id, type_name)
    return found if found is not None else str(global_id)


def discount(value: DiscountInput | None) -> Discount | None:
    """The use cases' discount from the input's (None stays None): the priced preview and the
    quote's lines and header take the same one."""
    if value is None:
        return None
    percent, amount = value.chosen()
    return Discount(percent=percent, amount=amount)


def configuration(value: ConfigurationInput | None) -> ProposedConfiguration | None:
    if value is None:
        return None
    return ProposedConfiguration(
        selections=tuple(
            (reference(s.option_id, "BundleOption"), s.quantity) for s in value.selections
        ),
        attributes=tuple((a.code, a.value.as_text()) for a in value.attributes),
    )


def proposed_lines(lines: list[PriceLineInput]) -> tuple[ProposedLine, ...]:
    return tuple(
        ProposedLine(
            key=line.key,
            product=reference(line.product_id, "Product"),
            quantity=line.quantity,
            configuration=configuration(line.configuration),
            discount=discount(line.discount),
            term_months=line.term_months,
        )
        for line in lines
    )


def proposal(input: PriceQuoteInput) -> Proposal:
    return Proposal(
        account=reference(input.account_id, "Account"),
        lines=proposed_lines(input.lines),
        currency=input.currency,
        pricing_date=input.pricing_date,
        quote_discount=discount(input.quote_discount),
    )
