"""OPS's webhook endpoints through the API: URLs DealDesk must never POST to are refused and
nothing is stored; the secret is shown at create and rotate only; edits are versioned; only
OPS (or ADMIN) may touch them."""

from __future__ import annotations

import pytest

from tests.api.approvals.conftest import Flow
from tests.api.notifications.conftest import (
    CREATE,
    DELETE,
    DELIVERIES,
    ENDPOINTS,
    ROTATE,
    UPDATE,
    create_endpoint,
)

HOOK = "https://erp.example.com/dealdesk/hook"


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", "REQUIRED"),
        ("   ", "REQUIRED"),
        ("ftp://erp.example.com/hook", "INVALID"),
        ("javascript:alert(1)", "INVALID"),
        ("file:///etc/passwd", "INVALID"),
        ("gopher://127.0.0.1:6379/_FLUSHALL", "INVALID"),
        ("https://user:pass@erp.example.com/hook", "INVALID"),
        ("https://token@erp.example.com/hook", "INVALID"),
        ("http://erp.example.com/hook", "INVALID"),  # plain http only to allowed dev hosts
        ("https:///no-host", "INVALID"),
        ("https://erp.example.com:99999/hook", "INVALID"),
        ("https://erp.example.com/hook#frag", "INVALID"),
        ("https://erp.example.com/a b", "INVALID"),
        ("https://erp.example.com/\u00e9", "INVALID"),
        ("https://erp.example.com/" + "a" * 1990, "INVALID"),
        ("not a url at all", "INVALID"),
    ],
)
async def test_a_url_dealdesk_must_not_post_to_is_refused_and_nothing_is_stored(
    flow: Flow, url: str, code: str
) -> None:
    payload = await flow.admin.mutate(CREATE, {"url": url, "topics": ["APPROVAL_REQUESTED"]})
    assert payload["webhookEndpoint"] is None and payload["secret"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, ["input", "url"])]
    assert (await flow.admin.data(ENDPOINTS))["webhookEndpoints"]["totalCount"] == 0


async def test_an_overlong_url_or_description_is_refused_at_the_edge(flow: Flow) -> None:
    megabyte = await flow.admin(
        CREATE, {"input": {"url": HOOK + "x" * 10**6, "topics": ["QUOTE_SLIPPED"]}}
    )
    assert megabyte["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    long_url = await flow.admin.mutate(
        CREATE, {"url": HOOK + "x" * 3000, "topics": ["QUOTE_SLIPPED"]}
    )
    assert [(e["code"], e["field"]) for e in long_url["userErrors"]] == [
        ("INVALID", ["input", "url"])
    ]
    described = await flow.admin.mutate(
        CREATE, {"url": HOOK, "topics": ["QUOTE_SLIPPED"], "description": "d" * 501}
    )
    assert [(e["code"], e["field"]) for e in described["userErrors"]] == [
        ("INVALID", ["input", "description"])
    ]
    nul = await flow.admin(
        CREATE, {"input": {"url": HOOK, "topics": ["QUOTE_SLIPPED"], "description": "a\u0000b"}}
    )
    assert nul["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    no_topics = await flow.admin.mutate(CREATE, {"url": HOOK, "topics": []})
    assert [e["code"] for e in no_topics["userErrors"]] == ["REQUIRED"]
    unknown = await flow.admin(CREATE, {"input": {"url": HOOK, "topics": ["EVERYTHING"]}})
    assert unknown["errors"]
    assert (await flow.admin.data(ENDPOINTS))["webhookEndpoints"]["totalCount"] == 0


async def test_the_secret_is_shown_at_create_and_rotate_only_and_edits_are_versioned(
    flow: Flow,
) -> None:
    topics = ("APPROVAL_DECIDED", "APPROVAL_REQUESTED", "APPROVAL_DECIDED")
    created = await create_endpoint(flow.admin, HOOK, *topics, idempotencyKey="k-1")
    endpoint = created["webhookEndpoint"]
    assert endpoint["topics"] == ["APPROVAL_DECIDED", "APPROVAL_REQUESTED"]
    assert endpoint["active"] is True and endpoint["url"] == HOOK
    again = await create_endpoint(flow.admin, HOOK, *topics, idempotencyKey="k-1")
    assert again["webhookEndpoint"]["id"] == endpoint["id"] and again["secret"] == created["secret"]
    listed = (await flow.admin.data(ENDPOINTS))["webhookEndpoints"]
    assert listed["totalCount"] == 1
    assert "secret" not in listed["edges"][0]["node"]

    rotated = await flow.admin.mutate(
        ROTATE, {"id": endpoint["id"], "version": endpoint["version"]}
    )
    assert rotated["userErrors"] == []
    assert rotated["secret"] != created["secret"] and rotated["secret"].startswith("whsec_")
    assert rotated["webhookEndpoint"]["secretRotatedAt"] is not None
    stale = await flow.admin.mutate(
        UPDATE, {"id": endpoint["id"], "version": endpoint["version"], "description": "x"}
    )
    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]
    bad = await flow.admin.mutate(
        UPDATE,
        {"id": endpoint["id"], "version": rotated["webhookEndpoint"]["version"], "url": "ftp://x"},
    )
    assert [(e["code"], e["field"]) for e in bad["userErrors"]] == [("INVALID", ["input", "url"])]
    changed = await flow.admin.mutate(
        UPDATE,
        {
            "id": endpoint["id"],
            "version": rotated["webhookEndpoint"]["version"],
            "topics": ["PERIOD_CLOSE_DUE"],
            "description": "Finance bot",
        },
    )
    assert changed["userErrors"] == []
    assert changed["webhookEndpoint"]["topics"] == ["PERIOD_CLOSE_DUE"]
    assert changed["webhookEndpoint"]["description"] == "Finance bot"

    deleted = await flow.admin.mutate(DELETE, {"id": endpoint["id"]})
    assert deleted["userErrors"] == [] and deleted["webhookEndpoint"]["id"] == endpoint["id"]
    assert (await flow.admin.data(ENDPOINTS))["webhookEndpoints"]["totalCount"] == 0
    gone = await flow.admin.mutate(DELETE, {"id": endpoint["id"]})
    assert [e["code"] for e in gone["userErrors"]] == ["NOT_FOUND"]
    malformed = await flow.admin(DELETE, {"input": {"id": "not-an-id"}})
    assert malformed["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_only_ops_may_see_or_change_webhooks(flow: Flow) -> None:
    created = await create_endpoint(flow.admin, HOOK, "QUOTE_SLIPPED")
    for api in (flow.quotes.rep, flow.manager, flow.finance):
        refused = await api(CREATE, {"input": {"url": HOOK, "topics": ["QUOTE_SLIPPED"]}})
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        listed = await api(ENDPOINTS)
        assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        deliveries = await api(DELIVERIES, {"status": "DEAD"})
        assert deliveries["errors"][0]["extensions"]["code"] == "FORBIDDEN"
        node = await api.data(
            "query($id: ID!) { node(id: $id) { id } }", {"id": created["webhookEndpoint"]["id"]}
        )
        assert node["node"] is None
    assert (await flow.admin.data(ENDPOINTS))["webhookEndpoints"]["totalCount"] == 1
