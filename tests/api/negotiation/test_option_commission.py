"""Each option's commission estimate (good / better / best): what the rep would earn if the
customer picked it, estimated exactly as ``estimateCommission`` estimates the same lines."""

from __future__ import annotations

from typing import Any

from tests.api.commissions.conftest import (
    ESTIMATE,
    ESTIMATE_FIELDS,
    Commissions,
    base,
    comm,  # noqa: F401  (fixture)
    product_rate,
)
from tests.api.negotiation.conftest import ADD_OPTION

DAY = "2026-11-20"
OPTIONS = f"""query($id: ID!, $day: Date) {{ node(id: $id) {{ ... on Quote {{
  commissionEstimate(closeDate: $day) {{ {ESTIMATE_FIELDS} }}
  options {{ key commissionEstimate(closeDate: $day) {{ {ESTIMATE_FIELDS} }} }} }} }} }}"""
ITEMS: list[list[tuple[str, int, str | None]]] = [
    [("SVC-INST", 2, None), ("SUP-BAS", 3, None)],
    [("SVC-INST", 4, "10"), ("SW-ANL", 10, None)],
    [("SVC-INST", 6, "25"), ("SW-ANL", 20, "5"), ("SVC-TRN", 1, None)],
    [("SUP-BAS", 1, None)],
    [("SW-ANL", 50, None), ("SUP-BAS", 2, "3")],
]


async def _lines(comm: Commissions, items: list[tuple[str, int, str | None]]) -> list[dict]:  # noqa: F811
    lines = []
    for sku, quantity, percent in items:
        extra: dict[str, Any] = {} if percent is None else {"discount": {"percent": percent}}
        lines.append(await comm.quotes.line(sku, quantity, **extra))
    return lines


async def _quote_with_options(comm: Commissions, count: int) -> dict:  # noqa: F811
    quote = await comm.quotes.create(await _lines(comm, ITEMS[0]))
    for index in range(1, count):
        result = await comm.rep.mutate(
            ADD_OPTION,
            {
                "id": quote["id"],
                "version": quote["version"],
                "name": f"Option {index + 1}",
                "lines": await _lines(comm, ITEMS[index]),
            },
        )
        assert result["userErrors"] == [], result["userErrors"]
        quote = result["quote"]
    return quote


async def test_each_option_estimate_equals_estimate_commission_for_the_same_lines(
    comm: Commissions,  # noqa: F811
) -> None:
    install = await comm.demo.product("SVC-INST")
    await comm.on_plan([base("15"), product_rate("x", "Installation 20%", "20", install)])
    quote = await _quote_with_options(comm, 3)

    node = (await comm.rep.data(OPTIONS, {"id": quote["id"], "day": DAY}))["node"]

    assert [o["key"] for o in node["options"]] == ["O1", "O2", "O3"]
    for option, items in zip(node["options"], ITEMS, strict=False):
        lines = [{"key": f"L{i + 1}", **line} for i, line in enumerate(await _lines(comm, items))]
        payload = {
            "accountId": await comm.demo.account("Acme Manufacturing"),
            "lines": lines,
            "closeDate": DAY,
        }
        asked = await comm.rep.mutate(ESTIMATE, payload)
        assert option["commissionEstimate"] == asked, option["key"]
        assert option["commissionEstimate"]["components"], "a component explains the amount"
    # the primary option is the quote's own lines
    assert node["options"][0]["commissionEstimate"] == node["commissionEstimate"]
    amounts = {o["commissionEstimate"]["amount"]["amount"] for o in node["options"]}
    assert len(amounts) == 3, "each option pays its own amount"


async def test_statements_are_the_same_for_two_options_and_five(
    comm: Commissions,  # noqa: F811
    statements,  # type: ignore[no-untyped-def]
) -> None:
    await comm.on_plan([base("15")])
    two = await _quote_with_options(comm, 2)
    five = await _quote_with_options(comm, 5)

    statements.count = 0
    few = (await comm.rep.data(OPTIONS, {"id": two["id"], "day": DAY}))["node"]
    with_two = statements.count
    statements.count = 0
    many = (await comm.rep.data(OPTIONS, {"id": five["id"], "day": DAY}))["node"]

    assert statements.count == with_two
    assert len(few["options"]) == 2 and len(many["options"]) == 5
    assert all(o["commissionEstimate"]["amount"] is not None for o in many["options"])


async def test_the_shared_link_shows_no_commission(comm: Commissions) -> None:  # noqa: F811
    body = await comm.rep.as_(None)(
        "query($t: String!) { sharedQuote(token: $t) { options { key "
        "commissionEstimate { amount { amount } } } } }",
        {"t": "anything"},
    )

    assert "data" not in body or body["data"] is None
    assert "commissionEstimate" in body["errors"][0]["message"]
