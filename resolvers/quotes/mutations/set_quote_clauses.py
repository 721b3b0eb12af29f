"""``setQuoteClauses``: the quote's terms as a whole; any deviation marks it non-standard."""

from __future__ import annotations

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.accounts import Account
from db.models.quotes import ClauseVersion, Quote, QuoteClause
from schema.text_limits import Document, LongName
from resolvers.audit import audit_change
from resolvers.mutation import atomically, decode_id, reject
from resolvers.quotes.clauses import deviates
from services.quotes.editing import editable_revision, quote_for_update, revision_clauses, touch
from resolvers.quotes.payload import QuotePayload, quote_payload
from services.validation import required_text
from schema.errors import ErrorCode


@strawberry.input(description="A library clause (clauseVersionId, optionally edited) or a new one (title and body).")
class QuoteClauseInput:
    clause_version_id: strawberry.relay.GlobalID | None = None
    title: LongName | None = None
    body: Document | None = None


@strawberry.input
class SetQuoteClausesInput:
    id: strawberry.relay.GlobalID
    version: int
    clauses: list[QuoteClauseInput]


async def set_quote_clauses(info: strawberry.Info, input: SetQuoteClausesInput) -> QuotePayload:
    async def work(session: AsyncSession) -> Quote:
        quote = await quote_for_update(info, session, input.id, input.version)
        revision = await editable_revision(info, session, quote)
        for old in await revision_clauses(session, revision):
            await session.delete(old)
        chosen: list[QuoteClause] = []
        for index, item in enumerate(input.clauses):
            field = ["input", "clauses", str(index)]
            if item.clause_version_id is not None:
                version = await session.get(ClauseVersion, decode_id(item.clause_version_id, "ClauseVersion", field))
                if version is None:
                    raise reject(ErrorCode.NOT_FOUND, "No such clause version.", field)
                from db.models.quotes import Clause

                clause = await session.get(Clause, version.clause_id)
                assert clause is not None
                body = item.body if item.body is not None else version.body
                title = item.title if item.title is not None else clause.title
                edited = body != version.body or title != clause.title
                row = QuoteClause(revision_id=revision.id, clause_version_id=version.id, title=title, body=body, position=index, edited=edited)
            else:
                row = QuoteClause(
                    revision_id=revision.id,
                    title=required_text(item.title or "", [*field, "title"], max_length=300),
                    body=required_text(item.body or "", [*field, "body"], max_length=20_000),
                    position=index,
                    edited=False,
                )
            session.add(row)
            chosen.append(row)
        account = await session.get(Account, quote.account_id)
        assert account is not None
        revision.non_standard = await deviates(session, chosen, account.segment)
        touch(quote)
        await audit_change(info, session, "setQuoteClauses", quote)
        return quote

    return quote_payload(info, await atomically(info, work))
