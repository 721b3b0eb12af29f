"""Content search at scale, over HTTP against a real server and PostgreSQL:

* 100,000 items in English, Thai and Chinese (a third each), their indexed columns made by
  the service's own ``services.content.items.indexed_columns`` (PyThaiNLP and jieba cut
  every Thai and Chinese run; runs repeated across items are cut once, as the segmenters
  are deterministic), bulk-loaded with ``COPY``; the database computes the search vectors;
* 200 queries, Thai, Chinese and mixed (an English word beside a Thai or Chinese one), each
  a pair of words from *inside* one intended item's title run, against items whose titles,
  summaries and bodies draw on the same vocabulary;
* ``searchContent(first: 10)`` p50/p95 over HTTP without and with highlighted snippets, the
  raw-SQL floor for the same page (asyncpg, same tsquery) in the same run, the SQL
  statements a request ran, and recall: the share of the 200 whose intended item is in the
  top 10, printed beside the goals.

The floor is ``bench/floor_server.py``: a stock strawberry app answering the same request
with the real answer held in memory, in the same run (what HTTP, GraphQL and JSON cost);
the raw-SQL page (asyncpg, same tsquery) is printed too. The machine these run on is
shared: compare the ratios to the floors, not the milliseconds.

    python bench/bench_content.py
    BENCH_ITEMS=20000 python bench/bench_content.py   # quicker
    BENCH_KEEP_DATABASE=1 ...   # keep dealdesk_bench_content for a later run
    BENCH_REUSE_DATABASE=dealdesk_bench_content ...   # measure again on the kept seed
        (migrated to the current head first, so a new revision is measured on the same rows)
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from floor_server import REMEMBER, floor_document, running_floor
from harness import (
    connection,
    database_url,
    free_port,
    fresh_database,
    percentiles,
    post,
    running_server,
    sign_in,
)

from content.rules import ContentKind
from content.terms import Script, Segmenters, query_texts
from services.content.items import indexed_columns
from services.content.segmenters import segmenters

ITEMS = int(os.environ.get("BENCH_ITEMS", "100000"))
QUERIES = 200
KEEP = os.environ.get("BENCH_KEEP_DATABASE", "0") != "0"
NAME = "dealdesk_bench_content"
SEED = 16
KINDS = [k.value for k in ContentKind]
ENGLISH = [
    "edge",
    "server",
    "gateway",
    "security",
    "analytics",
    "cloud",
    "pricing",
    "discount",
    "approval",
    "renewal",
    "contract",
    "support",
    "premium",
    "basic",
    "install",
    "training",
    "workshop",
    "storage",
    "drive",
    "chassis",
    "power",
    "supply",
    "gpu",
    "inference",
    "latency",
    "uptime",
    "compliance",
    "audit",
    "policy",
    "device",
    "endpoint",
    "user",
    "license",
    "block",
    "term",
    "annual",
    "monthly",
    "forecast",
    "pipeline",
    "quota",
    "territory",
    "partner",
    "reseller",
    "channel",
    "margin",
    "bundle",
    "option",
    "upgrade",
    "migration",
    "rollout",
    "pilot",
    "proof",
    "value",
    "return",
    "investment",
    "savings",
    "risk",
    "objection",
    "competitor",
    "battlecard",
    "playbook",
    "discovery",
    "champion",
    "budget",
    "timeline",
    "procurement",
    "legal",
    "signature",
    "onboarding",
    "certification",
    "quiz",
    "module",
    "customer",
    "hospital",
    "factory",
    "retail",
    "logistics",
    "energy",
    "software",
    "hardware",
    "services",
    "network",
    "backup",
    "recovery",
]

SEARCH = """query($q: String) { searchContent(query: $q, first: 10) {
  totalCount edges { node { id title } %s } } }"""
FLOOR = """
WITH q AS (SELECT websearch_to_tsquery('english', $1) || websearch_to_tsquery('simple', $1)
  || websearch_to_tsquery('simple', $2) AS q)
