"""Period-close reminders happen on schedule without anyone calling a mutation: N days before
an open period ends (UPCOMING) and on its last day (DUE), each once however often the job
runs, to the webhooks of `period.close_due` and FINANCE's browsers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest

from server.jobs import notifications
from server.jobs.runtime import JobRuntime
from tests.api.approvals.conftest import Flow
from tests.api.commissions.conftest import OPEN_PERIOD
from tests.api.jobs.conftest import FakeClock
from tests.api.jobs.test_tasks_run_twice import context
from tests.api.notifications.conftest import REGISTER_PUSH, Receiver, create_endpoint, eventually
from tests.api.notifications.test_web_push import Browser

pytestmark = pytest.mark.usefixtures("delivering")


async def test_each_reminder_is_sent_once_when_it_is_due(
    flow: Flow, receiver: Receiver, clock: FakeClock, runtime: JobRuntime
) -> None:
    await create_endpoint(flow.admin, receiver.url("/finance"), "PERIOD_CLOSE_DUE")
    browser = Browser()
    registered = await flow.finance.mutate(
        REGISTER_PUSH, {"endpoint": receiver.url("/push/finance"), "keys": browser.keys()}
    )
    assert registered["userErrors"] == []
    opened = await flow.finance.data(OPEN_PERIOD, {"day": date.today().isoformat()})
    period = opened["openCommissionPeriod"]["period"]
    end = date.fromisoformat(period["end"])
    lead = runtime.notifications.period_close_lead_days

    async def run_at(day: date) -> int:
        clock.now = datetime.combine(day, time(9), tzinfo=UTC)
        return await notifications.remind_period_close(context(runtime), 0)

    assert await run_at(end - timedelta(days=lead + 1)) == 0
    assert await run_at(end - timedelta(days=lead)) == 1
    assert await run_at(end - timedelta(days=lead)) == 0
    assert await run_at(end - timedelta(days=1)) == 0
    assert await run_at(end) == 1
    assert await run_at(end) == 0
    assert await run_at(end + timedelta(days=3)) == 0  # still open, already reminded

    async def arrived() -> bool:
        """both reminders reached the webhook and FINANCE's browser"""
        return len(receiver.at("/finance")) == 2 and len(receiver.at("/push/finance")) == 2

    await eventually(arrived)
    bodies = sorted((json.loads(r.body) for r in receiver.at("/finance")), key=lambda b: b["id"])
    assert [b["topic"] for b in bodies] == ["period.close_due"] * 2
    assert [b["data"]["kind"] for b in bodies] == ["UPCOMING", "DUE"]
    assert [b["data"]["daysLeft"] for b in bodies] == [lead, 0]
    assert {b["data"]["commissionPeriod"] for b in bodies} == {period["id"]}
    pushed = [browser.decrypt(r.body) for r in receiver.at("/push/finance")]
    assert {m["data"]["kind"] for m in pushed} == {"UPCOMING", "DUE"}
    assert {m["title"] for m in pushed} == {"Period close"}
