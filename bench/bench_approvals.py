"""Approvals in real time: how long from a manager's decision to the rep's subscriber hearing
of it (across two server processes), and the inbox query with 1,000 pending requests.

    python bench/bench_approvals.py          # uses DATABASE_URL's server or 127.0.0.1:5432
    python bench/bench_approvals.py --inbox  # the inbox page only, beside the floor
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import time
from functools import partial

import harness
import httpx
from cpu_floor import compare
from floor_server import running_floor
from websockets.asyncio.client import connect

DECISIONS = 40
SEED = 1000
CREATE = harness.operation("create_quote")
SUBMIT = harness.operation("submit_quote_for_approval")
REQUESTS = harness.operation("approval_requests_for_quote")
APPROVE = harness.operation("approve_approval_request")
WATCH = harness.operation("approval_inbox_events")
INBOX = harness.operation("approval_inbox")
# One pending request, cloned row by row until the manager's inbox holds SEED of them.
CLONE_QUOTE = """
    INSERT INTO quotes (name, account_id, owner_id, currency, status, current_revision,
                        valid_until, net_total)
    SELECT name, account_id, owner_id, currency, status, current_revision, valid_until, net_total
    FROM quotes WHERE id = $1
    RETURNING id
"""
CLONE_REVISION = """
    INSERT INTO quote_revisions (quote_id, number, terms, notes, customer_notes, pricing_date,
                                 priced, non_standard, lines_added)
    SELECT $2, number, terms, notes, customer_notes, pricing_date, priced, non_standard,
           lines_added
    FROM quote_revisions WHERE quote_id = $1
"""
CLONE_REQUEST = """
    INSERT INTO approval_requests (quote_id, revision, status, submitted_by, submitted_at, facts,
                                   plan, approver_ids, sla)
    SELECT $2, revision, status, submitted_by, submitted_at, facts, plan, approver_ids, sla
    FROM approval_requests WHERE id = $1
"""


async def pending_request(
    http: httpx.AsyncClient, rep: dict[str, str], account: str, product: str
) -> str:
    line = {"productId": product, "quantity": 1, "discount": {"percent": "15"}}
    created = await harness.data(http, rep, CREATE, {"i": {"accountId": account, "lines": [line]}})
    quote = created["createQuote"]["quote"]
    await harness.data(http, rep, SUBMIT, {"i": {"id": quote["id"], "version": quote["version"]}})
    requests = await harness.data(http, rep, REQUESTS, {"q": quote["id"]})
    return requests["approvalRequestsForQuote"][0]["id"]


async def latency(first: str, second: str) -> None:
    async with httpx.AsyncClient(base_url=first, timeout=30) as http:
        rep = await harness.sign_in(http, "rep1@dealdesk.example")
        manager = await harness.sign_in(http, "east.manager@dealdesk.example")
        account, products = await harness.demo_catalog(http, rep)
        product = products["SVC-INST"]
        requests = [await pending_request(http, rep, account, product) for _ in range(DECISIONS)]
        sent_to_event: list[float] = []
        committed_to_event: list[float] = []
        ws_url = second.replace("http://", "ws://") + "/graphql"
        async with connect(ws_url, subprotocols=["graphql-transport-ws"]) as ws:
            await ws.send(
                json.dumps(
                    {
                        "type": "connection_init",
                        "payload": {"authorization": manager["authorization"]},
                    }
                )
            )
            await ws.recv()
            await ws.send(
                json.dumps(
                    {"id": "1", "type": "subscribe", "payload": {"query": WATCH, "variables": {}}}
                )
            )
            await asyncio.sleep(0.5)
            for request_id in requests:
                started = time.perf_counter()
                response = await harness.post(http, manager, APPROVE, {"i": {"id": request_id}})
                committed = time.perf_counter()
                assert not response.json()["data"]["approveApprovalRequest"]["userErrors"]
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), 10))
                    if (
                        message.get("payload", {})
                        .get("data", {})
                        .get("myApprovalInbox", {})
                        .get("status")
                        == "APPROVED"
                    ):
                        break
                received = time.perf_counter()
                sent_to_event.append((received - started) * 1000)
                committed_to_event.append(max(0.0, received - committed) * 1000)
    sent_line = harness.percentiles(sent_to_event)
    committed_line = harness.percentiles(committed_to_event)
    print(f"decision sent → subscriber on the other process   {sent_line}")
    print(f"decision committed → subscriber                  {committed_line}")


async def one_pending(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        rep = await harness.sign_in(http, "rep1@dealdesk.example")
        account, products = await harness.demo_catalog(http, rep)
        await pending_request(http, rep, account, products["SVC-INST"])


async def seed_inbox(url: str) -> None:
    """Clone one pending quote and its request until the manager has SEED waiting (by SQL)."""
    async with harness.connection(url) as conn, conn.transaction():
        template = await conn.fetchrow(
            "SELECT * FROM approval_requests WHERE status = 'PENDING' ORDER BY id LIMIT 1"
        )
        count = await conn.fetchval(
            "SELECT count(*) FROM approval_requests WHERE status = 'PENDING'"
        )
        for _ in range(SEED - count):
            quote_id = await conn.fetchval(CLONE_QUOTE, template["quote_id"])
            await conn.execute(CLONE_REVISION, template["quote_id"], quote_id)
            await conn.execute(CLONE_REQUEST, template["id"], quote_id)


async def inbox(base: str) -> None:
    """The inbox page beside the floor (``cpu_floor.compare``): p50/p95, ratio, CPU per
    request and SQL statements."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        manager = await harness.sign_in(http, "east.manager@dealdesk.example")

        call = partial(harness.post, http, manager, INBOX)
        total = (await call()).json()["data"]["myApprovalInbox"]["totalCount"]
        with running_floor(harness.free_port()) as floor_base:
            async with httpx.AsyncClient(base_url=floor_base, timeout=30) as floor:
                await compare(
                    f"myApprovalInbox(first: 50) of {total}",
                    call,
                    floor,
                    base,
                    runs=40,
                    goal="p95 <= 50 ms",
                )


def main() -> None:
    with harness.fresh_database("dealdesk_bench_approvals") as url:
        harness.load_demo(url)
        with harness.running_server(url) as first, harness.running_server(url) as second:
            if "--inbox" in sys.argv:  # the inbox only: one request to seed it from
                asyncio.run(one_pending(first))
            else:
                asyncio.run(latency(first, second))
            asyncio.run(seed_inbox(url))
            asyncio.run(inbox(first))


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        main()
