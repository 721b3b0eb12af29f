"""Hostile decimals are refused at the edge: BAD_USER_INPUT naming the field, quickly, nothing
stored.

Every money and percent input goes through the ``Decimal`` scalar, so NaN,
infinities, exponents and more digits than the columns hold never reach a
resolver, an engine or the database.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import text
from starlette.applications import Starlette

from db.models.users import Role
from tests.api.conftest import Api, People, gid

HOSTILE = [
    "NaN",
    "sNaN",
    "-nan",
    "Infinity",
    "-Infinity",
    "inf",
    "1e-999999999",
    "1e999999999",
    "1e-99999999",
    "1e2",
    "123456789012345678901234567890",
    "0.123456789012345678901234567890",
    "1_000",
    " ",
    "",
    "0x10",
    "12.5.1",
]

ERRORS = "userErrors { code field message }"
QUOTE = gid("Quote", 1)
ACCOUNT = gid("Account", 1)
PRODUCT = gid("Product", 1)
USER = gid("User", 1)


def line(discount: dict[str, Any]) -> dict[str, Any]:
    return {"productId": PRODUCT, "quantity": 1, "discount": discount}


# (document, variables with "$" where the hostile value goes, the path the message names)
PLACES: list[tuple[str, dict[str, Any], str]] = [
    (
        "query($input: PriceQuoteInput!) { priceQuote(input: $input) { priced } }",
        {"input": {"accountId": ACCOUNT, "lines": [{"key": "a", **line({"percent": "$"})}]}},
        "input.lines[0].discount.percent",
    ),
    (
        "query($input: PriceQuoteInput!) { priceQuote(input: $input) { priced } }",
        {"input": {"accountId": ACCOUNT, "lines": [], "quoteDiscount": {"amount": "$"}}},
        "input.quoteDiscount.amount",
    ),
    (
        f"mutation($input: CreateQuoteInput!) {{ createQuote(input: $input) {{ {ERRORS} }} }}",
        {"input": {"accountId": ACCOUNT, "lines": [line({"percent": "$"})]}},
        "input.lines[0].discount.percent",
    ),
    (
        f"mutation($input: UpdateQuoteLinesInput!) {{ updateQuoteLines(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "id": QUOTE,
                "version": 1,
                "update": [{"key": "L1", "discount": {"amount": "$"}}],
            }
        },
        "input.update[0].discount.amount",
    ),
    (
        f"mutation($input: CounterOfferApprovalRequestInput!) {{ counterOfferApprovalRequest(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "id": gid("ApprovalRequest", 1),
                "lines": [{"lineKey": "L1", "netUnitPrice": "$"}],
            }
        },
        "input.lines[0].netUnitPrice",
    ),
    (
        f"mutation($input: CounterOfferApprovalRequestInput!) {{ counterOfferApprovalRequest(input: $input) {{ {ERRORS} }} }}",
        {"input": {"id": gid("ApprovalRequest", 1), "totalDiscountPercent": "$"}},
        "input.totalDiscountPercent",
    ),
    (
        f"mutation($input: CreateCommissionPlanInput!) {{ createCommissionPlan(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "name": "Plan",
                "currency": "USD",
                "effectiveFrom": "2026-01-01",
                "components": [{"baseRate": {"label": "Base", "ratePercent": "$"}}],
            }
        },
        "input.components[0].baseRate.ratePercent",
    ),
    (
        f"mutation($input: CreateCommissionPlanInput!) {{ createCommissionPlan(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "name": "Plan",
                "currency": "USD",
                "effectiveFrom": "2026-01-01",
                "components": [
                    {
                        "quotaTiers": {
                            "label": "Tiers",
                            "mode": "MARGINAL",
                            "tiers": [{"name": "A", "floorPercent": "0", "multiplier": "$"}],
                        }
                    }
                ],
            }
        },
        "input.components[0].quotaTiers.tiers[0].multiplier",
    ),
    (
        f"mutation($input: AssignCommissionPlanInput!) {{ assignCommissionPlan(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "repId": USER,
                "planId": gid("CommissionPlan", 1),
                "start": "2026-01-01",
                "quota": "$",
            }
        },
        "input.quota",
    ),
    (
        f"mutation($input: ApprovalRuleInput!) {{ createApprovalRule(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "name": "Deep discounts",
                "level": 1,
                "levelName": "Manager",
                "conditions": [{"kind": "LINE_DISCOUNT_ABOVE", "thresholdPercent": "$"}],
                "approver": {"kind": "MANAGER"},
            }
        },
        "input.conditions[0].thresholdPercent",
    ),
    (
        f"mutation($input: SetQuoteSplitsInput!) {{ setQuoteSplits(input: $input) {{ {ERRORS} }} }}",
        {"input": {"id": QUOTE, "version": 1, "splits": [{"repId": USER, "sharePercent": "$"}]}},
        "input.splits[0].sharePercent",
    ),
    (
        f"mutation($input: RecordCommissionAdjustmentInput!) {{ recordCommissionAdjustment(input: $input) {{ {ERRORS} }} }}",
        {"input": {"repId": USER, "amount": "$", "description": "Correction"}},
        "input.amount",
    ),
    (
        f"mutation($input: CreatePriceBookEntryInput!) {{ createPriceBookEntry(input: $input) {{ {ERRORS} }} }}",
        {
            "input": {
                "priceBookId": gid("PriceBook", 1),
                "productId": PRODUCT,
                "unitPrice": "$",
                "validFrom": "2026-01-01",
            }
        },
        "input.unitPrice",
    ),
]


def put(template: Any, value: str) -> Any:
    if template == "$":
        return value
    if isinstance(template, dict):
        return {k: put(v, value) for k, v in template.items()}
    if isinstance(template, list):
        return [put(v, value) for v in template]
    return template


async def all_rows(app: Starlette) -> int:
    async with app.state.engine.connect() as connection:
        tables = (
            (
                await connection.execute(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            )
            .scalars()
            .all()
        )
        query = " + ".join(f'(SELECT count(*) FROM "{t}")' for t in tables)
        return int((await connection.execute(text(f"SELECT {query}"))).scalar_one())


@pytest.fixture
async def admin(people: People) -> Api:
    user = await people.add("Ada Admin", Role.ADMIN, Role.OPS, Role.FINANCE, Role.MANAGER, Role.REP)
    return await people.sign_in(user)


@pytest.mark.parametrize(
    ("document", "template", "path"), PLACES, ids=[p[2] + f"#{i}" for i, p in enumerate(PLACES)]
)
async def test_hostile_decimals_are_bad_user_input_naming_the_field(
    admin: Api, app: Starlette, document: str, template: dict[str, Any], path: str
) -> None:
    before = await all_rows(app)

    for value in HOSTILE:
        started = time.perf_counter()
        body = await admin(document, put(template, value))
        elapsed = time.perf_counter() - started

        assert body.get("data") is None, (value, body)
        error = body["errors"][0]
        assert error["extensions"]["code"] == "BAD_USER_INPUT", (value, error)
        assert f"'$input' has invalid value at {path.removeprefix('input')}:" in error["message"], (
            value,
            error,
        )
        assert elapsed < 2.0, (value, elapsed)

    assert await all_rows(app) == before


async def test_a_hostile_decimal_written_in_the_document_is_bad_user_input(admin: Api) -> None:
    body = await admin(
        f'mutation {{ recordCommissionAdjustment(input: {{repId: "{USER}", amount: "NaN", description: "x"}}) {{ {ERRORS} }} }}'
    )

    assert body.get("data") is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "'recordCommissionAdjustment.input.amount'" in body["errors"][0]["message"]
