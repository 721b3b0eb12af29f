"""The clause library: OPS writes standard clauses; every text change is a new version
(quotes keep the version they took)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from db.actor import Actor
from db.models.quotes import Clause, ClauseVersion
from db.queries import clauses as queries
from services.audit import record_change
from services.refusal import Code, Refusal, Refused, refuse
from services.validation import optional_text, required_text

CODE_TAKEN = Refusal(Code.ALREADY_EXISTS, "A clause with this code exists.", ("input", "code"))
CONSTRAINT_REFUSALS = {"uq_clauses_code": CODE_TAKEN}
"""Pass to the transaction: two creates racing for one code."""

LibraryEntry = tuple[Clause, ClauseVersion]
"""A clause with its latest version."""


@dataclass(frozen=True, slots=True)
class NewClause:
    code: str
    title: str
    body: str
    segment: str | None = None  # None: standard for every segment
    standard: bool = True


@dataclass(frozen=True, slots=True)
class ClauseRevision:
    body: str
    title: str | None = None
    active: bool | None = None


def _body(text: str) -> str:
    return required_text(text, ("input", "body"), max_length=20_000)


async def create_clause(session: AsyncSession, actor: Actor, command: NewClause) -> LibraryEntry:
    code = required_text(command.code, ("input", "code"), max_length=64).upper()
    if await queries.clause_by_code(session, code) is not None:
        raise Refused(CODE_TAKEN)
    clause = Clause(
        code=code,
        title=required_text(command.title, ("input", "title"), max_length=300),
        segment=optional_text(command.segment, ("input", "segment"), max_length=50),
        standard=command.standard,
        position=await queries.next_clause_position(session),
    )
    session.add(clause)
    await session.flush()
    version = ClauseVersion(clause_id=clause.id, version=1, body=_body(command.body))
    session.add(version)
    await record_change(session, actor, "createClause", clause)
    return clause, version


async def revise_clause(
    session: AsyncSession, actor: Actor, clause_id: int, change: ClauseRevision
) -> LibraryEntry:
    """A new version of the clause's text (and optionally its title, or whether it is offered)."""
    clause = await session.get(Clause, clause_id, with_for_update=True)
    if clause is None:
        raise refuse(Code.NOT_FOUND, "No such clause.", ("input", "clauseId"))
    latest = await queries.latest_version(session, clause.id)
    if change.title is not None:
        clause.title = required_text(change.title, ("input", "title"), max_length=300)
    if change.active is not None:
        clause.active = change.active
    version = ClauseVersion(
        clause_id=clause.id, version=latest.version + 1, body=_body(change.body)
    )
    session.add(version)
    await record_change(session, actor, "reviseClause", clause)
    return clause, version
