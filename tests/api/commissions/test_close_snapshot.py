"""The close reads its credits on a second connection, in its own transaction's snapshot.

PostgreSQL reads the credit stream on one backend while the close's own connection stores
the statement lines. The second connection imports the snapshot the close's transaction
exports: it sees exactly the credits the close would have read itself, not a credit
committed since, and it is released when the close ends, an error included. A transaction
that wrote credits itself (which an exported snapshot does not show) reads them on its own
connection.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, insert, literal, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

from db.models.commissions import CommissionCredit, CommissionPeriod, CommissionPeriodStatus
from db.queries import commission_close
from services.commissions.calendar import load_calendar
from services.commissions.closing import close_period
from tests.api.commissions.conftest import Commissions, base
from tests.api.commissions.test_close_batches import (
    _statement_count,
    copies,  # noqa: F401  (a fixture)
)
from tests.api.commissions.test_close_batches import (
    test_a_refusal_after_a_written_batch_stores_nothing as refusal_after_a_batch,
)
from tests.api.commissions.test_close_streaming import _period
from tests.api.commissions.test_close_streaming import (
    test_the_streamed_close_stores_what_the_previous_computation_did as streamed_close,
)


class Readers:
    """The backends the close ran on: its own, and the one each credit stream read on."""

    def __init__(self) -> None:
        self.close_backends: list[int] = []
        self.stream_backends: list[int | None] = []  # None: read on the close's session


@pytest.fixture
def readers(monkeypatch: pytest.MonkeyPatch) -> Readers:
    found = Readers()
    snapshot_reader = commission_close.snapshot_reader
    credits_by_rep = commission_close.credits_by_rep

    @asynccontextmanager
    async def recording(session: AsyncSession, *args: Any) -> AsyncIterator[AsyncConnection | None]:
        found.close_backends.append(await _backend(session))
        async with snapshot_reader(session, *args) as reader:
            yield reader

    async def stream(
        source: AsyncSession | AsyncConnection, *args: Any
    ) -> AsyncGenerator[tuple[int, list[Any]], None]:
        found.stream_backends.append(
            await _backend(source) if isinstance(source, AsyncConnection) else None
        )
        async for item in credits_by_rep(source, *args):
            yield item

    monkeypatch.setattr(commission_close, "snapshot_reader", recording)
    monkeypatch.setattr(commission_close, "credits_by_rep", stream)
    return found


async def _backend(source: AsyncSession | AsyncConnection) -> int:
    return int(await source.scalar(text("SELECT pg_backend_pid()")) or 0)


def _engine(comm: Commissions) -> AsyncEngine:
    engine = comm.demo.sessions.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    return engine


def _read_on_another_backend(readers: Readers) -> None:
    assert len(readers.close_backends) == 1  # one close
    assert readers.stream_backends[0] is None  # (the test's own read, on its session)
    assert readers.stream_backends[1:] == [readers.stream_backends[-1]]  # the close's stream
    assert readers.stream_backends[-1] not in (None, readers.close_backends[0])


async def test_the_close_reads_on_a_second_connection_and_stores_the_reference(
    comm: Commissions,
    readers: Readers,
    copies: list[int],  # noqa: F811  (one batch per rep, a fetch every two credits)
) -> None:
    await streamed_close(comm)  # (compares every statement and line with the reference path)
    _read_on_another_backend(readers)
    assert len(copies) == 2
    assert _engine(comm).sync_engine.pool.checkedout() == 0  # the reader was given back


async def test_a_refusal_with_the_second_connection_stores_nothing(
    comm: Commissions,
    readers: Readers,
    copies: list[int],  # noqa: F811
) -> None:
    await refusal_after_a_batch(comm, copies)  # refused, nothing stored; then closed as reference
    assert len(readers.stream_backends) == len(readers.close_backends) == 2  # refused, then closed
    for stream_backend, close_backend in zip(
        readers.stream_backends, readers.close_backends, strict=True
    ):
        assert stream_backend not in (None, close_backend)
    assert _engine(comm).sync_engine.pool.checkedout() == 0


async def test_an_error_mid_stream_leaves_nothing_and_releases_the_reader(
    comm: Commissions,
    monkeypatch: pytest.MonkeyPatch,
    copies: list[int],  # noqa: F811
) -> None:
    await comm.on_plan([base("10")])
    other = await comm.plan([base("12")], name="Other plan")
    await comm.assign(other, "rep2@dealdesk.example", quota="50000")
    await comm.won(("SW-ANL", 2), day="2026-11-03")
    await comm.won(("SW-ANL", 1), day="2026-11-04")
    await comm.open_period("2026-11-10")
    period_id = (await _period(comm)).id
    credits_by_rep = commission_close.credits_by_rep
    streamed: list[bool] = []

    async def failing(
        source: AsyncSession | AsyncConnection, *args: Any
    ) -> AsyncGenerator[tuple[int, list[Any]], None]:
        streamed.append(isinstance(source, AsyncConnection))
        async for item in credits_by_rep(source, *args):
            yield item
            raise RuntimeError("the stream broke")  # after the first rep's credits

    monkeypatch.setattr(commission_close, "credits_by_rep", failing)
    async with comm.demo.sessions() as session:
        row = await session.get(CommissionPeriod, period_id)
        assert row is not None
        calendar = await load_calendar(session)
        with pytest.raises(RuntimeError, match="the stream broke"):
            await close_period(session, row, calendar, None, datetime.now(UTC))
        assert _engine(comm).sync_engine.pool.checkedout() == 1  # the session's own, only
        await session.rollback()
    assert streamed == [True]
    assert await _statement_count(comm, period_id) == 0
    assert (await _period(comm)).status is CommissionPeriodStatus.OPEN


async def test_the_reader_sees_the_transactions_snapshot_and_not_its_own_writes(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("10")])
    await comm.won(("SW-ANL", 2), day="2026-11-03")
    count = select(func.count()).select_from(CommissionCredit)
    async with comm.demo.sessions() as session:
        before = await session.scalar(count)
        reps = list(await session.scalars(select(CommissionCredit.rep_id).distinct()))
        year = (date(2026, 1, 1), date(2026, 12, 31), reps)
        async with commission_close.snapshot_reader(session, *year) as reader:
            assert reader is not None
            assert await _backend(reader) != await _backend(session)
            await comm.won(("SW-ANL", 1), day="2026-11-04")  # committed after the export
            assert await reader.scalar(count) == before  # the close's snapshot, not later
            assert await session.scalar(count) > (before or 0)  # (read committed: it sees it)
            with pytest.raises(Exception, match="read-only"):  # the reader writes nothing
                await reader.execute(text("CREATE TEMP TABLE nothing (x int)"))
        await session.rollback()

    async with comm.demo.sessions() as session:  # a transaction that wrote a credit itself
        columns = [
            c for c in CommissionCredit.__table__.columns if c.name not in ("id", "credit_key")
        ]
        copied = select(
            *columns, (CommissionCredit.credit_key + literal("-copy")).label("credit_key")
        ).limit(1)
        await session.execute(
            insert(CommissionCredit).from_select([*(c.name for c in columns), "credit_key"], copied)
        )
        async with commission_close.snapshot_reader(session, *year) as reader:
            assert reader is None  # its own credit would be missing from an exported snapshot
        await session.rollback()

    async with comm.demo.sessions() as session, session.begin_nested():
        async with commission_close.snapshot_reader(session, *year) as reader:
            assert reader is None  # a savepoint cannot export its snapshot: the close's own
        assert await session.scalar(count)  # (and the transaction is still usable)
    assert _engine(comm).sync_engine.pool.checkedout() == 0
