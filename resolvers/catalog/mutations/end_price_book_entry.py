"""``endPriceBookEntry`` (OPS): close a price on a date, so a new price can start then.

An open-ended entry gets its end; a dated one may only end earlier (ending
later could run into the next price).
"""

from __future__ import annotations

from datetime import date

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry import relay

from db.models.price_books import PriceBookEntry as EntryRow
from db.queries.audit import snapshot
from resolvers.audit import audit_change
from resolvers.catalog.rules import end_validity
from resolvers.mutation import atomically, decode_id, reject
from schema.errors import ErrorCode, UserError
from schema.types.price_books import PriceBookEntry


@strawberry.input
class EndPriceBookEntryInput:
    id: relay.GlobalID
    valid_to: date = strawberry.field(description="The first day the price no longer applies.")


@strawberry.type
class EndPriceBookEntryPayload:
    price_book_entry: PriceBookEntry | None = None
    user_errors: list[UserError]


async def end_price_book_entry(
    info: strawberry.Info, input: EndPriceBookEntryInput
) -> EndPriceBookEntryPayload:
    async def work(session: AsyncSession) -> EntryRow:
        entry = await session.get(
            EntryRow, decode_id(input.id, "PriceBookEntry"), with_for_update=True
        )
        if entry is None:
            raise reject(ErrorCode.NOT_FOUND, "No PriceBookEntry with this id.", ["input", "id"])
        before = snapshot(entry)
        end_validity(entry, input.valid_to)
        await audit_change(info, session, "endPriceBookEntry", entry, before)
        return entry

    outcome = await atomically(info, work)
    return EndPriceBookEntryPayload(
        price_book_entry=PriceBookEntry.from_row(outcome.value) if outcome.value else None,
        user_errors=outcome.errors,
    )
