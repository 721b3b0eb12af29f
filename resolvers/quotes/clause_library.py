"""The clause library: OPS writes standard clauses; every text change is a new version."""

from __future__ import annotations

import strawberry
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.quotes import Clause, ClauseVersion
from db.models.users import Role
from schema.text_limits import Document, LongName, Segment, Sku
from resolvers.audit import audit_change
from resolvers.mutation import Rejected, atomically, decode_id, reject
from services.validation import optional_text, required_text
from schema.errors import ErrorCode, UserError, user_error
from schema.permissions import roles, signed_in


@strawberry.type(description="A clause in the library, with its latest text.")
class LibraryClause:
    code: str
    title: str
    segment: str | None
    standard: bool
    active: bool
    version: int
    body: str
    clause_version_id: strawberry.relay.GlobalID = strawberry.field(description="Pass to setQuoteClauses.")
    clause_id: strawberry.relay.GlobalID


def _library_clause(clause: Clause, version: ClauseVersion) -> LibraryClause:
    return LibraryClause(
        code=clause.code,
        title=clause.title,
        segment=clause.segment,
        standard=clause.standard,
        active=clause.active,
        version=version.version,
        body=version.body,
        clause_version_id=strawberry.relay.GlobalID("ClauseVersion", str(version.id)),
        clause_id=strawberry.relay.GlobalID("Clause", str(clause.id)),
    )


async def _latest(session: AsyncSession, clause: Clause) -> ClauseVersion:
    version = await session.scalar(
        select(ClauseVersion).where(ClauseVersion.clause_id == clause.id).order_by(ClauseVersion.version.desc()).limit(1)
    )
    assert version is not None
    return version


@strawberry.input
class CreateClauseInput:
    code: Sku
    title: LongName
    body: Document
    segment: Segment | None = strawberry.field(default=None, description="Null: standard for every segment.")
    standard: bool = True


@strawberry.input
class ReviseClauseInput:
    clause_id: strawberry.relay.GlobalID
    body: Document
    title: LongName | None = None
    active: bool | None = None


@strawberry.type
class ClausePayload:
    clause: LibraryClause | None = None
    user_errors: list[UserError]


CODE_TAKEN = user_error(ErrorCode.ALREADY_EXISTS, "A clause with this code exists.", ["input", "code"])


async def create_clause(info: strawberry.Info, input: CreateClauseInput) -> ClausePayload:
    async def work(session: AsyncSession) -> LibraryClause:
        code = required_text(input.code, ["input", "code"], max_length=64).upper()
        if await session.scalar(select(Clause).where(Clause.code == code)) is not None:
            raise Rejected(CODE_TAKEN)
        position = (await session.scalar(select(func.coalesce(func.max(Clause.position), 0)))) + 1
        clause = Clause(
            code=code,
            title=required_text(input.title, ["input", "title"], max_length=300),
            segment=optional_text(input.segment, ["input", "segment"], max_length=50),
            standard=input.standard,
            position=position,
        )
        session.add(clause)
        await session.flush()
        version = ClauseVersion(clause_id=clause.id, version=1, body=required_text(input.body, ["input", "body"], max_length=20_000))
        session.add(version)
        await audit_change(info, session, "createClause", clause)
        return _library_clause(clause, version)

    outcome = await atomically(info, work, constraint_errors={"uq_clauses_code": CODE_TAKEN})
    return ClausePayload(clause=outcome.value, user_errors=outcome.errors)


async def revise_clause(info: strawberry.Info, input: ReviseClauseInput) -> ClausePayload:
    async def work(session: AsyncSession) -> LibraryClause:
        clause = await session.get(Clause, decode_id(input.clause_id, "Clause", ["input", "clauseId"]), with_for_update=True)
        if clause is None:
            raise reject(ErrorCode.NOT_FOUND, "No such clause.", ["input", "clauseId"])
        latest = await _latest(session, clause)
        if input.title is not None:
            clause.title = required_text(input.title, ["input", "title"], max_length=300)
        if input.active is not None:
            clause.active = input.active
        version = ClauseVersion(
            clause_id=clause.id, version=latest.version + 1, body=required_text(input.body, ["input", "body"], max_length=20_000)
        )
        session.add(version)
        await audit_change(info, session, "reviseClause", clause)
        return _library_clause(clause, version)

    outcome = await atomically(info, work)
    return ClausePayload(clause=outcome.value, user_errors=outcome.errors)


@strawberry.type
class ClauseQueries:
    @strawberry.field(extensions=signed_in(), description="The clause library with each clause's latest text.")
    async def clause_library(self, info: strawberry.Info, segment: str | None = None) -> list[LibraryClause]:
        async with info.context.db.read() as session:
            clauses = (await session.scalars(select(Clause).order_by(Clause.position, Clause.id))).all()
            versions = (await session.scalars(select(ClauseVersion).order_by(ClauseVersion.version))).all()
        latest = {v.clause_id: v for v in versions}
        return [
            _library_clause(c, latest[c.id])
            for c in clauses
            if c.id in latest and (segment is None or c.segment in (None, segment.upper()))
        ]


@strawberry.type
class ClauseMutations:
    create_clause: ClausePayload = strawberry.mutation(resolver=create_clause, extensions=roles(Role.OPS))
    revise_clause: ClausePayload = strawberry.mutation(
        resolver=revise_clause, extensions=roles(Role.OPS), description="A new version of the text; quotes keep theirs."
    )
