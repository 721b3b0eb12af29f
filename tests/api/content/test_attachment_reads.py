"""Reading attachments: a page of items costs the same statements with one item as with
many (one batched query for all their files, one for their uploaders), and an attachment
is a node, visible where its item is."""

from __future__ import annotations

from typing import Any

from db.models.users import Role
from tests.api.conftest import People
from tests.api.content.attachment_helpers import PDF, PNG, attached, new_item

PAGE = (
    "{ searchContent { edges { node { title attachments "
    "{ fileName sha256 downloadUrl uploadedBy { name } } } } } }"
)
NODE = "query($id: ID!) { node(id: $id) { ... on ContentAttachment { fileName size } } }"


async def test_the_files_of_a_page_of_items_are_read_in_the_same_statements_as_of_one(
    people: People, statements: Any
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    first = await new_item(ops, title="Sheet 0")
    await attached(ops, first["id"], "a.pdf", PDF)
    statements.count = 0
    one = (await ops.data(PAGE))["searchContent"]["edges"]
    single = statements.count
    for n in range(1, 4):
        item = await new_item(ops, title=f"Sheet {n}")
        await attached(ops, item["id"], "a.pdf", PDF)
        await attached(ops, item["id"], "b.png", PNG)
    statements.count = 0
    many = (await ops.data(PAGE))["searchContent"]["edges"]

    assert statements.count == single
    assert len(one) == 1 and len(many) == 4
    assert sum(len(e["node"]["attachments"]) for e in many) == 7


async def test_an_attachment_is_a_node_seen_only_by_readers_of_its_item(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    manager = await people.sign_in(await people.add("Max Manager", Role.MANAGER))
    item = await new_item(ops, audienceRoles=["MANAGER"])
    made = await attached(ops, item["id"], "a.pdf", PDF)
    assert (await manager.data(NODE, {"id": made["id"]}))["node"] == {
        "fileName": "a.pdf",
        "size": len(PDF),
    }
    assert (await rep.data(NODE, {"id": made["id"]}))["node"] is None
