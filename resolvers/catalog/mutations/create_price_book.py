"""``createPriceBook`` (OPS): a currency's standard book, or one for a segment/region/channel."""

from __future__ import annotations

import strawberry
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.price_books import PriceBook as PriceBookRow
from schema.text_limits import IdempotencyKey, Segment
from services.people.accounts import segment_code
from resolvers.audit import audit_change
from resolvers.mutation import IdempotentCreate, Rejected, atomically, reject
from services.validation import optional_text, required_text
from schema.errors import ErrorCode, UserError, user_error
from schema.scalars import CurrencyCode
from schema.types.price_books import PriceBook


@strawberry.input(description="A standard book names no segment, region or channel.")
class CreatePriceBookInput:
    name: str
    currency: CurrencyCode
    is_standard: bool = False
    segment: Segment | None = strawberry.field(
        default=None, description="Matched against the account's segment."
    )
    region: Segment | None = None
    channel: Segment | None = None
    idempotency_key: IdempotencyKey | None = strawberry.field(
        default=None, description="Retry with the same key to get the first result back."
    )


@strawberry.type
class CreatePriceBookPayload:
    price_book: PriceBook | None = None
    user_errors: list[UserError]


NAME_TAKEN = user_error(
    ErrorCode.ALREADY_EXISTS, "A price book with this name exists.", ["input", "name"]
)
STANDARD_TAKEN = user_error(
    ErrorCode.ALREADY_EXISTS,
    "There is already an active standard book in this currency; deactivate it first.",
    ["input", "isStandard"],
)
CONSTRAINT_ERRORS = {
    "uq_price_books_name": NAME_TAKEN,
    "uq_price_books_standard_currency": STANDARD_TAKEN,
}


async def check_name(session: AsyncSession, value: str, *, book_id: int | None = None) -> str:
    name = required_text(value, ["input", "name"], max_length=200)
    other = await session.scalar(select(PriceBookRow.id).where(PriceBookRow.name == name))
    if other is not None and other != book_id:
        raise Rejected(NAME_TAKEN)
    return name


def check_scope(book: PriceBookRow) -> None:
    """A standard book is the unscoped fallback: it names no segment, region or channel."""
    if book.is_standard:
        for field, value in (
            ("segment", book.segment),
            ("region", book.region),
            ("channel", book.channel),
        ):
            if value is not None:
                raise reject(
                    ErrorCode.INVALID, f"A standard book has no {field}.", ["input", field]
                )


async def check_one_standard(session: AsyncSession, book: PriceBookRow) -> None:
    if not (book.is_standard and book.active):
        return
    other = await session.scalar(
        select(PriceBookRow).where(
            PriceBookRow.currency == book.currency,
            PriceBookRow.is_standard,
            PriceBookRow.active,
            PriceBookRow.id != (book.id or 0),
        )
    )
    if other is not None:
        raise reject(
            ErrorCode.ALREADY_EXISTS,
            f"{other.name} is already the active standard {book.currency} book; "
            "deactivate it first.",
            ["input", "isStandard"] if book.id is None else ["input", "active"],
        )


def optional_segment(value: str | None) -> str | None:
    """Segments are codes like accounts' (``ENTERPRISE``), so books match them exactly."""
    if value is None or not value.strip():
        return None
    return segment_code(value, ["input", "segment"])


async def create_price_book(
    info: strawberry.Info, input: CreatePriceBookInput
) -> CreatePriceBookPayload:
    async def work(session: AsyncSession) -> PriceBookRow:
        book = PriceBookRow(
            name=await check_name(session, input.name),
            currency=input.currency,
            is_standard=input.is_standard,
            segment=optional_segment(input.segment),
            region=optional_text(input.region, ["input", "region"], max_length=50),
            channel=optional_text(input.channel, ["input", "channel"], max_length=50),
            active=True,
        )
        check_scope(book)
        await check_one_standard(session, book)
        session.add(book)
        await audit_change(info, session, "createPriceBook", book)
        return book

    outcome = await atomically(
        info,
        work,
        constraint_errors=CONSTRAINT_ERRORS,
        idempotent=IdempotentCreate(
            operation="createPriceBook",
            key=input.idempotency_key,
            request={**strawberry.asdict(input), "idempotency_key": None},
            model=PriceBookRow,
        ),
    )
    return CreatePriceBookPayload(
        price_book=PriceBook.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
