"""``Quote.relevantContent`` on a demo quote: its product first, then its family, then the
account's industry; the stage orders ties; unrelated, retired and other audiences' items
are left out."""

from __future__ import annotations

import random

from content.relevance import Deal, Links, score
from tests.api.content.test_tracking import RETIRE, item
from tests.api.quotes.conftest import SEND, SUBMIT, WIN, Quotes

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


RANKED = """query($id: ID!, $n: Int) { node(id: $id) { ... on Quote {
  status competitors relevantContentRanked(first: $n) { score reasons item { title } } } } }"""


def ranked(data: dict) -> list[tuple[str, int, list[str]]]:
    hits = data["node"]["relevantContentRanked"]
    return [(h["item"]["title"], h["score"], h["reasons"]) for h in hits]


async def test_a_battlecard_for_a_competitor_named_on_the_quote_ranks_high(
    quotes: Quotes,
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    await item(ops, "PLAYBOOK", "Security playbook", productIds=[security])
    await item(ops, "COMPETITOR_BATTLECARD", "Beating Contoso", competitors=["contoso"])
    await item(ops, "COMPETITOR_BATTLECARD", "Beating Fabrikam", competitors=["Fabrikam"])
    await item(ops, "WHITE_PAPER", "Factories paper", industries=["manufacturing"])
    await item(ops, "CASE_STUDY", "Enterprise story", segments=["Enterprise"])
    await item(ops, "CASE_STUDY", "Retail story", industries=["retail"], segments=["smb"])
    # Acme Manufacturing: an ENTERPRISE account in Manufacturing; SW-SEC; a DRAFT.
    quote = await quotes.create(competitors=[" Contoso ", "CONTOSO", "Initrode"])

    found = await quotes.rep.data(RANKED, {"id": quote["id"], "n": 10})

    assert found["node"]["competitors"] == ["contoso", "initrode"]
    assert ranked(found) == [
        ("Security playbook", 10, ["PRODUCT", "STAGE"]),
        ("Beating Contoso", 8, ["COMPETITOR", "STAGE"]),
        ("Factories paper", 5, ["INDUSTRY", "STAGE"]),
        ("Enterprise story", 4, ["SEGMENT", "STAGE"]),
    ]


async def test_the_stage_orders_items_and_a_closed_quote_gets_no_stage_bonus(
    quotes: Quotes,
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    await item(ops, "PLAYBOOK", "Security playbook", productIds=[security])
    await item(ops, "OBJECTION_HANDLING", "Security objections", productIds=[security])
    draft = await quotes.create()

    at_draft = ranked(await quotes.rep.data(RANKED, {"id": draft["id"], "n": 5}))
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, draft))
    at_sent = ranked(await quotes.rep.data(RANKED, {"id": sent["id"], "n": 5}))
    won = await quotes.move(WIN, sent, closeDate="2026-11-01")
    at_won = ranked(await quotes.rep.data(RANKED, {"id": won["id"], "n": 5}))

    assert [t for t, _, _ in at_draft] == ["Security playbook", "Security objections"]
    assert [t for t, _, _ in at_sent] == ["Security objections", "Security playbook"]
    assert at_sent[0][2] == ["PRODUCT", "STAGE"]
    assert sorted(at_won) == [
        ("Security objections", 8, ["PRODUCT"]),
        ("Security playbook", 8, ["PRODUCT"]),
    ]


LIST = """query($n: Int) { myQuotes(first: $n) { edges { node { number
  relevantContent(first: 3) { title } } } } }"""


async def test_a_list_of_quotes_reads_its_relevant_content_in_one_statement(
    quotes: Quotes,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    await item(ops, "PLAYBOOK", "Security playbook", productIds=[security])
    await item(ops, "COMPETITOR_BATTLECARD", "Beating Contoso", competitors=["contoso"])
    for n in range(10):
        await quotes.create(competitors=["contoso"] if n % 2 else [])

    statements.count = 0
    one = await quotes.rep.data(LIST, {"n": 1})
    for_one = statements.count
    statements.count = 0
    ten = await quotes.rep.data(LIST, {"n": 10})
    for_ten = statements.count

    nodes = [e["node"] for e in ten["myQuotes"]["edges"]]
    assert len(nodes) == 10 and len(one["myQuotes"]["edges"]) == 1
    titles = sorted(len(n["relevantContent"]) for n in nodes)
    assert titles == [1] * 5 + [2] * 5
    assert for_one == for_ten


async def test_role_hidden_and_retired_items_are_left_out_of_the_ranking(
    quotes: Quotes,
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    await item(
        ops,
        "COMPETITOR_BATTLECARD",
        "For managers",
        competitors=["contoso"],
        audienceRoles=["MANAGER"],
    )
    old = await item(ops, "COMPETITOR_BATTLECARD", "Old card", competitors=["contoso"])
    await ops.mutate(RETIRE, {"id": old, "version": 1})
    quote = await quotes.create(competitors=["contoso"])

    as_rep = ranked(await quotes.rep.data(RANKED, {"id": quote["id"], "n": 10}))
    as_ops = ranked(await ops.data(RANKED, {"id": quote["id"], "n": 10}))

    assert as_rep == []
    assert [t for t, _, _ in as_ops] == ["For managers"]


async def test_the_sql_ranks_by_the_engines_score(quotes: Quotes) -> None:
    """Random links on 30 items: the SQL returns exactly the items the engine scores above 0,
    in the engine's order (score, then newest)."""
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    products = [await quotes.demo.product(s) for s in ("SW-SEC", "SRV-EDGE")]
    pick = random.Random(16)
    expected: dict[str, int] = {}
    for n in range(30):
        kind = pick.choice(["PLAYBOOK", "ROI_TOOL", "PRICING_GUIDE", "COMPETITOR_BATTLECARD"])
        links = Links(
            kind=kind,
            product_ids=(1,) if pick.random() < 0.2 else (),
            families=tuple(pick.sample(["Software", "Hardware"], pick.randint(0, 1))),
            competitors=tuple(pick.sample(["contoso", "fabrikam"], pick.randint(0, 1))),
            segments=tuple(pick.sample(["enterprise", "smb"], pick.randint(0, 1))),
            industries=tuple(pick.sample(["manufacturing", "retail"], pick.randint(0, 1))),
            tags=tuple(pick.sample(["manufacturing", "enterprise", "ai"], pick.randint(0, 1))),
        )
        await item(
            ops,
            kind,
            f"Item {n}",
            productIds=[products[0]] if links.product_ids else [],
            families=list(links.families),
            competitors=list(links.competitors),
            segments=list(links.segments),
            industries=list(links.industries),
            tags=list(links.tags),
        )
        deal = Deal((1,), ("Software",), "ENTERPRISE", "Manufacturing", "DRAFT", ("contoso",))
        expected[f"Item {n}"] = score(deal, links)
    quote = await quotes.create(competitors=["contoso"])  # SW-SEC (Software), Acme

    found = ranked(await ops.data(RANKED, {"id": quote["id"], "n": 50}))

    assert {t: s for t, s, _ in found} == {t: s for t, s in expected.items() if s > 0}
    assert [s for _, s, _ in found] == sorted((s for _, s, _ in found), reverse=True)
    newest_first = [int(t.split()[1]) for t, s, _ in found if s == found[0][1]]
    assert newest_first == sorted(newest_first, reverse=True)
