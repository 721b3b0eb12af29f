"""``updateQuoteLines``: add, change and remove lines in one call, repriced once."""

from __future__ import annotations

from datetime import UTC, datetime

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Quote
from schema.text_limits import Sku
from resolvers.audit import audit_change
from resolvers.mutation import atomically, reject
from services.quotes.editing import editable_revision, quote_for_update, revision_lines, touch
from resolvers.quotes.lines import (
    QuoteLineChange,
    QuoteLineInput,
    add_line,
    check_discount,
    check_quantity,
    check_term,
    next_key,
    products_for,
    stored_configuration,
)
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.quotes.repricing import refuse_unpriceable, reprice
from schema.errors import ErrorCode

MAX_LINES = 2000


@strawberry.input
class UpdateQuoteLinesInput:
    id: strawberry.relay.GlobalID
    version: int
    add: list[QuoteLineInput] = strawberry.field(default_factory=list)
    update: list[QuoteLineChange] = strawberry.field(default_factory=list)
    remove: list[Sku] = strawberry.field(default_factory=list, description="Keys of lines to remove.")


async def update_quote_lines(info: strawberry.Info, input: UpdateQuoteLinesInput) -> QuotePayload:
    async def work(session: AsyncSession) -> Quote:
        quote = await quote_for_update(info, session, input.id, input.version)
        revision = await editable_revision(info, session, quote)
        lines = {line.key: line for line in await revision_lines(session, revision)}
        # Keys are never reused, so a removed line's key cannot come back meaning another line.
        key = max(revision.lines_added, next_key(list(lines.values())) - 1) + 1
        position = max((line.position for line in lines.values()), default=-1) + 1
        for index, removed in enumerate(input.remove):
            line = lines.pop(removed, None)
            if line is None:
                raise reject(ErrorCode.NOT_FOUND, f"No line {removed} on this quote.", ["input", "remove", str(index)])
            await session.delete(line)
        for index, change in enumerate(input.update):
            field = ["input", "update", index]
            line = lines.get(change.key)
            if line is None:
                raise reject(ErrorCode.NOT_FOUND, f"No line {change.key} on this quote.", [*map(str, field), "key"])
            if change.quantity is not None:
                line.quantity = check_quantity(change.quantity, [*field, "quantity"])
            if change.clear_discount:
                line.discount_percent = line.discount_amount = None
            elif change.discount is not None:
                line.discount_percent, line.discount_amount = check_discount(change.discount, [*field, "discount"])
            if change.term_months is not None:
                line.term_months = check_term(change.term_months, [*field, "termMonths"])
            if change.configuration is not None:
                line.configuration = await stored_configuration(session, change.configuration, line.product_id, field)
        products = await products_for(session, input.add)
        for index, new in enumerate(input.add):
            row = await add_line(session, revision, new, f"L{key + index}", position + index, ["input", "add", index], products)
            lines[row.key] = row
        revision.lines_added = key + len(input.add) - 1
        if len(lines) > MAX_LINES:
            raise reject(ErrorCode.INVALID, f"A quote has at most {MAX_LINES} lines.", ["input", "add"])
        await session.flush()
        priced = await reprice(session, datetime.now(UTC), quote, revision, info.context.config.pricing)
        touched = {change.key: ["input", "update", i] for i, change in enumerate(input.update)}
        touched.update({f"L{key + i}": ["input", "add", i] for i in range(len(input.add))})
        refuse_unpriceable(priced, touched)
        touch(quote)
        await audit_change(info, session, "updateQuoteLines", quote)
        return quote

    return quote_payload(info, await atomically(info, work))
