"""``searchContent`` quality: English stems, mixed-language queries, misspelt words
corrected against the indexed vocabulary, snippets made for the shown rows only."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import event
from starlette.applications import Starlette

from db.models.users import Role
from tests.api.conftest import People
from tests.api.content.test_content_items import create
from tests.api.content.test_search_content import search, titles


async def test_english_words_are_found_by_their_stems(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    await create(ops, title="Renewal pricing guide", kind="PRICING_GUIDE")
    await create(ops, title="Priced options", body="How renewals are priced.")
    await create(ops, title="Unrelated sheet")
    assert titles(await search(rep, "price")) == ["Priced options", "Renewal pricing guide"]
    assert titles(await search(rep, "renewals")) == ["Renewal pricing guide", "Priced options"]
    both = await search(rep, "renewals pricing")
    assert (titles(both), both["fuzzy"]) == (["Renewal pricing guide", "Priced options"], False)
    # an excluded word is excluded by its stem too
    assert titles(await search(rep, "price -renewals")) == []
    assert titles(await search(rep, "price -guides")) == ["Priced options"]


async def test_a_thai_item_keeps_its_english_words_unstemmed_and_mixed_queries_work(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    await create(ops, title="Gateway ระบบจัดการฐานข้อมูล", language="th")
    await create(ops, title="Gateways for retail", language="en")
    await create(ops, title="销售 gateway 定价指南", language="zh-Hans")
    await create(ops, title="ราคา renewals", language="th")
    assert titles(await search(rep, "gateway ฐานข้อมูล")) == ["Gateway ระบบจัดการฐานข้อมูล"]
    assert titles(await search(rep, "定价 gateway")) == ["销售 gateway 定价指南"]
    # a query's stem finds an English word as written in a Thai or Chinese item too
    assert len(titles(await search(rep, "gateways"))) == 3
    assert len(titles(await search(rep, "gateway"))) == 3
    # but the Thai item's words are not stemmed: only the word as written finds it
    assert titles(await search(rep, "renewals")) == ["ราคา renewals"]
    assert (await search(rep, "renewal"))["fuzzy"] is True  # found by the fallbacks only


async def test_a_misspelt_word_is_corrected_against_the_indexed_words(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    await create(ops, title="Gateway battlecard", kind="COMPETITOR_BATTLECARD")
    await create(ops, title="Onboarding checklist", kind="TRAINING_MODULE")
    await create(ops, title="ระบบ gateway ไทย", language="th")
    for typo in ("gatewya", "gatway", "gateeway", "agteway", "gatewey"):
        found = await search(rep, typo)
        assert sorted(titles(found)) == ["Gateway battlecard", "ระบบ gateway ไทย"], typo
        assert found["fuzzy"] is True
    # a typo beside a right word; a transposition mid-word in a longer one
    found = await search(rep, "onbaording checklist")
    assert (titles(found), found["fuzzy"]) == (["Onboarding checklist"], True)
    assert titles(await search(rep, "battelcard")) == ["Gateway battlecard"]
    # too far from any indexed word: nothing, not a guess
    assert (await search(rep, "qzxwvk"))["totalCount"] == 0


async def test_a_corrected_search_highlights_the_corrected_word(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    await create(ops, title="Latency sheet", body="Our latency wins every benchmark.")
    (edge,) = (await search(ops, "latnecy"))["edges"]
    assert "<mark>latency</mark>" in edge["snippet"]


def _nodes(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [plan, *(node for child in plan.get("Plans", []) for node in _nodes(child))]


async def test_snippets_are_made_for_the_shown_rows_only(people: People, app: Starlette) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    for n in range(6):
        await create(ops, title=f"Gateway note {n}", body=f"The gateway note number {n}.")
    captured: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, sql: str, params: Any, context: Any, many: bool) -> None:
        if "ts_headline" in sql:
            captured.append((sql, params))

    engine = app.state.engine
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        found = await search(ops, "gateway", first=2)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    assert [e["snippet"] is not None for e in found["edges"]] == [True, True]
    assert found["totalCount"] == 6
    ((sql, params),) = captured
    async with engine.connect() as conn:
        explain = f"EXPLAIN (ANALYZE, VERBOSE, FORMAT JSON) {sql}"
        plan = (await conn.exec_driver_sql(explain, params)).scalar_one()
    nodes = _nodes((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"])
    headlining = [n for n in nodes if "ts_headline" in " ".join(n.get("Output", []))]
    assert headlining and all(n["Actual Rows"] <= 2 for n in headlining)
