"""Turning the quote's input lines into the lines to price, bundle options included.

Each input line is checked (known product, positive quantity and term, the
quote's currency, a sane discount) and, when its product is configurable, its
configuration is validated. A valid bundle line is followed by one child line
per resolved option (id ``<line id>/<option id>``), quantity already scaled,
INCLUDED options marked so they are priced at zero. Every problem found is
kept: a line reports all its errors, not the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from pricing.catalog import OptionType, Product
from pricing.configuration import Configuration, ConfigurationResult, validate_configuration
from pricing.reasons import PricingError, ReasonCode
from pricing.request import QuoteLineInput
from pricing.rules import Adjustment, AmountOff
from pricing.values import quick_init, quick_new

MAX_QUANTITY = 10**9
"""Above this a quantity is refused: no real quote needs it, and amounts stay within
the engine's 60 significant digits."""
MAX_TERM_MONTHS = 1200


@quick_init
@dataclass(frozen=True, slots=True)
class LineSpec:
    """A line to price; ``product`` is None only when ``errors`` says it is unknown.

    ``included_by`` is the bundle option id when the line is an INCLUDED option.
    """

    id: str
    parent_id: str | None
    product_id: str
    product: Product | None
    quantity: int
    term_months: int | None = None
    discount: Adjustment | None = None
    included_by: str | None = None
    errors: tuple[PricingError, ...] = ()
    configuration: ConfigurationResult | None = None


new_spec: Callable[
    [
        str,
        str | None,
        str,
        Product | None,
        int,
        int | None,
        Adjustment | None,
        str | None,
        tuple[PricingError, ...],
        ConfigurationResult | None,
    ],
    LineSpec,
] = quick_new(LineSpec)


def check_adjustment(
    adjustment: Adjustment, currency: str, line_id: str | None, field: tuple[str, ...]
) -> PricingError | None:
    """A discount the rep asked for: in the quote currency, and 0–100 % or a positive amount."""
    if isinstance(adjustment, AmountOff) and adjustment.amount.currency != currency:
        return PricingError(
            ReasonCode.CURRENCY_MISMATCH,
            f"The discount is in {adjustment.amount.currency}; the quote is in {currency}.",
            line_id,
            field,
        )
    if not adjustment.is_valid():
        return PricingError(
            ReasonCode.INVALID_DISCOUNT,
            "A discount is between 0 and 100 % or a positive amount.",
            line_id,
            field,
        )
    return None


def _check_input(
    line: QuoteLineInput, product: Product | None, currency: str
) -> list[PricingError]:
    errors: list[PricingError] = []
    if product is None:
        errors.append(
            PricingError(
                ReasonCode.UNKNOWN_PRODUCT,
                f"Product {line.product_id} does not exist.",
                line.id,
                ("productId",),
            )
        )
    if not 0 < line.quantity <= MAX_QUANTITY:
        errors.append(
            PricingError(
                ReasonCode.INVALID_QUANTITY,
                f"Quantity must be between 1 and {MAX_QUANTITY}; got {line.quantity}.",
                line.id,
                ("quantity",),
            )
        )
    if line.term_months is not None and not 0 < line.term_months <= MAX_TERM_MONTHS:
        errors.append(
            PricingError(
                ReasonCode.INVALID_TERM,
                f"Term must be between 1 and {MAX_TERM_MONTHS} months; got {line.term_months}.",
                line.id,
                ("termMonths",),
            )
        )
    if line.currency is not None and line.currency != currency:
        errors.append(
            PricingError(
                ReasonCode.CURRENCY_MISMATCH,
                f"The line asks for {line.currency}; the quote is in {currency}.",
                line.id,
                ("currency",),
            )
        )
    if line.discount is not None:
        error = check_adjustment(line.discount, currency, line.id, ("discount",))
        if error is not None:
            errors.append(error)
    return errors


def expand_line(
    line: QuoteLineInput, products: Mapping[str, Product], currency: str
) -> tuple[LineSpec, ...]:
    """One input line to price, followed by its bundle options when it is a bundle.

    The caller checks that option line ids collide with no other line id.
    """
    product = products.get(line.product_id)
    errors = _check_input(line, product, currency)
    configuration: ConfigurationResult | None = None
    if (
        product is not None
        and 0 < line.quantity <= MAX_QUANTITY
        and (product.needs_configuration or line.configuration is not None)
    ):
        configuration = validate_configuration(
            product, line.configuration or Configuration(), line.quantity
        )
        if not configuration.valid:
            count = len(configuration.violations)
            errors.append(
                PricingError(
                    ReasonCode.CONFIGURATION_INVALID,
                    f"The configuration breaks {count} rule{'s' if count > 1 else ''}.",
                    line.id,
                    ("configuration",),
                )
            )
    parent = new_spec(
        line.id,
        None,
        line.product_id,
        product,
        line.quantity,
        line.term_months,
        line.discount,
        None,
        tuple(errors),
        configuration,
    )
    if errors or configuration is None:
        return (parent,)
    specs = [parent]
    for option in configuration.options:
        child_id = f"{line.id}/{option.option_id}"
        child = products.get(option.product_id)
        child_errors = (
            ()
            if child is not None
            else (
                PricingError(
                    ReasonCode.UNKNOWN_PRODUCT,
                    f"Product {option.product_id} does not exist.",
                    child_id,
                    ("configuration", option.option_id),
                ),
            )
        )
        included = option.option_type is OptionType.INCLUDED
        specs.append(
            new_spec(
                child_id,
                line.id,
                option.product_id,
                child,
                option.quantity,
                line.term_months,
                None,
                option.option_id if included else None,
                child_errors,
                None,
            )
        )
    return tuple(specs)
