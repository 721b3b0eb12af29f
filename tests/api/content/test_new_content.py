"""``myNewContent``: what was published lately for the rep's open deals, with the quotes each
item fits, in the same few statements however many quotes the rep has."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.api.content.test_tracking import item
from tests.api.quotes.conftest import SEND, SUBMIT, WIN, Quotes

NEW = """query($n: Int, $since: DateTime) { myNewContent(first: $n, since: $since) {
  item { title } quotes { score reasons quote { name } } } }"""


def ago(days: int) -> str:
    return (datetime.now(UTC) - timedelta(days=days)).isoformat()


def shown(data: dict) -> list[tuple[str, list[tuple[str, int, list[str]]]]]:
    return [
        (n["item"]["title"], [(q["quote"]["name"], q["score"], q["reasons"]) for q in n["quotes"]])
        for n in data["myNewContent"]
    ]


async def test_new_items_for_open_deals_list_the_quotes_they_fit(quotes: Quotes) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    security = await quotes.demo.product("SW-SEC")
    await item(ops, "PRODUCT_SHEET", "Old sheet", productIds=[security], publishAt=ago(30))
    await item(ops, "PRODUCT_SHEET", "New sheet", productIds=[security], publishAt=ago(2))
    await item(ops, "COMPETITOR_BATTLECARD", "New Contoso card", competitors=["contoso"])
    await item(ops, "COMPETITOR_BATTLECARD", "New Fabrikam card", competitors=["fabrikam"])
    await item(ops, "PLAYBOOK", "Unrelated", competitors=["initrode"], publishAt=ago(1))
    await quotes.create(name="A")
    await quotes.create(name="B", competitors=["Contoso"])
    closed = await quotes.create(name="C", competitors=["Fabrikam"])
    sent = await quotes.move(SEND, await quotes.move(SUBMIT, closed))
    await quotes.move(WIN, sent, closeDate="2026-11-01")

    lately = shown(await quotes.rep.data(NEW, {"n": 10}))
    longer = shown(await quotes.rep.data(NEW, {"n": 10, "since": ago(40)}))
    top = shown(await quotes.rep.data(NEW, {"n": 1}))
    too_far = await quotes.rep(NEW, {"n": 1, "since": ago(400)})

    assert lately == [
        ("New sheet", [("A", 10, ["PRODUCT", "STAGE"]), ("B", 10, ["PRODUCT", "STAGE"])]),
        ("New Contoso card", [("B", 8, ["COMPETITOR", "STAGE"])]),
    ]
    assert [t for t, _ in longer] == ["New sheet", "Old sheet", "New Contoso card"]
    assert top == lately[:1]
    assert too_far["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_the_home_screen_reads_the_same_statements_for_few_and_many_quotes(
    quotes: Quotes,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    await item(ops, "COMPETITOR_BATTLECARD", "New Contoso card", competitors=["contoso"])
    await quotes.create(name="first", competitors=["contoso"])

    statements.count = 0
    few = shown(await quotes.rep.data(NEW, {"n": 10}))
    for_few = statements.count
    for n in range(8):
        await quotes.create(name=f"more {n}", competitors=["contoso"])
    statements.count = 0
    many = shown(await quotes.rep.data(NEW, {"n": 10}))
    for_many = statements.count

    assert len(few[0][1]) == 1 and len(many[0][1]) == 9
    assert for_few == for_many
