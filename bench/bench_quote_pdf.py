"""A 1,000-line quote as PDF: over HTTP and rendering alone, beside the same quote as HTML.

A real uvicorn server (one worker) on a throw-away database with the demo org;
rep1 creates a 1,000-line quote. Printed, p50/p95 of:

* ``GET /documents/quotes/{id}.pdf`` and, as the floor, ``.html`` of the same quote
  (the server loads the revision, then renders in its CPU pool's worker processes);
* reading the document's source from the database, as the endpoint does before it hands
  it to the pool (this part runs on the event loop; it is in both floors: the snapshot
  stays JSON text), and decoding the snapshot into the ``QuoteDocument`` (in the pool);
* rendering alone, in this process: ``render_document`` on the very ``QuoteDocument``
  the server renders (read from the database through the same service), as PDF and
  as HTML, wall clock and CPU time;

the ratio PDF / HTML, and the issue's goal (PDF p95 <= 1 s over HTTP, off the event
loop: ``bench/bench_event_loop.py`` measures /healthz while it renders).

    python bench/bench_quote_pdf.py          # uses DATABASE_URL's server or 127.0.0.1:5432
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable

import harness
import httpx

LINES = 1000
RUNS = 20
WARMUP = 2
GOAL_P95_S = 1.0


def p50_p95(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def line(label: str, samples: list[float]) -> tuple[float, float]:
    p50, p95 = p50_p95(samples)
    print(f"{label:<34} p50={p50 * 1000:8.1f} ms  p95={p95 * 1000:8.1f} ms  n={len(samples)}")
    return p50, p95


async def timed(call: Callable[[], Awaitable[httpx.Response]], media: str) -> list[float]:
    for _ in range(WARMUP):  # the server's worker processes start on first use
        await call()
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        response = await call()
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:300]
        assert response.headers["content-type"].startswith(media), response.headers
    return samples


async def stored_document(url: str, quote_gid: str):  # type: ignore[no-untyped-def]
    """The ``QuoteDocument`` the server renders for this quote, read the same way (the
    service the endpoint calls: the ``DocumentSource`` on the event loop, its snapshot
    decoded in the pool), how long each read on the loop took, and each decode."""
    from db.engine import create_engine, create_session_factory
    from db.models.quotes import Quote
    from server.documents import database_id
    from services.quotes.documents import document_of, revision_source

    engine = create_engine(url, pool_size=1)
    reads, decodes = [], []
    try:
        for _ in range(WARMUP + RUNS):
            started = time.perf_counter()
            async with create_session_factory(engine)() as session:
                quote = await session.get(Quote, database_id(quote_gid, "Quote"))
                assert quote is not None
                source = await revision_source(session, quote, quote.current_revision)
                assert source is not None
            reads.append(time.perf_counter() - started)
            started = time.perf_counter()
            document = document_of(source)
            decodes.append(time.perf_counter() - started)
        return document, reads[WARMUP:], decodes[WARMUP:]
    finally:
        await engine.dispose()


def render_alone(document: object, fmt: str) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``render_document`` in this process."""
    from documents.rendering import render_document

    for _ in range(WARMUP):
        render_document(document, fmt)  # type: ignore[arg-type]
    walls, cpus = [], []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        render_document(document, fmt)  # type: ignore[arg-type]
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


async def run(base: str, url: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as http:
        headers = await harness.sign_in(http, "rep1@dealdesk.example")
        quote_id = await harness.demo_quote(http, headers, LINES)

        def download(fmt: str) -> Callable[[], Awaitable[httpx.Response]]:
            return lambda: http.get(f"/documents/quotes/{quote_id}.{fmt}", headers=headers)

        print(f"quote with {LINES:,} lines, {RUNS} runs each (one uvicorn worker, 2-core machine)")
        html = await timed(download("html"), "text/html")
        pdf = await timed(download("pdf"), "application/pdf")
        _, html_p95 = line("HTTP  GET .html (floor)", html)
        _, pdf_p95 = line("HTTP  GET .pdf", pdf)
        verdict = "meets" if pdf_p95 <= GOAL_P95_S else "MISSES"
        print(
            f"      ratio pdf/html p95 = {pdf_p95 / html_p95:5.1f}x   "
            f"goal p95 <= {GOAL_P95_S:.1f} s: {verdict}"
        )

        document, reads, decodes = await stored_document(url, quote_id)
    line("read the source (on loop)", reads)
    line("decode the snapshot (in the pool)", decodes)
    html_wall, html_cpu = render_alone(document, "html")
    pdf_wall, pdf_cpu = render_alone(document, "pdf")
    _, html_alone = line("alone render html (floor)", html_wall)
    line("      cpu", html_cpu)
    _, pdf_alone = line("alone render pdf", pdf_wall)
    line("      cpu", pdf_cpu)
    print(f"      ratio pdf/html p95 = {pdf_alone / html_alone:5.1f}x")


def main() -> None:
    with harness.fresh_database("dealdesk_bench_quote_pdf") as url:
        harness.load_demo(url)
        with harness.running_server(url) as base:
            asyncio.run(run(base, url))


if __name__ == "__main__":
    main()
