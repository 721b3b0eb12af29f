"""Loading a quote to change it, and the revision an edit lands in.

An edit to a DRAFT changes its revision in place; an edit to an APPROVED, SENT,
REJECTED or EXPIRED quote freezes that revision and continues on a copy, so
what the customer saw stays readable exactly as it was.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Column, func, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

import quotes as rules
from db.actor import Actor
from db.models.negotiation import QuoteOption
from db.models.quotes import Quote, QuoteClause, QuoteEvent, QuoteLine, QuoteRevision, QuoteStatus
from db.queries import quote_snapshots
from db.queries import quotes as queries
from db.queries.negotiation import withdraw_open_requests
from services.audit import record_change
from services.refusal import Code, refuse
from services.rows import owned_or_refuse


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """Which quote a change is for, and the version its author read (``None``: any)."""

    quote_id: int
    version: int | None = None


async def quote_for_update(
    session: AsyncSession, actor: Actor, quote_id: int, version: int | None
) -> Quote:
    """The quote, locked; only its owner (or an admin) may change it. Foreign looks like missing."""
    return await owned_or_refuse(session, actor, Quote, quote_id, version)


async def current_revision(session: AsyncSession, quote: Quote) -> QuoteRevision:
    revision = await queries.revision_by_number(session, quote.id, quote.current_revision)
    assert revision is not None
    return revision


async def revision_lines(session: AsyncSession, revision: QuoteRevision) -> list[QuoteLine]:
    return await queries.revision_lines(session, revision.id)


async def revision_clauses(session: AsyncSession, revision: QuoteRevision) -> list[QuoteClause]:
    return await queries.revision_clauses(session, revision.id)


FRESH = frozenset({"id", "created_at", "updated_at", "frozen_at", "sent_at"})
"""What a copy of a revision, line or clause does not take over: a new row, not frozen or sent."""

R = TypeVar("R", QuoteRevision, QuoteLine, QuoteClause, QuoteOption)


def copied(row: R, **changes: Any) -> R:
    """A new, unsaved ``row`` with the same column values but ``FRESH`` ones, and ``changes``
    (its table's columns only: not a value read through a SQL expression)."""
    columns = inspect(type(row)).column_attrs
    values = {
        c.key: getattr(row, c.key)
        for c in columns
        if c.key not in FRESH and isinstance(c.expression, Column)
    }
    return type(row)(**(values | changes))


async def copy_revision(
    session: AsyncSession, source: QuoteRevision, quote_id: int, number: int
) -> QuoteRevision:
    """A new revision with the same content (lines, clauses, options, header, priced
    snapshot: its line rows copied inside the database)."""
    copy = copied(source, quote_id=quote_id, number=number)
    session.add(copy)
    await session.flush()
    await quote_snapshots.copy_priced_lines(session, source.id, copy.id)
    whole = inspect(source).dict.get("priced")
    if whole is not None:
        set_committed_value(copy, "priced", whole)
    session.add_all(
        [copied(line, revision_id=copy.id) for line in await revision_lines(session, source)]
    )
    session.add_all(
        [copied(clause, revision_id=copy.id) for clause in await revision_clauses(session, source)]
    )
    options = await queries.revision_options(session, source.id)
    session.add_all([copied(option, revision_id=copy.id) for option in options])
    await session.flush()
    return copy


async def editable_revision(
    session: AsyncSession, actor: Actor, now: datetime, quote: Quote
) -> QuoteRevision:
    """The revision an edit goes into, starting a new one when the current one is frozen.

    Its priced snapshot is not loaded (every content edit that changes a price reprices
    and stores a new one); a frozen revision's is, for the copy to start from it.
    """
    revision = await queries.revision_to_edit(session, quote.id, quote.current_revision)
    assert revision is not None
    effect = rules.edit_effect(rules.Status(quote.status.value))
    if effect is rules.EditEffect.REFUSED:
        hint = (
            "Recall it first."
            if quote.status is QuoteStatus.PENDING_APPROVAL
            else "Clone it instead."
        )
        raise refuse(
            Code.INVALID_STATE,
            f"A {quote.status.value} quote cannot be edited. {hint}",
            ("input", "id"),
        )
    if effect is rules.EditEffect.IN_PLACE:
        return revision
    revision.frozen_at = revision.frozen_at or now
    await session.refresh(revision, ["priced_header", "priced"])
    fresh = await copy_revision(session, revision, quote.id, quote.current_revision + 1)
    await withdraw_open_requests(session, quote.id)  # they were made on the offer revised
    previous = quote.status
    quote.current_revision = fresh.number
    quote.status = QuoteStatus.DRAFT
    record_event(session, actor, quote, "REVISED", previous, QuoteStatus.DRAFT)
    return fresh


def record_event(
    session: AsyncSession,
    actor: Actor | None,
    quote: Quote,
    kind: str,
    from_status: QuoteStatus | None = None,
    to_status: QuoteStatus | None = None,
    *,
    message: str | None = None,
    customer_name: str | None = None,
    change_request_id: int | None = None,
) -> None:
    """Append to the quote's history; ``actor`` is ``None`` for the customer or the system."""
    session.add(
        QuoteEvent(
            quote_id=quote.id,
            revision=quote.current_revision,
            kind=kind,
            from_status=from_status.value if from_status else None,
            to_status=to_status.value if to_status else None,
            actor_id=actor.user_id if actor else None,
            customer_name=customer_name,
            message=message,
            change_request_id=change_request_id,
        )
    )


def touch(quote: Quote) -> None:
    """Any change to a quote's content bumps its version (the quote row is the aggregate root)."""
    quote.updated_at = func.now()


Change = Callable[[Quote, QuoteRevision], Awaitable[None]]


async def edit_quote(
    session: AsyncSession,
    actor: Actor,
    now: datetime,
    target: QuoteRef,
    action: str,
    change: Change,
) -> Quote:
    """The skeleton of every content edit: lock and check the quote, find the editable
    revision, apply ``change``, bump the version and audit it as ``action``."""
    quote = await quote_for_update(session, actor, target.quote_id, target.version)
    revision = await editable_revision(session, actor, now, quote)
    await change(quote, revision)
    touch(quote)
    await record_change(session, actor, action, quote)
    return quote
