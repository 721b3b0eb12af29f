"""CPU-heavy work runs off the event loop: while a long PDF renders or passwords are
checked, other requests (here ``/healthz``) are still answered at once."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable

import httpx
from sqlalchemy import update
from starlette.applications import Starlette

from db.engine import create_session_factory
from db.models.catalog import Product
from db.models.users import Role, User
from services.people.passwords import Argon2Parameters, hash_password
from tests.api.conftest import LOGIN, PASSWORD, Api, People
from tests.api.pricing.conftest import Demo

CREATE = "mutation($input: CreateQuoteInput!) { createQuote(input: $input) { quote { id } userErrors { code message } } }"


async def healthz_latencies_during(
    http: httpx.AsyncClient, work: Awaitable[object]
) -> tuple[list[float], float]:
    """How late /healthz answers (s), asked every 20 ms while ``work`` runs, and how long it ran.

    The client shares the server's loop here, so a stall shows as a late wake-up
    from the 20 ms sleep as much as a slow answer: both count.
    """
    task = asyncio.ensure_future(work)
    started = time.perf_counter()
    latencies: list[float] = []
    while not task.done():
        asked = time.perf_counter()
        await asyncio.sleep(0.02)
        assert (await http.get("/healthz")).status_code == 200
        latencies.append(time.perf_counter() - asked - 0.02)
    await task
    return latencies, time.perf_counter() - started


async def test_a_long_quote_pdf_renders_without_holding_the_loop(
    app: Starlette, demo: Demo, api: Api
) -> None:
    rep = await demo.sign_in("rep1@dealdesk.example")
    product = await demo.product("SVC-TRN")
    # Short cells lay out fast (bench/bench_quote_pdf.py: a 1,000-line quote in a few tenths
    # of a second); a description that wraps on every line keeps fpdf2's line breaker busy
    # for seconds, one render long enough to show a held loop.
    async with create_session_factory(app.state.engine)() as session, session.begin():
        await session.execute(
            update(Product)
            .where(Product.sku == "SVC-TRN")
            .values(name=("On-site training day for twelve, with workbooks, " * 6)[:290])
        )
    lines = [{"productId": product, "quantity": 1 + i % 7} for i in range(300)]
    created = await rep.data(
        CREATE, {"input": {"accountId": await demo.account("Acme Manufacturing"), "lines": lines}}
    )
    quote_id = created["createQuote"]["quote"]["id"]
    headers = {"authorization": f"Bearer {rep.token}"}

    async def download() -> httpx.Response:
        return await api.http.get(f"/documents/quotes/{quote_id}.pdf", headers=headers)

    first = await download()  # the pool's worker processes start on first use
    latencies, rendering = await healthz_latencies_during(api.http, download())

    assert first.status_code == 200 and first.content.startswith(b"%PDF"), first.text
    assert rendering > 0.5, "the render must be long enough to show anything"
    # Relative, not absolute: another xdist worker shares the two cores (see the sign-in test).
    assert max(latencies) < rendering / 2, (max(latencies), rendering)


async def test_sign_ins_hash_passwords_without_holding_the_loop(
    app: Starlette, api: Api, people: People
) -> None:
    # A real, costly argon2 hash (the tests' settings make new hashes cheap; stored ones keep
    # theirs).
    # Eight reps, not one rep eight times: sign-ins of one account queue on its throttle lock
    # (by design), which would measure the queue, not the loop. 8 verifications on 2 threads:
    # seconds.
    reps = [await people.add(f"Rep {n}", Role.REP) for n in range(8)]
    costly = hash_password(PASSWORD, Argon2Parameters(time_cost=12))
    async with create_session_factory(app.state.engine)() as session, session.begin():
        await session.execute(
            update(User).where(User.id.in_([r.id for r in reps])).values(password_hash=costly)
        )

    async def sign_ins() -> None:
        results = await asyncio.gather(
            *(api.data(LOGIN, {"email": rep.email, "password": PASSWORD}) for rep in reps)
        )
        assert all(r["login"]["session"] is not None for r in results)

    latencies, signing_in = await healthz_latencies_during(api.http, sign_ins())

    assert signing_in > 0.5
    # Relative, not absolute: under pytest-xdist another worker shares the two cores, so a
    # health check can wait a few hundred ms for a core; a loop held by the hashing would
    # instead make it wait about as long as the sign-ins themselves.
    assert max(latencies) < signing_in / 4, (max(latencies), signing_in)
