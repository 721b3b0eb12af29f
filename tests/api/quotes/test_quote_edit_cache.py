"""Saving an edit reprices from the quote as this process last priced it
(``services.pricing.reprice_cache``): the stored snapshot and the payload are exactly what
pricing from scratch gives, and a catalog change between edits is priced in."""

from __future__ import annotations

import base64
from typing import Any

import pytest
from sqlalchemy import func, literal_column, select, update

from db.models.catalog import Product
from db.models.price_books import PriceBookEntry
from db.models.quotes import QuotePricedLine, QuoteRevision
from server.app import api_config
from server.settings import Settings
from services.pricing.reprice_cache import Priced, RepriceCache
from tests.api.quotes.conftest import Quotes
from tests.api.quotes.test_quote_writes import EDIT


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


class Twins:
    """Two quotes made alike: one edited with the cache, the other with every lookup a miss."""

    def __init__(self, quotes: Quotes, switch: CacheSwitch, cached: dict, uncached: dict):
        self.quotes, self.switch, self.cached, self.uncached = quotes, switch, cached, uncached

    @classmethod
    async def made(cls, quotes: Quotes, monkeypatch: pytest.MonkeyPatch) -> Twins:
        switch = CacheSwitch(monkeypatch)
        made = await lines(quotes)
        twins = cls(quotes, switch, await quotes.create(made), await quotes.create(made))
        switch.hits = 0  # a revision id of an earlier test may have been found
        return twins

    async def edit(self, change: dict[str, Any]) -> tuple[dict, dict]:
        """The same edit on both: the payloads, with the cache and without."""
        self.switch.on = True
        hits = self.switch.hits
        with_cache = await edit(self.quotes, self.cached, **change)
        assert self.switch.hits == hits + 1  # the state of the last save was offered
        self.switch.on = False
        return with_cache, await edit(self.quotes, self.uncached, **change)

    async def snapshots(self) -> tuple[dict[str, Any], dict[str, Any]]:
        return await snapshot(self.quotes, self.cached), await snapshot(self.quotes, self.uncached)


async def test_two_edits_store_and_answer_exactly_what_they_would_without_the_cache(
    quotes: Quotes, monkeypatch: pytest.MonkeyPatch
) -> None:
    twins = await Twins.made(quotes, monkeypatch)
    for change in EDITS:
        with_cache, without = await twins.edit(change)
        assert with_cache == without

    cached, uncached = await twins.snapshots()
    assert cached == uncached
    assert "L4" in {line["key"] for line in with_cache["priceChange"]["changedLines"]}


async def test_a_catalog_change_between_edits_is_priced_in(
    quotes: Quotes, monkeypatch: pytest.MonkeyPatch
) -> None:
    twins = await Twins.made(quotes, monkeypatch)
    await twins.edit(EDITS[0])
    async with quotes.demo.sessions.begin() as session:  # SW-SEC's price goes up
        product = await session.scalar(select(Product.id).where(Product.sku == "SW-SEC"))
        await session.execute(
            update(PriceBookEntry)
            .where(PriceBookEntry.product_id == product)
            .values(unit_price=PriceBookEntry.unit_price + 7)
        )

    after, fresh = await twins.edit(EDITS[1])  # the stale state is offered, not trusted

    assert after == fresh
    cached, uncached = await twins.snapshots()
    assert cached == uncached
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


FIGURES_QUERY = "jsonb_build_array"
"""The statement that picks the old price figures out of the stored snapshot's line rows."""


def _figure_queries(texts: list[str]) -> int:
    return sum(FIGURES_QUERY in text for text in texts)


async def test_an_edit_takes_the_old_figures_from_the_entry_that_wrote_them(
    quotes: Quotes, monkeypatch: pytest.MonkeyPatch, statements
) -> None:  # type: ignore[no-untyped-def]
    twins = await Twins.made(quotes, monkeypatch)
    await twins.edit(EDITS[0])  # the cached twin's entry now wrote its snapshot

    statements.texts.clear()
    twins.switch.on = True
    await edit(quotes, twins.cached, **EDITS[1])
    assert _figure_queries(statements.texts) == 0
    statements.texts.clear()
    twins.switch.on = False
    await edit(quotes, twins.uncached, **EDITS[1])
    assert _figure_queries(statements.texts) == 1


async def test_a_snapshot_written_since_by_another_process_is_read_from_the_database(
    quotes: Quotes, statements
) -> None:  # type: ignore[no-untyped-def]
    quote = await quotes.create(await lines(quotes))
    await edit(quotes, quote, **EDITS[0])  # cached: this process wrote the snapshot
    async with quotes.demo.sessions.begin() as session:  # another worker's save: L3 moved
        revision = await session.scalar(
            update(QuoteRevision)
            .where(QuoteRevision.quote_id == _pk(quote["id"]))
            .values(updated_at=func.clock_timestamp())
            .returning(QuoteRevision.id)
        )
        await session.execute(
            update(QuotePricedLine)
            .where(QuotePricedLine.revision_id == revision, QuotePricedLine.position == 2)
            .values(
                data=QuotePricedLine.data.op("#-")(literal_column("'{net_amount,amount}'::text[]"))
            )
        )

    statements.texts.clear()
    result = await edit(quotes, quote, update=[{"key": "L1", "quantity": 11}])

    assert _figure_queries(statements.texts) == 1
    changed = [line["key"] for line in result["priceChange"]["changedLines"]]
    assert changed == ["L1", "L3"]  # L3's stored figures differ from its price now
