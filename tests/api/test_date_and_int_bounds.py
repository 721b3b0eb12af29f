"""Out-of-range dates and integers are refused, never a fault.

Dates and times outside 1900–2199 are refused by the scalars (BAD_USER_INPUT
naming the field); day, hour and month counts that feed date arithmetic have
ranges (BAD_USER_INPUT for a query argument, INVALID for a mutation field).
"""

from __future__ import annotations

import pytest

from db.models.users import Role
from tests.api.conftest import Api, People, gid

MY_COMMISSIONS = (
    "query($day: Date) { myCommissions(asOf: $day) { period { label } earned { amount } } }"
)
MY_QUOTES = "query($days: Int) { myQuotes(filter: {expiringWithinDays: $days}) { totalCount } }"
DELEGATE = "mutation($input: SetApprovalDelegationInput!) { setApprovalDelegation(input: $input) { userErrors { code field } } }"
RULE = "mutation($input: ApprovalRuleInput!) { createApprovalRule(input: $input) { rule { id } userErrors { code field message } } }"


@pytest.fixture
async def staff(people: People) -> Api:
    user = await people.add("Sam Staff", Role.REP, Role.OPS, Role.MANAGER, Role.FINANCE)
    return await people.sign_in(user)


def refused(body: dict, where: str) -> bool:
    error = body["errors"][0]
    return (
        body.get("data") is None
        and error["extensions"]["code"] == "BAD_USER_INPUT"
        and where in error["message"]
    )


@pytest.mark.parametrize(
    "day", ["9999-12-31", "0001-01-01", "1899-12-31", "2200-01-01", "2026-02-30", "+12026-01-01"]
)
async def test_a_date_outside_the_supported_years_is_bad_user_input(staff: Api, day: str) -> None:
    body = await staff(MY_COMMISSIONS, {"day": day})

    assert refused(body, "$day"), body


async def test_a_date_literal_outside_the_supported_years_names_the_argument(staff: Api) -> None:
    body = await staff('{ myCommissions(asOf: "9999-12-31") { earned { amount } } }')

    assert refused(body, "'myCommissions.asOf'"), body


@pytest.mark.parametrize("day", ["1900-01-01", "2199-12-31"])
async def test_the_edges_of_the_supported_years_answer(staff: Api, day: str) -> None:
    data = await staff.data(MY_COMMISSIONS, {"day": day})

    assert data["myCommissions"]["period"]["label"]


@pytest.mark.parametrize(
    "moment", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00", "2200-01-01T00:00:00Z"]
)
async def test_a_datetime_outside_the_supported_years_is_bad_user_input(
    staff: Api, moment: str
) -> None:
    body = await staff(
        DELEGATE, {"input": {"delegateId": gid("User", 1), "startsAt": moment, "endsAt": moment}}
    )

    assert refused(body, ".startsAt"), body


@pytest.mark.parametrize("days", [2147483647, -1, -2147483648])
async def test_expiring_within_an_absurd_number_of_days_is_bad_user_input(
    staff: Api, days: int
) -> None:
    body = await staff(MY_QUOTES, {"days": days})

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "expiringWithinDays" in body["errors"][0]["message"]


async def test_expiring_within_a_sane_number_of_days_answers(staff: Api) -> None:
    assert (await staff.data(MY_QUOTES, {"days": 3660}))["myQuotes"]["totalCount"] == 0


@pytest.mark.parametrize("hours", [2147483647, 0, -5])
async def test_an_sla_out_of_range_is_invalid(staff: Api, hours: int) -> None:
    rule = {
        "name": "Big deals",
        "level": 1,
        "levelName": "Manager",
        "slaHours": hours,
        "conditions": [{"kind": "TOTAL_DISCOUNT_ABOVE", "thresholdPercent": "20"}],
        "approver": {"kind": "MANAGER"},
    }

    result = (await staff.data(RULE, {"input": rule}))["createApprovalRule"]

    assert result["rule"] is None
    assert result["userErrors"][0]["code"] == "INVALID"
    assert result["userErrors"][0]["field"] == ["input", "slaHours"]
