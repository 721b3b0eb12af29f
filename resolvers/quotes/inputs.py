"""Quote inputs shared by several mutations, and the one way an input becomes a use case's command
(or a row becomes a type: ``from_attributes``)."""

from __future__ import annotations

from typing import Any, TypeVar

import strawberry

from resolvers.lean_input import lean
from resolvers.mutation import Command, clearing_field, command, key, resolved
from resolvers.pricing.inputs import ConfigurationInput, DiscountInput, db_id, discount
from schema.text_limits import Family, Sku
from services.quotes.editing import QuoteRef
from services.quotes.lines import (
    MAX_TERM_MONTHS,
    LineChange,
    LineConfiguration,
    NewLine,
    OptionChoice,
)

C = TypeVar("C")


def notes_field() -> Any:
    return strawberry.field(default=None, description="Internal; never shown to the customer.")


def customer_notes_field() -> Any:
    return strawberry.field(default=None, description="Shown to the customer with the offer.")


CompetitorName = Family
"""A competitor's name on a quote (100 characters, like the column)."""


def competitors_field(*, replacing: bool) -> Any:
    what = "replaces the list; empty clears it" if replacing else "none by default"
    default: dict[str, Any] = {"default": None} if replacing else {"default_factory": list}
    return strawberry.field(
        **default,
        description="The competitors named on the deal (at most 10; stored trimmed and "
        f"lower-cased, each once): {what}. `relevantContent` ranks their battlecards high. "
        "Errors: INVALID (too many, blank, too long).",
    )


def term_months_field() -> Any:
    return strawberry.field(
        default=None, description=f"The line's term, 1 to {MAX_TERM_MONTHS} months."
    )


@lean  # built from a plan made once: strawberry re-resolved each field of each of 1,000 lines
@strawberry.input(
    description=(
        "A new line of a saved quote: a product, a quantity, and how it is configured and"
        " discounted."
    )
)
class QuoteLineInput:
    product_id: strawberry.relay.GlobalID
    """The global ID of the product."""
    quantity: int
    """Units (or seats), a whole number from 1."""
    configuration: ConfigurationInput | None = None
    """Required for a configurable bundle: its options and attribute values."""
    discount: DiscountInput | None = None
    """The rep's discount on this line."""
    term_months: int | None = term_months_field()


@strawberry.input(description="Change one line, found by its key; fields left out stay.")
class QuoteLineChange:
    key: Sku
    """The key of the line to change (`QuoteLine.key`)."""
    quantity: int | None = None
    """A new quantity, a whole number from 1."""
    configuration: ConfigurationInput | None = None
    """A new configuration, replacing the line's."""
    discount: DiscountInput | None = None
    """A new discount, replacing the line's; see `clearDiscount` to remove it."""
    clear_discount: bool = clearing_field("the line's discount", "discount")
    term_months: int | None = term_months_field()


def from_attributes(cls: type[C], source: object, **converted: Any) -> C:
    """A ``cls`` (a dataclass: a command, a strawberry type) from the same-named attributes of
    ``source`` (an input, a row); ``converted`` gives the fields that need decoding or come
    from elsewhere, and wins."""
    built: C = resolved(command(cls, source, **converted))
    return built


def quote_ref(input: Any) -> Command[QuoteRef]:
    """The quote an input names (``id``) at the version it read (``version``, when it has one),
    decoded when the use case runs: a malformed id is a NOT_FOUND refusal, not a fault."""
    return command(QuoteRef, input, quote_id=key(input.id, "Quote"))


def configuration_of(value: ConfigurationInput | None) -> LineConfiguration | None:
    """Option references that name no option pass on as ``None``: the service reports them."""
    if value is None:
        return None
    return LineConfiguration(
        selections=tuple(
            OptionChoice(db_id(s.option_id, "BundleOption"), s.quantity) for s in value.selections
        ),
        attributes=tuple((a.code, a.value.as_text()) for a in value.attributes),
    )


def _line_parts(line: QuoteLineInput | QuoteLineChange) -> dict[str, Any]:
    return {
        "configuration": configuration_of(line.configuration),
        "discount": discount(line.discount),
    }


def new_line(line: QuoteLineInput) -> NewLine:
    # Field by field, not ``from_attributes``: a create builds 1,000 (a quarter of the time).
    return NewLine(
        product_id=db_id(line.product_id, "Product"),
        quantity=line.quantity,
        configuration=configuration_of(line.configuration),
        discount=discount(line.discount),
        term_months=line.term_months,
    )


def line_change(change: QuoteLineChange) -> LineChange:
    return from_attributes(LineChange, change, **_line_parts(change))
