"""Web Push end to end: a browser's subscription (keys made here, as a browser makes them)
gets the event that concerns its user, encrypted (aes128gcm) and VAPID-signed, from a real
HTTP push service; a 410 from the service removes the subscription."""

from __future__ import annotations

import base64
import json
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.api.approvals.conftest import Flow
from tests.api.notifications.conftest import (
    MY_PUSH,
    REGISTER_PUSH,
    UNREGISTER_PUSH,
    Receiver,
    eventually,
)

pytestmark = pytest.mark.usefixtures("delivering")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class Browser:
    """What ``PushManager.subscribe`` makes: a P-256 key pair and a 16-byte auth secret."""

    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    def keys(self) -> dict[str, str]:
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64url(public), "auth": b64url(self.auth)}

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(
            body, private_key=self.key, auth_secret=self.auth, version="aes128gcm"
        )
        return json.loads(plain)


async def test_the_approver_s_browser_gets_the_request_encrypted_and_a_410_unsubscribes_it(
    flow: Flow, receiver: Receiver
) -> None:
    browser = Browser()
    endpoint = receiver.url("/push/manager-laptop")
    registered = await flow.manager.mutate(
        REGISTER_PUSH, {"endpoint": endpoint, "keys": browser.keys()}
    )
    assert registered["userErrors"] == []
    mine = await flow.manager.data(MY_PUSH)
    public_key = mine["webPushPublicKey"]
    assert public_key and [s["endpoint"] for s in mine["myPushSubscriptions"]] == [endpoint]

    request = await flow.pending_request("15")

    async def pushed() -> bool:
        """the push service got the message"""
        return len(receiver.at("/push/manager-laptop")) >= 1

    await eventually(pushed)
    (got,) = receiver.at("/push/manager-laptop")
    assert got.headers["content-encoding"] == "aes128gcm"
    assert public_key in got.headers["authorization"]  # VAPID: t=<JWT>, k=<our public key>
    assert request["id"].encode() not in got.body  # encrypted
    message = browser.decrypt(got.body)
    assert message["topic"] == "approval.requested"
    assert message["data"]["approvalRequest"] == request["id"]
    assert message["title"] == "Approval requested"

    async def noted() -> bool:
        """the subscription's last push was recorded"""
        subs = (await flow.manager.data(MY_PUSH))["myPushSubscriptions"]
        return bool(subs) and subs[0]["lastSentAt"] is not None

    await eventually(noted)

    receiver.plans["/push/manager-laptop"] = [410]
    await flow.pending_request("16")

    async def removed() -> bool:
        """the subscription the push service says is gone was deleted"""
        return (await flow.manager.data(MY_PUSH))["myPushSubscriptions"] == []

    await eventually(removed)
    assert [r.status for r in receiver.at("/push/manager-laptop")] == [200, 410]


async def test_the_rep_is_not_pushed_an_approval_that_waits_for_someone_else(
    flow: Flow, receiver: Receiver
) -> None:
    rep_browser, manager_browser = Browser(), Browser()
    for api, browser, path in (
        (flow.quotes.rep, rep_browser, "/push/rep"),
        (flow.manager, manager_browser, "/push/manager"),
    ):
        payload = await api.mutate(
            REGISTER_PUSH, {"endpoint": receiver.url(path), "keys": browser.keys()}
        )
        assert payload["userErrors"] == []

    await flow.pending_request("15")

    async def pushed() -> bool:
        """the manager was pushed"""
        return len(receiver.at("/push/manager")) == 1

    await eventually(pushed)
    assert receiver.at("/push/rep") == []


async def test_bad_subscriptions_are_refused_and_unregistering_removes_only_your_own(
    flow: Flow, receiver: Receiver
) -> None:
    keys = Browser().keys()
    cases = [
        ({"endpoint": "ftp://push.example.com/x", "keys": keys}, ["input", "endpoint"]),
        ({"endpoint": "http://push.example.com/x", "keys": keys}, ["input", "endpoint"]),
        (
            {"endpoint": "https://push.example.com/x", "keys": {**keys, "p256dh": "AAAA"}},
            ["input", "keys", "p256dh"],
        ),
        (
            {"endpoint": "https://push.example.com/x", "keys": {**keys, "auth": "%%%"}},
            ["input", "keys", "auth"],
        ),
        (
            {
                "endpoint": "https://push.example.com/x",
                "keys": {**keys, "p256dh": b64url(b"\x05" * 65)},
            },
            ["input", "keys", "p256dh"],
        ),
    ]
    for input, field in cases:
        payload = await flow.manager.mutate(REGISTER_PUSH, input)
        assert payload["pushSubscription"] is None
        assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [("INVALID", field)], (
            input
        )
    assert (await flow.manager.data(MY_PUSH))["myPushSubscriptions"] == []

    endpoint = "https://push.example.com/manager"
    assert (await flow.manager.mutate(REGISTER_PUSH, {"endpoint": endpoint, "keys": keys}))[
        "userErrors"
    ] == []
    not_mine = await flow.quotes.rep.mutate(UNREGISTER_PUSH, {"endpoint": endpoint})
    assert not_mine == {"removed": False, "userErrors": []}
    mine = await flow.manager.mutate(UNREGISTER_PUSH, {"endpoint": endpoint})
    assert mine == {"removed": True, "userErrors": []}
    assert (await flow.manager.data(MY_PUSH))["myPushSubscriptions"] == []
