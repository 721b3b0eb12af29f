"""Quote line inputs, shared by ``createQuote`` and ``updateQuoteLines``, and the commands they become."""

from __future__ import annotations

import strawberry

from resolvers.pricing.inputs import ConfigurationInput, DiscountInput, db_id
from schema.text_limits import Sku
from services.quotes.lines import Discount, LineChange, LineConfiguration, NewLine, OptionChoice


@strawberry.input
class QuoteLineInput:
    product_id: strawberry.relay.GlobalID
    quantity: int
    configuration: ConfigurationInput | None = None
    discount: DiscountInput | None = None
    term_months: int | None = None


@strawberry.input(description="Change one line, found by its key; fields left out stay.")
class QuoteLineChange:
    key: Sku
    quantity: int | None = None
    configuration: ConfigurationInput | None = None
    discount: DiscountInput | None = None
    clear_discount: bool = False
    term_months: int | None = None


def discount_of(value: DiscountInput | None) -> Discount | None:
    return None if value is None else Discount(percent=value.percent, amount=value.amount)


def configuration_of(value: ConfigurationInput | None) -> LineConfiguration | None:
    """Option references that name no option pass on as ``None``: the service reports them."""
    if value is None:
        return None
    return LineConfiguration(
        selections=tuple(OptionChoice(db_id(s.option_id, "BundleOption"), s.quantity) for s in value.selections),
        attributes=tuple((a.code, a.value) for a in value.attributes),
    )


def new_line(line: QuoteLineInput) -> NewLine:
    return NewLine(
        product_id=db_id(line.product_id, "Product"),
        quantity=line.quantity,
        configuration=configuration_of(line.configuration),
        discount=discount_of(line.discount),
        term_months=line.term_months,
    )


def line_change(change: QuoteLineChange) -> LineChange:
    return LineChange(
        key=change.key,
        quantity=change.quantity,
        configuration=configuration_of(change.configuration),
        discount=discount_of(change.discount),
        clear_discount=change.clear_discount,
        term_months=change.term_months,
    )
