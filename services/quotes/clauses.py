"""A quote's clauses: the standard set a new quote starts with, and replacing them
(``set_quote_clauses``).

Any deviation from the segment's standard set (an edited, missing or extra clause)
marks the revision non-standard, which the approvals engine weighs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

import quotes as rules
from db.actor import Actor
from db.models.accounts import Account
from db.models.quotes import Clause, ClauseVersion, Quote, QuoteClause, QuoteRevision
from db.queries.clauses import latest_standard_clauses
from services.quotes.editing import QuoteRef, edit_quote, revision_clauses
from services.refusal import Code, refuse
from services.validation import required_text


@dataclass(frozen=True, slots=True)
class ClauseChoice:
    """A library clause (``clause_version_id``; title and body optionally edited), or a new
    one (title and body). ``from_library`` with ``clause_version_id`` ``None``: the caller's
    reference named no clause version.
    """

    from_library: bool = False
    clause_version_id: int | None = None
    title: str | None = None
    body: str | None = None


async def attach_standard_clauses(
    session: AsyncSession, revision: QuoteRevision, segment: str
) -> None:
    """The segment's standard clauses, as they read today, unedited."""
    standard = await latest_standard_clauses(session, segment)
    choices = [
        ClauseChoice(from_library=True, clause_version_id=version.id) for _, version in standard
    ]
    session.add_all(
        [await _clause_row(session, revision, index, item) for index, item in enumerate(choices)]
    )


async def deviates(session: AsyncSession, chosen: list[QuoteClause], segment: str) -> bool:
    library = [
        rules.StandardClause(clause_version_id=version.id, segment=clause.segment)
        for clause, version in await latest_standard_clauses(session, segment)
    ]
    return rules.is_non_standard(
        [
            rules.ClauseChoice(clause_version_id=c.clause_version_id, edited=c.edited)
            for c in chosen
        ],
        library,
        segment,
    )


async def _clause_row(
    session: AsyncSession, revision: QuoteRevision, index: int, item: ClauseChoice
) -> QuoteClause:
    where = ("input", "clauses", str(index))
    if not item.from_library:
        return QuoteClause(
            revision_id=revision.id,
            title=required_text(item.title or "", [*where, "title"], max_length=300),
            body=required_text(item.body or "", [*where, "body"], max_length=20_000),
            position=index,
            edited=False,
        )
    if item.clause_version_id is None:
        raise refuse(Code.NOT_FOUND, "No ClauseVersion with this id.", where)
    version = await session.get(ClauseVersion, item.clause_version_id)
    if version is None:
        raise refuse(Code.NOT_FOUND, "No such clause version.", where)
    clause = await session.get(Clause, version.clause_id)
    assert clause is not None
    body = item.body if item.body is not None else version.body
    title = item.title if item.title is not None else clause.title
    edited = body != version.body or title != clause.title
    return QuoteClause(
        revision_id=revision.id,
        clause_version_id=version.id,
        title=title,
        body=body,
        position=index,
        edited=edited,
    )


async def set_quote_clauses(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    target: QuoteRef,
    clauses: list[ClauseChoice],
) -> Quote:
    """Replace the clauses of the quote's editable revision with ``clauses``, in order."""

    async def apply(quote: Quote, revision: QuoteRevision) -> None:
        for old in await revision_clauses(session, revision):
            await session.delete(old)
        chosen = [
            await _clause_row(session, revision, index, item) for index, item in enumerate(clauses)
        ]
        session.add_all(chosen)
        account = await session.get(Account, quote.account_id)
        assert account is not None
        revision.non_standard = await deviates(session, chosen, account.segment)

    return await edit_quote(session, actor, now, target, "setQuoteClauses", apply)
