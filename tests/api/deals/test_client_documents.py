"""The typed client's ``PreviewDeal`` and ``PriceQuote`` documents share the
``PricedQuoteFields`` fragment; ``bench.harness.client_operation`` (what the previewDeal bench
sends) appends it, and the server answers both documents with the same priced fields."""

from __future__ import annotations

from bench.harness import client_operation
from tests.api.commissions.conftest import Commissions, base

SHARED = "fragment PricedQuoteFields on PricedQuote"


async def test_both_client_documents_run_with_the_shared_fragment(comm: Commissions) -> None:
    await comm.on_plan([base("15")])
    lines = [
        {"key": "L1", "productId": await comm.demo.product("SVC-INST"), "quantity": 2},
        {"key": "L2", "productId": await comm.demo.product("SW-ANL"), "quantity": 10},
    ]
    account = await comm.demo.account("Acme Manufacturing")
    preview_document, price_document = (
        client_operation("previewDeal"),
        client_operation("priceQuote"),
    )

    preview = await comm.rep.data(
        preview_document,
        {"input": {"accountId": account, "lines": lines, "closeDate": "2026-11-20"}},
    )
    price = await comm.rep.data(price_document, {"input": {"accountId": account, "lines": lines}})

    for document in (preview_document, price_document):
        assert document.count(SHARED) == 1 and "...PricedQuoteFields" in document
    shown = preview["previewDeal"]["pricing"]
    priced = price["priceQuote"]
    assert {k: v for k, v in shown.items() if k != "issues"} == {
        k: v for k, v in priced.items() if k != "breaches"
    }
    assert shown["netTotal"]["amount"] == "3160.00"  # 2 x 1,400 + 10 x 36
