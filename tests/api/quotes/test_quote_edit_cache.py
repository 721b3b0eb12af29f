"""Saving an edit reprices from the quote as this process last priced it
(``services.pricing.reprice_cache``): the stored snapshot and the payload are exactly what
pricing from scratch gives, and a catalog change between edits is priced in."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy import select, update

from db.models.catalog import Product
from db.models.price_books import PriceBookEntry
from db.models.quotes import QuoteRevision
from server.app import api_config
from server.settings import Settings
from services.pricing.reprice_cache import Priced, RepriceCache
from tests.api.quotes.conftest import Quotes
from tests.api.quotes.test_quote_writes import EDIT

Step = Callable[[], Awaitable[None]]


class CacheSwitch:
    """Turns every cache lookup into a miss (what a cache of size 0 gives) and counts hits."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.on = True
        self.hits = 0
        found = RepriceCache.get

        def get(cache: RepriceCache, revision_id: int) -> Priced | None:
            value = found(cache, revision_id) if self.on else None
            self.hits += value is not None
            return value

        monkeypatch.setattr(RepriceCache, "get", get)


def _pk(global_id: str) -> int:
    return int(base64.b64decode(global_id).decode().split(":")[1])


async def snapshot(quotes: Quotes, quote: dict) -> dict[str, Any]:
    """The stored priced snapshot of the quote's revision, without the quote's own id."""
    async with quotes.demo.sessions() as session:
        stored = await session.scalar(
            select(QuoteRevision.priced).where(QuoteRevision.quote_id == _pk(quote["id"]))
        )
    assert stored is not None
    return {name: value for name, value in stored.items() if name != "quote_id"}


async def edit(quotes: Quotes, quote: dict, **change: object) -> dict:
    variables = {"input": {"id": quote["id"], "version": quote["version"], **change}}
    result = dict((await quotes.rep.data(EDIT, variables))["updateQuoteLines"])
    assert result["userErrors"] == [], result["userErrors"]
    quote.update(version=result["quote"]["version"])
    result["quote"] = {k: v for k, v in result["quote"].items() if k != "id"}
    return result


async def lines(quotes: Quotes) -> list[dict]:
    return [
        await quotes.line("SW-SEC", 10, discount={"percent": "5"}),
        await quotes.line("SVC-TRN", 2),
        await quotes.line("SUP-PRM", 1, discount={"amount": "3.50"}),
        await quotes.line("SW-SEC", 40),
        await quotes.line("SW-ANL", 7),
    ]


EDITS: list[dict[str, Any]] = [
    {"update": [{"key": "L2", "quantity": 5}]},
    {"update": [{"key": "L4", "quantity": 3, "discount": {"percent": "12.5"}}]},
]


async def test_two_edits_store_and_answer_exactly_what_they_would_without_the_cache(
    quotes: Quotes, monkeypatch: pytest.MonkeyPatch
) -> None:
    switch = CacheSwitch(monkeypatch)
    made = await lines(quotes)
    cached, uncached = await quotes.create(made), await quotes.create(made)

    switch.on, switch.hits = True, 0
    with_cache = [await edit(quotes, cached, **change) for change in EDITS]
    assert switch.hits == len(EDITS)  # the create, then each edit, left the state to reuse
    switch.on = False
    without = [await edit(quotes, uncached, **change) for change in EDITS]

    assert with_cache == without
    assert await snapshot(quotes, cached) == await snapshot(quotes, uncached)
    assert "L2" in {line["key"] for line in with_cache[0]["priceChange"]["changedLines"]}


async def test_a_catalog_change_between_edits_is_priced_in(
    quotes: Quotes, monkeypatch: pytest.MonkeyPatch
) -> None:
    switch = CacheSwitch(monkeypatch)
    made = await lines(quotes)
    cached, uncached = await quotes.create(made), await quotes.create(made)
    switch.on = True
    await edit(quotes, cached, **EDITS[0])
    switch.on = False
    await edit(quotes, uncached, **EDITS[0])
    async with quotes.demo.sessions.begin() as session:  # SW-SEC's price goes up
        product = await session.scalar(select(Product.id).where(Product.sku == "SW-SEC"))
        await session.execute(
            update(PriceBookEntry)
            .where(PriceBookEntry.product_id == product)
            .values(unit_price=PriceBookEntry.unit_price + 7)
        )

    switch.on, hits = True, switch.hits
    after = await edit(quotes, cached, **EDITS[1])
    assert switch.hits == hits + 1  # the stale state was offered, and not trusted
    switch.on = False
    fresh = await edit(quotes, uncached, **EDITS[1])

    assert after == fresh
    assert await snapshot(quotes, cached) == await snapshot(quotes, uncached)
    changed = {line["key"] for line in after["priceChange"]["changedLines"]}
    assert {"L1", "L4"} <= changed  # L1 was not edited: the new catalog price moved it


def test_the_cache_size_is_a_setting_and_zero_keeps_nothing() -> None:
    settings = Settings(env="test", secret_key="x" * 40, reprice_cache_quotes=0)
    cache = api_config(settings).pricing.reprice_cache
    assert cache.size == 0
    cache.put(1, object())  # type: ignore[arg-type]
    assert cache.get(1) is None and len(cache) == 0

    two = RepriceCache(2)
    for revision_id in (1, 2, 1, 3):  # 1 used again: 2 is the least recently used
        two.put(revision_id, object())  # type: ignore[arg-type]
    assert two.get(2) is None and two.get(1) is not None and two.get(3) is not None
    with pytest.raises(ValueError):
        RepriceCache(-1)
