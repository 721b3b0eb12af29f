"""Delta sync through GraphQL on PostgreSQL: a first sync, then only what changed (an edit, a
price, a retirement, content, quotes), never another rep's quote, commit order, cursors."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text
from starlette.applications import Starlette

from db.engine import create_session_factory
from server.settings import Settings
from services.sync.cursor import Cursor, cursor_key, encode
from services.sync.pruning import prune_change_log
from tests.api.conftest import Api, at_version
from tests.api.pricing.conftest import Demo
from tests.api.quotes.conftest import Quotes
from tests.api.sync.helpers import count, page, sync_all

PRODUCT = "id sku name active version"
UPDATE_PRODUCT = (
    "mutation($input: UpdateProductInput!) { updateProduct(input: $input) "
    f"{{ product {{ {PRODUCT} }} userErrors {{ code }} }} }}"
)
RETIRE_PRODUCT = (
    "mutation($input: RetireProductInput!) { retireProduct(input: $input) "
    f"{{ product {{ {PRODUCT} }} userErrors {{ code }} }} }}"
)
END_ENTRY = (
    "mutation($input: EndPriceBookEntryInput!) { endPriceBookEntry(input: $input) "
    "{ priceBookEntry { id validTo } userErrors { code message } } }"
)
ITEM = "id title status audienceRoles version"
CREATE_ITEM = (
    "mutation($input: CreateContentItemInput!) { createContentItem(input: $input) "
    f"{{ contentItem {{ {ITEM} }} userErrors {{ code message }} }} }}"
)
UPDATE_ITEM = (
    "mutation($input: UpdateContentItemInput!) { updateContentItem(input: $input) "
    f"{{ contentItem {{ {ITEM} }} userErrors {{ code message }} }} }}"
)
RETIRE_ITEM = (
    "mutation($input: RetireContentItemInput!) { retireContentItem(input: $input) "
    f"{{ contentItem {{ {ITEM} }} userErrors {{ code message }} }} }}"
)
UPDATE_QUOTE = (
    "mutation($input: UpdateQuoteInput!) { updateQuote(input: $input) "
    "{ quote { id version name } userErrors { code message } } }"
)


async def product(api: Api, sku: str) -> dict[str, Any]:
    data = await api.data(
        "query($s: String) { products(first: 1, filter: {search: $s}) "
        f"{{ edges {{ node {{ {PRODUCT} }} }} }} }}",
        {"s": sku},
    )
    (edge,) = data["products"]["edges"]
    return dict(edge["node"])


async def caught_up(api: Api) -> str:
    """A reader that synced everything: its cursor."""
    _, cursor = await sync_all(api, None)
    return cursor


async def test_a_first_sync_sends_everything_the_rep_may_see_then_nothing_more(
    demo: Demo, app: Starlette
) -> None:
    rep = await demo.sign_in("rep1@dealdesk.example")
    merged, cursor = await sync_all(rep, None, first=50)
    async with app.state.engine.connect() as connection:
        expected = {
            table: (
                await connection.execute(text(f"SELECT count(*) FROM {table} {where}"))
            ).scalar()
            for table, where in (
                ("products", "WHERE active"),
                ("price_books", "WHERE active"),
                ("clauses", "WHERE active"),
            )
        }
    assert len(merged["products"]) == expected["products"] > 0
    assert merged["pages"] > 1  # 50 at a time
    assert len({p["id"] for p in merged["products"]}) == len(merged["products"])
    assert all(p["active"] for p in merged["products"])
    assert len(merged["priceBooks"]) == expected["price_books"]
    assert len(merged["clauses"]) == expected["clauses"] > 0
    assert merged["priceBookEntries"] and merged["tombstones"] == []
    assert merged["quotes"] == []  # the demo catalog has none of rep1's quotes yet

    again = await page(rep, cursor)
    assert count(again) == 0 and not again["hasMore"] and again["cursor"]


async def test_an_edit_and_a_new_price_send_only_what_changed_once(demo: Demo) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = await demo.sign_in("rep1@dealdesk.example")
    first_sync, cursor = await sync_all(rep, None)
    widget = await product(ops, "SW-SEC")
    for name in ("Security Suite", "Security Suite Pro", "Security Suite Max"):
        widget = (await ops.mutate(UPDATE_PRODUCT, at_version(widget, name=name)))["product"]
    open_entry = next(e for e in first_sync["priceBookEntries"] if e["validTo"] is None)
    ended = await ops.mutate(END_ENTRY, {"id": open_entry["id"], "validTo": "2031-01-01"})
    assert ended["userErrors"] == [], ended

    changed, cursor = await sync_all(rep, cursor)
    assert [(p["id"], p["name"]) for p in changed["products"]] == [
        (widget["id"], "Security Suite Max")  # three edits, sent once, as it is now
    ]
    assert [(e["id"], e["validTo"]) for e in changed["priceBookEntries"]] == [
        (open_entry["id"], "2031-01-01")
    ]
    assert count(changed) == 2
    assert count((await sync_all(rep, cursor))[0]) == 0


async def test_a_retired_product_is_a_tombstone(demo: Demo) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = await demo.sign_in("rep2@dealdesk.example")
    cursor = await caught_up(rep)
    widget = await product(ops, "SW-SEC")
    retired = await ops.mutate(RETIRE_PRODUCT, at_version(widget))
    assert retired["userErrors"] == []

    changed, _ = await sync_all(rep, cursor)
    assert changed["products"] == []
    assert changed["tombstones"] == [
        {"entityId": widget["id"], "typename": "Product", "kind": "RETIRED"}
    ]
    # and a first sync no longer sends it
    fresh, _ = await sync_all(rep, None)
    assert widget["id"] not in {p["id"] for p in fresh["products"]}


async def test_content_published_retired_and_narrowed_reaches_each_reader_as_it_should(
    demo: Demo,
) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = await demo.sign_in("rep1@dealdesk.example")
    manager = await demo.sign_in("east.manager@dealdesk.example")
    rep_cursor, manager_cursor = await caught_up(rep), await caught_up(manager)
    base = {"kind": "COMPETITOR_BATTLECARD", "language": "en"}
    for_all = (await ops.mutate(CREATE_ITEM, {**base, "title": "For all"}))["contentItem"]
    managers_only = (
        await ops.mutate(CREATE_ITEM, {**base, "title": "Managers", "audienceRoles": ["MANAGER"]})
    )["contentItem"]

    seen, rep_cursor = await sync_all(rep, rep_cursor)
    assert [i["id"] for i in seen["contentItems"]] == [for_all["id"]]
    assert seen["tombstones"] == []  # the managers' item: not even its id
    seen, manager_cursor = await sync_all(manager, manager_cursor)
    assert {i["id"] for i in seen["contentItems"]} == {for_all["id"], managers_only["id"]}

    narrowed = await ops.mutate(UPDATE_ITEM, at_version(for_all, audienceRoles=["MANAGER"]))
    assert narrowed["userErrors"] == []
    retired = await ops.mutate(RETIRE_ITEM, at_version(managers_only))
    assert retired["userErrors"] == []

    seen, rep_cursor = await sync_all(rep, rep_cursor)
    assert seen["contentItems"] == []
    assert seen["tombstones"] == [
        {"entityId": for_all["id"], "typename": "ContentItem", "kind": "REVOKED"}
    ]
    seen, manager_cursor = await sync_all(manager, manager_cursor)
    assert [i["id"] for i in seen["contentItems"]] == [for_all["id"]]  # still theirs
    assert seen["tombstones"] == [
        {"entityId": managers_only["id"], "typename": "ContentItem", "kind": "RETIRED"}
    ]


async def test_content_reaches_the_phone_when_its_publish_instant_passes(demo: Demo) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = await demo.sign_in("rep1@dealdesk.example")
    cursor = await caught_up(rep)
    soon = datetime.now(UTC) + timedelta(seconds=1.5)
    item = (
        await ops.mutate(
            CREATE_ITEM,
            {
                "kind": "COMPETITOR_BATTLECARD",
                "language": "en",
                "title": "Launch",
                "publishAt": soon.isoformat(),
                "retireAt": (soon + timedelta(seconds=1.5)).isoformat(),
            },
        )
    )["contentItem"]
    seen, cursor = await sync_all(rep, cursor)
    assert count(seen) == 0  # scheduled: not the rep's yet
    await asyncio.sleep(max(0.0, (soon - datetime.now(UTC)).total_seconds()) + 0.2)
    seen, cursor = await sync_all(rep, cursor)
    assert [i["id"] for i in seen["contentItems"]] == [item["id"]]  # no write: the clock did it
    await asyncio.sleep(1.6)
    seen, cursor = await sync_all(rep, cursor)
    assert seen["tombstones"] == [
        {"entityId": item["id"], "typename": "ContentItem", "kind": "RETIRED"}
    ]


async def test_a_rep_never_gets_another_reps_quote_and_their_manager_does(
    quotes: Quotes, demo: Demo
) -> None:
    other = await demo.sign_in("rep2@dealdesk.example")
    east = await demo.sign_in("east.manager@dealdesk.example")
    west = await demo.sign_in("west.manager@dealdesk.example")
    cursors = {
        name: await caught_up(api)
        for name, api in (("rep1", quotes.rep), ("rep2", other), ("east", east), ("west", west))
    }
    quote = await quotes.create()
    edited = await quotes.rep.mutate(UPDATE_QUOTE, at_version(quote, name="Renamed"))
    assert edited["userErrors"] == [], edited

    mine, cursors["rep1"] = await sync_all(quotes.rep, cursors["rep1"])
    assert [(q["id"], q["name"]) for q in mine["quotes"]] == [(quote["id"], "Renamed")]
    assert count(mine) == 1
    team, _ = await sync_all(east, cursors["east"])
    assert [q["id"] for q in team["quotes"]] == [quote["id"]]
    for api, name in ((other, "rep2"), (west, "west")):
        theirs, _ = await sync_all(api, cursors[name])
        assert count(theirs) == 0, theirs  # neither the quote nor a tombstone of it
        fresh, _ = await sync_all(api, None)
        assert quote["id"] not in {q["id"] for q in fresh["quotes"]}

    # the next edit: only that quote again
    again = await quotes.rep.mutate(UPDATE_QUOTE, at_version(edited["quote"], name="Third"))
    assert again["userErrors"] == []
    mine, _ = await sync_all(quotes.rep, cursors["rep1"])
    assert [(q["id"], q["name"]) for q in mine["quotes"]] == [(quote["id"], "Third")]
    assert count(mine) == 1


async def test_a_transaction_that_commits_after_a_later_one_is_not_skipped(
    demo: Demo, app: Starlette
) -> None:
    """T1 writes first but commits last; a reader syncing between the two commits passes T2's
    change. With a sequence taken at write time T1's change would sit below that cursor."""
    rep = await demo.sign_in("rep1@dealdesk.example")
    cursor = await caught_up(rep)
    sessions = create_session_factory(app.state.engine)
    rename = text("UPDATE products SET name = :name WHERE sku = :sku")
    async with sessions() as first, sessions() as second:
        await first.execute(rename, {"name": "Written first", "sku": "SW-SEC"})
        renamed = await second.execute(rename, {"name": "Committed first", "sku": "SVC-TRN"})
        assert renamed.rowcount == 1
        await second.commit()
        seen, cursor = await sync_all(rep, cursor)
        assert [p["name"] for p in seen["products"]] == ["Committed first"]
        await first.commit()
    seen, cursor = await sync_all(rep, cursor)
    assert [p["name"] for p in seen["products"]] == ["Written first"]


