"""Queries over the commissions tables: each one a fixed number of round trips,
whatever the number of reps, quotes or credits it answers for."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import (
    ARRAY,
    Integer,
    Row,
    Select,
    and_,
    any_,
    bindparam,
    delete,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import Base
from db.models.catalog import Product
from db.models.commissions import (
    CommissionAdjustment,
    CommissionAssignment,
    CommissionCalendar,
    CommissionCredit,
    CommissionPeriod,
    CommissionPeriodState,
    CommissionPeriodStatus,
    CommissionPlanVersion,
    QuoteSplit,
)
from db.models.quotes import Quote, QuoteStatus
from db.models.users import User
from db.queries.batches import all_rows, grouped_rows, rows_with

# Two-key advisory lock namespace: serialises writers of one rep's period state.
STATE_LOCK_NAMESPACE = 7306


M = TypeVar("M", bound=Base)


async def rows_by_ids(session: AsyncSession, model: type[M], ids: Iterable[int]) -> dict[int, M]:
    """The rows of ``model`` with these ids, by id (one query; none for no ids)."""
    wanted = set(ids)
    if not wanted:
        return {}
    primary = model.__mapper__.primary_key[0]
    found = await session.scalars(select(model).where(primary.in_(wanted)))
    return {row.id: row for row in found.all()}  # type: ignore[attr-defined]


async def calendar_row(session: AsyncSession) -> CommissionCalendar | None:
    return await session.get(CommissionCalendar, 1)


async def closed_periods(session: AsyncSession) -> list[CommissionPeriod]:
    return await rows_with(
        session, CommissionPeriod.status, CommissionPeriodStatus.CLOSED, CommissionPeriod.start_date
    )


async def period_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(CommissionPeriod)) or 0)


async def plan_versions(
    session: AsyncSession, plan_ids: Iterable[int]
) -> dict[int, list[CommissionPlanVersion]]:
    return await grouped_rows(
        session, CommissionPlanVersion.plan_id, plan_ids, CommissionPlanVersion.number
    )


async def assignments_overlapping(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int] | None = None
) -> list[CommissionAssignment]:
    """Assignments covering any day of ``[start, end]``, oldest start first."""
    stmt = select(CommissionAssignment).where(
        CommissionAssignment.start_date <= end,
        or_(CommissionAssignment.end_date.is_(None), CommissionAssignment.end_date >= start),
    )
    if rep_ids is not None:
        stmt = stmt.where(CommissionAssignment.rep_id.in_(set(rep_ids)))
    return await all_rows(session, stmt.order_by(CommissionAssignment.start_date))


async def assignments_of_rep(session: AsyncSession, rep_id: int) -> list[CommissionAssignment]:
    return await rows_with(
        session, CommissionAssignment.rep_id, rep_id, CommissionAssignment.start_date
    )


async def credits_in(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int] | None = None
) -> Sequence[Row[Any]]:
    """Credits dated in ``[start, end]`` (of ``rep_ids``), in id order.

    Plain rows, not ORM objects: a period close reads 100,000 of them and only
    ever looks at them (the ledger is append-only).
    """
    if rep_ids is not None:
        params = {"start": start, "end": end, "reps": sorted(set(rep_ids))}
        return (await session.execute(_reps_credits_statement(), params)).all()
    stmt = select(*CommissionCredit.__table__.columns).where(
        CommissionCredit.credit_date.between(start, end)
    )
    return (await session.execute(stmt.order_by(CommissionCredit.id))).all()


@functools.cache
def _reps_credits_statement() -> Select[Any]:
    """The statement of ``credits_in`` for some reps, built once (parameters ``start``,
    ``end`` and the array ``reps``): every commission read of a team runs it."""
    return (
        select(*CommissionCredit.__table__.columns)
        .where(
            CommissionCredit.credit_date.between(bindparam("start"), bindparam("end")),
            CommissionCredit.rep_id == any_(bindparam("reps", type_=ARRAY(Integer))),
        )
        .order_by(CommissionCredit.id)
    )


async def credit_stats(
    session: AsyncSession, keys: Iterable[tuple[int, date, date]]
) -> dict[tuple[int, date], tuple[int, int]]:
    """(count, highest id) of each rep's credits in a period, keyed by (rep, period start)."""
    wanted = list(set(keys))
    if not wanted:
        return {}
    by_range: dict[tuple[int, date, date], tuple[int, int]] = {}
    # One grouped query per distinct period (a page of quotes nearly always shares one).
    periods = {(start, end) for _, start, end in wanted}
    for start, end in periods:
        reps = [rep for rep, s, e in wanted if (s, e) == (start, end)]
        rows = await session.execute(
            select(CommissionCredit.rep_id, func.count(), func.max(CommissionCredit.id))
            .where(
                CommissionCredit.rep_id.in_(reps), CommissionCredit.credit_date.between(start, end)
            )
            .group_by(CommissionCredit.rep_id)
        )
        for rep, count, highest in rows:
            by_range[(rep, start, end)] = (int(count), int(highest or 0))
    return {(rep, start): by_range.get((rep, start, end), (0, 0)) for rep, start, end in wanted}


async def stored_states(
    session: AsyncSession, keys: Iterable[tuple[int, date]], *, lock: bool = False
) -> dict[tuple[int, date], CommissionPeriodState]:
    wanted = list(set(keys))
    if not wanted:
        return {}
    stmt = select(CommissionPeriodState).where(
        or_(
            *(
                and_(
                    CommissionPeriodState.rep_id == rep, CommissionPeriodState.period_start == start
                )
                for rep, start in wanted
            )
        )
    )
    if lock:
        stmt = stmt.with_for_update()
    rows = (await session.scalars(stmt.execution_options(populate_existing=True))).all()
    return {(row.rep_id, row.period_start): row for row in rows}


