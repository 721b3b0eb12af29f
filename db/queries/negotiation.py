"""Reads of a revision's options, a quote's change requests and its timeline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row, func, literal, select, union_all, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.approvals import ApprovalDecision, ApprovalRequest
from db.models.negotiation import QuoteChangeRequest, QuoteOption
from db.models.quotes import QuoteEvent
from db.queries.quotes import revision_options

__all__ = ["revision_options"]


async def options_of_revisions(
    session: AsyncSession, revision_ids: Sequence[int]
) -> list[QuoteOption]:
    rows = await session.scalars(
        select(QuoteOption)
        .where(QuoteOption.revision_id.in_(revision_ids))
        .order_by(QuoteOption.revision_id, QuoteOption.position, QuoteOption.id)
    )
    return list(rows.all())


async def change_requests_of_quotes(
    session: AsyncSession, quote_ids: Sequence[int]
) -> list[QuoteChangeRequest]:
    rows = await session.scalars(
        select(QuoteChangeRequest)
        .where(QuoteChangeRequest.quote_id.in_(quote_ids))
        .order_by(QuoteChangeRequest.quote_id, QuoteChangeRequest.id)
    )
    return list(rows.all())


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


def _timeline(quote_id: int) -> Any:
    events = select(
        literal("E").label("source"),
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
    ).where(QuoteEvent.quote_id == quote_id)
    decisions = (
        select(
            literal("D").label("source"),
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
        .where(ApprovalRequest.quote_id == quote_id)
    )
    return union_all(events, decisions).subquery("timeline")


async def timeline_page(
    session: AsyncSession, quote_id: int, after: tuple[Any, str, int] | None, limit: int
) -> tuple[list[Row[Any]], int]:
    """Up to ``limit`` entries after ``after`` (at, source, id), oldest first; and the count."""
    merged = _timeline(quote_id)
    query = select(merged).order_by(merged.c.at, merged.c.source, merged.c.id).limit(limit)
    if after is not None:
        at, source, pk = after
        query = query.where(
            (merged.c.at > at)
            | ((merged.c.at == at) & (merged.c.source > source))
            | ((merged.c.at == at) & (merged.c.source == source) & (merged.c.id > pk))
        )
    rows = list((await session.execute(query)).all())
    total = await session.scalar(select(func.count()).select_from(merged))
    return rows, int(total or 0)


async def timeline_end(session: AsyncSession, quote_id: int) -> tuple[Any, str, int] | None:
    """The (at, source, id) of the quote's last timeline entry; None when it has none."""
    merged = _timeline(quote_id)
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
