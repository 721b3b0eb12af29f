"""Signing in, refreshing, signing out, and what an anonymous or bad token gets."""

from __future__ import annotations

from db.models.users import Role
from tests.api.conftest import LOGIN, PASSWORD, Api, People

REFRESH = """
mutation($token: String!) {
  refreshToken(input: {refreshToken: $token}) {
    session { accessToken refreshToken }
    userErrors { code field message }
  }
}
"""
LOGOUT = """
mutation($token: String!) { logout(input: {refreshToken: $token}) { signedOut userErrors { code } } }
"""
ME = "{ me { email name roles manager { name } } }"


async def login(api: Api, email: str, password: str = PASSWORD) -> dict:
    return (await api.data(LOGIN, {"email": email, "password": password}))["login"]


async def test_login_returns_tokens_that_identify_the_user(api: Api, people: People) -> None:
    boss = await people.add("Mia Manager", Role.MANAGER)
    rep = await people.add("Rob Rep", Role.REP, manager=boss)

    result = await login(api, "ROB.REP@example.com")

    assert result["userErrors"] == []
    me = await api.as_(result["session"]["accessToken"]).data(ME)
    assert me["me"] == {
        "email": rep.email,
        "name": "Rob Rep",
        "roles": ["REP"],
        "manager": {"name": "Mia Manager"},
    }


async def test_wrong_password_unknown_email_and_inactive_user_get_the_same_answer(
    api: Api, people: People
) -> None:
    await people.add("Rob Rep", Role.REP)
    await people.add("Gone Rep", Role.REP, active=False)

    answers = [
        await login(api, "rob.rep@example.com", "wrong password!"),
        await login(api, "nobody@example.com"),
        await login(api, "gone.rep@example.com"),
    ]

    assert all(a["session"] is None for a in answers)
    assert {a["userErrors"][0]["code"] for a in answers} == {"INVALID_CREDENTIALS"}
    assert len({a["userErrors"][0]["message"] for a in answers}) == 1


async def test_refresh_rotates_the_token_and_the_old_one_stops_working(
    api: Api, people: People
) -> None:
    await people.add("Rob Rep", Role.REP)
    first = (await login(api, "rob.rep@example.com"))["session"]["refreshToken"]

    rotated = (await api.data(REFRESH, {"token": first}))["refreshToken"]
    second = rotated["session"]["refreshToken"]

    assert rotated["userErrors"] == [] and second != first
    me = await api.as_(rotated["session"]["accessToken"]).data(ME)
    assert me["me"]["name"] == "Rob Rep"


async def test_reusing_a_rotated_refresh_token_revokes_the_whole_family(
    api: Api, people: People
) -> None:
    await people.add("Rob Rep", Role.REP)
    first = (await login(api, "rob.rep@example.com"))["session"]["refreshToken"]
    second = (await api.data(REFRESH, {"token": first}))["refreshToken"]["session"]["refreshToken"]

    replay = (await api.data(REFRESH, {"token": first}))["refreshToken"]
    after_theft = (await api.data(REFRESH, {"token": second}))["refreshToken"]

    assert replay["session"] is None and replay["userErrors"][0]["code"] == "INVALID_TOKEN"
    assert (
        after_theft["session"] is None and after_theft["userErrors"][0]["code"] == "INVALID_TOKEN"
    )


async def test_logout_revokes_the_refresh_token(api: Api, people: People) -> None:
    await people.add("Rob Rep", Role.REP)
    token = (await login(api, "rob.rep@example.com"))["session"]["refreshToken"]

    out = (await api.data(LOGOUT, {"token": token}))["logout"]
    refresh = (await api.data(REFRESH, {"token": token}))["refreshToken"]

    assert out == {"signedOut": True, "userErrors": []}
    assert refresh["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_anonymous_request_for_me_is_unauthenticated(api: Api) -> None:
    body = await api(ME)

    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_tampered_token_is_refused_before_execution(api: Api, people: People) -> None:
    rep = await people.add("Rob Rep", Role.REP)
    signed_in = await people.sign_in(rep)

    response = await api.as_(signed_in.token[:-3] + "abc").post(ME)

    assert response.status_code == 200  # application/json: see tests/api/test_auth_tokens.py
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
