"""Reads of a revision's options, a quote's change requests and its timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, func, literal, select, true, tuple_, union_all, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.approvals import ApprovalDecision, ApprovalRequest
from db.models.negotiation import QuoteChangeRequest
from db.models.quotes import QuoteEvent
from db.queries.batches import rows_with_keys
from db.queries.quotes import revision_options

__all__ = ["revision_options"]


async def change_requests_of_quotes(
    session: AsyncSession, quote_ids: Sequence[int]
) -> list[QuoteChangeRequest]:
    quote = QuoteChangeRequest.quote_id
    order = (quote, QuoteChangeRequest.id)
    return list(await rows_with_keys(session, QuoteChangeRequest, quote, quote_ids, order))


async def change_requests_by_id(
    session: AsyncSession, ids: Sequence[int]
) -> list[QuoteChangeRequest]:
    rows = await session.scalars(select(QuoteChangeRequest).where(QuoteChangeRequest.id.in_(ids)))
    return list(rows.all())


async def selected_option_key(session: AsyncSession, quote_id: int, revision: int) -> str | None:
    """The option the customer last picked on ``revision`` through the link, if any."""
    found = await session.scalar(
        select(QuoteEvent.message)
        .where(
            QuoteEvent.quote_id == quote_id,
            QuoteEvent.revision == revision,
            QuoteEvent.kind == "OPTION_SELECTED",
        )
        .order_by(QuoteEvent.id.desc())
        .limit(1)
    )
    return found


async def selected_option_keys(
    session: AsyncSession, keys: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """For each (quote id, revision), the option the customer last picked on it, if any."""
    quote_ids = sorted({quote_id for quote_id, _ in keys})
    rows = await session.execute(
        select(QuoteEvent.quote_id, QuoteEvent.revision, QuoteEvent.message)
        .ext(distinct_on(QuoteEvent.quote_id, QuoteEvent.revision))
        .where(QuoteEvent.quote_id.in_(quote_ids), QuoteEvent.kind == "OPTION_SELECTED")
        .order_by(QuoteEvent.quote_id, QuoteEvent.revision, QuoteEvent.id.desc())
    )
    return {(r.quote_id, r.revision): r.message for r in rows if r.message is not None}


TIMELINE_COLUMNS = (
    "source",
    "id",
    "at",
    "kind",
    "revision",
    "actor_id",
    "customer_name",
    "message",
    "change_request_id",
    "from_status",
    "to_status",
)
EVENTS, DECISIONS = "E", "D"
"""A timeline entry's source: a quote event or an approver's decision. Entries are ordered
by (at, source, id), which is unique: ids are unique within a source."""

TimelinePosition = tuple[datetime, str, int]
"""(at, source, id) of a timeline entry: a page starts after one."""


def _after(at: Any, pk: Any, source: str, position: TimelinePosition | None) -> Any:
    """The rows of ``source`` that come after ``position`` in (at, source, id) order, as a
    condition each branch's index serves (quote_events: quote_id, at, id)."""
    if position is None:
        return true()
    when, their_source, their_pk = position
    if source > their_source:
        return at >= when
    if source < their_source:
        return at > when
    return tuple_(at, pk) > tuple_(when, their_pk)


def _events(quote_id: int, position: TimelinePosition | None, limit: int) -> Select[Any]:
    return (
        select(
            literal(EVENTS).label("source"),
            QuoteEvent.id,
            QuoteEvent.at,
            QuoteEvent.kind,
            QuoteEvent.revision,
            QuoteEvent.actor_id,
            QuoteEvent.customer_name,
            QuoteEvent.message,
            QuoteEvent.change_request_id,
            QuoteEvent.from_status,
            QuoteEvent.to_status,
        )
        .where(
            QuoteEvent.quote_id == quote_id,
            _after(QuoteEvent.at, QuoteEvent.id, EVENTS, position),
        )
        .order_by(QuoteEvent.at, QuoteEvent.id)
        .limit(limit)
    )


def _decisions(quote_id: int, position: TimelinePosition | None, limit: int) -> Select[Any]:
    return (
        select(
            literal(DECISIONS).label("source"),
            ApprovalDecision.id,
            ApprovalDecision.decided_at.label("at"),
            func.concat("DECISION_", ApprovalDecision.kind).label("kind"),
            ApprovalRequest.revision,
            ApprovalDecision.decided_by.label("actor_id"),
            literal(None).label("customer_name"),
            ApprovalDecision.reason.label("message"),
            literal(None).label("change_request_id"),
            literal(None).label("from_status"),
            literal(None).label("to_status"),
        )
        .join(ApprovalRequest, ApprovalRequest.id == ApprovalDecision.request_id)
        .where(
            ApprovalRequest.quote_id == quote_id,
            _after(ApprovalDecision.decided_at, ApprovalDecision.id, DECISIONS, position),
        )
        .order_by(ApprovalDecision.decided_at, ApprovalDecision.id)
        .limit(limit)
    )


