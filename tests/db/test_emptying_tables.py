"""The suite's own table emptying and demo restore (``tests.conftest``): a live server's worker
defers periodic jobs at any moment, also while the test process empties the tables or puts
the demo copy back. A job it took an id for then must not be collided with by a later job
(CI failed on ``procrastinate_jobs_pkey`` that way: the job sequence was moved back)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from tests.conftest import _copy_demo, empty_tables, truncate_all

DEFER = (
    "INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
    "VALUES ('scheduled', 'tick', '{}') RETURNING id"
)
USER = (
    "INSERT INTO users (email, name, password_hash, roles) "
    "VALUES ('u@example.com', 'U', 'x', ARRAY['REP']::role[]) RETURNING id"
)


@pytest.fixture(autouse=True)
async def clean(app: Starlette) -> AsyncIterator[None]:
    await truncate_all(app)
    yield
    await truncate_all(app)


async def _one(app: Starlette, statement: str) -> int:
    async with app.state.engine.begin() as connection:
        return int(await connection.scalar(text(statement)))


async def test_a_job_deferred_while_the_tables_are_emptied_is_not_collided_with(
    app: Starlette,
) -> None:
    await _one(app, DEFER)
    async with app.state.engine.connect() as worker:
        pending = await worker.begin()
        late = int(await worker.scalar(text(DEFER)))  # the id is taken, the row not yet seen
        async with app.state.engine.begin() as tests:
            await empty_tables(tests)
        await pending.commit()

    after = await _one(app, DEFER)

    assert after > late


async def test_a_job_deferred_before_the_demo_copy_is_put_back_is_not_collided_with(
    app: Starlette,
) -> None:
    await _one(app, DEFER)
    async with app.state.engine.begin() as connection:
        restore = await _copy_demo(connection, "emptying_copy")
    await truncate_all(app)
    late = await _one(app, DEFER)  # the worker, between the emptying and the restore
    try:
        async with app.state.engine.begin() as connection:
            await connection.execute(text(restore))
        after = await _one(app, DEFER)
    finally:
        async with app.state.engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA emptying_copy CASCADE"))

    assert after > late


async def test_other_tables_start_again_from_one(app: Starlette) -> None:
    first = await _one(app, USER)
    await truncate_all(app)

    assert (first, await _one(app, USER)) == (1, 1)


async def test_a_running_worker_keeps_its_registration_and_fetches_after_the_emptying(
    app: Starlette,
) -> None:
    worker = await _one(app, "INSERT INTO procrastinate_workers DEFAULT VALUES RETURNING id")
    try:
        await _one(app, DEFER)  # the tables hold rows: the emptying runs
        await truncate_all(app)
        await _one(app, DEFER)
        async with app.state.engine.begin() as connection:
            fetched = await connection.scalar(
                text(f"SELECT id FROM procrastinate_fetch_job_v2(NULL, {worker})")
            )
    finally:
        async with app.state.engine.begin() as connection:
            await connection.execute(text(f"DELETE FROM procrastinate_workers WHERE id = {worker}"))

    assert fetched is not None