SELECT id FROM content_items, q
WHERE publish_at <= now() AND (retire_at IS NULL OR retire_at > now()) AND search_vector @@ q.q
ORDER BY ts_rank(search_vector, q.q) DESC, publish_at DESC, id
LIMIT 10
"""
"""The page alone, by its words stemmed and as written and its pairs: no total, facets or
rows beyond the ids."""


def vocabularies(rng: random.Random) -> tuple[list[str], list[str]]:
    """Thai words from PyThaiNLP's word list, Chinese from jieba's dictionary (frequent ones)."""
    import jieba
    from pythainlp.corpus import thai_words

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    thai = sorted(w for w in thai_words() if 3 <= len(w) <= 6 and " " not in w)
    chinese = sorted(
        w for w, f in jieba.dt.FREQ.items() if 2 <= len(w) <= 3 and f >= 2_000 and w.isalpha()
    )
    return rng.sample(thai, 2_000), rng.sample(chinese, 2_000)


@dataclass(frozen=True, slots=True)
class Item:
    kind: str
    language: str
    title: str
    summary: str
    body: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Probe:
    query: str
    title: str
    flavour: str


class Library:
    """Items and probes made from the vocabularies, deterministically."""

    def __init__(self, rng: random.Random, thai: list[str], chinese: list[str]) -> None:
        self.rng, self.words = rng, {"th": thai, "zh": chinese, "en": ENGLISH}
        self.sentences = {lang: [self._sentence(lang) for _ in range(3_000)] for lang in self.words}

    def _run(self, language: str, n: int) -> str:
        joiner = " " if language == "en" else ""
        return joiner.join(self.rng.choice(self.words[language]) for _ in range(n))

    def _sentence(self, language: str) -> str:
        if language == "en":
            return self._run("en", self.rng.randint(6, 10)).capitalize() + "."
        runs = [self._run(language, self.rng.randint(2, 4)) for _ in range(2)]
        return f"{runs[0]} {self.rng.choice(ENGLISH)} {runs[1]}"

    def item(self, language: str, title: str | None = None) -> Item:
        rng = self.rng
        return Item(
            kind=rng.choice(KINDS),
            language={"zh": "zh-Hans"}.get(language, language),
            title=title or self._run(language, rng.randint(3, 5)).capitalize(),
            summary=rng.choice(self.sentences[language]),
            body="\n\n".join(rng.sample(self.sentences[language], 2)),
            tags=tuple(rng.sample(ENGLISH, 2)),
        )

    def probe(self, n: int) -> tuple[Item, Probe]:
        """An intended item and its query: two neighbouring words inside its title's run
        (Thai or Chinese), with an English word from the title for the mixed ones."""
        language = "th" if n % 2 == 0 else "zh"
        flavour = "mixed" if n % 10 >= 7 else language
        words = [self.rng.choice(self.words[language]) for _ in range(4)]
        english = self.rng.choice(ENGLISH)
        title = f"{english.capitalize()} {''.join(words)}"
        query = "".join(words[1:3])
        if flavour == "mixed":
            query = f"{english} {query}"
        return self.item(language, title), Probe(query, title, flavour)


def cached(segment: Segmenters) -> Segmenters:
    """The service's segmenters, each run cut once (they are deterministic)."""
    return {script: functools.lru_cache(maxsize=None)(segment[script]) for script in Script}


COLUMNS = [
    "kind",
    "title",
    "summary",
    "body",
    "body_html",
    "language",
    "tags",
    "product_ids",
    "families",
    "competitors",
    "audience_roles",
    "publish_at",
    "created_by_id",
    "terms_a",
    "terms_b",
    "terms_c",
    "snippet_text",
]