def _page(index: int, quote_id: int, position: TimelinePosition | None, limit: int) -> Any:
    """One UNION ALL of the two sources, each already cut to ``limit`` rows after
    ``position`` by its own index, merged in (at, source, id) order and cut again: a page
    reads about ``2 * limit`` rows whatever the length of the thread."""
    merged = union_all(
        _events(quote_id, position, limit), _decisions(quote_id, position, limit)
    ).subquery(f"timeline_{index}")
    return (
        select(literal(index).label("page"), merged)
        .order_by(merged.c.at, merged.c.source, merged.c.id)
        .limit(limit)
    )


TimelineKey = tuple[int, TimelinePosition | None, int]
"""(quote id, the position a page starts after or None, how many rows)."""


async def timeline_pages(
    session: AsyncSession, keys: Sequence[TimelineKey]
) -> list[list[Row[Any]]]:
    """Each key's page, oldest first, in one statement."""
    if not keys:
        return []
    pages = [_page(i, quote_id, after, limit) for i, (quote_id, after, limit) in enumerate(keys)]
    query = pages[0] if len(pages) == 1 else union_all(*pages)
    found: list[list[Row[Any]]] = [[] for _ in keys]
    for row in (await session.execute(query)).all():
        found[row.page].append(row)
    for rows in found:
        rows.sort(key=lambda r: (r.at, r.source, r.id))
    return found


async def timeline_page(
    session: AsyncSession, quote_id: int, after: TimelinePosition | None, limit: int
) -> list[Row[Any]]:
    """Up to ``limit`` entries after ``after`` (at, source, id), oldest first."""
    return (await timeline_pages(session, [(quote_id, after, limit)]))[0]


async def timeline_counts(session: AsyncSession, quote_ids: Sequence[int]) -> dict[int, int]:
    """How many entries each quote's timeline holds (index-only reads; only ``totalCount``
    asks)."""
    events = select(QuoteEvent.quote_id).where(QuoteEvent.quote_id.in_(quote_ids))
    decisions = (
        select(ApprovalRequest.quote_id)
        .join(ApprovalDecision, ApprovalDecision.request_id == ApprovalRequest.id)
        .where(ApprovalRequest.quote_id.in_(quote_ids))
    )
    merged = union_all(events, decisions).subquery("entries")
    rows = await session.execute(
        select(merged.c.quote_id, func.count()).group_by(merged.c.quote_id)
    )
    return {quote_id: int(count) for quote_id, count in rows.all()}


async def timeline_end(session: AsyncSession, quote_id: int) -> TimelinePosition | None:
    """The (at, source, id) of the quote's last timeline entry; None when it has none."""
    last_event = (
        select(literal(EVENTS).label("source"), QuoteEvent.id, QuoteEvent.at)
        .where(QuoteEvent.quote_id == quote_id)
        .order_by(QuoteEvent.at.desc(), QuoteEvent.id.desc())
        .limit(1)
    )
    last_decision = (
        select(
            literal(DECISIONS).label("source"),
            ApprovalDecision.id,
            ApprovalDecision.decided_at.label("at"),
        )
        .join(ApprovalRequest, ApprovalRequest.id == ApprovalDecision.request_id)
        .where(ApprovalRequest.quote_id == quote_id)
        .order_by(ApprovalDecision.decided_at.desc(), ApprovalDecision.id.desc())
        .limit(1)
    )
    merged = union_all(last_event, last_decision).subquery("ends")
    row = (
        await session.execute(
            select(merged.c.at, merged.c.source, merged.c.id)
            .order_by(merged.c.at.desc(), merged.c.source.desc(), merged.c.id.desc())
            .limit(1)
        )
    ).first()
    return None if row is None else (row.at, row.source, row.id)


async def withdraw_open_requests(session: AsyncSession, quote_id: int) -> None:
    """Every OPEN change request of the quote becomes WITHDRAWN (the offer they were made on
    was revised or answered)."""
    await session.execute(
        update(QuoteChangeRequest)
        .where(QuoteChangeRequest.quote_id == quote_id, QuoteChangeRequest.status == "OPEN")
        .values(status="WITHDRAWN")
        .execution_options(synchronize_session="fetch")
    )
