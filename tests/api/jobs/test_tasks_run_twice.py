"""A task run twice (a retry, a second worker, a late schedule) changes nothing twice."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from starlette.applications import Starlette

from server.jobs import tasks
from server.jobs.runtime import JobRuntime
from tests.api.approvals.conftest import Flow
from tests.api.jobs.conftest import FakeClock, escalation_audits, overdue_request


def context(runtime: JobRuntime) -> Any:
    """What a task reads of procrastinate's JobContext."""
    return SimpleNamespace(additional_context=runtime.as_context())


async def test_the_escalation_task_run_twice_escalates_once(
    app: Starlette, flow: Flow, clock: FakeClock, runtime: JobRuntime
) -> None:
    request_id, due = await overdue_request(flow)
    clock.now = due + timedelta(minutes=1)

    first = await tasks.escalate_overdue_approvals(context(runtime), 0)
    second = await tasks.escalate_overdue_approvals(context(runtime), 0)

    assert (first, second) == (1, 0)
    assert await escalation_audits(app, request_id) == 1
