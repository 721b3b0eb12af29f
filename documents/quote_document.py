"""The customer's view of a quote, as frozen value objects the renderers read.

These types are deliberately *not* the ORM models or the pricing results: they
hold only what a customer may see. Cost, margin and internal notes have no field
here at all, so no template change can leak them by accident. Callers map a quote
onto these objects; the renderers stay pure (no database, no clock: dates are
fields) and can be tested with plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


def _require_decimals(obj: object, names: tuple[str, ...]) -> None:
    """Refuse floats (and anything else) where money or a rate is expected.

    A float in a quote is a rounding bug waiting to be printed; failing at
    construction points at the caller that made it instead of at the renderer.
    """
    for name in names:
        value = getattr(obj, name)
        if value is not None and not isinstance(value, Decimal):
            raise TypeError(
                f"{type(obj).__name__}.{name} must be a Decimal or None, got {type(value).__name__}"
            )


@dataclass(frozen=True, slots=True)
class DocumentLine:
    """One printed line; bundle options are child lines shown under their parent.

    Prices are optional because an option included in its bundle has none of its
    own: ``included`` lines print "Included" instead of amounts.
    """

    key: str
    sku: str
    name: str
    quantity: int
    list_unit_price: Decimal | None
    discount_percent: Decimal | None
    """Percent of list price, 0-100 (15 means 15 %), as the pricing engine reports it."""
    net_unit_price: Decimal | None
    net_amount: Decimal | None
    is_child: bool = False
    included: bool = False
    term_months: int | None = None
    """The subscription term a term-priced line was priced for (printed under its name)."""

    def __post_init__(self) -> None:
        _require_decimals(
            self, ("list_unit_price", "discount_percent", "net_unit_price", "net_amount")
        )


@dataclass(frozen=True, slots=True)
class DocumentClause:
    """A legal or commercial clause; blank lines in ``body`` separate paragraphs."""

    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Seller:
    """Who issues the quote: the company's name and postal address (from settings)."""

    name: str = ""
    address: str = ""
    """Lines separated by newlines."""


DRAFT_STATUSES = frozenset({"DRAFT", "PENDING_APPROVAL"})
"""Statuses whose document is not yet an offer: printed with a DRAFT mark."""


@dataclass(frozen=True, slots=True)
class QuoteDocument:
    """Everything printed on a quote, already priced and rounded by the caller.

    Totals are given, not recomputed, so the document always shows the very
    figures the pricing engine (and any approval) settled on.
    """

    number: str
    name: str
    revision: int
    account_name: str
    prepared_by: str
    currency: str
    issued_on: date
    valid_until: date
    lines: tuple[DocumentLine, ...]
    list_total: Decimal
    discount_total: Decimal
    net_total: Decimal
    total_discount_percent: Decimal | None
    terms: str
    customer_notes: str
    clauses: tuple[DocumentClause, ...]
    status: str
    seller: Seller = Seller()
    account_address: str = ""
    """The customer's postal address, lines separated by newlines."""

    @property
    def is_draft(self) -> bool:
        """A quote not yet approved is no offer: it carries a DRAFT mark."""
        return self.status in DRAFT_STATUSES

    def __post_init__(self) -> None:
        _require_decimals(
            self, ("list_total", "discount_total", "net_total", "total_discount_percent")
        )
        for field_name in ("lines", "clauses"):
            if not isinstance(getattr(self, field_name), tuple):
                raise TypeError(f"QuoteDocument.{field_name} must be a tuple (immutable)")


__all__ = ["DRAFT_STATUSES", "DocumentClause", "DocumentLine", "QuoteDocument", "Seller"]
