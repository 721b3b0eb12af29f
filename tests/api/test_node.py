"""``node``/``nodes`` fetch every entity type by global ID, and statement counts stay flat."""

from __future__ import annotations

from db.models.users import Role
from server.demo import load_demo
from server.demo.org import DEMO_PASSWORD
from tests.api.conftest import Api, People, gid
from tests.conftest import TEST_ARGON2, load_full_demo

NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"


async def test_node_round_trips_every_entity_type(people: People) -> None:
    ops_user = await people.add("Olga Ops", Role.OPS)
    rep = await people.add("Rob Rep", Role.REP)
    ops = await people.sign_in(ops_user)
    account = (
        await ops.data(
            "mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }",
            {
                "i": {
                    "name": "Acme",
                    "segment": "SMB",
                    "currency": "USD",
                    "ownerId": gid("User", rep.id),
                }
            },
        )
    )["createAccount"]["account"]
    ids = [gid("User", rep.id), account["id"]]

    found = await ops.data(NODES, {"ids": ids})

    assert found["nodes"] == [
        {"__typename": "User", "id": ids[0]},
        {"__typename": "Account", "id": ids[1]},
    ]


async def test_node_needs_sign_in(api: Api) -> None:
    body = await api(NODES, {"ids": [gid("User", 1)]})

    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_account_list_statement_count_does_not_grow_with_the_page(
    app,
    people: People,
    statements,  # type: ignore[no-untyped-def]
) -> None:
    await load_full_demo(app)  # `load_demo`'s rows, copied back (loaded once per database)
    admin = await people.sign_in(await _user(people, "admin@dealdesk.example"), DEMO_PASSWORD)
    query = "query($n: Int) { accounts(first: $n) { totalCount edges { node { name owner { name manager { name } } } } } }"

    statements.count = 0
    await admin.data(query, {"n": 1})
    one = statements.count
    statements.count = 0
    page = await admin.data(query, {"n": 30})
    many = statements.count

    assert len(page["accounts"]["edges"]) == 30
    # A first page holding the whole list counts itself: no count statement then.
    assert many <= one


async def test_demo_load_is_repeatable_without_duplicates(app, people: People) -> None:  # type: ignore[no-untyped-def]
    from db.engine import create_session_factory

    await load_full_demo(app)  # what a first `load_demo` makes (loaded once per database)
    await load_demo(create_session_factory(app.state.engine), password_parameters=TEST_ARGON2)
    admin = await people.sign_in(await _user(people, "admin@dealdesk.example"), DEMO_PASSWORD)

    counts = await admin.data("{ users { totalCount } accounts { totalCount } }")

    assert counts == {"users": {"totalCount": 13}, "accounts": {"totalCount": 30}}


async def _user(people: People, email: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from db.engine import create_session_factory
    from db.models.users import User

    async with create_session_factory(people.app.state.engine)() as session:
        return await session.scalar(select(User).where(User.email == email))
