"""``updateQuoteLines``: add, change and remove lines in one call, repriced once."""

from __future__ import annotations

import strawberry

from resolvers.mutation import EditInput, perform
from resolvers.quotes.inputs import (
    QuoteLineChange,
    QuoteLineInput,
    line_change,
    new_line,
    quote_ref,
)
from resolvers.quotes.mutations.edited import edited_payload
from schema.text_limits import Sku
from schema.types.quote_mutation import QuotePayload
from services.quotes.lines import LineEdits
from services.quotes.update import edit_quote_lines


@strawberry.input(
    description=(
        "Adds, changes and removes lines in one step (removals, then changes, then additions);"
        " the quote is priced again."
    )
)
class UpdateQuoteLinesInput(EditInput):
    add: list[QuoteLineInput] = strawberry.field(
        default_factory=list, description="New lines, appended; each gets the next free key."
    )
    update: list[QuoteLineChange] = strawberry.field(
        default_factory=list, description="Changes to existing lines, each found by its key."
    )
    remove: list[Sku] = strawberry.field(
        default_factory=list, description="Keys of lines to remove."
    )


async def update_quote_lines(info: strawberry.Info, input: UpdateQuoteLinesInput) -> QuotePayload:
    """The quote (`id`, `version`) and the lines to add, change and remove."""
    add = tuple(new_line(line) for line in input.add)
    edits = LineEdits(
        add=add, update=tuple(line_change(c) for c in input.update), remove=tuple(input.remove)
    )
    outcome = await perform(
        info, edit_quote_lines, info.context.config.pricing, quote_ref(input), edits
    )
    return edited_payload(info, outcome)
