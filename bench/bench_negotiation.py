"""The negotiation over HTTP against a real server and PostgreSQL (the demo org):

* ``addQuoteOption`` of a 50-line option (priced through the engine) on a 50-line quote;
* ``proposeSharedQuoteChange`` through the link (a clause edit and a counter-price);
* the rep's negotiation screen: ``Quote { options { pricing } changeRequests timeline(first: 50) }``
  on a quote whose timeline holds ``BENCH_EVENTS`` entries (quote events and approval
  decisions, seeded set-based), and the same page deep in the timeline (``after`` a cursor);

p50/p95 and the SQL statements of one request.

    python bench/bench_negotiation.py
    BENCH_EVENTS=2000 BENCH_RUNS=50 python bench/bench_negotiation.py   # quicker
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import harness
import httpx

EVENTS = int(os.environ.get("BENCH_EVENTS", "20000"))
RUNS = int(os.environ.get("BENCH_RUNS", "100"))

ADD = """mutation($i: AddQuoteOptionInput!) { addQuoteOption(input: $i) {
  quote { id version options { key netTotal { amount } } } userErrors { code message } } }"""
SUBMIT = """mutation($i: QuoteActionInput!) { submitQuoteForApproval(input: $i) {
  quote { id version status } userErrors { code message } } }"""
SEND = """mutation($i: QuoteActionInput!) { markQuoteSent(input: $i) {
  quote { id version status } userErrors { code message } } }"""
SHARE = "mutation($i: ShareQuoteInput!) { shareQuote(input: $i) { token userErrors { code } } }"
CLAUSES = "query($t: String!) { sharedQuote(token: $t) { clauses { clauseId } } }"
PROPOSE = """mutation($i: ProposeSharedQuoteChangeInput!) { proposeSharedQuoteChange(input: $i) {
  changeRequest { status } userErrors { code message } } }"""
SCREEN = """query($id: ID!, $after: String) { node(id: $id) { ... on Quote {
  options { key name netTotal { amount }
    pricing { netTotal { amount } lines { key netAmount { amount } } } }
  changeRequests(status: OPEN) { id comment counterPrice { amount } }
  timeline(first: 50, after: $after) { totalCount pageInfo { endCursor hasNextPage }
    edges { node { kind actorKind at message customerName actor { name } } } } } } }"""
UNCOUNTED = SCREEN.replace("totalCount ", "")
"""The screen as a phone pages it on: ``totalCount`` is asked once, not on every page."""
VERSION = "query($id: ID!) { node(id: $id) { ... on Quote { version } } }"

SEED = """
INSERT INTO quote_events (quote_id, revision, kind, actor_id, customer_name, message, at)
SELECT $1, 1, (ARRAY['COMMENT', 'OPTION_SELECTED', 'CHANGE_PROPOSED'])[1 + i % 3], NULL,
       'Jane Buyer', 'Message ' || i, now() - make_interval(secs => $2 - i)
FROM generate_series(1, $2) AS i
"""


async def version(http: httpx.AsyncClient, rep: dict[str, str], quote: str) -> int:
    answer = await harness.data(http, rep, VERSION, {"id": quote})
    return int(answer["node"]["version"])


async def approve_all(http: httpx.AsyncClient, quote: str) -> None:
    """Every level of the quote's pending request approved, by whoever may."""
    approvers = [
        await harness.sign_in(http, email)
        for email in (
            "east.manager@dealdesk.example",
            "finance@dealdesk.example",
            "admin@dealdesk.example",
        )
    ]
    found = await harness.data(
        http, approvers[-1], harness.operation("approval_requests_for_quote"), {"q": quote}
    )
    for request in found["approvalRequestsForQuote"]:
        for _ in range(4):
            for who in approvers:
                await harness.post(
                    http,
                    who,
                    harness.operation("approve_approval_request"),
                    {"i": {"id": request["id"]}},
                )


async def run(base: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        rep = await harness.sign_in(http, "rep1@dealdesk.example")
        quote = await harness.demo_quote(http, rep, 50)
        _, products = await harness.demo_catalog(http, rep)
        lines = [
            {"productId": products[harness.SKUS[i % 3]], "quantity": 2 + i % 20} for i in range(50)
        ]

        async def add() -> httpx.Response:
            v = await version(http, rep, quote)
            return await harness.post(
                http, rep, ADD, {"i": {"id": quote, "version": v, "name": "Alt", "lines": lines}}
            )

        samples, statements = await harness.measure(add, 3, warmup=0)  # at most 5 options
        print(f"addQuoteOption (50 lines)   {harness.percentiles(samples)}  sql={statements}")
        v = await version(http, rep, quote)
        await harness.data(http, rep, SUBMIT, {"i": {"id": quote, "version": v}})
        await approve_all(http, quote)
        v = await version(http, rep, quote)
        sent = await harness.data(http, rep, SEND, {"i": {"id": quote, "version": v}})
        assert sent["markQuoteSent"]["userErrors"] == [], sent
        token = (await harness.data(http, rep, SHARE, {"i": {"id": quote}}))["shareQuote"]["token"]
        clause = (await harness.data(http, None, CLAUSES, {"t": token}))["sharedQuote"]["clauses"]
        edit: list[dict[str, Any]] = (
            [{"action": "EDIT", "clauseId": clause[0]["clauseId"], "text": "Net 60."}]
            if clause
            else []
        )
        proposal = {
            "token": token,
            "name": "Jane Buyer",
            "optionKey": "O2",
            "clauseChanges": edit,
            "counterPrice": {"amount": "1000.00", "currency": "USD"},
            "comment": "Can you do this?",
        }
        samples, statements = await harness.measure(
            lambda: harness.post(http, None, PROPOSE, {"i": proposal}), 9, warmup=0
        )  # at most 10 open proposals per quote
        print(f"proposeSharedQuoteChange    {harness.percentiles(samples)}  sql={statements}")

        async with harness.connection(os.environ.get("BENCH_URL", "")) as conn:
            from strawberry.relay import from_base64

            await conn.execute(SEED, int(from_base64(quote)[1]), EVENTS)
            await conn.execute("ANALYZE quote_events")
        first = await harness.data(http, rep, SCREEN, {"id": quote})
        total = first["node"]["timeline"]["totalCount"]
        await harness.report(
            f"negotiation screen, {total} entries, first page ",
            lambda: harness.post(http, rep, SCREEN, {"id": quote}),
            RUNS,
        )
        cursor = first["node"]["timeline"]["pageInfo"]["endCursor"]
        for _ in range(EVENTS // 100):  # half way through
            page = await harness.data(http, rep, SCREEN, {"id": quote, "after": cursor})
            cursor = page["node"]["timeline"]["pageInfo"]["endCursor"]
        await harness.report(
            "negotiation screen, a page half way            ",
            lambda: harness.post(http, rep, SCREEN, {"id": quote, "after": cursor}),
            RUNS,
        )
        await harness.report(
            "the same page, no totalCount                   ",
            lambda: harness.post(http, rep, UNCOUNTED, {"id": quote, "after": cursor}),
            RUNS,
        )


def main() -> None:
    with harness.fresh_database("dealdesk_bench_negotiation") as url:
        os.environ["BENCH_URL"] = url
        harness.load_demo(url)
        with harness.running_server(url) as base:
            asyncio.run(run(base))


if __name__ == "__main__":
    main()
