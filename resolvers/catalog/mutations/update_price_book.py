"""``updatePriceBook`` (OPS): rename, (de)activate or rescope a book; optimistic on ``version``.

The currency and whether the book is standard never change: its entries are
priced in that currency, and the standard book is the company-wide fallback.
"""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.price_books import PriceBook as PriceBookRow
from db.queries.audit import snapshot
from schema.text_limits import Segment
from resolvers.audit import audit_change
from resolvers.catalog.mutations.create_price_book import (
    CONSTRAINT_ERRORS,
    check_name,
    check_one_standard,
    check_scope,
    optional_segment,
)
from resolvers.mutation import atomically, check_version, decode_id, reject
from services.validation import optional_text
from schema.errors import ErrorCode, UserError
from schema.types.price_books import PriceBook


@strawberry.input(
    description="Fields left out (null) stay as they are; an empty string clears a scope."
)
class UpdatePriceBookInput:
    id: relay.GlobalID
    version: int
    name: str | None = None
    active: bool | None = None
    segment: Segment | None = None
    region: Segment | None = None
    channel: Segment | None = None


@strawberry.type
class UpdatePriceBookPayload:
    price_book: PriceBook | None = None
    user_errors: list[UserError]


async def update_price_book(
    info: strawberry.Info, input: UpdatePriceBookInput
) -> UpdatePriceBookPayload:
    async def work(session: AsyncSession) -> PriceBookRow:
        book = await session.get(
            PriceBookRow, decode_id(input.id, "PriceBook"), with_for_update=True
        )
        if book is None:
            raise reject(ErrorCode.NOT_FOUND, "No PriceBook with this id.", ["input", "id"])
        check_version(book, input.version)
        before = snapshot(book)
        if input.name is not None:
            book.name = await check_name(session, input.name, book_id=book.id)
        if input.active is not None:
            book.active = input.active
        if input.segment is not None:
            book.segment = optional_segment(input.segment)
        if input.region is not None:
            book.region = optional_text(input.region, ["input", "region"], max_length=50)
        if input.channel is not None:
            book.channel = optional_text(input.channel, ["input", "channel"], max_length=50)
        check_scope(book)
        await check_one_standard(session, book)
        await audit_change(info, session, "updatePriceBook", book, before)
        return book

    outcome = await atomically(info, work, constraint_errors=CONSTRAINT_ERRORS)
    return UpdatePriceBookPayload(
        price_book=PriceBook.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
