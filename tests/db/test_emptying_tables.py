"""The suite's own table emptying (``tests.conftest.EMPTY_TABLES``): a live server's worker
defers periodic jobs at any moment, also between the query that finds the tables holding rows
and the block that empties them. A row that slips in there keeps its id, and the next row its
table gets must not collide with it (CI failed on ``procrastinate_jobs_pkey`` that way)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from tests.conftest import EMPTY_TABLES, truncate_all

DEFER = (
    "INSERT INTO procrastinate_jobs (queue_name, task_name, args) "
    "VALUES ('scheduled', 'tick', '{}') RETURNING id"
)


@pytest.fixture(autouse=True)
async def clean(app: Starlette) -> AsyncIterator[None]:
    await truncate_all(app)
    yield
    await truncate_all(app)


async def _defer(app: Starlette) -> int:
    async with app.state.engine.begin() as connection:
        return int(await connection.scalar(text(DEFER)))


async def test_a_row_written_after_the_tables_were_listed_is_not_collided_with(
    app: Starlette,
) -> None:
    first, late = await _defer(app), await _defer(app)
    async with app.state.engine.begin() as connection:
        await connection.execute(text(f"DELETE FROM procrastinate_jobs WHERE id = {first}"))
        # The tables were listed before ``late`` arrived: the job table is not among them.
        await connection.execute(text(EMPTY_TABLES.replace("{written}", "ARRAY[]::text[]")))
        await connection.execute(text(EMPTY_TABLES.replace("{written}", "ARRAY['users']")))

    after = await _defer(app)

    assert (first, late) == (1, 2)
    assert after == late + 1


async def test_an_emptied_table_starts_again_from_one(app: Starlette) -> None:
    for _ in range(3):
        await _defer(app)
    await truncate_all(app)

    assert await _defer(app) == 1
