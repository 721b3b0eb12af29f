"""A content item's version history through the API: each edit readers see opens a version
and closes the one before at the same instant; cosmetic edits and edits before publishing
add none; retiring closes the last; the audience rule covers the history; a list of items
reads its histories in constant statements."""

from __future__ import annotations

from typing import Any

from db.models.users import Role
from tests.api.conftest import Api, People, at_version

ERRORS = "userErrors { code field message }"
VERSIONS = (
    "versionNumber versions(first: $first, after: $after) { totalCount "
    "pageInfo { hasNextPage endCursor } edges { cursor node { number title summary bodyHtml "
    "publishAt retireAt changeNote changedBy { name } } } }"
)
ITEM = "id version retireAt"
CREATE = f"mutation($input: CreateContentItemInput!) {{ createContentItem(input: $input) {{ contentItem {{ {ITEM} }} {ERRORS} }} }}"
UPDATE = f"mutation($input: UpdateContentItemInput!) {{ updateContentItem(input: $input) {{ contentItem {{ {ITEM} }} {ERRORS} }} }}"
RETIRE = f"mutation($input: RetireContentItemInput!) {{ retireContentItem(input: $input) {{ contentItem {{ {ITEM} }} {ERRORS} }} }}"
READ = f"query($id: ID!, $first: Int, $after: String) {{ contentItem(id: $id) {{ {VERSIONS} }} }}"


async def create(ops: Api, **fields: Any) -> dict[str, Any]:
    new = {"kind": "PRODUCT_SHEET", "title": "Widget sheet", "language": "en", **fields}
    payload = await ops.mutate(CREATE, new)
    assert payload["userErrors"] == [], payload
    return dict(payload["contentItem"])


async def update(ops: Api, made: dict[str, Any], **fields: Any) -> dict[str, Any]:
    payload = await ops.mutate(UPDATE, at_version(made, **fields))
    assert payload["userErrors"] == [], payload
    return dict(payload["contentItem"])


async def history(api: Api, item_id: str, first: int | None = None, after: str | None = None):  # type: ignore[no-untyped-def]
    found = (await api.data(READ, {"id": item_id, "first": first, "after": after}))["contentItem"]
    return found and (found["versionNumber"], found["versions"])


async def test_each_edit_readers_see_opens_a_version_that_closes_the_one_before(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rex Rep", Role.REP))
    made = await create(ops, body="First.")
    made = await update(ops, made, title="Widget sheet 2", changeNote="New name")
    made = await update(ops, made, body="Second.", changeNote="  ")

    number, versions = await history(rep, made["id"])
    nodes = [edge["node"] for edge in versions["edges"]]
    assert number == versions["totalCount"] == 3
    assert [(n["number"], n["title"], n["bodyHtml"], n["changeNote"]) for n in nodes] == [
        (3, "Widget sheet 2", "<p>Second.</p>\n", None),
        (2, "Widget sheet 2", "<p>First.</p>\n", "New name"),
        (1, "Widget sheet", "<p>First.</p>\n", None),
    ]
    assert nodes[0]["retireAt"] is None
    assert nodes[1]["retireAt"] == nodes[0]["publishAt"]
    assert nodes[2]["retireAt"] == nodes[1]["publishAt"]
    assert {n["changedBy"]["name"] for n in nodes} == {"Olga Ops"}

    _, first_page = await history(rep, made["id"], first=2)
    assert [e["node"]["number"] for e in first_page["edges"]] == [3, 2]
    assert first_page["pageInfo"]["hasNextPage"] is True
    _, rest = await history(rep, made["id"], first=2, after=first_page["pageInfo"]["endCursor"])
    assert [e["node"]["number"] for e in rest["edges"]] == [1]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_an_edit_readers_do_not_see_adds_no_version(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    made = await create(ops, tags=["speed"])
    made = await update(ops, made, title=" Widget sheet ", tags=["Speed"], changeNote="noop")
    made = await update(ops, made, audienceRoles=["REP"], segments=["mid-market"])

    number, versions = await history(ops, made["id"])
    assert (number, made["version"]) == (1, 2)  # the first edit changed nothing at all
    (only,) = versions["edges"]
    assert (only["node"]["changeNote"], only["node"]["retireAt"]) == (None, None)


async def test_editing_a_scheduled_item_rewrites_its_unread_first_version(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    made = await create(ops, publishAt="2099-01-01T00:00:00Z")
    made = await update(ops, made, title="Renamed before anyone read it")

    number, versions = await history(ops, made["id"])
    assert number == 1
    assert versions["edges"][0]["node"]["title"] == "Renamed before anyone read it"
    assert versions["edges"][0]["node"]["publishAt"].startswith("2099-01-01")

    retired = (await ops.mutate(RETIRE, at_version(made)))["contentItem"]
    _, versions = await history(ops, made["id"])
    only = versions["edges"][0]["node"]
    assert only["publishAt"] == only["retireAt"] == retired["retireAt"]  # closed as it opened


async def test_retiring_closes_the_last_version(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    made = await update(ops, await create(ops), summary="Now with a summary.")
    retired = (await ops.mutate(RETIRE, at_version(made)))["contentItem"]

    _, versions = await history(ops, made["id"])
    nodes = [edge["node"] for edge in versions["edges"]]
    assert [n["number"] for n in nodes] == [2, 1]
    assert nodes[0]["retireAt"] == retired["retireAt"] is not None
    assert nodes[1]["retireAt"] == nodes[0]["publishAt"]


async def test_a_role_hidden_items_versions_are_not_readable(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rex Rep", Role.REP))
    manager = await people.sign_in(await people.add("Mia Manager", Role.MANAGER))
    made = await create(ops, title="Discount authority", audienceRoles=["MANAGER"])
    made = await update(ops, made, body="Up to 20%.")

    assert await history(rep, made["id"]) is None
    node = "query($id: ID!) { node(id: $id) { ... on ContentItem { versions { totalCount } } } }"
    assert (await rep.data(node, {"id": made["id"]}))["node"] is None
    number, versions = await history(manager, made["id"])
    assert (number, versions["totalCount"]) == (2, 2)


LIST = f"""query($q: String, $first: Int, $after: String) {{ searchContent(query: $q, first: 5) {{
  edges {{ node {{ title {VERSIONS} }} }} }} }}"""


async def test_a_list_of_items_reads_their_versions_in_constant_statements(
    people: People,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rex Rep", Role.REP))
    await update(ops, await create(ops, title="Lonely zebra sheet"), body="v2")
    for n in range(5):
        made = await create(ops, title=f"Crowded yak sheet {n}")
        await update(ops, made, body=f"v2 of {n}")

    statements.count = 0
    one = await rep.data(LIST, {"q": "zebra"})
    for_one = statements.count
    statements.count = 0
    five = await rep.data(LIST, {"q": "yak"})
    for_five = statements.count

    assert len(one["searchContent"]["edges"]) == 1
    edges = five["searchContent"]["edges"]
    assert [len(e["node"]["versions"]["edges"]) for e in edges] == [2] * 5
    assert for_one == for_five
