"""Views and shares of content: recorded per rep, a share shown in the quote's customer
view, and both feeding the sales-performance activities once (retries add nothing)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.applications import Starlette
from strawberry import relay

from db.engine import create_session_factory
from db.models.performance_activities import Activity
from tests.api.conftest import Api
from tests.api.quotes.conftest import Quotes
from tests.api.quotes.test_sharing import anonymous, sent_quote, share

CREATE = "mutation($input: CreateContentItemInput!) { createContentItem(input: $input) { contentItem { id } userErrors { code } } }"
RETIRE = "mutation($input: RetireContentItemInput!) { retireContentItem(input: $input) { contentItem { id } userErrors { code } } }"
ERRORS = "userErrors { code field message }"
SHARE = f"mutation($input: ShareContentInput!) {{ shareContent(input: $input) {{ activity {{ action contentItem {{ title }} }} {ERRORS} }} }}"
VIEW = f"mutation($input: RecordContentViewInput!) {{ recordContentView(input: $input) {{ activity {{ action occurredAt }} {ERRORS} }} }}"
CUSTOMER = "query($token: String!) { sharedQuote(token: $token) { sharedContent { kind title bodyHtml language } } }"


async def item(ops: Api, kind: str, title: str, **fields: Any) -> str:
    made = await ops.mutate(
        CREATE, {"kind": kind, "title": title, "language": "en", "body": "**Hi**", **fields}
    )
    assert made["userErrors"] == []
    return str(made["contentItem"]["id"])


async def activities(app: Starlette) -> list[tuple[str, str | None, int | None]]:
    async with create_session_factory(app.state.engine)() as session:
        rows = await session.execute(
            select(Activity.kind, Activity.external_id, Activity.quote_id)
            .where(Activity.external_id.startswith("content-"))
            .order_by(Activity.id)
        )
        return [tuple(r) for r in rows.all()]  # type: ignore[misc]


async def test_a_shared_item_appears_in_the_customer_view_and_counts_once(
    app: Starlette, quotes: Quotes
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    case = await item(ops, "CASE_STUDY", "How Acme cut costs")
    roi = await item(ops, "ROI_TOOL", "Savings calculator")
    quote = await sent_quote(quotes)
    token = await share(quotes, quote)

    first = await quotes.rep.mutate(SHARE, {"contentItemId": case, "quoteId": quote["id"]})
    again = await quotes.rep.mutate(SHARE, {"contentItemId": case, "quoteId": quote["id"]})
    await quotes.rep.mutate(SHARE, {"contentItemId": roi, "quoteId": quote["id"]})
    seen = (await anonymous(quotes).data(CUSTOMER, {"token": token}))["sharedQuote"]

    assert (
        first
        == again
        == {
            "activity": {"action": "SHARE", "contentItem": {"title": "How Acme cut costs"}},
            "userErrors": [],
        }
    )
    assert seen["sharedContent"] == [
        {
            "kind": "CASE_STUDY",
            "title": "How Acme cut costs",
            "bodyHtml": "<p><strong>Hi</strong></p>\n",
            "language": "en",
        },
        {
            "kind": "ROI_TOOL",
            "title": "Savings calculator",
            "bodyHtml": "<p><strong>Hi</strong></p>\n",
            "language": "en",
        },
    ]
    logged = await activities(app)
    quote_id = logged[0][2]
    assert [(k, e) for k, e, _ in logged] == [
        ("CONTENT_SHARED", f"content-share:{case_pk(case)}:{quote_id}"),
        ("CONTENT_SHARED", f"content-share:{case_pk(roi)}:{quote_id}"),
        ("ROI_DEMO", f"content-roi:{case_pk(roi)}:{quote_id}"),
    ]
    # A retired item leaves the customer's view.
    version = 1
    await ops.mutate(RETIRE, {"id": case, "version": version})
    seen = (await anonymous(quotes).data(CUSTOMER, {"token": token}))["sharedQuote"]
    assert [s["title"] for s in seen["sharedContent"]] == ["Savings calculator"]


def case_pk(global_id: str) -> int:
    return int(relay.GlobalID.from_id(global_id).node_id)


async def test_views_are_recorded_and_an_roi_tool_shown_to_a_customer_is_one_demo(
    app: Starlette, quotes: Quotes
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    roi = await item(ops, "ROI_TOOL", "Savings calculator")
    sheet = await item(ops, "PRODUCT_SHEET", "Widget sheet")
    quote = await quotes.create()

    alone = await quotes.rep.mutate(VIEW, {"contentItemId": sheet})
    shown = [
        await quotes.rep.mutate(VIEW, {"contentItemId": roi, "quoteId": quote["id"]})
        for _ in range(2)
    ]

    assert alone["activity"]["action"] == "VIEW" and alone["userErrors"] == []
    assert all(s["userErrors"] == [] for s in shown)
    assert [k for k, _, _ in await activities(app)] == ["ROI_DEMO"]


async def test_bad_references_are_typed_errors_and_record_nothing(
    app: Starlette, quotes: Quotes
) -> None:
    ops = await quotes.demo.sign_in("ops@dealdesk.example")
    hidden = await item(ops, "PLAYBOOK", "Managers only", audienceRoles=["MANAGER"])
    retired = await item(ops, "PLAYBOOK", "Old")
    await ops.mutate(RETIRE, {"id": retired, "version": 1})
    other = await quotes.demo.sign_in("rep5@dealdesk.example")
    quote = await quotes.create()

    refused = [
        await quotes.rep.mutate(SHARE, {"contentItemId": hidden, "quoteId": quote["id"]}),
        await quotes.rep.mutate(SHARE, {"contentItemId": retired, "quoteId": quote["id"]}),
        await other.mutate(
            SHARE, {"contentItemId": await item(ops, "PLAYBOOK", "P"), "quoteId": quote["id"]}
        ),
    ]

    assert [
        (r["activity"], r["userErrors"][0]["code"], r["userErrors"][0]["field"]) for r in refused
    ] == [
        (None, "NOT_FOUND", ["input", "contentItemId"]),
        (None, "INVALID_STATE", ["input", "contentItemId"]),
        (None, "NOT_FOUND", ["input", "quoteId"]),
    ]
    assert await activities(app) == []
