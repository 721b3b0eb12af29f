"""Small builders for pricing tests: a default account, day, products, books, requests."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from pricing import (
    Account,
    PriceBook,
    PriceBookEntry,
    PricedLine,
    PricingRequest,
    Product,
    QuoteLineInput,
    StepKind,
    WaterfallStep,
)
from pricing.money import Money

DAY = date(2025, 3, 1)
ACCOUNT = Account("acct-1", "Acme", segment="smb", region="emea", channel="direct")


def d(value: str | int) -> Decimal:
    """A Decimal from text, so tests never go through binary fractions."""
    return Decimal(str(value))


def money(amount: str | int, currency: str = "USD") -> Money:
    return Money(d(amount), currency)


def product(
    product_id: str,
    *,
    family: str | None = None,
    cost: str | None = None,
    currency: str = "USD",
    **fields: object,
) -> Product:
    costs = (money(cost, currency),) if cost is not None else ()
    return Product(product_id, product_id.title(), family=family, unit_costs=costs, **fields)  # type: ignore[arg-type]


def book(
    book_id: str,
    prices: dict[str, str],
    *,
    currency: str = "USD",
    name: str | None = None,
    **dimensions: str,
) -> PriceBook:
    """A book with one entry per product, entry id ``<book>-<product>``, open-dated."""
    entries = tuple(
        PriceBookEntry(f"{book_id}-{pid}", pid, money(price, currency))
        for pid, price in prices.items()
    )
    return PriceBook(book_id, name or book_id.title(), entries, **dimensions)


def standard_book(*entries: PriceBookEntry) -> PriceBook:
    """The standard book ``std`` holding exactly ``entries`` (dated ones, say)."""
    return PriceBook("std", "Standard", entries)


def line(line_id: str, product_id: str, quantity: int = 1, **fields: object) -> QuoteLineInput:
    return QuoteLineInput(line_id, product_id, quantity, **fields)  # type: ignore[arg-type]


def request(
    lines: Iterable[QuoteLineInput],
    products: Iterable[Product],
    *,
    books: Iterable[PriceBook] = (),
    currency: str = "USD",
    **fields: Any,
) -> PricingRequest:
    return PricingRequest(
        "quote-1",
        currency,
        fields.pop("pricing_date", DAY),
        fields.pop("account", ACCOUNT),
        tuple(lines),
        tuple(products),
        price_books=tuple(books),
        **fields,
    )


def kinds(priced: PricedLine) -> list[StepKind]:
    return [step.kind for step in priced.steps]


def step_of(priced: PricedLine, kind: StepKind) -> WaterfallStep:
    found = [step for step in priced.steps if step.kind is kind]
    assert len(found) == 1, f"expected one {kind.name} step, got {kinds(priced)}"
    return found[0]
