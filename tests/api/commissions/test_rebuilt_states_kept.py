"""A period rebuilt in memory (no stored state matches) is kept per process
(``services.commissions.rebuilt_states``), and that changes no answer: a credit changed,
added or removed behind the app's back (SQL, another process) is read anew."""

from __future__ import annotations

from sqlalchemy import text

from db.models.commissions import CommissionPeriodState
from services.commissions import rebuilt_states
from tests.api.commissions.conftest import Commissions, base

EARNED = 'query { myCommissions(asOf: "2026-11-20") { earned { amount } } }'


async def _earned(comm: Commissions) -> str:
    return str((await comm.rep.data(EARNED))["myCommissions"]["earned"]["amount"])


async def _sql(comm: Commissions, sql: str) -> None:
    """``sql`` with the triggers set aside (credits are append-only): a repair by hand."""
    async with comm.demo.sessions() as session:
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        await session.execute(text(sql))
        await session.commit()


async def test_a_kept_rebuild_follows_every_change_to_the_credits(comm: Commissions) -> None:
    await comm.on_plan([base("10")])
    await comm.won(("SVC-INST", 5), day="2026-11-02")  # 7,000
    await _sql(comm, f"DELETE FROM {CommissionPeriodState.__tablename__}")  # rebuilt on read
    rebuilt_states.clear()

    first = await _earned(comm)
    assert first == "700.00"
    assert await _earned(comm) == first  # kept: the same answer

    # A credit's amount halved by hand: same count, same highest id, a new row version.
    await _sql(
        comm,
        "UPDATE commission_credits SET lines = jsonb_set(lines, '{0,amount,$decimal}', "
        "to_jsonb(((lines->0->'amount'->>'$decimal')::numeric / 2)::text))",
    )
    halved = await _earned(comm)
    rebuilt_states.clear()
    assert halved == await _earned(comm) == "350.00"  # as a process that never kept it

    await _sql(comm, "DELETE FROM commission_credits")
    assert await _earned(comm) == "0.00"
