"""``relevantContent`` reads at most ``CAPS`` items per kind of link and stays exact: with caps
that bind (2 per kind) the ranking equals the uncapped one; a cut broad link (segment,
industry) costs no second statement when enough items share a product, and a cut that could
change the top N is ranked again in full."""

from __future__ import annotations

import random
from typing import Any

import pytest
from sqlalchemy import event
from starlette.applications import Starlette

from content.relevance import Deal, Links, Reason, score
from db.queries import content_relevance
from tests.api.content.test_relevant_content import RANKED, ranked
from tests.api.content.test_tracking import item
from tests.api.quotes.conftest import Quotes

DEAL = Deal((1,), ("Software",), "ENTERPRISE", "Manufacturing", "DRAFT", ("contoso",))
"""The quote ``quotes.create(competitors=["contoso"])`` makes: SW-SEC (Software), Acme."""


async def test_binding_caps_keep_the_exact_ranking(
    quotes: Quotes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """40 items with random links; every kind's list cut at 2: any top N equals the engine's
    full ranking (score, then newest)."""
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    pick = random.Random(1616)
    expected: list[tuple[int, int, str]] = []
    for n in range(40):
        kind = pick.choice(["PLAYBOOK", "ROI_TOOL", "PRICING_GUIDE", "COMPETITOR_BATTLECARD"])
        links = Links(
            kind=kind,
            product_ids=(1,) if pick.random() < 0.15 else (),
            families=tuple(pick.sample(["Software", "Hardware"], pick.randint(0, 1))),
            competitors=tuple(pick.sample(["contoso", "fabrikam"], pick.randint(0, 1))),
            segments=tuple(pick.sample(["enterprise", "smb"], pick.randint(0, 1))),
            industries=tuple(pick.sample(["manufacturing", "retail"], pick.randint(0, 1))),
        )
        await item(
            ops,
            kind,
            f"Item {n}",
            productIds=[security] if links.product_ids else [],
            families=list(links.families),
            competitors=list(links.competitors),
            segments=list(links.segments),
            industries=list(links.industries),
        )
        if (s := score(DEAL, links)) > 0:
            expected.append((-s, -n, f"Item {n}"))
    quote = await quotes.create(competitors=["contoso"])
    full = [(t, -s) for s, _, t in sorted(expected)]
    for reason in Reason:
        if reason in content_relevance.CAPS:
            monkeypatch.setitem(content_relevance.CAPS, reason, 2)

    for n in (1, 3, 5, 10, 50):
        found = ranked(await ops.data(RANKED, {"id": quote["id"], "n": n}))
        assert [(t, s) for t, s, _ in found] == full[:n], n


async def test_a_cut_broad_link_drops_only_items_that_cannot_reach_the_top(
    quotes: Quotes,
    monkeypatch: pytest.MonkeyPatch,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    """5 items share the quote's product (10: a playbook helps a draft), 4 its segment and
    industry (7), 4 only its segment (4). With segments and industries cut at 2, an unlisted
    item scores at most 3 + 2 = 5: the top 5 and the top 9 are certain in the same statements
    as uncut; the top 13 reaches items scoring 4 and is ranked again in full, one statement
    more, and is still exact."""
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    for n in range(5):
        await item(ops, "PLAYBOOK", f"Product {n}", productIds=[security])
    for n in range(4):
        await item(ops, "PLAYBOOK", f"Segment {n}", segments=["enterprise"])
        await item(
            ops, "PLAYBOOK", f"Both {n}", segments=["enterprise"], industries=["Manufacturing"]
        )
    quote = await quotes.create(competitors=["contoso"])
    full = (
        [f"Product {n}" for n in reversed(range(5))]
        + [f"Both {n}" for n in reversed(range(4))]
        + [f"Segment {n}" for n in reversed(range(4))]
    )

    async def top(n: int) -> tuple[list[str], int]:
        statements.count = 0
        found = ranked(await ops.data(RANKED, {"id": quote["id"], "n": n}))
        return [t for t, _, _ in found], statements.count

    uncut = [await top(n) for n in (5, 9, 13)]
    monkeypatch.setitem(content_relevance.CAPS, Reason.SEGMENT, 2)
    monkeypatch.setitem(content_relevance.CAPS, Reason.INDUSTRY, 2)
    cut = [await top(n) for n in (5, 9, 13)]

    assert [titles for titles, _ in uncut] == [titles for titles, _ in cut]
    assert [titles for titles, _ in cut] == [full[:5], full[:9], full]
    assert [n for _, n in cut] == [n for _, n in uncut[:2]] + [uncut[2][1] + 1]


async def test_the_ranking_is_planned_for_its_own_values(quotes: Quotes, app: Starlette) -> None:
    """After five runs PostgreSQL may give a prepared statement a generic plan, blind to how
    selective the quote's arrays are (bench/bench_relevant_content.py: 10x slower at 100,000
    items), so the ranking runs after ``SET LOCAL plan_cache_mode = force_custom_plan``."""
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    await item(ops, "PLAYBOOK", "Product playbook", productIds=[security])
    quote = await quotes.create(competitors=["contoso"])
    sent: list[str] = []
    in_block: list[bool] = []  # SET LOCAL lasts only in a transaction block (not autocommit)

    def record(conn: Any, _cursor: object, statement: str, *_: object) -> None:
        sent.append(statement)
        in_block.append(not conn.connection.dbapi_connection.autocommit)

    engine = app.state.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        for _ in range(7):  # past the five custom plans PostgreSQL makes before choosing
            found = ranked(await ops.data(RANKED, {"id": quote["id"], "n": 3}))
            assert [t for t, _, _ in found] == ["Product playbook"]
    finally:
        event.remove(engine, "before_cursor_execute", record)

    ranking = [i for i, s in enumerate(sent) if "content_item_links" in s]
    custom = [i for i, s in enumerate(sent) if "plan_cache_mode = force_custom_plan" in s]
    assert len(ranking) == 7 and len(custom) == 7
    assert all(c == r - 1 for c, r in zip(custom, ranking, strict=True))
    assert all(in_block[i] for i in custom + ranking)
