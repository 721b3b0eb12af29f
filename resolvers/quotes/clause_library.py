"""The clause library: OPS writes standard clauses; every text change is a new version."""

from __future__ import annotations

from typing import Annotated

import strawberry

from db.models.users import Role
from db.queries.clauses import library
from resolvers.fields import mutation_field
from resolvers.mutation import atomically, payload_of
from resolvers.quotes.inputs import from_attributes
from resolvers.reading import read
from schema.errors import UserError
from schema.ids import NO_ROW, node_key
from schema.permissions import require_viewer, signed_in
from schema.text_limits import Document, LongName, Segment, Sku
from services.quotes import clause_library as clauses
from services.quotes.clause_library import (
    CONSTRAINT_REFUSALS,
    ClauseRevision,
    LibraryEntry,
    NewClause,
)
from services.refusal import Code, refuse


@strawberry.type(description="A clause in the library, with its latest text.")
class LibraryClause:
    code: str
    """The clause's code, unique in the library."""
    title: str
    """The heading of the latest version."""
    segment: str | None
    """The segment whose quotes get it as standard; null: every segment."""
    standard: bool
    """Whether new quotes of its segment get it (true) or reps add it by hand."""
    active: bool
    """False once retired: new quotes no longer get it (quotes keep their copies)."""
    version: int
    """The number of the latest version, from 1."""
    body: str
    """The text of the latest version."""
    clause_version_id: str
    """The key of the latest version's text, for `QuoteClauseInput.clauseVersionId`: a plain key
    (the version's number in the library, as text, e.g. "17"), not a global ID."""
    clause_id: str
    """The clause's key, for `reviseClause`: a plain key (its number in the library, as text,
    e.g. "4"), not a global ID; it stays the same across versions."""


def _library_clause(entry: LibraryEntry) -> LibraryClause:
    clause, version = entry
    return from_attributes(  # code, title, segment, standard, active: the clause's own
        LibraryClause,
        clause,
        version=version.version,
        body=version.body,
        clause_version_id=str(version.id),
        clause_id=str(clause.id),
    )


def _clause_key(text: str) -> int:
    """The library clause a ``clauseId`` key names, or a NOT_FOUND refusal."""
    key = node_key(text.strip())
    if key == NO_ROW:
        raise refuse(Code.NOT_FOUND, "No library clause with this clauseId.", ("input", "clauseId"))
    return key


@strawberry.input(description="A new clause in the library (OPS); its text is version 1.")
class CreateClauseInput:
    code: Sku
    """A short code, unique in the library, e.g. PAYMENT_TERMS."""
    title: LongName
    """The clause's heading on the quote document."""
    body: Document
    """The clause's text as printed on the quote document."""
    segment: Segment | None = None
    """Null: standard for every segment."""
    standard: bool = True
    """true (the default): new quotes of its segment get it; false: reps add it by hand."""


@strawberry.input(
    description="A new version of a library clause's text; quotes keep the version they have."
)
class ReviseClauseInput:
    clause_id: Sku
    """The library clause's key (`LibraryClause.clauseId`, a plain key, not a global ID); one
    that names no clause is a NOT_FOUND userError."""
    body: Document
    """The new text."""
    title: LongName | None = None
    """A new heading; the current one when null."""
    active: bool | None = None
    """false retires the clause (new quotes stop getting it), true restores it."""


@strawberry.type(
    description="The library clause created or revised, or null beside the userErrors."
)
class ClausePayload:
    clause: LibraryClause | None = None
    """The clause with its latest text; null when refused."""
    user_errors: list[UserError]
    """Why the change was refused; empty on success."""


async def create_clause(info: strawberry.Info, input: CreateClauseInput) -> ClausePayload:
    """The new library clause's code, title, body and segment."""
    actor = require_viewer(info)
    command = from_attributes(NewClause, input)
    outcome = await atomically(
        info,
        lambda session: clauses.create_clause(session, actor, command),
        constraint_errors=CONSTRAINT_REFUSALS,
    )
    return payload_of(ClausePayload, outcome, "clause", _library_clause)


async def revise_clause(info: strawberry.Info, input: ReviseClauseInput) -> ClausePayload:
    """The library clause and its new text or state (a new version)."""
    actor = require_viewer(info)
    change = from_attributes(ClauseRevision, input)
    outcome = await atomically(
        info,
        lambda session: clauses.revise_clause(session, actor, _clause_key(input.clause_id), change),
    )
    return payload_of(ClausePayload, outcome, "clause", _library_clause)


@strawberry.type
class ClauseQueries:
    @strawberry.field(
        extensions=signed_in(), description="The clause library with each clause's latest text."
    )
    async def clause_library(
        self,
        info: strawberry.Info,
        segment: Annotated[
            str | None,
            strawberry.argument(
                description=(
                    "Only this segment's clauses and the shared ones (any case); all when null."
                )
            ),
        ] = None,
    ) -> list[LibraryClause]:
        entries = await read(info, library, segment)
        return [_library_clause(entry) for entry in entries]


@strawberry.type
class ClauseMutations:
    create_clause: ClausePayload = mutation_field(
        create_clause, "Add a clause to the library; its text is version 1.", Role.OPS
    )
    revise_clause: ClausePayload = mutation_field(
        revise_clause, "A new version of the text; quotes keep theirs.", Role.OPS
    )
