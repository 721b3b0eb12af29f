"""A product's price in a book, from one date (until another), and ending it.

One product's entries in one book never overlap in time; the book is locked
while checking, so two writers cannot both slip in, and the database trigger
(``price_book_entries_no_overlap``) stands behind the check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.price_books import PriceBook, PriceBookEntry
from services.audit import record_new
from services.catalog.checks import active_product, check_free_dates, money_amount, overlap
from services.catalog.lifecycle import ending
from services.refusal import Code, refuse
from services.rows import get_or_refuse, new_row

OVERLAP = overlap("another price of this product in this book")
CONSTRAINT_REFUSALS = {"price_book_entries_no_overlap": OVERLAP}


@dataclass(frozen=True, slots=True)
class NewPriceBookEntry:
    """Amounts are in the book's currency; ``valid_to`` is exclusive, None for open-ended."""

    price_book_id: int
    product_id: int
    unit_price: Decimal
    valid_from: date
    floor_price: Decimal | None = None  # the lowest unit price without approval
    valid_to: date | None = None


async def create_price_book_entry(
    session: AsyncSession, actor: Actor, now: datetime, new: NewPriceBookEntry
) -> PriceBookEntry:
    """Price a product in a book, for dates its other prices there leave free."""
    book = await get_or_refuse(
        session, PriceBook, new.price_book_id, lock=True, field=("input", "priceBookId")
    )
    product = await active_product(session, new.product_id, ("input", "productId"))
    unit_price = money_amount(new.unit_price, ("input", "unitPrice"))
    floor = None
    if new.floor_price is not None:
        floor = money_amount(new.floor_price, ("input", "floorPrice"))
        if floor > unit_price:
            raise refuse(
                Code.INVALID,
                "The floor price cannot be above the unit price.",
                ("input", "floorPrice"),
            )
    scope = {"price_book_id": book.id, "product_id": product.id}
    holder = f"{product.name} already has a price in {book.name}"
    await check_free_dates(session, PriceBookEntry, scope, new, holder, "end that entry first")
    entry = new_row(PriceBookEntry, new, price_book_id=book.id, product_id=product.id)
    entry.unit_price, entry.floor_price = unit_price, floor
    return await record_new(session, actor, "createPriceBookEntry", entry)


end_price_book_entry = ending(PriceBookEntry, "endPriceBookEntry")
"""End a book price on a date, so a new price can start then; a dated one only earlier."""
