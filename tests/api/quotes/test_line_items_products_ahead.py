"""A ``lineItems`` page loads its lines' products ahead, in the one statement their fields
would make, only when its nodes select ``product`` (a fragment's too): each line's product
then answers at once, without awaiting the loader, and a page that shows no product reads
none."""

from __future__ import annotations

from typing import Any

import pytest

from schema import rows
from tests.api.quotes.conftest import Quotes

SKUS = ["SW-SEC", "SW-ANL", "SVC-TRN", "SUP-PRM"]


def page_query(node: str) -> str:
    return f"""query($id: ID!) {{ node(id: $id) {{ ... on Quote {{
        lineItems(first: 20) {{ edges {{ node {{ {node} }} }} }} }} }} }}"""


async def test_a_page_reads_products_only_when_its_nodes_show_them(
    quotes: Quotes, statements: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    quote = await quotes.create([await quotes.line(SKUS[i % len(SKUS)], 1 + i) for i in range(12)])

    awaited: list[str] = []  # a field that found its row not loaded awaits the loader
    wait = rows.row_object

    async def counted(info: Any, loader_name: str, key: int | None, cls: type) -> Any:
        awaited.append(loader_name)
        return await wait(info, loader_name, key, cls)

    monkeypatch.setattr(rows, "row_object", counted)
    statements.count = 0
    bare = await quotes.rep.data(page_query("key quantity"), {"id": quote["id"]})
    without = statements.count
    statements.count = 0
    shown = await quotes.rep.data(page_query("key product { sku name }"), {"id": quote["id"]})
    with_products = statements.count
    statements.count = 0
    fragment = await quotes.rep.data(
        page_query("key ...P") + " fragment P on QuoteLine { product { sku } }",
        {"id": quote["id"]},
    )
    through_fragment = statements.count

    assert with_products == without + 1  # the products, in one statement for 12 lines
    assert through_fragment == with_products
    edges = shown["node"]["lineItems"]["edges"]
    assert [edge["node"]["key"] for edge in edges] == [f"L{i + 1}" for i in range(12)]
    assert [edge["node"]["product"]["sku"] for edge in edges] == [
        SKUS[i % len(SKUS)] for i in range(12)
    ]
    assert [e["node"]["product"]["sku"] for e in fragment["node"]["lineItems"]["edges"]] == [
        SKUS[i % len(SKUS)] for i in range(12)
    ]
    assert all("product" not in edge["node"] for edge in bare["node"]["lineItems"]["edges"])
    assert "product_by_id" not in awaited  # every product answered at once