async def seed(url: str, items: Sequence[Item]) -> float:
    """Index and COPY ``items``; the seconds indexing took."""
    cut = cached(segmenters())
    published = datetime.now(UTC) - timedelta(days=1)
    started = time.perf_counter()
    records = []
    for item in items:
        indexed = indexed_columns(item.title, item.tags, item.summary, item.body, cut)
        records.append(
            (
                item.kind,
                item.title,
                item.summary,
                item.body,
                indexed["body_html"],
                item.language,
                list(item.tags),
                [],
                [],
                [],
                [],
                published,
                0,
                indexed["terms_a"],
                indexed["terms_b"],
                indexed["terms_c"],
                indexed["snippet_text"],
            )
        )
    indexing = time.perf_counter() - started
    async with connection(url) as conn:
        ops = await conn.fetchval("SELECT id FROM users WHERE email = 'ops@dealdesk.example'")
        records = [(*r[:12], ops, *r[13:]) for r in records]
        await conn.copy_records_to_table("content_items", records=records, columns=COLUMNS)
        await conn.execute("ANALYZE content_items")
    return indexing


def load_org(url: str) -> None:
    from db.engine import create_engine, create_session_factory
    from server.demo import load_demo

    async def run() -> None:
        engine = create_engine(url, pool_size=2)
        await load_demo(create_session_factory(engine), with_quotes=False)
        await engine.dispose()

    asyncio.run(run())


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


async def searches(
    base: str, floor_base: str, probes: Sequence[Probe], snippet: bool
) -> tuple[list[float], list[float], list[list[str]], int]:
    """Each probe's search timed over HTTP, then the same requests on the floor server (the
    first probe's real answer held there); the titles found; the SQL statements run."""
    query = SEARCH % ("snippet" if snippet else "")
    async with (
        httpx.AsyncClient(base_url=base, timeout=60) as http,
        httpx.AsyncClient(base_url=floor_base, timeout=60) as bare,
    ):
        headers = await sign_in(http, "rep1@dealdesk.example")
        for probe in probes:  # warm-up: connections, and the pages these queries read
            await post(http, headers, query, {"q": probe.query})
        samples, found, statements = [], [], -1
        answer: Any = None
        for probe in probes:
            started = time.perf_counter()
            response = await post(http, headers, query, {"q": probe.query})
            samples.append((time.perf_counter() - started) * 1000)
            body: dict[str, Any] = response.json()
            if body.get("errors"):
                raise RuntimeError(body["errors"])
            statements = int(response.headers.get("x-sql-statements", -1))
            answer = answer or body["data"]["searchContent"]
            found.append([e["node"]["title"] for e in body["data"]["searchContent"]["edges"]])
        await post(bare, None, REMEMBER, {"n": "searchContent", "v": answer})
        floor_query = floor_document("searchContent", {"i": ""})
        floored = []
        for probe in [*probes, *probes]:  # the first pass warms up
            started = time.perf_counter()
            await post(bare, None, floor_query, {"i": probe.query})
            floored.append((time.perf_counter() - started) * 1000)
    return samples, floored[len(probes) :], found, statements


async def floor(url: str, probes: Sequence[Probe]) -> list[float]:
    cut = segmenters()
    texts = [query_texts(p.query, cut) for p in probes]
    async with connection(url) as conn:
        for t in texts:
            await conn.fetch(FLOOR, t.by_words, t.by_pairs or t.by_words)
        samples = []
        for t in texts:
            started = time.perf_counter()
            await conn.fetch(FLOOR, t.by_words, t.by_pairs or t.by_words)
            samples.append((time.perf_counter() - started) * 1000)
    return samples


def probes_and_items() -> tuple[list[Probe], list[Item]]:
    rng = random.Random(SEED)
    thai, chinese = vocabularies(rng)
    library = Library(rng, thai, chinese)
    pairs = [library.probe(n) for n in range(QUERIES)]
    probes = [p for _, p in pairs]
    assert len({p.title for p in probes}) == QUERIES
    items = [i for i, _ in pairs]
    items += [library.item(("en", "th", "zh")[n % 3]) for n in range(ITEMS - QUERIES)]
    rng.shuffle(items)
    return probes, items


