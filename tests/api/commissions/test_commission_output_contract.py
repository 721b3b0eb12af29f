"""What the commission types send a phone: every Decimal at its field's stated scale (never
"158.1766666666666666666666667" or "1.5E+1"), currencies as codes, and a credit on a quote the
rep may not open still naming it."""

from __future__ import annotations

import re
from typing import Any

from tests.api.commissions.conftest import ESTIMATE, SET_SPLITS, Commissions, base, tiers
from tests.api.conftest import at_version

SCALES = {
    2: re.compile(r"^-?\d+\.\d{2}$"),
    4: re.compile(r"^-?\d+\.\d{4}$"),
    6: re.compile(r"^-?\d+\.\d{6}$"),
}

DASHBOARD = """query($day: Date) { myCommissions(asOf: $day) {
  currency attainmentPercent earned { amount currency }
  tier { name floorPercent multiplier }
} }"""

MY_CREDITS = """{ commissionCredits { edges { node {
  role sharePercent quoteNumber quote { id } rep { email }
  lines { quantity discountPercent product { sku } }
} } } }"""

PLAN_COMPONENTS = """query($id: ID!) { node(id: $id) { ... on CommissionPlan {
  currency
  versions { components {
    ... on BaseRateComponent { ratePercent maxRatePercent }
    ... on QuotaTiersComponent { tiers { floorPercent multiplier } }
  } }
} } }"""


def at_scale(value: Any, places: int) -> bool:
    return isinstance(value, str) and SCALES[places].match(value) is not None


async def test_rates_attainment_and_multipliers_leave_at_their_stated_scales(
    comm: Commissions,
) -> None:
    tiered = tiers("MARGINAL")
    tiered["quotaTiers"]["tiers"] = [
        {"name": "Base", "floorPercent": "0", "multiplier": "1"},
        {"name": "Accelerator", "floorPercent": "33.3333", "multiplier": "1.25"},
    ]
    plan = await comm.on_plan([base("12.3456"), tiered], quota="30000")
    await comm.won(("SVC-INST", 1), day="2026-11-02")  # 1,400 of 30,000: 4.666… %

    estimate = await comm.estimate(("SVC-INST", 1), day="2026-11-20")
    summary = (await comm.rep.data(DASHBOARD, {"day": "2026-11-20"}))["myCommissions"]
    read_back = (await comm.ops.data(PLAN_COMPONENTS, {"id": plan["id"]}))["node"]

    assert estimate["problems"] == [], estimate["problems"]
    assert (estimate["attainmentBeforePercent"], estimate["attainmentAfterPercent"]) == (
        "4.67",
        "9.33",
    )
    rate_line = next(line for line in estimate["lines"] if line["kind"] == "BASE_RATE")
    assert (rate_line["ratePercent"], rate_line["base"], rate_line["multiplier"]) == (
        "12.3456",  # exactly as the plan set it, not rounded to 2 places
        {"amount": "1400.00"},
        None,
    )
    assert estimate["tierAfter"] == {
        "name": "Base",
        "floorPercent": "0.0000",
        "multiplier": "1.000000",
    }
    assert (summary["currency"], summary["attainmentPercent"]) == ("USD", "4.67")
    assert summary["tier"] == {"name": "Base", "floorPercent": "0.0000", "multiplier": "1.000000"}
    assert read_back["currency"] == "USD"
    components = read_back["versions"][0]["components"]
    assert {"ratePercent": "12.3456", "maxRatePercent": "100.0000"} in components
    assert {
        "tiers": [
            {"floorPercent": "0.0000", "multiplier": "1.000000"},
            {"floorPercent": "33.3333", "multiplier": "1.250000"},
        ]
    } in components
    for line in estimate["lines"]:
        assert line["ratePercent"] is None or at_scale(line["ratePercent"], 4), line
        assert line["multiplier"] is None or at_scale(line["multiplier"], 6), line
        assert at_scale(line["base"]["amount"], 2), line


async def test_a_split_credit_on_a_quote_the_rep_may_not_open_still_names_it(
    comm: Commissions,
) -> None:
    await comm.on_plan([base("10")])
    rep1, rep2 = await comm.user("rep1@dealdesk.example"), await comm.user("rep2@dealdesk.example")
    won = await comm.won(
        ("SVC-INST", 3),
        day="2026-11-02",
        splits=[
            {"repId": rep1, "sharePercent": "66.6667"},
            {"repId": rep2, "sharePercent": "33.3333"},
        ],
    )

    second_seller = await comm.demo.sign_in("rep2@dealdesk.example")
    body = await second_seller(MY_CREDITS)

    assert "errors" not in body, body["errors"]  # no non-null link nulled its parent
    credits = [edge["node"] for edge in body["data"]["commissionCredits"]["edges"]]
    assert credits == [
        {
            "role": "DIRECT",
            "sharePercent": "33.3333",
            "quoteNumber": won["number"],
            "quote": None,  # rep1's quote: rep2 may not open it
            "rep": {"email": "rep2@dealdesk.example"},
            "lines": [
                # 3 days x 33.3333 %: the credited quantity at six places, exact
                {"quantity": "0.999999", "discountPercent": "0.00", "product": {"sku": "SVC-INST"}}
            ],
        }
    ]


async def test_an_estimate_that_cannot_be_made_still_names_its_period(comm: Commissions) -> None:
    result = await comm.rep.post(
        ESTIMATE,
        {
            "input": {
                "accountId": await comm.demo.account("Acme Manufacturing"),
                "lines": await comm.lines(("SVC-INST", 1)),
                "closeDate": "2026-11-20",
            }
        },
    )
    body = result.json()

    assert "errors" not in body, body.get("errors")
    estimate = body["data"]["estimateCommission"]
    assert estimate["amount"] is None and estimate["problems"] != []
    assert estimate["period"] == {"label": "FY2026-Q4"}


async def test_a_quote_split_reads_back_its_share_at_four_places_as_written(
    comm: Commissions,
) -> None:
    rep1, rep2 = await comm.user("rep1@dealdesk.example"), await comm.user("rep2@dealdesk.example")
    quote = await comm.quotes.create([await comm.quotes.line("SVC-INST", 1)])
    splits = [{"repId": rep1, "sharePercent": "60"}, {"repId": rep2, "sharePercent": "40"}]

    result = await comm.rep.succeeded(
        SET_SPLITS, {"input": at_version(quote, splits=splits)}, "setQuoteSplits"
    )

    assert sorted(s["sharePercent"] for s in result["splits"]) == ["40.0000", "60.0000"]