async def save_states(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Upsert period states (a cache: the latest computation wins)."""
    if not rows:
        return
    stmt = upsert(CommissionPeriodState).values(list(rows))
    stmt = stmt.on_conflict_do_update(
        index_elements=[CommissionPeriodState.rep_id, CommissionPeriodState.period_start],
        set_={
            "period_end": stmt.excluded.period_end,
            "assignment_id": stmt.excluded.assignment_id,
            "signature": stmt.excluded.signature,
            "credit_count": stmt.excluded.credit_count,
            "last_credit_id": stmt.excluded.last_credit_id,
            "state": stmt.excluded.state,
            "updated_at": func.now(),
        },
    )
    await session.execute(stmt)


async def lock_rep_states(session: AsyncSession, rep_ids: Iterable[int]) -> None:
    """Serialise writers of these reps' period states until the transaction ends."""
    for rep in sorted(set(rep_ids)):
        await session.execute(
            text("SELECT pg_advisory_xact_lock(:ns, :rep)"),
            {"ns": STATE_LOCK_NAMESPACE, "rep": rep},
        )


async def adjustments_in(
    session: AsyncSession, start: date, end: date, rep_ids: Iterable[int] | None = None
) -> list[CommissionAdjustment]:
    stmt = select(CommissionAdjustment).where(
        CommissionAdjustment.effective_date.between(start, end)
    )
    if rep_ids is not None:
        stmt = stmt.where(CommissionAdjustment.rep_id.in_(set(rep_ids)))
    return await all_rows(session, stmt.order_by(CommissionAdjustment.id))


async def splits_of(session: AsyncSession, quote_ids: Iterable[int]) -> dict[int, list[QuoteSplit]]:
    return await grouped_rows(session, QuoteSplit.quote_id, quote_ids, QuoteSplit.id)


async def manager_chain(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, int]:
    """rep → manager for ``user_ids`` and everyone above them (one recursive query)."""
    ids = set(user_ids)
    if not ids:
        return {}
    chain = select(User.id, User.manager_id).where(User.id.in_(ids)).cte("chain", recursive=True)
    chain = chain.union(select(User.id, User.manager_id).join(chain, User.id == chain.c.manager_id))
    rows = await session.execute(select(chain.c.id, chain.c.manager_id))
    return {user: manager for user, manager in rows if manager is not None}


# The fields of a stored ``PricedLine`` a deal line needs, in this order.
DEAL_LINE_FIELDS = (
    "line_id",
    "product_id",
    "net_amount",
    "quantity",
    "discount_percent",
    "margin_percent",
)
_STORED_LINES = text(
    "SELECT r.quote_id, jsonb_build_array("
    + ", ".join(f"l.data -> '{name}'" for name in DEAL_LINE_FIELDS)
    + ") AS fields FROM quote_revisions AS r"
    " JOIN unnest(CAST(:quote_ids AS integer[]), CAST(:numbers AS integer[])) AS wanted(quote_id,"
    " number) ON r.quote_id = wanted.quote_id AND r.number = wanted.number"
    " JOIN quote_priced_lines AS l ON l.revision_id = r.id"
    " ORDER BY r.quote_id, l.position"
).columns(quote_id=Integer, fields=JSONB)


async def current_deal_lines(
    session: AsyncSession, quotes: Sequence[Quote]
) -> dict[int, list[list[Any]]]:
    """The priced lines each quote's current revision stores, in order, each as the values of
    its ``DEAL_LINE_FIELDS`` in that order (still the codec's JSON; a missing field is None):
    the waterfall steps stay in the database. The fields come as one JSON array a line, one
    document to decode instead of six (a ``myCommissions`` of 13 open lines decoded 78). A
    quote whose revision stores no line is left out."""
    if not quotes:
        return {}
    rows = await session.execute(
        _STORED_LINES,
        {
            "quote_ids": [q.id for q in quotes],
            "numbers": [q.current_revision for q in quotes],
        },
    )
    lines: dict[int, list[list[Any]]] = {}
    for quote_id, fields in rows:
        lines.setdefault(quote_id, []).append(fields)
    return lines


def open_quotes_stmt(owners: Any) -> Select[Any]:
    """The open quotes (not yet won or lost) of ``owners`` (ids, or a placeholder), by id."""
    open_statuses = (
        QuoteStatus.DRAFT,
        QuoteStatus.PENDING_APPROVAL,
        QuoteStatus.APPROVED,
        QuoteStatus.SENT,
    )
    return (
        select(Quote)
        .where(Quote.owner_id.in_(owners), Quote.status.in_(open_statuses))
        .order_by(Quote.id)
    )


async def existing_product_ids(session: AsyncSession, product_ids: Iterable[int]) -> set[int]:
    ids = set(product_ids)
    if not ids:
        return set()
    return set((await session.scalars(select(Product.id).where(Product.id.in_(ids)))).all())


async def quote_credits(session: AsyncSession, quote_id: int) -> list[CommissionCredit]:
    return await rows_with(session, CommissionCredit.quote_id, quote_id, CommissionCredit.id)


async def replace_splits(session: AsyncSession, quote_id: int) -> None:
    """Remove a quote's splits (the caller adds the new ones)."""
    await session.execute(delete(QuoteSplit).where(QuoteSplit.quote_id == quote_id))


async def plan_versions_of(session: AsyncSession, plan_id: int) -> list[CommissionPlanVersion]:
    """A plan's versions, earliest first."""
    return await rows_with(
        session, CommissionPlanVersion.plan_id, plan_id, CommissionPlanVersion.effective_from
    )
