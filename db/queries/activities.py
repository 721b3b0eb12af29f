"""The activity log and what reading it needs: kinds, settings, rep time zones.

``insert_columns`` appends a batch in one statement and returns only the rows
it added (a re-sent batch with the same external ids adds nothing), so rollups
are written for new facts only.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    DateTime,
    Integer,
    Numeric,
    Row,
    String,
    bindparam,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from db.models.performance_activities import Activity, ActivityKind, PerformanceSettings
from db.models.quotes import QuoteLine, QuoteRevision
from db.models.users import User

FACT_COLUMNS = (
    Activity.rep_id,
    Activity.kind,
    Activity.occurred_at,
    Activity.quantity,
    Activity.amount,
    Activity.duration_seconds,
    Activity.customer_key,
    Activity.attributes,
    Activity.external_id,
)
"""The columns a fact is read back from (the same for new rows and for a recompute)."""


LOG_COLUMNS: dict[str, Any] = {
    "rep_id": Integer,
    "kind": String,
    "occurred_at": DateTime(timezone=True),
    "quantity": Numeric,
    "amount": Numeric,
    "duration_seconds": Integer,
    "customer_key": String,
    "attributes": String,  # JSON text, cast to jsonb by the statement
    "external_id": String,
    "account_id": Integer,
    "quote_id": Integer,
    "contact": String,
    "recorded_by": Integer,
}
"""The log's columns a batch insert sends, one array each."""

LOG_INSERT = (
    text(
        """
        INSERT INTO activities (rep_id, kind, occurred_at, quantity, amount, duration_seconds,
            customer_key, attributes, external_id, account_id, quote_id, contact, recorded_by)
        SELECT r, k, o, q, a, d, c, CAST(t AS jsonb), e, ac, qu, co, rb
        FROM unnest(:rep_id, :kind, :occurred_at, :quantity, :amount, :duration_seconds,
            :customer_key, :attributes, :external_id, :account_id, :quote_id, :contact,
            :recorded_by) AS u(r, k, o, q, a, d, c, t, e, ac, qu, co, rb)
        ON CONFLICT (rep_id, external_id) DO NOTHING
        RETURNING rep_id, kind, occurred_at, quantity, amount, duration_seconds, customer_key,
            attributes, external_id
        """
    )
    .bindparams(*(bindparam(name, type_=ARRAY(kind)) for name, kind in LOG_COLUMNS.items()))
    .columns(*(column.label(column.key) for column in FACT_COLUMNS))
)


async def insert_columns(
    session: AsyncSession, columns: Mapping[str, Sequence[Any]]
) -> list[Row[Any]]:
    """Append a batch given as one list per ``LOG_COLUMNS`` name (``attributes`` as mappings),
    in one statement whose text is the same for any batch size; the fact columns of the rows
    not already logged (same rep, external id)."""
    if not columns["rep_id"]:
        return []
    arrays = {name: columns[name] for name in LOG_COLUMNS}
    arrays["attributes"] = [json.dumps(value) for value in columns["attributes"]]
    return list((await session.execute(LOG_INSERT, arrays)).all())


async def logged_facts(
    session: AsyncSession, kinds: Collection[str], rep_id: int | None = None, batch: int = 10_000
) -> AsyncIterator[Sequence[Row[Any]]]:
    """Every logged row of ``kinds`` (of one rep, if given), in batches (for a recompute)."""
    statement = select(*FACT_COLUMNS).where(Activity.kind.in_(list(kinds) or [""]))
    if rep_id is not None:
        statement = statement.where(Activity.rep_id == rep_id)
    result = await session.stream(statement.execution_options(yield_per=batch))
    async for part in result.partitions(batch):
        yield part