async def test_malformed_forged_and_foreign_cursors_are_typed_errors(demo: Demo) -> None:
    rep1 = await demo.sign_in("rep1@dealdesk.example")
    rep2 = await demo.sign_in("rep2@dealdesk.example")
    cursor = (await page(rep1, None, 1))["cursor"]
    payload, mac = cursor.split(".")
    forged = ("A" if payload[0] != "A" else "B") + payload[1:] + "." + mac
    for since in ("garbage", "", "a.b.c", forged, cursor + "x", "x" * 5000, "🙂.🙂"):
        body = await rep1("query($s: String) { changes(since: $s) { cursor } }", {"s": since})
        assert body.get("data") is None, since
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", (since, body)
    body = await rep2("query($s: String) { changes(since: $s) { cursor } }", {"s": cursor})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    for first in (0, -1, 201):
        body = await rep1("query($f: Int) { changes(first: $f) { cursor } }", {"f": first})
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", first
    anonymous = await rep1.as_(None)("{ changes { cursor } }")
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_cursor_older_than_the_retention_or_the_pruning_must_start_over(
    demo: Demo, app: Starlette, settings: Settings
) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = await demo.sign_in("rep1@dealdesk.example")
    user_id = await _user_id(app, "rep1@dealdesk.example")
    long_ago = datetime.now(UTC) - timedelta(days=settings.sync_retention_days, seconds=1)
    old = encode(Cursor(user_id, 0, long_ago, long_ago), cursor_key(settings.resolved_secret_key()))
    stale = await page(rep, old)
    assert stale["resetRequired"] and stale["cursor"] is None and count(stale) == 0

    cursor = await caught_up(rep)
    widget = await product(ops, "SW-SEC")
    await ops.mutate(UPDATE_PRODUCT, at_version(widget, name="Before the pruning"))
    sessions = create_session_factory(app.state.engine)
    async with sessions.begin() as session:  # a month later, the job runs
        pruned = await prune_change_log(
            session, datetime.now(UTC) + timedelta(days=31), timedelta(days=30)
        )
    assert pruned.expired > 0
    after = await page(rep, cursor)
    assert after["resetRequired"] and after["cursor"] is None
    fresh, _ = await sync_all(rep, None)  # starting over works
    assert "Before the pruning" in {p["name"] for p in fresh["products"]}


