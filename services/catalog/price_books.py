"""Price books: a currency's standard book, or one for a segment, region or channel.

The currency and whether a book is standard never change once it exists: its
entries are priced in that currency, and the standard book is the company-wide
fallback, of which each currency has one active at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.price_books import PriceBook
from db.queries.catalog import other_active_standard_book, price_book_id_named
from services.audit import record_new
from services.catalog.checks import Unique, optional_segment
from services.refusal import Code, Refusal, refuse
from services.rows import audited_edit, new_row
from services.validation import optional_text

NAME_TAKEN = Refusal(Code.ALREADY_EXISTS, "A price book with this name exists.", ("input", "name"))
STANDARD_TAKEN = Refusal(
    Code.ALREADY_EXISTS,
    "There is already an active standard book in this currency; deactivate it first.",
    ("input", "isStandard"),
)
NAME = Unique(("input", "name"), 200, price_book_id_named, NAME_TAKEN)
CONSTRAINT_REFUSALS = {
    "uq_price_books_name": NAME_TAKEN,
    "uq_price_books_standard_currency": STANDARD_TAKEN,
}


@dataclass(frozen=True, slots=True)
class NewPriceBook:
    """A standard book names no segment, region or channel."""

    name: str
    currency: str
    is_standard: bool = False
    segment: str | None = None
    region: str | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class PriceBookChanges:
    """Fields left None stay as they are; an empty string clears a scope."""

    name: str | None = None
    active: bool | None = None
    segment: str | None = None
    region: str | None = None
    channel: str | None = None


async def create_price_book(
    session: AsyncSession, actor: Actor, now: datetime, new: NewPriceBook
) -> PriceBook:
    book = new_row(
        PriceBook,
        new,
        name=await NAME.check(session, new.name),
        segment=optional_segment(new.segment),
        region=optional_text(new.region, ("input", "region"), max_length=50),
        channel=optional_text(new.channel, ("input", "channel"), max_length=50),
        active=True,
    )
    check_scope(book)
    await check_one_standard(session, book)
    return await record_new(session, actor, "createPriceBook", book)


async def update_price_book(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    book_id: int,
    version: int,
    changes: PriceBookChanges,
) -> PriceBook:
    """Rename, (de)activate or rescope a book."""
    async with audited_edit(session, actor, "updatePriceBook", PriceBook, book_id, version) as book:
        if changes.name is not None:
            book.name = await NAME.check(session, changes.name, book.id)
        if changes.active is not None:
            book.active = changes.active
        if changes.segment is not None:
            book.segment = optional_segment(changes.segment)
        if changes.region is not None:
            book.region = optional_text(changes.region, ("input", "region"), max_length=50)
        if changes.channel is not None:
            book.channel = optional_text(changes.channel, ("input", "channel"), max_length=50)
        check_scope(book)
        await check_one_standard(session, book)
    return book


def check_scope(book: PriceBook) -> None:
    """A standard book is the unscoped fallback: it names no segment, region or channel."""
    if book.is_standard:
        for field, value in (
            ("segment", book.segment),
            ("region", book.region),
            ("channel", book.channel),
        ):
            if value is not None:
                raise refuse(Code.INVALID, f"A standard book has no {field}.", ("input", field))


async def check_one_standard(session: AsyncSession, book: PriceBook) -> None:
    if not (book.is_standard and book.active):
        return
    other = await other_active_standard_book(session, book.currency, book.id)
    if other is not None:
        raise refuse(
            Code.ALREADY_EXISTS,
            f"{other.name} is already the active standard {book.currency} book; "
            "deactivate it first.",
            ("input", "isStandard") if book.id is None else ("input", "active"),
        )
