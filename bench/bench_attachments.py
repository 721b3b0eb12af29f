"""Attachment uploads and downloads: how long a file takes, and whether the event loop
stays free meanwhile (``/healthz`` latency while it streams).

A real uvicorn server (one worker) on a throw-away database with the demo org; the store
is a temporary folder. OPS uploads files of 1, 10 and 25 MB (a PDF header over random
bytes, so each is new to the store) to a demo item, three times each, and downloads each
back through its signed link; a second client pings ``/healthz`` every 10 ms. Printed per
size: the median upload and download time, throughput, and the pings' p50/p95/max (the
floor is the idle line printed first). Figures on a loaded machine are inflated: compare
the lines with each other and with the idle floor.

Run: ``python bench/bench_attachments.py`` (``DATABASE_URL`` names the PostgreSQL server).
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import tempfile
import time

import harness
import httpx
from bench_event_loop import figures, ping_while

SIZES_MB = (1, 10, 25)
ROUNDS = 3
ADD = (
    "mutation($f: Upload!, $i: ID!) { addContentAttachment(input: {contentItemId: $i, file: $f})"
    " { contentAttachment { sha256 downloadUrl } userErrors { code message } } }"
)
FIRST_ITEM = "{ searchContent(first: 1) { edges { node { id } } } }"


async def upload(http: httpx.AsyncClient, token: str, item: str, data: bytes) -> str:
    operations = {"query": ADD, "variables": {"f": None, "i": item}}
    response = await http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("bench.pdf", data, "application/pdf")},
        headers={"authorization": token},
    )
    payload = response.json()["data"]["addContentAttachment"]
    assert payload["userErrors"] == [], payload
    return str(payload["contentAttachment"]["downloadUrl"])


async def run(base: str) -> None:
    async with (
        httpx.AsyncClient(base_url=base, timeout=600) as http,
        httpx.AsyncClient(base_url=base, timeout=60) as pinger,
    ):
        headers = await harness.sign_in(http, "ops@dealdesk.example")
        token = headers["authorization"]
        found = await harness.data(http, headers, FIRST_ITEM, {})
        item = found["searchContent"]["edges"][0]["node"]["id"]
        idle, _ = await ping_while(pinger, lambda: asyncio.sleep(2))
        print(f"healthz idle (floor)            {figures(idle)}")
        for size in SIZES_MB:
            ups: list[float] = []
            downs: list[float] = []
            pings: list[float] = []
            for _ in range(ROUNDS):
                data = b"%PDF-1.7\n" + os.urandom(size * 1024 * 1024 - 9)
                links: list[str] = []

                async def up(data: bytes = data, links: list[str] = links) -> None:
                    links.append(await upload(http, token, item, data))

                lat, took = await ping_while(pinger, up)
                ups.append(took)
                pings += lat
                started = time.perf_counter()
                response = await http.get(links[0])
                downs.append(time.perf_counter() - started)
                assert response.content == data
            up_s, down_s = statistics.median(ups), statistics.median(downs)
            print(
                f"{size:>2} MB: upload {up_s * 1000:7.0f} ms ({size / up_s:6.1f} MB/s), "
                f"download {down_s * 1000:6.0f} ms; healthz during uploads {figures(pings)}"
            )


if __name__ == "__main__":
    os.environ["DEALDESK_ATTACHMENTS_DIR"] = tempfile.mkdtemp(prefix="dealdesk-bench-files-")
    harness.on_demo_server("dealdesk_bench_attachments", run)
