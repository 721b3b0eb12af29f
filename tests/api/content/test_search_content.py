"""``searchContent``: ranking, snippets, Thai and Chinese words inside runs, filters, facets,
paging, the typo fallback, and what is never found."""

from __future__ import annotations

from typing import Any

from db.models.users import Role
from schema.connection import encode_cursor
from tests.api.conftest import Api, People, at_version
from tests.api.content.test_content_items import PRODUCT, RETIRE, create

SEARCH = """
query($query: String, $filter: ContentFilter, $first: Int, $after: String) {
  searchContent(query: $query, filter: $filter, first: $first, after: $after) {
    totalCount fuzzy
    edges { cursor snippet node { title kind } }
    pageInfo { hasNextPage endCursor }
    byKind { kind count }
    byCompetitor { competitor count }
    byProduct { count product { sku } }
  }
}
"""


async def search(api: Api, query: str | None = None, **variables: Any) -> dict[str, Any]:
    found = await api.data(SEARCH, {"query": query, **variables})
    return dict(found["searchContent"])


def titles(found: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in found["edges"]]


async def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(ops, title="Onboarding checklist", body="Covers the gateway setup once.")
    await create(ops, title="Gateway pricing guide", kind="PRICING_GUIDE")
    await create(ops, title="Renewals", summary="When a gateway contract renews")
    await create(ops, title="Unrelated", body="Nothing to see")
    found = await search(ops, "gateway")
    assert titles(found) == ["Gateway pricing guide", "Renewals", "Onboarding checklist"]
    assert found["totalCount"] == 3


async def test_snippets_highlight_the_match_escaped_for_the_page_shown(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(
        ops,
        title="Battlecard",
        kind="COMPETITOR_BATTLECARD",
        body="Acme is slow & <b>our</b> latency wins every benchmark we ran.",
    )
    (edge,) = (await search(ops, "latency"))["edges"]
    snippet = edge["snippet"]
    assert "<mark>latency</mark>" in snippet
    assert "&amp;" in snippet  # text escaped; the only tags are the marks
    assert snippet.count("<") == snippet.count("<mark>") + snippet.count("</mark>")
    (plain,) = (await search(ops))["edges"]
    assert plain["snippet"] is None


async def test_a_thai_word_inside_a_title_is_found(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    await create(ops, title="ระบบจัดการฐานข้อมูลสำหรับองค์กร", language="th")
    await create(ops, title="คู่มือการตั้งราคา", language="th")
    assert titles(await search(rep, "ฐานข้อมูล")) == ["ระบบจัดการฐานข้อมูลสำหรับองค์กร"]
    assert titles(await search(rep, "องค์กร")) == ["ระบบจัดการฐานข้อมูลสำหรับองค์กร"]
    assert titles(await search(rep, "ราคา")) == ["คู่มือการตั้งราคา"]


async def test_a_chinese_word_inside_a_title_is_found(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    await create(ops, title="企业级数据库解决方案", language="zh-Hans", body="支持高可用部署")
    await create(ops, title="销售定价指南", language="zh-Hans")
    assert titles(await search(rep, "数据库")) == ["企业级数据库解决方案"]
    assert titles(await search(rep, "解决方案")) == ["企业级数据库解决方案"]
    assert titles(await search(rep, "定价")) == ["销售定价指南"]
    # a word no dictionary has, found by its character pairs
    assert titles(await search(rep, "级数据")) == ["企业级数据库解决方案"]
    (edge,) = (await search(rep, "高可用"))["edges"]
    assert "<mark>" in edge["snippet"]
    assert titles(await search(rep, "数据库", filter={"language": "zh"})) == [
        "企业级数据库解决方案"
    ]
    assert titles(await search(rep, "数据库", filter={"language": "th"})) == []


async def test_websearch_syntax_excludes_and_ors(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(ops, title="Gateway sheet")
    await create(ops, title="Gateway battlecard acme")
    await create(ops, title="Router sheet")
    assert titles(await search(ops, "gateway -acme")) == ["Gateway sheet"]
    assert sorted(titles(await search(ops, "router or acme"))) == [
        "Gateway battlecard acme",
        "Router sheet",
    ]


async def test_a_typo_is_answered_by_the_prefix_fallback(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(ops, title="Pricing playbook", kind="PLAYBOOK")
    exact = await search(ops, "pricing")
    assert (titles(exact), exact["fuzzy"]) == (["Pricing playbook"], False)
    typo = await search(ops, "pricng")
    assert (titles(typo), typo["fuzzy"]) == (["Pricing playbook"], True)
    assert (await search(ops, "zzzzzz"))["totalCount"] == 0


async def test_a_retired_item_is_not_found(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    made = await create(ops, title="Old gateway sheet")
    assert (await search(ops, "gateway"))["totalCount"] == 1
    await ops.mutate(RETIRE, at_version(made))
    assert (await search(ops, "gateway"))["totalCount"] == 0
    assert (await search(ops))["totalCount"] == 0


async def test_filters_narrow_and_facets_count_the_other_choices(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    product = (await ops.mutate(PRODUCT, {"sku": "GW-1", "name": "Gateway"}))["product"]
    await create(ops, title="Gateway sheet", productIds=[product["id"]])
    await create(
        ops,
        title="Gateway vs Acme",
        kind="COMPETITOR_BATTLECARD",
        competitors=["acme"],
        productIds=[product["id"]],
    )
    await create(
        ops, title="Gateway vs Initech", kind="COMPETITOR_BATTLECARD", competitors=["Initech"]
    )
    everything = await search(ops, "gateway")
    assert everything["byKind"] == [
        {"kind": "COMPETITOR_BATTLECARD", "count": 2},
        {"kind": "PRODUCT_SHEET", "count": 1},
    ]
    assert everything["byCompetitor"] == [
        {"competitor": "acme", "count": 1},
        {"competitor": "initech", "count": 1},
    ]
    assert everything["byProduct"] == [{"count": 2, "product": {"sku": "GW-1"}}]
    battlecards = await search(ops, "gateway", filter={"kinds": ["COMPETITOR_BATTLECARD"]})
    assert sorted(titles(battlecards)) == ["Gateway vs Acme", "Gateway vs Initech"]
    assert len(battlecards["byKind"]) == 2  # the kind facet ignores the kinds filter
    acme = await search(ops, None, filter={"competitors": ["ACME"]})
    assert titles(acme) == ["Gateway vs Acme"]
    by_product = await search(ops, None, filter={"productIds": [product["id"]]})
    assert sorted(titles(by_product)) == ["Gateway sheet", "Gateway vs Acme"]


async def test_pages_follow_the_ranking_and_a_page_is_capped(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    for n in range(5):
        await create(ops, title=f"Gateway note {n}")
    first = await search(ops, "gateway", first=2)
    second = await search(ops, "gateway", first=2, after=first["pageInfo"]["endCursor"])
    last = await search(ops, "gateway", first=2, after=second["pageInfo"]["endCursor"])
    seen = titles(first) + titles(second) + titles(last)
    assert sorted(seen) == [f"Gateway note {n}" for n in range(5)]
    assert (first["pageInfo"]["hasNextPage"], last["pageInfo"]["hasNextPage"]) == (True, False)
    too_many = await ops(SEARCH, {"first": 201})
    assert too_many["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    for cursor in ("nonsense", encode_cursor([10**30]), encode_cursor([-1]), encode_cursor(["1"])):
        bad_cursor = await ops(SEARCH, {"after": cursor})
        assert bad_cursor["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
