"""SLA escalation runs on its schedule: not before the SLA ends, once after, and never twice."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.applications import Starlette

from tests.api.approvals.conftest import Flow
from tests.api.jobs.conftest import FakeClock, escalation_audits, eventually, overdue_request

pytestmark = pytest.mark.usefixtures("escalation_worker")


async def test_a_request_escalates_on_schedule_once_its_sla_has_passed_and_only_once(
    app: Starlette, flow: Flow, clock: FakeClock
) -> None:
    request_id, due = await overdue_request(flow)
    clock.now = due - timedelta(minutes=1)
    await clock.runs_finish(2)
    before_the_sla = await escalation_audits(app, request_id)

    clock.advance(timedelta(minutes=2))

    async def escalated() -> bool:
        """the request escalated"""
        return await escalation_audits(app, request_id) >= 1

    await eventually(escalated)
    await clock.runs_finish(1)  # a scheduled run after the escalating one

    assert before_the_sla == 0
    assert await escalation_audits(app, request_id) == 1
