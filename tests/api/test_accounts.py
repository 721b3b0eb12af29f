"""Accounts: who may create, edit and see them; idempotent creates; stale versions."""

from __future__ import annotations

import pytest

from db.models.users import Role, User
from tests.api.conftest import Api, People, gid

CREATE = """
mutation($input: CreateAccountInput!) {
  createAccount(input: $input) {
    account { id name segment currency version owner { name } }
    userErrors { code field message }
  }
}
"""
UPDATE = """
mutation($input: UpdateAccountInput!) {
  updateAccount(input: $input) {
    account { id name version active }
    userErrors { code field message }
  }
}
"""
LIST = "query($first: Int) { accounts(first: $first) { totalCount edges { node { name owner { name } } } } }"
NODE = "query($id: ID!) { node(id: $id) { id ... on Account { name } } }"


def account_input(owner: User, **overrides: object) -> dict:
    return {
        "name": "Acme Corp",
        "segment": "enterprise",
        "currency": "USD",
        "ownerId": gid("User", owner.id),
        "industry": "Manufacturing",
        "region": "NA",
        **overrides,
    }


@pytest.fixture
async def org(people: People) -> dict[str, User]:
    boss = await people.add("Mia Manager", Role.MANAGER)
    return {
        "ops": await people.add("Olga Ops", Role.OPS),
        "boss": boss,
        "rep": await people.add("Rob Rep", Role.REP, manager=boss),
        "other": await people.add("Oscar Other", Role.REP),
    }


async def create(api: Api, owner: User, **overrides: object) -> dict:
    return (await api.data(CREATE, {"input": account_input(owner, **overrides)}))["createAccount"]


async def test_ops_creates_an_account_for_a_rep(people: People, org: dict[str, User]) -> None:
    ops = await people.sign_in(org["ops"])

    result = await create(ops, org["rep"])

    assert result["userErrors"] == []
    assert result["account"]["segment"] == "ENTERPRISE"
    assert result["account"]["owner"] == {"name": "Rob Rep"}
    assert result["account"]["version"] == 1


async def test_a_rep_may_not_create_accounts(people: People, org: dict[str, User]) -> None:
    rep = await people.sign_in(org["rep"])

    body = await rep(CREATE, {"input": account_input(org["rep"])})

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None


async def test_bad_input_is_a_typed_error_and_writes_nothing(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])

    blank = await create(ops, org["rep"], name="  ")
    not_a_rep = await create(ops, org["ops"])
    unknown = await create(ops, org["rep"], ownerId=gid("User", 999_999))
    wrong_type = await create(ops, org["rep"], ownerId=gid("Account", 1))
    bad_currency = await ops(CREATE, {"input": account_input(org["rep"], currency="XYZ")})

    assert blank["userErrors"][0] == {
        "code": "REQUIRED",
        "field": ["input", "name"],
        "message": "This must not be blank.",
    }
    assert not_a_rep["userErrors"][0]["code"] == "INVALID"
    assert unknown["userErrors"][0]["code"] == "NOT_FOUND"
    assert wrong_type["userErrors"][0]["code"] == "NOT_FOUND"
    assert "ISO 4217" in bad_currency["errors"][0]["message"]
    assert (await ops.data(LIST))["accounts"]["totalCount"] == 0


async def test_same_idempotency_key_returns_the_first_account(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])

    first = await create(ops, org["rep"], idempotencyKey="k-1")
    retry = await create(ops, org["rep"], idempotencyKey="k-1")

    assert retry == first
    assert (await ops.data(LIST))["accounts"]["totalCount"] == 1


async def test_same_idempotency_key_with_other_input_is_refused(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])
    await create(ops, org["rep"], idempotencyKey="k-1")

    reused = await create(ops, org["rep"], idempotencyKey="k-1", name="Other Corp")

    assert reused["account"] is None
    assert reused["userErrors"][0]["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert (await ops.data(LIST))["accounts"]["totalCount"] == 1


async def test_stale_version_is_a_conflict_and_writes_nothing(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])
    account = (await create(ops, org["rep"]))["account"]
    renamed = await ops.data(
        UPDATE, {"input": {"id": account["id"], "version": 1, "name": "Acme Two"}}
    )

    stale = await ops.data(
        UPDATE, {"input": {"id": account["id"], "version": 1, "name": "Acme Three"}}
    )

    assert renamed["updateAccount"]["account"]["version"] == 2
    assert stale["updateAccount"]["userErrors"][0]["code"] == "CONFLICT"
    current = await ops.data(NODE, {"id": account["id"]})
    assert current["node"]["name"] == "Acme Two"


async def test_ops_deactivates_an_account(people: People, org: dict[str, User]) -> None:
    ops = await people.sign_in(org["ops"])
    account = (await create(ops, org["rep"]))["account"]

    result = await ops.data(UPDATE, {"input": {"id": account["id"], "version": 1, "active": False}})

    assert result["updateAccount"]["account"]["active"] is False


async def test_reps_see_their_own_accounts_and_managers_their_teams(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])
    await create(ops, org["rep"], name="Rob's Account")
    await create(ops, org["other"], name="Oscar's Account")

    as_rep = await (await people.sign_in(org["rep"])).data(LIST)
    as_boss = await (await people.sign_in(org["boss"])).data(LIST)
    as_ops = await ops.data(LIST)

    assert [e["node"]["name"] for e in as_rep["accounts"]["edges"]] == ["Rob's Account"]
    assert [e["node"]["name"] for e in as_boss["accounts"]["edges"]] == ["Rob's Account"]
    assert as_ops["accounts"]["totalCount"] == 2


async def test_another_reps_account_looks_exactly_like_a_missing_one(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])
    theirs = (await create(ops, org["other"]))["account"]
    rep = await people.sign_in(org["rep"])

    foreign = await rep(NODE, {"id": theirs["id"]})
    missing = await rep(NODE, {"id": gid("Account", 424242)})

    assert foreign == missing == {"data": {"node": None}}
    as_boss = await (await people.sign_in(org["boss"])).data(NODE, {"id": theirs["id"]})
    assert as_boss["node"] is None


async def test_managers_read_their_teams_account_by_id(
    people: People, org: dict[str, User]
) -> None:
    ops = await people.sign_in(org["ops"])
    mine = (await create(ops, org["rep"]))["account"]

    as_boss = await (await people.sign_in(org["boss"])).data(NODE, {"id": mine["id"]})

    assert as_boss["node"] == {"id": mine["id"], "name": "Acme Corp"}
