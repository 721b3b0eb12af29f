"""``Quote.relevantContent`` on a demo quote: its product first, then its family, then the
account's industry; the stage orders ties; unrelated, retired and other audiences' items
are left out."""

from __future__ import annotations

from tests.api.content.test_tracking import RETIRE, item
from tests.api.quotes.conftest import Quotes

RELEVANT = "query($id: ID!, $n: Int) { node(id: $id) { ... on Quote { status relevantContent(first: $n) { title } } } }"


async def test_a_demo_quote_gets_the_content_that_fits_its_deal(quotes: Quotes) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    await item(ops, "PLAYBOOK", "Security playbook", productIds=[security])
    await item(ops, "OBJECTION_HANDLING", "Security objections", productIds=[security])
    await item(ops, "CASE_STUDY", "Software case", families=["Software"])
    await item(ops, "WHITE_PAPER", "Factories paper", tags=["Manufacturing"])
    await item(ops, "PRODUCT_SHEET", "Chassis sheet", families=["Hardware"])
    await item(ops, "PLAYBOOK", "Managers only", productIds=[security], audienceRoles=["MANAGER"])
    old = await item(ops, "PLAYBOOK", "Old security deck", productIds=[security])
    await ops.mutate(RETIRE, {"id": old, "version": 1})
    quote = await quotes.create()  # Acme Manufacturing, SW-SEC (Software), a DRAFT

    draft = (await quotes.rep.data(RELEVANT, {"id": quote["id"], "n": 10}))["node"]
    top = (await quotes.rep.data(RELEVANT, {"id": quote["id"], "n": 1}))["node"]
    everyone = (await ops.data(RELEVANT, {"id": quote["id"], "n": 10}))["node"]
    too_many = await quotes.rep(RELEVANT, {"id": quote["id"], "n": 51})

    assert draft["status"] == "DRAFT"
    assert [r["title"] for r in draft["relevantContent"]] == [
        "Security playbook",  # its product, and a kind for a draft: 8 + 2
        "Security objections",  # its product: 8
        "Software case",  # its family, a kind for a draft: 4 + 2
        "Factories paper",  # the account's industry, a kind for a draft: 3 + 2
    ]
    assert [r["title"] for r in top["relevantContent"]] == ["Security playbook"]
    assert "Managers only" in [r["title"] for r in everyone["relevantContent"]]
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
