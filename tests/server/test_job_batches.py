"""The per-key transactions of the scheduled tasks: a key that fails is logged and skipped,
a key that refuses reports its refusals, and every other key still runs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

import pytest

from server.jobs.runtime import JobRuntime
from server.jobs.tasks import each_in_transaction, sum_each
from services.refusal import Code, Refusal, Refused


class _Sessions:
    """Stands in for the session maker: each ``begin()`` is one (empty) transaction."""

    def __init__(self) -> None:
        self.begun = 0

    @asynccontextmanager
    async def begin(self) -> AsyncIterator[object]:
        self.begun += 1
        yield object()


def _runtime(sessions: _Sessions) -> JobRuntime:
    return cast(JobRuntime, type("Runtime", (), {"sessions": sessions})())


def _work(key: int) -> Any:
    async def run(session: object) -> int:
        if key == 2:
            raise RuntimeError("the board of 2 is broken")
        if key == 3:
            raise Refused(Refusal(Code.FORBIDDEN, "not yours", ("input",)))
        return key * 10

    return run


async def test_each_key_runs_in_its_own_transaction_and_a_failure_is_logged_and_skipped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    sessions = _Sessions()
    logger = logging.getLogger("test_job_batches")

    with caplog.at_level(logging.ERROR, logger="test_job_batches"):
        runs = each_in_transaction(_runtime(sessions), [1, 2, 3, 4], _work, "no %d", logger)
        seen = [(key, outcome.value, len(outcome.refusals)) async for key, outcome in runs]

    assert seen == [(1, 10, 0), (3, None, 1), (4, 40, 0)]
    assert sessions.begun == 4
    assert [r.getMessage() for r in caplog.records] == ["no 2"]


async def test_sum_each_adds_what_the_keys_that_ran_returned() -> None:
    sessions = _Sessions()
    logger = logging.getLogger("test_job_batches")

    total = await sum_each(_runtime(sessions), [1, 2, 3, 4], _work, "no %d", logger)

    assert total == 50
