"""``createPriceBookEntry`` (OPS): a product's price in a book from one date (until another).

One product's entries in one book never overlap in time; the book is locked
while checking, so two writers cannot both slip in, and the database trigger
(``price_book_entries_no_overlap``) stands behind the check.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.price_books import PriceBook as PriceBookRow
from db.models.price_books import PriceBookEntry as EntryRow
from schema.text_limits import IdempotencyKey
from resolvers.audit import audit_change
from resolvers.catalog.rules import (
    active_product,
    check_dates,
    describe_period,
    first_overlap,
    money_amount,
)
from resolvers.mutation import IdempotentCreate, atomically, decode_id, reject
from schema.errors import ErrorCode, UserError, user_error
from schema.types.price_books import PriceBookEntry


@strawberry.input(
    description="Amounts are in the book's currency; `validTo` is exclusive, null for open-ended."
)
class CreatePriceBookEntryInput:
    price_book_id: relay.GlobalID
    product_id: relay.GlobalID
    unit_price: Decimal
    valid_from: date
    floor_price: Decimal | None = strawberry.field(
        default=None, description="The lowest unit price without approval; at most the unit price."
    )
    valid_to: date | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreatePriceBookEntryPayload:
    price_book_entry: PriceBookEntry | None = None
    user_errors: list[UserError]


OVERLAP = user_error(
    ErrorCode.INVALID,
    "These dates overlap another price of this product in this book.",
    ["input", "validFrom"],
)


async def create_price_book_entry(
    info: strawberry.Info, input: CreatePriceBookEntryInput
) -> CreatePriceBookEntryPayload:
    async def work(session: AsyncSession) -> EntryRow:
        book = await session.get(
            PriceBookRow,
            decode_id(input.price_book_id, "PriceBook", ["input", "priceBookId"]),
            with_for_update=True,
        )
        if book is None:
            raise reject(
                ErrorCode.NOT_FOUND, "No PriceBook with this id.", ["input", "priceBookId"]
            )
        product = await active_product(session, input.product_id, ["input", "productId"])
        unit_price = money_amount(input.unit_price, ["input", "unitPrice"])
        floor = None
        if input.floor_price is not None:
            floor = money_amount(input.floor_price, ["input", "floorPrice"])
            if floor > unit_price:
                raise reject(
                    ErrorCode.INVALID,
                    "The floor price cannot be above the unit price.",
                    ["input", "floorPrice"],
                )
        check_dates(input.valid_from, input.valid_to)
        clash = await first_overlap(
            session,
            EntryRow,
            [EntryRow.price_book_id == book.id, EntryRow.product_id == product.id],
            input.valid_from,
            input.valid_to,
        )
        if clash is not None:
            raise reject(
                ErrorCode.INVALID,
                f"{product.name} already has a price in {book.name} "
                f"{describe_period(clash.valid_from, clash.valid_to)}; end that entry first or "
                "choose "
                "dates that do not overlap it.",
                ["input", "validFrom"],
            )
        entry = EntryRow(
            price_book_id=book.id,
            product_id=product.id,
            unit_price=unit_price,
            floor_price=floor,
            valid_from=input.valid_from,
            valid_to=input.valid_to,
        )
        session.add(entry)
        await audit_change(info, session, "createPriceBookEntry", entry)
        return entry

    outcome = await atomically(
        info,
        work,
        constraint_errors={"price_book_entries_no_overlap": OVERLAP},
        idempotent=IdempotentCreate(
            operation="createPriceBookEntry",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=EntryRow,
        ),
    )
    return CreatePriceBookEntryPayload(
        price_book_entry=PriceBookEntry.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
