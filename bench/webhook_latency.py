"""Webhook delivery latency: from an approval request's commit to a real HTTP receiver having
the signed POST, through the outbox, the fan-out job and the delivery job of the worker that
runs inside ``dealdesk serve``.

    python bench/webhook_latency.py          # uses DATABASE_URL's server or 127.0.0.1:5432

Two figures per event: from the moment the submit's response arrived (the transaction had
committed; the fairest "committed -> received"), and from the moment the submit was sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import time

import harness
import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

EVENTS = 40
CREATE = harness.operation("create_quote")
SUBMIT = harness.operation("submit_quote_for_approval")
REGISTER = """mutation($i: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $i) {
  secret userErrors { code message } } }"""


class Receiver:
    def __init__(self) -> None:
        self.arrivals: dict[str, float] = {}  # approval request id -> monotonic time
        self.waiting: dict[str, asyncio.Future[float]] = {}

    async def handle(self, request: Request) -> Response:
        at = time.monotonic()
        body = json.loads(await request.body())
        quote = body["data"]["quote"]
        self.arrivals[quote] = at
        waiter = self.waiting.pop(quote, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(at)
        return Response(b"ok")

    def expect(self, quote: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        if quote in self.arrivals:
            future.set_result(self.arrivals[quote])
        else:
            self.waiting[quote] = future
        return future


async def run(base: str) -> None:
    receiver = Receiver()
    app = Starlette(routes=[Route("/hook", receiver.handle, methods=["POST"])])
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    serving = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            admin = await harness.sign_in(http, "admin@dealdesk.example")
            rep = await harness.sign_in(http, "rep1@dealdesk.example")
            hook = {"url": f"http://127.0.0.1:{port}/hook", "topics": ["APPROVAL_REQUESTED"]}
            created = await harness.data(http, admin, REGISTER, {"i": hook})
            assert created["createWebhookEndpoint"]["userErrors"] == [], created
            account, products = await harness.demo_catalog(http, rep)
            line = {"productId": products["SVC-INST"], "quantity": 1, "discount": {"percent": "15"}}
            committed_ms: list[float] = []
            sent_ms: list[float] = []
            for _ in range(EVENTS):
                made = await harness.data(
                    http, rep, CREATE, {"i": {"accountId": account, "lines": [line]}}
                )
                quote = made["createQuote"]["quote"]
                arrival = receiver.expect(quote["id"])
                sent = time.monotonic()
                submitted = await harness.data(
                    http, rep, SUBMIT, {"i": {"id": quote["id"], "version": quote["version"]}}
                )
                committed = time.monotonic()
                assert submitted["submitQuoteForApproval"]["userErrors"] == [], submitted
                got = await asyncio.wait_for(arrival, 30)
                committed_ms.append(max(0.0, got - committed) * 1000)
                sent_ms.append((got - sent) * 1000)
                await asyncio.sleep(0.05)
        load = os.getloadavg()
        print(f"webhook delivery latency, {EVENTS} approval.requested events, in-process worker")
        print(f"  committed -> received  {harness.percentiles(committed_ms)}")
        print(f"  submit sent -> received {harness.percentiles(sent_ms)}")
        print(f"  load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await serving
        sock.close()


def main() -> None:
    harness.on_demo_server("dealdesk_bench_webhooks", run)


if __name__ == "__main__":
    main()
