"""The user directory: ADMIN manages users; managers list their team; nobody else lists."""

from __future__ import annotations

import pytest

from db.models.users import Role
from tests.api.conftest import LOGIN, PASSWORD, Api, People, gid

CREATE = """
mutation($input: CreateUserInput!) {
  createUser(input: $input) { user { id email roles version manager { name } } userErrors { code field } }
}
"""
UPDATE = """
mutation($input: UpdateUserInput!) {
  updateUser(input: $input) { user { name roles version manager { name } } userErrors { code field } }
}
"""
DEACTIVATE = """
mutation($input: DeactivateUserInput!) { deactivateUser(input: $input) { user { active } userErrors { code } } }
"""
USERS = (
    "query($filter: UserFilter) { users(filter: $filter) { totalCount edges { node { name } } } }"
)


@pytest.fixture
async def admin(people: People) -> Api:
    return await people.sign_in(await people.add("Ada Admin", Role.ADMIN))


def new_user(**overrides: object) -> dict:
    return {
        "email": "new.rep@example.com",
        "name": "New Rep",
        "password": PASSWORD,
        "roles": ["REP"],
        **overrides,
    }


async def test_admin_creates_a_user_who_can_then_sign_in(admin: Api, people: People) -> None:
    boss = await people.add("Mia Manager", Role.MANAGER)

    created = await admin.data(CREATE, {"input": new_user(managerId=gid("User", boss.id))})
    login = await admin.as_(None).data(
        LOGIN, {"email": "new.rep@example.com", "password": PASSWORD}
    )

    assert created["createUser"]["user"]["manager"] == {"name": "Mia Manager"}
    assert login["login"]["session"]["user"]["roles"] == ["REP"]


async def test_duplicate_email_short_password_and_bad_manager_are_user_errors(
    admin: Api, people: People
) -> None:
    rep = await people.add("Rob Rep", Role.REP)

    duplicate = await admin.data(CREATE, {"input": new_user(email="ROB.REP@example.com")})
    short = await admin.data(CREATE, {"input": new_user(password="short")})
    not_manager = await admin.data(CREATE, {"input": new_user(managerId=gid("User", rep.id))})
    no_roles = await admin.data(CREATE, {"input": new_user(roles=[])})

    assert duplicate["createUser"]["userErrors"] == [
        {"code": "ALREADY_EXISTS", "field": ["input", "email"]}
    ]
    assert short["createUser"]["userErrors"][0]["field"] == ["input", "password"]
    assert not_manager["createUser"]["userErrors"][0]["code"] == "INVALID"
    assert no_roles["createUser"]["userErrors"][0]["code"] == "REQUIRED"


async def test_idempotent_create_user_returns_the_first_user(admin: Api) -> None:
    first = await admin.data(CREATE, {"input": new_user(idempotencyKey="u-1")})
    again = await admin.data(CREATE, {"input": new_user(idempotencyKey="u-1")})

    assert again == first
    assert (await admin.data(USERS))["users"]["totalCount"] == 2  # the admin and the new rep


async def test_a_manager_cannot_be_their_own_managers_report(admin: Api, people: People) -> None:
    top = await people.add("Top Manager", Role.MANAGER)
    mid = await people.add("Mid Manager", Role.MANAGER, manager=top)

    cycle = await admin.data(
        UPDATE,
        {"input": {"id": gid("User", top.id), "version": 1, "managerId": gid("User", mid.id)}},
    )

    assert cycle["updateUser"]["userErrors"][0]["code"] == "INVALID"


async def test_update_with_stale_version_is_a_conflict(admin: Api, people: People) -> None:
    rep = await people.add("Rob Rep", Role.REP)
    await admin.data(
        UPDATE, {"input": {"id": gid("User", rep.id), "version": 1, "name": "Robert Rep"}}
    )

    stale = await admin.data(
        UPDATE, {"input": {"id": gid("User", rep.id), "version": 1, "roles": ["ADMIN"]}}
    )

    assert stale["updateUser"]["userErrors"][0]["code"] == "CONFLICT"


async def test_deactivated_user_cannot_sign_in_or_refresh(admin: Api, people: People) -> None:
    rep = await people.add("Rob Rep", Role.REP)
    session = (await admin.as_(None).data(LOGIN, {"email": rep.email, "password": PASSWORD}))[
        "login"
    ]["session"]

    out = await admin.data(DEACTIVATE, {"input": {"id": gid("User", rep.id), "version": 1}})
    login = await admin.as_(None).data(LOGIN, {"email": rep.email, "password": PASSWORD})
    refresh = await admin.as_(None).data(
        "mutation($t: String!) { refreshToken(input: {refreshToken: $t}) { userErrors { code } } }",
        {"t": session["refreshToken"]},
    )

    assert out["deactivateUser"]["user"] == {"active": False}
    assert login["login"]["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    assert refresh["refreshToken"]["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_manager_lists_only_their_team_and_reps_may_not_list(people: People) -> None:
    boss = await people.add("Mia Manager", Role.MANAGER)
    lead = await people.add("Lea Lead", Role.MANAGER, manager=boss)
    await people.add("Rob Rep", Role.REP, manager=lead)
    loner = await people.add("Lone Rep", Role.REP)

    team = await (await people.sign_in(boss)).data(USERS)
    refused = await (await people.sign_in(loner))(USERS)

    assert sorted(e["node"]["name"] for e in team["users"]["edges"]) == ["Lea Lead", "Rob Rep"]
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_ops_may_not_create_users(people: People) -> None:
    ops = await people.sign_in(await people.add("Olga Ops", Role.OPS))

    body = await ops(CREATE, {"input": new_user()})

    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_user_filter_by_role_and_search(admin: Api, people: People) -> None:
    await people.add("Rob Rep", Role.REP)
    await people.add("Mia Manager", Role.MANAGER)

    reps = await admin.data(USERS, {"filter": {"role": "REP"}})
    mia = await admin.data(USERS, {"filter": {"search": "mia"}})

    assert [e["node"]["name"] for e in reps["users"]["edges"]] == ["Rob Rep"]
    assert [e["node"]["name"] for e in mia["users"]["edges"]] == ["Mia Manager"]
