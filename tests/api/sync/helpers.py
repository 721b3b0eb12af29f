"""The ``changes`` document and a loop that pages it to the end."""

from __future__ import annotations

from typing import Any

from tests.api.conftest import Api

CHANGES = """
query($since: String, $first: Int) {
  changes(since: $since, first: $first) {
    products { id sku name active version }
    priceBooks { id name active }
    priceBookEntries { id unitPrice validFrom validTo product { sku } }
    clauses { clauseId code title version body active }
    contentItems { id title status audienceRoles }
    quotes { id name version owner { name } }
    tombstones { entityId typename kind }
    cursor hasMore resetRequired
  }
}
"""

LISTS = ("products", "priceBooks", "priceBookEntries", "clauses", "contentItems", "quotes")


async def page(api: Api, since: str | None, first: int | None = None) -> dict[str, Any]:
    data = await api.data(CHANGES, {"since": since, "first": first})
    return dict(data["changes"])


async def sync_all(api: Api, since: str | None, first: int = 200) -> tuple[dict[str, Any], str]:
    """Every page from ``since`` to the end, merged: lists concatenated, the last cursor."""
    merged: dict[str, Any] = {name: [] for name in (*LISTS, "tombstones")}
    pages = 0
    while True:
        got = await page(api, since, first)
        assert not got["resetRequired"], got
        for name in merged:
            merged[name].extend(got[name])
        since = got["cursor"]
        pages += 1
        assert pages < 1000
        if not got["hasMore"]:
            merged["pages"] = pages
            assert since is not None
            return merged, since


def count(changes: dict[str, Any]) -> int:
    """How many entities a merged answer sent (upserts and tombstones)."""
    return sum(len(changes[name]) for name in (*LISTS, "tombstones"))
