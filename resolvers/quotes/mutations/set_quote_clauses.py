"""``setQuoteClauses``: the quote's terms as a whole; any deviation marks it non-standard."""

from __future__ import annotations

import strawberry

from resolvers.mutation import EditInput, perform
from resolvers.quotes.inputs import quote_ref
from schema.ids import node_key
from schema.text_limits import Document, LongName, Sku
from schema.types.quote_mutation import QuotePayload, quote_payload
from services.quotes.clauses import ClauseChoice
from services.quotes.clauses import set_quote_clauses as set_clauses


@strawberry.input(
    description=(
        "A library clause (clauseVersionId, optionally edited) or a new one (title and body)."
    )
)
class QuoteClauseInput:
    clause_version_id: Sku | None = None
    """A library clause version's key (`LibraryClause.clauseVersionId`, a plain key, not a global
    ID); with `body`, its text edited for this quote. One that names no version is NOT_FOUND."""
    title: LongName | None = None
    """The heading: a new clause needs one; with `clauseVersionId`, it replaces the library's."""
    body: Document | None = None
    """The text: a new clause needs one; with `clauseVersionId`, it replaces the library's."""


@strawberry.input(
    description=(
        "The quote's complete list of clauses, in document order, replacing the current one."
    )
)
class SetQuoteClausesInput(EditInput):
    clauses: list[QuoteClauseInput]
    """Every clause of the quote, in document order; clauses left out are removed."""


def _choice(item: QuoteClauseInput) -> ClauseChoice:
    version_id = item.clause_version_id
    return ClauseChoice(
        from_library=version_id is not None,
        clause_version_id=None if version_id is None else node_key(version_id.strip()),
        title=item.title,
        body=item.body,
    )


async def set_quote_clauses(info: strawberry.Info, input: SetQuoteClausesInput) -> QuotePayload:
    """The quote (`id`, `version`) and its complete new list of clauses."""
    clauses = [_choice(item) for item in input.clauses]
    return quote_payload(info, await perform(info, set_clauses, quote_ref(input), clauses))