async def _user_id(app: Starlette, email: str) -> int:
    async with app.state.engine.connect() as connection:
        found = await connection.execute(
            text("SELECT id FROM users WHERE email = :e"), {"e": email}
        )
        return int(found.scalar_one())


async def test_pruning_drops_superseded_changes_and_readers_still_get_the_latest(
    demo: Demo, app: Starlette
) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = await demo.sign_in("rep1@dealdesk.example")
    cursor = await caught_up(rep)
    widget = await product(ops, "SW-SEC")
    for name in ("One", "Two", "Three"):
        widget = (await ops.mutate(UPDATE_PRODUCT, at_version(widget, name=name)))["product"]
    key = {"id": await _product_id(app, "SW-SEC")}
    rows = "SELECT count(*) FROM sync_changes WHERE entity_type = 'PRODUCT' AND entity_id = :id"
    async with app.state.engine.connect() as connection:
        assert (await connection.execute(text(rows), key)).scalar() >= 3
    sessions = create_session_factory(app.state.engine)
    async with sessions.begin() as session:
        pruned = await prune_change_log(session, datetime.now(UTC), timedelta(days=30))
    assert pruned.expired == 0 and pruned.superseded >= 2
    async with app.state.engine.connect() as connection:
        assert (await connection.execute(text(rows), key)).scalar() == 1
    changed, _ = await sync_all(rep, cursor)
    assert [p["name"] for p in changed["products"]] == ["Three"]


