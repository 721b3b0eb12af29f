"""A request's session outlives every field that uses it: a failing field never takes the
request down with a 500, however its siblings are still using the database."""

from __future__ import annotations

import asyncio

import httpx
from sqlalchemy import func, select

from db.engine import create_session_factory
from db.models.quotes import Quote
from server.settings import Settings
from tests.api.conftest import Api
from tests.api.pricing.conftest import Demo
from tests.api.quotes.conftest import Quotes
from tests.live_server import live_server

# ``me`` loads through a dataloader (its own task); ``previewApprovalPlan`` fails NOT_FOUND.
SIBLINGS = "query($q: ID!) { me { id name } previewApprovalPlan(quoteId: $q) { submittable } }"
# The nullable ``node`` keeps its sibling's data when the other sibling fails.
NULLABLE = "query($q: ID!) { me { id name manager { name } } node(id: $q) { id } }"
CREATE_THEN_FORBIDDEN = """
mutation($quote: CreateQuoteInput!, $user: CreateUserInput!) {
  a: createQuote(input: $quote) { quote { id owner { name } account { name } lines { product { sku } } } userErrors { code } }
  b: createUser(input: $user) { userErrors { code } }
}"""


def _assert_refused_not_crashed(responses: list[httpx.Response], code: str) -> None:
    assert [r.status_code for r in responses] == [200] * len(responses), [
        r.text[:200] for r in responses if r.status_code != 200
    ][:3]
    for response in responses:
        body = response.json()
        assert body["data"] is None, body
        assert [e["extensions"]["code"] for e in body["errors"]] == [code], body


async def test_a_failing_field_and_a_sibling_still_loading_answer_200_every_time(
    quotes: Quotes, demo: Demo
) -> None:
    theirs = await quotes.create()
    other = await demo.sign_in("rep2@dealdesk.example")

    responses = await asyncio.gather(
        *(other.post(SIBLINGS, {"q": theirs["id"]}) for _ in range(60))
    )

    _assert_refused_not_crashed(responses, "NOT_FOUND")


async def test_a_sibling_of_a_nullable_miss_keeps_its_data(quotes: Quotes, demo: Demo) -> None:
    theirs = await quotes.create()
    other = await demo.sign_in("rep2@dealdesk.example")

    bodies = [
        r.json()
        for r in await asyncio.gather(
            *(other.post(NULLABLE, {"q": theirs["id"]}) for _ in range(30))
        )
    ]

    assert all(b["data"]["me"]["name"] and b["data"]["node"] is None for b in bodies), bodies[0]


async def test_a_forbidden_mutation_after_a_committed_one_answers_200(
    quotes: Quotes, demo: Demo
) -> None:
    line = await quotes.line("SW-SEC", 2)
    account = await demo.account("Acme Manufacturing")

    async def send(i: int) -> httpx.Response:
        return await quotes.rep.post(
            CREATE_THEN_FORBIDDEN,
            {
                "quote": {"accountId": account, "lines": [line]},
                "user": {
                    "email": f"x{i}@example.com",
                    "name": "X",
                    "password": "long enough pw",
                    "roles": ["REP"],
                },
            },
        )

    responses = await asyncio.gather(*(send(i) for i in range(20)))

    _assert_refused_not_crashed(responses, "FORBIDDEN")
    async with create_session_factory(demo.people.app.state.engine)() as session:
        # each mutation its own transaction
        assert await session.scalar(select(func.count()).select_from(Quote)) == 20


async def test_over_uvicorn_200_concurrent_requests_with_a_failing_field_all_answer(
    quotes: Quotes, demo: Demo, settings: Settings
) -> None:
    theirs = await quotes.create()
    other: Api = await demo.sign_in("rep2@dealdesk.example")
    limits = httpx.Limits(max_connections=200)
    # What is tested is that every request answers, not how fast: on a loaded CI machine 200
    # requests on two cores can take longer than the 15 s production deadline.
    with live_server(settings, DEALDESK_REQUEST_DEADLINE_SECONDS="90") as base:
        async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as http:
            responses = await asyncio.gather(
                *(
                    http.post(
                        "/graphql",
                        json={"query": SIBLINGS, "variables": {"q": theirs["id"]}},
                        headers={"authorization": f"Bearer {other.token}"},
                    )
                    for _ in range(200)
                )
            )

    _assert_refused_not_crashed(responses, "NOT_FOUND")
