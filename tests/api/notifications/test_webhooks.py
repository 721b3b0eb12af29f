"""Webhooks end to end: an approval request's event reaches a real HTTP receiver, signed,
retried with backoff when it fails, dead-lettered after the last attempt, redelivered."""

from __future__ import annotations

import json
import time

import pytest

from server.jobs.runtime import JobRuntime
from services.notifications.webhook_delivery import verify_signature
from tests.api.approvals.conftest import Flow
from tests.api.notifications.conftest import (
    REDELIVER,
    Receiver,
    create_endpoint,
    deliveries,
    eventually,
    wait_for_delivery,
)

pytestmark = pytest.mark.usefixtures("delivering")


async def test_a_receiver_that_fails_twice_gets_the_event_once_on_the_third_attempt(
    flow: Flow, receiver: Receiver
) -> None:
    receiver.plans["/hook"] = [500, 500]
    created = await create_endpoint(
        flow.admin, receiver.url("/hook"), "APPROVAL_REQUESTED", description="ERP sync"
    )
    secret = created["secret"]
    assert secret.startswith("whsec_") and len(secret) > 40

    request = await flow.pending_request("15")

    (delivery,) = await wait_for_delivery(flow.admin, "DELIVERED")
    got = receiver.at("/hook")
    assert [r.status for r in got] == [500, 500, 200]
    assert delivery["attempts"] == 3
    assert delivery["lastResponseCode"] == 200 and delivery["lastError"] is None
    assert delivery["topic"] == "APPROVAL_REQUESTED"
    assert delivery["endpoint"]["id"] == created["webhookEndpoint"]["id"]
    # One event, one id: the receiver drops the two it answered 500 to by that id anyway.
    assert {r.headers["x-dealdesk-event-id"] for r in got} == {delivery["eventId"]}
    assert [r.headers["x-dealdesk-attempt"] for r in got] == ["1", "2", "3"]
    for r in got:
        assert verify_signature(secret, r.headers["x-dealdesk-signature"], r.body, int(time.time()))
        assert not verify_signature(
            "whsec_forged", r.headers["x-dealdesk-signature"], r.body, int(time.time())
        )
    body = json.loads(got[-1].body)
    assert body["id"] == delivery["eventId"]
    assert body["topic"] == "approval.requested"
    assert body["data"]["approvalRequest"] == request["id"]
    assert body["data"]["status"] == "PENDING"
    # Tampering with a byte breaks the signature.
    tampered = got[-1].body.replace(b"PENDING", b"APPROVD")
    assert not verify_signature(
        secret, got[-1].headers["x-dealdesk-signature"], tampered, int(time.time())
    )
    assert await deliveries(flow.admin, "DEAD") == []


async def test_an_endpoint_that_never_answers_2xx_is_dead_lettered_then_redelivered(
    flow: Flow, receiver: Receiver, delivering: JobRuntime
) -> None:
    receiver.plans["/down"] = [503, 500, 502]
    await create_endpoint(flow.admin, receiver.url("/down"), "APPROVAL_REQUESTED")
    await flow.pending_request("15")

    (dead,) = await wait_for_delivery(flow.admin, "DEAD")
    assert dead["attempts"] == delivering.notifications.webhook_max_attempts == 3
    assert dead["lastResponseCode"] == 502
    assert dead["lastError"].startswith("HTTP 502")
    assert dead["deliveredAt"] is None and dead["nextAttemptAt"] is None
    assert len(receiver.at("/down")) == 3

    again = await flow.admin.mutate(REDELIVER, {"id": dead["id"]})
    assert again["userErrors"] == []
    assert again["webhookDelivery"]["status"] == "PENDING"
    pending_again = await flow.admin.mutate(REDELIVER, {"id": dead["id"]})
    assert [e["code"] for e in pending_again["userErrors"]] == ["INVALID_STATE"]

    (delivered,) = await wait_for_delivery(flow.admin, "DELIVERED")
    assert delivered["id"] == dead["id"] and delivered["attempts"] == 1
    got = receiver.at("/down")
    assert [r.status for r in got] == [503, 500, 502, 200]
    assert {r.headers["x-dealdesk-event-id"] for r in got} == {dead["eventId"]}


async def test_each_endpoint_gets_only_its_topics_and_a_disabled_one_nothing(
    flow: Flow, receiver: Receiver
) -> None:
    from tests.api.notifications.conftest import UPDATE

    await create_endpoint(flow.admin, receiver.url("/approvals"), "APPROVAL_REQUESTED")
    await create_endpoint(flow.admin, receiver.url("/slips"), "QUOTE_SLIPPED")
    off = await create_endpoint(flow.admin, receiver.url("/off"), "APPROVAL_REQUESTED")
    endpoint = off["webhookEndpoint"]
    changed = await flow.admin.mutate(
        UPDATE, {"id": endpoint["id"], "version": endpoint["version"], "active": False}
    )
    assert changed["userErrors"] == [] and changed["webhookEndpoint"]["active"] is False

    await flow.pending_request("15")
    await wait_for_delivery(flow.admin, "DELIVERED")

    async def settled() -> bool:
        """the event was fanned out"""
        return len(await deliveries(flow.admin)) == 1

    await eventually(settled)
    assert len(receiver.at("/approvals")) == 1
    assert receiver.at("/slips") == [] and receiver.at("/off") == []


async def test_a_crash_between_the_post_and_its_record_sends_again_with_the_same_event_id(
    flow: Flow, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.notifications import webhook_delivery

    real = webhook_delivery.record_attempt
    crashes = [RuntimeError("the database went away after the POST")]

    async def crash_once(*args: object, **kwargs: object) -> object:
        if crashes:
            raise crashes.pop()
        return await real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(webhook_delivery, "record_attempt", crash_once)
    await create_endpoint(flow.admin, receiver.url("/erp"), "APPROVAL_REQUESTED")
    await flow.pending_request("15")

    (delivery,) = await wait_for_delivery(flow.admin, "DELIVERED")
    got = receiver.at("/erp")
    assert [r.status for r in got] == [200, 200]  # at least once: the receiver dedupes
    assert {r.headers["x-dealdesk-event-id"] for r in got} == {delivery["eventId"]}
    assert delivery["attempts"] == 1  # the crashed attempt left no record