def kept_database(name: str) -> str:
    """A new database ``name`` at the head revision, left in place after the run (a
    ``fresh_database`` without ``keep`` drops its database when its context closes, even
    unfinished)."""
    with fresh_database(name, keep=True) as url:
        return url


@contextlib.contextmanager
def seeded(items: Sequence[Item]) -> Any:
    """The database to measure: a kept seed (``BENCH_REUSE_DATABASE``, migrated to the
    head), or a fresh one seeded now (kept afterwards with ``BENCH_KEEP_DATABASE``)."""
    reuse = os.environ.get("BENCH_REUSE_DATABASE")
    if reuse:
        from db.migrate import upgrade

        url = database_url(reuse)
        started = time.perf_counter()
        upgrade(url)
        print(f"reusing {reuse} (migrated to head in {time.perf_counter() - started:.1f} s)")
        yield url
        return
    with contextlib.ExitStack() as stack:
        url = kept_database(NAME) if KEEP else stack.enter_context(fresh_database(NAME))
        load_org(url)
        started = time.perf_counter()
        indexing = asyncio.run(seed(url, items))
        print(
            f"seeded {len(items):,} items (en/th/zh) in {time.perf_counter() - started:.1f} s "
            f"(indexing by the service's functions {indexing:.1f} s, then COPY)"
        )
        yield url


BROAD = [
    "pricing",
    "renewals",
    "gateway security",
    "discount approval",
    "cloud",
    "training workshop",
    "partner margins",
    "license",
    "backup recovery",
    "compliance audit",
]
"""Common English words, each in thousands of items (every third item is English and draws
on ``ENGLISH``): ranking and facet counts over many matches, timed beside the probes."""


def main() -> None:
    probes, items = probes_and_items()
    broad = [Probe(q, "", "broad") for q in BROAD for _ in range(2)]
    with seeded(items) as url:
        sql_floor = asyncio.run(floor(url, probes))
        with running_server(url) as base, running_floor(free_port()) as floor_base:
            time.sleep(3)  # the server's start-up loads the dictionaries in the background
            plain, plain_floor, found, plain_sql = asyncio.run(
                searches(base, floor_base, probes, snippet=False)
            )
            lit, lit_floor, _, lit_sql = asyncio.run(
                searches(base, floor_base, probes, snippet=True)
            )
            wide, wide_floor, _, wide_sql = asyncio.run(
                searches(base, floor_base, broad, snippet=True)
            )
    hits = [p.title in titles for p, titles in zip(probes, found, strict=True)]
    print("(a shared, loaded machine: read the ratios to the floors, not the milliseconds)")
    print(f"raw SQL page (asyncpg)            {percentiles(sql_floor)}")
    print(f"search, no highlights (HTTP)      {percentiles(plain)}  sql_statements={plain_sql}")
    print(f"  floor server, same requests     {percentiles(plain_floor)}")
    print(f"search, with highlights (HTTP)    {percentiles(lit)}  sql_statements={lit_sql}")
    print(f"  floor server, same requests     {percentiles(lit_floor)}")
    print(f"broad English words, highlights   {percentiles(wide)}  sql_statements={wide_sql}")
    print(f"  floor server, same requests     {percentiles(wide_floor)}")
    print(
        f"p95: {p95(plain):.1f} ms without highlights (goal < 50 ms; "
        f"{p95(plain) / p95(plain_floor):.1f}x the floor), {p95(lit):.1f} ms with (goal < "
        f"150 ms; {p95(lit) / p95(lit_floor):.1f}x the floor); raw SQL p95 {p95(sql_floor):.1f} ms"
    )
    for flavour in ("th", "zh", "mixed"):
        own = [h for h, p in zip(hits, probes, strict=True) if p.flavour == flavour]
        print(f"recall@10 {flavour:5}  {sum(own) / len(own):.3f}  ({sum(own)}/{len(own)})")
    print(f"recall@10 all    {sum(hits) / len(hits):.3f}  ({sum(hits)}/{len(hits)}; goal >= 0.9)")


if __name__ == "__main__":
    main()
