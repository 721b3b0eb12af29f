"""Content items through the API: OPS creates, updates and retires them; sizes, Markdown and
audiences are enforced."""

from __future__ import annotations

from typing import Any

from db.models.users import Role
from tests.api.conftest import Api, People, at_version

ERRORS = "userErrors { code field message }"
ITEM = (
    "id kind title summary body bodyHtml language tags competitors audienceRoles "
    "status retired version retireAt products { sku }"
)
CREATE = f"mutation($input: CreateContentItemInput!) {{ createContentItem(input: $input) {{ contentItem {{ {ITEM} }} {ERRORS} }} }}"
UPDATE = f"mutation($input: UpdateContentItemInput!) {{ updateContentItem(input: $input) {{ contentItem {{ {ITEM} }} {ERRORS} }} }}"
RETIRE = f"mutation($input: RetireContentItemInput!) {{ retireContentItem(input: $input) {{ contentItem {{ {ITEM} }} {ERRORS} }} }}"
READ = f"query($id: ID!) {{ contentItem(id: $id) {{ {ITEM} }} }}"
PRODUCT = "mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } userErrors { code } } }"


def item(**fields: Any) -> dict[str, Any]:
    return {"kind": "PRODUCT_SHEET", "title": "Widget sheet", "language": "en", **fields}


async def create(ops: Api, **fields: Any) -> dict[str, Any]:
    payload = await ops.mutate(CREATE, item(**fields))
    assert payload["userErrors"] == [], payload
    return dict(payload["contentItem"])


async def test_ops_creates_an_item_linked_to_a_product_with_its_markdown_rendered(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    product = (await ops.mutate(PRODUCT, {"sku": "W-1", "name": "Widget"}))["product"]
    made = await create(
        ops,
        body="# Widget\n\nFast **and** safe.",
        tags=["Speed", " speed ", "Safety"],
        competitors=["ACME"],
        productIds=[product["id"]],
    )
    assert made["bodyHtml"] == "<h1>Widget</h1>\n<p>Fast <strong>and</strong> safe.</p>\n"
    assert (made["tags"], made["competitors"]) == (["speed", "safety"], ["acme"])
    assert made["products"] == [{"sku": "W-1"}]
    assert (made["status"], made["retired"], made["version"]) == ("LIVE", False, 1)


async def test_unsafe_html_in_the_markdown_never_reaches_the_html(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    body = (
        'Hi <img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a>\n\n'
        "<script>alert(3)</script>\n\n[y](javascript:alert(4)) <iframe src=z></iframe>"
    )
    html = (await create(ops, body=body))["bodyHtml"]
    for unsafe in ("onerror", 'href="javascript:', "<script", "alert(3)", "<iframe"):
        assert unsafe not in html
    assert '<img src="x">' in html
    assert body == (await create(ops, body=body))["body"]  # the Markdown is kept as written


async def test_bad_sizes_and_shapes_are_typed_errors_and_nothing_is_stored(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    refused = await ops.mutate(
        CREATE, item(title=" ", language="english", tags=[f"t{n}" for n in range(31)])
    )
    assert refused["contentItem"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("INVALID", ["input", "title"]),
        ("INVALID", ["input", "language"]),
        ("INVALID", ["input", "tags"]),
    ]
    too_long = await ops.mutate(CREATE, item(summary="y" * 2_001))
    assert [(e["code"], e["field"]) for e in too_long["userErrors"]] == [
        ("INVALID", ["input", "summary"])
    ]
    huge = await ops(CREATE, {"input": item(body="y" * 100_001)})  # over the request's hard cap
    assert huge["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    unknown = await ops.mutate(CREATE, item(productIds=["UHJvZHVjdDo5OTk5"]))
    assert [(e["code"], e["field"]) for e in unknown["userErrors"]] == [
        ("NOT_FOUND", ["input", "productIds"])
    ]
    found = await ops.data("{ searchContent { totalCount } }")
    assert found["searchContent"]["totalCount"] == 0


async def test_a_rep_may_not_create_content(people: People) -> None:
    rep = await people.sign_in(await people.add("Rita Rep"))
    body = await rep(CREATE, {"input": item()})
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_an_update_at_a_stale_version_is_a_conflict(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    made = await create(ops)
    updated = await ops.mutate(UPDATE, at_version(made, title="Widget sheet 2", body="*new*"))
    assert updated["contentItem"]["title"] == "Widget sheet 2"
    assert updated["contentItem"]["bodyHtml"] == "<p><em>new</em></p>\n"
    assert updated["contentItem"]["version"] == 2
    stale = await ops.mutate(UPDATE, at_version(made, title="Lost"))
    assert [e["code"] for e in stale["userErrors"]] == ["CONFLICT"]


async def test_a_retired_item_read_by_id_says_so_and_cannot_be_edited(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    made = await create(ops)
    retired = (await ops.mutate(RETIRE, at_version(made)))["contentItem"]
    assert (retired["status"], retired["retired"]) == ("RETIRED", True)
    assert retired["retireAt"] is not None
    read = (await rep.data(READ, {"id": made["id"]}))["contentItem"]
    assert (read["title"], read["retired"]) == ("Widget sheet", True)
    again = await ops.mutate(RETIRE, at_version(retired))
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]
    edit = await ops.mutate(UPDATE, at_version(retired, title="Back"))
    assert [e["code"] for e in edit["userErrors"]] == ["INVALID_STATE"]


async def test_an_item_for_managers_is_hidden_from_a_rep(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    manager = await people.sign_in(await people.add("Max Manager", Role.MANAGER))
    made = await create(ops, title="Discount authority", audienceRoles=["MANAGER"])
    assert (await rep.data(READ, {"id": made["id"]}))["contentItem"] is None
    assert (await manager.data(READ, {"id": made["id"]}))["contentItem"]["audienceRoles"] == [
        "MANAGER"
    ]
    query = '{ searchContent(query: "discount") { totalCount } }'
    assert (await rep.data(query))["searchContent"]["totalCount"] == 0
    assert (await manager.data(query))["searchContent"]["totalCount"] == 1


async def test_a_scheduled_item_is_hidden_until_it_is_published(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    rep = await people.sign_in(await people.add("Rita Rep"))
    made = await create(ops, publishAt="2099-01-01T00:00:00+00:00")
    assert made["status"] == "SCHEDULED"
    assert (await rep.data(READ, {"id": made["id"]}))["contentItem"] is None
    assert (await rep.data("{ searchContent { totalCount } }"))["searchContent"]["totalCount"] == 0


async def test_a_retried_create_with_its_idempotency_key_returns_the_first_item(
    people: People,
) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))
    fields = item(idempotencyKey="k-1", audienceRoles=["REP"], publishAt="2026-01-01T00:00:00Z")
    first = await ops.mutate(CREATE, fields)
    again = await ops.mutate(CREATE, fields)
    assert first["contentItem"]["id"] == again["contentItem"]["id"]
    assert (await ops.data("{ searchContent { totalCount } }"))["searchContent"]["totalCount"] == 1