async def customer_facts(
    session: AsyncSession,
    rep_id: int,
    customer_key: str,
    kinds: Collection[str],
    start: datetime,
    end: datetime,
) -> Sequence[Row[Any]]:
    """The rep's logged rows of ``kinds`` for one customer between ``start`` and ``end``
    (settling which distinct keys a reversal took back)."""
    statement = select(*FACT_COLUMNS).where(
        Activity.rep_id == rep_id,
        Activity.customer_key == customer_key,
        Activity.kind.in_(list(kinds) or [""]),
        Activity.occurred_at >= start,
        Activity.occurred_at < end,
    )
    return (await session.execute(statement)).all()


async def sale_facts(session: AsyncSession, quote_id: int) -> Sequence[Row[Any]]:
    """The SALE rows logged for a quote: the sale and any reversals of it, oldest first."""
    statement = (
        select(*FACT_COLUMNS)
        .where(Activity.quote_id == quote_id, Activity.kind == "SALE")
        .order_by(Activity.id)
    )
    return (await session.execute(statement)).all()


async def lock_log_for_recompute(session: AsyncSession) -> None:
    """Hold new log rows back (reads go on) until this transaction ends: a new definition
    version is computed from a log that cannot change underneath it."""
    await session.execute(text("LOCK TABLE activities IN SHARE ROW EXCLUSIVE MODE"))


async def kind_rows(session: AsyncSession) -> Sequence[ActivityKind]:
    return (await session.scalars(select(ActivityKind).order_by(ActivityKind.key))).all()


async def settings_row(session: AsyncSession) -> PerformanceSettings | None:
    return await session.get(PerformanceSettings, 1)


async def time_zones(session: AsyncSession, rep_ids: Collection[int]) -> dict[int, str]:
    """The IANA zone name of each of ``rep_ids`` that exists."""
    # one array parameter, not an expanding IN: the same statement text (and prepared
    # statement) whatever the number of reps in a batch
    wanted = bindparam("rep_ids", list(rep_ids), type_=ARRAY(Integer))
    rows = await session.execute(select(User.id, User.time_zone).where(User.id == func.any(wanted)))
    return {user_id: zone for user_id, zone in rows}


async def existing_user_ids(session: AsyncSession, ids: Collection[int]) -> frozenset[int]:
    rows = await session.scalars(select(User.id).where(User.id.in_(list(ids))))
    return frozenset(rows.all())


async def quote_units(
    session: AsyncSession, quote_id: int, revision: int, line_keys: Collection[str] | None = None
) -> int:
    """The sum of line quantities of revision ``revision`` of the quote (of the lines keyed
    ``line_keys`` only, if given)."""
    statement = (
        select(func.coalesce(func.sum(QuoteLine.quantity), 0))
        .join(QuoteRevision, QuoteRevision.id == QuoteLine.revision_id)
        .where(QuoteRevision.quote_id == quote_id, QuoteRevision.number == revision)
    )
    if line_keys is not None:
        statement = statement.where(QuoteLine.key.in_(list(line_keys)))
    return int(await session.scalar(statement) or 0)


async def quote_revision(session: AsyncSession, quote_id: int, number: int) -> QuoteRevision:
    """Revision ``number`` of the quote (its priced snapshot splits a partial return)."""
    statement = select(QuoteRevision).where(
        QuoteRevision.quote_id == quote_id, QuoteRevision.number == number
    )
    return (await session.scalars(statement)).one()


async def transfer_behind(
    session: AsyncSession, rep_id: int, quote_id: int, account_id: int
) -> str | None:
    """The transfer a sale came from: the latest TRANSFER logged for the quote or its account
    by the rep (its external id, or ``#<id>``)."""
    statement = (
        select(Activity.id, Activity.external_id)
        .where(
            Activity.kind == "TRANSFER",
            Activity.rep_id == rep_id,
            or_(Activity.quote_id == quote_id, Activity.account_id == account_id),
        )
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(1)
    )
    row = (await session.execute(statement)).first()
    if row is None:
        return None
    return row.external_id or f"#{row.id}"


async def user_for_update(session: AsyncSession, user_id: int) -> User | None:
    return await session.scalar(select(User).where(User.id == user_id).with_for_update())