async def _product_id(app: Starlette, sku: str) -> int:
    async with app.state.engine.connect() as connection:
        found = await connection.execute(text("SELECT id FROM products WHERE sku = :s"), {"s": sku})
        return int(found.scalar_one())


async def test_statements_do_not_grow_with_the_number_of_changes(
    quotes: Quotes, demo: Demo, statements: Any
) -> None:
    ops = await demo.sign_in("ops@dealdesk.example")
    rep = quotes.rep
    await quotes.create()
    selection = """
      query($s: String) { changes(since: $s, first: 50) {
        products { id name attributes { code } }
        priceBookEntries { id unitPrice product { sku } }
        clauses { code body } contentItems { id title }
        quotes { id name owner { name } account { name } }
        tombstones { entityId } cursor } }
    """

    async def sync_after(edits: int) -> int:
        cursor = await caught_up(rep)
        found = await ops.data("{ products(first: 30) { edges { node { id version name } } } }")
        for edge in found["products"]["edges"][:edits]:
            node = edge["node"]
            await ops.mutate(UPDATE_PRODUCT, at_version(node, name=node["name"] + "!"))
        for _ in range(edits // 4):
            await quotes.create()
        await ops.mutate(
            CREATE_ITEM, {"kind": "COMPETITOR_BATTLECARD", "language": "en", "title": "T"}
        )
        statements.count = 0
        data = await rep.data(selection, {"s": cursor})
        assert len(data["changes"]["products"]) == edits
        assert len(data["changes"]["quotes"]) == edits // 4
        return int(statements.count)

    few, many = await sync_after(4), await sync_after(12)
    assert few == many, (few, many)
